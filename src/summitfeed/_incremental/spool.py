"""Shared memory that reading workers write item fragments into.

A full archive's items, written as their documents hold them, are about
three times the articles' size. Sent
back through pipes they were pickled, copied twice more and held again by
the build, and on the machine measured the kernel's work of giving a process
fresh memory is the larger part of such copies. Written instead into one
anonymous shared mapping made before the workers are forked, each fragment
crosses as two integers, and the output is written from views of it.

Each worker has its own equal part of the mapping; memory is only taken
where it is written. A fragment that does not fit is sent as bytes.
"""

from __future__ import annotations

import mmap
from typing import Final

__all__ = ["FragmentSpool", "Placed"]

Placed = tuple[int, int]
"""Where a fragment was written: its offset in the spool and its length."""

# Room for each worker, per byte of the articles it reads: the three
# fragments of an item are ~4x its article (escaped HTML, in three formats).
_ROOM_PER_INPUT_BYTE: Final = 12
_ROOM_AT_LEAST: Final = 4 << 20


class FragmentSpool:
    """One shared mapping, in equal parts for ``workers`` writers."""

    def __init__(self, input_bytes: int, *, workers: int) -> None:
        """Raises OSError (or OverflowError) where the memory cannot be mapped."""
        share = -(-input_bytes // workers)  # (rounded up)
        self._part = max(_ROOM_AT_LEAST, share * _ROOM_PER_INPUT_BYTE)
        flags = mmap.MAP_SHARED | getattr(mmap, "MAP_NORESERVE", 0)
        self._workers = workers
        self._memory = mmap.mmap(-1, self._part * workers, flags=flags)
        self._used = 0  # (by this process: each worker has its own count)
        self._view: memoryview | None = None

    def place(self, worker: int, data: bytes) -> Placed | bytes:
        """Write ``data`` into ``worker``'s part; where it is, or ``data``
        itself when the part is full."""
        if self._used + len(data) > self._part or not 0 <= worker < self._workers:
            return data
        start = worker * self._part + self._used
        self._memory[start : start + len(data)] = data
        self._used += len(data)
        return start, len(data)

    def view(self, placed: Placed | bytes) -> memoryview | bytes:
        """The fragment :meth:`place` wrote (a view of the shared memory)."""
        if isinstance(placed, bytes):
            return placed
        if self._view is None:
            self._view = memoryview(self._memory).toreadonly()
        start, length = placed
        return self._view[start : start + length]
