"""Read every article file once: on every core, and from the cache when unchanged.

A build first makes an index: for each file a small :class:`FileState` with the
fields that choose and order articles (dates, id, URL, draft, ``feed``,
expiry), its problem if it has one, and what it depended on (size, time, a
hash of its bytes, the local images it looked at). The checked articles
themselves are not kept: only the few that enter a feed are read again and
rendered, so memory stays small on a site of 100,000 articles.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import itertools
import operator
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from stat import S_ISDIR, S_ISFIFO, S_ISREG, S_ISSOCK
from types import MappingProxyType
from typing import (
    TYPE_CHECKING,
    Any,
    Final,
    NamedTuple,
    NoReturn,
    Protocol,
    TypeVar,
    cast,
)
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from summitfeed._cli.quick import (
    CLOEXEC,
    NOFOLLOW,
    NONBLOCK,
    RACY_NS,
    file_digest,
    image_size,
)
from summitfeed._errors import ArticleError, MetadataError
from summitfeed._incremental.cache import BuildCache
from summitfeed._incremental.codec import (
    Unreadable,
    error_from,
    error_plain,
    text,
    texts,
)
from summitfeed._incremental.helper import can_fork, cores
from summitfeed._incremental.snapshot import micros
from summitfeed._model import FeedFormat, FeedItem, Site
from summitfeed._read.discover import Listing, NoContentFolder, source_listing
from summitfeed._urls import local_path_under, unsafe_scheme

if TYPE_CHECKING:
    # Reading and checking articles (PyYAML, dateutil) loads only when a file
    # must be read: a build from the cache never pays for it.
    from summitfeed._incremental.spool import FragmentSpool, Placed
    from summitfeed._read.frontmatter import BodyLimits, RawArticle
    from summitfeed._read.normalize import ImageProbe, Normalized
    from summitfeed._render.item import Fragment

__all__ = [
    "MAX_ARTICLE_BYTES",
    "PARALLEL_FROM",
    "FileState",
    "Index",
    "Listing",
    "NoContentFolder",
    "Progress",
    "RenderPlan",
    "Stamp",
    "body_from_bytes",
    "choose",
    "clash_error",
    "drop_duplicates",
    "load_file",
    "make_image_probe",
    "map_and_finish",
    "micros",
    "parse_article_bytes",
    "read_article_file",
    "read_file",
    "read_index",
    "render_from_bytes",
    "run_in_workers",
    "source_listing",
    "source_paths",
    "worker_settings",
    "worker_shared",
]

MAX_ARTICLE_BYTES: Final = 16 * 1024 * 1024
PARALLEL_FROM: Final = (
    400  # files; below this, starting workers costs more than it saves
)


class NotAnArticleFile(OSError):
    """A listed path that is not a regular file to read (its text says what)."""


def read_article_file(
    path: str, root: str | None = None
) -> tuple[os.stat_result, bytes]:
    """A file's status and bytes, at most ``MAX_ARTICLE_BYTES + 1`` of them.

    Sized by the file's own status: a buffered ``read(limit)`` would allocate
    the whole limit (16 MiB) for every article. Opened without waiting, so
    that a FIFO of an article's name is refused, not waited on for ever.
    With ``root``, a symbolic link must lead to a file inside that folder.

    Raises:
        NotAnArticleFile: it is not a regular file, or a link that loops or
            leads out of ``root``.
        OSError: the file cannot be opened or read.
    """
    flags = os.O_RDONLY | NONBLOCK | CLOEXEC
    try:
        fd = os.open(path, flags if root is None else flags | NOFOLLOW)
    except OSError as exc:
        if root is None or exc.errno != errno.ELOOP:
            raise
        problem = _link_problem(path, root)  # (only links pay for the checks)
        if problem is not None:
            raise NotAnArticleFile(problem) from None
        fd = os.open(path, flags)
    try:
        stat = os.fstat(fd)
        if not S_ISREG(stat.st_mode):
            raise NotAnArticleFile(
                f"is not a regular file ({_file_kind(stat.st_mode)}); "
                "an article must be a file of text"
            )
        chunks: list[bytes] = []
        left = MAX_ARTICLE_BYTES + 1
        want = min(max(stat.st_size, 0) + 1, left)
        while left > 0:
            chunk = os.read(fd, min(want, left))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            want = 1 << 16
    finally:
        os.close(fd)
    return stat, chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _file_kind(mode: int) -> str:
    if S_ISFIFO(mode):
        return "a FIFO"
    if S_ISSOCK(mode):
        return "a socket"
    if S_ISDIR(mode):
        return "a folder"
    return "a device"


def shown_path(path: str) -> str:
    """``path`` as it can be printed: bytes of a name that is not UTF-8
    (kept by Python as lone surrogates) written as ``\\xNN``."""
    if path.isascii():
        return path
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def listed_problem(display: str) -> ArticleError | None:
    """What makes a listed path no article file to read, found from its
    name alone: a folder that cannot be read (listed with a final ``/``),
    a name that is not UTF-8."""
    if display.endswith("/"):
        try:
            with os.scandir(display):
                pass
        except OSError as exc:
            return ArticleError(
                shown_path(display), f"folder cannot be read: {exc.strerror}"
            )
        return ArticleError(display, "folder could not be read while listed")
    if not display.isascii():
        try:
            display.encode("utf-8")
        except UnicodeEncodeError:
            return ArticleError(
                shown_path(display),
                "the file name is not valid UTF-8 (its bytes shown as \\xNN); "
                "rename the file",
            )
    return None


def _link_problem(path: str, root: str) -> str | None:
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link that loops (it leads back to itself)"
        return f"is a symbolic link to nothing ({exc.strerror})"
    inside = os.path.realpath(root)
    if os.path.commonpath((real, inside)) != inside:
        return (
            f"is a symbolic link to {shown_path(real)}, outside the content "
            "folder; articles are read only from inside it"
        )
    return None


def make_image_probe(
    site: Site,
    *,
    static_dir: Path,
    content_dir: Path,
    seen: list[tuple[str, str, int]] | None = None,
) -> ImageProbe:
    """Byte length of a hero image that is a file of the site, else None.

    It is looked up by its URL path under ``base_url`` in ``static_dir``, then
    beside the article; never outside those folders, once links are followed.
    Every path looked at is added to ``seen`` with the folder it must stay in
    and its size (-1: none), so that a cached article can tell when an image
    it used has changed (a link retargeted included).
    """
    static_root = static_dir.resolve()
    content_root = content_dir.resolve()

    def probe(url: str, reference: str, source: str) -> int | None:
        candidates: list[tuple[Path, Path]] = []
        under_site = local_path_under(url, site.base_url)
        if under_site is not None and static_root != Path(static_root.anchor):
            candidates.append((static_root / under_site, static_root))
        ref = reference.strip()
        if ref.startswith(("http://", "https://", "/")):
            pass  # not a path beside the article
        elif unsafe_scheme(ref) is None and not urlsplit(ref).scheme:
            folder = Path(source).parent.resolve()
            candidates.append((folder / unquote(urlsplit(ref).path), content_root))
        for candidate, root in candidates:
            size = image_size(str(candidate), str(root))
            if seen is not None:
                seen.append((str(candidate), str(root), size))
            if size >= 0:
                return size
        return None

    return probe


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


def state_from(row: Any) -> FileState:
    """The state :func:`state_plain` made ``row`` from, each field checked.

    Raises:
        ValueError: ``row`` is not one.
    """
    if type(row) is not tuple or len(row) != _STATE_FIELDS:
        raise Unreadable("a file's state")
    if tuple(map(type, row)) not in _STATE_SIGNATURES:  # (one look-up a row)
        raise Unreadable("a file's state of other kinds")
    images, error, warnings = row[_IMAGES], row[_ERROR], row[_WARNINGS]
    for image in images:
        if type(image) is not tuple or len(image) != 3:
            raise Unreadable("an image looked at")
        if type(image[0]) is not str or type(image[1]) is not str:
            raise Unreadable("an image looked at")
        if type(image[2]) is not int:
            raise Unreadable("an image looked at")
    if warnings:
        texts(warnings)
    if error is not None:
        return FileState._make((*row[:_ERROR], error_from(error), *row[_ERROR + 1 :]))
    return FileState._make(row)


def states_from(rows: Any) -> list[FileState]:
    if type(rows) is not list:
        raise Unreadable("the states")
    return [state_from(row) for row in rows]


def changes_from(rows: Any) -> dict[str, FileState]:
    if type(rows) is not dict:
        raise Unreadable("the changed states")
    return {text(display): state_from(row) for display, row in rows.items()}


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


_zone = lru_cache(maxsize=8)(ZoneInfo)

# One image probe per (settings, content folder), reused for every file; its
# log of the paths looked at is emptied before each file.
_PROBES: dict[tuple[Site, str, str], tuple[list[tuple[str, str, int]], ImageProbe]] = {}


def _probe_for(site: Site, root: str) -> tuple[list[tuple[str, str, int]], ImageProbe]:
    # Keyed with the working folder: a library user may change it between
    # builds, and the probe resolves its folders once.
    cwd = os.getcwd()
    if _LAST_PROBE:
        last_site, last_root, last_cwd, last_shared = _LAST_PROBE[0]
        if last_site is site and last_root == root and last_cwd == cwd:
            # The same settings object as the file before (every file of a
            # build): no need to hash all its fields again.
            last_shared[0].clear()
            return last_shared
    key = (site, root, cwd)
    shared = _PROBES.get(key)
    if shared is None:
        if len(_PROBES) > 16:
            _PROBES.clear()
        seen: list[tuple[str, str, int]] = []
        probe = make_image_probe(
            site,
            static_dir=Path(site.static_dir or root),
            content_dir=Path(root),
            seen=seen,
        )
        shared = _PROBES[key] = (seen, probe)
    _LAST_PROBE[:] = [(site, root, cwd, shared)]
    shared[0].clear()
    return shared


# The settings, content folder and working folder of the last probe handed
# out, and that probe.
_LAST_PROBE: list[
    tuple[Site, str, str, tuple[list[tuple[str, str, int]], ImageProbe]]
] = []


def parse_article_bytes(
    data: bytes,
    *,
    display: str,
    site: Site,
    probe: ImageProbe | None,
    root: str | None = None,
) -> Normalized:
    """Check one article file's bytes (``root``: the content folder it was
    found in; default ``site.content_dir``).

    Raises:
        ArticleError: the file or one of its fields is wrong.
    """
    checks = _checks()
    if len(data) > MAX_ARTICLE_BYTES:
        limit = MAX_ARTICLE_BYTES // (1024 * 1024)
        raise ArticleError(
            display,
            f"larger than {limit} MiB (the most an article file is read; "
            "max_body_size and max_front_matter_size limit its parts)",
        )
    raw = checks.parse_front_matter(
        checks.decode_article(data, path=display),
        path=display,
        max_body_size=site.max_body_size,
        max_front_matter_size=site.max_front_matter_size,
        body_limits=_body_limits(site),
    )
    outcome = checks.normalize_article(
        raw, site=site, tz=_zone(site.timezone), probe_image=probe, content_root=root
    )
    if checks.has_template_syntax(raw.body):
        outcome = checks.with_template_warnings(outcome, raw.body, site, root)
    return outcome


def _body_limits(site: Site) -> BodyLimits:
    """The body shape limits of the settings."""
    from summitfeed._read.frontmatter import BodyLimits

    return BodyLimits(site.max_nesting, site.max_open_formatting, site.max_table_cells)


@lru_cache(maxsize=1)
def _checks() -> _Checks:
    """The modules that read and check articles, loaded on the first file read
    (a build from the cache never loads them; an import statement per file
    would cost more than the cache lookup)."""
    from summitfeed._read import frontmatter as _parse
    from summitfeed._read import normalize as _normalize
    from summitfeed._read import templates as _templates

    return _Checks(
        _parse.decode_article,
        _parse.parse_front_matter,
        _normalize.normalize_article,
        _templates.has_template_syntax,
        _with_template_warnings,
    )


def _with_template_warnings(
    outcome: Normalized, body: str, site: Site, root: str | None
) -> Normalized:
    """``outcome`` with a warning for each kind of template syntax its body
    leaves as written (the build makes them one per kind)."""
    from summitfeed._read.links import site_links
    from summitfeed._read.templates import LEFT_AS_WRITTEN, template_kinds

    article = outcome.article
    links = site_links(site, root)
    kinds = template_kinds(body, base_url=site.base_url, links=links)
    if not kinds:
        return outcome
    told = tuple(f"{article.source}: {LEFT_AS_WRITTEN}{kind}" for kind in kinds)
    return outcome._replace(warnings=outcome.warnings + told)


class _Checks(NamedTuple):
    decode_article: Callable[..., str]
    parse_front_matter: Callable[..., RawArticle]
    normalize_article: Callable[..., Normalized]
    has_template_syntax: Callable[[str], bool]
    with_template_warnings: Callable[[Normalized, str, Site, str | None], Normalized]


def load_file(
    display: str, site: Site, root: str
) -> tuple[FileState, Normalized | None]:
    """Read and check one article: its state, and the article when it is good."""
    state, outcome, _ = read_file(display, site, root)
    return state, outcome


def read_file(
    display: str, site: Site, root: str
) -> tuple[FileState, Normalized | None, bytes]:
    """As :func:`load_file`, with the bytes read (what the state describes)."""
    seen, probe = _probe_for(site, root)
    try:
        problem = listed_problem(display)
        if problem is not None:
            raise problem
        stat, data = read_article_file(display, root)
    except (OSError, ArticleError) as exc:
        if isinstance(exc, ArticleError):
            error = exc
        elif isinstance(exc, NotAnArticleFile):
            error = ArticleError(display, str(exc))
        else:
            error = ArticleError(display, f"cannot be read: {exc.strerror}")
        return _state(display, error, size=-1, mtime_ns=0, digest=""), None, b""
    digest = file_digest(data)
    outcome: Normalized | ArticleError
    try:
        outcome = parse_article_bytes(
            data, display=display, site=site, probe=probe, root=root
        )
    except ArticleError as exc:
        outcome = exc
    # A file changed within the clock's resolution of this read could change
    # again keeping its size and time: record no time, so the next build
    # compares its bytes instead of trusting them.
    mtime_ns = stat.st_ctime_ns if stat.st_ctime_ns < _racy_limit() else -1
    state = _state(
        display,
        outcome,
        size=stat.st_size,
        mtime_ns=mtime_ns,
        digest=digest,
        images=tuple(seen),
    )
    good = None if isinstance(outcome, ArticleError) else outcome
    return state, good, data


# What the workers of run_in_workers() share: set in the parent just before
# the workers are forked, so they inherit it without pickling.
_WORKER: dict[str, object] = {}


def worker_settings() -> tuple[Site, str]:
    """The settings and content folder of the :func:`run_in_workers` call served."""
    site, root = _WORKER["site"], _WORKER["root"]
    assert isinstance(site, Site)
    assert isinstance(root, str)
    return site, root


def worker_shared() -> object:
    """The ``shared`` value of the :func:`run_in_workers` call served."""
    return _WORKER["shared"]


class RenderPlan(NamedTuple):
    """Which articles a build will render while it reads them.

    ``best == 0``: every article it may publish (full archives), each as it
    is read. ``best > 0``: only the first ``best`` in feed order of each
    worker's share, when the share is read (the feed holds the first
    ``limit`` of all, so it is among them unless duplicates are dropped).
    """

    now: int  # microseconds, as FileState.published
    include_drafts: bool
    include_future: bool
    best: int = 0
    # With best == 0: the document formats each item is also written in as it
    # is rendered (it goes into every document as it is; see DocumentParts).
    formats: tuple[FeedFormat, ...] = ()

    def wants(self, state: FileState) -> bool:
        return (
            state.error is None
            and state.in_feeds
            and (self.include_drafts or not state.draft)
            and (self.include_future or state.published <= self.now)
            and (state.expires is None or state.expires >= self.now)
        )

    def withholds(self, state: FileState) -> str | None:
        """Why this build leaves the article out whatever its fields say
        (a draft, ``feed: false``, expired), or None when it may publish it."""
        if not state.in_feeds:
            return "feed: false"
        if state.draft and not self.include_drafts:
            return "a draft"
        if state.expires is not None and state.expires < self.now:
            return "expired"
        return None

    def order(self, states: Iterable[FileState], limit: int = 0) -> list[FileState]:
        """The states a feed may hold, newest first (the feed's order); only
        the first ``limit`` of them when ``limit`` is not 0.

        The same test as :meth:`wants`, written out: this runs over every file.
        """
        drafts, future, now = self.include_drafts, self.include_future, self.now
        candidates = [
            state
            for state in states
            if state.error is None
            and state.in_feeds
            and (drafts or not state.draft)
            and (future or state.published <= now)
            and (state.expires is None or state.expires >= now)
        ]
        if limit and len(candidates) > 2 * limit:
            # None of the first `limit` is older than the limit-th newest date:
            # that date is found by sorting plain integers (in C), then only
            # the few left are sorted by the feed's order.
            cut = sorted(map(_PUBLISHED, candidates))[-limit]
            candidates = [state for state in candidates if state.published >= cut]
        ordered = sorted(candidates, key=_FEED_ORDER, reverse=True)
        return ordered[:limit] if limit else ordered


_FEED_ORDER: Final = operator.attrgetter("published", "updated", "id")
_PUBLISHED: Final = operator.attrgetter("published")


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
    and write it in the plan's document formats."""
    site, root = worker_settings()
    state, outcome, data = read_file(display, site, root)
    plan, spool = _read_shared()
    if outcome is None or plan is None or plan.best or not plan.wants(state):
        return tuple(state), None, {}
    item = render_from_bytes(outcome, data, site=site)
    if not plan.formats:
        return tuple(state), item, {}
    from summitfeed._render.item import render_fragments

    fragments = render_fragments(item, plan.formats, site)
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
    for state in plan.order(_states_from(row for row, _, _ in results), plan.best):
        again, outcome, data = read_file(state.source, site, root)
        if outcome is not None:
            rendered.append((again.stamp, render_from_bytes(outcome, data, site=site)))
    return rendered


def body_from_bytes(data: bytes, *, path: str) -> str:
    """The Markdown body of an article file's bytes."""
    from summitfeed._read.frontmatter import decode_article, split_front_matter

    return split_front_matter(decode_article(data, path=path), path=path)[2]


def render_from_bytes(outcome: Normalized, data: bytes, *, site: Site) -> FeedItem:
    """The feed item of an article, its body taken from the bytes it was read from."""
    from summitfeed._render.item import render_item

    body = body_from_bytes(data, path=outcome.article.source)
    return render_item(outcome.article, body, site=site)


T = TypeVar("T")
R = TypeVar("R")
F = TypeVar("F")
Progress = Callable[[int, int], None]
"""``progress(done, total)``: told how far a long step has come."""


def run_in_workers(
    function: Callable[[T], R],
    tasks: Sequence[T],
    *,
    site: Site | None,
    root: str = "",
    shared: object = None,
    at_least: int = PARALLEL_FROM,
    progress: Progress | None = None,
) -> list[R]:
    """``[function(task) for task in tasks]``, on every core when there are enough.

    Workers are forked, so they import nothing again and inherit ``shared``
    without pickling it; ``function`` finds the settings with
    :func:`worker_settings` and ``shared`` with :func:`worker_shared`.
    ``progress(done, total)`` is told as results come in.
    """
    results, _ = map_and_finish(
        function,
        tasks,
        _finish_nothing,
        site=site,
        root=root,
        shared=shared,
        at_least=at_least,
        progress=progress,
    )
    return results


def _finish_nothing(results: list[Any]) -> None:
    return None


def map_and_finish(
    function: Callable[[T], R],
    tasks: Sequence[T],
    finish: Callable[[list[R]], F],
    *,
    site: Site | None,
    root: str = "",
    shared: object = None,
    at_least: int = PARALLEL_FROM,
    progress: Progress | None = None,
    keep: bool = True,
) -> tuple[list[R], list[F]]:
    """As :func:`run_in_workers`, and ``finish(results)`` of each worker's share.

    With ``keep`` false, a worker does not keep its results once sent and
    ``finish`` gets none (a worker then holds one batch at a time).

    Each worker takes every n-th task; when its share is done it calls
    ``finish`` on its own results (for instance to render the best of them
    while its modules are loaded) and sends what that returns. Without
    workers, ``finish`` is called once on all results.
    """
    _WORKER.update(site=site, root=root, shared=shared)
    total = len(tasks)
    try:
        if total < at_least or not can_fork():
            step = max(1, total // 100)
            results: list[R] = []
            for task in tasks:
                results.append(function(task))
                if progress is not None and len(results) % step == 0:
                    progress(len(results), total)
            return results, [finish(results)]
        return _fork_map(function, tasks, finish, progress=progress, keep=keep)
    finally:
        _WORKER.clear()


_BATCH: Final = 128  # results per message from a worker


def _fork_map(
    function: Callable[[T], R],
    tasks: Sequence[T],
    finish: Callable[[list[R]], F],
    *,
    progress: Progress | None,
    keep: bool,
) -> tuple[list[R], list[F]]:
    """The forked side of :func:`map_and_finish`: one pipe per worker.

    Lighter than a process pool: no task is pickled (workers inherit them),
    and results come back in batches of length-prefixed pickles.
    """
    import gc
    import pickle
    import selectors
    import signal

    count = cores()
    total = len(tasks)
    step = max(1, total // 100)
    results: list[R | None] = [None] * total
    finished: list[F | None] = [None] * count
    received = [0] * count  # results received from each worker
    pending: dict[int, tuple[int, int, bytearray]] = {}  # fd: worker, pid, buffer
    # The cycle collector would walk every result kept, again and again, for
    # nothing: results hold no cycles. Workers inherit it off and then exit.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for number in range(count):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the worker
                os.close(read_end)
                _serve(function, tasks, finish, number, count, write_end, keep)
            os.close(write_end)
            pending[read_end] = (number, pid, bytearray())
        selector = selectors.DefaultSelector()
        for fd in pending:
            selector.register(fd, selectors.EVENT_READ)
        done = 0
        while pending:
            for key, _ in selector.select():
                fd = key.fd
                number, pid, buffer = pending[fd]
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    raise RuntimeError(f"a worker ended early (exit {_reap(pid)})")
                buffer += chunk
                while len(buffer) >= 8:
                    size = int.from_bytes(buffer[:8], "little")
                    if len(buffer) < 8 + size:
                        break
                    kind, payload = pickle.loads(buffer[8 : 8 + size])
                    del buffer[: 8 + size]
                    if kind == "results":
                        for result in payload:
                            results[number + received[number] * count] = result
                            received[number] += 1
                        done += len(payload)
                        if (
                            progress is not None
                            and done // step != (done - len(payload)) // step
                        ):
                            progress(done, total)
                    elif kind == "finish":
                        finished[number] = payload
                        selector.unregister(fd)
                        os.close(fd)
                        del pending[fd]
                        _reap(pid)
                        break
                    else:
                        raise RuntimeError(f"a worker failed: {payload}")
        selector.close()
    finally:
        if collecting:
            gc.enable()
        for fd, (_, pid, _) in pending.items():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            _reap(pid)
            with contextlib.suppress(OSError):
                os.close(fd)
    return results, finished  # type: ignore[return-value]  # all filled


def _serve(
    function: Callable[[T], R],
    tasks: Sequence[T],
    finish: Callable[[list[R]], F],
    number: int,
    count: int,
    fd: int,
    keep: bool,
) -> NoReturn:  # pragma: no cover - runs in a forked worker
    """A worker's life: its share of the tasks, then ``finish``; then exit."""
    import pickle
    import traceback

    _WORKER["number"] = number  # (which part of a shared spool is its own)

    code = 0
    with os.fdopen(fd, "wb") as out:

        def send(kind: str, payload: object) -> None:
            data = pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL)
            out.write(len(data).to_bytes(8, "little"))
            out.write(data)

        try:
            mine: list[R] = []
            batch: list[R] = []
            for position in range(number, len(tasks), count):
                result = function(tasks[position])
                if keep:
                    mine.append(result)
                batch.append(result)
                if len(batch) == _BATCH:
                    send("results", batch)
                    out.flush()
                    batch = []
            send("results", batch)
            send("finish", finish(mine))
        except BaseException:
            code = 1
            with contextlib.suppress(BaseException):
                send("error", traceback.format_exc(limit=-3))
        with contextlib.suppress(BaseException):
            out.flush()
    os._exit(code)


def _reap(pid: int) -> int:
    """Wait for a worker; its exit status."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return 0


def _racy_limit() -> int:
    # A file changed within the same clock tick as its last read could keep
    # its size and time: only trust times older than two seconds.
    return time.time_ns() - RACY_NS


def _still_valid(state: FileState, size: int, mtime_ns: int) -> FileState | None:
    """``state`` (with the file's new size and time) if the file did not change."""
    if any(image_size(path, root) != known for path, root, known in state.images):
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
    formats (RenderPlan.formats), by stamp."""

    states: tuple[FileState, ...]
    cached: int
    items: Mapping[Stamp, FeedItem] = MappingProxyType({})
    fragments: Mapping[Stamp, Mapping[str, Fragment]] = MappingProxyType({})


def source_paths(
    content_dir: str | os.PathLike[str] | None, *, site: Site
) -> tuple[str, list[str]]:
    """The content folder as given, and its article files as the user would type them.

    Raises:
        NoContentFolder: the folder does not exist.
    """
    root, listing = source_listing(content_dir, site=site)
    return root, [display for display, _, _ in listing]


def read_index(
    content_dir: str | os.PathLike[str] | None,
    *,
    site: Site,
    cache: BuildCache | None,
    progress: Progress | None = None,
    plan: RenderPlan | None = None,
    listing: Listing | None = None,
) -> Index:
    """The state of every article file, read again only where it changed.

    With a ``plan``, the files read are also rendered when the plan wants
    them (``Index.items``), saving a second reading of each.
    """
    if listing is None:
        root, listing = source_listing(content_dir, site=site)
    else:
        root = os.fspath(content_dir if content_dir is not None else site.content_dir)
    known: dict[str, FileState] = {}
    changes: dict[str, FileState] = {}
    if cache is not None:
        known = {
            state.source: state for state in cache.load("articles", states_from) or ()
        }
        if known:  # (changes apply over a base of all states)
            changes = cache.load("changes", changes_from) or {}
        known.update(changes)
    # In listing order: a file read now keeps its place (None until read).
    states: dict[str, FileState | None] = {}
    missing: list[str] = []
    refreshed: list[str] = []
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
                valid = _still_valid(state, size, mtime_ns)
                if valid is not None and valid is not state:
                    refreshed.append(display)
                state = valid
        if state is None:
            missing.append(display)
        states[display] = state
    spool = None
    if (
        plan is not None
        and plan.formats
        and len(missing) >= PARALLEL_FROM
        and can_fork()
    ):
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
        progress=progress,
        keep=plan is not None and plan.best > 0,  # (only then does finish use them)
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
        cache.save("articles", lambda: [state_plain(s) for s in states.values()])
        cache.save("changes", {})


class _Identified(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def url(self) -> str: ...


_Keyed = TypeVar("_Keyed", bound=_Identified)


def drop_duplicates(
    articles: Iterable[_Keyed], *, pattern: str | None = None
) -> tuple[list[_Keyed], list[ArticleError]]:
    """Keep the first article (by path) of each id and URL; report the others.

    ``pattern``: the permalink pattern the URLs are made with, named when it
    alone makes two files' URLs the same."""
    ordered = sorted(articles, key=operator.attrgetter("source"))
    ids = {article.id for article in ordered}
    if len(ids) == len(ordered) and len({a.url for a in ordered}) == len(ordered):
        return ordered, []  # the usual case: no two alike, nothing to report
    kept: list[_Keyed] = []
    errors: list[ArticleError] = []
    by_id: dict[str, _Keyed] = {}
    by_url: dict[str, _Keyed] = {}
    for article in ordered:
        clash = by_id.get(article.id)
        what = "id"
        if clash is None:
            clash, what = by_url.get(article.url), "url"
        if clash is not None:
            errors.append(clash_error(article, clash, what, pattern=pattern))
            continue
        by_id[article.id] = article
        by_url[article.url] = article
        kept.append(article)
    return kept, errors


def clash_error(
    article: _Identified, clash: _Identified, what: str, *, pattern: str | None = None
) -> ArticleError:
    """The problem of ``article``, whose id or URL (``what``) is ``clash``'s.

    When neither file gives its id, URL or slug, the permalink ``pattern``
    made the same URL of two file names: the pattern is named, not the posts.
    """
    value = article.id if what == "id" else article.url
    line, key, given = _clash_position(article.source, what)
    advice = "give each article its own slug or id"
    if pattern is not None and not given and not _clash_position(clash.source, what)[2]:
        advice = (
            f"neither file sets its {what}: the permalink pattern {pattern!r} "
            "makes the same URL of both file names; use a pattern that tells "
            "them apart (e.g. with {year}), or give one of them a slug"
        )
    return MetadataError(
        article.source,
        f"the {what} {value!r} is also the {what} of {clash.source}; {advice}",
        line=line,
        key=key,
    )


def _clash_position(source: str, what: str) -> tuple[int, str, bool]:
    """The line and key (as written) that gave an article its id or URL,
    and whether the file gives that key.

    An id defaults to the URL, and a URL to the slug: the first of these
    keys the file has is named, else the slug made from the file name.
    """
    from summitfeed._read.frontmatter import decode_article, parse_front_matter
    from summitfeed._read.normalize import FIELD_KEYS

    names = ("id", "url", "slug") if what == "id" else ("url", "slug")
    try:
        raw = parse_front_matter(
            decode_article(read_article_file(source)[1], path=source), path=source
        )
    except (OSError, ArticleError):
        return 1, "slug", True
    for name in names:
        for key in FIELD_KEYS[name]:
            if raw.fields.get(key) is not None:
                return raw.line_of(key) or 1, key, True
    return raw.start_line or 1, "slug", False


def choose(
    states: Iterable[FileState],
    *,
    now: dt.datetime,
    include_drafts: bool,
    include_future: bool,
    limit: int = 0,
) -> list[FileState]:
    """As :func:`summitfeed._render.item.select_articles` on the states: same choice,
    order; the first ``limit`` only when ``limit`` is not 0."""
    plan = RenderPlan(micros(now), include_drafts, include_future)
    return plan.order(states, limit)
