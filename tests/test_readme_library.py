"""The README's library examples, run as a reader would copy them.

Each example is the ```python block of the README's library section whose
first line is its title comment; it runs in an empty folder of its own. The
SQLite example's WSGI app is served on 127.0.0.1 and asked through urllib.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import feedparser
import pytest

import summitfeed
from tests.conftest import ROOT, copy_demo, json_feed_problems

FOLDER = "import datetime as dt"  # (the first example has no title line)
MAPPINGS = "# Feeds from a list of mappings"
POSTS = "# Feeds from python-frontmatter posts"
SQLITE = "# Feeds from a SQLite database, served by a WSGI app"


def library_examples() -> dict[str, str]:
    """The python blocks of the README's library section, by first line."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## The library\n")
    end = readme.find("\n## ", start + 1)
    section = readme[start:end]
    blocks = re.findall(r"^```python\n(.*?)^```$", section, re.DOTALL | re.MULTILINE)
    return {block.partition("\n")[0]: block for block in blocks}


def example(title: str) -> str:
    """The example whose first line starts with ``title``."""
    (code,) = [
        block for first, block in library_examples().items() if first.startswith(title)
    ]
    return code


def run_example(title: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run the example in ``folder``; its names, as it left them."""
    code = example(title)
    monkeypatch.chdir(folder)
    names: dict[str, Any] = {"__name__": "readme_example"}
    exec(compile(code, f"README.md: {title}", "exec"), names)
    return names


def test_the_section_holds_the_three_examples() -> None:
    for title in (MAPPINGS, POSTS, SQLITE):
        assert example(title).startswith(title)


def test_the_folder_example_runs_on_the_demo_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    names = run_example(FOLDER, copy_demo(tmp_path), monkeypatch)
    assert names["report"].articles == len(names["articles"]) > 0
    assert (tmp_path / "out" / "feed.xml").read_bytes() == names["documents"][
        "feed.xml"
    ]
    assert '<link rel="alternate"' in capsys.readouterr().out


def test_feeds_from_a_list_of_mappings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = run_example(MAPPINGS, tmp_path, monkeypatch)
    documents: dict[str, bytes] = names["documents"]
    rss = feedparser.parse(documents["feed.xml"])
    assert not rss.bozo
    # Newest first: 3 June 18:30 (site time, UTC) before 1 June.
    assert [entry.title for entry in rss.entries] == [
        "An evening at the hut",
        "The north ridge",
    ]
    assert rss.entries[0].link == "https://example.org/hut-evening/"
    assert rss.entries[0].published == "Tue, 03 Jun 2025 18:30:00 +0000"
    assert "<strong>north ridge</strong>" in rss.entries[1].content[0].value
    assert [tag.term for tag in rss.entries[1].tags] == ["alps"]
    assert json_feed_problems(documents["feed.json"]) == []
    # build(articles=...) wrote the same documents.
    for name, data in documents.items():
        assert (tmp_path / "public" / name).read_bytes() == data


def test_feeds_from_python_frontmatter_posts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = run_example(POSTS, tmp_path, monkeypatch)
    atom = feedparser.parse(names["documents"]["atom.xml"])
    assert not atom.bozo
    assert [entry.title for entry in atom.entries] == ["First snow"]
    assert atom.entries[0].link == "https://example.org/first-snow/"
    # The same article as the file with the same text.
    (tmp_path / "first-snow.md").write_text(
        "---\ntitle: First snow\ndate: 2025-11-02\n---\nThe pass closed today.\n",
        encoding="utf-8",
    )
    from_file = summitfeed.load_article("first-snow.md", site=names["site"])
    assert from_file.article == names["article"]


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # (each request would be printed to stderr)


@contextlib.contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app served on 127.0.0.1 (a free port); its URL. Stopped after."""
    server: WSGIServer = make_server("127.0.0.1", 0, app, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="readme-wsgi")
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    assert not thread.is_alive()


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a GET; an error status is returned, not raised."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def make_posts_database(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute(
            "CREATE TABLE posts (id INTEGER PRIMARY KEY, slug TEXT NOT NULL, "
            "title TEXT NOT NULL, published TEXT NOT NULL, body TEXT NOT NULL)"
        )
        db.executemany(
            "INSERT INTO posts (id, slug, title, published, body) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (41, "col-du-lac", "Col du Lac", "2025-07-14 08:00", "Clear skies."),
                (42, "scree-day", "A day of scree", "2025-07-20", "Slow going."),
            ],
        )
        db.commit()


def test_feeds_from_sqlite_served_by_wsgi_answer_304(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_posts_database(tmp_path / "posts.db")
    names = run_example(SQLITE, tmp_path, monkeypatch)
    with serving(names["app"]) as url:
        status, headers, body = fetch(url + "feed.xml")
        assert status == 200
        assert headers["Content-Type"] == "application/rss+xml; charset=utf-8"
        assert int(headers["Content-Length"]) == len(body)
        rss = feedparser.parse(body)
        assert not rss.bozo
        assert [entry.title for entry in rss.entries] == [
            "A day of scree",
            "Col du Lac",
        ]
        assert rss.entries[1].link == "https://example.org/col-du-lac/"
        tag = headers["ETag"]
        assert tag.startswith('"')  # strong: no W/

        # A feed reader asking again with the tag it was given: 304, no body.
        status, again, body = fetch(url + "feed.xml", **{"If-None-Match": tag})
        assert (status, body) == (304, b"")
        assert again["ETag"] == tag

        # Another document, its own type and tag.
        status, headers, body = fetch(url + "feed.json", **{"If-None-Match": tag})
        assert status == 200
        assert headers["Content-Type"] == "application/feed+json; charset=utf-8"
        assert json.loads(body)["items"][0]["title"] == "A day of scree"
        status, headers, _ = fetch(url + "atom.xml")
        assert headers["Content-Type"] == "application/atom+xml; charset=utf-8"

        # A post changed in the database: the old tag no longer matches.
        with contextlib.closing(sqlite3.connect(tmp_path / "posts.db")) as db:
            db.execute("UPDATE posts SET body = 'Fast going.' WHERE id = 42")
            db.commit()
        status, headers, body = fetch(url + "feed.xml", **{"If-None-Match": tag})
        assert status == 200
        assert headers["ETag"] != tag
        assert b"Fast going." in body

        assert fetch(url + "nothing.xml")[0] == 404
