"""Part of the quick check's walk run in a forked process, beside this one.

Telling that nothing changed in a large site is one walk of its content
folder, and the walk is mostly the system's reading of each file's status:
two processes reading half each finish sooner than one
(:func:`summitfeed._read.discover.list_sources` with ``beside``). The forked
process only reads: it walks its part, sends the listing and exits without
the interpreter's cleanup. Whatever goes wrong there (it cannot fork, it is
killed, what it sends is not a listing), the part is walked here, as before.
"""

from __future__ import annotations

import marshal
import os

from summitfeed._cores import can_fork, reap
from summitfeed._fs import write_all

TYPE_CHECKING = False  # (typing loads re, enum and more: see _lean)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Final, NoReturn

    from summitfeed._read.discover import Listing

__all__ = ["WALK_BESIDE_FROM", "walk_beside"]

WALK_BESIDE_FROM: Final = 2000
"""Article files (as the last build listed them) from which half the walk
is worth a process of its own."""


def walk_beside(walk: Callable[[], Listing]) -> Callable[[], Listing | None]:
    """Start ``walk()`` in a forked process; what waits for its listing
    (None when none came: the caller walks that part itself)."""
    if not can_fork():
        return _none
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return _none
    if pid == 0:  # pragma: no cover - runs in the forked process
        os.close(read_end)
        _serve(walk, write_end)
    os.close(write_end)

    def waiting() -> Listing | None:
        received = bytearray()
        try:
            while chunk := os.read(read_end, 1 << 20):
                received += chunk
        finally:
            os.close(read_end)
            status = reap(pid)
        return _listing(received) if status == 0 else None

    return waiting


def _none() -> None:
    return None


def _listing(received: bytearray) -> Listing | None:
    """What the forked process sent, if it is a listing."""
    try:
        listing = marshal.loads(received)
    except (EOFError, ValueError, TypeError):
        return None
    if type(listing) is not list:
        return None
    for entry in listing:
        if type(entry) is not tuple or len(entry) != 3:
            return None
        if (type(entry[0]), type(entry[1]), type(entry[2])) != (str, int, int):
            return None
    return listing


def _serve(
    walk: Callable[[], Listing], fd: int
) -> NoReturn:  # pragma: no cover - runs in the forked process
    code = 1
    try:
        write_all(fd, marshal.dumps(walk()))
        code = 0
    finally:
        os._exit(code)
