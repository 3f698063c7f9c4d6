"""Build values as plain data for the cache, and back, checked on the way in.

The cache holds only what :mod:`marshal` writes of plain values (str, int,
float, bool, None, bytes, tuples, lists, dicts): reading it cannot run code,
unlike pickle, which calls whatever a file names. Articles, feed items,
problems and the other values of a build are turned into tuples of plain
values here, and made again from them exactly (dates keep their wall time,
fold and zone; tuples stay tuples), so that output from the cache is the
same to the byte. Every decoder checks the type of what it reads and raises
:class:`Unreadable` (or another error the cache counts as a miss) on
anything else: a store made by hand is refused, not trusted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final, NamedTuple
from zoneinfo import ZoneInfo

from summitfeed._errors import ArticleError, BodyError, FrontMatterError, MetadataError
from summitfeed._model import Article, FeedItem, HeroImage, Person, without_content

__all__ = [
    "Spread",
    "Unreadable",
    "article_from",
    "article_plain",
    "check_spread",
    "error_from",
    "error_plain",
    "item_from",
    "item_plain",
    "plain_from",
    "plain_value",
]


class Unreadable(ValueError):
    """A stored value is not what this version writes."""


class Spread(Unreadable):
    """A stored value far larger, walked as a tree, than its bytes."""


_ERROR_KINDS: Final[tuple[type[ArticleError], ...]] = (
    ArticleError,
    FrontMatterError,
    MetadataError,
    BodyError,
)
_ARTICLE_FIELDS: Final = tuple(spec.name for spec in dataclasses.fields(Article))
_ARTICLE_VALUES: Final = operator.attrgetter(*_ARTICLE_FIELDS)
# The fields that hold dates ("dt.datetime" or "dt.datetime | None"), of
# which only the first two are never None.
_MOMENTS: Final = frozenset(
    name
    for name, spec in Article.__dataclass_fields__.items()
    if "datetime" in str(spec.type)
)
_ALWAYS_SET: Final = frozenset({"published", "updated"})
_SCALARS: Final = (str, int, float, bool, type(None), bytes)
_EMPTY: Final[Mapping[str, object]] = MappingProxyType({})
_EMPTY_ERRORS: Final[Mapping[int, ArticleError]] = MappingProxyType({})


def check_spread(value: object, payload_size: int) -> None:
    """Refuse a value that is far larger, walked as a tree, than the bytes
    it was read from.

    marshal keeps an object referred to more than once once: a few bytes
    can hold a list of two references to a list of two references... and
    the decoders, which walk values as trees, would visit each shared
    part once per reference (twice per level: a million times for twenty
    levels). The size of the tree is counted here on the shared graph, each
    object once, so that this check is linear in the payload itself. A
    value the codec wrote holds little sharing: within a few times its
    bytes.

    Raises:
        Spread: the tree holds more values than the budget.
    """
    budget = _SPREAD * payload_size + _SPREAD_FLOOR
    sizes: dict[int, int] = {}
    keep: list[object] = []  # (so that no id is reused while counting)
    # Depth first, each container twice: on the way down (its parts that
    # are containers kept), then once those are counted.
    stack: list[tuple[Any, list[Any] | None]] = [(value, None)]
    while stack:
        node, inner = stack.pop()
        if inner is not None:
            total = 1 + len(node) + sum([sizes[id(part)] for part in inner])
            if total > budget:
                raise Spread(
                    f"holds more values than its {payload_size} bytes can "
                    "(parts referred to over and over)"
                )
            sizes[id(node)] = total
            continue
        key = id(node)
        if key in sizes:
            continue
        kind = type(node)
        if kind is dict:
            parts = [*node.keys(), *node.values()]
        elif kind is tuple or kind is list:
            parts = node
        else:
            continue
        keep.append(node)
        sizes[key] = 0  # (until counted: a cycle counts nothing)
        inner = [part for part in parts if type(part) in _CONTAINERS]
        stack.append((node, inner))
        stack.extend((part, None) for part in inner)


_CONTAINERS: Final = frozenset({tuple, list, dict})
# How many values per byte a store may hold, walked as a tree, and the
# allowance of a small one.
_SPREAD: Final = 4
_SPREAD_FLOOR: Final = 1 << 16


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise Unreadable(what)


# Problems ---------------------------------------------------------------


def error_plain(error: ArticleError) -> tuple[object, ...]:
    """An article's problem (and those in its ``also``) as plain values."""
    kind = _ERROR_KINDS.index(type(error))  # (ValueError: a kind not known here)
    also = tuple(error_plain(other) for other in error.also)
    return (kind, error.path, error.message, error.line, error.key, also)


def error_from(
    value: Any, known: Mapping[int, ArticleError] = _EMPTY_ERRORS
) -> ArticleError:
    """The problem :func:`error_plain` made ``value`` from; those of its
    ``also`` found in ``known`` (by the id of their values) are not read
    again."""
    _check(type(value) is tuple and len(value) == 6, "a problem")
    kind, path, message, line, key, also = value
    _check(type(kind) is int and 0 <= kind < len(_ERROR_KINDS), "a problem's kind")
    _check(type(path) is str and type(message) is str, "a problem's text")
    _check(line is None or type(line) is int, "a problem's line")
    _check(key is None or type(key) is str, "a problem's key")
    _check(type(also) is tuple, "a problem's others")
    others = tuple(known.get(id(other)) or error_from(other, known) for other in also)
    made: ArticleError = _ERROR_KINDS[kind](
        path, message, line=line, key=key, also=others
    )
    return made


# Dates and other values of front matter -----------------------------------


def _zone_plain(zone: dt.tzinfo | None) -> object:
    if zone is None:
        return None
    if isinstance(zone, ZoneInfo):
        if not zone.key:
            raise ValueError("a time zone read from a file, not by its name")
        return zone.key
    if type(zone) is dt.timezone:
        offset = zone.utcoffset(None)
        name = zone.tzname(None)
        default = dt.timezone(offset).tzname(None)
        return (
            offset // dt.timedelta(microseconds=1),
            None if name == default else name,
        )
    raise ValueError(f"a time zone of type {type(zone).__name__}")


def _zone_from(value: Any) -> dt.tzinfo | None:
    if value is None:
        return None
    if type(value) is str:
        return _zone(value)
    _check(type(value) is tuple and len(value) == 2, "a time zone")
    micros, name = value
    _check(type(micros) is int and (name is None or type(name) is str), "an offset")
    offset = dt.timedelta(microseconds=micros)
    return dt.timezone(offset) if name is None else dt.timezone(offset, name)


_ZONES: dict[str, ZoneInfo] = {}


def _zone(key: str) -> ZoneInfo:
    zone = _ZONES.get(key)
    if zone is None:
        # (ZoneInfo refuses keys that are paths out of the zone database.)
        zone = _ZONES[key] = ZoneInfo(key)
    return zone


def _moment_plain(moment: dt.datetime) -> tuple[object, ...]:
    return (
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        moment.microsecond,
        moment.fold,
        _zone_plain(moment.tzinfo),
    )


def _moment_from(value: Any) -> dt.datetime:
    _check(type(value) is tuple and len(value) == 9, "a date and time")
    year, month, day, hour, minute, second, micro, fold, zone = value
    wall = (year, month, day, hour, minute, second, micro)
    _check(all(type(part) is int for part in wall) and fold in (0, 1), "a time")
    # (Naive where front matter held a naive one: extra keeps it as written.)
    return dt.datetime(*wall, _zone_from(zone), fold=fold)  # noqa: DTZ001


def _aware_from(value: Any) -> dt.datetime:
    moment = _moment_from(value)
    _check(moment.utcoffset() is not None, "an aware date")
    return moment


def plain_value(value: Any) -> object:
    """Any value front matter can hold, as plain values (tagged where marshal
    would not tell them apart: tuples, dates, mappings).

    Raises:
        ValueError: a value of another kind (it is not kept).
    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [plain_value(part) for part in value]
    if kind is tuple:
        return ("t", [plain_value(part) for part in value])
    if kind is dict or kind is MappingProxyType:
        pairs = []
        for key, part in value.items():
            pairs += [plain_value(key), plain_value(part)]
        return ("m", pairs) if kind is dict else ("p", pairs)
    if kind is dt.datetime:
        return ("dt", _moment_plain(value))
    if kind is dt.date:
        return ("d", value.toordinal())
    if kind is dt.time:
        clock: dt.time = value
        parts = (clock.hour, clock.minute, clock.second, clock.microsecond, clock.fold)
        return ("tm", parts, _zone_plain(clock.tzinfo))
    if kind is set or kind is frozenset:
        return ("s" if kind is set else "f", [plain_value(p) for p in value])
    raise ValueError(f"a value of type {kind.__name__}")


def plain_from(value: Any) -> Any:
    """The value :func:`plain_value` made ``value`` from."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [plain_from(part) for part in value]
    _check(kind is tuple and len(value) >= 2 and type(value[0]) is str, "a value")
    tag = value[0]
    if tag in ("t", "m", "p", "s", "f"):
        _check(len(value) == 2 and type(value[1]) is list, "a collection")
        parts = [plain_from(part) for part in value[1]]
        if tag == "t":
            return tuple(parts)
        if tag in ("s", "f"):
            return set(parts) if tag == "s" else frozenset(parts)
        _check(len(parts) % 2 == 0, "a mapping")
        mapping = dict(zip(parts[::2], parts[1::2], strict=True))
        return mapping if tag == "m" else MappingProxyType(mapping)
    if tag == "dt" and len(value) == 2:
        return _moment_from(value[1])
    if tag == "d" and len(value) == 2 and type(value[1]) is int:
        return dt.date.fromordinal(value[1])
    if tag == "tm" and len(value) == 3:
        parts = value[1]
        _check(type(parts) is tuple and len(parts) == 5, "a time of day")
        _check(all(type(part) is int for part in parts), "a time of day")
        hour, minute, second, micro, fold = parts
        zone = _zone_from(value[2])
        return dt.time(hour, minute, second, micro, zone, fold=fold)
    raise Unreadable(f"a value tagged {tag!r}")


# Articles and items -------------------------------------------------------


# The kinds of the fields of Person and HeroImage, by their annotations: a
# field of another kind stops the import (a test sees it at once) rather
# than being left out of the cache.
_PLAIN_KINDS: Final[Mapping[str, tuple[type, ...]]] = {
    "str": (str,),
    "str | None": (str, type(None)),
    "int": (int,),
    "int | None": (int, type(None)),
    "bool": (bool,),
}


def _plain_fields(cls: type) -> tuple[tuple[str, tuple[type, ...]], ...]:
    try:
        return tuple(
            (spec.name, _PLAIN_KINDS[str(spec.type)])
            for spec in dataclasses.fields(cls)
        )
    except KeyError as exc:
        raise TypeError(f"{cls.__name__}: a field of kind {exc} not kept") from None


_PERSON_FIELDS: Final = _plain_fields(Person)
_HERO_FIELDS: Final = _plain_fields(HeroImage)


def _flat_plain(
    value: object, cls: type, fields: tuple[tuple[str, Any], ...]
) -> tuple[object, ...]:
    if type(value) is not cls:
        raise ValueError(f"a {cls.__name__} of another type")
    return tuple(getattr(value, name) for name, _ in fields)


def _flat_from(
    value: Any, cls: type, fields: tuple[tuple[str, Any], ...], what: str
) -> Any:
    _check(type(value) is tuple and len(value) == len(fields), what)
    for part, (_, kinds) in zip(value, fields, strict=True):
        _check(type(part) in kinds, what)
    return cls(**{name: part for (name, _), part in zip(fields, value, strict=True)})


def _person_plain(person: Person) -> tuple[object, ...]:
    return _flat_plain(person, Person, _PERSON_FIELDS)


def _person_from(value: Any) -> Person:
    person: Person = _flat_from(value, Person, _PERSON_FIELDS, "an author")
    return person


def _text_or_none(value: Any) -> bool:
    return value is None or type(value) is str


def _hero_plain(hero: HeroImage) -> tuple[object, ...]:
    return _flat_plain(hero, HeroImage, _HERO_FIELDS)


def _hero_from(value: Any) -> HeroImage:
    hero: HeroImage = _flat_from(value, HeroImage, _HERO_FIELDS, "a hero image")
    return hero


def _field_plain(name: str, value: Any) -> object:
    if name in _MOMENTS:
        return None if value is None else _moment_plain(value)
    if name == "authors":
        return tuple(_person_plain(person) for person in value)
    if name == "hero":
        return None if value is None else _hero_plain(value)
    if name == "extra":
        return plain_value(dict(value)) if value else None
    if type(value) in _SCALARS:
        return value
    if type(value) is tuple and all(type(part) is str for part in value):
        return value
    raise ValueError(f"an article's {name} of type {type(value).__name__}")


def _field_from(name: str, value: Any) -> object:
    if name in _MOMENTS:
        if value is None and name not in _ALWAYS_SET:
            return None
        return _aware_from(value)
    if name == "authors":
        _check(type(value) is tuple, "authors")
        return tuple(_person_from(person) for person in value)
    if name == "hero":
        return None if value is None else _hero_from(value)
    if name == "extra":
        if value is None:
            return _EMPTY
        extra = plain_from(value)
        _check(type(extra) is dict, "extra keys")
        return MappingProxyType(extra)
    if type(value) in _SCALARS:
        return value
    _check(type(value) is tuple, f"an article's {name}")
    _check(all(type(part) is str for part in value), f"an article's {name}")
    return value


def article_plain(article: Article) -> tuple[object, ...]:
    """An article's fields, in order, as plain values."""
    values = _ARTICLE_VALUES(article)
    return tuple(
        _field_plain(name, value)
        for name, value in zip(_ARTICLE_FIELDS, values, strict=True)
    )


def article_from(value: Any) -> Article:
    """The article :func:`article_plain` made ``value`` from.

    The fields are those this version's :class:`Article` has, each checked
    for its kind; the article's own checks ran when it was first made.
    """
    _check(type(value) is tuple and len(value) == len(_ARTICLE_FIELDS), "an article")
    article: Article = object.__new__(Article)
    for name, part in zip(_ARTICLE_FIELDS, value, strict=True):
        object.__setattr__(article, name, _field_from(name, part))
    for name in ("source", "slug", "title", "url", "id", "language"):
        _check(type(getattr(article, name)) is str, f"an article's {name}")
    return article


def item_plain(item: FeedItem) -> tuple[object, ...]:
    return (
        article_plain(item.article),
        item.summary,
        item.content_html,
        item.summary_html,
    )


def item_from(value: Any) -> FeedItem:
    # (An item of an earlier summitfeed, without its HTML summary, is a miss.)
    _check(type(value) is tuple and len(value) == 4, "a feed item")
    article, summary, content_html, summary_html = value
    _check(
        type(summary) is str
        and _text_or_none(content_html)
        and _text_or_none(summary_html),
        "an item's text",
    )
    item: FeedItem = object.__new__(FeedItem)
    # (The text was made XML-safe when the item was first made.)
    object.__setattr__(item, "article", article_from(article))
    object.__setattr__(item, "summary", summary)
    object.__setattr__(item, "content_html", content_html)
    object.__setattr__(item, "summary_html", summary_html)
    return item


def checked_mapping(
    value: Any, key: Callable[[object], object], entry: Callable[[object], object]
) -> dict[Any, Any]:
    """A dict whose keys and values each pass their check (and are made by it)."""
    _check(type(value) is dict, "a mapping")
    return {key(k): entry(v) for k, v in value.items()}


def text(value: Any) -> str:
    _check(type(value) is str, "text")
    return value  # type: ignore[no-any-return]


def whole(value: Any) -> int:
    _check(type(value) is int, "a whole number")
    return value  # type: ignore[no-any-return]


def texts(value: Any) -> tuple[str, ...]:
    _check(type(value) is tuple, "texts")
    for part in value:
        text(part)
    return value  # type: ignore[no-any-return]


def pairs(
    value: Any, first: Callable[[object], object], second: Callable[[object], object]
) -> tuple[Any, ...]:
    """A tuple of pairs, each part checked."""
    _check(type(value) is tuple, "pairs")
    for pair in value:
        _check(type(pair) is tuple and len(pair) == 2, "a pair")
        first(pair[0])
        second(pair[1])
    return value  # type: ignore[no-any-return]


# The stores' shapes ---------------------------------------------------------


def stamp_from(value: Any) -> tuple[str, str, tuple[tuple[str, str, int], ...]]:
    """What an article depends on: path, hash, images (path, root, size)."""
    _check(type(value) is tuple and len(value) == 3, "a stamp")
    source, digest, images = value
    _check(type(source) is str and type(digest) is str, "a stamp")
    _check(type(images) is tuple, "a stamp's images")
    for image in images:
        _check(type(image) is tuple and len(image) == 3, "an image")
        _check(type(image[0]) is str and type(image[1]) is str, "an image")
        _check(type(image[2]) is int, "an image's size")
    return value  # type: ignore[no-any-return]


class KeptItems(NamedTuple):
    """The ``items`` store: rendered items by stamp, and the stamps of those
    kept without their content (``without_content``: the documents written
    hold it)."""

    items: dict[Any, FeedItem]
    hollow: frozenset[Any]


def items_from(value: Any) -> KeptItems:
    _check(type(value) is tuple and len(value) == 2, "the items store")
    by_stamp, hollow_stamps = value
    _check(type(hollow_stamps) is list, "the items kept without content")
    items = checked_mapping(by_stamp, stamp_from, item_from)
    hollow = frozenset(stamp_from(stamp) for stamp in hollow_stamps)
    _check(
        all(stamp in items and items[stamp].content_html is None for stamp in hollow),
        "an item kept without content",
    )
    return KeptItems(items, hollow)


def items_plain(
    items: Mapping[Any, FeedItem], hollow: Callable[[FeedItem], bool]
) -> tuple[dict[Any, tuple[object, ...]], list[Any]]:
    """The ``items`` store of ``items``, those that ``hollow`` names kept
    without their content."""
    plain: dict[Any, tuple[object, ...]] = {}
    hollow_stamps = []
    for stamp, item in items.items():
        if hollow(item):
            hollow_stamps.append(stamp)
            item = without_content(item)
        plain[stamp] = item_plain(item)
    return plain, hollow_stamps


def counts_from(value: Any) -> dict[str, int]:
    return checked_mapping(value, text, whole)


def _span(value: Any) -> tuple[Any, int, int]:
    _check(type(value) is tuple and len(value) == 3, "a span")
    stamp_from(value[0])
    _check(whole(value[1]) >= 0 and whole(value[2]) >= 0, "a span")
    return value  # type: ignore[no-any-return]


def _document_ranges(value: Any) -> tuple[tuple[int, ...], str, dict[str, Any]]:
    _check(type(value) is tuple and len(value) == 3, "a document's ranges")
    identity, fmt, spans = value
    _check(
        type(identity) is tuple and all(type(n) is int for n in identity), "an identity"
    )
    return (identity, text(fmt), checked_mapping(spans, text, _span))


def ranges_from(value: Any) -> dict[str, Any]:
    """The ``ranges`` store: where each item is in each document written."""
    return checked_mapping(value, text, _document_ranges)
