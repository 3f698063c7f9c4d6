"""The values that flow through a build: site settings, people, articles, feeds.

All are frozen dataclasses. Dates are always aware; URLs are always absolute.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Final, Literal
from urllib.parse import urlsplit

from summitfeed._errors import ArticleError, ConfigError
from summitfeed._text import xml_safe
from summitfeed._urls import resolve_url

__all__ = [
    "FORMATS",
    "PRESETS",
    "Article",
    "Feed",
    "FeedItem",
    "FeedLink",
    "HeroImage",
    "Person",
    "Site",
]

FeedFormat = Literal["rss", "atom", "json"]
FORMATS: tuple[FeedFormat, ...] = ("rss", "atom", "json")
PRESETS: Final[tuple[str, ...]] = (
    "jekyll",
    "hugo",
    "astro",
    "eleventy",
    "mkdocs-material",
    "zola",
)
"""The generators whose sites summitfeed reads as they are (SPEC §6)."""

_EMPTY: Mapping[str, object] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Person:
    """An author: a name, and optionally an e-mail address and a web page."""

    name: str
    email: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("a person needs a name")

    def __reduce__(self) -> tuple[object, ...]:
        # Faster than the default for slotted dataclasses; the cache holds many.
        return (Person, (self.name, self.email, self.url))


@dataclass(frozen=True, slots=True, kw_only=True)
class HeroImage:
    """The article's lead image, as an absolute URL."""

    url: str
    alt: str | None = None
    width: int | None = None
    height: int | None = None
    mime_type: str | None = None
    length: int | None = None  # bytes; None when unknown
    caption: str | None = None

    def __reduce__(self) -> tuple[object, ...]:
        fields = (
            self.url,
            self.alt,
            self.width,
            self.height,
            self.mime_type,
            self.length,
            self.caption,
        )
        return (_rebuild_hero, fields)


def _rebuild_hero(
    url: str,
    alt: str | None,
    width: int | None,
    height: int | None,
    mime_type: str | None,
    length: int | None,
    caption: str | None = None,
) -> HeroImage:
    return HeroImage(
        url=url,
        alt=alt,
        width=width,
        height=height,
        mime_type=mime_type,
        length=length,
        caption=caption,
    )


class FrozenList(tuple[object, ...]):
    """A list of front matter kept in a Site (hashable; :func:`thawed_value`)."""

    __slots__ = ()


class FrozenMapping(tuple[tuple[object, object], ...]):
    """A mapping of front matter kept in a Site, as its (key, value) pairs."""

    __slots__ = ()


def frozen_value(value: object) -> object:
    """``value`` (YAML's lists, mappings and scalars) as hashable values."""
    if isinstance(value, dict):
        return FrozenMapping((key, frozen_value(item)) for key, item in value.items())
    if isinstance(value, list):
        return FrozenList(frozen_value(item) for item in value)
    return value


def thawed_value(value: object) -> object:
    """The lists and mappings :func:`frozen_value` froze, as they were read."""
    if isinstance(value, FrozenMapping):
        return {key: thawed_value(item) for key, item in value}
    if isinstance(value, FrozenList):
        return [thawed_value(item) for item in value]
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    """Site settings (SPEC §2), from :func:`summitfeed.load_site` or built directly."""

    title: str
    base_url: str
    description: str | None = None
    language: str = "en"
    author: tuple[Person, ...] = ()
    timezone: str = "UTC"
    permalink: str = "{slug}/"
    content_dir: str = "content"
    include: tuple[str, ...] = ("**/*.md", "**/*.markdown")
    exclude: tuple[str, ...] = ()
    output_dir: str = "public"
    static_dir: str | None = None
    formats: tuple[FeedFormat, ...] = FORMATS
    rss_file: str = "feed.xml"
    atom_file: str = "atom.xml"
    json_file: str = "feed.json"
    limit: int = 50
    full_content: bool = True
    tag_feeds: bool = False
    archive_size: int = 0
    icon: str | None = None
    logo: str | None = None
    rights: str | None = None
    hubs: tuple[str, ...] = ()
    ping_timeout: int = 30  # seconds for the whole ping of every hub
    preview: bool = True
    cache_dir: str = ".summitfeed-cache"
    preset: str | None = None
    author_ids: tuple[tuple[str, Person], ...] = ()
    """Authors by the name articles give them with (MkDocs Material's
    ``.authors.yml``: ``authors: [lena]``)."""
    front_matter_defaults: tuple[tuple[str, object], ...] = ()
    """Front matter every article has unless it gives the key itself
    (Jekyll's ``defaults`` in ``_config.yml``), frozen by :func:`frozen_value`
    so that the site stays hashable."""
    show_read_time: bool = True
    read_time_label: str | None = None
    max_body_size: int = 8 * 1024 * 1024
    max_front_matter_size: int = 1024 * 1024
    max_nesting: int = 100
    max_open_formatting: int = 4
    max_table_cells: int = 100_000

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ConfigError("title: the site needs a title")
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(
                f"base_url: {self.base_url!r} is not an absolute http(s) URL "
                "(write e.g. https://example.org/ or https://example.org/blog/)"
            )
        if not self.base_url.endswith("/"):
            object.__setattr__(self, "base_url", self.base_url + "/")
        # Feeds need absolute image URLs, also for a Site built directly.
        for name in ("icon", "logo"):
            reference = getattr(self, name)
            if reference is not None:
                object.__setattr__(self, name, resolve_url(reference, self.base_url))
        for name in ("limit", "archive_size"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name}: must be 0 or more")
        for name in ("max_body_size", "max_front_matter_size"):
            if getattr(self, name) < 1024:
                raise ConfigError(f"{name}: must be 1024 (bytes) or more")
        for name in ("max_nesting", "max_open_formatting", "max_table_cells"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name}: must be 1 or more")
        if self.ping_timeout < 1:
            raise ConfigError("ping_timeout: must be 1 second or more")
        if self.preset is not None and self.preset not in PRESETS:
            raise ConfigError(
                f"preset: {self.preset!r} is not a known generator "
                f"(choose from {', '.join(PRESETS)})"
            )
        unknown = [f for f in self.formats if f not in FORMATS]
        if unknown or not self.formats:
            raise ConfigError(
                f"formats: {', '.join(map(str, unknown)) or 'none given'} "
                "(choose from rss, atom, json)"
            )

    @property
    def feed_description(self) -> str:
        return self.description or self.title


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One article's front matter, checked and normalised, and maybe its body.

    ``source`` is the file as the user would type it (or the text given in
    its place, such as ``db:42``). ``summary`` is the given description
    (``None`` when the body's excerpt stands in). ``read_time`` is the given
    text (``None`` when it is computed from the body).
    ``title_from_body``: the front matter has no title, so the body's first
    ``# heading`` is the title (and is left out of the content).
    ``expires``: after this instant the article leaves the feeds.

    ``body`` is the Markdown body when the article was made from text, a
    mapping or a post; ``None`` for an article read from a file, whose body is
    read again from ``source`` when a feed needs it (a build holds many
    articles and renders few). It takes no part in comparison: an article
    made from a file's text equals the one read from the file.
    """

    source: str
    slug: str
    title: str
    url: str
    id: str
    published: dt.datetime
    updated: dt.datetime
    created: dt.datetime | None = None
    subtitle: str | None = None
    summary: str | None = None
    authors: tuple[Person, ...] = ()
    hero: HeroImage | None = None
    tags: tuple[str, ...] = ()
    read_time: str | None = None
    cta: str | None = None
    language: str = "en"
    draft: bool = False
    in_feeds: bool = True
    title_from_body: bool = False
    expires: dt.datetime | None = None
    extra: Mapping[str, object] = field(default_factory=lambda: _EMPTY)
    body: str | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        for name in ("published", "updated"):
            moment: dt.datetime = getattr(self, name)
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ValueError(f"{name} must be an aware datetime")
        if self.expires is not None and self.expires.utcoffset() is None:
            raise ValueError("expires must be an aware datetime")
        if not isinstance(self.extra, MappingProxyType):
            object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))

    def __reduce__(self) -> tuple[object, ...]:
        # MappingProxyType cannot be pickled; the build sends articles
        # between processes and keeps them in its cache. The values in field
        # order, extra apart (a dict, or None when empty): a full archive
        # sends 10,000. The fields after extra are left out while they hold
        # their defaults, as they do for every article read from a file.
        values = _ARTICLE_VALUES(self)
        extra = dict(self.extra) if self.extra else None
        after = values[_EXTRA_AT + 1 :]
        if after == _AFTER_DEFAULTS:
            return (_rebuild_article, (values[:_EXTRA_AT], extra))
        return (_rebuild_article, (values[:_EXTRA_AT], extra, after))


def checked_article(
    source: str,
    slug: str,
    title: str,
    url: str,
    id: str,
    published: dt.datetime,
    updated: dt.datetime,
    created: dt.datetime | None,
    subtitle: str | None,
    summary: str | None,
    authors: tuple[Person, ...],
    hero: HeroImage | None,
    tags: tuple[str, ...],
    read_time: str | None,
    cta: str | None,
    language: str,
    draft: bool,
    in_feeds: bool,
    title_from_body: bool,
    expires: dt.datetime | None,
    extra: MappingProxyType[str, object],
    /,
) -> Article:
    """An :class:`Article` of values already checked, without its own checks
    (the field checks made them: aware dates, and an ``extra`` of its own)."""
    article: Article = _new(Article)
    _set(article, "source", source)
    _set(article, "slug", slug)
    _set(article, "title", title)
    _set(article, "url", url)
    _set(article, "id", id)
    _set(article, "published", published)
    _set(article, "updated", updated)
    _set(article, "created", created)
    _set(article, "subtitle", subtitle)
    _set(article, "summary", summary)
    _set(article, "authors", authors)
    _set(article, "hero", hero)
    _set(article, "tags", tags)
    _set(article, "read_time", read_time)
    _set(article, "cta", cta)
    _set(article, "language", language)
    _set(article, "draft", draft)
    _set(article, "in_feeds", in_feeds)
    _set(article, "title_from_body", title_from_body)
    _set(article, "expires", expires)
    _set(article, "extra", extra)
    _set(article, "body", None)
    return article


_new = object.__new__
_set = object.__setattr__

_ARTICLE_FIELDS: Final = tuple(Article.__dataclass_fields__)
_ARTICLE_VALUES: Final = operator.attrgetter(*_ARTICLE_FIELDS)
_EXTRA_AT: Final = _ARTICLE_FIELDS.index("extra")
_AFTER_EXTRA: Final = _ARTICLE_FIELDS[_EXTRA_AT + 1 :]
_AFTER_DEFAULTS: Final = tuple(
    Article.__dataclass_fields__[name].default for name in _AFTER_EXTRA
)


def _rebuild_article(
    values: tuple[object, ...],
    extra: dict[str, object] | None,
    after: tuple[object, ...] = _AFTER_DEFAULTS,
) -> Article:
    # The values were checked when the article was first made: not again.
    article: Article = object.__new__(Article)
    for name, value in zip(_ARTICLE_FIELDS, values, strict=False):
        object.__setattr__(article, name, value)
    object.__setattr__(article, "extra", MappingProxyType(extra) if extra else _EMPTY)
    for name, value in zip(_AFTER_EXTRA, after, strict=True):
        object.__setattr__(article, name, value)
    return article


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedItem:
    """An article made ready for a feed: its HTML and its summary.

    ``summary`` is always plain text (what a reader shows); ``summary_html``
    is the summary as sanitized HTML with absolute URLs when it was written
    or taken as HTML (a description holding HTML elements, an excerpt of
    the rendered body), else ``None``: a format whose summary field takes
    HTML publishes it, the others publish ``summary``.

    All hold only characters XML 1.0 allows (any other is dropped when the
    item is made), so that every feed writer can take them as they are.
    """

    article: Article
    summary: str
    content_html: str | None  # None when the site gives summaries only
    summary_html: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "summary", xml_safe(self.summary))
        if self.content_html is not None:
            object.__setattr__(self, "content_html", xml_safe(self.content_html))
        if self.summary_html is not None:
            object.__setattr__(self, "summary_html", xml_safe(self.summary_html))

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_item,
            (self.article, self.summary, self.content_html, self.summary_html),
        )


def without_content(item: FeedItem) -> FeedItem:
    """``item`` without its content: what the command's build holds of an
    item whose content its document fragments already hold (sent between
    processes and kept by the cache at a fraction of the size). Never in
    a report: the library's builds keep every item whole."""
    return _rebuild_item(item.article, item.summary, None, item.summary_html)


def _rebuild_item(
    article: Article,
    summary: str,
    content_html: str | None,
    summary_html: str | None = None,
) -> FeedItem:
    # The values were checked when the item was first made: not again for
    # each of the 10,000 items a full archive sends between processes.
    item: FeedItem = object.__new__(FeedItem)
    object.__setattr__(item, "article", article)
    object.__setattr__(item, "summary", summary)
    object.__setattr__(item, "content_html", content_html)
    object.__setattr__(item, "summary_html", summary_html)
    return item


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedLink:
    """A link between feed documents (RFC 5005 archives, WebSub hubs)."""

    rel: str
    href: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Feed:
    """One feed document's worth of items, newest first, in all formats.

    ``path`` is the folder under the output folder ("" for the main feeds,
    "tags/alps/" for a tag feed). ``updated`` is the newest item's update.
    """

    site: Site
    title: str
    description: str
    path: str
    items: tuple[FeedItem, ...]
    updated: dt.datetime
    links: tuple[FeedLink, ...] = ()
    file_names: Mapping[FeedFormat, str] = field(default_factory=dict)

    def file_name(self, fmt: FeedFormat) -> str:
        """The document's path under the output folder, e.g. ``tags/alps/feed.xml``."""
        names = self.file_names or {
            "rss": self.site.rss_file,
            "atom": self.site.atom_file,
            "json": self.site.json_file,
        }
        return self.path + names[fmt]

    def url(self, fmt: FeedFormat) -> str:
        return self.site.base_url + self.file_name(fmt)


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did.

    ``articles``: files read; ``cached``: of those, taken from the cache;
    ``rendered``: items rendered now; ``written``/``unchanged``: output files;
    ``skipped``: problems of articles left out (lenient); ``feeds`` and
    ``files`` (path -> bytes): what was rendered, both empty when the cache
    showed that inputs and output files are unchanged (``use_cache=False``
    always renders); ``item_counts``: items per feed document.
    """

    articles: int
    feeds: tuple[Feed, ...]
    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]
    skipped: tuple[ArticleError, ...] = ()
    warnings: tuple[str, ...] = ()
    rendered: int = 0
    cached: int = 0
    files: Mapping[str, bytes] = field(default_factory=dict)
    item_counts: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Request:
    """What one build was asked: the settings, the moment it publishes at,
    its options, and the folder it writes to."""

    site: Site
    moment: dt.datetime
    include_drafts: bool
    include_future: bool
    lenient: bool
    dry_run: bool
    out_root: Path
