"""The cache folder as an attacker or a fault leaves it: nothing runs, nothing
outside it changes, and every feed is the one a build without the cache writes.

Each build runs as the command does (`python -m summitfeed build`), in its own
process, so that the quick check of a repeated command is covered too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import marshal
import os
import pickle
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from summitfeed._incremental.store import SEAL, replace_file
from tests.conftest import NOW_TEXT, copy_demo, read_store, snapshot

CACHE = ".summitfeed-cache"


def _command(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run(
        [sys.executable, "-m", "summitfeed", "build", "--now", NOW_TEXT, *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


def _built(site: Path, *args: str) -> dict[str, bytes]:
    result = _command(site, *args)
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr
    return snapshot(site / "public")


class _RunsCommand:
    """A pickle that, loaded, creates the marker file (as an attacker's would)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def _cache_files(site: Path) -> list[Path]:
    files = sorted(path for path in (site / CACHE).rglob("*") if path.is_file())
    assert {path.name for path in files} >= {
        "last-build.marshal",
        "articles.store",
        "items.store",
        "snapshot.store",
        "ranges.store",
    }
    return files


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = copy_demo(tmp_path / "demo")
    # The expected feeds: a build that never looks at the cache.
    _built(site, "--no-cache", "-o", "expected", "--cache-dir", "unused")
    return site


def _expected(site: Path) -> dict[str, bytes]:
    return snapshot(site / "expected")


def _rebuild_after_an_edit(site: Path) -> None:
    """Touch an article, so that the next build reads the stores."""
    article = site / "content" / "reading-the-foehn.md"
    article.write_bytes(article.read_bytes())


def test_a_pickle_planted_as_any_cache_file_never_runs(site: Path) -> None:
    _built(site)
    names = [path.relative_to(site) for path in _cache_files(site)]
    marker = site.parent / "ran"
    payload = pickle.dumps(_RunsCommand(marker))
    for name in names:
        for planted in (payload, SEAL + bytes(32) + payload):
            _built(site)  # (a whole cache again)
            (site / name).write_bytes(planted)
            for _ in range(2):  # the quick check, then after an edit
                assert _built(site) == _expected(site), name
                assert not marker.exists(), f"{name}: the pickle ran"
                _rebuild_after_an_edit(site)
                (site / name).write_bytes(planted)


def test_a_damaged_store_is_named_under_verbose(site: Path) -> None:
    _built(site)
    store = next((site / CACHE).rglob("snapshot.store"))
    data = bytearray(store.read_bytes())
    data[-3] ^= 0x10
    store.write_bytes(bytes(data))
    _rebuild_after_an_edit(site)
    result = _command(site, "-v")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "snapshot.store" in line]
    assert len(lines) == 1
    assert "checksum" in lines[0]
    assert "not used" in lines[0]
    assert snapshot(site / "public") == _expected(site)


def test_random_damage_to_each_store_gives_the_feeds_without_cache(site: Path) -> None:
    shuffle = random.Random(17)
    _built(site)
    for name in [path.relative_to(site) for path in _cache_files(site)]:
        for trial in range(4):
            _built(site)
            path = site / name
            data = bytearray(path.read_bytes())
            if trial == 0:
                data = data[: shuffle.randrange(len(data))]  # torn
            else:
                for _ in range(trial):  # bits flipped anywhere, the seal too
                    data[shuffle.randrange(len(data))] ^= 1 << shuffle.randrange(8)
            path.write_bytes(bytes(data))
            if trial % 2:
                _rebuild_after_an_edit(site)
            assert _built(site) == _expected(site), (name, trial)


def test_links_planted_at_the_cache_files_are_replaced_not_written_through(
    site: Path,
) -> None:
    victim = site.parent / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    _built(site)
    for path in _cache_files(site):
        path.unlink()
        path.symlink_to(victim)
    _rebuild_after_an_edit(site)
    assert _built(site) == _expected(site)
    _rebuild_after_an_edit(site)
    assert _built(site) == _expected(site)
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    for path in _cache_files(site):
        assert not path.is_symlink()


def test_temporary_files_of_killed_builds_are_removed(site: Path) -> None:
    _built(site)
    (key,) = [p for p in (site / CACHE).iterdir() if p.is_dir()]
    stray = [
        site / CACHE / f".last-build.marshal.{'a' * 16}.tmp",
        key / f".items.store.{'b' * 16}.tmp",
    ]
    for path in stray:
        path.write_bytes(b"half")
    _built(site)  # (answered from the record)
    assert stray[0].exists() is False
    article = site / "content" / "reading-the-foehn.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n")
    _built(site)
    assert [path for path in stray if path.exists()] == []


# --- stale output -------------------------------------------------------------


def _small_site(root: Path, *, static: bool = True) -> Path:
    """A site whose one article has a local hero image under static/."""
    (root / "content").mkdir(parents=True)
    (root / "content" / "ridge.md").write_text(
        "---\ntitle: 'Ridge'\npublish_date: '2025-02-13'\n"
        "heroImage: '/images/hero.png'\n---\nAbove the clouds.\n",
        encoding="utf-8",
    )
    (root / "summitfeed.toml").write_text(
        'title = "Ridge Notes"\nbase_url = "https://ridge.example.org/"\n'
        'timezone = "Europe/Zurich"\n' + ('static_dir = "static"\n' if static else ""),
        encoding="utf-8",
    )
    return root


def _length(site: Path) -> str:
    rss = (site / "public" / "feed.xml").read_text(encoding="utf-8")
    return rss.split('length="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("link", ["file", "folder"])
def test_a_retargeted_hero_link_gives_its_new_length(tmp_path: Path, link: str) -> None:
    site = _small_site(tmp_path / "site")
    images = tmp_path / "images-a", tmp_path / "images-b"
    for folder, size in zip(images, (100, 250), strict=True):
        folder.mkdir()
        (folder / "hero.png").write_bytes(b"p" * size)
    static = site / "static"
    static.mkdir()
    (site / "static" / "own").mkdir()
    for folder in images:  # (inside static_dir, so that both are allowed)
        folder.rename(static / "own" / folder.name)
    first, second = (static / "own" / folder.name for folder in images)
    if link == "file":
        (static / "images").mkdir()
        hero = static / "images" / "hero.png"
        hero.symlink_to(first / "hero.png")
    else:
        hero = static / "images"
        hero.symlink_to(first, target_is_directory=True)
    _built(site)
    assert _length(site) == "100"
    hero.unlink()
    hero.symlink_to(second / "hero.png" if link == "file" else second)
    _built(site)  # (the quick check sees the link changed)
    assert _length(site) == "250"
    _built(site, "--no-cache")
    _built(site)  # (a cached build never writes the old length back)
    assert _length(site) == "250"
    # Retargeted out of static_dir: no length, as without the cache.
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "hero.png").write_bytes(b"q" * 999)
    hero.unlink()
    hero.symlink_to(outside / "hero.png" if link == "file" else outside)
    cached = _built(site)
    assert cached == _built(site, "--no-cache")
    assert b'length="999"' not in cached["feed.xml"]


def test_a_change_of_the_time_zone_database_is_seen(tmp_path: Path) -> None:
    site = _small_site(tmp_path / "site", static=False)
    zones = tmp_path / "zones"
    (zones / "Europe").mkdir(parents=True)
    system = Path("/usr/share/zoneinfo")
    if not (system / "Asia" / "Tokyo").is_file():
        pytest.skip("no system time-zone database to copy")
    (zones / "Europe" / "Zurich").write_bytes((system / "Europe/Zurich").read_bytes())
    os.environ["PYTHONTZPATH"] = str(zones)
    try:
        assert b"+01:00" in _built(site)["atom.xml"]
        # The database changes (a new release moves the zone's rules).
        (zones / "Europe" / "Zurich").write_bytes((system / "Asia/Tokyo").read_bytes())
        cached = _built(site)
        assert b"+09:00" in cached["atom.xml"]
        assert cached == _built(site, "--no-cache")
    finally:
        del os.environ["PYTHONTZPATH"]


def test_a_distribution_installed_as_egg_info_is_in_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summitfeed._incremental import stamps as _stamps
    from summitfeed._incremental.cache import cache_key
    from tests.conftest import make_site

    site = make_site()
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])
    _stamps.installed_versions.cache_clear()
    before = cache_key(site)
    (tmp_path / "lxml-4.9.2.egg-info").mkdir()  # as Debian's python3-lxml
    _stamps.installed_versions.cache_clear()
    try:
        assert "lxml-4.9.2.egg-info" in " ".join(_stamps.installed_versions())
        assert cache_key(site) != before
    finally:
        _stamps.installed_versions.cache_clear()


def test_an_edit_that_keeps_size_and_time_is_seen(tmp_path: Path) -> None:
    site = _small_site(tmp_path / "site", static=False)
    article = site / "content" / "ridge.md"
    old = 1_700_000_000
    os.utime(article, (old, old))
    _built(site)
    time_ns = article.stat().st_mtime_ns
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Above", "Below"), encoding="utf-8")
    os.utime(article, ns=(time_ns, time_ns))  # size and time as before
    assert b"Below the clouds" in _built(site)["feed.xml"]


def test_the_quick_check_hashes_a_capped_part_of_a_file(tmp_path: Path) -> None:
    from summitfeed._fs import read_article_file

    large = tmp_path / "large.md"
    with large.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # (sparse: no disk)
    assert len(read_article_file(str(large))[1]) == 16 * 1024 * 1024 + 1
    os.mkfifo(tmp_path / "pipe.md")
    with pytest.raises(OSError, match="not a regular file"):
        read_article_file(str(tmp_path / "pipe.md"))


def _forge(site: Path, seal: Callable[[str, bytes], bytes]) -> None:
    """Put other words into every store and seal it again with ``seal``, as
    someone who can write the cache folder and knows its format would."""
    head = len(SEAL) + 32
    for path in (site / CACHE).rglob("*.store"):
        payload = path.read_bytes()[head:]
        forged = payload.replace(b"Hut-to-Hut", b"Hat-to-Hat")  # same length
        path.write_bytes(SEAL + seal(path.name, forged) + forged)


def _keyed(secret: str) -> Callable[[str, bytes], bytes]:
    key = hashlib.sha256(secret.encode()).digest()

    def seal(name: str, payload: bytes) -> bytes:
        prefix = f"summitfeed store {name}\0".encode()
        return hmac.new(key, prefix + payload, hashlib.sha256).digest()

    return seal


def _unkeyed(name: str, payload: bytes) -> bytes:
    return hashlib.sha256(f"summitfeed store {name}\0".encode() + payload).digest()


@pytest.mark.parametrize(
    ("forger", "used"),
    [
        (_unkeyed, False),  # the checksum alone, as anyone can compute it
        (_keyed("another machine's secret"), False),
        (_keyed("this machine's secret"), True),  # control: the forgery works
    ],
)
def test_stores_forged_without_the_secret_are_not_used(
    site: Path, monkeypatch: pytest.MonkeyPatch, forger, used: bool
) -> None:
    monkeypatch.setenv("SUMMITFEED_CACHE_KEY", "this machine's secret")
    _built(site)
    _forge(site, forger)
    # A real edit: the build renders that article and takes the others' items
    # from the stores.
    with (site / "content" / "reading-the-foehn.md").open("a") as article:
        article.write("\nOne more sentence.\n")
    feeds = _built(site)
    forged = any(b"Hat-to-Hat" in data for data in feeds.values())
    assert forged is used
    if not used:
        expected = _built(site, "--no-cache", "-o", "again", "--cache-dir", "unused")
        assert feeds == expected


def test_without_a_secret_the_build_runs_without_its_cache(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SUMMITFEED_CACHE_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")  # no usable place
    for _ in range(2):
        result = _command(site, "-v")
        assert result.returncode == 0, result.stderr
        assert snapshot(site / "public") == _expected(site)
    assert "0 cached" in result.stdout


def test_a_secret_file_others_can_read_is_not_used(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SUMMITFEED_CACHE_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    _built(site)
    secret = tmp_path / "config" / "summitfeed" / "cache-key"
    assert secret.stat().st_mode & 0o777 == 0o600
    secret.chmod(0o644)
    _rebuild_after_an_edit(site)
    result = _command(site, "-v")
    assert result.returncode == 0, result.stderr
    assert "0 cached" in result.stdout
    assert "no cache secret" in result.stderr
    assert snapshot(site / "public") == _expected(site)


def _shared_deep(levels: int) -> list[object]:
    """A list of two references to a list of two references... (a few
    hundred bytes in marshal's format; 2**levels values walked as a tree)."""
    value: list[object] = []
    for _ in range(levels):
        value = [value, value]
    return value


def test_a_small_store_of_shared_parts_is_refused_at_once(site: Path) -> None:
    from summitfeed._incremental.cache import BuildCache, notes
    from summitfeed._incremental.codec import items_from
    from summitfeed._model import Article

    _built(site)
    store = next((site / CACHE).rglob("items.store"))
    items, hollow = read_store(store)
    stamp = next(iter(items))
    item = list(items[stamp])
    article = list(item[0])
    # The front matter's other keys, where the decoder walks any value.
    extra_at = [spec.name for spec in dataclasses.fields(Article)].index("extra")
    article[extra_at] = ("m", ["bomb", _shared_deep(40)])
    item[0] = tuple(article)
    payload = marshal.dumps(({stamp: tuple(item)}, hollow))
    replace_file(str(store.parent), store.name, payload)  # (sealed, as ours are)
    cache = BuildCache(store.parent.parent, key=store.parent.name)
    assert cache.load("items", items_from) is None
    assert len(notes()) == 1
    assert "referred to over and over" in notes()[0]
    assert notes()[0].endswith("not used")
    _rebuild_after_an_edit(site)
    assert _built(site, "-v") == _expected(site)


def test_a_value_the_codec_wrote_is_within_the_spread() -> None:
    from summitfeed._incremental.codec import Spread, check_spread

    shared_text = ("alps", "snow")
    value = {
        ("a.md", str(n)): (shared_text, [n, None], {"k": shared_text})
        for n in range(500)
    }
    check_spread(value, len(marshal.dumps(value)))
    bomb = _shared_deep(30)
    with pytest.raises(Spread):
        check_spread(bomb, len(marshal.dumps(bomb)))


def test_a_states_store_of_shared_parts_is_read_in_one_pass(site: Path) -> None:
    """The states of 100,000 files, each row the same one, whose images are
    the same 100,000 entries, and whose problem's others are two references
    to two references...: a few megabytes that a reader walking each row's
    parts would need 10**10 steps for (and 2**40 for the problem), read as
    one pass over the shared parts. (Held to a minute by an alarm: a
    reader that walks them again fails here instead of hanging.)"""
    import signal

    from summitfeed._incremental.cache import BuildCache
    from summitfeed._incremental.index import FileState, states_from

    _built(site)
    store = next((site / CACHE).rglob("articles.store"))
    columns = read_store(store)
    images = tuple((f"static/{n}.jpg", "static", n) for n in range(100_000))
    problem: tuple[object, ...] = (0, "content/a.md", "made by hand", None, None, ())
    for _ in range(40):
        problem = (0, "content/a.md", "made by hand", None, None, (problem, problem))
    row = [column[0] for column in columns]
    row[FileState._fields.index("images")] = images
    row[FileState._fields.index("error")] = problem
    shared = tuple((value,) * 100_000 for value in row)  # (each the one value)
    replace_file(str(store.parent), store.name, marshal.dumps(shared))
    cache = BuildCache(store.parent.parent, key=store.parent.name)

    def too_long(*_: object) -> None:
        raise TimeoutError("the shared parts were walked again and again")

    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(60)
    try:
        states = cache.load("articles", states_from, walks_once=True)
    finally:
        signal.alarm(0)
    assert states is not None
    assert len(states) == 100_000
    assert states[0].images is states[-1].images  # (the one tuple shared)
    assert states[0].images == images
    error = states[0].error
    assert error is not None
    assert error is states[-1].error  # (one problem for the one value shared)
    assert error.also[0] is error.also[1]


@pytest.mark.parametrize("images_first", [True, False])
def test_a_tuple_shared_as_images_and_as_warnings_is_checked_as_each(
    images_first: bool,
) -> None:
    """One tuple of a store, a row's images and a later row's warnings: it
    must pass as both (it cannot), not as whichever came first."""
    from summitfeed._incremental.codec import Unreadable
    from summitfeed._incremental.index import FileState, states_from

    fields = FileState._fields
    shared = (("static/a.jpg", "static", 3),) if images_first else ("abc", "xyz")
    row: tuple[object, ...] = (
        "content/a.md", 10, 1, "0" * 64, (), None, "a", "https://e.org/a/",
        0, 0, False, True, (), None,
    )  # fmt: skip
    first: list[object] = list(row)
    second: list[object] = list(row)
    second[0] = "content/b.md"
    if images_first:
        first[fields.index("images")] = shared
        second[fields.index("warnings")] = shared
    else:
        first[fields.index("warnings")] = shared
        second[fields.index("images")] = shared
    alone = tuple(zip(first, strict=True))  # (the store's columns)
    assert states_from(alone)[0].source == "content/a.md"  # (alone: fine)
    with pytest.raises(Unreadable):
        states_from(tuple(zip(first, second, strict=True)))


def test_images_shared_by_many_states_are_each_looked_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A store may share one tuple of images among all its states (a few
    kilobytes for 200 states and 2,000 images): each image is looked at
    once, not once per state that names it."""
    from summitfeed._incremental import index

    images = tuple((f"static/{n}.jpg", "static", n) for n in range(2_000))
    known = {
        f"content/{n}.md": index.FileState(f"content/{n}.md", 10, 1, "0" * 64, images)
        for n in range(200)
    }
    looked_at: list[str] = []

    def size(path: str, root: str) -> int:
        looked_at.append(path)
        return int(path.removeprefix("static/").removesuffix(".jpg"))

    monkeypatch.setattr(index, "image_size", size)
    listing = [(display, 10, 1) for display in known]
    states, missing, _ = index._reused_states(listing, known)
    assert missing == []
    assert all(states[display] is known[display] for display in known)
    assert sorted(looked_at) == sorted(path for path, _, _ in images)
