"""Markdown to safe HTML with absolute URLs: the only user of cmarkgfm and nh3.

cmark-gfm renders CommonMark with the table extension and footnotes (a C
library, much faster than a pure-Python renderer; see benchmarks/README.md).
Raw HTML in the Markdown is kept, then everything goes through nh3
(the Rust ammonia sanitizer) with an allow-list of elements that the W3C Feed
Validation Service accepts: no script, iframe, embed, object or style
elements, no event handlers, no style attributes, no javascript: URLs. In the
same pass, every relative URL (href, src, srcset, poster, cite) is resolved
against the article's URL, as a browser would; a bare ``#fragment`` too, since
the W3C validator warns about any relative reference in content.

Elements the sanitizer removes, each a decision (tests/test_content.py):

- ``noscript``: what it wraps is published as the HTML it is (a lazy-loading
  page's ``<img>`` becomes a real image: readers run no script). Left to the
  sanitizer, its content would be read as text and shown as escaped markup;
- ``xmp``, ``textarea`` and ``plaintext`` show their content as written:
  published as a ``<pre>`` holding that text;
- ``script``, ``style``, ``iframe``, ``object``, ``embed``, ``title``,
  ``noembed``, ``noframes``, ``template``, ``svg``, ``math``: dropped with
  their content (code, or a fallback for browsers no reader is);
- any other element outside the allow-list (``font``, ``form``, ``button``,
  ``label``, ``marquee``, ...): the element is dropped, its text kept.
"""

from __future__ import annotations

import _thread
import ctypes
import functools
import html
import html.entities
import re
from collections.abc import Callable
from contextvars import ContextVar
from typing import Final, NamedTuple

import cmarkgfm
import nh3
from cmarkgfm import cmark
from cmarkgfm.cmark import Options

from summitfeed._text import cut_at_word, xml_safe
from summitfeed._urls import is_plain_http_url, resolve_url, unsafe_scheme

__all__ = [
    "Summary",
    "html_to_text",
    "is_html",
    "render_inline",
    "render_markdown",
    "sanitize_html",
    "summary_from_body",
    "summary_of_description",
]


_OPTIONS: Final = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
_EXTENSIONS: Final = ["table", "strikethrough", "autolink"]


class _CmarkMemory(ctypes.Structure):
    """cmark's ``cmark_mem``: the allocator that made what it returns."""

    _fields_ = [
        ("calloc", ctypes.c_void_p),
        ("realloc", ctypes.c_void_p),
        ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
    ]


def _cmark_freeing() -> tuple[Callable[[int], None], Callable[[int], None]] | None:
    """cmark's ``cmark_node_free`` and the free of its default allocator, or
    None where its library does not show them (the binding declares neither).

    ``cmarkgfm.markdown_to_html_with_extensions`` frees its parser but not
    the document tree or the HTML it returns: each article rendered would
    keep them for good (about 40 KB for 6 KB of prose, several times that
    for as much of links and tables), each a fresh page of memory.
    """
    try:
        library = ctypes.CDLL(cmark._cmark.__file__)
        node_free = library.cmark_node_free
        allocator = library.cmark_get_default_mem_allocator
    except (OSError, AttributeError):  # pragma: no cover - symbols not exported
        return None
    node_free.argtypes = [ctypes.c_void_p]
    node_free.restype = None
    allocator.argtypes = []
    allocator.restype = ctypes.POINTER(_CmarkMemory)
    return node_free, allocator().contents.free


_FREEING: Final = _cmark_freeing()


def _cmark_extension_list() -> tuple[object, ...]:
    cmark.core_extensions_ensure_registered()
    found = tuple(cmark.find_syntax_extension(name) for name in _EXTENSIONS)
    if any(extension is None for extension in found):  # pragma: no cover
        raise ValueError(f"cmark-gfm lacks one of the extensions {_EXTENSIONS}")
    return found


# Registered and found once, as this module loads (one thread at a time).
_CMARK_EXTENSIONS: Final = _cmark_extension_list()

# One parse at a time: cmark-gfm keeps the characters its extensions react
# to in tables of the whole process, set up and taken down by every parse,
# so that parses in two threads at once drop each other's strikethrough
# and links.
_ONE_AT_A_TIME: Final = _thread.allocate_lock()


def _cmark_html(text: str) -> str:
    """cmark-gfm's HTML of ``text`` (the calls of cmarkgfm's
    ``markdown_to_html_with_extensions``), and its memory given back."""
    with _ONE_AT_A_TIME:
        if _FREEING is None:  # pragma: no cover - symbols not exported
            return str(
                cmarkgfm.markdown_to_html_with_extensions(
                    text, options=_OPTIONS, extensions=_EXTENSIONS
                )
            )
        return _freed_html(text, *_FREEING)


def _freed_html(
    text: str, node_free: Callable[[int], None], free: Callable[[int], None]
) -> str:
    library, ffi = cmark._cmark.lib, cmark._cmark.ffi
    parser = cmark.parser_new(_OPTIONS)
    try:
        for extension in _CMARK_EXTENSIONS:
            cmark.parser_attach_syntax_extension(parser, extension)
        cmark.parser_feed(parser, text)
        root = cmark.parser_finish(parser)
        if root == ffi.NULL:  # (only from a parser finished before; never here)
            raise RuntimeError("cmark-gfm made no document of the Markdown")
        try:
            if library.cmark_node_get_type(root) == library.CMARK_NODE_NONE:
                raise ValueError("cmark could not parse the Markdown")
            extensions = cmark.parser_get_syntax_extensions(parser)
            rendered = library.cmark_render_html(root, _OPTIONS, extensions)
            try:
                return bytes(ffi.string(rendered)).decode("utf-8")
            finally:
                free(int(ffi.cast("uintptr_t", rendered)))
        finally:
            node_free(int(ffi.cast("uintptr_t", root)))
    finally:
        cmark.parser_free(parser)


# Elements both ammonia's defaults and the W3C Feed Validation Service accept
# (it reports any other element as a security risk), plus the ones needed for
# footnotes and media.
_TAGS: Final = frozenset(
    {
        "a", "abbr", "acronym", "area", "article", "aside", "audio", "b", "bdi",
        "bdo", "blockquote", "br", "caption", "center", "cite", "code", "col",
        "colgroup", "data", "dd", "del", "details", "dfn", "div", "dl", "dt",
        "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hgroup", "hr", "i", "img", "ins", "kbd", "li", "map",
        "mark", "nav", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby",
        "s", "samp", "section", "small", "source", "span", "strike", "strong",
        "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "time", "tr", "tt", "u", "ul", "var", "video", "wbr",
    }
)  # fmt: skip
_ATTRIBUTES: Final = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"id", "lang", "title", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height"},
    "source": {"src", "srcset", "sizes", "type", "media"},
    "video": {"src", "poster", "controls", "width", "height"},
    "audio": {"src", "controls"},
    "time": {"datetime"},
}
_URL_ATTRIBUTES: Final = frozenset({"href", "src", "poster", "cite"})
_CLEAN_CONTENT: Final = frozenset(
    {"script", "style", "iframe", "object", "embed", "title", "noembed", "noframes"}
)
# Elements whose content an HTML parser reads as text: unwrapped (noscript)
# or made a <pre> of that text, before the sanitizer sees them.
_RAW_TEXT_START: Final = re.compile(r"<(?i:noscript|xmp|textarea|plaintext)\b")


# The article URL that relative URLs resolve against, for the one cleaner
# below (built once: nh3 converts its allow-lists again on every nh3.clean
# call). A context variable, so that threads never see each other's.
_BASE_URL: Final[ContextVar[str]] = ContextVar("summitfeed_base_url")


def _rewrite_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute in _URL_ATTRIBUTES:
        try:
            return _absolute(value, _BASE_URL.get())
        except ValueError:  # a URL the parser refuses, e.g. "http://[::1": dropped
            return None
    if attribute == "srcset":
        try:
            return _absolute_srcset(value, _BASE_URL.get())
        except ValueError:
            return None
    return value


def _absolute_srcset(value: str, base_url: str) -> str | None:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.split()
        if not parts:
            continue
        url = _absolute(parts[0], base_url)
        if url is None:
            return None
        candidates.append(" ".join([url, *parts[1:]]))
    return ", ".join(candidates)


def _absolute(value: str, base_url: str) -> str | None:
    value = value.strip()
    if is_plain_http_url(value):
        return value  # kept as it is
    if value.startswith("#") and is_plain_http_url("http://x/" + value):
        return base_url.partition("#")[0] + value  # footnotes: many, and simple
    if unsafe_scheme(value) not in (None, "mailto"):
        return None
    return resolve_url(value, base_url)


_CLEANER: Final = nh3.Cleaner(
    tags=set(_TAGS),
    clean_content_tags=set(_CLEAN_CONTENT),
    attributes=_ATTRIBUTES,
    attribute_filter=_rewrite_attribute,
    url_schemes={"http", "https", "mailto"},
    link_rel=None,
    strip_comments=True,
)


@functools.cache
def _raw_text_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A noscript tag; an xmp, textarea or plaintext element (to its end
    tag, or the end of the fragment)."""
    return (
        re.compile(r"</?noscript\b[^>]*>", re.IGNORECASE),
        # (plaintext has no end tag: it ends with the paragraph cmark made.)
        re.compile(
            r"<(xmp|textarea)\b[^>]*>(.*?)(?:</\1\s*>|\Z)"
            r"|<(plaintext)\b[^>]*>(.*?)(?=</p>|\Z)",
            re.IGNORECASE | re.DOTALL,
        ),
    )


def _pre_of_text(match: re.Match[str]) -> str:
    name = match.group(1) or match.group(3)
    text = match.group(2) if match.group(1) else match.group(4)
    if name.lower() == "textarea":
        text = html.unescape(text)  # (its content is text with references)
    return f"<pre>{html.escape(text, quote=False)}</pre>"


def _unwrap_raw_text(fragment: str) -> str:
    noscript, shown_as_text = _raw_text_patterns()
    return shown_as_text.sub(_pre_of_text, noscript.sub("", fragment))


def sanitize_html(fragment: str, *, base_url: str) -> str:
    """Clean an HTML fragment and make every URL in it absolute."""
    # Characters XML forbids go first: left in, some change how the HTML
    # is read (a control character in a tag name makes it text).
    fragment = xml_safe(fragment)
    if _RAW_TEXT_START.search(fragment):
        fragment = _unwrap_raw_text(fragment)
    return _clean(fragment, base_url=base_url)


def _clean(fragment: str, *, base_url: str) -> str:
    token = _BASE_URL.set(base_url)
    try:
        return _CLEANER.clean(fragment)
    finally:
        _BASE_URL.reset(token)


def render_markdown(text: str, *, base_url: str) -> str:
    """Render Markdown to sanitized HTML, its URLs absolute against ``base_url``."""
    rendered = xml_safe(_cmark_html(text))
    # Raw HTML can only come from a "<" in the Markdown (a scan of the
    # rendered HTML, all tags, costs more; a one-character search is the
    # fastest, many bodies have none).
    raw_html = "<" in text
    if raw_html and _RAW_TEXT_START.search(text):
        rendered = _unwrap_raw_text(rendered)
    cleaned = _clean(rendered, base_url=base_url)
    if raw_html and "<img" in text:
        cleaned = _without_empty_images(cleaned)
    return cleaned


@functools.cache
def _image_without_source() -> re.Pattern[str]:
    return re.compile(r"<img\b(?![^>]*\s(?:src|srcset)=)[^>]*>")


def _without_empty_images(fragment: str) -> str:
    """``fragment`` without the images that have no source: a lazy-loading
    page's placeholder (its script set the source; the sanitizer dropped
    the ``data-src`` it read)."""
    return _image_without_source().sub("", fragment)


def render_inline(text: str, *, base_url: str) -> str:
    """Render one line of inline Markdown (a call to action) without the ``<p>``."""
    rendered = render_markdown(text, base_url=base_url).strip()
    if (
        rendered.startswith("<p>")
        and rendered.endswith("</p>")
        and rendered.count("<p>") == 1
    ):
        rendered = rendered[3:-4]
    return rendered


@functools.cache
def _text_patterns() -> tuple[re.Pattern[str], ...]:
    """Any tag; tags that separate words (not em, a, code); a paragraph; the
    more marker. Compiled on first need: only articles without a
    description have their summary taken from the body."""
    return (
        re.compile(r"<[^>]*>"),
        re.compile(
            r"</?(?:p|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|div|blockquote|pre|table"
            r"|thead|tbody|tfoot|tr|td|th|caption|figure|figcaption|section"
            r"|article|aside|header|footer|nav|details|summary|img)\b[^>]*>",
            re.IGNORECASE,
        ),
        re.compile(r"<p>(.*?)</p>", re.DOTALL),
        re.compile(r"<!--\s*more\s*-->", re.IGNORECASE),
    )


def html_to_text(fragment: str) -> str:
    """The text of sanitized HTML, white space folded."""
    tag, block_tag, _, _ = _text_patterns()
    spaced = block_tag.sub(" ", fragment)
    return " ".join(html.unescape(tag.sub("", spaced)).split())


# Every element name of HTML (and the obsolete ones still written): a text
# holding one of these as a tag is HTML; "Vec<T>" or "a <b" is not.
_HTML_ELEMENTS: Final = _TAGS | _CLEAN_CONTENT | frozenset(
    {
        "address", "big", "blink", "button", "canvas", "dialog", "font", "form",
        "input", "label", "main", "marquee", "menu", "meter", "nobr", "noscript",
        "option", "output", "progress", "select", "svg", "template", "textarea",
    }
)  # fmt: skip


_NAMED_REFERENCES: Final = frozenset([*html.entities.name2codepoint, "apos"])


@functools.cache
def _html_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A start or end tag, a comment or a character reference; a span of
    inline code (`...`), whose text is never markup."""
    return (
        re.compile(
            r"<(/?)([A-Za-z][A-Za-z0-9]*)(?=[\s/>])[^<>]*>|<!--"
            r"|&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+[0-9]*);",
        ),
        re.compile(r"`[^`]*`"),
    )


def is_html(text: str) -> bool:
    """Whether a summary as written is HTML: it holds an HTML element (a tag
    of a known element, outside inline code), a comment or a character
    reference. Anything else is plain text, ``<`` and ``&`` included."""
    if "<" not in text and "&" not in text:
        return False
    markup, code = _html_patterns()
    if "`" in text:
        text = code.sub("", text)
    for match in markup.finditer(text):
        name, reference = match.group(2), match.group(3)
        if reference is not None:
            if reference.startswith("#") or reference in _NAMED_REFERENCES:
                return True
        elif name is None:
            return True  # a comment
        elif name.lower() in _HTML_ELEMENTS and (
            # "Option<U>" is a type; HTML is written in lower case, or closed.
            name.islower() or f"</{name.lower()}" in text.lower()
        ):
            return True
    return False


class Summary(NamedTuple):
    """A summary as plain text, and as sanitized HTML when it is HTML."""

    text: str
    html: str | None = None


def summary_of_description(description: str, *, base_url: str) -> Summary:
    """The summary of an article whose description is given (see :func:`is_html`)."""
    if not is_html(description):
        return Summary(description)
    cleaned = sanitize_html(description, base_url=base_url).strip()
    return Summary(html_to_text(cleaned), cleaned)


def summary_from_body(
    body: str, body_html: str, *, base_url: str, limit: int = 300
) -> Summary:
    """The body up to ``<!--more-->``, else its first paragraph, as rendered
    (one of template syntax only is passed over).

    An excerpt whose text is longer than ``limit`` characters is its text
    only, cut at a word (cut HTML would lose its end tags).
    """
    from summitfeed._templates import only_template_syntax

    _, _, paragraph, more = _text_patterns()
    marker = more.search(body)
    if marker is not None:
        excerpt = render_markdown(body[: marker.start()], base_url=base_url).strip()
        if "{" in excerpt or "8&lt;-" in excerpt:
            excerpt = _without_template_blocks(excerpt)
        text = html_to_text(excerpt)
        if text and not only_template_syntax(text):
            return _excerpt(text, excerpt, limit)
    # A paragraph of template syntax alone (a shortcode that only its
    # generator fills in) says nothing of the article: the next one does.
    for match in paragraph.finditer(body_html):
        excerpt = match.group(1).strip()
        text = html_to_text(excerpt)
        if text and not only_template_syntax(text):
            return _excerpt(text, excerpt, limit)
    return Summary(cut_at_word(html_to_text(body_html), limit))


def _without_template_blocks(excerpt: str) -> str:
    """``excerpt`` without its paragraphs and (innermost) divisions of
    template syntax alone."""
    from summitfeed._templates import only_template_syntax

    def kept(found: re.Match[str]) -> str:
        inner = found.group(2)
        if "<div" in inner or not only_template_syntax(html_to_text(inner)):
            return found.group()
        return ""

    return re.sub(r"<(p|div)\b[^>]*>(.*?)</\1>", kept, excerpt, flags=re.DOTALL).strip()


def _excerpt(text: str, excerpt: str, limit: int) -> Summary:
    if len(text) > limit:
        return Summary(cut_at_word(text, limit))
    bare = excerpt.replace("<p>", "").replace("</p>", "")
    if "<" not in bare and "&" not in bare:
        return Summary(text)  # (paragraphs of text only: the text says it all)
    return Summary(text, excerpt)
