"""Executors of the one document assembler: here, on every core, or in the helper.

:func:`summitfeed._render.document.document_pieces` makes each document.
Which of the three runs it is the build's :class:`~summitfeed._incremental.
policy.Mode`: large documents with many items not yet written are shared
out over every core, one format per core where it can; small ones go to
the helper process when one was started; the rest is made here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Final, TypeVar

from summitfeed._incremental.helper import RenderHelper
from summitfeed._incremental.policy import Mode
from summitfeed._model import Feed, FeedFormat
from summitfeed._parallel import cores, run_in_workers, worker_shared
from summitfeed._render.document import (
    Fragments,
    document_pieces,
    document_tasks,
    render_document,
)
from summitfeed._render.preview import preview_documents
from summitfeed._write.files import FileContent

T = TypeVar("T")


def item_count(tasks: Sequence[tuple[Feed, FeedFormat]]) -> int:
    """How many items these documents hold in all."""
    return sum(len(feed.items) for feed, _ in tasks)


def render_documents(
    feeds: Sequence[Feed],
    *,
    formats: Sequence[FeedFormat],
    mode: Mode,
    helper: RenderHelper | None,
    fragments: Fragments,
    meanwhile: Callable[[], T],
) -> tuple[dict[str, FileContent], T]:
    """Every document of ``feeds`` in ``formats`` (by path; some as their
    pieces), and what ``meanwhile()`` returned: it runs while the helper
    renders, when there is one.

    Items in ``fragments`` (rendered before) are not rendered again; those
    rendered now are added. Small documents go to ``helper`` when there is
    one; large ones (``mode.is_large``) are made here from ``fragments``, or
    on every core when many of their items are not in it.
    """
    tasks = document_tasks(feeds, formats)
    documents: dict[str, FileContent] = {}
    rendered: list[FileContent] | None = None
    large = mode.is_large(item_count(tasks))
    # A helper gets the RSS and Atom documents; this process renders the JSON
    # ones meanwhile (they need no XML library loaded here). The helper is
    # told which items this process has fragments for, renders the others,
    # and sends back each document without its items: only what changed
    # crosses between the two.
    by_helper = [task for task in tasks if task[1] != "json"]
    have = fragments
    if helper is not None and feeds and not large:
        known: dict[str, set[str]] = {
            fmt: set(have.get(fmt, ())) for _, fmt in by_helper
        }
        helper.send(_without_known_content(by_helper, known), known)
    done_meanwhile = meanwhile()
    if not feeds:
        rendered = []
    elif large and mode.renders_in_parallel(_unwritten(tasks, have)):
        # Large documents with many items to write: one format per core.
        groups = _balanced_groups(tasks, count=cores())
        results = run_in_workers(
            _render_shared_group,
            range(len(groups)),
            site=feeds[0].site,
            shared=(tasks, groups, have),
            at_least=2,
            fork=mode.fork,
        )
        by_task = {
            number: data
            for group, datas in zip(groups, results, strict=True)
            for number, data in zip(group, datas, strict=True)
        }
        rendered = [by_task[number] for number in range(len(tasks))]
    elif helper is not None and not large:
        local = [render_document(task, have) for task in tasks if task[1] == "json"]
        from_helper = helper.receive()
        if from_helper is not None:
            heads, new_fragments = from_helper
            for fmt, new in new_fragments.items():
                have.setdefault(fmt, {}).update(new)
            xml = iter(
                parts.join([have[fmt][item.article.source] for item in feed.items])
                for (feed, fmt), parts in zip(by_helper, heads, strict=True)
            )
            json = iter(local)
            rendered = [next(json if fmt == "json" else xml) for _, fmt in tasks]
    if rendered is None:  # (here: no helper, it failed, or items mostly written)
        rendered = [document_pieces(task, have) for task in tasks]
    for (feed, fmt), data in zip(tasks, rendered, strict=True):
        documents[feed.file_name(fmt)] = data
    if feeds and feeds[0].site.preview:
        documents.update(preview_documents(feeds, formats=formats))
    return documents, done_meanwhile


def _without_known_content(
    tasks: Sequence[tuple[Feed, FeedFormat]], known: Mapping[str, set[str]]
) -> list[tuple[Feed, FeedFormat]]:
    """The tasks with the bodies of the items in ``known`` (for every format
    of ``tasks``) left out: the helper renders the rest of each document."""
    everywhere = set.intersection(*known.values()) if known else set()
    lighter: dict[int, Feed] = {}
    light = []
    for feed, fmt in tasks:
        if id(feed) not in lighter:
            items = tuple(
                replace(item, summary="", content_html=None)
                if item.article.source in everywhere
                else item
                for item in feed.items
            )
            lighter[id(feed)] = replace(feed, items=items)
        light.append((lighter[id(feed)], fmt))
    return light


# Rendering time per item, relative to RSS (measured: RSS 133, Atom 109 and
# JSON Feed 92 us per item of the benchmark's articles).
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
