"""Serving helpers: each document's content type, ETags and If-None-Match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import summitfeed
from tests.conftest import NOW, sample_site, write_sample_site

# RFC 9110 section 8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, where
# etagc is %x21 / %x23-7E / obs-text (a strong tag has no W/).
STRONG_TAG = re.compile(r'"[\x21\x23-\x7e]*"')


def test_each_document_has_its_content_type(tmp_path: Path) -> None:
    site = sample_site(tag_feeds=True, limit=2, archive_size=2)
    articles = summitfeed.load_articles(write_sample_site(tmp_path), site=site)
    feeds = summitfeed.build_feeds(site, articles, now=NOW)
    documents = summitfeed.render_feeds(feeds, formats=site.formats)
    expected_by_ending = {
        "feed.xml": "application/rss+xml; charset=utf-8",
        "atom.xml": "application/atom+xml; charset=utf-8",
        "feed.json": "application/feed+json; charset=utf-8",
        "feed.css": "text/css; charset=utf-8",
        "feeds.html": "text/html; charset=utf-8",
    }
    seen = set()
    for name in documents:
        ending = name.rpartition("/")[2]
        assert summitfeed.content_type(name, site=site) == expected_by_ending[ending]
        seen.add(ending)
    assert seen == set(expected_by_ending)
    assert any(name.startswith("tags/") for name in documents)
    assert any(name.startswith("archive/") for name in documents)


def test_content_type_follows_the_sites_file_names() -> None:
    site = sample_site(rss_file="index.rss", atom_file="feed.xml", json_file="all")
    assert summitfeed.content_type("feed.xml", site=site).startswith(
        "application/atom+xml"
    )
    assert summitfeed.content_type("tags/alps/index.rss", site=site).startswith(
        "application/rss+xml"
    )
    assert summitfeed.content_type("all", site=site).startswith("application/feed+json")
    with pytest.raises(ValueError, match="not a document summitfeed writes"):
        summitfeed.content_type("atom.xml", site=site)
    with pytest.raises(ValueError, match="not a document"):
        summitfeed.content_type("tags/feed.css", site=site)


def test_content_type_without_a_site_takes_the_default_names() -> None:
    assert summitfeed.content_type("feed.xml") == "application/rss+xml; charset=utf-8"
    assert summitfeed.content_type("tags/alps/atom.xml").startswith(
        "application/atom+xml"
    )
    assert summitfeed.content_type("feed.json").startswith("application/feed+json")
    assert summitfeed.content_type("feeds.html") == "text/html; charset=utf-8"
    with pytest.raises(ValueError, match=r"named feed\.xml, atom\.xml and feed\.json"):
        summitfeed.content_type("index.rss")


def test_etag_is_strong_and_made_from_the_bytes() -> None:
    tag = summitfeed.etag(b"<rss/>")
    assert STRONG_TAG.fullmatch(tag)
    assert summitfeed.etag(b"<rss/>") == tag
    assert summitfeed.etag(b"<rss />") != tag
    assert summitfeed.etag(b"") != tag


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        (None, False),
        ("", False),
        ("*", True),
        ("TAG", True),
        ("W/TAG", True),  # If-None-Match compares weakly
        ('"other", TAG', True),
        ('"other",TAG , "third"', True),
        ('"other"', False),
        ('W/"other", W/TAG', True),
        ("not a tag", False),
        ('"unclosed', False),
    ],
)
def test_etag_matches_reads_if_none_match(header: str | None, matches: bool) -> None:
    tag = summitfeed.etag(b"<feed/>")
    given = None if header is None else header.replace("TAG", tag)
    assert summitfeed.etag_matches(given, tag) is matches
