"""Choose, order and render the articles that go into a feed. Pure: no I/O."""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Final, NamedTuple

from summitfeed._model import Article, Feed, FeedFormat, FeedItem, FeedLink, Site
from summitfeed._text import xml_safe

if TYPE_CHECKING:
    from summitfeed._read.templates import LinkLookup

__all__ = [
    "LARGE_DOCUMENT",
    "READ_TIME_LABELS",
    "WORDS_PER_MINUTE",
    "DocumentParts",
    "Fragment",
    "ItemRenderer",
    "item_fragments",
    "item_renderer",
    "large_document_warnings",
    "make_feed",
    "newest_first",
    "read_time_label",
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


READ_TIME_LABELS: Final[Mapping[str, str]] = {
    "ca": "Temps de lectura",
    "cs": "Doba čtení",
    "da": "Læsetid",
    "de": "Lesezeit",
    "en": "Reading time",
    "es": "Tiempo de lectura",
    "fi": "Lukuaika",
    "fr": "Temps de lecture",
    "it": "Tempo di lettura",
    "ja": "読了時間",
    "nl": "Leestijd",
    "no": "Lesetid",
    "nb": "Lesetid",
    "pl": "Czas czytania",
    "pt": "Tempo de leitura",
    "ru": "Время чтения",
    "sv": "Lästid",
    "tr": "Okuma süresi",
    "uk": "Час читання",
    "zh": "阅读时间",
}
"""The read time line's words by language, when ``read_time_label`` is not set."""


def read_time_label(site: Site, language: str) -> str:
    """The words before the read time: the setting, else the article's language's."""
    if site.read_time_label is not None:
        return site.read_time_label
    primary = language.split("-", 1)[0].lower()
    return READ_TIME_LABELS.get(primary, READ_TIME_LABELS["en"])


def render_item(
    article: Article, body: str, *, site: Site, links: LinkLookup | None = None
) -> FeedItem:
    """Render an article's body and compose its feed content.

    The content starts with the hero image, the subtitle and the read time,
    and ends with the call to action, so that every reader shows them.
    ``links`` finds the articles that template tags link to (by default,
    those of the site's content folder).
    """
    # Imported here: a build whose feeds are cached never loads the renderer.
    from summitfeed._render.markdown import (
        render_inline,
        render_markdown,
        summary_from_body,
        summary_of_description,
    )

    if article.title_from_body:  # the heading is the item's title, not content
        from summitfeed._read.frontmatter import without_title_heading

        body = without_title_heading(body)
    from summitfeed._read.templates import expand_templates, has_template_syntax

    if article.source.endswith(".mdx"):
        from summitfeed._read.templates import without_mdx_statements

        body = without_mdx_statements(body)
    if has_template_syntax(body):
        if links is None:
            from summitfeed._read.links import site_links

            links = site_links(site)
        body = expand_templates(body, base_url=site.base_url, links=links)
    body_html = render_markdown(body, base_url=article.url)
    if article.summary:
        summary = summary_of_description(article.summary, base_url=article.url)
    else:
        summary = summary_from_body(body, body_html, base_url=article.url)
    if not site.full_content:
        return FeedItem(
            article=article,
            summary=summary.text,
            summary_html=summary.html,
            content_html=None,
        )
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
    if site.show_read_time:
        label = html.escape(read_time_label(site, article.language))
        read_time = html.escape(_read_time(article, body))
        parts.append(f"<p><em>{label}: {read_time}</em></p>")
    parts.append(body_html.strip())
    if article.cta:
        parts.append(f"<p>{render_inline(article.cta, base_url=article.url)}</p>")
    content = "\n".join(part for part in parts if part)
    return FeedItem(
        article=article,
        summary=summary.text,
        summary_html=summary.html,
        content_html=content,
    )


LARGE_DOCUMENT: Final = 5_000_000
"""Bytes over which a feed document is warned about: the W3C Feed Validation
Service refuses larger ones, and many readers fetch no more."""


def large_document_warnings(sizes: Mapping[str, int], site: Site) -> tuple[str, ...]:
    """One warning for each feed document over :data:`LARGE_DOCUMENT` bytes."""
    names = (site.rss_file, site.atom_file, site.json_file)
    return tuple(
        f"{name}: {size:,} bytes, over {LARGE_DOCUMENT:,} (the most the W3C "
        "validator reads, and more than many readers fetch); lower limit, or "
        "set archive_size to split a full archive into pages"
        for name, size in sorted(sizes.items())
        if size > LARGE_DOCUMENT and name.rsplit("/", 1)[-1] in names
    )


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
        from summitfeed._render.jsonfeed import item_json

        return item_json
    from summitfeed._render.xml_items import atom_entry, rss_item

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
