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
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, NamedTuple

from summitfeed._cli.quick import inputs_current, outputs_unchanged
from summitfeed._errors import ArticleError
from summitfeed._incremental.codec import (
    Unreadable,
    counts_from,
    error_from,
    error_plain,
    output_stamps_from,
    pairs,
    text,
    texts,
    whole,
)

__all__ = ["Snapshot", "micros"]

_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND: Final = dt.timedelta(microseconds=1)


def micros(moment: dt.datetime) -> int:
    """An instant as whole microseconds: exact, and ordered as the instants are."""
    return (moment - _EPOCH) // _MICROSECOND


class Snapshot(NamedTuple):
    """What a build read and wrote, as the next build can check it quickly."""

    listing: str  # listing_digest() of the files and the build's options
    racy: tuple[tuple[str, str], ...]  # files (path, hash) whose time is not trusted
    valid_until: int | None  # microseconds: when a future article comes due
    images: tuple[tuple[str, str, int], ...]  # local images looked at: path, root, size
    outputs: Mapping[str, tuple[int, int]]  # output file: size, time (ns)
    counts: Mapping[str, int]  # output file: items
    articles: int
    warnings: tuple[str, ...]
    skipped: tuple[ArticleError, ...]

    def plain(self) -> tuple[object, ...]:
        """As the cache keeps it: plain values only."""
        return (
            *self[:4],
            dict(self.outputs),
            dict(self.counts),
            self.articles,
            self.warnings,
            tuple(error_plain(error) for error in self.skipped),
        )

    @classmethod
    def from_plain(cls, value: Any) -> Snapshot:
        """The snapshot :meth:`plain` made ``value`` from, each part checked."""
        if type(value) is not tuple or len(value) != len(cls._fields):
            raise Unreadable("a snapshot")
        listing, racy, valid_until, images, outputs, counts, articles, *rest = value
        warnings, skipped = rest
        if valid_until is not None:
            whole(valid_until)
        pairs(racy, text, text)
        if type(images) is not tuple:
            raise Unreadable("a snapshot's images")
        for image in images:
            if type(image) is not tuple or len(image) != 3:
                raise Unreadable("an image")
            text(image[0])
            text(image[1])
            whole(image[2])
        if type(skipped) is not tuple:
            raise Unreadable("a snapshot's problems")
        return cls(
            text(listing),
            racy,
            valid_until,
            images,
            output_stamps_from(outputs),
            counts_from(counts),
            whole(articles),
            texts(warnings),
            tuple(error_from(error) for error in skipped),
        )

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
        return inputs_current(
            listing,
            digest=self.listing,
            racy=self.racy,
            images=self.images,
            options=options,
        ) and outputs_unchanged(out_root, self.outputs)
