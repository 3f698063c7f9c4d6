"""A build with nothing changed, recognised from the file listing alone.

After a build that wrote its documents (or found them current), the cache
keeps a snapshot: a digest of every article file's path, size and time and of
the build's options, the local images the articles used, the output files'
sizes and times, and what the build reported. The next build whose listing,
images and output files are the same, and for which no future article's date
has come, reports the same without loading anything else: on a site of
10,000 articles that is a walk of the folder and nothing more.

A file changed within the clock's resolution of its reading could change
again keeping its size and time: its time is left out of the digest and its
bytes are compared with the hash kept instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ._errors import ArticleError

__all__ = [
    "RACY_NS",
    "Snapshot",
    "file_digest",
    "listing_digest",
    "micros",
    "outputs_unchanged",
]

RACY_NS: Final = 2_000_000_000  # a time this close to its reading is not trusted

_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND: Final = dt.timedelta(microseconds=1)


def micros(moment: dt.datetime) -> int:
    """An instant as whole microseconds: exact, and ordered as the instants are."""
    return (moment - _EPOCH) // _MICROSECOND


def file_digest(data: bytes) -> str:
    """The hash that stands for a file's bytes in the cache (SHA-256: the
    fastest strong hash where the processor computes it)."""
    return hashlib.sha256(data).hexdigest()


def listing_digest(
    listing: list[tuple[str, int, int]],
    *,
    racy: Iterable[str] = (),
    options: str,
) -> str:
    """A digest of the files (path, size, time; no time for ``racy`` ones)."""
    untrusted = set(racy)
    if untrusted:
        listing = [
            (display, size, -1 if display in untrusted else mtime_ns)
            for display, size, mtime_ns in listing
        ]
    digest = hashlib.sha256(options.encode("utf-8", "surrogatepass"))
    # A list of tuples of str and int: marshal writes it the same way every
    # time, in C, twice as fast as pickle (the cache key has Python's version).
    digest.update(marshal.dumps(listing))
    return digest.hexdigest()


def outputs_unchanged(out_root: Path, stamps: Mapping[str, tuple[int, int]]) -> bool:
    """Whether every output file still has the size and time recorded."""
    if not stamps:
        return False
    for name, stamp in stamps.items():
        try:
            stat = os.stat(out_root / name)
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != stamp:
            return False
    return True


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a build read and wrote, as the next build can check it quickly."""

    listing: str  # listing_digest() of the files and the build's options
    racy: tuple[tuple[str, str], ...]  # files (path, hash) whose time is not trusted
    valid_until: int | None  # microseconds: when a future article comes due
    images: tuple[tuple[str, int], ...]  # local images looked at, size or -1
    outputs: Mapping[str, tuple[int, int]]  # output file: size, time (ns)
    counts: Mapping[str, int]  # output file: items
    articles: int
    warnings: tuple[str, ...]
    skipped: tuple[ArticleError, ...]

    def is_current(
        self,
        listing: list[tuple[str, int, int]],
        *,
        options: str,
        now: int,
        out_root: Path,
    ) -> bool:
        """Whether a build now would read and write exactly what this one did."""
        if self.valid_until is not None and now >= self.valid_until:
            return False
        racy = [display for display, _ in self.racy]
        if listing_digest(listing, racy=racy, options=options) != self.listing:
            return False
        for path, size in self.images:
            try:
                now_size = os.stat(path).st_size
            except OSError:
                now_size = -1
            if now_size != size:
                return False
        for display, known in self.racy:
            try:
                with open(display, "rb") as handle:
                    if file_digest(handle.read()) != known:
                        return False
            except OSError:
                return False
        return outputs_unchanged(out_root, self.outputs)
