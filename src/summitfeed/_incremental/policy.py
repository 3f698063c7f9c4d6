"""Which way a build goes, decided once, at its start, in one place.

Every way gives the same bytes (tests/test_path_matrix.py builds through
each); they differ in what they spend. :func:`decide` makes the one
:class:`Mode` a build follows; the stages ask it, and tests choose a way by
giving another.

=============================  =========================================
the build                      when (the Mode's test)
=============================  =========================================
reads on every core            ``reads_in_parallel``: that many files to
                               read, and forking is possible
renders each item as read      ``every_article``: a full feed, archives or
(and writes its fragments)     tag feeds, so every article is rendered
fragments in shared memory     ``spool``, while reading on every core
documents from fragments of    ``splice``: the items of each document
the files written before       written before are found in it again
documents on every core        ``renders_in_parallel``: documents with
                               that many items not yet written
files written by threads       ``threads_write_from``: that many bytes
items without their content    ``hollow_items``: the caller reads no
(sent, kept: the fragments     items of the report (the command), and
hold it)                       the documents written are found again
                               (the splice: POSIX)
=============================  =========================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Final

from summitfeed._cores import can_fork
from summitfeed._model import Site
from summitfeed._parallel import PARALLEL_FROM
from summitfeed._render.plan import renders_every_article
from summitfeed._write.files import THREADS_FROM

READ_IN_PARALLEL_FROM: Final = PARALLEL_FROM
"""Files to read (or items to render again from their files) below which
starting workers costs more than it saves."""

RENDER_IN_PARALLEL_FROM: Final = 400
"""Items of documents not yet written from which they are rendered on every
core."""


@dataclass(frozen=True, slots=True)
class Mode:
    """The ways one build takes (see the module's table)."""

    every_article: bool
    fork: bool
    hollow_items: bool = False
    spool: bool = True
    splice: bool = True
    read_in_parallel_from: int = READ_IN_PARALLEL_FROM
    render_in_parallel_from: int = RENDER_IN_PARALLEL_FROM
    threads_write_from: int = THREADS_FROM

    def reads_in_parallel(self, files: int) -> bool:
        return self.fork and files >= self.read_in_parallel_from

    def renders_in_parallel(self, unwritten: int) -> bool:
        return self.fork and unwritten >= self.render_in_parallel_from


def decide(site: Site, *, reports_items: bool = True) -> Mode:
    """The mode of a build of ``site`` from this process, now; one whose
    caller reads the items of its report (``BuildReport.feeds``, the
    library's) keeps every item whole."""
    return Mode(
        every_article=renders_every_article(site),
        fork=can_fork(),
        hollow_items=not reports_items and os.name == "posix",
    )
