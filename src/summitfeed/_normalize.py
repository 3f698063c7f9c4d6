"""Turn raw front matter into a checked :class:`Article` (SPEC §1 field table).

One function per article field; each reads the keys listed in ``FIELD_KEYS``
(first present wins) and raises :class:`MetadataError` naming the key as
written, its line, what is wrong and what would be right.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Final
from zoneinfo import ZoneInfo

from ._dates import DateValueError, date_from_filename, parse_date
from ._errors import MetadataError
from ._model import Article, HeroImage, Person, Site
from ._parse import RawArticle
from ._people import UNREADABLE_URL, kind_of, parse_person, readable_url
from ._urls import resolve_url, unsafe_scheme

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
    "published": ("publish_date", "date", "pubDate", "published", "publishDate"),
    "created": ("created_date", "created"),
    "updated": ("updated_date", "updated", "updatedDate", "lastmod", "modified"),
    "hero": (
        "heroImage",
        "hero_image",
        "image",
        "cover",
        "cover_image",
        "featured_image",
        "thumbnail",
    ),
    "tags": ("tags", "categories", "keywords"),
    "slug": ("slug",),
    "url": ("url", "permalink", "canonical_url", "link"),
    "id": ("id", "guid"),
    "read_time": ("read_time", "reading_time", "readingTime"),
    "cta": ("cta", "call_to_action"),
    "draft": ("draft", "status"),
    "feed": ("feed",),
    "language": ("lang", "language"),
}
_KNOWN_KEYS: Final = frozenset(key for keys in FIELD_KEYS.values() for key in keys)

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
_DATED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-")

MAX_TAGS: Final = 500
"""Tags one article may have (``tags``, ``categories`` and ``keywords`` together)."""

ImageProbe = Callable[[str, str, str], int | None]
"""``probe(absolute_url, reference, source_path)``: an image's byte length, or None."""


def _no_probe(url: str, reference: str, source: str) -> int | None:
    return None


@dataclass(frozen=True, slots=True)
class Normalized:
    article: Article
    warnings: tuple[str, ...] = field(default=())

    def __reduce__(self) -> tuple[object, ...]:
        return (Normalized, (self.article, self.warnings))


@dataclass(slots=True)
class _Reader:
    """Reads one article's raw fields; knows where each key stands."""

    raw: RawArticle
    site: Site
    tz: ZoneInfo
    warnings: list[str] = field(default_factory=list)

    def first(self, name: str) -> tuple[str, object] | None:
        for key in FIELD_KEYS[name]:
            if key in self.raw.fields:
                value = self.raw.fields[key]
                if value is not None:
                    return key, value
        return None

    def error(self, key: str, message: str) -> MetadataError:
        return MetadataError(
            self.raw.path, message, line=self.raw.line_of(key), key=key
        )

    def warn(self, key: str, message: str) -> None:
        self.warnings.append(
            f"{self.raw.path}:{self.raw.line_of(key)}: {key}: {message}"
        )

    def text(self, key: str, value: object) -> str:
        if isinstance(value, bool):
            word = "true" if value else "false"
            raise self.error(
                key,
                f"is read as the yes/no value {word}; quote it to mean text "
                f"({key}: '{self.raw.scalars.get(key, word)}')",
            )
        if isinstance(value, str):
            return value.strip()
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
    probe_image: ImageProbe = _no_probe,
) -> Normalized:
    """Check every field of ``raw`` and return the article with its warnings.

    Raises:
        MetadataError: the first field that is missing or wrong.
    """
    reader = _Reader(raw, site, tz or ZoneInfo(site.timezone))
    title = _title(reader)
    published = _published(reader)
    updated = _updated(reader, published)
    slug = _slug(reader)
    url = _url(reader, slug, published)
    draft = _draft(reader)
    article = Article(
        source=raw.path,
        slug=slug,
        title=title,
        url=url,
        id=_id(reader, url),
        published=published,
        updated=updated,
        created=_created(reader),
        subtitle=_plain(reader, "subtitle"),
        summary=_plain(reader, "summary"),
        authors=_authors(reader),
        hero=_hero(reader, url, probe_image),
        tags=_tags(reader),
        read_time=_read_time(reader),
        cta=_plain(reader, "cta"),
        language=_language(reader),
        draft=draft,
        in_feeds=_in_feeds(reader),
        extra={k: v for k, v in raw.fields.items() if k not in _KNOWN_KEYS},
    )
    return Normalized(article, tuple(reader.warnings))


def _plain(reader: _Reader, name: str) -> str | None:
    found = reader.optional_text(name)
    return None if found is None else found[1]


def _title(reader: _Reader) -> str:
    found = reader.first("title")
    if found is None:
        if "title" in reader.raw.fields:  # title: with nothing after it
            raise reader.error(
                "title", "is empty; write the article's title (title: 'My title')"
            )
        raise reader.error(
            "title", "missing; every article needs one (title: 'My title')"
        )
    title = reader.text(*found)
    if not title:
        raise reader.error(
            "title", "is empty; write the article's title (title: 'My title')"
        )
    return title


def _published(reader: _Reader) -> dt.datetime:
    for key in FIELD_KEYS["published"]:
        value = reader.raw.fields.get(key)
        if value is None or (key == "published" and isinstance(value, bool)):
            continue
        return reader.date(key, value)
    created = _created(reader)
    if created is not None:
        return created
    stem = PurePosixPath(reader.raw.path).stem
    try:
        from_name = date_from_filename(stem, tz=reader.tz)
    except DateValueError as exc:
        raise MetadataError(
            reader.raw.path, f"the date in the file name: {exc}"
        ) from None
    if from_name is not None:
        return from_name
    raise reader.error(
        "publish_date",
        "missing; every article needs a date (publish_date: '2025-02-13'), "
        "or a file name that starts with one (2025-02-13-my-title.md)",
    )


def _created(reader: _Reader) -> dt.datetime | None:
    found = reader.first("created")
    return None if found is None else reader.date(*found)


def _updated(reader: _Reader, published: dt.datetime) -> dt.datetime:
    found = reader.first("updated")
    if found is None:
        return published
    updated = reader.date(*found)
    if updated < published:
        reader.warn(
            found[0],
            "is earlier than the publish date; using the publish date instead",
        )
        return published
    return updated


def _slug(reader: _Reader) -> str:
    found = reader.optional_text("slug")
    if found is None:
        slug = _DATED_NAME.sub("", PurePosixPath(reader.raw.path).stem)
        key = "slug"
    else:
        key, slug = found
    slug = slug.strip("/")
    if not slug or any(part in ("", ".", "..") for part in slug.split("/")):
        raise reader.error(
            key, f"{slug!r} is not a usable slug (write e.g. slug: 'first-snow')"
        )
    return slug


def _url(reader: _Reader, slug: str, published: dt.datetime) -> str:
    site = reader.site
    found = reader.optional_text("url")
    if found is not None:
        key, reference = found
        _check_scheme(reader, key, reference)
        return resolve_url(reference, site.base_url)
    local = published.astimezone(reader.tz)
    try:
        path = site.permalink.format(
            slug=slug,
            year=f"{local.year:04d}",
            month=f"{local.month:02d}",
            day=f"{local.day:02d}",
        )
    except (
        KeyError,
        IndexError,
        ValueError,
    ) as exc:  # pragma: no cover - checked in settings
        raise reader.error(
            "slug", f"the permalink pattern cannot be filled: {exc}"
        ) from None
    return resolve_url(path.lstrip("/"), site.base_url)


def _check_scheme(reader: _Reader, key: str, reference: str) -> None:
    if not readable_url(reference):
        raise reader.error(key, f"{reference!r} {UNREADABLE_URL}")
    scheme = unsafe_scheme(reference)
    if scheme is not None:
        raise reader.error(
            key,
            f"{scheme}: URLs are not allowed; use an http(s) URL or a path "
            "such as /images/photo.jpg",
        )


def _id(reader: _Reader, url: str) -> str:
    found = reader.optional_text("id")
    return url if found is None else found[1]


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
    value = reader.raw.fields.get("feed")
    return True if value is None else reader.flag("feed", value)


def _language(reader: _Reader) -> str:
    found = reader.optional_text("language")
    if found is None:
        return reader.site.language
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


def _tags(reader: _Reader) -> tuple[str, ...]:
    tags: list[str] = []
    seen: set[str] = set()
    for key in FIELD_KEYS["tags"]:
        value = reader.raw.fields.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            items: list[object] = list(value.split(","))
        elif isinstance(value, list):
            items = value
        else:
            raise reader.error(key, f"is {kind_of(value)}; write a list or 'one, two'")
        for item in items:
            if isinstance(item, list | dict):
                raise reader.error(
                    key,
                    f"holds {kind_of(item)}; write each tag as text ({key}: [a, b])",
                )
            tag = " ".join(reader.text(key, item).split())
            if tag and tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
                if len(tags) > MAX_TAGS:
                    raise reader.error(
                        key,
                        f"more than {MAX_TAGS} tags (the limit for one article); "
                        "keep the few that readers filter by",
                    )
    return tuple(tags)


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
        person = parse_person(item)
        if isinstance(person, str):
            raise reader.error(key, person)
        people.append(person)
    if not people:
        return reader.site.author
    return tuple(people)


def _hero(reader: _Reader, article_url: str, probe: ImageProbe) -> HeroImage | None:
    found = reader.first("hero")
    if found is None:
        return None
    key, value = found
    alt: str | None = None
    width = height = None
    mime: str | None = None
    if isinstance(value, dict):
        source = value.get("src", value.get("url"))
        if source is None:
            raise reader.error(key, "needs src: (the image's URL or path)")
        alt = _hero_text(reader, key, value.get("alt"))
        mime = _hero_text(reader, key, value.get("type"))
        width = _hero_size(reader, key, value.get("width"))
        height = _hero_size(reader, key, value.get("height"))
    else:
        source = value
    reference = reader.text(key, source)
    if not reference:
        return None
    _check_scheme(reader, key, reference)
    url = resolve_url(reference, article_url)
    if mime is None:
        suffix = PurePosixPath(url.split("?", 1)[0].split("#", 1)[0]).suffix.lower()
        mime = IMAGE_TYPES.get(suffix)
    return HeroImage(
        url=url,
        alt=alt,
        width=width,
        height=height,
        mime_type=mime,
        length=probe(url, reference, reader.raw.path),
    )


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
