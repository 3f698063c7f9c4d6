"""Round trip of our feeds through real readers: feedparser, lxml, jsonschema.

For every entry of the sample site and of the demo site, feedparser must find
the title, link, id, author names, the published instant of the front matter,
the summary, content that starts with the hero ``<img>`` (absolute ``src``)
and the hero image with its MIME type in the enclosure and Media RSS fields.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import lxml.html
import pytest
import yaml

from tests.conftest import (
    BASE_URL,
    DEMO_CONTENT,
    SAMPLE_EXPECTED,
    Built,
    Expected,
    build_demo_cli,
    build_to,
    json_feed_problems,
    parse_xml,
    sample_site,
    utc,
    write_sample_site,
)

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DEMO_BASE = "https://summitnotes.example.org/"


def instant(parsed: Any) -> dt.datetime:
    """feedparser's UTC struct_time as an aware datetime."""
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)


def first_img(fragment: str) -> Any:
    tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
    images = tree.findall(".//img")
    assert images, f"no <img> in {fragment[:200]!r}"
    return images[0]


def assert_urls_absolute(fragment: str) -> None:
    tree = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for element in tree.iter():
        for attribute in ("href", "src", "poster"):
            value = element.get(attribute)
            if value is None or value.startswith("#"):
                continue
            parts = urlsplit(value)
            assert parts.scheme in ("http", "https", "mailto"), value
            assert parts.scheme == "mailto" or parts.netloc, value
        srcset = element.get("srcset")
        if srcset:
            for candidate in srcset.split(","):
                assert urlsplit(candidate.split()[0]).netloc, srcset


def check_entry(entry: Any, want: Expected, *, fmt: str, base_url: str) -> None:
    assert entry.title == want.title
    assert entry.link == want.url
    if fmt == "rss":
        assert entry.id == want.id
    else:
        assert entry.id == (want.atom_id or want.id)
    assert [a.get("name") for a in entry.authors] == list(want.authors)
    assert instant(entry.published_parsed) == want.published
    if fmt == "atom":
        assert instant(entry.updated_parsed) == want.updated
    assert entry.summary == want.summary
    # the content starts with the hero image, its src absolute
    assert len(entry.content) == 1  # the HTML, and nothing read as more content
    content = entry.content[0].value
    assert content.lstrip().startswith("<p><img")
    image = first_img(content)
    assert image.get("src") == want.hero_url
    assert image.get("alt") == (want.hero_alt or want.title)
    # the hero image in the enclosure, with its type
    enclosures = entry.enclosures
    if want.hero_type is None:
        assert enclosures == []
    else:
        assert len(enclosures) == 1
        assert enclosures[0].href == want.hero_url
        assert enclosures[0].type == want.hero_type
        if fmt == "rss":
            assert enclosures[0].length == str(want.hero_length or 0)
        elif want.hero_length:
            assert enclosures[0].length == str(want.hero_length)
    # and in the Media RSS fields
    assert [t["url"] for t in entry.media_thumbnail] == [want.hero_url]
    if fmt == "rss":
        assert len(entry.media_content) == 1
        assert entry.media_content[0]["url"] == want.hero_url
        assert entry.media_content[0].get("type") == want.hero_type
        assert entry.media_content[0].get("medium") == "image"
    assert [t.term for t in entry.get("tags", [])] == list(want.tags)


def raw_contents(data: bytes, fmt: str) -> list[str]:
    root = parse_xml(data)
    if fmt == "rss":
        return [item.findtext(CONTENT_ENCODED) for item in root.iter("item")]
    return [entry.findtext(f"{ATOM}content") for entry in root.iter(f"{ATOM}entry")]


FILES = {"rss": "feed.xml", "atom": "atom.xml"}


# --- the sample site ------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_sample_site_round_trip(sample: Built, fmt: str) -> None:
    data = sample.files[FILES[fmt]]
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == ("rss20" if fmt == "rss" else "atom10")
    assert parsed.feed.title == "Trail Log"
    assert parsed.feed.link == BASE_URL
    assert len(parsed.entries) == len(SAMPLE_EXPECTED)
    for entry, want in zip(parsed.entries, SAMPLE_EXPECTED, strict=True):
        check_entry(entry, want, fmt=fmt, base_url=BASE_URL)
    for content in raw_contents(data, fmt):
        assert_urls_absolute(content)


def test_sample_rss_author_emails(sample: Built) -> None:
    parsed = feedparser.parse(sample.files["feed.xml"])
    for entry, want in zip(parsed.entries, SAMPLE_EXPECTED, strict=True):
        emails = [a.get("email") for a in entry.authors if a.get("email")]
        assert emails == list(want.emails), want.file


def test_sample_atom_author_details(sample: Built) -> None:
    parsed = feedparser.parse(sample.files["atom.xml"])
    by_title = {entry.title: entry for entry in parsed.entries}
    glacier = by_title["A Walk to the Glacier Tongue"]
    assert glacier.authors[1] == {
        "name": "Ilse Vogt",
        "href": "https://ilse.example.org/",
    }
    scree = by_title["Scree Technique for Beginners"]
    assert scree.authors == [
        {"name": "Nils Brunner", "email": "nils@trails.example.org"}
    ]


def test_sample_json_feed_round_trip(sample: Built) -> None:
    data = sample.files["feed.json"]
    assert json_feed_problems(data) == []
    document = json.loads(data)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["home_page_url"] == BASE_URL
    assert document["feed_url"] == BASE_URL + "feed.json"
    items = document["items"]
    assert len(items) == len(SAMPLE_EXPECTED)
    for item, want in zip(items, SAMPLE_EXPECTED, strict=True):
        assert item["id"] == want.id
        assert item["url"] == want.url
        assert item["title"] == want.title
        assert item["summary"] == want.summary
        assert dt.datetime.fromisoformat(item["date_published"]) == want.published
        assert dt.datetime.fromisoformat(item["date_modified"]) == want.updated
        assert [a["name"] for a in item["authors"]] == list(want.authors)
        assert item["image"] == want.hero_url
        assert item["banner_image"] == want.hero_url
        assert item.get("tags", []) == list(want.tags)
        assert first_img(item["content_html"]).get("src") == want.hero_url
        assert_urls_absolute(item["content_html"])


def test_every_xml_output_is_well_formed(sample: Built) -> None:
    xml_files = [name for name in sample.files if name.endswith(".xml")]
    assert {"feed.xml", "atom.xml"} <= set(xml_files)
    for name in xml_files:
        parse_xml(sample.files[name])


def test_strict_xml_parser_rejects_broken_xml() -> None:
    with pytest.raises(Exception, match=r"(?i)mismatch|end tag|premature"):
        parse_xml(b"<rss><channel></rss>")


def test_json_checks_can_fail(sample: Built) -> None:
    document = json.loads(sample.files["feed.json"])
    document["items"][0]["date_published"] = "2025-13-01T00:00:00Z"
    document["items"][1]["url"] = "/relative/"
    del document["items"][2]["id"]
    problems = json_feed_problems(json.dumps(document).encode())
    # the schema's formats are checked (FormatChecker), and the rules too
    assert "items/0/date_published: '2025-13-01T00:00:00Z' is not a 'date-time'" in (
        problems
    )
    assert "items/1/url: '/relative/' is not a 'uri'" in problems
    assert any(p.startswith("items[0].date_published") for p in problems)
    assert any(p.startswith("items[1].url") for p in problems)
    assert any("'id' is a required property" in p for p in problems)


# --- the demo site --------------------------------------------------------------------


def demo_front_matter(relative: str) -> dict[str, Any]:
    """The demo article's front matter, read with PyYAML, tomllib or json."""
    text = (DEMO_CONTENT / relative).read_text(encoding="utf-8")
    if text.startswith("---\n"):
        block = text[4 : text.index("\n---\n", 4)]
        return dict(yaml.safe_load(block))
    if text.startswith("+++\n"):
        return tomllib.loads(text[4 : text.index("\n+++\n", 4)])
    document, _ = json.JSONDecoder().raw_decode(text)
    return dict(document)


def _demo(
    relative: str,
    slug: str,
    published: dt.datetime,
    authors: tuple[str, ...],
    hero: str,
    hero_type: str,
    *,
    hero_length: int | None = None,
    hero_alt: str | None = None,
    summary: str | None = None,
    updated: dt.datetime | None = None,
    tags: tuple[str, ...] | None = None,
) -> Expected:
    fields = demo_front_matter(relative)
    url = DEMO_BASE + slug + "/"
    return Expected(
        file=relative,
        title=fields["title"],
        url=url,
        id=url,
        authors=authors,
        published=published,
        updated=updated or published,
        summary=summary or fields["description"],
        hero_url=hero,
        hero_type=hero_type,
        hero_length=hero_length,
        hero_alt=hero_alt,
        tags=tuple(fields["tags"]) if tags is None else tags,
    )


MEDIA = "https://media.summitnotes.example.org/"


def demo_expected() -> list[Expected]:
    """Read off the demo front matter by hand (site time zone Europe/Zurich)."""
    images = DEMO_CONTENT / "images"
    return [
        _demo(
            "posts/thunderstorms-on-the-via-ferrata.md",
            "thunderstorms-on-the-via-ferrata",
            utc(2025, 7, 11, 22),  # '12 July 2025', summer time
            ("Jonas Weber",),
            DEMO_BASE + "images/cairn.gif",  # '../images/cairn.gif' from /<slug>/
            "image/gif",
            hero_length=(images / "cairn.gif").stat().st_size,
        ),
        _demo(
            "solstice-sunrise-on-pilatus.md",
            "solstice-sunrise-on-pilatus",
            utc(2025, 6, 21, 3, 30),  # '2025-06-21 05:30' local
            ("Priya Raman",),
            MEDIA + "2025/pilatus-solstice.jpg",
            "image/jpeg",
        ),
        _demo(
            "trail-running-in-the-rain.md",
            "trail-running-in-the-rain",
            utc(2025, 5, 17, 22),  # YAML date 2025-05-18
            ("Sofia Lindqvist",),
            MEDIA + "2025/wet-trail-forest.jpg",
            "image/jpeg",
            # tags first, then categories; 'Rain' repeats 'rain'
            tags=("rain", "technique", "trail running", "gear"),
        ),
        _demo(
            "hut-to-hut-planning.md",
            "hut-to-hut-planning",
            utc(2025, 4, 4, 22),  # 'April 5, 2025', summer time since March 30
            ("Priya Raman",),
            MEDIA + "2025/hut-terrace-evening.jpg",
            "image/jpeg",
            summary=(
                "A week of walking from hut to hut sounds like the simplest holiday "
                "in the world: walk, eat, sleep, repeat. The planning behind it is "
                "less simple, and most of the stress comes from a handful of "
                "decisions made in February."
            ),
        ),
        _demo(
            "over-the-ridge-zermatt-at-dawn.md",
            "over-the-ridge-zermatt-at-dawn",
            utc(2025, 3, 16, 23, 20),  # 18:20 -0500
            ("Lena Albrecht", "Jonas Weber"),
            MEDIA + "2025/zermatt-ridge-sunrise.jpg",
            "image/jpeg",
            hero_alt=(
                "Two climbers on a snowy ridge with the first light on a "
                "pyramid-shaped peak behind them"
            ),
        ),
        _demo(
            "reading-the-foehn.md",
            "reading-the-foehn",
            utc(2025, 3, 2, 6, 45),  # 07:45+01:00
            ("Marco Bianchi",),
            MEDIA + "2025/foehn-lenticular-clouds.jpg",
            "image/jpeg",
            updated=utc(2025, 3, 9, 17),
            tags=("weather", "foehn", "ski touring", "forecasting"),
        ),
        _demo(
            "first-snow-on-the-ridge.md",
            "first-snow-on-the-ridge",
            utc(2025, 2, 12, 23),  # '2025-02-13', winter time
            ("Lena Albrecht",),
            DEMO_BASE + "images/ridge.png",
            "image/png",
            hero_length=(images / "ridge.png").stat().st_size,
        ),
        _demo(
            "2025-01-20-winter-gear-list.md",
            "winter-gear-list",
            utc(2025, 1, 19, 23),  # from the file name
            ("Summit Notes Editors",),  # the site's author
            MEDIA + "2025/winter-gear-flatlay.jpg",
            "image/jpeg",
        ),
        _demo(
            "posts/avalanche-bulletin-basics.md",
            "avalanche-bulletin-basics",
            utc(2024, 10, 3, 9),
            ("Sofia Lindqvist",),
            MEDIA + "2024/avalanche-map-screen.jpg",
            "image/jpeg",
        ),
        _demo(
            "posts/crampon-care.md",
            "crampon-care",
            utc(2024, 9, 13, 22),  # TOML date 2024-09-14
            ("Marco Bianchi",),
            MEDIA + "2024/crampons-workbench.jpg",
            "image/jpeg",
        ),
    ]


@pytest.fixture
def demo_files(demo_dir: Path) -> dict[str, bytes]:
    return build_demo_cli(demo_dir)


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_demo_round_trip(demo_files: dict[str, bytes], fmt: str) -> None:
    data = demo_files[FILES[fmt]]
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.link == DEMO_BASE
    assert parsed.feed.title == "Summit Notes"
    expected = demo_expected()
    assert [e.title for e in parsed.entries] == [w.title for w in expected]
    for entry, want in zip(parsed.entries, expected, strict=True):
        check_entry(entry, want, fmt=fmt, base_url=DEMO_BASE)
    for content in raw_contents(data, fmt):
        assert_urls_absolute(content)


def test_demo_left_out_articles(demo_files: dict[str, bytes]) -> None:
    titles = {e.title for e in feedparser.parse(demo_files["feed.xml"]).entries}
    for relative in (
        "club-evening-autumn-program.md",  # feed: false
        "posts/glacier-rope-team-basics.md",  # draft: true
        "posts/the-haute-route-in-2031.md",  # dated 2031
    ):
        assert demo_front_matter(relative)["title"] not in titles


def test_demo_xml_well_formed_and_json_valid(demo_files: dict[str, bytes]) -> None:
    for name, data in demo_files.items():
        if name.endswith(".xml"):
            parse_xml(data)
    assert json_feed_problems(demo_files["feed.json"]) == []
    items = json.loads(demo_files["feed.json"])["items"]
    expected = demo_expected()
    assert [item["url"] for item in items] == [w.url for w in expected]
    for item, want in zip(items, expected, strict=True):
        assert dt.datetime.fromisoformat(item["date_published"]) == want.published
        assert [a["name"] for a in item["authors"]] == list(want.authors)


def test_every_output_document_is_read_cleanly(tmp_path: Path) -> None:
    """Tag feeds, archives and hub links on: every XML document is well-formed
    and read by feedparser without bozo, every JSON Feed passes schema and rules."""
    content = write_sample_site(tmp_path)
    site = sample_site(
        tag_feeds=True, archive_size=2, hubs=("https://hub.example.com/",)
    )
    files = build_to(content, tmp_path / "out", site=site, dry_run=True).files
    xml = [name for name in files if name.endswith(".xml")]
    json_feeds = [name for name in files if name.endswith(".json")]
    assert any(name.startswith("tags/") for name in xml)
    assert len(xml) > 2
    assert len(json_feeds) > 1
    for name in xml:
        parse_xml(files[name])
        parsed = feedparser.parse(files[name])
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.entries, name
        for entry in parsed.entries:
            assert urlsplit(entry.link).netloc, name
    for name in json_feeds:
        assert json_feed_problems(files[name]) == [], name
