"""Serving the documents from an app: their content types and ETags.

:func:`content_type` names each document of :func:`summitfeed.render_feeds`
as HTTP wants it; :func:`etag` is a strong entity tag made from a document's
bytes (the same bytes, the same tag, on every machine), and
:func:`etag_matches` tells whether a request's ``If-None-Match`` names it, so
that a feed reader asking again for an unchanged feed gets 304 Not Modified.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from summitfeed._model import Site

__all__ = ["CONTENT_TYPES", "content_type", "etag", "etag_matches"]

CONTENT_TYPES: Final = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "html": "text/html; charset=utf-8",
}
"""Each kind of document summitfeed writes, and its HTTP ``Content-Type``."""


def content_type(path: str, *, site: Site | None = None) -> str:
    """The ``Content-Type`` of the document ``path`` (a key of
    :func:`summitfeed.render_feeds`' result, e.g. ``tags/alps/atom.xml``),
    by the feed file names of ``site`` (without one: the default names,
    ``feed.xml``, ``atom.xml`` and ``feed.json``).

    Raises:
        ValueError: ``path`` is no document summitfeed writes for ``site``.
    """
    from summitfeed._render.preview import FEEDS_PAGE, PREVIEW_CSS

    names = _feed_names(site)
    name = path.rpartition("/")[2]
    # The site's own file names first: they may end in anything.
    for kind, file_name in names:
        if name == file_name:
            return CONTENT_TYPES[kind]
    if path == PREVIEW_CSS:
        return CONTENT_TYPES["css"]
    if path == FEEDS_PAGE:
        return CONTENT_TYPES["html"]
    (_, rss), (_, atom), (_, json) = names
    raise ValueError(
        f"{path!r} is not a document summitfeed writes for this site (its feeds "
        f"are named {rss}, {atom} and {json}, beside {PREVIEW_CSS} and "
        f"{FEEDS_PAGE})"
    )


def _feed_names(site: Site | None) -> tuple[tuple[str, str], ...]:
    """Each kind of feed and its file name, for ``site`` or by default."""
    if site is None:
        from summitfeed._model import Site

        defaults = Site.__dataclass_fields__
        rss, atom, json = (
            str(defaults[f"{kind}_file"].default) for kind in ("rss", "atom", "json")
        )
    else:
        rss, atom, json = site.rss_file, site.atom_file, site.json_file
    return (("rss", rss), ("atom", atom), ("json", json))


def etag(data: bytes) -> str:
    """A strong ETag for a document's bytes, quoted as the header wants it."""
    return '"' + hashlib.blake2b(data, digest_size=16).hexdigest() + '"'


# An entity tag in a list (RFC 9110 section 8.8.3): W/ if weak, then quoted.
_ENTITY_TAG: Final = re.compile(r'\s*(?:W/)?("[^"]*")\s*(?:,|$)')


def etag_matches(if_none_match: str | None, tag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``tag``: the request's copy is
    current, answer 304 Not Modified.

    As RFC 9110 section 13.1.2 says: ``*`` matches any, and the comparison is
    weak (``W/"x"`` matches ``"x"``). A header that cannot be read matches
    nothing, so that the document is sent.
    """
    if if_none_match is None:
        return False
    header = if_none_match.strip()
    if header == "*":
        return True
    opaque = tag.removeprefix("W/")
    position = 0
    while position < len(header):
        match = _ENTITY_TAG.match(header, position)
        if match is None or match.end() == position:
            return False
        if match.group(1) == opaque:
            return True
        position = match.end()
    return False
