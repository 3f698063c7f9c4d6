"""Which feed documents a build writes, with their items and links. Pure: no I/O.

- The main feed: the newest ``limit`` items (``0`` = all), in every format.
- With ``tag_feeds``: one feed per tag that has items, under ``tags/<segment>/``
  (see :func:`tag_segment`), in every format.
- With ``archive_size``: RFC 5005 archive documents under ``archive/<n>/``, RSS
  and Atom only (JSON Feed has no archives). Articles are counted from the
  oldest, ``archive_size`` to a document, and only complete groups become
  archives, so a new article never moves an article from one archive to
  another. The newer articles are in the main feed, which is why
  ``archive_size`` may not exceed ``limit``. Archive ``n`` links ``current``
  (the main feed of its format), ``prev-archive`` (``n - 1``) and
  ``next-archive`` (``n + 1``, once that archive is complete); the main feed
  links ``prev-archive`` to the newest archive.
- WebSub hubs (``hubs``) are advertised by the main and tag feeds; archives
  never change, so nobody subscribes to them.

A :class:`PlannedFeed` is a :class:`~summitfeed.Feed` that also says which
formats it is written in and what kind of document it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Final, Literal

from summitfeed._errors import ArticleError, ConfigError
from summitfeed._model import (
    FORMATS,
    Article,
    Feed,
    FeedFormat,
    FeedItem,
    FeedLink,
    Site,
)
from summitfeed._read.articles import read_body
from summitfeed._render.select import (
    publishable,
)
from summitfeed._text import xml_safe

__all__ = [
    "ARCHIVE_DIR",
    "TAGS_DIR",
    "PlannedFeed",
    "feed_formats",
    "plan_feeds",
    "tag_segment",
    "websub_topics",
]

TAGS_DIR: Final = "tags/"
ARCHIVE_DIR: Final = "archive/"

FeedKind = Literal["main", "tag", "archive"]

_SEGMENT_MAX: Final = 60
_HASH_CHARS: Final = 8
# Names that some file systems refuse whatever the extension.
_RESERVED: Final = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(10)}
    | {f"lpt{n}" for n in range(10)}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedFeed(Feed):
    """A feed document with the formats it is written in and its kind."""

    formats: tuple[FeedFormat, ...] = FORMATS
    kind: FeedKind = "main"
    tag: str | None = None


def feed_formats(feed: Feed) -> tuple[FeedFormat, ...]:
    """The formats ``feed`` is written in (all of the site's, for a plain Feed)."""
    own = feed.formats if isinstance(feed, PlannedFeed) else FORMATS
    return tuple(fmt for fmt in feed.site.formats if fmt in own)


def tag_segment(tag: str) -> str:
    """A tag as a safe, stable path segment: ``"Ski Touring"`` → ``"ski-touring"``.

    Letters are lower-cased and stripped of accents, every run of other
    characters becomes one ``-``. Tags that differ only in case, spaces,
    hyphens or underscores share a segment (and a feed). When that reading
    loses more (``"C++"``, ``"Zürich"``, ``"日本"``, a very long tag, a name
    that Windows reserves), eight hexadecimal digits of a hash of the tag are
    appended, so that different tags never share a feed and a tag's segment
    never depends on the other tags.
    """
    folded = unicodedata.normalize("NFC", tag.strip()).casefold()
    ascii_text = (
        unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    plain = re.sub(r"[\s_-]+", "-", folded).strip("-")
    if slug and slug == plain and len(slug) <= _SEGMENT_MAX and slug not in _RESERVED:
        return slug
    digest = hashlib.sha256(folded.encode("utf-8")).hexdigest()[:_HASH_CHARS]
    stem = slug[:_SEGMENT_MAX].strip("-")
    return f"{stem}-{digest}" if stem else f"tag-{digest}"


def _hub_links(site: Site) -> tuple[FeedLink, ...]:
    return tuple(FeedLink(rel="hub", href=hub) for hub in site.hubs)


def _tag_name(spellings: Counter[str]) -> str:
    """The most used spelling of a tag; on a tie the first in code-point order."""
    return min(spellings, key=lambda name: (-spellings[name], name))


def _tag_feeds(
    site: Site, chosen: Sequence[Article], item_of: Callable[[Article], FeedItem]
) -> list[Feed]:
    groups: dict[str, list[Article]] = {}
    spellings: dict[str, Counter[str]] = {}
    for article in chosen:
        seen: set[str] = set()
        for tag in article.tags:
            segment = tag_segment(tag)
            spellings.setdefault(segment, Counter())[tag] += 1
            if segment not in seen:
                seen.add(segment)
                groups.setdefault(segment, []).append(article)
    feeds: list[Feed] = []
    for segment in sorted(groups):
        articles = groups[segment]
        latest = articles if site.limit == 0 else articles[: site.limit]
        name = _tag_name(spellings[segment])
        feed = make_feed(
            site,
            [item_of(article) for article in latest],
            path=f"{TAGS_DIR}{segment}/",
            title=f"{site.title}: {name}",
            description=f"Articles tagged “{name}” from {site.title}",
            links=_hub_links(site),
        )
        feeds.append(_planned(feed, kind="tag", tag=name))
    return feeds


def _planned(
    feed: Feed,
    *,
    kind: FeedKind,
    formats: tuple[FeedFormat, ...] = FORMATS,
    tag: str | None = None,
) -> PlannedFeed:
    return PlannedFeed(
        site=feed.site,
        title=feed.title,
        description=feed.description,
        path=feed.path,
        items=feed.items,
        updated=feed.updated,
        links=feed.links,
        file_names=feed.file_names,
        formats=formats,
        kind=kind,
        tag=tag,
    )


def _archive_path(number: int) -> str:
    return f"{ARCHIVE_DIR}{number}/"


def _document_url(site: Site, path: str, fmt: FeedFormat) -> str:
    names = {"rss": site.rss_file, "atom": site.atom_file, "json": site.json_file}
    return site.base_url + path + names[fmt]


def _archives(
    site: Site,
    chosen: Sequence[Article],
    item_of: Callable[[Article], FeedItem],
) -> tuple[list[Feed], int]:
    """The archive documents (RSS and Atom) and how many archives there are."""
    size = site.archive_size
    if site.limit and size > site.limit:
        raise ConfigError(
            f"archive_size: {size} is larger than limit ({site.limit}); the "
            "articles newer than the last full archive would be in no feed "
            "(make archive_size at most limit, or set limit = 0)"
        )
    oldest_first = list(reversed(chosen))
    count = len(oldest_first) // size
    feeds: list[Feed] = []
    for number in range(1, count + 1):
        group = oldest_first[(number - 1) * size : number * size]
        items = [item_of(article) for article in reversed(group)]
        for fmt in ("rss", "atom"):
            if fmt not in site.formats:
                continue
            links = [FeedLink(rel="current", href=_document_url(site, "", fmt))]
            if number > 1:
                links.append(
                    FeedLink(
                        rel="prev-archive",
                        href=_document_url(site, _archive_path(number - 1), fmt),
                    )
                )
            if number < count:
                links.append(
                    FeedLink(
                        rel="next-archive",
                        href=_document_url(site, _archive_path(number + 1), fmt),
                    )
                )
            feed = make_feed(
                site,
                items,
                path=_archive_path(number),
                title=f"{site.title} (archive {number})",
                links=links,
            )
            feeds.append(_planned(feed, kind="archive", formats=(fmt,)))
    return feeds, count


def plan_feeds(
    site: Site,
    chosen: Sequence[Article],
    render: Callable[[Article], FeedItem],
) -> tuple[Feed, ...]:
    """Every feed document for ``chosen`` (newest first, not empty).

    Each article is rendered once, however many documents it is in. The main
    feed comes first, then tag feeds by segment, then archives by number.

    Raises:
        ValueError: ``chosen`` is empty.
        ConfigError: ``archive_size`` is larger than ``limit``.
    """
    rendered: dict[str, FeedItem] = {}

    def item_of(article: Article) -> FeedItem:
        item = rendered.get(article.id)
        if item is None:
            item = rendered[article.id] = render(article)
        return item

    latest = chosen if site.limit == 0 else chosen[: site.limit]
    main = make_feed(
        site, [item_of(article) for article in latest], links=_hub_links(site)
    )
    archives: list[Feed] = []
    count = 0
    if site.archive_size:
        archives, count = _archives(site, chosen, item_of)
    feeds: list[Feed] = []
    if count:
        # Each format's main feed links the newest archive of its own format.
        for formats in (("rss", "json"), ("atom",)):
            link_format: FeedFormat = "atom" if formats == ("atom",) else "rss"
            links = (
                *main.links,
                FeedLink(
                    rel="prev-archive",
                    href=_document_url(site, _archive_path(count), link_format),
                ),
            )
            feeds.append(
                PlannedFeed(
                    site=site,
                    title=main.title,
                    description=main.description,
                    path=main.path,
                    items=main.items,
                    updated=main.updated,
                    links=links,
                    formats=formats,
                )
            )
    else:
        feeds.append(_planned(main, kind="main"))
    if site.tag_feeds:
        feeds.extend(_tag_feeds(site, chosen, item_of))
    feeds.extend(archives)
    return tuple(feeds)


def websub_topics(site: Site, paths: Iterable[str]) -> list[str]:
    """The URLs of the documents among ``paths`` that hubs are told about, sorted.

    ``paths`` are paths under the output folder (``tags/alps/feed.xml``). Hubs
    hear about the main and tag feeds in every format the site writes; archive
    documents never change, and other files are no feeds.
    """
    names = {
        {"rss": site.rss_file, "atom": site.atom_file, "json": site.json_file}[fmt]
        for fmt in site.formats
    }
    topics: set[str] = set()
    for path in paths:
        folder, _, name = path.rpartition("/")
        if name not in names:
            continue
        is_tag = (
            site.tag_feeds
            and folder.startswith(TAGS_DIR)
            and "/" not in folder[len(TAGS_DIR) :]
            and folder != TAGS_DIR.rstrip("/")
        )
        if folder == "" or is_tag:
            topics.add(site.base_url + path)
    return sorted(topics)


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


def build_feeds(
    site: Site,
    articles: Iterable[Article],
    *,
    now: dt.datetime,
    include_drafts: bool = False,
    include_future: bool = False,
    body_of: Callable[[Article], str] = read_body,
) -> tuple[Feed, ...]:
    """Every feed document for ``articles``: the main feed first, then the tag
    feeds (``tag_feeds``) and the RFC 5005 archives (``archive_size``).

    ``body_of`` gives an article's Markdown body (default: the one it holds,
    else its file's).

    Raises:
        NothingToPublish: no article may enter a feed.
        ConfigError: ``archive_size`` is larger than ``limit``.
        ArticleError: two articles have the same ``source``.
    """
    candidates = list(articles)
    shared = shared_sources(candidates)
    if shared:
        raise shared[0]
    chosen = publishable(
        candidates,
        now=now,
        include_drafts=include_drafts,
        include_future=include_future,
    )
    return plan_feeds(
        site, chosen, partial(_render_article, site=site, body_of=body_of)
    )


def shared_sources(articles: Sequence[Article]) -> list[ArticleError]:
    """A problem for each article whose ``source`` an earlier one has.

    The source names an article wherever one is told from another (each
    document renders an article once, by its source): two must not share it.
    """
    if len({article.source for article in articles}) == len(articles):
        return []  # the usual case, one pass
    seen: set[str] = set()
    problems = []
    for article in articles:
        if article.source in seen:
            problems.append(
                ArticleError(
                    article.source,
                    "is the source of more than one article; give each article "
                    "its own source (e.g. db:41 and db:42)",
                )
            )
        seen.add(article.source)
    return problems


def _render_article(
    article: Article, *, site: Site, body_of: Callable[[Article], str] = read_body
) -> FeedItem:
    from summitfeed._render.item import render_item

    return render_item(article, body_of(article), site=site)


def renders_every_article(site: Site) -> bool:
    """Whether a build renders every article it may publish (a full feed,
    archives or tag feeds) rather than the newest ``limit`` only."""
    return site.limit == 0 or site.archive_size > 0 or site.tag_feeds
