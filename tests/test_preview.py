"""The feeds' CSS preview and ``feeds.html``, read as files and in a real browser.

The browser tests open the output through a local HTTP server on 127.0.0.1 in
headless Chromium (Debian's ``chromium`` package) and check what a person sees:
the accessibility tree's text, which includes CSS-generated content. They keep
screenshots in ``tests/artifacts/`` and skip when no browser is installed.
"""

from __future__ import annotations

import functools
import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser
import lxml.html
import pytest
from lxml import etree

import summitfeed
from summitfeed._cli.main import main
from summitfeed._render.preview import FEED_NOTE, autodiscovery_tags
from tests.conftest import (
    BASE_URL,
    NOW,
    basic_fields,
    build_to,
    make_site,
    parse_xml,
    snapshot,
    write_article,
)
from tests.headless import Browser, find_chromium

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = find_chromium()
needs_browser = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium installed (Debian: apt-get install -y chromium)",
)
NO_STYLE_BANNER = "does not appear to have any style information"
PI = b'<?xml-stylesheet type="text/css" href="%s"?>'


def tiny_png(width: int = 6, height: int = 4) -> bytes:
    """A valid RGB PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x2a\x6f\x97" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


ARTICLES = [
    ("larch.md", "Larch Woods in October", "2025-03-01", "Mara Keller", ["Ridge"]),
    ("scree.md", "Scree Fields & Cairns", "2025-04-01", "Jon Aebi", ["Snow"]),
    ("cable.md", "The Last Cable Car", "2025-05-01", "Mara Keller", ["Ridge"]),
]


def write_site(content: Path) -> None:
    for name, title, day, author, tags in ARTICLES:
        write_article(
            content,
            name,
            basic_fields(
                title, day, author=author, tags=tags, heroImage="/images/peak.png"
            ),
        )
    (content / "images").mkdir(parents=True, exist_ok=True)
    (content / "images" / "peak.png").write_bytes(tiny_png())


# --- files ------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("preview")
    write_site(root / "content")
    build_to(root / "content", root / "out", site=make_site(tag_feeds=True))
    return snapshot(root / "out")


def test_xml_feeds_name_the_stylesheet(built: dict[str, bytes]) -> None:
    for name, href in [
        ("feed.xml", "feed.css"),
        ("atom.xml", "feed.css"),
        ("tags/ridge/feed.xml", "../../feed.css"),
        ("tags/ridge/atom.xml", "../../feed.css"),
    ]:
        lines = built[name].splitlines()
        assert lines[0] == b'<?xml version="1.0" encoding="UTF-8"?>'
        assert lines[1] == PI % href.encode()
        assert urljoin(BASE_URL + name, href) == BASE_URL + "feed.css"
    assert b"xml-stylesheet" not in built["feed.json"]
    assert built["feed.css"].startswith(b'@charset "UTF-8";')
    assert FEED_NOTE.encode() in built["feed.css"]
    assert "feeds.html" in built


def test_preview_changes_nothing_a_reader_sees(tmp_path: Path) -> None:
    write_site(tmp_path / "content")
    build_to(tmp_path / "content", tmp_path / "on", site=make_site(tag_feeds=True))
    build_to(
        tmp_path / "content",
        tmp_path / "off",
        site=make_site(tag_feeds=True, preview=False),
    )
    on, off = snapshot(tmp_path / "on"), snapshot(tmp_path / "off")
    assert set(on) - set(off) == {"feed.css", "feeds.html"}
    assert set(off) <= set(on)
    for name, data in off.items():
        assert b"xml-stylesheet" not in data
        if not name.endswith(".xml"):
            assert on[name] == data, name
            continue
        assert etree.tostring(parse_xml(on[name])) == etree.tostring(parse_xml(data))
        with_css, without = feedparser.parse(on[name]), feedparser.parse(data)
        assert not with_css.bozo, name
        assert with_css.feed == without.feed
        assert with_css.entries == without.entries


def test_feeds_page_head_feeds_and_items(built: dict[str, bytes]) -> None:
    page = built["feeds.html"].decode("utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    document = lxml.html.document_fromstring(page)
    site = make_site(tag_feeds=True)
    alternates = [
        (link.get("type"), link.get("href"))
        for link in document.findall("head/link")
        if link.get("rel") == "alternate"
    ]
    assert alternates == [
        ("application/rss+xml", BASE_URL + "feed.xml"),
        ("application/atom+xml", BASE_URL + "atom.xml"),
        ("application/feed+json", BASE_URL + "feed.json"),
    ]
    assert autodiscovery_tags(site).strip() in page
    copies = [button.get("data-copy") for button in document.iter("button")]
    assert copies[:3] == [
        BASE_URL + "feed.xml",
        BASE_URL + "atom.xml",
        BASE_URL + "feed.json",
    ]
    assert BASE_URL + "tags/ridge/feed.xml" in copies
    titles = [
        "".join(str(text) for text in a.itertext())
        for a in document.iterfind(".//a[@class='title']")
    ]
    assert titles == [title for _, title, *_ in reversed(ARTICLES)]
    images = [img.get("src") for img in document.iter("img")]
    assert images == [BASE_URL + "images/peak.png"] * len(ARTICLES)


def test_autodiscovery_function_and_command(capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(formats=("atom", "rss"))
    tags = autodiscovery_tags(site)
    assert tags == (
        f'<link rel="alternate" type="application/atom+xml" title="Trail Log (Atom)" '
        f'href="{BASE_URL}atom.xml">\n'
        f'<link rel="alternate" type="application/rss+xml" title="Trail Log (RSS)" '
        f'href="{BASE_URL}feed.xml">\n'
    )
    argv = ["autodiscovery", "--title", "Trail Log", "--base-url", BASE_URL]
    assert main([*argv, "--formats", "atom,rss"]) == 0
    assert capsys.readouterr().out == tags


# --- in a browser ------------------------------------------------------------


@dataclass
class Served:
    url: str
    out: Path
    requests: list[str]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("served")
    out = root / "out"
    out.mkdir()
    requests: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            requests.append(self.path)

    handler = functools.partial(Handler, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    write_site(root / "content")
    site = make_site(base_url=url, tag_feeds=True)
    summitfeed.build(root / "content", out, site=site, now=NOW, use_cache=False)
    plain = make_site(base_url=url + "plain/", preview=False)
    summitfeed.build(
        root / "content", out / "plain", site=plain, now=NOW, use_cache=False
    )
    (out / "images").mkdir()
    (out / "images" / "peak.png").write_bytes(tiny_png())
    try:
        yield Served(url=url, out=out, requests=requests)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if CHROMIUM is None:
        pytest.skip("no Chromium installed (Debian: apt-get install -y chromium)")
    instance = Browser(CHROMIUM)
    try:
        yield instance
    finally:
        instance.close()


def _open(
    browser: Browser, served: Served, path: str, shot: str, check: str | None = None
) -> tuple[Any, Any]:
    return browser.open(served.url + path, screenshot=ARTIFACTS / shot, check=check)


def _assert_feed_page(text: str, served: Served, name: str) -> None:
    assert NO_STYLE_BANNER not in text
    assert "Trail Log" in text
    assert "Walks and climbs in the Alps." in text
    assert "This is a web feed." in text
    assert "paste it into your feed reader" in text
    assert served.url + name in text
    for _, title, _, author, _ in ARTICLES:
        assert title in text
        assert author in text


@needs_browser
@pytest.mark.parametrize(
    ("name", "dates"),
    [
        ("feed.xml", ["Sat, 01 Mar 2025", "Tue, 01 Apr 2025", "Thu, 01 May 2025"]),
        ("atom.xml", ["2025-03-01T00:00:00+01:00", "2025-04-01T00:00:00+02:00"]),
    ],
)
def test_feed_preview_in_browser(
    browser: Browser, served: Served, name: str, dates: list[str]
) -> None:
    served.requests.clear()
    page, root = _open(
        browser,
        served,
        name,
        f"preview-{name}.png",
        check="document.documentElement.localName",
    )
    assert root == ("rss" if name == "feed.xml" else "feed")  # not an XML viewer page
    _assert_feed_page(page.text, served, name)
    for date in dates:
        assert date in page.text
    assert "/feed.css" in served.requests
    assert len(page.png) > 10_000


@needs_browser
def test_tag_feed_preview_finds_the_stylesheet(
    browser: Browser, served: Served
) -> None:
    served.requests.clear()
    page, _ = _open(browser, served, "tags/ridge/feed.xml", "preview-tag-rss.png")
    assert NO_STYLE_BANNER not in page.text
    assert "This is a web feed." in page.text
    assert served.url + "tags/ridge/feed.xml" in page.text
    assert "Larch Woods in October" in page.text
    assert "Scree Fields & Cairns" not in page.text
    assert "/feed.css" in served.requests


@needs_browser
def test_without_preview_the_browser_shows_raw_xml(
    browser: Browser, served: Served
) -> None:
    # The control: the check above can fail.
    page, _ = _open(browser, served, "plain/feed.xml", "preview-off-rss.png")
    assert NO_STYLE_BANNER in page.text
    assert "This is a web feed." not in page.text


CHECK_PAGE = """(async () => {
  const images = Array.from(document.images, i => [i.currentSrc, i.naturalWidth]);
  const links = Array.from(document.head.querySelectorAll('link[rel=alternate]'),
    l => [l.type, l.href]);
  const button = document.querySelector('button[data-copy]');
  button.click();
  await new Promise(r => setTimeout(r, 300));
  return {images, links, copied: button.textContent};
})()"""


@needs_browser
def test_feeds_page_in_browser(browser: Browser, served: Served) -> None:
    page, found = _open(browser, served, "feeds.html", "feeds-page.png", CHECK_PAGE)
    text = page.text
    assert "Subscribe to Trail Log" in text
    assert "paste it into your reader" in text
    for name in ("feed.xml", "atom.xml", "feed.json", "tags/ridge/feed.xml"):
        assert served.url + name in text
    assert text.count("Copy") >= 4
    for _, title, _, author, _ in ARTICLES:
        assert title in text
        assert author in text
    assert "1 May 2025" in text
    assert found["links"] == [
        ["application/rss+xml", served.url + "feed.xml"],
        ["application/atom+xml", served.url + "atom.xml"],
        ["application/feed+json", served.url + "feed.json"],
    ]
    assert len(found["images"]) == len(ARTICLES)
    for src, width in found["images"]:
        assert src == served.url + "images/peak.png"
        assert width == 6  # the thumbnail loaded
    assert found["copied"] == "Copied"
