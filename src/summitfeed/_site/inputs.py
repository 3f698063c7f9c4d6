"""What reading a site's settings looked at, so that a later run can tell
whether it would read the same.

Another generator's settings come from files and folders that no list can
name in advance: ``content/_index.md`` for Zola's title, the data folder an
Eleventy config names, the section of a Hugo site with the most pages,
MkDocs' ``docs_dir`` and authors file. Reading them goes through the probes
here, each of which notes what it saw; the build's record
(:mod:`summitfeed._cli.quick`) keeps those notes, and the next run asks each
probe again (:func:`still_current`) before it trusts the record.

Light on purpose (os and hashlib only): the quick path imports it.
"""

from __future__ import annotations

import hashlib
import os
import stat

TYPE_CHECKING = False  # (typing loads re, enum and more: see _lean)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Final

__all__ = [
    "MARKDOWN",
    "consulted",
    "folders",
    "forget",
    "is_dir",
    "is_file",
    "largest_section",
    "note_read",
    "still_current",
]

MARKDOWN: Final = ("md", "markdown")
# What a probe saw: a file's bytes ("read": their digest, None when it could
# not be read), whether a path is a file or a folder, the sub-folders of a
# folder, the section of a Hugo site with the most pages.
Noted = tuple[str, str, "str | bool | tuple[str, ...] | None"]

_SEEN: dict[tuple[str, str], str | bool | tuple[str, ...] | None] = {}


def forget() -> None:
    """Start noting afresh (a new reading of the settings)."""
    _SEEN.clear()


def consulted() -> tuple[Noted, ...]:
    """Everything noted since :func:`forget`, as plain values."""
    return tuple((kind, path, value) for (kind, path), value in sorted(_SEEN.items()))


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def note_read(path: str | os.PathLike[str], data: bytes | None) -> None:
    """Note the bytes a settings file held (None: it could not be read)."""
    _SEEN["read", os.fspath(path)] = _digest(data)


def _file_digest(path: str) -> str | None:
    """The digest of the regular file ``path``'s bytes, None if it is not
    one or cannot be read (opened without blocking: a FIFO named in a
    record made by hand must not stop the run)."""
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        digest = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


_NONBLOCK: Final = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0)


def is_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a file (as ``Path.is_file``), noted."""
    found = os.path.isfile(path)
    _SEEN["file", os.fspath(path)] = found
    return found


def is_dir(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a folder (as ``Path.is_dir``), noted."""
    found = os.path.isdir(path)
    _SEEN["dir", os.fspath(path)] = found
    return found


def folders(path: str | os.PathLike[str]) -> tuple[str, ...]:
    """The names of the folders in ``path``, sorted (none if it is not one), noted."""
    found = _folders(os.fspath(path))
    _SEEN["folders", os.fspath(path)] = found
    return found


def _folders(path: str) -> tuple[str, ...]:
    try:
        with os.scandir(path) as entries:
            return tuple(sorted(e.name for e in entries if e.is_dir()))
    except OSError:
        return ()


def largest_section(
    content: str | os.PathLike[str], skipped: Iterable[str] = ()
) -> tuple[str, ...]:
    """The folder under ``content`` with the most pages (Hugo's main
    section; posts, post or blog wins a tie), of those not ``skipped``, or
    none; noted."""
    # (The folder and the names skipped as one text: NUL is in no path.)
    asked = "\0".join([os.fspath(content), *sorted(skipped)])
    found = _largest_section(asked)
    _SEEN["section", asked] = found
    return found


_POST_WORDS: Final = frozenset({"posts", "post", "blog"})
_ENDINGS: Final = tuple(f".{ext}" for ext in MARKDOWN)


def _largest_section(asked: str) -> tuple[str, ...]:
    content, *skipped = asked.split("\0")
    counts: dict[str, int] = {}
    for name in _folders(content):
        if name.startswith((".", "_")) or name in skipped:
            continue
        pages = _pages(os.path.join(content, name))
        if pages:
            counts[name] = pages
    if not counts:
        return ()
    return (max(counts, key=lambda name: (counts[name], name in _POST_WORDS)),)


def _pages(folder: str) -> int:
    """The Markdown files under ``folder`` whose names do not start with _."""
    count = 0
    for _, _, files in os.walk(folder):
        count += sum(
            1 for name in files if name.endswith(_ENDINGS) and not name.startswith("_")
        )
    return count


_PROBES: Final = {
    "read": _file_digest,
    "file": os.path.isfile,
    "dir": os.path.isdir,
    "folders": _folders,
    "section": _largest_section,
}


def still_current(noted: Iterable[Noted]) -> bool:
    """Whether every probe in ``noted`` would see the same again."""
    for kind, path, value in noted:
        probe = _PROBES.get(kind)
        if probe is None or probe(path) != value:
            return False
    return True
