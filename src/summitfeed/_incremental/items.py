"""The feed items a build needs, and the fragments documents already hold.

An item is taken, in this order, from those rendered while the files were
read, from the cache (same file bytes, same images), else rendered now,
on every core when there are many. An item's fragment (its bytes in one
document format) is taken from those written while reading, else from the
documents the last build wrote (:mod:`summitfeed._incremental.splice`).

The command's build (``Mode.hollow_items``) holds its items without their
content, which their fragments hold; :func:`with_content`
renders again, from its file, any such item whose fragment is not found
(and every one, for a caller that reads the items).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from pathlib import Path
from typing import NamedTuple

from summitfeed._errors import ArticleError, BuildError
from summitfeed._incremental.cache import BuildCache
from summitfeed._incremental.index import FileState, Stamp, read_file
from summitfeed._incremental.policy import Mode
from summitfeed._model import Feed, FeedFormat, FeedItem, Site
from summitfeed._parallel import run_in_workers, worker_settings
from summitfeed._render.document import Fragments
from summitfeed._render.item import render_from_bytes
from summitfeed._render.parts import Fragment


def _item_in_worker(task: tuple[str, str]) -> tuple[Stamp, FeedItem] | ArticleError:
    """Read an article again and render it: what a worker does for a feed item.

    The item comes with the stamp of the bytes it was rendered from, which
    differs from the indexed one only if the file changed during the build.
    """
    display, root = task
    site, _ = worker_settings()
    state, outcome, data = read_file(display, site, root)
    if outcome is None:
        assert state.error is not None
        return state.error  # the file changed since it was indexed
    return state.stamp, render_from_bytes(outcome, data, site=site)


class Items(NamedTuple):
    """The feed item of each wanted file (by path), how many were rendered
    now, whether a file changed while the build ran (its item is used, never
    kept), the items the cache should keep (None: it has them, or a file
    changed while they were rendered again), the paths of the items that
    came without their content (their fragments hold it: see
    :func:`with_content`), and whether some were rendered again for lack
    of their fragments."""

    by_path: dict[str, FeedItem]
    rendered: int
    raced: bool
    to_keep: dict[Stamp, FeedItem] | None
    hollow: frozenset[str] = frozenset()
    refilled: bool = False


def gather_items(
    wanted: Sequence[FileState],
    *,
    site: Site,
    root: str,
    cache: BuildCache | None,
    fresh: Mapping[Stamp, FeedItem],
    fresh_hollow: Set[Stamp] = frozenset(),
    mode: Mode,
) -> Items:
    """The feed item of each wanted file.

    Items come from ``fresh`` (rendered while indexing; those of
    ``fresh_hollow`` without their content), else from the cache where the
    file and its images are unchanged, else are rendered now.
    """
    known: dict[Stamp, FeedItem] = {}
    hollow: Set[Stamp] = fresh_hollow
    if cache is not None:
        from summitfeed._incremental.codec import items_from

        kept = cache.load("items", items_from)
        if kept is not None:
            known = kept.items
            hollow = (kept.hollow - fresh.keys()) | fresh_hollow
    known.update(fresh)
    items: dict[Stamp, FeedItem] = {}
    missing: list[FileState] = []
    for state in wanted:
        item = known.get(state.stamp)
        if item is None:
            missing.append(state)
        else:
            items[state.stamp] = item
    tasks = [(state.source, root) for state in missing]
    results = run_in_workers(
        _item_in_worker,
        tasks,
        site=site,
        root=root,
        at_least=mode.read_in_parallel_from,
        fork=mode.fork,
    )
    problems = [result for result in results if isinstance(result, ArticleError)]
    if problems:
        raise BuildError(problems)
    changed: dict[str, FeedItem] = {}  # files that changed while this build ran
    for state, result in zip(missing, results, strict=True):
        assert not isinstance(result, ArticleError)
        stamp, item = result
        if stamp == state.stamp:
            items[stamp] = item
        else:
            changed[state.source] = item  # used now, never cached under a wrong key
    to_keep = items if cache is not None and (missing or fresh) else None
    rendered = len(missing) + sum(state.stamp in fresh for state in wanted)
    by_path = {stamp[0]: item for stamp, item in items.items()}
    empty = frozenset(stamp[0] for stamp in items if stamp in hollow)
    return Items(by_path | changed, rendered, bool(changed), to_keep, empty)


def with_content(
    items: Items,
    wanted: Sequence[FileState],
    documents: Iterable[tuple[Feed, FeedFormat]],
    fragments: Fragments,
    *,
    site: Site,
    root: str,
    mode: Mode,
    every: bool = False,
) -> Items:
    """``items``, where each wanted item that came without its content and
    lacks its fragment in the format of a document that holds it (or
    ``every`` one: the caller reads the items) rendered again from its file:
    the items without content that documents then hold have their
    fragments."""
    hollow = items.hollow
    unfound = {
        item.article.source
        for feed, fmt in documents
        for item in feed.items
        if item.article.source in hollow
        and (every or item.article.source not in fragments.get(fmt, {}))
    }
    lacking = [state for state in wanted if state.source in unfound]
    if not lacking:
        return items
    again = gather_items(lacking, site=site, root=root, cache=None, fresh={}, mode=mode)
    by_path = items.by_path | again.by_path
    to_keep = items.to_keep
    if again.raced:
        to_keep = None  # (the cache keeps what it had: no item under a wrong stamp)
    elif to_keep is None:  # (the cache had them all: some have their content now)
        to_keep = {state.stamp: by_path[state.source] for state in wanted}
    else:
        to_keep = to_keep | {
            state.stamp: again.by_path[state.source]
            for state in lacking
            if state.stamp in to_keep
        }
    return Items(
        by_path,
        items.rendered + again.rendered,
        items.raced or again.raced,
        to_keep,
        items.hollow - again.by_path.keys(),
        refilled=True,
    )


def earlier_fragments(
    wanted: Sequence[FileState],
    *,
    fresh: Mapping[Stamp, Mapping[str, Fragment]],
    cache: BuildCache | None,
    out_root: Path,
    mode: Mode,
) -> Fragments:
    """The fragments the wanted files' items already have, by format then
    path: written while reading (``fresh``), else found in the documents
    written before."""
    earlier: Mapping[Stamp, Mapping[str, Fragment]] = {}
    if cache is not None and mode.splice:
        from summitfeed._incremental.splice import written_fragments

        earlier = written_fragments(cache, out_root, wanted)
    store = {**earlier, **fresh}
    fragments: Fragments = {}
    for state in wanted:
        for fmt, xml in store.get(state.stamp, {}).items():
            fragments.setdefault(fmt, {})[state.source] = xml
    return fragments


def keep_items(cache: BuildCache | None, items: Items, *, hollow: bool) -> None:
    """Keep the items a build rendered for the next one: without their
    content those that came so and, when ``hollow`` (the documents written
    hold it, and the splice finds it there), all (the next build renders
    again from its file any item whose fragment it does not find). A build
    that did not find some fragments keeps the others whole: the documents
    written may not be found next time either (changed after each build,
    say)."""
    if cache is not None and items.to_keep is not None:
        from summitfeed._incremental.codec import items_plain

        to_keep, empty = items.to_keep, items.hollow
        hollow = hollow and not items.refilled

        def kept_hollow(item: FeedItem) -> bool:
            if item.article.source in empty:
                return True
            return hollow and item.content_html is not None

        cache.save("items", lambda: items_plain(to_keep, kept_hollow))
