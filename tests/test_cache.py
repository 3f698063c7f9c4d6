"""The build cache and parallel reading never change a byte of output."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import pickle
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

import feedparser
import pytest

import summitfeed
import summitfeed._incremental.cache
import summitfeed._incremental.index
import summitfeed._incremental.splice
import summitfeed._pipeline
from summitfeed._cores import can_fork
from summitfeed._parallel import PARALLEL_FROM
from tests.conftest import (
    NOW,
    basic_fields,
    build_to,
    choose_mode,
    make_site,
    read_store,
    snapshot,
    write_article,
)


def _site_with(tmp_path: Path, count: int) -> Path:
    content = tmp_path / "content"
    for number in range(count):
        day = 1 + number % 28
        month = 1 + (number // 28) % 12
        fields = basic_fields(
            f"Hut Note {number:04d}",
            f"2024-{month:02d}-{day:02d}",
            tags=["huts", f"group {number % 3}"],
        )
        write_article(content / f"{number // 100:02d}", f"note-{number:04d}.md", fields)
    return content


def _age(path: Path) -> None:
    """Date every file back (their change time stays now: see below)."""
    old = 1_700_000_000
    for file in path.rglob("*"):
        os.utime(file, (old, old))


@pytest.fixture(autouse=True)
def _trust_recent_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache trusts only change times older than two seconds, and no test
    can set a change time back: here it trusts those before the build starts.
    (The tests of that window set their own limit.)"""
    monkeypatch.setattr(summitfeed._incremental.index, "_racy_limit", time.time_ns)


def _full_archive_built(
    tmp_path: Path, count: int
) -> tuple[Path, Path, summitfeed.Site, Path]:
    """A site of ``count`` articles built once as a full archive, with its
    cache: the content folder, the cache folder, the settings, the output."""
    content = _site_with(tmp_path, count)
    _age(content)
    cache = tmp_path / "cache"
    site = make_site(limit=0, cache_dir=str(cache))
    out = tmp_path / "out"
    build_to(content, out, site=site, use_cache=True)
    return content, cache, site, out


def _cached_build(content: Path, out: Path, cache: Path, **options: object):
    site = make_site(cache_dir=str(cache), **options)
    return build_to(content, out, site=site, use_cache=True)


def test_warm_build_renders_nothing_and_matches_a_build_without_cache(tmp_path):
    content = _site_with(tmp_path, 30)
    _age(content)
    cache = tmp_path / "cache"
    cold = _cached_build(content, tmp_path / "out", cache)
    assert cold.cached == 0
    assert cold.rendered == 30
    warm = _cached_build(content, tmp_path / "out", cache)
    assert warm.cached == 30
    assert warm.rendered == 0
    assert warm.written == ()
    plain = build_to(content, tmp_path / "plain", site=make_site())
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "plain")
    assert plain.rendered == 30


def test_one_changed_article_is_read_and_rendered_again(tmp_path):
    content = _site_with(tmp_path, 30)
    _age(content)
    cache = tmp_path / "cache"
    _cached_build(content, tmp_path / "out", cache)
    changed = content / "00" / "note-0007.md"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("Hut Note 0007", "Hut Note Seven"),
        encoding="utf-8",
    )
    again = _cached_build(content, tmp_path / "out", cache)
    assert again.cached == 29
    assert again.rendered == 1
    build_to(content, tmp_path / "plain", site=make_site())
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "plain")
    assert b"Hut Note Seven" in (tmp_path / "out" / "feed.xml").read_bytes()


def test_touching_a_file_without_changing_it_keeps_its_entry(tmp_path):
    content = _site_with(tmp_path, 5)
    _age(content)
    cache = tmp_path / "cache"
    _cached_build(content, tmp_path / "out", cache)
    os.utime(content / "00" / "note-0001.md", (1_700_000_100, 1_700_000_100))
    again = _cached_build(content, tmp_path / "out", cache)
    assert again.cached == 5  # same bytes: the hash says so


def test_a_changed_local_image_changes_the_enclosure_length(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    image = content / "images" / "pass.png"
    image.write_bytes(b"\x89PNG" + b"\x00" * 96)
    write_article(
        content,
        "pass.md",
        basic_fields("Pass", "2025-01-05", heroImage="/images/pass.png"),
    )
    _age(content)
    cache = tmp_path / "cache"
    _cached_build(content, tmp_path / "out", cache)
    assert b'length="100"' in (tmp_path / "out" / "feed.xml").read_bytes()
    image.write_bytes(b"\x89PNG" + b"\x00" * 196)
    _age(content)
    _cached_build(content, tmp_path / "out", cache)
    assert b'length="200"' in (tmp_path / "out" / "feed.xml").read_bytes()


def test_changed_settings_start_from_an_empty_cache(tmp_path):
    content = _site_with(tmp_path, 5)
    _age(content)
    cache = tmp_path / "cache"
    _cached_build(content, tmp_path / "out", cache)
    other = _cached_build(content, tmp_path / "out", cache, title="Another Log")
    assert other.cached == 0
    assert b"Another Log" in (tmp_path / "out" / "feed.xml").read_bytes()
    assert len([p for p in cache.iterdir() if p.is_dir()]) == 1  # the stale one is gone


def test_an_edited_output_file_is_written_again(tmp_path):
    content = _site_with(tmp_path, 5)
    _age(content)
    cache = tmp_path / "cache"
    _cached_build(content, tmp_path / "out", cache)
    first = (tmp_path / "out" / "atom.xml").read_bytes()
    (tmp_path / "out" / "atom.xml").write_bytes(b"broken")
    again = _cached_build(content, tmp_path / "out", cache)
    assert (tmp_path / "out" / "atom.xml").read_bytes() == first
    assert [path.name for path in again.written] == ["atom.xml"]


@pytest.mark.parametrize(
    "damage", [b"", b"not a store", b"summitfeed-store 1\n" + bytes(40)]
)
def test_a_damaged_cache_is_ignored(tmp_path, damage):
    content = _site_with(tmp_path, 5)
    _age(content)
    cache = tmp_path / "cache"
    _cached_build(content, tmp_path / "out", cache)
    for store in cache.rglob("*.store"):
        store.write_bytes(damage)
    again = _cached_build(content, tmp_path / "out2", cache)
    assert again.cached == 0
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "out2")


def test_parallel_reading_gives_the_same_bytes_as_one_process(tmp_path, monkeypatch):
    count = PARALLEL_FROM + 20
    content = _site_with(tmp_path, count)
    write_article(content, "broken.md", text="---\ntitle: 'No end\n")
    parallel = build_to(
        content, tmp_path / "parallel", lenient=True, site=make_site(limit=0)
    )
    choose_mode(monkeypatch, fork=False)
    single = build_to(
        content, tmp_path / "single", lenient=True, site=make_site(limit=0)
    )
    assert parallel.articles == single.articles == count + 1
    assert [str(e) for e in parallel.skipped] == [str(e) for e in single.skipped]
    assert len(parallel.skipped) == 1
    assert snapshot(tmp_path / "parallel") == snapshot(tmp_path / "single")


def _fails_on_seven(task: int) -> int:
    if task == 7:
        raise ValueError("task seven has no answer")
    return task * 2


@pytest.mark.skipif(not can_fork(), reason="no workers to fork here")
def test_a_worker_that_fails_says_why() -> None:
    from summitfeed._parallel import run_in_workers

    assert run_in_workers(_fails_on_seven, range(6), site=None, at_least=2) == [
        0, 2, 4, 6, 8, 10
    ]  # fmt: skip
    with pytest.raises(RuntimeError) as failed:
        run_in_workers(_fails_on_seven, range(40), site=None, at_least=2)
    assert str(failed.value).startswith("a worker failed: ")
    assert "ValueError: task seven has no answer" in str(failed.value)


def test_full_archive_documents_are_those_rendered_from_the_items(tmp_path):
    # A full archive's items are written as the documents hold them while they
    # are read, and the documents written from those pieces; after an edit the
    # items come from the cache and the documents are rendered on every core.
    # Each time the bytes are those of rendering every item from scratch.
    count = PARALLEL_FROM + 20
    content = _site_with(tmp_path, count)
    _age(content)
    cache = tmp_path / "cache"
    site = make_site(limit=0, tag_feeds=True, cache_dir=str(cache))

    def from_scratch() -> dict[str, bytes]:
        articles = summitfeed.load_articles(content, site=site)
        feeds = summitfeed.build_feeds(site, articles, now=NOW)
        return summitfeed.render_feeds(feeds, formats=site.formats)

    cold = build_to(content, tmp_path / "out", site=site, use_cache=True)
    assert cold.rendered == count
    want = from_scratch()
    assert len(feedparser.parse(want["feed.xml"]).entries) == count
    assert len(feedparser.parse(want["atom.xml"]).entries) == count
    assert len(json.loads(want["feed.json"])["items"]) == count
    assert dict(cold.files) == want
    assert {name: snapshot(tmp_path / "out")[name] for name in want} == want
    path = content / "01" / "note-0104.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Hut Note", "Hut Memo"))
    edited = build_to(content, tmp_path / "out", site=site, use_cache=True)
    assert edited.rendered == 1
    want = from_scratch()
    assert b"Hut Memo 0104" in want["feed.json"]
    assert {name: snapshot(tmp_path / "out")[name] for name in want} == want


def test_items_of_a_full_archive_are_kept_without_their_content(tmp_path, monkeypatch):
    # The documents written hold every item's content: the command's build
    # keeps the rest of each item, and a build that finds no fragment for
    # one in the documents (here: every document of the archive changed by
    # hand, then the site shrunk under the large size, so they are not
    # looked at) renders it again from its file, giving the same bytes.
    choose_mode(monkeypatch, hollow_items=True)  # (the command's way)
    count = PARALLEL_FROM + 20
    content, cache, site, out = _full_archive_built(tmp_path, count)
    (store,) = cache.rglob("items.store")
    kept, hollow = read_store(store)
    assert len(kept) == len(hollow) == count
    # (item: article, summary, content, summary HTML)
    assert {item[2] for item in kept.values()} == {None}
    assert (out / "feed.xml").read_bytes().count(b"<content:encoded>") == count
    for name in ("feed.xml", "atom.xml", "feed.json"):
        (out / name).write_bytes(b" " + (out / name).read_bytes())
    for number in range(count - 30, count):
        (content / f"{number // 100:02d}" / f"note-{number:04d}.md").unlink()
    again = build_to(content, out, site=site, use_cache=True)
    assert again.rendered == count - 30  # (every item: none had its fragments)
    build_to(content, tmp_path / "plain", site=make_site(limit=0))
    assert snapshot(out) == snapshot(tmp_path / "plain")
    entry = feedparser.parse((out / "feed.xml").read_bytes()).entries[0]
    assert "<p>" in entry.content[0].value
    # Those rendered again are kept with their content: an edit renders one.
    path = content / "01" / "note-0104.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Hut Note", "Hut Memo"))
    edited = build_to(content, out, site=site, use_cache=True)
    assert edited.rendered == 1
    build_to(content, tmp_path / "plain2", site=make_site(limit=0))
    assert snapshot(out) == snapshot(tmp_path / "plain2")


def test_documents_changed_after_each_build_leave_the_items_whole(
    tmp_path, monkeypatch
):
    # A step after each build that changes the documents written (a
    # minifier, say) defeats the splice every time: the build that first
    # finds no fragments renders the items again and keeps them whole, so
    # that the next one renders its documents from them, not from the files.
    choose_mode(monkeypatch, hollow_items=True)  # (the command's way)
    count = PARALLEL_FROM + 20
    content, _, site, out = _full_archive_built(tmp_path, count)
    for rendered in (count, 0):
        for name in ("feed.xml", "atom.xml", "feed.json"):
            (out / name).write_bytes(b" " + (out / name).read_bytes())
        assert build_to(content, out, site=site, use_cache=True).rendered == rendered
    build_to(content, tmp_path / "plain", site=make_site(limit=0))
    assert snapshot(out) == snapshot(tmp_path / "plain")


def test_the_library_reports_every_item_with_its_content(tmp_path):
    # A library build's report holds the feeds with their items whole, as
    # render_feeds takes them: also when the cache was left by the command,
    # which keeps a full archive's items without their content.
    count = PARALLEL_FROM + 20
    content = _site_with(tmp_path, count)
    _age(content)
    cache = tmp_path / "cache"
    out = tmp_path / "out"
    site = make_site(limit=0, cache_dir=str(cache))
    with pytest.MonkeyPatch.context() as patch:
        choose_mode(patch, hollow_items=True)  # (the command's way)
        build_to(content, out, site=site, use_cache=True)
    path = content / "01" / "note-0104.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Hut Note", "Hut Memo"))
    for use_cache in (True, False):
        report = build_to(content, out, site=site, use_cache=use_cache)
        items = [item for feed in report.feeds for item in feed.items]
        assert len(items) >= count
        assert all(item.content_html for item in items)
        again = summitfeed.render_feeds(report.feeds, formats=site.formats)
        assert again == {name: (out / name).read_bytes() for name in again}
    # Items rendered again are kept whole, also when no file changed (an
    # output file removed): the next such build renders none.
    site = make_site(limit=0, cache_dir=str(tmp_path / "second cache"))
    with pytest.MonkeyPatch.context() as patch:
        choose_mode(patch, hollow_items=True)
        build_to(content, out, site=site, use_cache=True)
    for rendered in (count, 0):
        (out / "feed.json").unlink()
        assert build_to(content, out, site=site, use_cache=True).rendered == rendered


@pytest.mark.skipif(not can_fork(), reason="needs two cores and fork()")
def test_fragments_cross_in_the_spool_or_as_bytes_when_it_is_full(
    tmp_path, monkeypatch
):
    # Forked readers write each item's fragments into shared memory; those
    # that do not fit in a worker's part come back as bytes. Either way the
    # documents are those of a build in one process.
    import summitfeed._incremental.spool

    content = _site_with(tmp_path, PARALLEL_FROM + 20)
    site = make_site(limit=0)
    views: list[object] = []
    view = summitfeed._incremental.spool.FragmentSpool.view

    def counted(self, placed):
        views.append(placed)
        return view(self, placed)

    monkeypatch.setattr(summitfeed._incremental.spool.FragmentSpool, "view", counted)
    spooled = build_to(content, tmp_path / "spooled", site=site)
    assert sum(isinstance(placed, tuple) for placed in views) == 3 * (
        PARALLEL_FROM + 20
    )
    views.clear()
    monkeypatch.setattr(summitfeed._incremental.spool, "_ROOM_AT_LEAST", 200_000)
    monkeypatch.setattr(summitfeed._incremental.spool, "_ROOM_PER_INPUT_BYTE", 0)
    overflowing = build_to(content, tmp_path / "overflowing", site=site)
    assert any(isinstance(placed, tuple) for placed in views)
    assert any(isinstance(placed, bytes) for placed in views)

    # No spool at all (the memory could not be mapped): sent as bytes.
    def refused(*args, **kwargs):
        raise OSError(12, "Cannot allocate memory")

    monkeypatch.setattr(summitfeed._incremental.spool, "FragmentSpool", refused)
    unmapped = build_to(content, tmp_path / "unmapped", site=site)
    choose_mode(monkeypatch, fork=False)
    single = build_to(content, tmp_path / "single", site=site)
    for other in ("spooled", "overflowing", "unmapped"):
        assert snapshot(tmp_path / other) == snapshot(tmp_path / "single")
    assert spooled.rendered == overflowing.rendered == unmapped.rendered
    assert unmapped.rendered == single.rendered
    # A report holding views of the spool is copied and pickled as bytes.
    copied = pickle.loads(pickle.dumps(spooled.files))
    assert copied == copy.deepcopy(spooled.files) == single.files


def test_a_failure_keeping_the_items_meanwhile_is_raised(tmp_path, monkeypatch):
    # A large build keeps its items in a thread while it writes: what that
    # raises reaches the caller, as when the items were kept before writing.
    content = _site_with(tmp_path, PARALLEL_FROM + 20)
    save = summitfeed._incremental.cache.BuildCache.save

    def failing(self, name, value):
        if name == "items":
            raise RuntimeError("cannot keep the items")
        save(self, name, value)

    monkeypatch.setattr(summitfeed._incremental.cache.BuildCache, "save", failing)
    with pytest.raises(RuntimeError, match="cannot keep the items"):
        _cached_build(content, tmp_path / "out", tmp_path / "cache", limit=0)


def test_a_spool_part_holds_what_fits():
    from summitfeed._incremental.spool import FragmentSpool

    spool = FragmentSpool(0, workers=2)  # (the smallest parts)
    placed = spool.place(1, b"abc")
    assert isinstance(placed, tuple)
    view = spool.view(placed)
    assert view == b"abc"
    with pytest.raises(TypeError):
        view[0] = 0  # type: ignore[index]  # (read-only)
    big = b"x" * (8 << 20)
    assert spool.place(0, big) is big  # (larger than a part: sent as bytes)
    assert spool.place(2, b"abc") == b"abc"  # (no such worker)
    assert spool.view(b"abc") == b"abc"


def test_small_feeds_of_a_large_site_find_their_items_in_the_documents(tmp_path):
    # Many files read by forked workers (fragments in the spool), few of them
    # published: where each item is in each document written is kept.
    content = _site_with(tmp_path, PARALLEL_FROM + 20)
    for number in range(30, PARALLEL_FROM + 20):
        path = content / f"{number // 100:02d}" / f"note-{number:04d}.md"
        path.write_text(
            path.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1)
        )
    _age(content)
    cache = tmp_path / "cache"
    first = _cached_build(content, tmp_path / "out", cache, limit=0)
    assert first.item_counts["feed.xml"] == 30
    assert _kept_spans(cache) == {"feed.xml": 30, "atom.xml": 30, "feed.json": 30}
    path = content / "00" / "note-0004.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Hut Note", "Hut Memo"))
    again = _cached_build(content, tmp_path / "out", cache, limit=0)
    assert again.rendered == 1
    build_to(content, tmp_path / "plain", site=make_site(limit=0))
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "plain")


def _kept_spans(cache: Path) -> dict[str, int]:
    """How many items the cache knows the place of, in each document written."""
    (store,) = cache.glob("*/ranges.store")
    return {name: len(spans) for name, (_, _, spans) in read_store(store).items()}


def _count_items_taken(monkeypatch) -> list[dict[str, int]]:
    """For each build from now on: how many items (by format) it took from
    the documents the last build wrote."""
    found: list[dict[str, int]] = []
    taken = summitfeed._incremental.splice.written_fragments

    def counted(*args):
        fragments = taken(*args)
        found.append(
            dict(Counter(fmt for by_fmt in fragments.values() for fmt in by_fmt))
        )
        return fragments

    monkeypatch.setattr(summitfeed._incremental.splice, "written_fragments", counted)
    return found


def test_a_full_archive_after_one_edit_takes_the_other_items_from_its_documents(
    tmp_path, monkeypatch
):
    # Each item still the same is taken from the document the last build
    # wrote (where it is as written); a document changed since is not used.

    count = PARALLEL_FROM + 20
    content, _, site, out = _full_archive_built(tmp_path, count)
    found = _count_items_taken(monkeypatch)

    def edit_and_build(old: str, new: str) -> None:
        path = content / "02" / "note-0217.md"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new))
        build_to(content, out, site=site, use_cache=True)
        build_to(content, tmp_path / new, site=make_site(limit=0))
        assert snapshot(out) == snapshot(tmp_path / new)

    edit_and_build("Hut Note", "Hut Memo")
    assert found == [{"rss": count - 1, "atom": count - 1, "json": count - 1}]
    # The RSS document edited by hand (every item one byte further): not used.
    (out / "feed.xml").write_bytes(b" " + (out / "feed.xml").read_bytes())
    edit_and_build("Hut Memo", "Hut Page")
    assert found[1] == {"atom": count - 1, "json": count - 1}


def test_items_taken_from_documents_of_tag_feeds_and_archives(tmp_path, monkeypatch):
    # Tag feeds and RFC 5005 archive pages hold subsets of the items; a chain
    # of edits that change lengths moves every later item in each document.
    count = PARALLEL_FROM + 20
    content = _site_with(tmp_path, count)
    _age(content)
    options = {"limit": 100, "archive_size": 100, "tag_feeds": True}
    site = make_site(cache_dir=str(tmp_path / "cache"), **options)
    out = tmp_path / "out"
    fds = Path("/proc/self/fd")
    before = len(list(fds.iterdir())) if fds.is_dir() else 0
    reports = [build_to(content, out, site=site, use_cache=True)]
    found = _count_items_taken(monkeypatch)
    edits = [("Hut Note", "Hut"), ("Hut", "Hut Memo Long")]
    for number, (old, new) in enumerate(edits):
        path = content / "01" / f"note-01{number}7.md"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new))
        reports.append(build_to(content, out, site=site, use_cache=True))
        assert reports[-1].rendered == 1
        # (Archive pages are RSS and Atom only: JSON documents hold fewer.)
        in_json = {
            item["url"]
            for document in out.rglob("*.json")
            for item in json.loads(document.read_bytes())["items"]
        }
        assert found[-1]["rss"] == found[-1]["atom"] == count - 1
        assert found[-1]["json"] in (len(in_json) - 1, len(in_json))
        plain = tmp_path / f"plain{number}"
        build_to(content, plain, site=make_site(**options))
        assert snapshot(out) == snapshot(plain)
    if before:  # (a few documents mapped at most, however many pages)
        assert len(list(fds.iterdir())) - before < 20


def test_a_document_replaced_since_it_was_written_is_not_used(tmp_path, monkeypatch):
    # Another file of the same size and modification time (set back): its
    # change time moved, so its items are not taken, though they would look
    # like items one byte further.

    content = _site_with(tmp_path, PARALLEL_FROM + 20)
    _age(content)
    site = make_site(limit=0, cache_dir=str(tmp_path / "cache"))
    out = tmp_path / "out"
    build_to(content, out, site=site, use_cache=True)
    feed = out / "feed.xml"
    info = feed.stat()
    data = feed.read_bytes()
    feed.unlink()
    feed.write_bytes(b" " + data[:-1])  # (every item one byte further)
    os.utime(feed, ns=(info.st_atime_ns, info.st_mtime_ns))
    found = _count_items_taken(monkeypatch)
    path = content / "00" / "note-0007.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Hut Note", "Hut Memo"))
    build_to(content, out, site=site, use_cache=True)
    assert [set(formats) for formats in found] == [{"atom", "json"}]
    build_to(content, tmp_path / "plain", site=make_site(limit=0))
    assert snapshot(out) == snapshot(tmp_path / "plain")


def test_progress_is_told_until_every_file_is_read(tmp_path):
    content = _site_with(tmp_path, 40)
    seen: list[tuple[int, int]] = []
    build_to(
        content,
        tmp_path / "out",
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen
    assert seen[-1] == (40, 40)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_the_cache_folder_holds_everything_the_cache_writes(tmp_path, monkeypatch):
    content = _site_with(tmp_path, 5)
    monkeypatch.chdir(tmp_path)
    before = {p.name for p in tmp_path.iterdir()}
    _cached_build(content, tmp_path / "out", tmp_path / "cache")
    after = {p.name for p in tmp_path.iterdir()}
    assert after - before == {"out", "cache"}
    shutil.rmtree(tmp_path / "cache")
    rebuilt = _cached_build(content, tmp_path / "out", tmp_path / "cache")
    assert rebuilt.cached == 0


def test_a_same_size_edit_is_seen(tmp_path):
    content = _site_with(tmp_path, 5)
    _age(content)
    cache = tmp_path / "cache"
    _cached_build(content, tmp_path / "out", cache)
    path = content / "00" / "note-0002.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Hut Note 0002", "Hut Note 0X02"), encoding="utf-8")
    again = _cached_build(content, tmp_path / "out", cache)
    assert again.cached == 4
    assert b"Hut Note 0X02" in (tmp_path / "out" / "feed.xml").read_bytes()


def test_cache_dir_shared_with_other_folders_leaves_them_alone(tmp_path, monkeypatch):
    content = _site_with(tmp_path, 3)
    monkeypatch.chdir(tmp_path)
    keep = tmp_path / "my-important-notes-2025x"  # 24 characters, like a key
    keep.mkdir()
    (keep / "notes.txt").write_text("mine", encoding="utf-8")
    _cached_build(content, tmp_path / "out", tmp_path)
    _cached_build(content, tmp_path / "out", tmp_path, title="Another Log")
    assert (keep / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_an_edit_right_after_a_build_is_seen_later(tmp_path, monkeypatch):
    content = _site_with(tmp_path, 3)
    path = content / "00" / "note-0001.md"
    stamp = path.stat().st_mtime_ns
    cache = tmp_path / "cache"
    _cached_build(content, tmp_path / "out", cache)  # the file is seconds old
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Hut Note 0001", "Hut Note 000Z"), encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))  # same size, same time as when it was read
    # Later: the time of the first read is now older than the racy window.
    monkeypatch.setattr(
        summitfeed._incremental.index, "_racy_limit", lambda: stamp + 10**12
    )
    _cached_build(content, tmp_path / "out", cache)
    assert b"Hut Note 000Z" in (tmp_path / "out" / "feed.xml").read_bytes()


def test_a_file_changed_during_the_build_is_not_cached_under_its_old_hash(
    tmp_path, monkeypatch
):
    content = _site_with(tmp_path, 3)
    _age(content)
    path = content / "00" / "note-0002.md"
    first = path.read_text(encoding="utf-8")
    second = first.replace("Hut Note 0002", "Hut Note Two")
    read_index = summitfeed._incremental.index.read_index

    def index_then_edit(*args, **kwargs):
        index = read_index(*args, **kwargs)
        path.write_text(second, encoding="utf-8")
        return index

    cache = tmp_path / "cache"
    monkeypatch.setattr(summitfeed._pipeline, "read_index", index_then_edit)
    _cached_build(content, tmp_path / "out", cache)
    monkeypatch.setattr(summitfeed._pipeline, "read_index", read_index)
    path.write_text(first, encoding="utf-8")
    _age(content)
    _cached_build(content, tmp_path / "out", cache)
    feed = (tmp_path / "out" / "feed.xml").read_bytes()
    assert b"Hut Note 0002" in feed
    assert b"Hut Note Two" not in feed


def test_a_folder_symlink_loop_does_not_stop_the_build(tmp_path):
    content = _site_with(tmp_path, 3)
    (content / "00" / "loop").symlink_to(content, target_is_directory=True)
    report = build_to(content, tmp_path / "out", site=make_site())
    assert report.articles == 3


def test_a_future_article_enters_when_its_date_comes_with_nothing_changed(tmp_path):
    content = _site_with(tmp_path, 3)
    write_article(content, "later.md", basic_fields("Hut Opening", "2026-03-01"))
    _age(content)
    cache = tmp_path / "cache"
    site = make_site(cache_dir=str(cache))
    first = build_to(content, tmp_path / "out", site=site, use_cache=True)
    assert first.item_counts["feed.xml"] == 3
    same = build_to(content, tmp_path / "out", site=site, use_cache=True)
    assert same.written == ()
    due = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    later = build_to(content, tmp_path / "out", site=site, use_cache=True, now=due)
    assert later.item_counts["feed.xml"] == 4
    assert b"Hut Opening" in (tmp_path / "out" / "feed.xml").read_bytes()


def test_a_build_with_nothing_changed_reports_what_the_last_one_did(tmp_path):
    content = _site_with(tmp_path, 4)
    write_article(content, "typo.md", basic_fields("Typo", "2024-05-01", hero_img="x"))
    write_article(content, "bad.md", basic_fields("Bad", "not a date"))
    _age(content)
    cache = tmp_path / "cache"
    site = make_site(cache_dir=str(cache))
    cold = build_to(content, tmp_path / "out", site=site, use_cache=True, lenient=True)
    warm = build_to(content, tmp_path / "out", site=site, use_cache=True, lenient=True)
    assert len(cold.warnings) == 1
    assert "did you mean hero_image?" in cold.warnings[0]
    assert cold.skipped != ()
    assert [str(e) for e in cold.skipped] == [str(e) for e in warm.skipped]
    assert (warm.articles, warm.cached, warm.rendered) == (6, 6, 0)
    assert warm.warnings == cold.warnings
    assert warm.item_counts == cold.item_counts
    assert sorted(warm.unchanged) == sorted(cold.written)
    # Strict, the same files still fail: the options are part of what is checked.
    with pytest.raises(summitfeed.BuildError):
        build_to(content, tmp_path / "out", site=site, use_cache=True)


def test_a_problem_kept_in_the_states_store_is_reported_after_an_edit(tmp_path):
    # The store keeps each file's problem with its state: a rebuild after
    # another file's edit reads the bad file's problem from it (not the
    # file), and reports it as a build without the cache does.
    content = _site_with(tmp_path, 4)
    write_article(content, "bad.md", basic_fields("Bad", "not a date"))
    _age(content)
    site = make_site(cache_dir=str(tmp_path / "cache"))
    build_to(content, tmp_path / "out", site=site, use_cache=True, lenient=True)
    path = content / "00" / "note-0002.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Hut Note", "Hut Memo"))
    edited = build_to(
        content, tmp_path / "out", site=site, use_cache=True, lenient=True
    )
    plain = build_to(content, tmp_path / "plain", site=make_site(), lenient=True)
    assert edited.cached == 4  # (the bad file's state among them)
    assert [str(e) for e in edited.skipped] == [str(e) for e in plain.skipped]
    assert "bad.md:" in str(edited.skipped[0])
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "plain")


def test_a_build_into_another_folder_writes_it(tmp_path):
    content = _site_with(tmp_path, 3)
    _age(content)
    cache = tmp_path / "cache"
    _cached_build(content, tmp_path / "one", cache)
    other = _cached_build(content, tmp_path / "two", cache)
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert other.written != ()


def test_after_one_edit_only_the_changed_states_are_saved(tmp_path):
    content = _site_with(tmp_path, 40)
    _age(content)
    cache = tmp_path / "cache"
    _cached_build(content, tmp_path / "out", cache)
    (store,) = cache.glob("*/articles.store")
    before = store.stat().st_mtime_ns
    for number in (3, 17):  # two rebuilds, each after one edit
        path = content / "00" / f"note-{number:04d}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f"Hut Note {number:04d}", f"Hut {number}"))
        again = _cached_build(content, tmp_path / "out", cache)
        assert again.cached == 39
    assert store.stat().st_mtime_ns == before
    assert len(read_store(store.parent / "changes.store")) == 2
    # A build from the stores sees both edits, as a build without cache does.
    (content / "00" / "note-0005.md").unlink()  # and a removal saves them all
    last = _cached_build(content, tmp_path / "out", cache)
    assert last.cached == 39
    assert read_store(store.parent / "changes.store") == {}
    build_to(content, tmp_path / "plain", site=make_site())
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "plain")


@pytest.mark.parametrize("tag_feeds", [False, True], ids=["main-feed", "tag-feeds"])
def test_after_one_edit_only_its_item_goes_through_the_feed_writers(
    tmp_path, monkeypatch, tag_feeds
):
    import summitfeed._render.jsonfeed
    import summitfeed._render.xml
    import summitfeed._render.xml_items

    content = _site_with(tmp_path, 12)
    _age(content)
    cache = tmp_path / "cache"
    _cached_build(content, tmp_path / "out", cache, tag_feeds=tag_feeds)
    assert _kept_spans(cache)["feed.xml"] == 12
    assert not list(cache.glob("*/fragments.store"))  # (the documents hold them)
    path = content / "00" / "note-0004.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Hut Note", "Hut Memo"))
    calls: list[str] = []
    rss_item, atom_entry = (
        summitfeed._render.xml_items.rss_item,
        summitfeed._render.xml_items.atom_entry,
    )
    item_json = summitfeed._render.jsonfeed.item_json

    def counted_rss_item(item):
        calls.append(item.article.source)
        return rss_item(item)

    def counted_atom_entry(item, **options):
        calls.append(item.article.source)
        return atom_entry(item, **options)

    def counted_item_json(item):
        calls.append(item.article.source)
        return item_json(item)

    monkeypatch.setattr(summitfeed._render.xml_items, "rss_item", counted_rss_item)
    monkeypatch.setattr(summitfeed._render.xml_items, "atom_entry", counted_atom_entry)
    monkeypatch.setattr(summitfeed._render.jsonfeed, "item_json", counted_item_json)
    _cached_build(content, tmp_path / "out", cache, tag_feeds=tag_feeds)
    # Once per format, though the item is in the main and the tag feeds.
    assert sorted(calls) == [str(path)] * 3
    plain = build_to(content, tmp_path / "plain", site=make_site(tag_feeds=tag_feeds))
    assert len(plain.feeds) == (5 if tag_feeds else 1)  # main, huts, group 0-2
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "plain")
    assert b"Hut Memo 0004" in (tmp_path / "out" / "atom.xml").read_bytes()


def _git(folder: Path, *args: str) -> str:
    import subprocess

    done = subprocess.run(
        ["git", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"},
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_cache_folder_is_left_out_of_git(tmp_path, monkeypatch):
    from summitfeed._cli.main import main

    _git(tmp_path, "init", "-q")
    _site_with(tmp_path, 2)
    (tmp_path / "summitfeed.toml").write_text(
        'title = "Trail Log"\nbase_url = "https://trails.example.org/"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--now", "2025-05-10T00:00:00Z"]) == 0
    assert (tmp_path / ".summitfeed-cache").is_dir()
    listed = _git(tmp_path, "status", "--porcelain", "--untracked-files=all")
    untracked = sorted(line[3:].split("/")[0] for line in listed.splitlines())
    assert set(untracked) == {"content", "public", "summitfeed.toml"}
    ignore = tmp_path / ".summitfeed-cache" / ".gitignore"
    assert ignore.read_text(encoding="utf-8") == "*\n"
    # A second build (answered from the record) keeps it so.
    assert main(["build", "--now", "2025-05-10T00:00:00Z"]) == 0
    assert ignore.read_text(encoding="utf-8") == "*\n"


def test_a_cache_folder_of_an_older_version_gains_its_gitignore(tmp_path):
    content = _site_with(tmp_path, 2)
    cache = tmp_path / "cache"
    _cached_build(content, tmp_path / "out", cache)
    (cache / ".gitignore").unlink()
    _cached_build(content, tmp_path / "out", cache, title="Another Log")
    assert (cache / ".gitignore").read_text(encoding="utf-8") == "*\n"


def test_a_cache_dir_holding_other_files_gets_no_gitignore(tmp_path):
    # "*" there would hide the user's own files from git.
    content = _site_with(tmp_path, 2)
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    _cached_build(content, tmp_path / "out", tmp_path)
    assert not (tmp_path / ".gitignore").exists()


def _raced(monkeypatch: pytest.MonkeyPatch, path: Path, text: str) -> None:
    """The next build renders every item again from its file, and ``path``
    is written ``text`` just as the build reads it again to render it."""
    import summitfeed._incremental.codec
    import summitfeed._incremental.index

    real = summitfeed._incremental.index.read_file

    def racing(display: str, *args: Any, **kwargs: Any) -> Any:
        if display == str(path):
            path.write_text(text, encoding="utf-8")
        return real(display, *args, **kwargs)

    monkeypatch.setattr("summitfeed._incremental.items.read_file", racing)
    no_items = summitfeed._incremental.codec.KeptItems({}, frozenset())
    monkeypatch.setattr(summitfeed._incremental.codec, "items_from", lambda _: no_items)


def test_a_fragment_rendered_from_bytes_that_changed_mid_build_is_not_kept(
    tmp_path, monkeypatch
):
    content = _site_with(tmp_path, 3)
    _age(content)
    cache = tmp_path / "cache"
    _cached_build(content, tmp_path / "out", cache)
    path = content / "00" / "note-0002.md"
    first = path.read_text(encoding="utf-8")
    (tmp_path / "out" / "feed.xml").unlink()  # (so that the next build renders)
    with monkeypatch.context() as patch:
        _raced(patch, path, first.replace("Hut Note 0002", "Hut Note Two"))
        _cached_build(content, tmp_path / "out", cache)
    path.write_text(first, encoding="utf-8")  # the bytes the index read
    _cached_build(content, tmp_path / "out", cache)
    assert b"Hut Note Two" not in (tmp_path / "out" / "feed.xml").read_bytes()
    build_to(content, tmp_path / "plain", site=make_site())
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "plain")


def test_the_only_article_turned_draft_mid_build_is_nothing_to_publish(
    tmp_path, monkeypatch
):
    content = _site_with(tmp_path, 1)
    _age(content)
    cache = tmp_path / "cache"
    _cached_build(content, tmp_path / "out", cache)
    path = content / "00" / "note-0000.md"
    draft = path.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1)
    (tmp_path / "out" / "feed.xml").unlink()
    _raced(monkeypatch, path, draft)
    with pytest.raises(summitfeed.NothingToPublish, match="1 draft"):
        _cached_build(content, tmp_path / "out", cache)


def test_the_cache_keys_stamp_the_modules_of_every_folder() -> None:
    from summitfeed._incremental.stamps import own_sources

    stamped = {line.split(" ", 1)[0] for line in own_sources()}
    package = Path(summitfeed.__file__).parent
    modules = {path.relative_to(package).as_posix() for path in package.rglob("*.py")}
    assert stamped == modules
    assert {"_render/jsonfeed.py", "_cli/quick.py", "_pipeline.py"} <= stamped
