"""The elements SPEC §3 asks of each format, read with lxml and feedparser."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections.abc import Mapping
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
    sample_site,
    utc,
    write_article,
    write_sample_site,
)

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
RFC822_NUMERIC = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"\d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")


@pytest.fixture
def full(tmp_path: Path) -> Mapping[str, bytes]:
    """The sample site with every optional site setting given."""
    content = write_sample_site(tmp_path)
    site = sample_site(
        icon="/favicon.png",
        logo="/img/logo.png",
        rights="Text CC BY 4.0, Trail Log",
        language="en-GB",
        hubs=("https://hub.example.com/",),
    )
    return build_to(content, tmp_path / "out", site=site, dry_run=True).files


# --- RSS 2.0 ------------------------------------------------------------------------


def test_rss_channel_elements(full: Mapping[str, bytes]) -> None:
    channel = parse_xml(full["feed.xml"]).find("channel")
    assert channel.findtext("title") == "Trail Log"
    assert channel.findtext("link") == BASE_URL
    assert channel.findtext("description") == "Walks and climbs in the Alps."
    assert channel.findtext("language") == "en-GB"
    assert channel.findtext("generator").startswith("summitfeed")
    assert channel.findtext("copyright") == "Text CC BY 4.0, Trail Log"
    assert channel.findtext("image/url") == BASE_URL + "img/logo.png"
    assert channel.findtext("image/title") == "Trail Log"
    links = {
        link.get("rel"): link.get("href") for link in channel.findall(f"{ATOM}link")
    }
    assert links["self"] == BASE_URL + "feed.xml"
    assert links["hub"] == "https://hub.example.com/"
    # the newest item's update: pass-crossing-at-noon, 2025-10-14T12:00+02:00
    last = email.utils.parsedate_to_datetime(channel.findtext("lastBuildDate"))
    assert last == utc(2025, 10, 14, 10)


def test_rss_item_elements(full: Mapping[str, bytes]) -> None:
    items = parse_xml(full["feed.xml"]).find("channel").findall("item")
    assert len(items) == len(SAMPLE_EXPECTED)
    for item, want in zip(items, SAMPLE_EXPECTED, strict=True):
        assert item.findtext("title") == want.title
        assert item.findtext("link") == want.url
        assert item.findtext("guid") == want.id
        pub_date = item.findtext("pubDate")
        assert RFC822_NUMERIC.match(pub_date), pub_date
        assert email.utils.parsedate_to_datetime(pub_date) == want.published
        assert [c.text for c in item.findall("category")] == list(want.tags)
        assert item.findtext("description") == want.summary


def test_rss_author_forms(full: Mapping[str, bytes]) -> None:
    parsed = feedparser.parse(full["feed.xml"])
    for entry, want in zip(parsed.entries, SAMPLE_EXPECTED, strict=True):
        if len(want.authors) == 1 and want.emails:
            assert entry.author_detail.get("email") == want.emails[0]
        assert [a.get("name") for a in entry.authors] == list(want.authors)


# --- Atom 1.0 -----------------------------------------------------------------------


def test_atom_feed_elements(full: Mapping[str, bytes]) -> None:
    root = parse_xml(full["atom.xml"])
    assert root.findtext(f"{ATOM}id") == BASE_URL + "atom.xml"
    assert root.findtext(f"{ATOM}title") == "Trail Log"
    assert root.findtext(f"{ATOM}subtitle") == "Walks and climbs in the Alps."
    assert root.findtext(f"{ATOM}icon") == BASE_URL + "favicon.png"
    assert root.findtext(f"{ATOM}logo") == BASE_URL + "img/logo.png"
    assert root.findtext(f"{ATOM}rights") == "Text CC BY 4.0, Trail Log"
    assert root.find(f"{ATOM}generator").text == "summitfeed"
    updated = root.findtext(f"{ATOM}updated")
    assert RFC3339.match(updated)
    assert dt.datetime.fromisoformat(updated) == utc(2025, 10, 14, 10)
    links = {link.get("rel"): link for link in root.findall(f"{ATOM}link")}
    assert links["self"].get("href") == BASE_URL + "atom.xml"
    assert links["self"].get("type") == "application/atom+xml"
    assert links["alternate"].get("href") == BASE_URL
    assert links["hub"].get("href") == "https://hub.example.com/"
    # every sample entry has an author: no feed-level author needed
    assert root.find(f"{ATOM}author") is None


def test_atom_entry_elements(full: Mapping[str, bytes]) -> None:
    entries = parse_xml(full["atom.xml"]).findall(f"{ATOM}entry")
    for entry, want in zip(entries, SAMPLE_EXPECTED, strict=True):
        for name in ("published", "updated"):
            assert RFC3339.match(entry.findtext(f"{ATOM}{name}"))
        assert dt.datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == (
            want.published
        )
        assert dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == (
            want.updated
        )
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "text"
        assert summary.text == want.summary
        assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == list(
            want.tags
        )
        assert [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")] == (
            list(want.authors)
        )
        thumbnails = entry.findall(f"{MEDIA}thumbnail")
        assert [t.get("url") for t in thumbnails] == [want.hero_url]


def test_atom_feed_author_is_the_site_title_when_an_entry_has_none(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    write_article(content, "a.md", basic_fields("With Author", "2025-03-01"))
    write_article(
        content, "b.md", basic_fields("Without Author", "2025-03-02", author=None)
    )
    files = build_to(content, tmp_path / "out", dry_run=True).files
    root = parse_xml(files["atom.xml"])
    names = [a.findtext(f"{ATOM}name") for a in root.findall(f"{ATOM}author")]
    assert names == ["Trail Log"]
    entries = {e.findtext(f"{ATOM}title"): e for e in root.findall(f"{ATOM}entry")}
    assert entries["Without Author"].find(f"{ATOM}author") is None
    assert not feedparser.parse(files["atom.xml"]).bozo


def test_site_author_stands_in_for_a_missing_author(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(
        content, "b.md", basic_fields("Without Author", "2025-03-02", author=None)
    )
    site = make_site(author=(summitfeed.Person("Trail Log Desk"),))
    files = build_to(content, tmp_path / "out", site=site, dry_run=True).files
    parsed = feedparser.parse(files["atom.xml"])
    assert not parsed.bozo
    assert parsed.entries[0].author == "Trail Log Desk"
    assert feedparser.parse(files["feed.xml"]).entries[0].author == "Trail Log Desk"
    item = json.loads(files["feed.json"])["items"][0]
    assert item["authors"] == [{"name": "Trail Log Desk"}]


# --- JSON Feed 1.1 ------------------------------------------------------------------


def test_json_feed_top_level(full: Mapping[str, bytes]) -> None:
    document: dict[str, Any] = json.loads(full["feed.json"])
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] == "Trail Log"
    assert document["home_page_url"] == BASE_URL
    assert document["feed_url"] == BASE_URL + "feed.json"
    assert document["description"] == "Walks and climbs in the Alps."
    assert document["language"] == "en-GB"
    assert document["icon"] == BASE_URL + "img/logo.png"
    assert document["favicon"] == BASE_URL + "favicon.png"
    assert document["authors"] == [{"name": "Trail Log Desk"}]
    assert document["hubs"] == [{"type": "WebSub", "url": "https://hub.example.com/"}]


def test_json_feed_items(full: Mapping[str, bytes]) -> None:
    items = json.loads(full["feed.json"])["items"]
    for item, want in zip(items, SAMPLE_EXPECTED, strict=True):
        assert RFC3339.match(item["date_published"])
        assert RFC3339.match(item["date_modified"])
        assert item["language"] == "en-GB"
        assert item["content_html"].startswith("<p><img ")
        authors = item["authors"]
        assert [a["name"] for a in authors] == list(want.authors)
    glacier = next(i for i in items if i["title"] == "A Walk to the Glacier Tongue")
    assert glacier["authors"][1] == {
        "name": "Ilse Vogt",
        "url": "https://ilse.example.org/",
    }


def test_item_language_from_the_article(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(
        content, "de.md", basic_fields("Über den Pass", "2025-03-01", lang="de-CH")
    )
    files = build_to(content, tmp_path / "out", dry_run=True).files
    assert json.loads(files["feed.json"])["items"][0]["language"] == "de-CH"


# --- text stays text; HTML in content is sanitized and absolute ----------------------


def test_titles_and_names_are_text_in_every_format(tmp_path: Path) -> None:
    title = "Rock & Ice: <em>not</em> *markup*"
    content = tmp_path / "content"
    write_article(
        content,
        "text.md",
        basic_fields(
            title,
            "2025-03-01",
            author="O'Brien & Sons *Ltd*",
            subtitle="A <b>bold</b> claim",
            tags=["<tag>", "a & b"],
        ),
    )
    files = build_to(content, tmp_path / "out", dry_run=True).files
    rss = parse_xml(files["feed.xml"]).find("channel/item")
    assert rss.findtext("title") == title
    assert (
        rss.findtext("{http://purl.org/dc/elements/1.1/}creator")
        == "O'Brien & Sons *Ltd*"
    )
    assert [c.text for c in rss.findall("category")] == ["<tag>", "a & b"]
    atom = parse_xml(files["atom.xml"]).find(f"{ATOM}entry")
    assert atom.findtext(f"{ATOM}title") == title
    assert atom.find(f"{ATOM}title").get("type") in (None, "text")
    item = json.loads(files["feed.json"])["items"][0]
    assert item["title"] == title
    assert item["tags"] == ["<tag>", "a & b"]
    assert (
        "<p><strong>A &lt;b&gt;bold&lt;/b&gt; claim</strong></p>"
        in item["content_html"]
    )


def test_body_html_sanitized_and_urls_absolute(tmp_path: Path) -> None:
    body = (
        "See [the map](maps/route.pdf), [top](#top) and ![hut](../huts/a.jpg).\n\n"
        '<p onclick="x()" style="color:red">Styled</p>\n\n'
        "<script>alert(1)</script>\n\n"
        '<iframe src="https://video.example.com/"></iframe>\n\n'
        '<a href="javascript:alert(1)">bad link</a>\n\n'
        '<img src="pics/one.jpg" srcset="pics/one.jpg 1x, /pics/two.jpg 2x">\n'
    )
    content = tmp_path / "content"
    write_article(content, "body.md", basic_fields("Body", "2025-03-01"), body)
    files = build_to(content, tmp_path / "out", dry_run=True).files
    html = json.loads(files["feed.json"])["items"][0]["content_html"]
    assert 'href="https://trails.example.org/body/maps/route.pdf"' in html
    assert 'src="https://trails.example.org/huts/a.jpg"' in html
    assert (
        'srcset="https://trails.example.org/body/pics/one.jpg 1x, '
        'https://trails.example.org/pics/two.jpg 2x"'
    ) in html
    for banned in (
        "<script",
        "alert(1)",
        "<iframe",
        "onclick",
        "style=",
        "javascript:",
    ):
        assert banned not in html
    assert "Styled" in html
    assert "bad link" in html


def test_tables_and_footnotes_render(tmp_path: Path) -> None:
    body = (
        "| Hut | Altitude |\n|-----|---------:|\n| Moiry | 2825 m |\n\n"
        "A claim.[^1]\n\n[^1]: The source.\n"
    )
    content = tmp_path / "content"
    write_article(content, "t.md", basic_fields("Table", "2025-03-01"), body)
    files = build_to(content, tmp_path / "out", dry_run=True).files
    html = json.loads(files["feed.json"])["items"][0]["content_html"]
    assert "<table>" in html
    assert "<td" in html
    assert "Moiry" in html
    assert "The source." in html
    assert "<sup" in html


def test_sample_output_is_well_formed(sample: Built) -> None:
    for name, data in sample.files.items():
        if name.endswith(".xml"):
            parse_xml(data)


def test_rss_plain_text_uses_hexadecimal_references(tmp_path):
    """The RSS Best Practices Profile's form for "<" and "&" in plain text."""
    title = "Using <div> & <span> on the Trail"
    write_article(
        tmp_path / "content",
        "markup-walk.md",
        basic_fields(title, "2025-03-01", tags=["a&b"]),
    )
    build_to(tmp_path / "content", tmp_path / "out", site=make_site())
    rss = (tmp_path / "out" / "feed.xml").read_bytes()
    assert (
        b"<title>Using &#x3C;div&gt; &#x26; &#x3C;span&gt; on the Trail</title>" in rss
    )
    assert b"<category>a&#x26;b</category>" in rss
    parsed = feedparser.parse(rss)
    assert not parsed.bozo
    assert parsed.entries[0].title == title
    assert parsed.entries[0].tags[0].term == "a&b"
