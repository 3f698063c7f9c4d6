"""Turn raw front matter into a checked :class:`Article` (SPEC §1 field table).

One function per article field; each reads the keys listed in ``FIELD_KEYS``
(first present wins) and raises :class:`MetadataError` naming the key as
written, its line, what is wrong and what would be right. Every field is
checked, and the article's problems are raised together (the first by line,
carrying the others in ``also``).

Warnings (the article is still good): an updated date before the published
one, an unknown key that looks like a mistyped known one (kept as extra
metadata), and a hero image of the site that is not found (no enclosure length).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Final, NamedTuple, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from summitfeed._dates import DateValueError, date_from_filename, parse_date
from summitfeed._errors import MetadataError, Publication
from summitfeed._model import (
    Article,
    HeroImage,
    Person,
    Site,
    checked_article,
    thawed_value,
)
from summitfeed._people import (
    UNREADABLE_URL,
    kind_of,
    mistyped_person_keys,
    parse_person,
    readable_url,
)
from summitfeed._permalink import (
    PatternError,
    Place,
    TokenValues,
    categories_of,
    expand_pattern,
    jekyll_id,
    place_of,
    strip_date,
)
from summitfeed._read.frontmatter import RawArticle, first_heading, title_heading
from summitfeed._urls import is_plain_http_url, resolve_url, unsafe_scheme

__all__ = [
    "FIELD_KEYS",
    "ImageProbe",
    "Normalized",
    "normalize_article",
    "parse_person",
]

FIELD_KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    "title": ("title",),
    "subtitle": ("subtitle",),
    "summary": ("description", "summary", "excerpt"),
    "authors": ("author", "authors"),
    "published": (
        "publish_date",
        "date",
        "pubDate",
        "published",
        "publishDate",
        "pubDatetime",
    ),
    "created": ("created_date", "created"),
    "updated": (
        "updated_date",
        "updated",
        "updatedDate",
        "lastmod",
        "modified",
        "modDatetime",
        "last_modified_at",
    ),
    "hero": (
        "heroImage",
        "hero_image",
        "image",
        "images",
        "cover",
        "cover_image",
        "featured_image",
        "thumbnail",
        "featuredImage",
        "coverImage",
        "ogImage",
        "header",
    ),
    "tags": ("tags", "categories", "category", "keywords", "tag"),
    "slug": ("slug",),
    "url": ("url", "permalink", "canonical_url", "link"),
    "id": ("id", "guid"),
    "read_time": ("read_time", "reading_time", "readingTime", "readtime"),
    "cta": ("cta", "call_to_action"),
    "expires": ("expiryDate", "expiry_date", "expires"),
    "draft": ("draft", "status"),
    "feed": ("feed",),
    "language": ("lang", "language"),
}
_KNOWN_KEYS: Final = frozenset(key for keys in FIELD_KEYS.values() for key in keys)
# Known keys by their case-folded spelling, to suggest one for a mistyped key.
_FOLDED_KEYS: Final[Mapping[str, str]] = {
    key.casefold(): key for keys in FIELD_KEYS.values() for key in keys
}
_NO_TAGS: Final[tuple[str, ...]] = ()
TYPO_CUTOFF: Final = 0.75
"""How alike (difflib's ratio) an unknown key and a known one must be for a warning."""

# File extension -> MIME type. A fixed table (not the mimetypes module, which
# reads the machine's own files) keeps output identical on every machine.
IMAGE_TYPES: Final[Mapping[str, str]] = {
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
# The generators whose post URLs keep a leading date of the file name.
_DATE_KEPT_IN_NAME: Final = frozenset({"hugo", "astro", "eleventy"})


MAX_TAGS: Final = 500
"""Tags one article may have (``tags``, ``categories`` and ``keywords`` together)."""

ImageProbe = Callable[[str, str, str], int | None]
"""``probe(absolute_url, reference, source_path)``: an image's byte length, or None."""


T = TypeVar("T")


class Normalized(NamedTuple):
    """An article as checked, and the warnings about it."""

    article: Article
    warnings: tuple[str, ...] = ()


# Each known key: its field, and its place among the field's keys.
_FIELD_AND_RANK: Final[Mapping[str, tuple[str, int]]] = {
    key: (name, rank)
    for name, keys in FIELD_KEYS.items()
    for rank, key in enumerate(keys)
}


def _first_of_each(fields: Mapping[str, object]) -> dict[str, tuple[str, object]]:
    """Each field's first key (by ``FIELD_KEYS``' order) whose value is not
    null, with that value: one look-up per key the article has, instead of
    one per key every field may have."""
    found: dict[str, tuple[str, object]] = {}
    for key, value in fields.items():
        entry = _FIELD_AND_RANK.get(key)
        if entry is None or value is None:
            continue
        name, rank = entry
        have = found.get(name)
        if have is None or rank < _FIELD_AND_RANK[have[0]][1]:
            found[name] = (key, value)
    return found


@lru_cache(maxsize=16)
def _folder_prefix(root: str) -> str:
    """What starts the paths of the files found in ``root`` ("" for ".")."""
    prefix = "" if root in ("", ".") else root.replace("\\", "/").rstrip("/") + "/"
    return prefix[2:] if prefix.startswith("./") else prefix


@dataclass(slots=True)
class _Reader:
    """Reads one article's raw fields; knows where each key stands."""

    raw: RawArticle
    site: Site
    tz: ZoneInfo
    content_root: str | None = None
    warnings: list[tuple[int, str]] = field(default_factory=list)  # line, text
    errors: list[MetadataError] = field(default_factory=list)
    _place: Place | None = None
    # Each field's first key present (by FIELD_KEYS' order) and its value,
    # found in one pass over the keys the article has.
    found: dict[str, tuple[str, object]] = field(init=False)

    def __post_init__(self) -> None:
        self.found = _first_of_each(self.raw.fields)

    @property
    def place(self) -> Place:
        """The file's place under the content folder (folder, name, language)."""
        if self._place is None:
            self._place = place_of(self.relative_path())
        return self._place

    def relative_path(self) -> str:
        """The file's path under the content folder ("/"-separated); a file
        outside it (a library user's single article) counts as at its top."""
        path = self.raw.path
        if "\\" in path:
            path = path.replace("\\", "/")
        if path.startswith("./"):
            path = path[2:]
        root = self.content_root
        prefix = _folder_prefix(self.site.content_dir if root is None else root)
        if path.startswith(prefix):
            return path[len(prefix) :]
        return posixpath.basename(path)

    def attempt(self, check: Callable[..., T], fallback: T, *args: object) -> T:
        """``check(self, *args)``; when it finds a problem, keep it and return
        ``fallback``. (The check and its arguments are passed, not a closure:
        this runs for every field of every article.)"""
        try:
            return check(self, *args)
        except MetadataError as exc:
            self.errors.append(exc)
            return fallback

    def raise_errors(self, publication: Publication) -> None:
        """Raise the first problem kept (by line), carrying the others and
        what the article says of its publication."""
        unique: dict[tuple[int, str, str], MetadataError] = {}
        for error in self.errors:
            where = (error.line or 0, error.key or "", error.message)
            unique.setdefault(where, error)
        if not unique:
            return
        first, *others = sorted(unique.values(), key=lambda e: e.line or 0)
        raise MetadataError(
            first.path,
            first.message,
            line=first.line,
            key=first.key,
            also=others,
            publication=publication,
        )

    def first(self, name: str) -> tuple[str, object] | None:
        """The field's first key present (not null), with its value."""
        return self.found.get(name)

    def error(self, key: str, message: str) -> MetadataError:
        return MetadataError(
            self.raw.path, message, line=self.raw.line_of(key), key=key
        )

    def warn(self, key: str, message: str) -> None:
        line = self.raw.line_of(key)
        where = self.raw.path if line is None else f"{self.raw.path}:{line}"
        self.warnings.append((line or 0, f"{where}: {key}: {message}"))

    def text(self, key: str, value: object) -> str:
        if isinstance(value, str):  # (most values: tested first)
            return value.strip()
        if isinstance(value, bool):
            word = "true" if value else "false"
            raise self.error(
                key,
                f"is read as the yes/no value {word}; quote it to mean text "
                f"({key}: '{self.raw.scalars.get(key, word)}')",
            )
        if isinstance(value, int | float):
            return self.raw.scalars.get(key, str(value)).strip()
        if isinstance(value, dt.date):
            return value.isoformat()
        raise self.error(
            key, f"is {kind_of(value)}, but text is expected ({key}: 'some text')"
        )

    def optional_text(self, name: str) -> tuple[str, str] | None:
        found = self.first(name)
        if found is None:
            return None
        key, value = found
        text = self.text(key, value)
        return (key, text) if text else None

    def date(self, key: str, value: object) -> dt.datetime:
        try:
            moment = parse_date(value, tz=self.tz)
        except DateValueError as exc:
            raise self.error(key, str(exc)) from None
        if 2 <= moment.year <= 9998:
            return moment  # a day away from either end: no zone can overflow
        try:  # every output writes it in UTC, and permalinks in the site's zone
            moment.astimezone(dt.UTC)
            moment.astimezone(self.tz)
        except (OverflowError, ValueError):
            raise self.error(
                key,
                f"{moment.isoformat()} is too close to the year 1 or 9999 to be "
                "written in UTC; write a date between the years 2 and 9998",
            ) from None
        return moment

    def flag(self, key: str, value: object) -> bool:
        if isinstance(value, bool):
            return value
        raise self.error(key, f"is {kind_of(value)}; write true or false")


def normalize_article(
    raw: RawArticle,
    *,
    site: Site,
    tz: ZoneInfo | None = None,
    probe_image: ImageProbe | None = None,
    content_root: str | None = None,
) -> Normalized:
    """Check every field of ``raw`` and return the article with its warnings.

    ``content_root`` is the content folder the file was found in (default
    ``site.content_dir``): the article's place under it makes its slug, its
    language suffix and the ``{dir}`` and ``{section}`` of its URL.

    Every field is checked, so that all the article's problems are told at
    once; a field that is only derived from a wrong one (the URL from a
    wrong date) is not checked.

    Raises:
        MetadataError: the first problem (by line); ``also`` holds the others.
    """
    if site.front_matter_defaults:
        raw = _with_defaults(raw, site.front_matter_defaults)
    if site.author_ids:
        raw = _named_authors(raw, dict(site.author_ids))
    reader = _Reader(raw, site, tz or ZoneInfo(site.timezone), content_root)
    article = _checked_article(reader, probe_image)
    if not reader.warnings:  # (most articles)
        return Normalized(article)
    warnings = sorted(reader.warnings, key=lambda warning: warning[0])
    return Normalized(article, tuple(text for _, text in warnings))


def _checked_article(reader: _Reader, probe_image: ImageProbe | None) -> Article:
    """Check every field; the article, or its problems raised together."""
    site, raw, found = reader.site, reader.raw, reader.found
    attempt = reader.attempt
    title, title_from_body = _title_of(reader)
    # Zola's feeds hold only pages with a date: one without is a page; so
    # is an undated listing page of Eleventy's.
    undated_page = (
        site.preset == "zola" or (site.preset == "eleventy" and _listing(reader))
    ) and not _has_date(reader)
    published = _UNDATED if undated_page else attempt(_published, None)
    updated = attempt(_updated, None, published)
    slug = attempt(_slug, None)
    url = attempt(_url, None, slug, published, title)
    draft = attempt(_draft, False)
    article_id = attempt(_id, None, url, slug)
    created = attempt(_created, None)
    # A field without its key is its default: no check to run.
    subtitle = attempt(_plain, None, "subtitle") if "subtitle" in found else None
    summary = attempt(_plain, None, "summary") if "summary" in found else None
    authors = attempt(_authors, site.author) if "authors" in found else site.author
    hero = attempt(_hero, None, url, probe_image) if "hero" in found else None
    tags = (
        attempt(_tags, _NO_TAGS)
        if "tags" in found or "taxonomies" in raw.fields
        else _NO_TAGS
    )
    read_time = attempt(_read_time, None) if "read_time" in found else None
    cta = attempt(_cta, None) if "cta" in found else None
    language = attempt(_language, site.language)
    in_feeds = attempt(_in_feeds, True) and not undated_page
    expires = attempt(_expires, None) if "expires" in found else None
    _repeated_field_keys(reader)
    if reader.errors:
        reader.raise_errors(Publication(draft, in_feeds, expires))
    # With no problem kept, every field that fell back to None was checked.
    assert published is not None
    assert updated is not None
    assert slug is not None
    assert url is not None
    assert article_id is not None
    _warn_unknown_keys(reader)
    _warn_repeated_keys(reader)
    extra = {k: v for k, v in raw.fields.items() if k not in _KNOWN_KEYS}
    return checked_article(
        raw.path,
        slug,
        title,
        url,
        article_id,
        published,
        updated,
        created,
        subtitle,
        summary,
        authors,
        hero,
        tags,
        read_time,
        cta,
        language,
        draft,
        in_feeds,
        title_from_body,
        expires,
        MappingProxyType(extra) if extra else _NO_EXTRA,
    )


_NO_EXTRA: Final[MappingProxyType[str, object]] = MappingProxyType({})


def _title_of(reader: _Reader) -> tuple[str, bool]:
    """The title, and whether it is the body's first heading."""
    if reader.site.preset == "jekyll" and reader.first("title") is None:
        # Jekyll titles an untitled post from its file name (a heading stays).
        return _jekyll_title(reader), False
    return reader.attempt(_title, ("", False))


_UNDATED: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_NAME_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}[-_]")


def _listing(reader: _Reader) -> bool:
    """Whether an Eleventy file is its folder's page (``blog/index.md``,
    ``blog/blog.md``) or one with a URL of its own in its front matter
    (``permalink: /blog/``): a page that lists the posts, not one of them."""
    permalink = reader.raw.fields.get("permalink")
    if isinstance(permalink, str) and permalink.strip():
        return True
    place = reader.place
    folder = place.folder.rsplit("/", 1)[-1]
    return place.bundle or (bool(folder) and place.name == folder)


def _has_date(reader: _Reader) -> bool:
    """Whether the front matter or the file name gives a publish date."""
    fields = reader.raw.fields
    for key in (*FIELD_KEYS["published"], *FIELD_KEYS["created"]):
        value = fields.get(key)
        if value is not None and not (key == "published" and isinstance(value, bool)):
            return True
    if _NAME_DATE.match(reader.place.name) is not None:
        return True
    # The last fallback of _published: a date in the article's own URL.
    return _dated_path(reader) is not None


# Keys of the generators' own that look like ours but mean something else
# (MkDocs Material's related links, Hugo's CJK word count, PaperMod's
# switches): never a mistyped key.
_GENERATOR_KEYS: Final = frozenset(
    {"links", "related", "isCJKLanguage", "hideSummary", "ShowReadingTime"}
)


def _repeated_field_keys(reader: _Reader) -> None:
    """A field written twice is a problem: which of the two was meant?"""
    for key, first in reader.raw.repeated_keys.items():
        if key in _KNOWN_KEYS:
            last = reader.raw.line_of(key)
            reader.errors.append(
                reader.error(key, f"appears twice (lines {first} and {last}); keep one")
            )


def _warn_repeated_keys(reader: _Reader) -> None:
    """Another key written twice: the last is kept, as Jekyll and Hugo read it."""
    for key, first in reader.raw.repeated_keys.items():
        if key not in _KNOWN_KEYS:
            reader.warn(
                key,
                f"appears twice (also on line {first}); the last one is kept",
            )


def _warn_unknown_keys(reader: _Reader) -> None:
    """Warn about an unknown key that is most likely a known one mistyped."""
    for key in reader.raw.fields:
        if key in _KNOWN_KEYS or not isinstance(key, str) or key in _GENERATOR_KEYS:
            continue
        close = _close_known_key(key)
        # A key that extends the one beside it is no mistyping of it
        # (heroImageAlt beside heroImage).
        if close is not None and not (
            key.casefold().startswith(close.casefold()) and close in reader.raw.fields
        ):
            reader.warn(
                key,
                f"not a known field, kept as extra metadata; did you mean {close}?",
            )


@lru_cache(maxsize=1024)
def _close_known_key(key: str) -> str | None:
    """The known key ``key`` most likely mistypes, if any. Cached: the same
    unknown keys (layout, permalink...) come back in every article of a site,
    and each comparison with every known key takes a fraction of a millisecond."""
    import difflib  # (only for an unknown key)

    close = difflib.get_close_matches(
        key.casefold(), _FOLDED_KEYS, n=1, cutoff=TYPO_CUTOFF
    )
    return _FOLDED_KEYS[close[0]] if close else None


def _plain(reader: _Reader, name: str) -> str | None:
    found = reader.optional_text(name)
    return None if found is None else found[1]


_CTA_TEXT_KEYS: Final = ("text", "label", "title")
_CTA_URL_KEYS: Final = ("url", "href", "link")


def _cta(reader: _Reader) -> str | None:
    """The call to action as one line of inline Markdown.

    A mapping ``{text, url}`` (also ``label``/``title`` and ``href``/``link``)
    becomes a Markdown link with that text; text is kept as written.
    """
    found = reader.first("cta")
    if found is None:
        return None
    key, value = found
    if not isinstance(value, dict):
        text = reader.text(key, value)
        return text or None
    words = next((value[k] for k in _CTA_TEXT_KEYS if value.get(k) is not None), None)
    target = next((value[k] for k in _CTA_URL_KEYS if value.get(k) is not None), None)
    if target is None:
        if words is not None and reader.text(key, words):
            return reader.text(key, words)  # (text alone: shown as it is)
        raise reader.error(
            key,
            "needs text: and url: (what the call to action says and where it "
            f"leads), e.g. {key}: {{text: 'Subscribe', url: /subscribe/}}",
        )
    reference = reader.text(key, target)
    if not reference.lower().startswith("mailto:"):  # (a link may write to you)
        _check_scheme(reader, key, reference)
    text = reader.text(key, words) if words is not None else ""
    if not reference:
        return text or None
    # The text stays inline Markdown; only brackets that would end the
    # link text early are escaped. The destination goes in <...>, which
    # allows spaces.
    label = re.sub(r"(?<!\\)([\[\]])", r"\\\1", text) if text else reference
    destination = reference.replace("<", "%3C").replace(">", "%3E")
    return f"[{label}](<{destination}>)"


def _title(reader: _Reader) -> tuple[str, bool]:
    """The title, and whether it is the body's first heading (no title key)."""
    found = reader.first("title")
    title = "" if found is None else reader.text(*found)
    if title:
        return title, False
    heading = _heading_title(reader)
    if heading:
        return heading, True
    if "title" in reader.raw.fields:  # title: with nothing after it
        raise reader.error(
            "title", "is empty; write the article's title (title: 'My title')"
        )
    first = first_heading(reader.raw.body)
    if first is not None and first.filled_in:
        raise reader.error(
            "title",
            "missing; the body's first heading is filled in by template syntax "
            "(write title: 'My title')",
        )
    raise reader.error(
        "title",
        "missing; every article needs one (title: 'My title', or a heading "
        "'# My title' in the body)",
    )


# Characters that may make a heading's text Markdown rather than plain text.
_MARKDOWN_MARKS: Final = frozenset("*_`[]<>&\\!~")


def _heading_title(reader: _Reader) -> str:
    """The plain text of the body's first ``# heading``, or ''."""
    heading = title_heading(reader.raw.body)
    if heading is None:
        return ""
    if _MARKDOWN_MARKS.isdisjoint(heading.text):
        return " ".join(heading.text.split())
    from summitfeed._markdown import html_to_text, render_inline

    return html_to_text(render_inline(heading.text, base_url=reader.site.base_url))


def _published(reader: _Reader) -> dt.datetime:
    found = reader.first("published")
    if found is not None and found[0] == "published" and isinstance(found[1], bool):
        found = _date_after_flag(reader)  # published: false is no date
    if found is not None:
        key, value = found
        if _is_date_mapping(value):
            assert isinstance(value, dict)
            return _created_in_mapping(reader, key, value)
        return reader.date(key, value)
    created = _created(reader)
    if created is not None:
        return created
    stem = reader.place.name  # (a page bundle: its folder's name)
    try:
        from_name = date_from_filename(stem, tz=reader.tz)
    except DateValueError as exc:
        raise MetadataError(
            reader.raw.path, f"the date in the file name: {exc}"
        ) from None
    if from_name is not None:
        return from_name
    from_url = _date_in_url(reader)
    if from_url is not None:
        return from_url
    raise reader.error(
        "publish_date",
        "missing; every article needs a date (publish_date: '2025-02-13'), "
        "or a file name that starts with one (2025-02-13-my-title.md)",
    )


# A URL path that holds the date: ".../2014/12/12/slug" (Zola's path key, a
# permalink written out); blogs that date their URLs read the date there.
_DATED_PATH: Final = re.compile(r"(?:^|/)([0-9]{4})/([0-9]{2})/([0-9]{2})/[^/]")
_PATH_KEYS: Final = ("path", *FIELD_KEYS["url"])


def _dated_path(reader: _Reader) -> tuple[str, re.Match[str]] | None:
    """The first URL key whose path holds a date, with that date's match."""
    for key in _PATH_KEYS:
        value = reader.raw.fields.get(key)
        if isinstance(value, str):
            match = _DATED_PATH.search(urlsplit(value).path)
            if match is not None:
                return key, match
    return None


def _date_in_url(reader: _Reader) -> dt.datetime | None:
    """Midnight (in the site's zone) of a date the article's own URL holds."""
    found = _dated_path(reader)
    if found is None:
        return None
    key, match = found
    try:
        return parse_date("-".join(match.groups()), tz=reader.tz)
    except DateValueError as exc:
        raise reader.error(key, f"the date in the URL: {exc}") from None


def _created_in_mapping(
    reader: _Reader, key: str, dates: dict[object, object]
) -> dt.datetime:
    """MkDocs Material's ``date: {created: ..., updated: ...}``: the created one."""
    created = dates.get("created")
    if created is None:
        raise reader.error(
            key,
            "is a mapping without created:; write the publish date as "
            f"{key}: {{created: 2025-02-13}} (updated: is the update date)",
        )
    return _date_in_mapping(reader, key, "created", created)


def _date_in_mapping(
    reader: _Reader, key: str, name: str, value: object
) -> dt.datetime:
    try:
        return reader.date(key, value)
    except MetadataError as exc:
        raise reader.error(key, f"{name}: {exc.message}") from None


def _is_date_mapping(value: object) -> bool:
    """Whether ``value`` is MkDocs Material's mapping of a post's dates."""
    return isinstance(value, dict) and ("created" in value or "updated" in value)


def _date_after_flag(reader: _Reader) -> tuple[str, object] | None:
    """The first publish-date key after ``published``, when that one is a
    yes/no value (a draft flag, not a date)."""
    keys = FIELD_KEYS["published"]
    for key in keys[keys.index("published") + 1 :]:
        value = reader.raw.fields.get(key)
        if value is not None:
            return key, value
    return None


def _date_mapping(reader: _Reader) -> tuple[str, dict[object, object]] | None:
    """The published key that holds a mapping of dates, with the mapping."""
    found = reader.first("published")
    if found is not None and _is_date_mapping(found[1]):
        key, value = found
        assert isinstance(value, dict)
        return key, value
    return None


def _created(reader: _Reader) -> dt.datetime | None:
    found = reader.first("created")
    if found is not None:
        return reader.date(*found)
    mapping = _date_mapping(reader)
    if mapping is not None and mapping[1].get("created") is not None:
        key, dates = mapping
        return _date_in_mapping(reader, key, "created", dates["created"])
    return None


def _updated(reader: _Reader, published: dt.datetime | None) -> dt.datetime | None:
    found = reader.first("updated")
    if found is not None:
        key = found[0]
        updated = reader.date(*found)
    else:
        mapping = _date_mapping(reader)
        if mapping is None or mapping[1].get("updated") is None:
            return published
        key, dates = mapping
        updated = _date_in_mapping(reader, key, "updated", dates["updated"])
    if published is None:
        return None
    if updated < published:
        within = "updated: " if found is None else ""  # (in a mapping of dates)
        message = "is earlier than the publish date; using the publish date instead"
        reader.warn(key, within + message)
        return published
    return updated


def _with_defaults(
    raw: RawArticle, defaults: tuple[tuple[str, object], ...]
) -> RawArticle:
    """``raw`` with the site's front matter defaults for the article fields
    it does not give itself (a key of the front matter wins, also one of
    the same field: an article's ``authors`` wins over a default ``author``).
    A default's problem is told at the article's first line."""
    given = {
        name
        for name, keys in FIELD_KEYS.items()
        if any(raw.fields.get(key) is not None for key in keys)
    }
    added = {
        key: thawed_value(value)
        for key, value in defaults
        if key in _DEFAULTED_KEYS and _FIELD_OF[key] not in given
    }
    if not added:
        return raw
    return raw._replace(fields={**added, **raw.fields})


# A URL, id or slug is never a default: every post would have the same.
_DEFAULTED_KEYS: Final = _KNOWN_KEYS.difference(
    *(FIELD_KEYS[name] for name in ("url", "id", "slug"))
)
_FIELD_OF: Final[Mapping[str, str]] = {
    key: name for name, keys in FIELD_KEYS.items() for key in keys
}


def _named_authors(raw: RawArticle, known: Mapping[str, Person]) -> RawArticle:
    """``authors: [lena]`` as the people the site's list of authors names."""
    for key in FIELD_KEYS["authors"]:
        value = raw.fields.get(key)
        if value is None:
            continue
        names = value if isinstance(value, list) else [value]
        if not all(isinstance(name, str) and name in known for name in names):
            return raw
        people = [
            {
                part: getattr(known[str(name)], part)
                for part in ("name", "email", "url")
                if getattr(known[str(name)], part)
            }
            for name in names
        ]
        return raw._replace(fields={**raw.fields, key: people})
    return raw


def _jekyll_title(reader: _Reader) -> str:
    """Jekyll's title for a post without one: its file name's words,
    each capitalized (``2016-05-19-codeblocks-ahoy.md``: Codeblocks Ahoy)."""
    words = strip_date(reader.place.name, "jekyll").split("-")
    return " ".join(word.capitalize() for word in words if word) or reader.place.name


def _expires(reader: _Reader) -> dt.datetime | None:
    found = reader.first("expires")
    return None if found is None else reader.date(*found)


def _slug(reader: _Reader) -> str:
    found = reader.optional_text("slug")
    if found is None:
        # The file's name (a page bundle: its folder's), without a language
        # suffix, and without a leading date unless the generator keeps it.
        preset = reader.site.preset
        slug = reader.place.name
        if preset not in _DATE_KEPT_IN_NAME:
            slug = strip_date(slug, preset)
        key = "slug"
    else:
        key, slug = found
    slug = slug.strip("/")
    if slug in _UNUSABLE_SEGMENTS or (
        "/" in slug and any(part in _UNUSABLE_SEGMENTS for part in slug.split("/"))
    ):
        raise reader.error(
            key, f"{slug!r} is not a usable slug (write e.g. slug: 'first-snow')"
        )
    return slug


# Path segments a slug may not have: empty, or one that moves up or stays.
_UNUSABLE_SEGMENTS: Final = frozenset({"", ".", ".."})


def _url(
    reader: _Reader, slug: str | None, published: dt.datetime | None, title: str
) -> str | None:
    site = reader.site
    found = _explicit_url(reader)
    if found is not None:
        key, reference = found
        _check_scheme(reader, key, reference)
        if site.preset is not None and reference[:1] == "/" != reference[1:2]:
            # The generators take a path as under the site's base URL
            # (Hugo's url, Jekyll's and Eleventy's permalink).
            reference = reference.lstrip("/")
        return resolve_url(reference, site.base_url)
    if slug is None or published is None:
        return None  # made from fields that are wrong: nothing more to tell
    if site.permalink == _SLUG_ONLY and site.preset is None:
        # The default pattern is the slug alone: no token values to make.
        return _resolved_path(slug + "/", site.base_url)
    values = TokenValues(
        place=reader.place,
        slug=slug,
        slug_given=reader.raw.fields.get("slug") is not None,
        title=title,
        # The generators date a URL as the date is written (its own offset);
        # summitfeed's own patterns, in the site's time zone.
        published=published if site.preset else published.astimezone(reader.tz),
        categories=(
            categories_of(reader.raw.fields, reader.place.folder, site.preset)
            if "{categories}" in site.permalink
            else ()
        ),
        preset=site.preset,
    )
    try:
        path = expand_pattern(site.permalink, values)
    except PatternError as exc:  # pragma: no cover - checked in settings
        raise reader.error("slug", f"the permalink pattern: {exc}") from None
    return _resolved_path(path, site.base_url)


_SLUG_ONLY: Final = "{slug}/"  # (Site's default permalink)


def _resolved_path(path: str, base_url: str) -> str:
    """The URL of a path made by the permalink pattern, under ``base_url``."""
    relative = path.lstrip("/")
    if ":" in relative.partition("/")[0]:
        relative = "./" + relative  # a path under base_url, not a URL "db:42/"
    return resolve_url(relative, base_url)


def _explicit_url(reader: _Reader) -> tuple[str, str] | None:
    """The URL the front matter gives, in the generator's own key."""
    preset = reader.site.preset
    fields = reader.raw.fields
    if preset == "zola" and isinstance(fields.get("path"), str):
        # Zola: the page's path under base_url, with or without slashes.
        path = reader.text("path", fields["path"]).strip("/")
        return "path", path + "/" if path else ""
    if preset == "eleventy" and "permalink" in fields:
        value = fields["permalink"]
        if value is False:
            return None  # not written as a page (see _in_feeds)
        if isinstance(value, str) and ("{{" in value or "{%" in value):
            reader.warn(
                "permalink",
                "is a template only Eleventy can fill; the URL is made from "
                "the file's path instead",
            )
            return None
    return reader.optional_text("url")


def _check_scheme(reader: _Reader, key: str, reference: str) -> None:
    if is_plain_http_url(reference) and "[" not in reference:
        return
    if not readable_url(reference):
        raise reader.error(key, f"{reference!r} {UNREADABLE_URL}")
    scheme = unsafe_scheme(reference)
    if scheme is not None:
        raise reader.error(
            key,
            f"{scheme}: URLs are not allowed; use an http(s) URL or a path "
            "such as /images/photo.jpg",
        )


def _id(reader: _Reader, url: str | None, slug: str | None) -> str | None:
    found = reader.optional_text("id")
    if found is not None:
        return found[1]
    base = reader.site.base_url
    if (
        reader.site.preset == "jekyll"
        and url is not None
        and slug is not None
        and url.startswith(base)
    ):
        # jekyll-feed's entry id: the post's id, its URL's folder + slug.
        path = jekyll_id("/" + url[len(base) :], slug)
        return resolve_url(path.lstrip("/"), base)
    return url


def _draft(reader: _Reader) -> bool:
    draft = False
    if "draft" in reader.raw.fields and reader.raw.fields["draft"] is not None:
        draft = reader.flag("draft", reader.raw.fields["draft"])
    status = reader.raw.fields.get("status")
    if status is not None:
        draft = draft or reader.text("status", status).lower() == "draft"
    if reader.raw.fields.get("published") is False:
        draft = True
    return draft


def _in_feeds(reader: _Reader) -> bool:
    fields = reader.raw.fields
    if reader.site.preset == "eleventy" and (
        fields.get("permalink") is False
        or fields.get("eleventyExcludeFromCollections") is True
    ):
        return False  # Eleventy writes no page, or lists it in no collection
    value = fields.get("feed")
    return True if value is None else reader.flag("feed", value)


def _language(reader: _Reader) -> str:
    found = reader.optional_text("language")
    if found is None:
        return reader.place.language or reader.site.language
    key, language = found
    if not _LANGUAGE.match(language):
        raise reader.error(
            key, f"{language!r} is not a language tag (write e.g. en or de-CH)"
        )
    return language


def _read_time(reader: _Reader) -> str | None:
    found = reader.first("read_time")
    if found is None:
        return None
    key, value = found
    if isinstance(value, int) and not isinstance(value, bool):
        if value <= 0:
            raise reader.error(
                key, f"is {value}; write a positive number of minutes ({key}: 8)"
            )
        return f"{value} min"
    text = reader.text(key, value)
    return text or None


def _tag_values(reader: _Reader) -> list[tuple[str, object]]:
    """Each key that gives tags, with its value: the tag keys, then Zola's
    ``[taxonomies]`` table (its tags and categories)."""
    fields = reader.raw.fields
    given = [(key, fields[key]) for key in FIELD_KEYS["tags"] if key in fields]
    taxonomies = fields.get("taxonomies")
    if isinstance(taxonomies, dict):
        given += [
            ("taxonomies", taxonomies[name])
            for name in ("tags", "categories")
            if name in taxonomies
        ]
    return given


def _tags(reader: _Reader) -> tuple[str, ...]:
    tags: list[str] = []
    seen: set[str] = set()
    for key, value in _tag_values(reader):
        if value is None:
            continue
        if isinstance(value, str):
            items: list[object] = _split_tags(reader, key, value)
        elif isinstance(value, list):
            items = value
        else:
            raise reader.error(key, f"is {kind_of(value)}; write a list or 'one, two'")
        for item in items:
            if isinstance(item, str):  # (most tags: as reader.text reads them)
                tag = " ".join(item.split())
            elif isinstance(item, list | dict):
                raise reader.error(
                    key,
                    f"holds {kind_of(item)}; write each tag as text ({key}: [a, b])",
                )
            else:
                tag = " ".join(reader.text(key, item).split())
            folded = tag.casefold()
            if tag and folded not in seen:
                seen.add(folded)
                tags.append(tag)
                if len(tags) > MAX_TAGS:
                    raise reader.error(
                        key,
                        f"more than {MAX_TAGS} tags (the limit for one article); "
                        "keep the few that readers filter by",
                    )
    return tuple(tags)


# Jekyll reads a text of tags or categories as words: 'jekyll update' is two.
_JEKYLL_WORD_LISTS: Final = frozenset({"tags", "categories"})


def _split_tags(reader: _Reader, key: str, text: str) -> list[object]:
    """One text of tags: comma-separated; under the Jekyll preset, without a
    comma, separated by white space as Jekyll reads it."""
    if "," in text or key not in _JEKYLL_WORD_LISTS or reader.site.preset != "jekyll":
        return list(text.split(","))
    return list(text.split())


def _authors(reader: _Reader) -> tuple[Person, ...]:
    found = reader.first("authors")
    if found is None:
        return reader.site.author
    key, value = found
    values = value if isinstance(value, list) else [value]
    people: list[Person] = []
    for item in values:
        if isinstance(item, bool | int | float):
            item = reader.text(key, item)
        person = _person_of_text(item) if isinstance(item, str) else parse_person(item)
        if isinstance(person, str):
            raise reader.error(key, person)
        if isinstance(item, dict):
            for written, meant in mistyped_person_keys(item):
                reader.warn(
                    key,
                    f"{written} is not a key of a person, left out; "
                    f"did you mean {meant}?",
                )
        people.append(person)
    if not people:
        return reader.site.author
    return tuple(people)


@lru_cache(maxsize=1024)
def _person_of_text(text: str) -> Person | str:
    """:func:`parse_person` of an author written as text. Cached: a site's
    articles name the same few people, and a Person cannot change."""
    return parse_person(text)


def _hero(
    reader: _Reader, article_url: str | None, probe: ImageProbe | None
) -> HeroImage | None:
    found = reader.first("hero")
    if found is None:
        return None
    key, value = found
    if isinstance(value, list):  # Hugo's images: the first is the hero
        if not value:
            return None
        value = value[0]
    alt: str | None = None
    caption: str | None = None
    width = height = None
    mime: str | None = None
    if isinstance(value, dict):
        source = next(
            (value[name] for name in _HERO_SOURCES if value.get(name) is not None),
            None,
        )
        if source is None and key == "header":
            return None  # a header of colours or text only (Minimal Mistakes)
        if source is None:
            raise reader.error(
                key, "needs src: (the image's URL or path; also url, image or path)"
            )
        alt = _hero_text(reader, key, value.get("alt"))
        caption = _hero_text(reader, key, value.get("caption"))
        mime = _hero_text(reader, key, value.get("type"))
        width = _hero_size(reader, key, value.get("width"))
        height = _hero_size(reader, key, value.get("height"))
    else:
        source = value
    reference = reader.text(key, source)
    if not reference:
        return None
    _check_scheme(reader, key, reference)
    if article_url is None:
        return None  # the article's URL is wrong: the image cannot be resolved
    if reader.site.preset == "astro" and _astro_asset(reference):
        reader.warn(
            key,
            "a file of src/ that Astro's build renames (under /_astro/), so its "
            "URL cannot be known: the article has no hero image in the feeds "
            "(an image under public/, given as /images/x.jpg, can be)",
        )
        return None
    url = resolve_url(reference, article_url)
    if mime is None:
        suffix = posixpath.splitext(url.split("?", 1)[0].split("#", 1)[0])[1].lower()
        mime = IMAGE_TYPES.get(suffix)
    length = None
    if probe is not None:
        length = probe(url, reference, reader.raw.path)
        if length is None:
            _warn_missing_image(reader, key, reference, url)
    return HeroImage(
        url=url,
        alt=alt,
        width=width,
        height=height,
        mime_type=mime,
        length=length,
        caption=caption,
    )


# Where a mapping gives the image itself: src or url (most themes), image
# (Hugo's cover: {image, alt, caption}), path (Jekyll's image: {path, alt}),
# overlay_image or teaser (Minimal Mistakes' header).
_HERO_SOURCES: Final = ("src", "url", "image", "path", "overlay_image", "teaser")


def _warn_missing_image(reader: _Reader, key: str, reference: str, url: str) -> None:
    """Warn when a hero image that is a file of the site is not found."""
    site = reader.site
    relative = (
        not reference.startswith(("http://", "https://", "/"))
        and not urlsplit(reference).scheme
    )
    if not relative and not url.startswith(site.base_url):
        return  # on another host: not looked for
    static = site.static_dir or site.content_dir
    where = f"in static_dir ({static})"
    if relative:
        where = f"beside the article nor {where}"
    reader.warn(key, f"{reference} is not {where}; the enclosure length is 0")


def _astro_asset(reference: str) -> bool:
    """Whether an Astro post's image is a file of ``src/`` that its build renames.

    Astro publishes ``public/`` as it is; an image given by a relative path
    (``../../assets/x.jpg``) or an import alias (``~/assets``, ``@/assets``)
    is processed into a hashed file name that only its build knows.
    """
    return reference.startswith(("./", "../", "~/", "@/", "src/"))


def _hero_text(reader: _Reader, key: str, value: object) -> str | None:
    if value is None:
        return None
    return reader.text(key, value) or None


def _hero_size(reader: _Reader, key: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise reader.error(key, "width and height must be whole numbers of pixels")
