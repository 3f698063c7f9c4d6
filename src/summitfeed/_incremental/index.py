"""The build's read stage: every article file read once, on every core where
the policy says so, and taken from the cache where it did not change.

Reading and checking one file is :func:`summitfeed._read.files.read_checked`;
this module makes the index of a build from it: for each file a small
:class:`FileState` with the fields that choose and order articles (dates, id,
URL, draft, ``feed``, expiry), its problem if it has one, and what it depended
on (size, time, a hash of its bytes, the local images it looked at). The
checked articles themselves are not kept: only the few that enter a feed are
read again and rendered, so memory stays small on a site of 100,000 articles.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import (
    TYPE_CHECKING,
    Any,
    Final,
    NamedTuple,
    cast,
)

from summitfeed._cores import cores
from summitfeed._dates import micros
from summitfeed._errors import ArticleError
from summitfeed._fs import RACY_NS, file_digest, image_size, read_article_file
from summitfeed._incremental.cache import BuildCache
from summitfeed._incremental.codec import (
    Unreadable,
    error_from,
    error_plain,
    text,
    texts,
)
from summitfeed._incremental.policy import Mode
from summitfeed._model import FeedFormat, FeedItem, Site, without_content
from summitfeed._parallel import (
    _WORKER,
    Progress,
    map_and_finish,
    worker_settings,
    worker_shared,
)
from summitfeed._read.discover import Listing
from summitfeed._read.files import read_checked
from summitfeed._render.item import render_from_bytes
from summitfeed._render.select import Selection

if TYPE_CHECKING:
    from summitfeed._incremental.spool import FragmentSpool, Placed
    from summitfeed._read.normalize import Normalized
    from summitfeed._render.parts import Fragment


Stamp = tuple[str, str, tuple[tuple[str, str, int], ...]]
"""(path, hash of its bytes, local images and sizes): what an article depends on."""


class FileState(NamedTuple):
    """One article file as last read: what chooses it, and what it depended on.

    A named tuple, so that many cross between processes and into the cache
    as plain tuples (see :func:`_states_from`).
    """

    source: str
    size: int
    mtime_ns: int  # its change time (st_ctime_ns); -1: too recent to trust
    digest: str
    images: tuple[tuple[str, str, int], ...]  # local images looked at: path, root, size
    error: ArticleError | None = None
    id: str = ""
    url: str = ""
    published: int = 0  # microseconds since 1970, UTC
    updated: int = 0
    draft: bool = False
    in_feeds: bool = True
    warnings: tuple[str, ...] = ()
    expires: int | None = None  # microseconds since 1970, UTC; None: never

    @property
    def stamp(self) -> Stamp:
        """What the file's article is a function of (with the settings)."""
        return (self.source, self.digest, self.images)


def _states_from(rows: Iterable[tuple[object, ...]]) -> list[FileState]:
    """States from plain tuples, as sent by workers (no class: much faster)."""
    return [FileState._make(row) for row in rows]


def state_plain(state: FileState) -> tuple[object, ...]:
    """A state as the cache keeps it: plain values only."""
    if state.error is None:
        return tuple(state)
    return (*state[:_ERROR], error_plain(state.error), *state[_ERROR + 1 :])


class _StateReader:
    """Reads states back as :func:`state_plain` wrote them (the ``changes``
    store's rows; the parts of the ``articles`` store's columns), each field
    checked, and each part that several share once: the work is linear in
    the stored bytes, however often a part is referred to (see
    :func:`summitfeed._incremental.codec.check_spread`, which a store read
    so needs not walk)."""

    def __init__(self) -> None:
        self._states: dict[int, FileState] = {}
        self._errors: dict[int, ArticleError] = {}
        # The images and the warnings tuples seen, each as what it was seen
        # as: one tuple may not pass as the other.
        self._images: set[int] = set()
        self._warnings: set[int] = set()

    def state(self, row: Any) -> FileState:
        """The state :func:`state_plain` made ``row`` from.

        Raises:
            ValueError: ``row`` is not one.
        """
        known = self._states.get(id(row))
        if known is not None:
            return known
        if type(row) is not tuple or len(row) != _STATE_FIELDS:
            raise Unreadable("a file's state")
        if tuple(map(type, row)) not in _STATE_SIGNATURES:  # (one look-up a row)
            raise Unreadable("a file's state of other kinds")
        images, error, warnings = row[_IMAGES], row[_ERROR], row[_WARNINGS]
        if images:
            self.images(images)
        if warnings:
            self.warnings(warnings)
        if error is None:
            state = FileState._make(row)
        else:
            problem = self.error(error)
            state = FileState._make((*row[:_ERROR], problem, *row[_ERROR + 1 :]))
        self._states[id(row)] = state
        return state

    def images(self, value: tuple[Any, ...]) -> None:
        """Check a state's images (each tuple once)."""
        if id(value) not in self._images:
            _check_images(value)
            self._images.add(id(value))

    def warnings(self, value: tuple[Any, ...]) -> None:
        """Check a state's warnings (each tuple once)."""
        if id(value) not in self._warnings:
            texts(value)
            self._warnings.add(id(value))

    def error(self, value: Any) -> ArticleError:
        """The problem :func:`error_plain` made ``value`` from (each once)."""
        known = self._errors.get(id(value))
        if known is None:
            if type(value) is tuple and len(value) == 6 and type(value[5]) is tuple:
                for other in value[5]:
                    self.error(other)  # (each shared one once, below)
            known = self._errors[id(value)] = error_from(value, self._errors)
        return known


def _check_images(images: tuple[Any, ...]) -> None:
    for image in images:
        if type(image) is not tuple or len(image) != 3:
            raise Unreadable("an image looked at")
        if type(image[0]) is not str or type(image[1]) is not str:
            raise Unreadable("an image looked at")
        if type(image[2]) is not int:
            raise Unreadable("an image looked at")


def states_plain(states: Iterable[FileState]) -> tuple[tuple[object, ...], ...]:
    """The ``articles`` store: every state, as one tuple of plain values per
    field (a column each: read back with a check of each column's kinds,
    not of each state's)."""
    columns = tuple(zip(*states, strict=True)) or tuple(() for _ in FileState._fields)
    errors = columns[_ERROR]
    if errors.count(None) == len(errors):
        return columns
    plain = tuple(None if error is None else error_plain(error) for error in errors)
    return (*columns[:_ERROR], plain, *columns[_ERROR + 1 :])


def states_from(columns: Any) -> list[FileState]:
    """The states :func:`states_plain` made ``columns`` from.

    Each column's kinds are checked at once; the images, warnings and
    problems, where a state has them, by :class:`_StateReader` (each shared
    part once).
    """
    if type(columns) is not tuple or len(columns) != _STATE_FIELDS:
        raise Unreadable("the states")
    count = len(columns[0]) if type(columns[0]) is tuple else -1
    for name, column in zip(FileState._fields, columns, strict=True):
        if type(column) is not tuple or len(column) != count:
            raise Unreadable("the states")
        if not set(map(type, column)) <= _COLUMN_KINDS[name]:
            raise Unreadable(f"a file's {name}")
    reader = _StateReader()
    for images in filter(None, columns[_IMAGES]):
        reader.images(images)
    for warnings in filter(None, columns[_WARNINGS]):
        reader.warnings(warnings)
    if columns[_ERROR].count(None) != count:
        problems = tuple(
            None if error is None else reader.error(error) for error in columns[_ERROR]
        )
        columns = (*columns[:_ERROR], problems, *columns[_ERROR + 1 :])
    return list(map(FileState._make, zip(*columns, strict=True)))


def changes_from(rows: Any) -> dict[str, FileState]:
    """The states of the ``changes`` store (read by :class:`_StateReader`)."""
    if type(rows) is not dict:
        raise Unreadable("the changed states")
    reader = _StateReader()
    return {text(display): reader.state(row) for display, row in rows.items()}


_STATE_FIELDS: Final = len(FileState._fields)
_IMAGES: Final = FileState._fields.index("images")
_ERROR: Final = FileState._fields.index("error")
_WARNINGS: Final = FileState._fields.index("warnings")
_PLAIN: Final = (str, int, bool, type(None))  # (a field not named below)
_STATE_KINDS: Final[Mapping[str, tuple[type, ...]]] = {
    "source": (str,),
    "size": (int,),
    "mtime_ns": (int,),
    "digest": (str,),
    "images": (tuple,),
    "error": (tuple, type(None)),
    "id": (str,),
    "url": (str,),
    "published": (int,),
    "updated": (int,),
    "draft": (bool,),
    "in_feeds": (bool,),
    "warnings": (tuple,),
    "expires": (int, type(None)),
}
_COLUMN_KINDS: Final = {
    name: frozenset(_STATE_KINDS.get(name, _PLAIN)) for name in FileState._fields
}
# Every sequence of value types a state may have, field by field.
_STATE_SIGNATURES: Final = frozenset(
    itertools.product(*(_STATE_KINDS.get(name, _PLAIN) for name in FileState._fields))
)


def _state(
    source: str,
    outcome: Normalized | ArticleError,
    *,
    size: int,
    mtime_ns: int,
    digest: str,
    images: tuple[tuple[str, str, int], ...] = (),
) -> FileState:
    if isinstance(outcome, ArticleError):
        # What the article says of its publication, though another field is
        # wrong: a problem in an article that is left out is only a warning.
        told = outcome.publication
        if told is None:
            return FileState(source, size, mtime_ns, digest, images, outcome)
        return FileState(
            source,
            size,
            mtime_ns,
            digest,
            images,
            outcome,
            draft=told.draft,
            in_feeds=told.in_feeds,
            expires=None if told.expires is None else micros(told.expires),
        )
    article = outcome.article
    return FileState(
        source,
        size,
        mtime_ns,
        digest,
        images,
        None,
        article.id,
        article.url,
        micros(article.published),
        micros(article.updated),
        article.draft,
        article.in_feeds,
        outcome.warnings,
        None if article.expires is None else micros(article.expires),
    )


def read_file(
    display: str, site: Site, root: str
) -> tuple[FileState, Normalized | None, bytes]:
    """Read and check one article file: its state, the article when it is
    good, and the bytes read (what the state describes)."""
    read = read_checked(display, site, root)
    if read.info is None:
        state = _state(display, read.outcome, size=-1, mtime_ns=0, digest="")
        return state, None, b""
    # A file changed within the clock's resolution of this read could change
    # again keeping its size and time: record no time, so the next build
    # compares its bytes instead of trusting them.
    changed = read.info.st_ctime_ns
    state = _state(
        display,
        read.outcome,
        size=read.info.st_size,
        mtime_ns=changed if changed < _racy_limit() else -1,
        digest=file_digest(read.data),
        images=read.images,
    )
    good = None if isinstance(read.outcome, ArticleError) else read.outcome
    return state, good, read.data


class RenderPlan(NamedTuple):
    """Which articles a build will render while it reads them.

    ``best == 0``: every article ``rule`` admits (full archives), each as it
    is read. ``best > 0``: only the first ``best`` in feed order of each
    worker's share, when the share is read (the feed holds the first
    ``limit`` of all, so it is among them unless duplicates are dropped).
    """

    rule: Selection
    best: int = 0
    # With best == 0: the document formats each item is also written in as it
    # is rendered (it goes into every document as it is; see DocumentParts).
    formats: tuple[FeedFormat, ...] = ()
    # Whether an item written so is sent without its content (Mode.hollow_items).
    hollow: bool = False


_Row = tuple[object, ...]  # a FileState as a plain tuple


# An item as each document format writes it: bytes, or where in the spool.
_Fragments = Mapping[str, "Placed | bytes"]


def _read_shared() -> tuple[RenderPlan | None, FragmentSpool | None]:
    """The plan and fragment spool of the read_index() call served."""
    shared = worker_shared()
    if not isinstance(shared, tuple):
        return None, None
    plan, spool = shared
    return plan, spool


def _state_in_worker(display: str) -> tuple[_Row, FeedItem | None, _Fragments]:
    """Index one file; render its item too when the build's plan wants all,
    and write it in the plan's document formats (the item is then sent
    without its content, which its fragments hold, if the plan says so)."""
    site, root = worker_settings()
    state, outcome, data = read_file(display, site, root)
    plan, spool = _read_shared()
    if outcome is None or plan is None or plan.best or not plan.rule.admits(state):
        return tuple(state), None, {}
    item = render_from_bytes(outcome, data, site=site)
    if not plan.formats:
        return tuple(state), item, {}
    from summitfeed._render.document import render_fragments

    fragments = render_fragments(item, plan.formats, site)
    if plan.hollow:
        item = without_content(item)
    worker = _WORKER.get("number")
    if spool is None or not isinstance(worker, int):
        return tuple(state), item, fragments
    placed = {fmt: spool.place(worker, data) for fmt, data in fragments.items()}
    return tuple(state), item, placed


def _render_best(
    results: list[tuple[_Row, FeedItem | None, _Fragments]],
) -> list[tuple[Stamp, FeedItem]]:
    """A worker's last step: render the best of its share (``RenderPlan.best``).

    Each item comes with the stamp of the bytes it was rendered from.
    """
    plan, _ = _read_shared()
    if plan is None or not plan.best:
        return []
    site, root = worker_settings()
    rendered: list[tuple[Stamp, FeedItem]] = []
    states = _states_from(row for row, _, _ in results)
    for state in plan.rule.newest_first(states, plan.best):
        again, outcome, data = read_file(state.source, site, root)
        if outcome is not None:
            rendered.append((again.stamp, render_from_bytes(outcome, data, site=site)))
    return rendered


def _racy_limit() -> int:
    # A file changed within the same clock tick as its last read could keep
    # its size and time: only trust times older than two seconds.
    return time.time_ns() - RACY_NS


class _ImagesSeen:
    """Whether the images states name are as they were: each image looked at
    once, and each tuple of them (a store may share one among many states)
    checked once."""

    def __init__(self) -> None:
        self._sizes: dict[tuple[str, str], int] = {}
        self._tuples: dict[int, bool] = {}

    def unchanged(self, images: tuple[tuple[str, str, int], ...]) -> bool:
        known = self._tuples.get(id(images))
        if known is None:
            known = self._tuples[id(images)] = all(
                self._size(path, root) == size for path, root, size in images
            )
        return known

    def _size(self, path: str, root: str) -> int:
        found = self._sizes.get((path, root))
        if found is None:
            found = self._sizes[path, root] = image_size(path, root)
        return found


def _still_valid(
    state: FileState, size: int, mtime_ns: int, images: _ImagesSeen
) -> FileState | None:
    """``state`` (with the file's new size and time) if the file did not change."""
    if not images.unchanged(state.images):
        return None
    if state.size == size and state.mtime_ns == mtime_ns:
        return state
    try:
        _, data = read_article_file(state.source)
    except OSError:
        return None
    if file_digest(data) != state.digest:
        return None
    trusted = mtime_ns if mtime_ns < _racy_limit() else -1
    return state._replace(size=size, mtime_ns=trusted)


class Index(NamedTuple):
    """Every article file's state, in path order, and how many came from the
    cache; the items rendered while reading, and those written in document
    formats (RenderPlan.formats), by stamp. An item written so comes without
    its content where the plan says (``RenderPlan.hollow``): its fragments
    hold it."""

    states: tuple[FileState, ...]
    cached: int
    items: Mapping[Stamp, FeedItem] = MappingProxyType({})
    fragments: Mapping[Stamp, Mapping[str, Fragment]] = MappingProxyType({})


def read_index(
    root: str,
    listing: Listing,
    *,
    site: Site,
    cache: BuildCache | None,
    mode: Mode,
    plan: RenderPlan | None = None,
    progress: Progress | None = None,
) -> Index:
    """The state of every article file of ``listing`` (found under ``root``),
    read again only where it changed.

    With a ``plan``, the files read are also rendered when the plan wants
    them (``Index.items``), saving a second reading of each.
    """
    known, changes = _cached_states(cache)
    states, missing, refreshed = _reused_states(listing, known)
    rows, finished, spool = _read_files(
        missing, listing, root=root, site=site, mode=mode, plan=plan, progress=progress
    )
    items: dict[Stamp, FeedItem] = {}
    fragments: dict[Stamp, dict[str, Fragment]] = {}
    for display, (row, item, written) in zip(missing, rows, strict=True):
        state = states[display] = FileState._make(row)
        if item is not None:
            items[state.stamp] = item
        if written:
            fragments[state.stamp] = {
                fmt: _received(data, spool) for fmt, data in written.items()
            }
    for best in finished:
        items.update(best)
    read = cast(dict[str, FileState], states)  # (every file has its state now)
    if cache is not None:
        _save_states(cache, read, known, changes, missing + refreshed)
    return Index(
        states=tuple(read.values()),
        cached=len(read) - len(missing),
        items=items,
        fragments=fragments,
    )


def _cached_states(
    cache: BuildCache | None,
) -> tuple[dict[str, FileState], dict[str, FileState]]:
    """The states the last build kept, by path (with the changes applied),
    and the changes saved since all were."""
    if cache is None:
        return {}, {}
    stored = cache.load("articles", states_from, walks_once=True) or ()
    known = {state.source: state for state in stored}
    changes: dict[str, FileState] = {}
    if known:  # (changes apply over a base of all states)
        changes = cache.load("changes", changes_from, walks_once=True) or {}
    known.update(changes)
    return known, changes


def _reused_states(
    listing: Listing, known: Mapping[str, FileState]
) -> tuple[dict[str, FileState | None], list[str], list[str]]:
    """The state of each listed file, in listing order, where the file did
    not change (None where it must be read: those are the second list); the
    third lists those unchanged whose size or time did."""
    states: dict[str, FileState | None] = {}
    missing: list[str] = []
    refreshed: list[str] = []
    images = _ImagesSeen()
    for display, size, mtime_ns in listing:
        state = known.get(display)
        if (
            state is not None
            and state.mtime_ns == mtime_ns
            and state.size == size
            and not state.images
        ):
            states[display] = state  # the common case, without a call
            continue
        if state is not None:
            if size < 0:
                state = None
            else:
                valid = _still_valid(state, size, mtime_ns, images)
                if valid is not None and valid is not state:
                    refreshed.append(display)
                state = valid
        if state is None:
            missing.append(display)
        states[display] = state
    return states, missing, refreshed


def _read_files(
    missing: list[str],
    listing: Listing,
    *,
    root: str,
    site: Site,
    mode: Mode,
    plan: RenderPlan | None,
    progress: Progress | None,
) -> tuple[
    list[tuple[_Row, FeedItem | None, _Fragments]],
    list[list[tuple[Stamp, FeedItem]]],
    FragmentSpool | None,
]:
    """Read the files that changed, on every core when the mode says so;
    what each worker sent, the best items of each share, and the spool their
    fragments were written to (None: they came as bytes)."""
    spool = None
    writes = plan is not None and bool(plan.formats)
    if writes and mode.spool and mode.reads_in_parallel(len(missing)):
        from summitfeed._incremental.spool import FragmentSpool

        sizes = {display: size for display, size, _ in listing}
        read_bytes = sum(max(0, sizes[display]) for display in missing)
        with contextlib.suppress(OSError, OverflowError):  # (then sent as bytes)
            spool = FragmentSpool(read_bytes, workers=cores())
    rows, finished = map_and_finish(
        _state_in_worker,
        missing,
        _render_best,
        site=site,
        root=root,
        shared=(plan, spool),
        at_least=mode.read_in_parallel_from,
        fork=mode.fork,
        progress=progress,
        keep=plan is not None and plan.best > 0,  # (only then does finish use them)
    )
    return rows, finished, spool


def _received(data: Placed | bytes, spool: FragmentSpool | None) -> Fragment:
    """A fragment as a worker sent it, in the spool or not."""
    if spool is not None:
        return spool.view(data)
    assert isinstance(data, bytes)
    return data


def _save_states(
    cache: BuildCache,
    states: dict[str, FileState],
    known: dict[str, FileState],
    changes: dict[str, FileState],
    updated: list[str],
) -> None:
    """Keep the states for the next build: the few that changed, or all.

    A build that read a few files saves only those (the ``changes`` store,
    applied over ``articles`` when loaded); rewriting the states of 100,000
    files after one edit would cost more than the edit's whole rebuild.
    Entries left over from an interrupted save only cause a file to be read
    again: every state is checked against its file before it is used.
    """
    vanished = len(known) > len(states) - len(updated) and any(
        display not in states for display in known
    )
    if not updated and not vanished:
        return
    delta = changes | {display: states[display] for display in updated}
    if known and not vanished and len(delta) <= max(64, len(states) // 20):
        cache.save("changes", lambda: {d: state_plain(s) for d, s in delta.items()})
    else:
        cache.save("articles", lambda: states_plain(states.values()))
        cache.save("changes", {})
