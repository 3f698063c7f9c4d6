"""A repeated build never serves settings that changed, nor settings from its record.

Another generator's settings come from files and folders no fixed list names
(Zola's content/_index.md, an Eleventy data folder under ``dir.input``, the
Hugo section with the most pages, MkDocs' ``docs_dir`` and authors file): a
change to any of them must reach the feeds on the next run. And the record a
build leaves in the cache folder, which anyone able to write there can
replace (its checksum is no secret), must never decide the settings.
"""

from __future__ import annotations

import dataclasses
import json
import marshal
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import pytest

from summitfeed import Site
from tests.conftest import NOW_TEXT, basic_fields, copy_demo, write_article
from tests.test_quick import PROBE


def _build(site: Path, *args: str) -> str:
    """Build in ``site``; what the probe says was loaded (QUICK, LOADED)."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "build", "--now", NOW_TEXT, *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr.splitlines()[-1]


def _feed(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def _posts(folder: Path, *names: str) -> None:
    for number, name in enumerate(names):
        write_article(folder, f"{name}.md", basic_fields(name, f"2025-02-1{number}"))


def _zola(root: Path) -> tuple[Path, Callable[[], None], Callable[[Path], None]]:
    (root / "config.toml").write_text('base_url = "https://zola.example.org/"\n')
    _posts(root / "content", "col-du-lac")
    index = root / "content" / "_index.md"
    index.write_text('+++\ntitle = "Lake Notes"\n+++\n', encoding="utf-8")

    def change() -> None:
        index.write_text('+++\ntitle = "Ridge Notes"\n+++\n', encoding="utf-8")

    def check(out: Path) -> None:
        assert _feed(out / "public" / "atom.xml").feed.title == "Ridge Notes"

    return root, change, check


def _eleventy(root: Path) -> tuple[Path, Callable[[], None], Callable[[Path], None]]:
    (root / "eleventy.config.js").write_text(
        'export const config = { dir: { input: "src", output: "_site" } };\n'
    )
    metadata = root / "src" / "_data" / "metadata.json"
    metadata.parent.mkdir(parents=True)
    fields = {"title": "Lake Notes", "url": "https://eleventy.example.org/"}
    metadata.write_text(json.dumps(fields), encoding="utf-8")
    _posts(root / "src" / "blog", "col-du-lac")

    def change() -> None:
        fields["title"] = "Ridge Notes"
        metadata.write_text(json.dumps(fields), encoding="utf-8")

    def check(out: Path) -> None:
        assert _feed(out / "_site" / "feed.xml").feed.title == "Ridge Notes"

    return root, change, check


def _hugo(root: Path) -> tuple[Path, Callable[[], None], Callable[[Path], None]]:
    (root / "hugo.toml").write_text(
        'baseURL = "https://hugo.example.org/"\ntitle = "Lake Notes"\n'
    )
    _posts(root / "content" / "posts", "col-du-lac", "lac-noir")
    _posts(root / "content" / "notes", "first-note")

    def change() -> None:
        # The notes now have the most pages: Hugo's main section changes,
        # though no file of the section read so far did.
        _posts(root / "content" / "notes", "n-one", "n-two", "n-three")

    def check(out: Path) -> None:
        titles = {e.title for e in _feed(out / "public" / "feed.xml").entries}
        assert titles == {"first-note", "n-one", "n-two", "n-three"}

    return root, change, check


def _material(root: Path) -> tuple[Path, Callable[[], None], Callable[[Path], None]]:
    (root / "mkdocs.yml").write_text(
        "site_name: Lake Notes\nsite_url: https://docs.example.org/\n"
        "docs_dir: pages\nplugins:\n  - blog:\n      authors_file: team.yml\n"
    )
    authors = root / "pages" / "team.yml"
    authors.parent.mkdir(parents=True)
    authors.write_text("authors:\n  lena:\n    name: Lena Vogt\n", encoding="utf-8")
    fields = basic_fields("col-du-lac", "2025-02-10", authors=["lena"])
    del fields["author"]
    write_article(root / "pages" / "blog" / "posts", "col-du-lac.md", fields)

    def change() -> None:
        authors.write_text("authors:\n  lena:\n    name: Lena Roth\n", "utf-8")

    def check(out: Path) -> None:
        entry = _feed(out / "site" / "feed.xml").entries[0]
        assert "Lena Roth" in entry.author

    return root, change, check


@pytest.mark.parametrize("make", [_zola, _eleventy, _hugo, _material])
def test_a_change_to_what_a_generator_reads_reaches_the_feeds(
    tmp_path: Path, make: Callable[[Path], tuple[Path, Callable[[], None], Any]]
) -> None:
    site, change, check = make(tmp_path)
    assert _build(site) == "LOADED"
    assert _build(site) == "QUICK"  # (nothing changed)
    change()
    assert _build(site) == "LOADED"
    check(site)
    assert _build(site) == "QUICK"  # (recorded again, with what it read)


def test_a_material_site_with_authors_gets_the_quick_path(tmp_path: Path) -> None:
    site, _, _ = _material(tmp_path)
    assert _build(site) == "LOADED"
    assert _build(site) == "QUICK"


def test_a_forged_record_never_decides_the_settings(tmp_path: Path) -> None:
    """A record resealed with other facts (its checksum is no secret) of the
    same command, its files "changed" so that it is built again: the build
    reads the options and the settings from the command line and the files."""
    from summitfeed._cli import quick as _quick
    from summitfeed._incremental import store as _store

    site = copy_demo(tmp_path / "demo")
    elsewhere = tmp_path / "elsewhere"
    assert _build(site) == "LOADED"
    cache = site / ".summitfeed-cache"
    known = _quick.read_record(str(cache))
    assert known is not None
    # What an earlier version kept, and its rebuild took: the options and
    # every field of the Site, here another site's, written elsewhere.
    forged = Site(
        title="Forged", base_url="https://forged.test/", output_dir=str(elsewhere)
    )
    values = [getattr(forged, f.name) for f in dataclasses.fields(Site)]
    options = ("m", ["command", "build", "now", NOW_TEXT, "drafts", False])
    options[1].extend(["future", False, "lenient", False, "dry_run", False])
    options[1].extend(["quiet", False, "check", False, "ping", False])
    options[1].extend(["no_cache", False, "verbose", False])
    command = marshal.dumps((options, tuple(values)))
    # (Another listing, so that the command builds again.)
    known = known._replace(inputs=known.inputs._replace(listing="0" * 64))
    for extra in ((command,), ()):
        data = marshal.dumps((*known.plain(), *extra))
        _store.replace_file(str(cache), _store.RECORD, data)  # (sealed anew)
        loaded = _build(site)
        assert not elsewhere.exists()
        feed = _feed(site / "public" / "feed.xml")
        assert feed.feed.link == "https://summitnotes.example.org/"
        assert loaded == "LOADED"


def test_a_record_naming_a_fifo_does_not_stop_the_run(tmp_path: Path) -> None:
    """A probe of a record made by hand names a FIFO: the run goes on (a
    normal build), it does not wait for a writer that never comes."""
    from summitfeed._cli import quick as _quick
    from summitfeed._incremental import store as _store

    site, _, _ = _zola(tmp_path)
    assert _build(site) == "LOADED"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    cache = site / ".summitfeed-cache"
    known = _quick.read_record(str(cache))
    assert known is not None
    probes = (*known.consulted, ("read", str(fifo), "0" * 64))
    forged = known._replace(consulted=probes).plain()
    _store.replace_file(str(cache), _store.RECORD, marshal.dumps(forged))
    assert _build(site) == "LOADED"
