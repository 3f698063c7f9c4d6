"""Template syntax of other generators in article bodies: rendered, or told.

Bodies written for Jekyll (Liquid ``{% tag %}`` and ``{{ output }}``), Hugo
(shortcodes ``{{< name >}}`` and ``{{% name %}}``) or MkDocs Material
(``!!! note`` admonitions) hold syntax that only their generator expands.
What has one clear meaning without that generator is rendered here, before
the Markdown:

- ``{% raw %}`` and ``{% endraw %}``: the markers are removed, what they
  quote is kept as written (also in code, where Jekyll users write them);
- ``{% comment %}…{% endcomment %}``: dropped;
- ``{% highlight LANG %}…{% endhighlight %}`` and Hugo's ``highlight``: a
  fenced code block;
- ``{% post_url NAME %}``, ``{% link PATH %}`` and Hugo's ``ref``/``relref``:
  the URL of that article of the site (see :class:`SiteLinks`);
- ``{{ site.url }}``, ``{{ site.baseurl }}``, ``{{ 'PATH' | relative_url }}``
  and ``absolute_url``: from ``base_url``;
- Hugo's ``figure`` (an image with its caption) and ``youtube`` (a link to
  the video, with its thumbnail);
- MkDocs admonitions: a block quote (``!!!``) or a details element (``???``)
  with their title, the indented text below as its content;
- pymdownx's escaped snippet lines (``;--8<-- "file"``): shown without their
  first ``;``, as pymdownx shows them.

A snippet line (``--8<-- "file"``, or a ``--8<--`` block of file names)
includes a file of the site; it is left as written and told, as pymdownx
reads it (in code too): what a feed would take from the disk is not only
the article (a secret file named there would be published), and the build
cache knows an item by its article's bytes alone.

Anything else is left as written, and :func:`template_kinds` names it (the
build warns once per kind). Code (fenced blocks, inline code, ``<pre>`` and
``<code>``) is content: never expanded. Bodies without ``{%``, ``{{``,
``!!!``, ``???`` or ``8<-`` are not scanned at all.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Final, NamedTuple, Protocol

from summitfeed._urls import resolve_url

__all__ = [
    "LEFT_AS_WRITTEN",
    "LinkLookup",
    "expand_templates",
    "group_template_warnings",
    "has_template_syntax",
    "only_template_syntax",
    "template_kinds",
    "without_mdx_statements",
]

LEFT_AS_WRITTEN: Final = "template syntax left as written: "
"""How an article's warning about a kind of syntax reads, after its path."""


class LinkLookup(Protocol):
    """The URLs of the site's articles, for the tags that link to one."""

    def post_url(self, name: str) -> str | None:
        """The URL of the post whose file name (without extension) is ``name``."""
        ...

    def file_url(self, path: str) -> str | None:
        """The URL of the file at ``path`` (as the site's source names it)."""
        ...


def has_template_syntax(body: str) -> bool:
    """Whether ``body`` may hold syntax this module knows (a fast test)."""
    return (
        _holds(body, "{%") or _holds(body, "{{") or _holds(body, "!!!")
        or _holds(body, "???") or _holds(body, "8<-")
    )  # fmt: skip


def _holds(text: str, needle: str) -> bool:
    """``needle in text``, several times faster for these needles: a search
    for one character (memchr) finds each candidate."""
    first = needle[0]
    at = text.find(first)
    while at >= 0:
        if text.startswith(needle, at):
            return True
        at = text.find(first, at + 1)
    return False


class _Result(NamedTuple):
    body: str
    left: tuple[str, ...]  # the kinds left as written, in order of appearance


def expand_templates(body: str, *, base_url: str, links: LinkLookup | None) -> str:
    """``body`` with the syntax that has one clear meaning rendered
    (``base_url``: the site's, for ``site.url`` and ``relative_url``)."""
    if not has_template_syntax(body):
        return body
    return _expand(body, base_url=base_url, links=links).body


def template_kinds(
    body: str, *, base_url: str, links: LinkLookup | None
) -> tuple[str, ...]:
    """The kinds of template syntax :func:`expand_templates` leaves as written."""
    if not has_template_syntax(body):
        return ()
    return _expand(body, base_url=base_url, links=links).left


def group_template_warnings(warnings: Iterable[str]) -> tuple[str, ...]:
    """The build's warnings with each article's template warnings made one
    per kind, naming the articles: "template syntax left as written in 3
    articles: {% include %} (a.md, b.md, c.md)"."""
    others: list[str] = []
    by_kind: dict[str, list[str]] = {}
    for warning in warnings:
        path, found, kind = warning.partition(": " + LEFT_AS_WRITTEN)
        if found:
            by_kind.setdefault(kind, []).append(path)
        else:
            others.append(warning)
    for kind, paths in by_kind.items():
        unique = sorted(set(paths))
        shown = ", ".join(unique[:5])
        if len(unique) > 5:
            shown += f", and {len(unique) - 5} more"
        count = f"{len(unique)} article" + ("s" if len(unique) > 1 else "")
        others.append(
            f"template syntax left as written in {count}: {kind} ({shown}); "
            "readers see it as text"
        )
    return tuple(others)


# -- the scan ----------------------------------------------------------------


@functools.cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """Code to keep; a Liquid tag; Liquid output; a Hugo shortcode; an
    admonition's first line. Compiled on first need."""
    bounded = r"(?:[^%}]|%(?!\})|\}(?!\}))"
    return (
        # Fenced code (to its closing fence or the end), inline code, raw
        # HTML code elements.
        re.compile(
            r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}\1[`~]*[ \t]*$|\Z)"
            r"|(`+)(?!`).+?(?<!`)\2(?!`)"
            r"|<(pre|code)\b[^>]*>.*?</\3\s*>",
            re.MULTILINE | re.DOTALL | re.IGNORECASE,
        ),
        re.compile(r"\{%-?\s*([A-Za-z_]\w*)(" + bounded + r"{0,1000}?)\s*-?%\}"),
        re.compile(r"\{\{-?(" + bounded + r"{0,1000}?)-?\}\}"),
        re.compile(
            r"\{\{([<%])\s*(/?)\s*([A-Za-z_][\w/-]*)("
            + bounded
            + r"{0,1000}?)\s*([>%])\}\}"
        ),
        re.compile(r"^(!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+\"([^\"\n]*)\")?[ \t]*$"),
    )


class _Scan:
    """One body's expansion: the rendering, and the kinds left as written."""

    def __init__(self, *, base_url: str, links: LinkLookup | None) -> None:
        self.base_url = base_url
        self.links = links
        self.left: dict[str, None] = {}

    def leave(self, kind: str, written: str) -> str:
        self.left.setdefault(kind, None)
        return written


def _expand(body: str, *, base_url: str, links: LinkLookup | None) -> _Result:
    scan = _Scan(base_url=base_url, links=links)
    if _holds(body, "8<-"):
        body = _snippet_lines(body, scan)
    if _holds(body, "!!!") or _holds(body, "???"):
        body = _admonitions(body)
    if _holds(body, "{%") or _holds(body, "{{"):
        body = _outside_code(body, lambda text: _liquid_and_hugo(text, scan))
    return _Result(body, tuple(scan.left))


def _outside_code(body: str, change: Callable[[str], str]) -> str:
    """``change`` applied to the text outside code; code only loses Liquid's
    raw markers (Jekyll needs them there, around ``{{`` shown as code)."""
    code = _patterns()[0]
    pieces: list[str] = []
    end = 0
    for match in code.finditer(body):
        pieces.append(change(body[end : match.start()]))
        pieces.append(_without_raw_markers(match.group()))
        end = match.end()
    pieces.append(change(body[end:]))
    return "".join(pieces)


# MDX's ECMAScript statements: a line that starts an import or an export.
_MDX_STATEMENT: Final = re.compile(r"^(?:import|export)\s[^\n]*\n?", re.MULTILINE)


def without_mdx_statements(body: str) -> str:
    """An MDX body without its ``import``/``export`` lines (code apart).

    They are JavaScript for the MDX compiler, never text of the page.
    """
    if "import" not in body and "export" not in body:
        return body
    return _outside_code(body, lambda text: _MDX_STATEMENT.sub("", text))


@functools.cache
def _raw_marker() -> re.Pattern[str]:
    return re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")


def _without_raw_markers(code: str) -> str:
    return _raw_marker().sub("", code) if "{%" in code else code


def _liquid_and_hugo(text: str, scan: _Scan) -> str:
    if "{%" not in text and "{{" not in text:
        return text
    _, tag, output, shortcode, _ = _patterns()
    pieces: list[str] = []
    position = 0
    length = len(text)
    while position < length:
        start = text.find("{", position)
        if start < 0:
            break
        pieces.append(text[position:start])
        match = (
            shortcode.match(text, start)
            or tag.match(text, start)
            or output.match(text, start)
        )
        if match is None:
            pieces.append("{")
            position = start + 1
            continue
        if match.re is tag:
            rendered, position = _liquid_tag(text, match, scan)
        elif match.re is shortcode:
            rendered, position = _shortcode(text, match, scan)
        else:
            rendered, position = _liquid_output(match, scan), match.end()
        pieces.append(rendered)
    pieces.append(text[position:])
    return "".join(pieces)


def _closing(text: str, start: int, name: str) -> re.Match[str] | None:
    return re.compile(r"\{%-?\s*" + name + r"\s*-?%\}").search(text, start)


def _liquid_tag(text: str, match: re.Match[str], scan: _Scan) -> tuple[str, int]:
    name, arguments = match.group(1), match.group(2).strip()
    if name == "raw":
        end = _closing(text, match.end(), "endraw")
        if end is None:
            return "", match.end()
        return text[match.end() : end.start()], end.end()
    if name == "endraw":
        return "", match.end()
    if name == "comment":
        end = _closing(text, match.end(), "endcomment")
        if end is not None:
            return "", end.end()
    if name == "highlight":
        end = _closing(text, match.end(), "endhighlight")
        if end is not None:
            language = arguments.split()[0] if arguments else ""
            code = text[match.end() : end.start()].strip("\n")
            return _fence(code, language), end.end()
    if name in ("post_url", "link") and scan.links is not None and arguments:
        target = arguments.split()[0].strip("\"'")
        if name == "post_url":
            url = scan.links.post_url(target)
        else:
            url = scan.links.file_url(target)
        if url is not None:
            return url, match.end()
    # (An end tag is told as its block: {% endfor %} with {% for %}.)
    kind = name[3:] if name.startswith("end") and len(name) > 3 else name
    return scan.leave(f"{{% {kind} %}}", match.group()), match.end()


def _fence(code: str, language: str) -> str:
    longest = max((len(run) for run in re.findall(r"`{3,}", code)), default=2)
    ticks = "`" * max(3, longest + 1)
    return f"\n{ticks}{language}\n{code}\n{ticks}\n"


@functools.cache
def _site_value() -> re.Pattern[str]:
    return re.compile(
        r"\s*(?:site\.(url|baseurl)"
        r"|(['\"])([^'\"]*)\2\s*\|\s*(relative_url|absolute_url))\s*"
    )


def _liquid_output(match: re.Match[str], scan: _Scan) -> str:
    known = _site_value().fullmatch(match.group(1))
    if known is None:
        return scan.leave("{{ … }}", match.group())
    from urllib.parse import urlsplit

    parts = urlsplit(scan.base_url)
    if known.group(1) == "url":
        return f"{parts.scheme}://{parts.netloc}"
    if known.group(1) == "baseurl":
        return parts.path.rstrip("/")
    return resolve_url(known.group(3).lstrip("/"), scan.base_url)


def _shortcode(text: str, match: re.Match[str], scan: _Scan) -> tuple[str, int]:
    delimiter, closing, name = match.group(1), match.group(2), match.group(3)
    arguments = _shortcode_arguments(match.group(4))
    written = match.group()
    end = ">" if delimiter == "<" else "%"
    kind = f"{{{{{delimiter} {name} {end}}}}}"
    if closing or arguments is None or match.group(5) != end:
        return scan.leave(kind, written), match.end()
    named, positional = arguments
    if name == "figure":
        source = named.get("src")
        if source:
            return _figure(named), match.end()
    elif name == "youtube":
        video = named.get("id") or (positional[0] if positional else "")
        if re.fullmatch(r"[A-Za-z0-9_-]{6,20}", video):
            return _youtube(video, named.get("title")), match.end()
    elif name in ("ref", "relref") and scan.links is not None:
        target = named.get("path") or (positional[0] if positional else "")
        url = scan.links.file_url(target) if target else None
        if url is not None:
            return url, match.end()
    elif name == "highlight":
        closing_tag = re.compile(r"\{\{[<%]\s*/\s*highlight\s*[>%]\}\}").search(
            text, match.end()
        )
        if closing_tag is not None:
            language = positional[0] if positional else ""
            code = text[match.end() : closing_tag.start()].strip("\n")
            return _fence(code, language), closing_tag.end()
    return scan.leave(kind, written), match.end()


def _shortcode_arguments(
    written: str,
) -> tuple[dict[str, str], Sequence[str]] | None:
    import shlex  # (only for a shortcode)

    try:
        words = shlex.split(written.strip())
    except ValueError:
        return None
    named: dict[str, str] = {}
    positional: list[str] = []
    for word in words:
        key, equals, value = word.partition("=")
        if equals and re.fullmatch(r"[A-Za-z_][\w-]*", key):
            named[key] = value
        else:
            positional.append(word)
    return named, positional


def _figure(named: dict[str, str]) -> str:
    def attribute(value: str) -> str:
        return html.escape(value, quote=True)

    image = f'<img src="{attribute(named["src"])}"'
    alt = named.get("alt") or named.get("title") or named.get("caption") or ""
    image += f' alt="{attribute(alt)}"'
    for size in ("width", "height"):
        if named.get(size, "").isdigit():
            image += f' {size}="{named[size]}"'
    image += ">"
    if named.get("link"):
        image = f'<a href="{attribute(named["link"])}">{image}</a>'
    caption = " ".join(
        html.escape(named[key], quote=False)
        for key in ("title", "caption")
        if named.get(key)
    )
    if caption:
        caption = f"<figcaption>{caption}</figcaption>"
    return f"\n<figure>{image}{caption}</figure>\n"


def _youtube(video: str, title: str | None) -> str:
    watch = f"https://www.youtube.com/watch?v={video}"
    thumbnail = f"https://i.ytimg.com/vi/{video}/hqdefault.jpg"
    text = title or "Watch the video on YouTube"
    words = html.escape(text, quote=False)
    return (
        f'\n<p><a href="{watch}"><img src="{thumbnail}" alt="{html.escape(text)}">'
        f'</a><br><a href="{watch}">{words}</a></p>\n'
    )


# -- snippets and excerpts ---------------------------------------------------

SNIPPET_KIND: Final = '--8<-- "…"'


@functools.cache
def _snippet_line() -> re.Pattern[str]:
    """A line of pymdownx snippets: a file to include, or a block's marker;
    ``escape``: the ``;`` that makes it text."""
    return re.compile(
        r"^(?P<space>[ \t]*)(?P<escape>;?)(?P<line>;*-+8<-+"
        r"(?:[ \t]+(?:\"(?:\\\"|[^\"\n])+?\"|'(?:\\'|[^'\n])+?'))?)$",
        re.MULTILINE,
    )


def _snippet_lines(body: str, scan: _Scan) -> str:
    """Snippet lines, in code too (pymdownx reads the lines before the
    Markdown): an escaped one loses its ``;``, the others are told."""

    def line(match: re.Match[str]) -> str:
        if match.group("escape"):
            return match.group("space") + match.group("line")
        return scan.leave(SNIPPET_KIND, match.group())

    return _snippet_line().sub(line, body)


@functools.cache
def _template_token() -> re.Pattern[str]:
    """A piece of template syntax in an excerpt's text."""
    return re.compile(
        r"\{\{[<%].*?[>%]\}\}|\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}"
        r"|^[ \t]*;*-+8<-+(?:[ \t]+(?:\"[^\"\n]+\"|'[^'\n]+'))?[ \t]*$",
        re.MULTILINE | re.DOTALL,
    )


def only_template_syntax(text: str) -> bool:
    """Whether ``text`` (an excerpt's) is template syntax and nothing else,
    as ``{{< note >}}`` or a snippet line: no words a reader could use."""
    if "{" not in text and "8<-" not in text:
        return False
    return not _template_token().sub("", text).strip()


# -- admonitions -------------------------------------------------------------


# Admonitions nested deeper than this are left as written: real ones nest two
# or three deep, and each level reads its content again.
_ADMONITION_DEPTH: Final = 8


def _admonitions(body: str, depth: int = 0) -> str:
    if depth >= _ADMONITION_DEPTH:
        return body
    first_line = _patterns()[4]
    lines = body.split("\n")
    out: list[str] = []
    index = 0
    fence: str | None = None
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip(" ")
        if stripped.startswith(("```", "~~~")) and len(line) - len(stripped) < 4:
            marker = stripped[:3]
            fence = None if fence == marker else (fence or marker)
        match = first_line.match(line) if fence is None else None
        if match is None:
            out.append(line)
            index += 1
            continue
        content: list[str] = []
        index += 1
        while index < len(lines) and (
            lines[index].startswith(("    ", "\t")) or not lines[index].strip()
        ):
            indented = lines[index]
            content.append(indented[4:] if indented[:1] == " " else indented[1:])
            index += 1
        while content and not content[-1].strip():
            content.pop()
        out.append(_admonition(match, _admonitions("\n".join(content), depth + 1)))
        if index < len(lines):
            out.append("")
    return "\n".join(out)


def _admonition(match: re.Match[str], content: str) -> str:
    marker, kind, title = match.group(1), match.group(2), match.group(3)
    if title is None:
        title = kind.replace("-", " ").capitalize()
    title = html.escape(title, quote=False)
    if marker.startswith("???"):
        opened = " open" if marker.endswith("+") else ""
        summary = f"<summary>{title or kind}</summary>"
        return f"<details{opened}>\n{summary}\n\n{content}\n\n</details>"
    heading = f"<p><strong>{title}</strong></p>\n" if title else ""
    return f"<blockquote>\n{heading}\n{content}\n\n</blockquote>"
