"""JSON Feed 1.1 rules that the JSON Schema in ``tests/schemas`` cannot express.

``jsonfeed_rule_violations`` checks a decoded feed and returns one message per
problem, each starting with the JSON path of the offending value:

- item ids are unique across the feed;
- ``date_published`` / ``date_modified`` are real RFC 3339 instants: a calendar
  date and time that exist, with ``Z`` or a numeric offset (no local times);
- every URL field (feed, hubs, authors, items, attachments) is an absolute
  ``http`` or ``https`` URL with a host;
- each author object (``authors`` entries and the deprecated ``author``) has a
  non-empty ``name``, ``url`` or ``avatar``;
- ``language`` (feed and items) is a plausible BCP 47 tag.

Shape problems (missing keys, wrong types) are the schema's job; values of an
unexpected type are skipped here rather than reported twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

__all__ = ["jsonfeed_rule_violations"]

_FEED_URL_KEYS = ("home_page_url", "feed_url", "next_url", "icon", "favicon")
_ITEM_URL_KEYS = ("url", "external_url", "image", "banner_image")
_ITEM_DATE_KEYS = ("date_published", "date_modified")
_AUTHOR_URL_KEYS = ("url", "avatar")

_RFC3339 = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"[Tt](?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?P<fraction>\.\d+)?"
    r"(?P<zone>[Zz]|(?P<sign>[+-])(?P<off_h>\d{2}):(?P<off_m>\d{2}))",
    re.ASCII,
)

# A simplified RFC 5646 "Language-Tag": langtag or private use. Only 2-3 letter
# primary subtags count as plausible (the 4-8 letter forms are reserved or unused),
# and grandfathered irregular tags (``i-klingon``) are not accepted.
_BCP47 = re.compile(
    r"(?:"
    r"[a-z]{2,3}(?:-[a-z]{3}){0,3}"  # language, extlang
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|\d{3}))?"  # region
    r"(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*"  # variants
    r"(?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*"  # extensions
    r"(?:-x(?:-[a-z\d]{1,8})+)?"  # private use
    r"|x(?:-[a-z\d]{1,8})+"
    r")",
    re.IGNORECASE | re.ASCII,
)


def jsonfeed_rule_violations(feed: dict[str, object]) -> list[str]:
    """Return the JSON Feed 1.1 rule violations found in ``feed`` (empty if none)."""
    problems: list[str] = []
    for key in _FEED_URL_KEYS:
        problems.extend(_url_problems(feed.get(key), key))
    problems.extend(_language_problems(feed.get("language"), "language"))
    problems.extend(_author_problems(feed, ""))

    hubs = feed.get("hubs")
    if isinstance(hubs, list):
        for index, hub in enumerate(hubs):
            if isinstance(hub, dict):
                problems.extend(_url_problems(hub.get("url"), f"hubs[{index}].url"))

    items = feed.get("items")
    if not isinstance(items, list):
        return problems
    first_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        path = f"items[{index}]"
        item_id = item.get("id")
        if isinstance(item_id, str):
            if item_id in first_seen:
                problems.append(
                    f"{path}.id: {item_id!r} is already the id of "
                    f"items[{first_seen[item_id]}]; ids must be unique"
                )
            else:
                first_seen[item_id] = index
        for key in _ITEM_URL_KEYS:
            problems.extend(_url_problems(item.get(key), f"{path}.{key}"))
        for key in _ITEM_DATE_KEYS:
            problems.extend(_date_problems(item.get(key), f"{path}.{key}"))
        problems.extend(_language_problems(item.get("language"), f"{path}.language"))
        problems.extend(_author_problems(item, f"{path}."))
        attachments = item.get("attachments")
        if isinstance(attachments, list):
            for number, attachment in enumerate(attachments):
                if isinstance(attachment, dict):
                    problems.extend(
                        _url_problems(
                            attachment.get("url"),
                            f"{path}.attachments[{number}].url",
                        )
                    )
    return problems


def _author_problems(owner: dict[str, object], prefix: str) -> Iterator[str]:
    """Check ``authors`` (a list) and the deprecated ``author`` of a feed or item."""
    authors = owner.get("authors")
    if isinstance(authors, list):
        for index, author in enumerate(authors):
            if isinstance(author, dict):
                yield from _one_author_problems(author, f"{prefix}authors[{index}]")
    author = owner.get("author")
    if isinstance(author, dict):
        yield from _one_author_problems(author, f"{prefix}author")


def _one_author_problems(author: dict[object, object], path: str) -> Iterator[str]:
    present = [author.get(key) for key in ("name", "url", "avatar")]
    if not any(isinstance(value, str) and value.strip() for value in present):
        yield f"{path}: an author needs a non-empty name, url or avatar"
    for key in _AUTHOR_URL_KEYS:
        yield from _url_problems(author.get(key), f"{path}.{key}")


def _url_problems(value: object, path: str) -> Iterator[str]:
    if not isinstance(value, str):
        return
    if not value or value != value.strip() or any(ch.isspace() for ch in value):
        yield f"{path}: {value!r} is not a URL (empty or contains white space)"
        return
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises ValueError for a malformed port
    except ValueError as error:
        yield f"{path}: {value!r} is not a valid URL ({error})"
        return
    if parts.scheme.lower() not in ("http", "https"):
        yield f"{path}: {value!r} must be an absolute http(s) URL"
    elif not parts.hostname:
        yield f"{path}: {value!r} has no host"


def _date_problems(value: object, path: str) -> Iterator[str]:
    if not isinstance(value, str):
        return
    match = _RFC3339.fullmatch(value)
    if match is None:
        yield (
            f"{path}: {value!r} is not an RFC 3339 date-time "
            "(expected e.g. 2025-03-02T07:45:00+01:00 or 2025-03-02T06:45:00Z)"
        )
        return
    fields = {
        name: int(match[name])
        for name in ("year", "month", "day", "hour", "minute", "second")
    }
    # RFC 3339 allows a leap second (:60); datetime does not, so check :59.
    second = 59 if fields["second"] == 60 else fields["second"]
    try:
        offset = timedelta()
        if match["sign"] is not None:
            off_h, off_m = int(match["off_h"]), int(match["off_m"])
            if off_h > 23 or off_m > 59:
                raise ValueError(f"offset {match['zone']} out of range")
            offset = timedelta(hours=off_h, minutes=off_m)
            if match["sign"] == "-":
                offset = -offset
        datetime(
            fields["year"],
            fields["month"],
            fields["day"],
            fields["hour"],
            fields["minute"],
            second,
            tzinfo=timezone(offset),
        )
    except ValueError as error:
        yield f"{path}: {value!r} is not a real instant ({error})"


def _language_problems(value: object, path: str) -> Iterator[str]:
    if not isinstance(value, str):
        return
    if _BCP47.fullmatch(value) is None:
        yield (
            f"{path}: {value!r} is not a BCP 47 language tag "
            "(expected e.g. en, en-GB, de-CH, zh-Hant-TW)"
        )
