"""Build values as the cache keeps them: plain values, made back exactly."""

from __future__ import annotations

import dataclasses
import datetime as dt
import marshal
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from summitfeed._errors import BodyError, MetadataError
from summitfeed._incremental import codec as _codec
from summitfeed._incremental.codec import (
    Unreadable,
    article_from,
    article_plain,
    error_from,
    error_plain,
    item_from,
    item_plain,
)
from summitfeed._model import Article, FeedItem, HeroImage, Person

ZURICH = ZoneInfo("Europe/Zurich")


def _rich_article() -> Article:
    # (A time in the hour that the end of summer time repeats: fold 1.)
    repeated = dt.datetime(2025, 10, 26, 2, 30, tzinfo=ZURICH, fold=1)
    values: dict[str, Any] = {
        "source": "content/ridge.md",
        "slug": "ridge",
        "title": "Ridge",
        "url": "https://example.org/ridge/",
        "id": "tag:example.org,2025:ridge",
        "published": repeated,
        "updated": dt.datetime(
            2025, 3, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=45))
        ),
        "created": dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        "subtitle": "Above the clouds",
        "summary": "A walk.",
        "authors": (
            Person("Lena", "lena@example.org"),
            Person("Ada", url="https://ada.example.org/"),
        ),
        "hero": HeroImage(
            url="https://example.org/h.png", alt="Ridge", width=3, height=2, length=99
        ),
        "tags": ("alps", "snow"),
        "read_time": "8 mins",
        "cta": "Subscribe",
        "language": "de-CH",
        "draft": True,
        "in_feeds": False,
        "extra": {
            "when": dt.date(2025, 2, 13),
            "at": dt.time(9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-3), "BRT")),
            "naive": dt.datetime(2025, 1, 1, 12),  # noqa: DTZ001 (as YAML reads one)
            "nested": {"list": [1, 2.5, None, True, "x"], 3: ("a", b"\x00")},
            "set": {1, 2},
        },
    }
    names = {spec.name for spec in dataclasses.fields(Article)}
    if "expires" in names:
        values["expires"] = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    if "body" in names:
        values["body"] = "The body."
    return Article(**values)


def _through_marshal(value: object) -> Any:
    return marshal.loads(marshal.dumps(value))  # type: ignore[arg-type]


def _same(one: Any, other: Any) -> None:
    """Equal, and of the same types all the way down (tzinfo included)."""
    assert type(one) is type(other)
    if isinstance(one, dt.datetime | dt.time):
        assert one == other
        assert one.fold == other.fold
        assert one.tzinfo == other.tzinfo
        assert str(one) == str(other)
    elif isinstance(one, dict | MappingProxyType):
        assert list(one) == list(other)
        for key in one:
            _same(one[key], other[key])
    elif isinstance(one, list | tuple):
        assert len(one) == len(other)
        for a, b in zip(one, other, strict=True):
            _same(a, b)
    else:
        assert one == other


def test_an_article_comes_back_exactly() -> None:
    article = _rich_article()
    again = article_from(_through_marshal(article_plain(article)))
    for spec in dataclasses.fields(Article):
        _same(getattr(again, spec.name), getattr(article, spec.name))
    assert isinstance(again.extra, MappingProxyType)


def test_an_item_comes_back_exactly() -> None:
    item = FeedItem(
        article=_rich_article(), summary="A walk.", content_html="<p>Hi</p>"
    )
    again = item_from(_through_marshal(item_plain(item)))
    assert (again.summary, again.content_html) == (item.summary, item.content_html)
    _same(article_plain(again.article), article_plain(item.article))


def test_a_problem_comes_back_with_its_kind_and_others() -> None:
    other = BodyError("a.md", "too deep", line=9)
    error = MetadataError("a.md", "not a date", line=3, key="date", also=[other])
    again = error_from(_through_marshal(error_plain(error)))
    assert type(again) is MetadataError
    assert str(again) == str(error)
    assert [type(p) for p in again.problems] == [MetadataError, BodyError]


@pytest.mark.parametrize(
    "value",
    [
        ("ArticleError", "a.md", "x", None, None, ()),
        (9, "a.md", "x", None, None, ()),
        (0, "a.md", b"x", None, None, ()),
        (0, "a.md", "x", "3", None, ()),
        [0, "a.md", "x", None, None, ()],
    ],
)
def test_a_problem_of_another_shape_is_refused(value: object) -> None:
    with pytest.raises(Unreadable):
        error_from(value)


def test_code_is_refused_wherever_it_is_put() -> None:
    code = compile("print('ran')", "<planted>", "exec")
    plain = list(article_plain(_rich_article()))
    for index in range(len(plain)):
        planted = (*plain[:index], code, *plain[index + 1 :])
        with pytest.raises((Unreadable, ValueError, TypeError)):
            article_from(_through_marshal(planted))
    with pytest.raises(Unreadable):
        error_from((0, "a.md", "x", None, None, (code,)))
    assert issubclass(Unreadable, ValueError)


@pytest.mark.parametrize("limit", [50, 0])
def test_every_store_a_build_writes_is_read_back(tmp_path: Path, limit: int) -> None:
    """A value the codec does not know would leave a store unwritten, or
    refused when read: the build would still be right, only slow."""
    from summitfeed._incremental import cache as _cache
    from tests.conftest import basic_fields, build_to, make_site, write_article

    content = tmp_path / "content"
    for number in range(5):
        fields = basic_fields(f"Hut {number}", f"2025-02-1{number}", tags=["alps"])
        fields["expires"] = "2031-01-01"
        fields["rating"] = {"when": "2025-01-01", "stars": [1, 2]}
        write_article(content, f"hut-{number}.md", fields)
    site = make_site(limit=limit, cache_dir=str(tmp_path / "cache"))
    build_to(content, tmp_path / "out", site=site, use_cache=True)
    assert _cache.notes() == []
    write_article(content, "hut-2.md", basic_fields("Hut Two", "2025-02-12"))
    build_to(content, tmp_path / "out", site=site, use_cache=True)
    assert _cache.notes() == []
    names = {path.name for path in (tmp_path / "cache").rglob("*.store")}
    assert {"articles.store", "items.store", "snapshot.store"} <= names


def _every_field_set() -> dict[type, Any]:
    """One value of each dataclass the codec keeps, every field of it set to
    something other than its default (checked: a new field fails here until
    it is given a value, and then fails the round trip if the codec drops it)."""
    hero = HeroImage(
        url="https://example.org/h.png",
        alt="Ridge",
        width=3,
        height=2,
        mime_type="image/png",
        length=99,
        caption="The ridge at dawn",
    )
    person = Person("Lena", "lena@example.org", "https://lena.example.org/")
    article = dataclasses.replace(
        _rich_article(),
        hero=hero,
        authors=(person,),
        title_from_body=True,
        expires=dt.datetime(2031, 5, 1, tzinfo=ZURICH),
    )
    item = FeedItem(
        article=article,
        summary="A walk.",
        content_html="<p>Hi</p>",
        summary_html="<p>A <em>walk</em>.</p>",
    )
    return {HeroImage: hero, Person: person, Article: article, FeedItem: item}


def _default_of(spec: dataclasses.Field[Any]) -> object:
    if spec.default is not dataclasses.MISSING:
        return spec.default
    if spec.default_factory is not dataclasses.MISSING:
        return spec.default_factory()
    return dataclasses.MISSING


@pytest.mark.parametrize("kind", [HeroImage, Person, Article, FeedItem])
def test_every_field_of_every_kept_dataclass_comes_back(kind: type) -> None:
    value = _every_field_set()[kind]
    for spec in dataclasses.fields(kind):
        assert getattr(value, spec.name) != _default_of(spec), spec.name
    plain: dict[type, tuple[Callable[[Any], object], Callable[[Any], Any]]] = {
        HeroImage: (_codec._hero_plain, _codec._hero_from),
        Person: (_codec._person_plain, _codec._person_from),
        Article: (article_plain, article_from),
        FeedItem: (item_plain, item_from),
    }
    to_plain, from_plain = plain[kind]
    again = from_plain(_through_marshal(to_plain(value)))
    assert again == value
    for spec in dataclasses.fields(kind):
        _same(getattr(again, spec.name), getattr(value, spec.name))
