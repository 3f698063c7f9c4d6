"""RFC 5005 archived feeds (``archive_size``)."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from summitfeed import ConfigError
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
FH = "{http://purl.org/syndication/history/1.0}"


def write_walks(content: Path, days: range) -> None:
    for day in days:
        write_article(
            content,
            f"walk-{day:02d}.md",
            basic_fields(f"Walk {day}", f"2025-06-{day:02d}"),
        )


def build(tmp_path: Path, name: str, **settings: object) -> dict[str, bytes]:
    values: dict[str, object] = {"limit": 4, "archive_size": 3}
    values.update(settings)
    build_to(tmp_path / "content", tmp_path / name, site=make_site(**values))
    return snapshot(tmp_path / name)


def titles(data: bytes) -> list[str]:
    return [entry.title for entry in feedparser.parse(data).entries]


def links(data: bytes) -> dict[str, str]:
    root = parse_xml(data)
    parent = root.find("channel") if root.tag == "rss" else root
    return {
        link.get("rel"): link.get("href")
        for link in parent.findall(f"{ATOM}link")
        if link.get("rel") != "alternate"
    }


@pytest.fixture
def seven(tmp_path: Path) -> dict[str, bytes]:
    write_walks(tmp_path / "content", range(1, 8))
    return build(tmp_path, "out")


def test_documents(seven: dict[str, bytes]) -> None:
    archives = sorted(name for name in seven if name.startswith("archive/"))
    assert archives == [
        "archive/1/atom.xml",
        "archive/1/feed.xml",
        "archive/2/atom.xml",
        "archive/2/feed.xml",
    ]


def test_counted_from_the_oldest(seven: dict[str, bytes]) -> None:
    assert titles(seven["feed.xml"]) == ["Walk 7", "Walk 6", "Walk 5", "Walk 4"]
    for fmt in ("feed.xml", "atom.xml"):
        assert titles(seven[f"archive/1/{fmt}"]) == ["Walk 3", "Walk 2", "Walk 1"]
        assert titles(seven[f"archive/2/{fmt}"]) == ["Walk 6", "Walk 5", "Walk 4"]
    items = json.loads(seven["feed.json"])["items"]
    assert [item["title"] for item in items] == ["Walk 7", "Walk 6", "Walk 5", "Walk 4"]


def test_links_between_documents(seven: dict[str, bytes]) -> None:
    for fmt in ("feed.xml", "atom.xml"):
        assert links(seven[fmt]) == {
            "self": BASE_URL + fmt,
            "prev-archive": f"{BASE_URL}archive/2/{fmt}",
        }
        assert links(seven[f"archive/1/{fmt}"]) == {
            "self": f"{BASE_URL}archive/1/{fmt}",
            "current": BASE_URL + fmt,
            "next-archive": f"{BASE_URL}archive/2/{fmt}",
        }
        assert links(seven[f"archive/2/{fmt}"]) == {
            "self": f"{BASE_URL}archive/2/{fmt}",
            "current": BASE_URL + fmt,
            "prev-archive": f"{BASE_URL}archive/1/{fmt}",
        }


def test_archives_say_they_are_archives(seven: dict[str, bytes]) -> None:
    for name, data in seven.items():
        if not name.endswith(".xml"):
            continue
        root = parse_xml(data)
        found = list(root.iter(f"{FH}archive"))
        assert len(found) == (1 if name.startswith("archive/") else 0), name


def test_archives_are_valid(seven: dict[str, bytes]) -> None:
    assert json_feed_problems(seven["feed.json"]) == []
    for name, data in seven.items():
        if not name.endswith(".xml"):
            continue
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.version in ("rss20", "atom10"), name
        rels = {link.rel for link in parsed.feed.links}
        if name.startswith("archive/"):
            assert "current" in rels
        for entry in parsed.entries:
            assert entry.id
            assert entry.link
            assert entry.title


def test_new_articles_leave_full_archives_alone(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_walks(content, range(1, 8))
    before = build(tmp_path, "one")
    write_walks(content, range(8, 9))  # the remainder grows from 1 to 2
    after = build(tmp_path, "two")
    for name in before:
        if name.startswith("archive/"):
            assert after[name] == before[name], name
    assert not any(name.startswith("archive/3/") for name in after)


def test_a_new_full_archive_only_links_back(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_walks(content, range(1, 8))
    before = build(tmp_path, "one")
    write_walks(content, range(8, 11))
    after = build(tmp_path, "two")
    assert titles(after["archive/3/feed.xml"]) == ["Walk 9", "Walk 8", "Walk 7"]
    assert after["archive/1/feed.xml"] == before["archive/1/feed.xml"]
    # Archive 2 keeps its items and gains the link to its new neighbour.
    assert titles(after["archive/2/feed.xml"]) == titles(before["archive/2/feed.xml"])
    assert links(after["archive/2/atom.xml"])["next-archive"] == (
        f"{BASE_URL}archive/3/atom.xml"
    )
    assert links(after["atom.xml"])["prev-archive"] == f"{BASE_URL}archive/3/atom.xml"


def test_an_edit_changes_only_its_archive(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_walks(content, range(1, 8))
    before = build(tmp_path, "one")
    write_article(
        content,
        "walk-02.md",
        basic_fields("Walk 2", "2025-06-02", description="Now with a summary."),
    )
    after = build(tmp_path, "two")
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == ["archive/1/atom.xml", "archive/1/feed.xml"]


def test_archives_are_reproducible(tmp_path: Path) -> None:
    write_walks(tmp_path / "content", range(1, 8))
    assert build(tmp_path, "one") == build(tmp_path, "two")


def test_no_archive_until_one_is_full(tmp_path: Path) -> None:
    write_walks(tmp_path / "content", range(1, 3))
    files = build(tmp_path, "out")
    assert not any(name.startswith("archive/") for name in files)
    assert "prev-archive" not in links(files["feed.xml"])


def test_limit_zero_keeps_everything_current(tmp_path: Path) -> None:
    write_walks(tmp_path / "content", range(1, 8))
    files = build(tmp_path, "out", limit=0)
    assert len(titles(files["feed.xml"])) == 7
    assert titles(files["archive/2/atom.xml"]) == ["Walk 6", "Walk 5", "Walk 4"]


def test_archive_larger_than_limit_is_refused(tmp_path: Path) -> None:
    write_walks(tmp_path / "content", range(1, 8))
    with pytest.raises(ConfigError, match="archive_size: 5 is larger than limit"):
        build(tmp_path, "out", archive_size=5)


def test_no_archives_without_the_setting(tmp_path: Path) -> None:
    write_walks(tmp_path / "content", range(1, 8))
    files = build(tmp_path, "out", archive_size=0)
    assert not any(name.startswith("archive/") for name in files)
