"""Markdown to safe HTML with absolute URLs: the only user of cmarkgfm and nh3.

cmark-gfm renders CommonMark with the table extension and footnotes (a C
library, about twenty times faster than a pure-Python renderer on a 5 KB
article). Raw HTML in the Markdown is kept, then everything goes through nh3
(the Rust ammonia sanitizer) with an allow-list of elements that the W3C Feed
Validation Service accepts: no script, iframe, embed, object or style
elements, no event handlers, no style attributes, no javascript: URLs. In the
same pass, every relative URL (href, src, srcset, poster, cite) is resolved
against the article's URL, as a browser would; a bare ``#fragment`` too, since
the W3C validator warns about any relative reference in content.
"""

from __future__ import annotations

import functools
import html
import re
from contextvars import ContextVar
from typing import Final

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

from ._text import cut_at_word, xml_safe
from ._urls import is_plain_http_url, resolve_url, unsafe_scheme

__all__ = [
    "html_to_text",
    "render_inline",
    "render_markdown",
    "summary_from_body",
]


_OPTIONS: Final = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
_EXTENSIONS: Final = ["table", "strikethrough", "autolink"]

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
_CLEAN_CONTENT: Final = frozenset({"script", "style", "iframe", "object", "embed"})


# The article URL that relative URLs resolve against, for the one cleaner
# below (built once: nh3 converts its allow-lists on every nh3.clean call,
# ~40 µs). A context variable, so that threads never see each other's.
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


def sanitize_html(fragment: str, *, base_url: str) -> str:
    """Clean an HTML fragment and make every URL in it absolute."""
    token = _BASE_URL.set(base_url)
    try:
        # Characters XML forbids go first: left in, some change how the HTML
        # is read (a control character in a tag name makes it text).
        return _CLEANER.clean(xml_safe(fragment))
    finally:
        _BASE_URL.reset(token)


def render_markdown(text: str, *, base_url: str) -> str:
    """Render Markdown to sanitized HTML, its URLs absolute against ``base_url``."""
    rendered = cmarkgfm.markdown_to_html_with_extensions(
        text, options=_OPTIONS, extensions=_EXTENSIONS
    )
    return sanitize_html(rendered, base_url=base_url)


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
    more marker. Compiled on first need (~2 ms): only articles without a
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


def summary_from_body(
    body: str, body_html: str, *, base_url: str, limit: int = 300
) -> str:
    """The body up to ``<!--more-->``, else its first paragraph, as plain text."""
    _, _, paragraph, more = _text_patterns()
    marker = more.search(body)
    if marker is not None:
        excerpt = html_to_text(
            render_markdown(body[: marker.start()], base_url=base_url)
        )
        if excerpt:
            return cut_at_word(excerpt, limit)
    for match in paragraph.finditer(body_html):
        text = html_to_text(match.group(1))
        if text:
            return cut_at_word(text, limit)
    return cut_at_word(html_to_text(body_html), limit)
