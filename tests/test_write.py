"""Atomic, contained writing of output files (summitfeed._write.files)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitfeed._errors import OutputError
from summitfeed._write import files as _write
from summitfeed._write.files import (
    WriteResult,
    recover_output,
    safe_output_path,
    write_output,
)
from tests.write_kill_child import NAMES, make_files, parse_version

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).resolve().with_name("write_kill_child.py")


def leftovers(out: Path) -> list[Path]:
    """Temporary files and journals left anywhere under ``out``."""
    return sorted(
        path
        for path in out.rglob("*")
        if path.name.endswith(".summitfeed-tmp") or ".summitfeed-journal" in path.name
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file under ``folder``, by relative POSIX path."""
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    }


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path.resolve() / "public"


# --- writing -------------------------------------------------------------------


def test_round_trip_creates_folders_and_files(out: Path) -> None:
    files = {"feed.xml": b"<rss/>", "tags/x/feed.xml": b"<rss>x</rss>", "a.json": b"{}"}

    result = write_output(out, files)

    assert snapshot(out) == files
    assert result == WriteResult(
        written=tuple(sorted(out / name for name in files)), unchanged=()
    )
    assert leftovers(out) == []


def test_accepts_str_and_pathlike_out_dir(out: Path) -> None:
    write_output(str(out), {"a.xml": b"1"})
    write_output(out, {"b.xml": b"2"})
    assert snapshot(out) == {"a.xml": b"1", "b.xml": b"2"}


def test_unchanged_files_are_reported_and_not_rewritten(out: Path) -> None:
    files = {"feed.xml": b"same", "tags/x/feed.xml": b"also same"}
    write_output(out, files)
    before = {name: (out / name).stat() for name in files}
    time.sleep(0.01)  # so that a rewrite would show in mtime_ns

    result = write_output(out, files)

    assert result.written == ()
    assert result.unchanged == (out / "feed.xml", out / "tags/x/feed.xml")
    for name, old in before.items():
        new = (out / name).stat()
        assert (new.st_ino, new.st_mtime_ns) == (old.st_ino, old.st_mtime_ns)


def test_only_changed_files_are_replaced(out: Path) -> None:
    write_output(out, {"a.xml": b"a1", "b.xml": b"b1"})
    inode_a = (out / "a.xml").stat().st_ino

    result = write_output(out, {"a.xml": b"a1", "b.xml": b"b2", "c.xml": b"c1"})

    assert result.written == (out / "b.xml", out / "c.xml")
    assert result.unchanged == (out / "a.xml",)
    assert (out / "a.xml").stat().st_ino == inode_a
    assert snapshot(out) == {"a.xml": b"a1", "b.xml": b"b2", "c.xml": b"c1"}


def test_files_not_named_are_left_alone(out: Path) -> None:
    write_output(out, {"old.xml": b"old"})
    write_output(out, {"new.xml": b"new"})
    assert snapshot(out) == {"old.xml": b"old", "new.xml": b"new"}


def test_replacing_keeps_the_file_mode(out: Path) -> None:
    write_output(out, {"feed.xml": b"1"})
    (out / "feed.xml").chmod(0o600)
    write_output(out, {"feed.xml": b"2"})
    assert (out / "feed.xml").stat().st_mode & 0o7777 == 0o600
    assert (out / "feed.xml").read_bytes() == b"2"


def test_new_files_are_readable_by_others(out: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        write_output(out, {"feed.xml": b"1"})
    finally:
        os.umask(old_umask)
    assert (out / "feed.xml").stat().st_mode & 0o777 == 0o644


def test_empty_mapping_creates_the_folder(out: Path) -> None:
    assert write_output(out, {}) == WriteResult(written=(), unchanged=())
    assert out.is_dir()


def test_out_dir_behind_a_symlink_is_fine(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    write_output(tmp_path / "link", {"feed.xml": b"1"})
    assert (real / "feed.xml").read_bytes() == b"1"


def test_symlinked_subfolder_inside_is_fine(out: Path) -> None:
    (out / "v2").mkdir(parents=True)
    (out / "latest").symlink_to(out / "v2")
    write_output(out, {"latest/feed.xml": b"1"})
    assert (out / "v2/feed.xml").read_bytes() == b"1"


# --- failures leave the old files ----------------------------------------------


OLD = {"a.xml": b"old a", "b.xml": b"old b", "tags/x/c.xml": b"old c"}
NEW = {"a.xml": b"new a", "b.xml": b"new b", "tags/x/c.xml": b"new c"}


def test_failure_writing_the_second_temp_leaves_old_files(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_output(out, OLD)
    real = _write._write_temp
    calls: list[Path] = []

    def failing(target: Path, data: bytes, mode: int) -> Path:
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(target, data, mode)

    monkeypatch.setattr(_write, "_write_temp", failing)

    with pytest.raises(OutputError, match="No space left") as info:
        write_output(out, NEW)

    assert isinstance(info.value.__cause__, OSError)
    assert info.value.path == str(out / "b.xml")
    assert snapshot(out) == OLD
    assert leftovers(out) == []


def test_an_old_file_that_cannot_be_read_is_named_and_nothing_is_written(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Telling whether a file changed reads it; when that read fails, the
    error names that file and no file is replaced."""
    write_output(out, OLD)
    same_size = {**OLD, "b.xml": b"odd b"}  # (as long as the old: it is read)

    def unreadable(target: Path, data: object) -> bool:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(_write, "_holds", unreadable)
    with pytest.raises(OutputError, match=r"cannot write: .*Input/output") as info:
        write_output(out, same_size)
    assert info.value.path == str(out / "a.xml")  # (the first, in path order)
    assert isinstance(info.value.__cause__, OSError)
    assert snapshot(out) == OLD
    assert leftovers(out) == []


def test_large_files_written_by_threads_fail_as_one(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # From _PARALLEL_BYTES on, the temporary files are written by threads:
    # all are written, and one failure still leaves the old files and no temp.
    monkeypatch.setattr(_write, "_PARALLEL_BYTES", 1)
    threads: dict[str, str] = {}
    real = _write._write_temp

    def recording(target: Path, data: bytes, mode: int) -> Path:
        threads[target.name] = threading.current_thread().name
        return real(target, data, mode)

    monkeypatch.setattr(_write, "_write_temp", recording)
    write_output(out, OLD)
    assert snapshot(out) == OLD
    main = threading.current_thread().name
    assert main not in {threads[name] for name in ("a.xml", "b.xml", "c.xml")}

    def failing(target: Path, data: bytes, mode: int) -> Path:
        if target.name == "c.xml":
            raise OSError(28, "No space left on device")
        return real(target, data, mode)

    monkeypatch.setattr(_write, "_write_temp", failing)
    with pytest.raises(OutputError, match="No space left") as info:
        write_output(out, NEW)
    assert info.value.path == str(out / "tags" / "x" / "c.xml")
    assert snapshot(out) == OLD
    assert leftovers(out) == []


def test_no_temp_is_written_after_one_failed(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full disk, say: the files after the first that failed are not tried.
    real = _write._write_temp
    tried: list[str] = []

    def failing(target: Path, data: bytes, mode: int) -> Path:
        tried.append(target.name)
        if target.name == "a.xml":
            raise OSError(28, "No space left on device")
        return real(target, data, mode)

    monkeypatch.setattr(_write, "_write_temp", failing)
    with pytest.raises(OutputError, match="No space left"):
        write_output(out, NEW)
    assert tried == ["a.xml"]
    assert leftovers(out) == []


def test_failure_after_a_partial_temp_removes_it(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_output(out, OLD)
    real = os.fsync
    calls = 0

    def failing(fd: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:  # the second temp file: created and filled, not yet synced
            raise OSError(5, "Input/output error")
        real(fd)

    monkeypatch.setattr(os, "fsync", failing)

    with pytest.raises(OutputError, match="Input/output error"):
        write_output(out, NEW)

    monkeypatch.undo()
    assert snapshot(out) == OLD
    assert leftovers(out) == []


def test_failure_writing_the_journal_leaves_old_files(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_output(out, OLD)

    def failing(base: Path, pending: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(_write, "_write_journal", failing)

    with pytest.raises(OutputError, match="Permission denied") as info:
        write_output(out, NEW)

    assert info.value.path == str(out / ".summitfeed-journal")
    assert snapshot(out) == OLD
    assert leftovers(out) == []


def test_failure_between_renames_is_rolled_forward_next_run(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_output(out, OLD)
    real = Path.replace
    renames = 0

    def failing(self: Path, target: Path) -> Path:
        nonlocal renames
        if not self.name.startswith(".summitfeed-journal"):
            renames += 1
            if renames == 2:
                raise OSError(5, "Input/output error")
        return real(self, target)

    monkeypatch.setattr(Path, "replace", failing)
    with pytest.raises(OutputError, match="next run will finish"):
        write_output(out, NEW)
    monkeypatch.undo()

    assert (out / ".summitfeed-journal").exists()
    assert snapshot(out)["a.xml"] == NEW["a.xml"]  # committed: one file is new
    recover_output(out)
    assert snapshot(out) == NEW
    assert leftovers(out) == []


# --- containment ---------------------------------------------------------------


BAD_PATHS = [
    "../x",
    "/etc/x",
    "a/../../x",
    "a/..",
    "a\\b",
    "..\\x",
    "",
    "a//b",
    "a/",
    "/",
    "./a",
    "a/./b",
    ".",
    "..",
    "a\x00b",
    "a\nb",
    "a\x7fb",
]


@pytest.mark.parametrize("relative", BAD_PATHS)
def test_unsafe_paths_are_refused_and_nothing_is_written(
    tmp_path: Path, relative: str
) -> None:
    out = tmp_path / "site" / "public"

    with pytest.raises(OutputError) as info:
        write_output(out, {"a.xml": b"fine", relative: b"evil"})

    assert info.value.path == relative
    assert snapshot(tmp_path) == {}
    assert not out.exists()
    with pytest.raises(OutputError):
        safe_output_path(out, relative)


def test_symlinked_subfolder_pointing_outside_is_refused(tmp_path: Path) -> None:
    out, outside = tmp_path / "public", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "tags").symlink_to(outside)

    for relative in ("tags/feed.xml", "tags/x/feed.xml"):
        with pytest.raises(OutputError, match="leads out of the output folder"):
            write_output(out, {"a.xml": b"1", relative: b"evil"})

    assert list(outside.iterdir()) == []
    assert not (out / "a.xml").exists()


def test_sibling_folder_with_a_common_prefix_is_outside(tmp_path: Path) -> None:
    out, sibling = tmp_path / "out", tmp_path / "out-evil"
    out.mkdir()
    sibling.mkdir()
    (out / "x").symlink_to(Path("..") / "out-evil")

    with pytest.raises(OutputError):
        write_output(out, {"x/feed.xml": b"evil"})
    assert list(sibling.iterdir()) == []


def test_target_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    out, secret = tmp_path / "public", tmp_path / "secret.txt"
    out.mkdir()
    secret.write_bytes(b"keep me")
    (out / "feed.xml").symlink_to(secret)
    (out / "inside.xml").symlink_to(out / "other.xml")

    for relative in ("feed.xml", "inside.xml"):
        with pytest.raises(OutputError, match="symbolic link"):
            write_output(out, {relative: b"evil"})
    assert secret.read_bytes() == b"keep me"
    assert not (out / "other.xml").exists()


def test_symlink_loop_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    (out / "loop").symlink_to(out / "loop")
    with pytest.raises(OutputError):
        write_output(out, {"loop/feed.xml": b"x"})
    with pytest.raises(OutputError):
        write_output(out / "loop", {"feed.xml": b"x"})


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({".summitfeed-journal": b"x"}, "reserved"),
        ({"a/.x.summitfeed-tmp": b"x"}, "reserved"),
        ({"tags": b"x", "tags/feed.xml": b"y"}, "also written as a file"),
    ],
)
def test_reserved_and_colliding_paths_are_refused(
    out: Path, files: dict[str, bytes], message: str
) -> None:
    with pytest.raises(OutputError, match=message):
        write_output(out, files)
    assert snapshot(out) == {}


def test_paths_that_name_the_same_file_are_refused(out: Path) -> None:
    (out / "v2").mkdir(parents=True)
    (out / "latest").symlink_to("v2")
    with pytest.raises(OutputError, match="same file"):
        write_output(out, {"latest/feed.xml": b"1", "v2/feed.xml": b"2"})
    assert snapshot(out) == {}


def test_existing_folder_or_file_in_the_way_is_refused(out: Path) -> None:
    (out / "feed.xml").mkdir(parents=True)
    (out / "tags").write_bytes(b"a file")
    with pytest.raises(OutputError, match="existing folder"):
        write_output(out, {"feed.xml": b"x"})
    with pytest.raises(OutputError, match="not a folder"):
        write_output(out, {"tags/x/feed.xml": b"x"})
    assert snapshot(out) == {"tags": b"a file"}


def test_text_instead_of_bytes_is_a_type_error(out: Path) -> None:
    with pytest.raises(TypeError, match="must be bytes"):
        write_output(out, {"a.xml": b"ok", "b.xml": "text"})  # type: ignore[dict-item]
    assert snapshot(out) == {}


def test_content_given_as_pieces(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A large document is written from its pieces, many to a system call.
    monkeypatch.setattr(_write, "_IOV_MAX", 3)  # (batches of 3 pieces)
    pieces = tuple(f"<item>{n}</item>\n".encode() for n in range(10))
    first = write_output(out, {"feed.xml": (b"<rss>", *pieces, b"</rss>"), "b": b"b"})
    assert (out / "feed.xml").read_bytes() == b"<rss>" + b"".join(pieces) + b"</rss>"
    assert len(first.written) == 2
    again = write_output(out, {"feed.xml": (b"<rss>", *pieces, b"</rss>"), "b": b"b"})
    assert again.written == ()
    assert len(again.unchanged) == 2
    # Same size, one piece different: written again.
    other = (b"<rss>", *pieces[:-1], b"<item>X</item>\n", b"</rss>")
    assert write_output(out, {"feed.xml": other}).written == (out / "feed.xml",)
    assert (out / "feed.xml").read_bytes().endswith(b"<item>X</item>\n</rss>")
    with pytest.raises(TypeError, match="must be bytes"):
        write_output(out, {"c.xml": (b"a", "b")})  # type: ignore[dict-item]
    assert leftovers(out) == []


def test_a_short_write_of_pieces_is_completed(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Batches of two pieces; the first call writes two bytes only.
    monkeypatch.setattr(_write, "_IOV_MAX", 2)
    real = os.writev
    calls: list[int] = []

    def short_once(fd: int, buffers: list[bytes]) -> int:
        calls.append(len(buffers))
        if len(calls) == 1:
            return real(fd, [bytes(buffers[0])[:2]])
        return real(fd, buffers)

    monkeypatch.setattr(os, "writev", short_once)
    write_output(out, {"a.xml": (b"head,", b"one,", b"two,", b"three,", b"tail")})
    assert (out / "a.xml").read_bytes() == b"head,one,two,three,tail"
    assert calls == [2, 2, 1]


def test_joined_contents_join_pieces_when_read() -> None:
    files = _write.JoinedContents({"a": (b"x", b"y"), "b": b"z"})
    assert sorted(files) == ["a", "b"]
    assert len(files) == 2
    assert files["a"] == b"xy"
    assert files["b"] == b"z"
    assert files == {"a": b"xy", "b": b"z"}


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="ab./\\\x00\n", max_size=12))
def test_safe_output_path_never_leaves_out_dir(tmp_path: Path, relative: str) -> None:
    base = tmp_path.resolve()
    try:
        path = safe_output_path(base, relative)
    except OutputError:
        return
    assert path.is_relative_to(base)
    assert path != base
    assert path.resolve().is_relative_to(base)
    assert path.relative_to(base).as_posix() == relative


# --- recovery ------------------------------------------------------------------


def craft_journal(out: Path, renames: list[list[str]]) -> None:
    document = {"format": "summitfeed-journal 1", "renames": renames}
    (out / ".summitfeed-journal").write_text(json.dumps(document), encoding="utf-8")


def test_recover_output_rolls_a_journal_forward(out: Path) -> None:
    write_output(out, OLD)
    # Killed after committing: a.xml already renamed, b.xml and c.xml still pending.
    (out / "a.xml").write_bytes(NEW["a.xml"])
    (out / ".b.xml.1111.summitfeed-tmp").write_bytes(NEW["b.xml"])
    (out / "tags/x/.c.xml.2222.summitfeed-tmp").write_bytes(NEW["tags/x/c.xml"])
    craft_journal(
        out,
        [
            ["a.xml", ".a.xml.0000.summitfeed-tmp"],
            ["b.xml", ".b.xml.1111.summitfeed-tmp"],
            ["tags/x/c.xml", ".c.xml.2222.summitfeed-tmp"],
        ],
    )
    # Stale leftovers of an earlier build killed before it committed.
    (out / "tags/.old.xml.3333.summitfeed-tmp").write_bytes(b"half")
    (out / ".summitfeed-journal.4444.summitfeed-tmp").write_bytes(b"{")

    recover_output(out)

    assert snapshot(out) == NEW
    assert leftovers(out) == []
    recover_output(out)  # idempotent
    assert snapshot(out) == NEW


def test_write_output_recovers_first(out: Path) -> None:
    write_output(out, OLD)
    (out / ".b.xml.1111.summitfeed-tmp").write_bytes(b"newer b")
    craft_journal(out, [["b.xml", ".b.xml.1111.summitfeed-tmp"]])
    (out / "tags/.d.xml.9999.summitfeed-tmp").write_bytes(b"stale")
    (out / ".e.xml.abcd.summitfeed-tmp").write_bytes(b"stale")

    result = write_output(out, {"a.xml": b"old a"})

    assert result.unchanged == (out / "a.xml",)
    assert (out / "b.xml").read_bytes() == b"newer b"
    # Only the folders written are cleaned: "tags/" is not one of them.
    assert leftovers(out) == [out / "tags/.d.xml.9999.summitfeed-tmp"]
    write_output(out, {"tags/x/c.xml": b"c"})
    assert leftovers(out) == []


def test_recover_output_without_a_journal_rolls_back(out: Path) -> None:
    write_output(out, OLD)
    (out / ".a.xml.1234.summitfeed-tmp").write_bytes(b"new a, partial")
    recover_output(out)
    assert snapshot(out) == OLD
    assert leftovers(out) == []


def test_recover_output_on_a_missing_folder_does_nothing(out: Path) -> None:
    recover_output(out)
    assert not out.exists()


@pytest.mark.parametrize(
    "renames",
    [
        [["../escaped.xml", ".escaped.xml.1.summitfeed-tmp"]],
        [["/tmp/escaped.xml", ".escaped.xml.1.summitfeed-tmp"]],
        [["a.xml", "../../.escaped.summitfeed-tmp"]],
        [["a.xml", ".a.xml.not-a-temp"]],
    ],
)
def test_recover_output_refuses_a_journal_that_leaves_out_dir(
    tmp_path: Path, renames: list[list[str]]
) -> None:
    out = tmp_path / "public"
    out.mkdir()
    (out / "a.xml").write_bytes(b"a")
    (tmp_path / ".escaped.xml.1.summitfeed-tmp").write_bytes(b"outside")
    craft_journal(out, renames)

    with pytest.raises(OutputError, match="journal"):
        recover_output(out)

    assert (out / "a.xml").read_bytes() == b"a"
    assert not (tmp_path / "escaped.xml").exists()
    assert (tmp_path / ".escaped.xml.1.summitfeed-tmp").read_bytes() == b"outside"


@pytest.mark.parametrize("text", ["{", "[]", '{"format": "other"}', '{"format": 1}'])
def test_recover_output_refuses_an_unreadable_journal(out: Path, text: str) -> None:
    out.mkdir()
    (out / ".summitfeed-journal").write_text(text, encoding="utf-8")
    with pytest.raises(OutputError, match="unreadable journal"):
        recover_output(out)


# --- killed at random moments --------------------------------------------------


def test_kill_child_files_round_trip() -> None:
    for version in (0, 1, 12345):
        files = make_files(version)
        assert sorted(files) == sorted(NAMES)
        for data in files.values():
            assert parse_version(data) == version
            assert parse_version(data[:-1]) is None
            assert parse_version(data[: len(data) // 2]) is None


def read_versions(out: Path) -> dict[str, int | None]:
    """The version of each file, None if it is torn or not a file of ours."""
    return {name: parse_version((out / name).read_bytes()) for name in NAMES}


@pytest.mark.slow
def test_killed_builds_never_leave_torn_or_mixed_files(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_output(out, make_files(0))
    rng = random.Random(20250213)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    consistent = 0  # the version of the last consistent set
    runs, deadline = 0, time.monotonic() + 12
    states: dict[str, int] = {"mixed": 0, "journal": 0, "temps": 0}

    while runs < 60 or (runs < 100 and time.monotonic() < deadline):
        runs += 1
        first = runs * 1_000_000
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(out), str(first)],
            stdout=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        try:
            assert child.stdout is not None
            assert child.stdout.readline() == b"ready\n"
            kill_at = time.monotonic() + rng.uniform(0, 0.03)
            while time.monotonic() < kill_at:  # read while it writes: never torn
                versions = read_versions(out)
                assert None not in versions.values(), versions
        finally:
            child.kill()
            child.wait()
            if child.stdout is not None:
                child.stdout.close()
        assert child.returncode == -9

        versions = read_versions(out)
        seen = {v for v in versions.values() if v is not None}
        assert None not in versions.values(), versions  # complete old or new
        assert all(v == consistent or v >= first for v in seen), (versions, first)
        states["mixed"] += len(seen) > 1
        states["journal"] += (out / ".summitfeed-journal").exists()
        states["temps"] += any(out.rglob("*.summitfeed-tmp"))

        # The next build cleans the folders it writes (those of the files).
        if runs % 2:
            recover_output(out, ["tags/x"])
        else:
            write_output(out, {"tags/x/other.txt": b"x"})  # it recovers first

        assert leftovers(out) == []
        versions = read_versions(out)
        after = set(versions.values())
        assert len(after) == 1, versions  # one consistent set
        (version,) = after
        assert version is not None
        assert version == consistent or version >= first
        consistent = version

    assert consistent > 0  # the children did get to write
    assert states["temps"] > 0  # and some were killed in the middle of it
    print(f"{runs} kills; states before recovery: {states}")


def test_the_mode_of_a_new_file_is_never_set_through_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temporary file swapped for a link while it is written: the mode
    of the replaced file is set on the file opened, not on the link's target."""
    from summitfeed._write import files as _write

    victim = tmp_path / "victim"
    victim.write_text("mine")
    victim.chmod(0o600)
    opened = os.fdopen

    def swapped(fd: int, *args: object, **kwargs: object) -> object:
        (temp,) = tmp_path.glob(f"*{_write.TEMP_SUFFIX}")
        temp.unlink()
        temp.symlink_to(victim)
        return opened(fd, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "fdopen", swapped)
    _write._write_temp(tmp_path / "feed.xml", b"<rss/>", 0o664)
    assert victim.stat().st_mode & 0o777 == 0o600
    assert victim.read_text() == "mine"
