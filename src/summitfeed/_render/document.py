"""The one assembler of feed documents: a feed in a format becomes its bytes.

:func:`document_pieces` makes every document: a build calls it here or on
every core (:mod:`summitfeed._incremental.documents`), with the fragments
and the parts it already has. :func:`render_feeds` is the library's call:
every document in this process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import replace

from summitfeed._model import Feed, FeedFormat, FeedItem, Site
from summitfeed._render.parts import DocumentParts, Fragment, ItemRenderer
from summitfeed._render.plan import feed_formats
from summitfeed._render.preview import preview_documents


def item_renderer(fmt: FeedFormat, site: Site) -> ItemRenderer:
    """How every document of ``site`` in ``fmt`` writes an item: the same in
    each of its feeds, so an item is rendered once for all of them."""
    # Imported here: builds that need no document never load the writers.
    if fmt == "json":
        from summitfeed._render.jsonfeed import item_json

        return item_json
    from summitfeed._render.xml_items import atom_renderer, rss_item

    return rss_item if fmt == "rss" else atom_renderer(site.base_url)


def render_fragments(
    item: FeedItem, formats: Iterable[FeedFormat], site: Site
) -> dict[str, bytes]:
    """``item`` as each document of ``site`` in ``formats`` writes it."""
    return {fmt: item_renderer(fmt, site)(item) for fmt in formats}


def item_fragments(
    feed: Feed, render: ItemRenderer, fragments: MutableMapping[str, Fragment] | None
) -> list[Fragment]:
    """Each item of ``feed`` as one document format writes it: taken from
    ``fragments`` (by article path) when there, else ``render(item)``, then
    kept there."""
    if fragments is None:
        return [render(item) for item in feed.items]
    items = []
    for item in feed.items:
        data = fragments.get(item.article.source)
        if data is None:
            data = fragments[item.article.source] = render(item)
        items.append(data)
    return items


Fragments = dict[str, dict[str, "Fragment"]]
"""Items as documents hold them, by format then article path (see
:class:`summitfeed._render.parts.DocumentParts`)."""


def document_parts(task: tuple[Feed, FeedFormat]) -> tuple[DocumentParts, ItemRenderer]:
    """One feed document in one format but for its items, and how to render one."""
    feed, fmt = task
    if fmt == "json":
        from summitfeed._render.jsonfeed import (
            json_parts,  # (no XML library loaded for it)
        )

        return json_parts(feed)
    from summitfeed._render.preview import stylesheet_href
    from summitfeed._render.xml import atom_parts, rss_parts

    href = stylesheet_href(feed.file_name(fmt)) if feed.site.preview else None
    make = rss_parts if fmt == "rss" else atom_parts
    return make(feed, stylesheet=href)


def render_document(
    task: tuple[Feed, FeedFormat], fragments: Fragments | None = None
) -> bytes:
    """One feed document in one format; items from ``fragments`` when there,
    and those rendered now added to it."""
    return b"".join(document_pieces(task, fragments))


def document_pieces(
    task: tuple[Feed, FeedFormat],
    fragments: Fragments | None = None,
    *,
    parts: DocumentParts | None = None,
) -> tuple[Fragment, ...]:
    """As :func:`render_document`, the document as the pieces it is made of;
    with ``parts`` (as :func:`document_parts` made them for this feed, at
    another time), around those."""
    feed, fmt = task
    if parts is None:
        parts, render = document_parts(task)
    else:
        render = item_renderer(fmt, feed.site)
    known = None if fragments is None else fragments.setdefault(fmt, {})
    return parts.pieces(item_fragments(feed, render, known))


def head_key(task: tuple[Feed, FeedFormat]) -> str:
    """What a document's parts (all but its items) are made of, as a key: the
    feed but for its items (with the site), the format, and for Atom whether
    an item has no author (the feed then names the site's)."""
    feed, fmt = task
    anonymous = fmt == "atom" and any(not item.article.authors for item in feed.items)
    made_of = repr((fmt, anonymous, replace(feed, items=())))
    data = made_of.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def render_feeds(
    feeds: Iterable[Feed], *, formats: Sequence[FeedFormat]
) -> dict[str, bytes]:
    """Every document of ``feeds`` in ``formats``, by path under the output folder.

    With the site's ``preview`` on, the RSS and Atom documents link the
    preview stylesheet, which is added to the result with ``feeds.html``.
    """
    feeds = tuple(feeds)
    made: Fragments = {}  # (an item is rendered once for all the feeds it is in)
    documents = {
        feed.file_name(fmt): render_document((feed, fmt), made)
        for feed, fmt in document_tasks(feeds, formats)
    }
    if feeds and feeds[0].site.preview:
        documents.update(preview_documents(feeds, formats=formats))
    return documents


def document_tasks(
    feeds: Sequence[Feed], formats: Sequence[FeedFormat]
) -> list[tuple[Feed, FeedFormat]]:
    """Each document to render: a feed in one of its formats."""
    return [
        (feed, fmt) for feed in feeds for fmt in feed_formats(feed) if fmt in formats
    ]
