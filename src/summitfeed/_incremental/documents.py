"""Executors of the one document assembler: here, or on every core.

:func:`summitfeed._render.document.document_pieces` makes each document.
Which runs it is the build's :class:`~summitfeed._incremental.policy.Mode`:
documents with many items not yet written are shared out over every
core, one format per core where it can; the rest is made here, around the
parts (head and tail) an earlier build made where the feed is the same.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any, Final

from summitfeed._cores import cores
from summitfeed._incremental.codec import Unreadable, checked_mapping, text
from summitfeed._incremental.policy import Mode
from summitfeed._model import Feed, FeedFormat
from summitfeed._parallel import run_in_workers, worker_shared
from summitfeed._render.document import (
    Fragments,
    document_parts,
    document_pieces,
    document_tasks,
    head_key,
)
from summitfeed._render.parts import DocumentParts, Fragment
from summitfeed._render.preview import preview_documents
from summitfeed._write.files import FileContent


def render_documents(
    feeds: Sequence[Feed],
    *,
    formats: Sequence[FeedFormat],
    mode: Mode,
    fragments: Fragments,
    heads: MutableMapping[str, DocumentParts],
) -> dict[str, FileContent]:
    """Every document of ``feeds`` in ``formats`` (by path; some as their
    pieces).

    Items in ``fragments`` (rendered before) are not rendered again; those
    rendered now are added. The parts of each document but for its items
    are taken from ``heads`` (by :func:`head_key`) where they are; those
    made now are added. Documents with many items not in ``fragments``
    (``mode.renders_in_parallel``) are rendered on every core, a format per core
    where there are enough; the others here.
    """
    tasks = document_tasks(feeds, formats)
    if feeds and mode.renders_in_parallel(_unwritten(tasks, fragments)):
        rendered = _on_every_core(tasks, fragments, mode)
    else:
        rendered = [_assembled(task, fragments, heads) for task in tasks]
    documents: dict[str, FileContent] = {
        feed.file_name(fmt): data
        for (feed, fmt), data in zip(tasks, rendered, strict=True)
    }
    if feeds and feeds[0].site.preview:
        documents.update(preview_documents(feeds, formats=formats))
    return documents


def _assembled(
    task: tuple[Feed, FeedFormat],
    fragments: Fragments,
    heads: MutableMapping[str, DocumentParts],
) -> tuple[Fragment, ...]:
    """One document, around the parts made for an earlier build when its
    feed is the same but for its items: the feed writers (feedgen, lxml)
    are then not even loaded."""
    key = head_key(task)
    parts = heads.get(key)
    if parts is None:
        parts = heads[key] = document_parts(task)[0]
    return document_pieces(task, fragments, parts=parts)


def heads_from(value: Any) -> dict[str, DocumentParts]:
    """The ``heads`` store: each document's parts but for its items, by key."""
    return checked_mapping(value, text, _parts_from)


def _parts_from(value: Any) -> DocumentParts:
    if type(value) is not tuple or len(value) != 3:
        raise Unreadable("a document's parts")
    if not all(type(part) is bytes for part in value):
        raise Unreadable("a document's parts")
    return DocumentParts(*value)


def _on_every_core(
    tasks: Sequence[tuple[Feed, FeedFormat]], fragments: Fragments, mode: Mode
) -> list[FileContent]:
    """The documents of ``tasks``, rendered in groups of about equal cost,
    one group per core, each as its pieces."""
    groups = _balanced_groups(tasks, count=cores())
    results = run_in_workers(
        _render_shared_group,
        range(len(groups)),
        site=tasks[0][0].site,
        shared=(tasks, groups, fragments),
        at_least=2,  # (groups: the policy chose this already)
        fork=mode.fork,
    )
    by_task = {
        number: data
        for group, datas in zip(groups, results, strict=True)
        for number, data in zip(group, datas, strict=True)
    }
    return [by_task[number] for number in range(len(tasks))]


# Rendering time per item of each format, relative to RSS (as measured on the
# benchmark's articles: benchmarks/README.md, "Figures behind the code").
_FORMAT_COST: Final[Mapping[str, float]] = {"rss": 1.0, "atom": 0.82, "json": 0.7}


def _balanced_groups(
    tasks: Sequence[tuple[Feed, FeedFormat]], *, count: int
) -> list[list[int]]:
    """The tasks' numbers in ``count`` groups of about equal rendering time.

    Largest first, each to the least loaded group: RSS, Atom and JSON of one
    large feed on two cores become RSS | Atom + JSON, not RSS + JSON | Atom.
    """
    groups: list[list[int]] = [[] for _ in range(count)]
    loads = [0.0] * count
    costs = [len(feed.items) * _FORMAT_COST[fmt] for feed, fmt in tasks]
    for number in sorted(range(len(tasks)), key=lambda n: -costs[n]):
        least = loads.index(min(loads))
        groups[least].append(number)
        loads[least] += costs[number]
    return [group for group in groups if group]


def _render_shared_group(number: int) -> list[tuple[bytes, ...]]:
    """Render group ``number`` of the documents the workers share (no pickling),
    each as its pieces."""
    shared = worker_shared()
    assert isinstance(shared, tuple)
    tasks: list[tuple[Feed, FeedFormat]] = shared[0]
    groups: list[list[int]] = shared[1]
    have: Fragments = shared[2]
    return [
        tuple(bytes(piece) for piece in document_pieces(tasks[task], have))
        for task in groups[number]
    ]


def _unwritten(tasks: Sequence[tuple[Feed, FeedFormat]], have: Fragments) -> int:
    """How many items of these documents are not in ``have`` yet."""
    return sum(
        item.article.source not in have.get(fmt, {})
        for feed, fmt in tasks
        for item in feed.items
    )
