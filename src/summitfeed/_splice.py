"""A large build's items, taken again from the documents the last build wrote.

The cache keeps no fragments for large documents (a full archive's are
~226 MB for 10,000 articles, more to write than they save). But each written
document holds them: the cache keeps where each item is in each document it
wrote (``ranges``), and the next build, where a document is still as it was
written (same size and modification time) and an item is still the same
(same stamp), takes that item's bytes from the old file, mapped into memory,
instead of writing it again. After one edit of a full archive only the
changed item is written; the documents are still written whole.
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._cache import BuildCache
    from ._feed import Fragment
    from ._index import FileState, Stamp
    from ._model import Feed, FeedFormat
    from ._write import FileContent

__all__ = ["keep_ranges", "written_fragments"]

# name: (size, mtime_ns, format, {article path: (stamp, offset, length)})
_Ranges = dict[str, tuple[int, int, str, dict[str, tuple[object, int, int]]]]


def keep_ranges(
    cache: BuildCache,
    tasks: Sequence[tuple[Feed, FeedFormat]],
    documents: Mapping[str, FileContent],
    fragments: Mapping[str, Mapping[str, Fragment]],
    written: Mapping[str, tuple[int, int]],
    wanted: Sequence[FileState],
) -> None:
    """Keep where each item is in each document just written from its pieces.

    ``written`` is each output file's size and modification time, as
    written; ``fragments`` the items (by format, article path) the pieces
    were taken from.
    """
    stamps = {state.source: state.stamp for state in wanted}
    ranges: _Ranges = {}
    for feed, fmt in tasks:
        name = feed.file_name(fmt)
        pieces, stamp = documents.get(name), written.get(name)
        by_path = fragments.get(fmt, {})
        if not isinstance(pieces, tuple) or stamp is None:
            continue  # (written whole, or not written)
        # A piece is an item's when it is that very fragment object.
        paths = {id(by_path[item.article.source]): item.article.source
                 for item in feed.items if item.article.source in by_path}  # fmt: skip
        spans: dict[str, tuple[object, int, int]] = {}
        offset = 0
        for piece in pieces:
            path = paths.get(id(piece))
            if path is not None and path in stamps:
                spans[path] = (stamps[path], offset, len(piece))
            offset += len(piece)
        ranges[name] = (*stamp, fmt, spans)
    cache.save("ranges", ranges)


def written_fragments(
    cache: BuildCache, out_root: Path, wanted: Sequence[FileState]
) -> dict[str, dict[str, Fragment]]:
    """The wanted items (by format, article path) found unchanged in the
    documents the last build wrote, as views of those files."""
    if os.name != "posix":  # pragma: no cover - a mapped file cannot be replaced
        return {}
    ranges = cache.load("ranges", dict)
    if not ranges:
        return {}
    stamps: dict[str, Stamp] = {state.source: state.stamp for state in wanted}
    found: dict[str, dict[str, Fragment]] = {}
    try:
        for name, (size, mtime_ns, fmt, spans) in ranges.items():
            path = out_root / name
            try:
                info = path.stat()
                if (info.st_size, info.st_mtime_ns) != (size, mtime_ns) or not size:
                    continue
                with path.open("rb") as handle:
                    mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):
                continue
            view = memoryview(mapped)
            target = found.setdefault(fmt, {})
            for source, (stamp, offset, length) in spans.items():
                fits = offset + length <= size
                if fits and source not in target and stamps.get(source) == stamp:
                    target[source] = view[offset : offset + length]
    except (TypeError, ValueError):  # (not as this version keeps them)
        return {}
    return found
