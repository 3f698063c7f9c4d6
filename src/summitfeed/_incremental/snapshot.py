"""A build with nothing changed, recognised from the file listing alone.

After a build that wrote its documents (or found them current), the cache
keeps a snapshot: a digest of every article file's path, size and time and of
the build's options, the local images the articles used, the output files'
sizes and times, and what the build reported. The next build whose listing,
images and output files are the same, and for which no future article's date
has come, reports the same (:mod:`summitfeed._build`): a walk of the folder
and nothing more.

A file changed within the clock's resolution of its reading could change
again keeping its size and time: its time is left out of the digest and its
bytes are compared with the hash kept instead.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from summitfeed._dates import micros
from summitfeed._errors import ArticleError
from summitfeed._incremental.codec import (
    Unreadable,
    counts_from,
    error_from,
    error_plain,
    text,
    texts,
    whole,
)
from summitfeed._incremental.stamps import Inputs, listing_digest
from summitfeed._model import Request
from summitfeed._read.discover import Listing

if TYPE_CHECKING:
    from summitfeed._incremental.index import FileState

__all__ = ["Snapshot"]


class Snapshot(NamedTuple):
    """What a build read and wrote (``inputs``), the key of the articles its
    documents were made from (``documents``), and what it reported: the one
    record a next build checks to know that nothing changed."""

    inputs: Inputs
    documents: str
    counts: Mapping[str, int]  # output file: items
    articles: int
    warnings: tuple[str, ...]
    skipped: tuple[ArticleError, ...]

    @property
    def outputs(self) -> Mapping[str, tuple[int, int]]:
        return self.inputs.outputs

    def plain(self) -> tuple[object, ...]:
        """As the cache keeps it: plain values only."""
        return (
            tuple(self.inputs),
            self.documents,
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
        inputs, documents, counts, articles, warnings, skipped = value
        try:
            checked = Inputs.checked(inputs)
        except ValueError:
            raise Unreadable("a snapshot's inputs") from None
        if type(skipped) is not tuple:
            raise Unreadable("a snapshot's problems")
        return cls(
            checked,
            text(documents),
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
        return self.inputs.unchanged(
            listing, options=options, now=now, out_root=out_root
        )


def request_options(request: Request) -> str:
    """The options of ``request`` as its snapshot records them."""
    return build_options(
        include_drafts=request.include_drafts,
        include_future=request.include_future,
        lenient=request.lenient,
        out_root=request.out_root,
    )


def build_options(
    *, include_drafts: bool, include_future: bool, lenient: bool, out_root: Path
) -> str:
    """The build's options as its snapshot records them (with the working folder)."""
    return repr(
        (include_drafts, include_future, lenient, str(Path.cwd()), str(out_root))
    )


def output_stamps(
    out_root: Path, documents: Mapping[str, object]
) -> dict[str, tuple[int, int]]:
    """Size and change time of each output file, as just written."""
    stamps: dict[str, tuple[int, int]] = {}
    for name in documents:
        try:
            stat = os.stat(out_root / name)
        except OSError:
            continue
        stamps[name] = (stat.st_size, stat.st_ctime_ns)
    return stamps


SnapshotInputs = tuple[
    str, tuple[tuple[str, str], ...], int | None, tuple[tuple[str, str, int], ...]
]


def snapshot_inputs(
    states: Sequence[FileState],
    listing: Listing,
    *,
    options: str,
    now: dt.datetime,
    include_drafts: bool,
    include_future: bool,
) -> SnapshotInputs:
    """What the next build checks of the inputs to know that nothing changed:
    the listing's digest, the files read too recently to trust their time,
    when the first future article comes due, and the local images used."""
    moment = micros(now)
    # A future article a feed would hold once its date comes.
    from summitfeed._render.select import Selection

    later = Selection(moment, include_drafts, include_future=True)
    racy: list[tuple[str, str]] = []
    images: set[tuple[str, str, int]] = set()
    due = []
    for state in states:  # one pass: a site may have 100,000 files
        if state.mtime_ns < 0:
            racy.append((state.source, state.digest))
        if state.images:
            images.update(state.images)
        if state.published > moment and not include_future and later.admits(state):
            due.append(state.published)
        if state.expires is not None and state.expires >= moment:
            # Left out from the first instant past its expiry: what a feed
            # holds (or a warning says) then changes.
            due.append(state.expires + 1)
    digest = listing_digest(
        listing, racy=[display for display, _ in racy], options=options
    )
    valid_until = min(due) if due else None
    return digest, tuple(racy), valid_until, tuple(sorted(images))
