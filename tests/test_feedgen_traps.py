"""Each trap of feedgen 1.0.0 listed in SPEC §3, proved absent from our output.

The feeds are read with lxml (structure) and feedparser (what readers see).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import feedparser
import pytest

import summitfeed
from tests.conftest import (
    BASE_URL,
    SAMPLE_EXPECTED,
    Built,
    basic_fields,
    build_to,
    make_site,
    parse_xml,
    snapshot,
    utc,
    write_article,
)

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM = f"{{{ATOM_NS}}}"
MEDIA = "{http://search.yahoo.com/mrss/}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"


def rss_items(data: bytes) -> list[Any]:
    items: list[Any] = list(parse_xml(data).find("channel").iter("item"))
    return items


def atom_entries(data: bytes) -> list[Any]:
    entries: list[Any] = parse_xml(data).findall(f"{ATOM}entry")
    return entries


# --- a site made for the traps --------------------------------------------------------


def trap_site(tmp_path: Path) -> Path:
    """Written oldest first, so that a prepending generator would reverse them."""
    content = tmp_path / "content"
    write_article(
        content,
        "a-first.md",
        basic_fields(
            "Two Names Only",
            "2025-03-01",
            author=["Mara Keller", "Nils Brunner"],
            heroImage="/media/local.png",
        ),
    )
    write_article(
        content,
        "b-second.md",
        basic_fields(
            "One Author With Mail",
            "2025-03-02",
            author="Ilse Vogt <ilse@trails.example.org>",
            heroImage="https://cdn.example.com/remote.jpg",
            id="walk-0002",
        ),
    )
    write_article(
        content,
        "c-third.md",
        basic_fields(
            "Hero Without Known Type",
            "2025-03-03",
            author="Mara Keller",
            heroImage="https://cdn.example.com/render?id=7",
            id="https://old.trails.example.org/third",
        ),
    )
    # two on the same day: published ties, updated decides
    write_article(
        content,
        "d-fourth.md",
        basic_fields(
            "Same Day Edited Later",
            "2025-03-04",
            updated_date="2025-03-06T08:00:00Z",
        ),
    )
    write_article(
        content, "e-fifth.md", basic_fields("Same Day Untouched", "2025-03-04")
    )
    (content / "media").mkdir()
    (content / "media" / "local.png").write_bytes(b"p" * 2048)
    return content


@pytest.fixture
def traps(tmp_path: Path) -> Built:
    content = trap_site(tmp_path)
    out = tmp_path / "public"
    report = build_to(content, out, site=make_site(hubs=("https://hub.example.com/",)))
    return Built(content, out, report, snapshot(out))


NEWEST_FIRST = [
    "Same Day Edited Later",
    "Same Day Untouched",
    "Hero Without Known Type",
    "One Author With Mail",
    "Two Names Only",
]


# --- DuplicateAtomLink: entry links keep rel, type and length -------------------------


def test_atom_entry_has_one_alternate_and_a_full_enclosure(traps: Built) -> None:
    for entry in atom_entries(traps.files["atom.xml"]):
        links = entry.findall(f"{ATOM}link")
        assert all(link.get("rel") for link in links)
        alternates = [link for link in links if link.get("rel") == "alternate"]
        assert len(alternates) == 1
        assert alternates[0].get("type") == "text/html"
    first = {
        e.findtext(f"{ATOM}title"): e for e in atom_entries(traps.files["atom.xml"])
    }
    enclosure = first["Two Names Only"].find(f"{ATOM}link[@rel='enclosure']")
    assert enclosure is not None
    assert enclosure.get("href") == BASE_URL + "media/local.png"
    assert enclosure.get("type") == "image/png"
    assert enclosure.get("length") == "2048"
    remote = first["One Author With Mail"].find(f"{ATOM}link[@rel='enclosure']")
    assert remote is not None
    assert remote.get("type") == "image/jpeg"
    assert remote.get("length") is None  # unknown: left out, never "None"


def test_atom_links_as_feedparser_sees_them(traps: Built) -> None:
    parsed = feedparser.parse(traps.files["atom.xml"])
    assert not parsed.bozo
    for entry in parsed.entries:
        rels = [link.rel for link in entry.links]
        assert rels.count("alternate") == 1
        assert entry.link == next(
            lk.href for lk in entry.links if lk.rel == "alternate"
        )
    feed_rels = sorted(link.rel for link in parsed.feed.links)
    assert feed_rels.count("alternate") == 1
    assert feed_rels.count("self") == 1


# --- MediaGroupWithoutAlternatives: no media:group ------------------------------------


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_no_media_group(traps: Built, name: str) -> None:
    root = parse_xml(traps.files[name])
    assert root.findall(f".//{MEDIA}group") == []
    assert b"media:group" not in traps.files[name]


def test_media_content_sits_in_the_item(traps: Built) -> None:
    items = rss_items(traps.files["feed.xml"])
    with_hero = [i for i in items if i.findtext("title") not in NEWEST_FIRST[:2]]
    assert len(with_hero) == 3
    for item in with_hero:
        contents = [c for c in item if c.tag == f"{MEDIA}content"]
        assert len(contents) == 1
        assert contents[0].get("medium") == "image"
        assert len([c for c in item if c.tag == f"{MEDIA}thumbnail"]) == 1


# --- Atom content type="html", never CDATA --------------------------------------------


def test_atom_content_is_escaped_html(traps: Built) -> None:
    data = traps.files["atom.xml"]
    assert b"CDATA" not in data
    for entry in atom_entries(data):
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "html"
        assert len(content) == 0  # no child elements: the HTML is text
        assert content.text.startswith("<p>")
    assert b"&lt;p&gt;" in data


def test_rss_content_not_cdata(traps: Built) -> None:
    assert b"CDATA" not in traps.files["feed.xml"]


# --- no length="None" -----------------------------------------------------------------


def test_no_length_none_anywhere(traps: Built) -> None:
    for name, data in traps.files.items():
        assert b'"None"' not in data, name
        assert b">None<" not in data, name


def test_rss_enclosure_length_real_or_zero(traps: Built) -> None:
    by_title = {i.findtext("title"): i for i in rss_items(traps.files["feed.xml"])}
    local = by_title["Two Names Only"].find("enclosure")
    assert (local.get("url"), local.get("type"), local.get("length")) == (
        BASE_URL + "media/local.png",
        "image/png",
        "2048",
    )
    remote = by_title["One Author With Mail"].find("enclosure")
    assert remote.get("length") == "0"
    assert remote.get("type") == "image/jpeg"
    # a hero whose type cannot be known gets no enclosure, but its media fields
    unknown = by_title["Hero Without Known Type"]
    assert unknown.find("enclosure") is None
    assert unknown.find(f"{MEDIA}content").get("url") == (
        "https://cdn.example.com/render?id=7"
    )
    assert unknown.find(f"{MEDIA}content").get("type") is None


# --- name-only RSS authors are kept, as dc:creator ------------------------------------


def test_name_only_rss_authors_are_dc_creators(traps: Built) -> None:
    by_title = {i.findtext("title"): i for i in rss_items(traps.files["feed.xml"])}
    two = by_title["Two Names Only"]
    assert [c.text for c in two.findall(f"{DC}creator")] == [
        "Mara Keller",
        "Nils Brunner",
    ]
    assert two.find("author") is None
    mail = by_title["One Author With Mail"]
    assert mail.findtext("author") == "ilse@trails.example.org (Ilse Vogt)"
    assert mail.findall(f"{DC}creator") == []
    for item in by_title.values():  # never both in one item
        assert not (
            item.find("author") is not None and item.find(f"{DC}creator") is not None
        )
    parsed = feedparser.parse(traps.files["feed.xml"])
    names = {e.title: [a.get("name") for a in e.authors] for e in parsed.entries}
    assert names["Two Names Only"] == ["Mara Keller", "Nils Brunner"]
    assert names["One Author With Mail"] == ["Ilse Vogt"]


def test_items_without_any_author_get_the_site_author(tmp_path: Path) -> None:
    content = tmp_path / "content"
    fields = basic_fields("No Author", "2025-03-01", author=None)
    write_article(content, "no-author.md", fields)
    site = make_site(author=(summitfeed.Person("Trail Log Desk"),))
    files = build_to(content, tmp_path / "out", site=site, dry_run=True).files
    item = rss_items(files["feed.xml"])[0]
    assert [c.text for c in item.findall(f"{DC}creator")] == ["Trail Log Desk"]


# --- the RSS channel <link> is the site -----------------------------------------------


def test_rss_channel_link_is_the_site(traps: Built) -> None:
    channel = parse_xml(traps.files["feed.xml"]).find("channel")
    links = channel.findall("link")
    assert [link.text for link in links] == [BASE_URL]
    self_links = channel.findall(f"{ATOM}link[@rel='self']")
    assert [link.get("href") for link in self_links] == [BASE_URL + "feed.xml"]
    assert feedparser.parse(traps.files["feed.xml"]).feed.link == BASE_URL


def test_rss_channel_link_with_images_and_sub_path(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "one.md", basic_fields("One", "2025-03-01"))
    site = make_site(
        base_url="https://example.org/blog/", icon="/icon.png", logo="logo.png"
    )
    files = build_to(content, tmp_path / "out", site=site, dry_run=True).files
    channel = parse_xml(files["feed.xml"]).find("channel")
    assert [link.text for link in channel.findall("link")] == [
        "https://example.org/blog/"
    ]
    assert channel.findtext("image/link") == "https://example.org/blog/"
    assert channel.findtext("image/url") == "https://example.org/blog/logo.png"


# --- add_entry prepends: our items are newest first in every format -------------------


def test_items_newest_first_in_every_format(traps: Built) -> None:
    rss = [i.findtext("title") for i in rss_items(traps.files["feed.xml"])]
    atom = [e.findtext(f"{ATOM}title") for e in atom_entries(traps.files["atom.xml"])]
    import json

    items = json.loads(traps.files["feed.json"])["items"]
    assert rss == atom == [i["title"] for i in items] == NEWEST_FIRST


def test_sample_items_newest_first(sample: Built) -> None:
    rss = [i.findtext("title") for i in rss_items(sample.files["feed.xml"])]
    assert rss == [want.title for want in SAMPLE_EXPECTED]
    published = [want.published for want in SAMPLE_EXPECTED]
    assert published == sorted(published, reverse=True)


# --- feed dates come from the items, never the clock ----------------------------------


def test_feed_dates_are_the_newest_update(traps: Built) -> None:
    channel = parse_xml(traps.files["feed.xml"]).find("channel")
    # d-fourth.md: updated_date '2025-03-06T08:00:00Z', the newest of all
    assert channel.findtext("lastBuildDate") == "Thu, 06 Mar 2025 08:00:00 +0000"
    atom = parse_xml(traps.files["atom.xml"])
    updated = dt.datetime.fromisoformat(atom.findtext(f"{ATOM}updated"))
    assert updated == utc(2025, 3, 6, 8)
    assert channel.find("pubDate") is None or channel.findtext("pubDate") == (
        channel.findtext("lastBuildDate")
    )


def test_feed_dates_do_not_follow_now(tmp_path: Path) -> None:
    content = trap_site(tmp_path)
    site = make_site()
    one = build_to(content, tmp_path / "a", site=site, now=utc(2025, 4, 1)).files
    two = build_to(content, tmp_path / "b", site=site, now=utc(2031, 12, 31, 23)).files
    assert one == two
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


# --- guid isPermaLink -----------------------------------------------------------------


def test_guid_is_permalink_only_when_it_is_the_url(traps: Built) -> None:
    by_title = {i.findtext("title"): i for i in rss_items(traps.files["feed.xml"])}
    default = by_title["Two Names Only"].find("guid")
    assert default.text == BASE_URL + "a-first/"
    assert default.get("isPermaLink") == "true"
    custom = by_title["One Author With Mail"].find("guid")
    assert custom.text == "walk-0002"
    assert custom.get("isPermaLink") == "false"
    other_url = by_title["Hero Without Known Type"].find("guid")
    assert other_url.text == "https://old.trails.example.org/third"
    assert other_url.get("isPermaLink") == "false"
    parsed = feedparser.parse(traps.files["feed.xml"])
    ids = {e.title: e.id for e in parsed.entries}
    assert ids["One Author With Mail"] == "walk-0002"
    links = {e.title: e.link for e in parsed.entries}
    assert links["One Author With Mail"] == BASE_URL + "b-second/"


def test_atom_id_for_a_custom_id(traps: Built) -> None:
    by_title = {
        e.findtext(f"{ATOM}title"): e for e in atom_entries(traps.files["atom.xml"])
    }
    # 'walk-0002' is not a URI: a tag URI from the host and the publish date
    # ('2025-03-02' in Zurich is 2025-03-01T23:00Z)
    assert by_title["One Author With Mail"].findtext(f"{ATOM}id") == (
        "tag:trails.example.org,2025-03-01:walk-0002"
    )
    assert by_title["Hero Without Known Type"].findtext(f"{ATOM}id") == (
        "https://old.trails.example.org/third"
    )
    assert by_title["Two Names Only"].findtext(f"{ATOM}id") == BASE_URL + "a-first/"


# --- RSS item has <description> (summary) and <content:encoded> (full HTML) -----------


def test_rss_item_has_description_then_content_encoded(traps: Built) -> None:
    for item in rss_items(traps.files["feed.xml"]):
        tags = [child.tag for child in item]
        assert tags.count("description") == 1
        assert tags.count(f"{CONTENT}encoded") == 1
        assert tags.index("description") < tags.index(f"{CONTENT}encoded")
        title = item.findtext("title")
        assert item.findtext("description") == f"Notes about {title.lower()}."
        assert "<p>" in item.findtext(f"{CONTENT}encoded")
