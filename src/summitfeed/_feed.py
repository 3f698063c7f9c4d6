"""Choose, order and render the articles that go into a feed. Pure: no I/O."""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable, Iterable, MutableMapping, Sequence
from functools import partial
from typing import NamedTuple

from ._model import Article, Feed, FeedFormat, FeedItem, FeedLink, Site
from ._text import xml_safe

__all__ = [
    "WORDS_PER_MINUTE",
    "DocumentParts",
    "Fragment",
    "ItemRenderer",
    "item_fragments",
    "item_renderer",
    "make_feed",
    "newest_first",
    "render_fragments",
    "render_item",
    "select_articles",
    "whole_document",
]

WORDS_PER_MINUTE = 230


def _sort_key(article: Article) -> tuple[dt.datetime, dt.datetime, str]:
    return (article.published, article.updated, article.id)


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Articles ordered newest first: by published, then updated, then id."""
    return sorted(articles, key=_sort_key, reverse=True)


def select_articles(
    articles: Iterable[Article],
    *,
    now: dt.datetime,
    include_drafts: bool = False,
    include_future: bool = False,
) -> list[Article]:
    """The articles that may enter a feed, newest first.

    Left out: ``feed: false`` always; drafts unless ``include_drafts``;
    articles published after ``now`` unless ``include_future``; articles
    whose expiry date is before ``now``.
    """
    return newest_first(
        article
        for article in articles
        if article.in_feeds
        and (include_drafts or not article.draft)
        and (include_future or article.published <= now)
        and (article.expires is None or article.expires >= now)
    )


def _read_time(article: Article, body: str) -> str:
    if article.read_time is not None:
        return article.read_time
    minutes = max(1, math.ceil(len(body.split()) / WORDS_PER_MINUTE))
    return f"{minutes} min"


def render_item(article: Article, body: str, *, site: Site) -> FeedItem:
    """Render an article's body and compose its feed content.

    The content starts with the hero image, the subtitle and the read time,
    and ends with the call to action, so that every reader shows them.
    """
    # Imported here: a build whose feeds are cached never loads the renderer.
    from ._markdown import render_inline, render_markdown, summary_from_body

    if article.title_from_body:  # the heading is the item's title, not content
        from ._parse import without_title_heading

        body = without_title_heading(body)

    body_html = render_markdown(body, base_url=article.url)
    summary = article.summary or summary_from_body(
        body, body_html, base_url=article.url
    )
    if not site.full_content:
        return FeedItem(article=article, summary=summary, content_html=None)
    parts: list[str] = []
    hero = article.hero
    if hero is not None:
        alt = html.escape(hero.alt or article.title)
        size = ""
        if hero.width and hero.height:
            size = f' width="{hero.width}" height="{hero.height}"'
        parts.append(f'<p><img src="{html.escape(hero.url)}" alt="{alt}"{size}></p>')
    if article.subtitle:
        parts.append(f"<p><strong>{html.escape(article.subtitle)}</strong></p>")
    read_time = html.escape(_read_time(article, body))
    parts.append(f"<p><em>Reading time: {read_time}</em></p>")
    parts.append(body_html.strip())
    if article.cta:
        parts.append(f"<p>{render_inline(article.cta, base_url=article.url)}</p>")
    content = "\n".join(part for part in parts if part)
    return FeedItem(article=article, summary=summary, content_html=content)


def make_feed(
    site: Site,
    items: Sequence[FeedItem],
    *,
    path: str = "",
    title: str | None = None,
    description: str | None = None,
    links: Sequence[FeedLink] = (),
) -> Feed:
    """A feed document of ``items`` (already newest first).

    Its date is the newest ``updated`` among the items, never the clock.

    Raises:
        ValueError: ``items`` is empty.
    """
    if not items:
        raise ValueError("a feed needs at least one item")
    return Feed(
        site=site,
        title=xml_safe(title or site.title),
        description=xml_safe(description or site.feed_description),
        path=path,
        items=tuple(items),
        updated=max(item.article.updated for item in items),
        links=tuple(links),
    )


Fragment = bytes | memoryview
"""An item as a document holds it (see :class:`DocumentParts`): bytes, or a
view of the shared memory a reading worker wrote it to."""


class DocumentParts(NamedTuple):
    """A feed document but for its items: ``head``, then each item's
    fragment (joined by ``joiner``), then ``tail``.

    A document is so assembled from fragments, so that an item rendered for
    an earlier build (same settings, same summitfeed) is not rendered again.
    """

    head: bytes
    tail: bytes
    joiner: bytes = b""

    def join(self, items: Iterable[Fragment]) -> bytes:
        """The whole document, with these item fragments in order."""
        return b"".join(self.pieces(items))

    def pieces(self, items: Iterable[Fragment]) -> tuple[Fragment, ...]:
        """The whole document as the pieces it is made of, in order."""
        if not self.joiner:
            return (self.head, *items, self.tail)
        pieces: list[Fragment] = [self.head]
        for item in items:
            pieces += (item, self.joiner)
        if len(pieces) > 1:
            pieces.pop()  # (no joiner after the last item)
        pieces.append(self.tail)
        return tuple(pieces)


ItemRenderer = Callable[[FeedItem], bytes]
"""Renders one item as a document format writes it (see :class:`DocumentParts`)."""


def item_renderer(fmt: FeedFormat, site: Site) -> ItemRenderer:
    """How every document of ``site`` in ``fmt`` writes an item: the same in
    each of its feeds, so an item is rendered once for all of them."""
    # Imported here: builds that need no document never load the writers.
    if fmt == "json":
        from ._jsonfeed import item_json

        return item_json
    from ._xml_items import atom_entry, rss_item

    if fmt == "rss":
        return rss_item
    return partial(atom_entry, site_url=site.base_url)


def render_fragments(
    item: FeedItem, formats: Iterable[FeedFormat], site: Site
) -> dict[str, bytes]:
    """``item`` as each document of ``site`` in ``formats`` writes it."""
    return {fmt: item_renderer(fmt, site)(item) for fmt in formats}


def whole_document(feed: Feed, made: tuple[DocumentParts, ItemRenderer]) -> bytes:
    """``feed``'s document from its parts and its renderer, every item rendered."""
    parts, render = made
    return parts.join(render(item) for item in feed.items)


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
