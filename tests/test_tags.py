"""Per-tag feeds (``tag_feeds``): paths, items, links, validity."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest
from hypothesis import given
from hypothesis import strategies as st

from summitfeed._render.plan import tag_segment
from summitfeed._write.files import safe_output_path
from tests.conftest import (
    BASE_URL,
    basic_fields,
    build_to,
    json_feed_problems,
    make_site,
    parse_xml,
    snapshot,
    write_article,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SEGMENT = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
HASHED = re.compile(r"(?:[a-z0-9-]+-|tag-)[0-9a-f]{8}")


@pytest.mark.parametrize(
    ("tag", "segment"),
    [
        ("Ski Touring", "ski-touring"),
        ("ski touring", "ski-touring"),
        ("ski_touring", "ski-touring"),
        ("  Ski  -  Touring ", "ski-touring"),
        ("weather", "weather"),
        ("4000ers", "4000ers"),
    ],
)
def test_plain_tags_read_as_themselves(tag: str, segment: str) -> None:
    assert tag_segment(tag) == segment


@pytest.mark.parametrize(
    "tag", ["C++", "C#", "Zürich", "日本アルプス", "con", "a/b", "..", "x" * 100]
)
def test_lossy_tags_get_a_hash(tag: str) -> None:
    segment = tag_segment(tag)
    assert HASHED.fullmatch(segment), segment
    assert len(segment) <= 69


def test_lossy_tags_never_share_a_segment() -> None:
    tags = ["C++", "C#", "C", "C sharp", "Zürich", "Zurich", "日本", "中国", "..", "."]
    segments = [tag_segment(tag) for tag in tags]
    assert len(set(segments)) == len(segments)
    assert tag_segment("Zurich") == "zurich"
    assert tag_segment("Zürich").startswith("zurich-")
    assert tag_segment("日本").startswith("tag-")


def test_segment_does_not_depend_on_case_or_normal_form() -> None:
    composed, decomposed = "Z\u00fcrich", "Zu\u0308rich"
    assert tag_segment(composed) == tag_segment(decomposed)
    assert tag_segment("ZÜRICH") == tag_segment("zürich")


@given(st.text(min_size=1, max_size=120).filter(lambda t: t.strip()))
def test_every_segment_is_a_safe_path_segment(tag: str) -> None:
    segment = tag_segment(tag)
    assert SEGMENT.fullmatch(segment), segment
    assert len(segment) <= 69
    assert tag_segment(tag) == segment
    root = Path("/nonexistent-out")
    assert safe_output_path(root, f"tags/{segment}/feed.xml").name == "feed.xml"


def _site_with_tags(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    write_article(
        content,
        "a.md",
        basic_fields("Larch Woods", "2025-03-01", tags=["Ski Touring", "Weather"]),
    )
    write_article(
        content,
        "b.md",
        basic_fields("Scree Fields", "2025-04-01", tags=["ski touring", "C++"]),
    )
    write_article(
        content,
        "c.md",
        basic_fields("Cable Car", "2025-05-01", tags="weather, Zürich"),
    )
    write_article(
        content,
        "d.md",
        basic_fields("Draft Walk", "2025-05-02", tags=["Draft Only"], draft=True),
    )
    write_article(
        content,
        "e.md",
        basic_fields("Later Walk", "2031-05-02", tags=["Future Only"]),
    )
    write_article(
        content,
        "f.md",
        basic_fields("Hidden", "2025-05-03", tags=["Hidden Only"], feed=False),
    )
    return content


@pytest.fixture
def tagged(tmp_path: Path) -> dict[str, bytes]:
    content = _site_with_tags(tmp_path)
    site = make_site(tag_feeds=True, hubs=("https://hub.example.net/",))
    build_to(content, tmp_path / "out", site=site)
    return snapshot(tmp_path / "out")


def _titles(data: bytes) -> list[str]:
    return [entry.title for entry in feedparser.parse(data).entries]


def test_one_feed_per_tag_with_items(tagged: dict[str, bytes]) -> None:
    folders = sorted(
        {name.split("/")[1] for name in tagged if name.startswith("tags/")}
    )
    assert folders == sorted(
        ["ski-touring", "weather", tag_segment("C++"), tag_segment("Zürich")]
    )
    for folder in folders:
        for name in ("feed.xml", "atom.xml", "feed.json"):
            assert f"tags/{folder}/{name}" in tagged


def test_tag_feed_holds_the_tagged_items_newest_first(
    tagged: dict[str, bytes],
) -> None:
    assert _titles(tagged["tags/ski-touring/feed.xml"]) == [
        "Scree Fields",
        "Larch Woods",
    ]
    assert _titles(tagged["tags/ski-touring/atom.xml"]) == [
        "Scree Fields",
        "Larch Woods",
    ]
    items = json.loads(tagged["tags/weather/feed.json"])["items"]
    assert [item["title"] for item in items] == ["Cable Car", "Larch Woods"]


def test_no_feed_for_a_tag_without_items(tagged: dict[str, bytes]) -> None:
    names = " ".join(tagged)
    for tag in ("Draft Only", "Future Only", "Hidden Only"):
        assert f"tags/{tag_segment(tag)}/" not in names


def test_tag_feed_title_self_link_and_hub(tagged: dict[str, bytes]) -> None:
    url = f"{BASE_URL}tags/ski-touring/"
    rss = feedparser.parse(tagged["tags/ski-touring/feed.xml"])
    assert "Ski Touring" in rss.feed.title or "ski touring" in rss.feed.title
    atom = parse_xml(tagged["tags/ski-touring/atom.xml"])
    links = {(link.get("rel"), link.get("href")) for link in atom.iter(f"{ATOM}link")}
    assert ("self", url + "atom.xml") in links
    assert ("hub", "https://hub.example.net/") in links
    assert atom.findtext(f"{ATOM}id") == url + "atom.xml"
    feed = json.loads(tagged["tags/ski-touring/feed.json"])
    assert feed["feed_url"] == url + "feed.json"
    assert feed["hubs"] == [{"type": "WebSub", "url": "https://hub.example.net/"}]


def test_tag_feeds_are_valid(tagged: dict[str, bytes]) -> None:
    for name, data in tagged.items():
        if not name.startswith("tags/"):
            continue
        if name.endswith(".json"):
            assert json_feed_problems(data) == [], name
            continue
        parse_xml(data)
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.entries, name
        for entry in parsed.entries:
            assert entry.link.startswith(BASE_URL)


def test_no_tag_feeds_unless_asked(tmp_path: Path) -> None:
    content = _site_with_tags(tmp_path)
    build_to(content, tmp_path / "out", site=make_site())
    assert not (tmp_path / "out" / "tags").exists()


def test_tag_feeds_follow_limit(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for day in range(1, 6):
        write_article(
            content,
            f"walk-{day}.md",
            basic_fields(f"Walk {day}", f"2025-06-0{day}", tags=["Ridge"]),
        )
    build_to(content, tmp_path / "out", site=make_site(tag_feeds=True, limit=2))
    data = (tmp_path / "out" / "tags" / "ridge" / "feed.xml").read_bytes()
    assert _titles(data) == ["Walk 5", "Walk 4"]


def test_tag_feeds_are_reproducible(tmp_path: Path) -> None:
    content = _site_with_tags(tmp_path)
    site = make_site(tag_feeds=True)
    build_to(content, tmp_path / "one", site=site)
    build_to(content, tmp_path / "two", site=site)
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
