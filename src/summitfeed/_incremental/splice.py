"""A build's items, taken again from the documents the last build wrote.

The cache keeps no store of fragments (a full archive's are about three
times the articles' size, and even a latest-50 feed's cost more to write
than to find again). Each written document holds them: the cache keeps
where each item is in each document it wrote (``ranges``), and the next
build, where a document is still the file it wrote (same size, device,
inode, modification and change time: summitfeed always writes a new file
and renames it, and no program can set a change time back) and an item is
still the same (same stamp), takes that item's bytes from the old file
instead of rendering it again. After one edit only the changed item goes
through the feed writers; the documents are still written whole.

The largest documents are mapped into memory, not read (a few, so as not to
hold a file descriptor for each of many archive pages). A mapped document
that another program truncated in place while the build ran would end it
with SIGBUS; summitfeed itself never writes a file in place.
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Mapping, Sequence
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from summitfeed._incremental.cache import BuildCache
    from summitfeed._incremental.index import FileState, Stamp
    from summitfeed._model import Feed, FeedFormat
    from summitfeed._render.parts import Fragment
    from summitfeed._write.files import FileContent

__all__ = ["keep_ranges", "written_fragments"]

# file name: (identity, format, {article path: (stamp, offset, length)})
_Ranges = dict[str, tuple[tuple[int, ...], str, dict[str, tuple[object, int, int]]]]

_MAPPED_AT_MOST: Final = 16  # documents mapped; smaller ones are read
_MAP_FROM: Final = 1 << 20  # bytes


_Identity = tuple[int, int, int, int, int]


def _identity(info: os.stat_result) -> _Identity:
    # (The change time cannot be set back: any write or utime() moves it.)
    return (info.st_size, info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns)


def file_identity(path: Path) -> _Identity | None:
    """A written file's size, device, inode, modification and change times."""
    try:
        return _identity(path.stat())
    except OSError:
        return None


def keep_ranges(
    cache: BuildCache,
    out_root: Path,
    tasks: Sequence[tuple[Feed, FeedFormat]],
    documents: Mapping[str, FileContent],
    wanted: Sequence[FileState],
) -> None:
    """Keep where each item is in each document just written from its pieces.

    A document's pieces are its head, each item (with a joiner piece between
    two, in JSON) and its tail (:meth:`summitfeed._render.parts.DocumentParts.pieces`).
    """
    stamps = {state.source: state.stamp for state in wanted}
    ranges: _Ranges = {}
    for feed, fmt in tasks:
        name = feed.file_name(fmt)
        pieces = documents.get(name)
        identity = file_identity(out_root / name)
        if not isinstance(pieces, tuple) or identity is None:
            continue  # (written whole, or not written)
        count = len(feed.items)
        if len(pieces) == count + 2:
            step = 1
        elif len(pieces) == 2 * count + 1:
            step = 2  # (a joiner between two items)
        else:  # pragma: no cover - not made by DocumentParts.pieces
            continue
        offsets = [0, *accumulate(map(len, pieces))]
        spans: dict[str, tuple[object, int, int]] = {
            path: (stamps[path], offsets[index], offsets[index + 1] - offsets[index])
            for index, path in zip(
                range(1, len(pieces), step),
                (item.article.source for item in feed.items),
                strict=False,
            )
            if path in stamps
        }
        ranges[name] = (identity, fmt, spans)
    cache.save("ranges", ranges)


def written_fragments(
    cache: BuildCache, out_root: Path, wanted: Sequence[FileState]
) -> dict[Stamp, dict[str, Fragment]]:
    """The wanted items (by stamp, then format) found unchanged in the
    documents the last build wrote."""
    if os.name != "posix":  # pragma: no cover - a mapped file cannot be replaced
        return {}
    from summitfeed._incremental.codec import ranges_from

    ranges = cache.load("ranges", ranges_from)
    if not ranges:
        return {}
    stamps: dict[str, Stamp] = {state.source: state.stamp for state in wanted}
    found: dict[Stamp, dict[str, Fragment]] = {}
    mapped = 0
    try:
        largest_first = sorted(ranges.items(), key=lambda entry: -entry[1][0][0])
        for name, (identity, fmt, spans) in largest_first:
            needed = [
                (stamp, offset, length)
                for source, (stamp, offset, length) in spans.items()
                if stamps.get(source) == stamp and fmt not in found.get(stamp, {})
            ]
            if not needed:
                continue
            opened = _open(out_root / name, identity, mapping=mapped < _MAPPED_AT_MOST)
            if opened is None:
                continue
            data, view = opened
            mapped += isinstance(data, mmap.mmap)
            # (Not one byte of an item is looked at here: touching the mapped
            # pages first made writing them out twice as slow, measured.)
            for stamp, offset, length in needed:
                if offset + length <= len(data):
                    found.setdefault(stamp, {})[fmt] = view[offset : offset + length]
    except (TypeError, ValueError, KeyError, IndexError):  # (not as kept now)
        return {}
    return found


def _open(
    path: Path, identity: tuple[int, ...], *, mapping: bool
) -> tuple[mmap.mmap | bytes, memoryview | bytes] | None:
    """The file as written (``identity``), mapped or read, and the view its
    items are taken from; None if it changed."""
    try:
        # (Without following a link or waiting on a FIFO planted in its place.)
        flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC
        with os.fdopen(os.open(path, flags), "rb") as handle:
            info = os.fstat(handle.fileno())
            if _identity(info) != tuple(identity) or not info.st_size:
                return None
            if mapping and info.st_size >= _MAP_FROM:
                memory = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
                return memory, memoryview(memory)
            data = handle.read()
    except (OSError, ValueError):
        return None
    return (data, data) if len(data) == identity[0] else None
