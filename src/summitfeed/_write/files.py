"""Write output files as one transaction, and only inside the output folder.

Safe writing. summitfeed never changes an output file in place. Each changed file
is first written in full to a hidden temporary file beside it
(``.NAME.RANDOM.summitfeed-tmp``) and flushed to disk; files whose bytes did not
change are left alone. Only when every temporary file is complete does summitfeed
record the pending renames in ``.summitfeed-journal`` in the output folder; it then
renames each temporary file over its target and deletes the journal. A reader
therefore always sees a whole old file or a whole new one, never a torn feed. If a
build fails or is killed before the journal exists, the old files are untouched and
the next run deletes the leftover temporary files; if it stops after the journal
exists, the next run finishes the remaining renames. Either way the folder ends up
holding one complete, consistent set of files. Every path is checked before
anything is written: absolute paths, ``..``, empty segments, backslashes, control
characters and symbolic links that lead out of the output folder are refused.
Do not run two builds into the same output folder at the same time.

What a kill at each point of :func:`write_output` leaves, and how the next run
(:func:`recover_output`, which :func:`write_output` calls first) repairs it:

1. While temporary files are written: old targets intact, some
   ``*.summitfeed-tmp`` files (possibly partial). Repair: delete them (roll back).
2. While the journal's own temporary file is written: the same, plus
   ``.summitfeed-journal.RANDOM.summitfeed-tmp``. Repair: delete them (roll back).
3. After the journal is renamed into place, between two renames: some targets new,
   some old, the rest of the new versions complete in their temporary files (they
   were fsync'd before the journal was written). Repair: rename every listed
   temporary file that still exists onto its target (roll forward), then delete
   the journal.
4. After the last rename, before the journal is deleted: all targets new. Repair:
   nothing to rename; delete the journal.

Recovery itself is idempotent: killed half-way, the next run simply repeats it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO, Final, NamedTuple, cast

from summitfeed._errors import OutputError
from summitfeed._fs import write_all

__all__ = ["WriteResult", "recover_output", "safe_output_path", "write_output"]

TEMP_SUFFIX = ".summitfeed-tmp"
JOURNAL_NAME = ".summitfeed-journal"
_JOURNAL_FORMAT = "summitfeed-journal 1"
_NEW_FILE_MODE = 0o644  # the process umask still applies, as for any new file
_TEMP_NAME_KEEP = 64  # characters of the target's name kept in its temp's name
# A temporary file as _write_temp names it: ".NAME.RANDOM.summitfeed-tmp".
_OWN_TEMP: Final = re.compile(r"\.[^/]+\.[0-9a-f]{4,}" + re.escape(TEMP_SUFFIX))


_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0)


class WriteResult(NamedTuple):
    """What :func:`write_output` did, as absolute paths under the output folder."""

    written: tuple[Path, ...]
    """Files whose bytes changed (created or replaced), sorted."""
    unchanged: tuple[Path, ...]
    """Files that already had exactly these bytes (not rewritten), sorted."""


def safe_output_path(out_dir: Path, relative: str) -> Path:
    """Return the absolute path for ``relative`` under ``out_dir``.

    ``relative`` is a POSIX path such as ``"tags/python/feed.xml"``. ``out_dir`` may
    itself be (or lie behind) a symbolic link; it is resolved first.

    Raises:
        OutputError: ``relative`` is empty or absolute; has an empty, ``.`` or
            ``..`` segment, a backslash, a NUL or another control character; a
            symbolic link on the way leads out of ``out_dir`` (or loops); or the
            target itself is a symbolic link.
    """
    problem = _lexical_problem(relative)
    if problem is not None:
        raise OutputError(relative, problem)
    try:
        base = _resolve_out_dir(out_dir)
        target = base.joinpath(*relative.split("/"))
        parent = target.parent.resolve()
        if not parent.is_relative_to(base):
            raise OutputError(
                relative, "a symbolic link on the way leads out of the output folder"
            )
        if target.is_symlink():
            raise OutputError(
                relative, "is a symbolic link; refusing to write through it"
            )
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on 3.11/3.12
        raise OutputError(relative, f"cannot check the path: {exc}") from exc
    return target


def _lexical_problem(relative: object) -> str | None:
    if not isinstance(relative, str):
        return f"the path must be a str, not {type(relative).__name__}"
    if relative == "":
        return "the path is empty"
    if relative.startswith("/"):
        return (
            "absolute paths are not allowed; give a path relative to the output folder"
        )
    if "\\" in relative:
        return "backslashes are not allowed; separate folders with '/'"
    if any(ord(char) < 32 or ord(char) == 127 for char in relative):
        return "control characters are not allowed in a path"
    for segment in relative.split("/"):
        if segment == "":
            return "empty path segments ('//', or '/' at either end) are not allowed"
        if segment in {".", ".."}:
            return f"'{segment}' segments are not allowed"
    return None


def write_output(
    out_dir: str | os.PathLike[str],
    files: Mapping[str, FileContent],
    *,
    threads_from: int | None = None,
) -> WriteResult:
    """Write every file (relative POSIX path -> bytes, or the pieces of its
    bytes) under out_dir as one transaction.

    From ``threads_from`` bytes to write (default :data:`THREADS_FROM`),
    several threads write the files at once.

    First finishes or rolls back an interrupted earlier write (see
    :func:`recover_output`), then checks every path before writing anything.

    Raises:
        OutputError: a path is unsafe (see :func:`safe_output_path`), reserved, or
            collides with another path or an existing folder; or writing failed.
            If writing failed before any target was replaced, the old files are
            untouched and no temporary file is left behind.
        TypeError: a value is not bytes (or a tuple of bytes).
    """
    base = _resolve_out_dir(out_dir)
    _refuse_shared_folder(base)
    recover_output(base, {relative.rpartition("/")[0] for relative in files})
    targets = _check_all(base, files)
    _make_folders(base, targets.values())
    # The folders now exist: check again, now that resolve() sees them all.
    _check_all(base, files)
    changed, unchanged = _find_changes(targets, files)
    threads_from = THREADS_FROM if threads_from is None else threads_from
    pending = _prepare(base, changed, threads_from)
    _commit(base, pending)
    return WriteResult(
        written=tuple(sorted(target for target, _, _ in changed)),
        unchanged=tuple(sorted(unchanged)),
    )


def _make_folders(base: Path, targets: Iterable[Path]) -> None:
    try:
        base.mkdir(parents=True, exist_ok=True)
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(exc.filename or base, f"cannot create folder: {exc}") from exc


def _find_changes(
    targets: Mapping[str, Path], files: Mapping[str, FileContent]
) -> tuple[list[tuple[Path, FileContent, int]], list[Path]]:
    """The files to write, as (target, data, mode), in the order of their
    paths, and the targets that already hold their bytes. A file replaced
    keeps its mode."""
    unchanged: list[Path] = []
    changed: list[tuple[Path, FileContent, int]] = []
    for relative in sorted(targets):
        target = targets[relative]
        data = files[relative]
        mode = _NEW_FILE_MODE
        try:
            info = target.stat(follow_symlinks=False)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise OutputError(target, f"cannot write: {exc}") from exc
        else:
            try:
                same = info.st_size == content_size(data) and _holds(target, data)
            except OSError as exc:
                raise OutputError(target, f"cannot write: {exc}") from exc
            if same:
                unchanged.append(target)
                continue
            mode = stat.S_IMODE(info.st_mode)
        changed.append((target, data, mode))
    return changed, unchanged


def _prepare(
    base: Path, changed: list[tuple[Path, FileContent, int]], threads_from: int
) -> list[tuple[Path, Path]]:
    """Write every changed file to its temporary file, flushed with its
    folder, then the journal: (temporary file, target) of each.

    Raises:
        OutputError: writing failed; no temporary file of these is left, no
            target is touched.
    """
    pending: list[tuple[Path, Path]] = []
    current = base
    try:
        pending = _write_temps(changed, threads_from)
        if pending:
            for directory in _directories(temp for temp, _ in pending):
                current = directory
                _fsync_dir(directory)
            current = base / JOURNAL_NAME
            _write_journal(base, pending)
    except _TempNotWritten as failed:
        raise OutputError(
            failed.target, f"cannot write: {failed.error}"
        ) from failed.error
    except OSError as exc:
        _remove_quietly(temp for temp, _ in pending)
        raise OutputError(current, f"cannot write: {exc}") from exc
    return pending


def _commit(base: Path, pending: list[tuple[Path, Path]]) -> None:
    """Rename each temporary file over its target, then delete the journal.

    Raises:
        OutputError: a rename or the deletion failed; the next run finishes
            the renames from the journal.
    """
    # Committed: from here on, an interrupted write is rolled forward.
    current = base
    try:
        for temp, target in pending:
            current = target
            temp.replace(target)
        if pending:
            for directory in _directories(target for _, target in pending):
                current = directory
                _fsync_dir(directory)
            current = base / JOURNAL_NAME
            (base / JOURNAL_NAME).unlink()
            _fsync_dir(base)
    except OSError as exc:
        raise OutputError(
            current, f"cannot write: {exc} (the next run will finish the update)"
        ) from exc


def recover_output(
    out_dir: str | os.PathLike[str], folders: Iterable[str] = ()
) -> None:
    """Finish or roll back an interrupted write_output and remove stale temporary files.

    A journal left by a build killed after it committed is rolled forward: every
    listed temporary file that still exists is renamed onto its target. Then the
    journal is deleted, and so are the temporary files of summitfeed's own
    naming (``.NAME.RANDOM.summitfeed-tmp``) in the output folder, in the
    folders the journal named and in ``folders`` (relative POSIX paths: the
    folders about to be written). No other folder is looked at: the output
    folder may hold a whole site, with folders summitfeed cannot read.
    Does nothing if ``out_dir`` does not exist.

    Raises:
        OutputError: the journal is unreadable or names a path outside
            ``out_dir``, or a rename or deletion failed.
    """
    base = _resolve_out_dir(out_dir)
    journal = base / JOURNAL_NAME
    current = journal
    cleaned = {base}
    for folder in folders:
        cleaned.update(_folders_on_the_way(base, folder))
    try:
        if journal.is_symlink():
            raise OutputError(
                journal, "is a symbolic link; summitfeed never wrote it: remove it"
            )
        if journal.is_file():
            pairs = _read_journal(base, journal)
            for temp, target in pairs:
                current = target
                if temp.exists():
                    temp.replace(target)
            for directory in _directories(target for _, target in pairs):
                current = directory
                _fsync_dir(directory)
                relative = directory.relative_to(base).as_posix()
                cleaned.update(_folders_on_the_way(base, relative))
            current = journal
            journal.unlink()
            _fsync_dir(base)
        if base.is_dir():
            for directory in sorted(cleaned):
                current = directory
                _remove_stale_temps(directory)
    except OSError as exc:
        raise OutputError(
            current, f"cannot recover an interrupted write: {exc}"
        ) from exc


def _folders_on_the_way(base: Path, folder: str) -> list[Path]:
    parts = [part for part in folder.split("/") if part not in ("", ".", "..")]
    return [base.joinpath(*parts[:depth]) for depth in range(1, len(parts) + 1)]


def _refuse_shared_folder(base: Path) -> None:
    """An output folder must be a folder of its own, not the root of a file
    system or the user's home (where a typo of ``output_dir`` leads)."""
    try:
        is_home = Path.home().resolve() == base
    except (RuntimeError, OSError):  # (no home folder known)
        is_home = False
    if base == Path(base.anchor):
        where = "the root of the file system"
    elif is_home:
        where = "your home folder"
    else:
        return
    raise OutputError(
        base, f"is {where}; write the feeds to a folder of their own (e.g. public)"
    )


def _resolve_out_dir(out_dir: str | os.PathLike[str]) -> Path:
    try:
        return Path(out_dir).resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on 3.11
        raise OutputError(Path(out_dir), f"cannot find the folder: {exc}") from exc


def _check_all(base: Path, files: Mapping[str, FileContent]) -> dict[str, Path]:
    """Check every path and value; return the target of each relative path."""
    targets: dict[str, Path] = {}
    seen: dict[Path, str] = {}
    for relative, data in files.items():
        target = safe_output_path(base, relative)
        value: object = data
        if isinstance(value, tuple) and all(
            isinstance(v, bytes | memoryview) for v in value
        ):
            pass  # (pieces)
        elif not isinstance(value, bytes):
            raise TypeError(
                f"{relative}: the content must be bytes, not {type(value).__name__} "
                "(encode text first, e.g. text.encode('utf-8'))"
            )
        name = target.name
        if name == JOURNAL_NAME or name.endswith(TEMP_SUFFIX):
            raise OutputError(relative, "this file name is reserved for summitfeed")
        try:
            if target.is_dir():
                raise OutputError(relative, "is an existing folder")
            for ancestor in target.relative_to(base).parents:
                folder = base / ancestor
                if folder.exists() and not folder.is_dir():
                    raise OutputError(relative, f"'{ancestor}' is not a folder")
            identity = target.parent.resolve() / name
        except (OSError, RuntimeError) as exc:
            raise OutputError(relative, f"cannot check the path: {exc}") from exc
        if identity in seen:
            raise OutputError(relative, f"is the same file as '{seen[identity]}'")
        seen[identity] = relative
        targets[relative] = target
    for relative in targets:
        parts = relative.split("/")
        for depth in range(1, len(parts)):
            prefix = "/".join(parts[:depth])
            if prefix in targets:
                raise OutputError(relative, f"'{prefix}' is also written as a file")
    return targets


FileContent = bytes | tuple[bytes | memoryview, ...]
"""A file's bytes, or the pieces they are made of, in order: a large feed
document is written from its items' pieces without first joining them
(joining a large one costs more than writing it, most of it the kernel
giving the process fresh memory)."""


def content_size(content: FileContent) -> int:
    """How many bytes ``content`` holds."""
    if isinstance(content, bytes):
        return len(content)
    return sum(map(len, content))


def joined(content: FileContent) -> bytes:
    """``content`` as one bytes object."""
    return content if isinstance(content, bytes) else b"".join(content)


class JoinedContents(Mapping[str, bytes]):
    """Files by path, each joined from its pieces when it is first read."""

    def __init__(self, files: Mapping[str, FileContent]) -> None:
        self._files = dict(files)

    def __getitem__(self, name: str) -> bytes:
        content = self._files[name]
        if not isinstance(content, bytes):
            content = self._files[name] = joined(content)
        return content

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __repr__(self) -> str:
        sizes = {name: content_size(data) for name, data in self._files.items()}
        return f"JoinedContents(<bytes by name: {sizes!r}>)"

    def __reduce__(self) -> tuple[object, ...]:
        # Pieces may be views of memory shared with workers: a copy is bytes.
        return (dict, (dict(self),))


def _holds(target: Path, content: FileContent) -> bool:
    """Whether the file ``target`` (of the same size) holds exactly ``content``."""
    existing = target.read_bytes()
    if isinstance(content, bytes):
        return existing == content
    view, start = memoryview(existing), 0
    for piece in content:
        end = start + len(piece)
        if view[start:end] != piece:
            return False
        start = end
    return True


def _iov_max() -> int:
    try:
        return max(16, min(os.sysconf("SC_IOV_MAX"), 1024))
    except (AttributeError, ValueError, OSError):  # pragma: no cover - not POSIX
        return 16  # (what POSIX guarantees)


_IOV_MAX: Final = _iov_max()  # buffers per writev call


def _write_pieces(stream: BinaryIO, pieces: tuple[bytes | memoryview, ...]) -> None:
    """Write ``pieces`` in order, many to a system call where possible."""
    writev = getattr(os, "writev", None)
    if writev is None:  # pragma: no cover - not POSIX
        stream.writelines(pieces)
        return
    stream.flush()
    fd = stream.fileno()
    step = _IOV_MAX
    for start in range(0, len(pieces), step):
        batch = pieces[start : start + step]
        done = writev(fd, batch)
        wanted = sum(map(len, batch))
        if done < wanted:  # (a short write: the rest of the batch, in full)
            write_all(fd, memoryview(b"".join(batch))[done:])


THREADS_FROM: Final = 16 << 20
"""Bytes to write from which temporary files are written by several threads
at once: the kernel's copy into its page cache is bound by one core, and a
write holds no lock of Python's."""


class _TempNotWritten(Exception):
    def __init__(self, target: Path, error: OSError) -> None:
        self.target = target
        self.error = error


def _write_temps(
    changed: list[tuple[Path, FileContent, int]], threads_from: int
) -> list[tuple[Path, Path]]:
    """Each (target, data, mode) written to its temporary file: (temp, target).

    Raises:
        _TempNotWritten: for the first target that failed; no temporary file
            of these is left.
    """
    done: dict[Path, Path | OSError] = {}
    failed: list[Path] = []

    def write(target: Path, data: FileContent, mode: int) -> None:
        if failed:
            return  # (one failed, a full disk say: the rest is not written)
        try:
            done[target] = _write_temp(target, data, mode)
        except OSError as exc:
            done[target] = exc
            failed.append(target)

    total = sum(content_size(data) for _, data, _ in changed)
    try:
        if len(changed) > 1 and total >= threads_from:
            from concurrent.futures import ThreadPoolExecutor

            from summitfeed._cores import cores

            largest_first = sorted(changed, key=lambda job: -content_size(job[1]))
            pool = ThreadPoolExecutor(max_workers=min(cores(), len(changed)))
            try:
                for future in [pool.submit(write, *job) for job in largest_first]:
                    future.result()
            finally:  # (interrupted: the writes under way end, no other starts)
                pool.shutdown(wait=True, cancel_futures=True)
        else:
            for target, data, mode in changed:
                write(target, data, mode)
    except BaseException:
        _remove_quietly(temp for temp in done.values() if isinstance(temp, Path))
        raise
    for target, _, _ in changed:  # (in order: the first failure is named)
        error = done.get(target)
        if isinstance(error, OSError):
            _remove_quietly(temp for temp in done.values() if isinstance(temp, Path))
            raise _TempNotWritten(target, error)
    return [(cast(Path, done[target]), target) for target, _, _ in changed]


def _write_temp(target: Path, data: FileContent, mode: int) -> Path:
    """Write ``data`` to a new temporary file beside ``target``, fsync'd; return it."""
    stem = target.name[:_TEMP_NAME_KEEP]
    hidden = stem if stem.startswith(".") else f".{stem}"
    temp = target.with_name(f"{hidden}.{os.urandom(8).hex()}{TEMP_SUFFIX}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    fd = os.open(temp, flags, mode)
    try:
        with os.fdopen(fd, "wb") as stream:
            if mode != _NEW_FILE_MODE:
                # Exactly the replaced file's mode, whatever the umask: set on
                # the file opened, never through a link planted at its name.
                os.fchmod(stream.fileno(), mode)
            if isinstance(data, bytes):
                stream.write(data)
            else:
                _write_pieces(stream, data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        _remove_quietly([temp])
        raise
    return temp


def _write_journal(base: Path, pending: list[tuple[Path, Path]]) -> None:
    """Atomically write the journal that lists the renames still to be done."""
    renames = [
        [target.relative_to(base).as_posix(), temp.name] for temp, target in pending
    ]
    text = json.dumps({"format": _JOURNAL_FORMAT, "renames": renames}, indent=1)
    temp = _write_temp(base / JOURNAL_NAME, (text + "\n").encode("utf-8"), 0o644)
    try:
        temp.replace(base / JOURNAL_NAME)
    except BaseException:
        _remove_quietly([temp])
        raise
    _fsync_dir(base)


def _read_journal(base: Path, journal: Path) -> list[tuple[Path, Path]]:
    """Return the (temporary file, target) pairs of a journal, all checked."""
    try:
        document = json.loads(journal.read_text(encoding="utf-8"))
        if document.get("format") != _JOURNAL_FORMAT:
            raise ValueError("unknown format")
        pairs: list[tuple[Path, Path]] = []
        for relative, temp_name in document["renames"]:
            if not (
                isinstance(temp_name, str)
                and _lexical_problem(temp_name) is None
                and "/" not in temp_name
                and temp_name.endswith(TEMP_SUFFIX)
            ):
                raise ValueError(f"bad temporary file name {temp_name!r}")
            target = safe_output_path(base, relative)
            pairs.append((target.with_name(temp_name), target))
    except (OutputError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise OutputError(
            journal,
            f"unreadable journal ({exc}); check the output folder, then delete the "
            "journal and build again",
        ) from exc
    return pairs


def _remove_stale_temps(folder: Path) -> None:
    """Delete the temporary files of summitfeed's naming in ``folder`` (not
    below it; a link of that name is removed, never followed). A folder
    that is not there, or cannot be read, holds none of ours to delete."""
    try:
        with os.scandir(folder) as entries:
            names = [entry.name for entry in entries if _OWN_TEMP.fullmatch(entry.name)]
    except (FileNotFoundError, NotADirectoryError, PermissionError):
        return
    for name in names:
        (folder / name).unlink(missing_ok=True)


def _remove_quietly(paths: Iterable[Path]) -> None:
    """Delete files, ignoring errors: used while already handling a failure."""
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _directories(paths: Iterable[Path]) -> list[Path]:
    return sorted({path.parent for path in paths})


def _fsync_dir(directory: Path) -> None:
    """Flush a folder's entries (the renames) to disk, where the system allows it."""
    o_directory = getattr(os, "O_DIRECTORY", None)
    if o_directory is None:  # Windows cannot open a folder as a file
        return
    fd = os.open(directory, os.O_RDONLY | o_directory)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in {errno.EINVAL, errno.ENOTSUP}:
            raise
    finally:
        os.close(fd)
