"""The whole build: find, load, check, select, render, write.

``find_sources → load_article → select_articles → render_item → render_* →
write_output``. Only the Markdown of articles that enter a feed is rendered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing as mp
import os
import pickle
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Protocol, TypeVar
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from ._cache import BuildCache, cache_key
from ._discover import find_sources
from ._errors import ArticleError, BuildError, MetadataError, SummitfeedError
from ._feed import select_articles
from ._model import Article, Feed, FeedFormat, FeedItem, Site
from ._normalize import ImageProbe, Normalized, normalize_article
from ._parse import decode_article, parse_front_matter, split_front_matter
from ._urls import local_path_under, unsafe_scheme

__all__ = [
    "BuildReport",
    "LoadResult",
    "build",
    "build_feeds",
    "load_article",
    "load_articles",
    "read_articles",
    "render_feeds",
]

MAX_ARTICLE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What reading a content folder found: good articles, problems, warnings."""

    articles: tuple[Article, ...]
    errors: tuple[ArticleError, ...]
    warnings: tuple[str, ...]
    files: int
    cached: int = 0
    digests: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did.

    ``articles``: files read; ``cached``: of those, taken from the cache;
    ``rendered``: items rendered now; ``written``/``unchanged``: output files;
    ``skipped``: problems of articles left out (lenient); ``feeds`` and
    ``files`` (path -> bytes): what was rendered, both empty when the cache
    showed that inputs and output files are unchanged (``use_cache=False``
    always renders); ``item_counts``: items per feed document.
    """

    articles: int
    feeds: tuple[Feed, ...]
    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]
    skipped: tuple[ArticleError, ...] = ()
    warnings: tuple[str, ...] = ()
    rendered: int = 0
    cached: int = 0
    files: Mapping[str, bytes] = field(default_factory=dict)
    item_counts: Mapping[str, int] = field(default_factory=dict)


def _display_path(root: str, relative: str) -> str:
    return relative if root in ("", ".") else f"{root.rstrip('/')}/{relative}"


def make_image_probe(
    site: Site,
    *,
    static_dir: Path,
    content_dir: Path,
    seen: list[tuple[str, int]] | None = None,
) -> ImageProbe:
    """Byte length of a hero image that is a file of the site, else None.

    Every path looked at is added to ``seen`` with its size (-1: none), so a
    cached article can tell when an image it used has changed.
    """
    static_root = static_dir.resolve()

    def probe(url: str, reference: str, source: str) -> int | None:
        candidates: list[tuple[Path, Path]] = []
        under_site = local_path_under(url, site.base_url)
        if under_site is not None:
            candidates.append((static_root / under_site, static_root))
        ref = reference.strip()
        if (
            unsafe_scheme(ref) is None
            and not urlsplit(ref).scheme
            and not ref.startswith("/")
        ):
            folder = Path(source).parent.resolve()
            path = unquote(urlsplit(ref).path)
            candidates.append((folder / path, content_dir.resolve()))
        for candidate, root in candidates:
            try:
                resolved = candidate.resolve()
            except OSError:
                continue
            if not resolved.is_relative_to(root):
                continue
            size = _file_size(str(resolved)) if resolved.is_file() else -1
            if seen is not None:
                seen.append((str(resolved), size))
            if size >= 0:
                return size
        return None

    return probe


def load_article(
    path: str | os.PathLike[str],
    *,
    site: Site,
    probe_image: ImageProbe | None = None,
) -> Normalized:
    """Read one article file.

    Raises:
        ArticleError: the file or one of its fields is wrong.
    """
    display = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise ArticleError(display, f"cannot be read: {exc.strerror}") from None
    return _parse_bytes(
        data, display=display, site=site, probe=probe_image or _no_probe
    )


def _no_probe(url: str, reference: str, source: str) -> int | None:
    return None


def read_body(article: Article) -> str:
    """The Markdown body of an article, read again from its file."""
    with open(article.source, "rb") as handle:
        text = decode_article(handle.read(MAX_ARTICLE_BYTES + 1), path=article.source)
    return split_front_matter(text, path=article.source)[2]


class _Identified(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def url(self) -> str: ...


_Keyed = TypeVar("_Keyed", bound=_Identified)


def _duplicates(
    articles: Sequence[_Keyed],
) -> tuple[list[_Keyed], list[ArticleError]]:
    """Keep the first article (by path) of each id and URL; report the others."""
    kept: list[_Keyed] = []
    errors: list[ArticleError] = []
    by_id: dict[str, _Keyed] = {}
    by_url: dict[str, _Keyed] = {}
    for article in sorted(articles, key=lambda a: a.source):
        clash = by_id.get(article.id)
        what = "id"
        if clash is None:
            clash, what = by_url.get(article.url), "url"
        if clash is not None:
            value = article.id if what == "id" else article.url
            errors.append(
                MetadataError(
                    article.source,
                    f"the {what} {value!r} is also the {what} of {clash.source}; "
                    "give each article its own slug or id",
                    key="id" if what == "id" else "url",
                )
            )
            continue
        by_id[article.id] = article
        by_url[article.url] = article
        kept.append(article)
    return kept, errors


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


def _micros(moment: dt.datetime) -> int:
    """An instant as whole microseconds: exact, and ordered as the instants are."""
    return (moment - _EPOCH) // _MICROSECOND


@dataclass(frozen=True, slots=True)
class _FileState:
    """One article file as last read: what it held and what it depended on.

    The checked article (or its error) is kept pickled in ``outcome_bytes``;
    the fields that choose and order articles sit beside it, so that a build
    from the cache unpickles only the articles that go into a feed.
    """

    size: int
    mtime_ns: int
    digest: str
    images: tuple[tuple[str, int], ...]  # local image paths looked at, size or -1
    outcome_bytes: bytes
    ok: bool
    source: str = ""
    id: str = ""
    url: str = ""
    published: int = 0  # microseconds since 1970, UTC
    updated: int = 0
    draft: bool = False
    in_feeds: bool = True
    warnings: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[object, ...]:
        return (_FileState, tuple(getattr(self, name) for name in _STATE_FIELDS))

    def outcome(self) -> Normalized | ArticleError:
        value = pickle.loads(self.outcome_bytes)
        assert isinstance(value, Normalized | ArticleError)
        return value

    @classmethod
    def of(
        cls,
        outcome: Normalized | ArticleError,
        *,
        size: int,
        mtime_ns: int,
        digest: str,
        images: tuple[tuple[str, int], ...] = (),
    ) -> _FileState:
        blob = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        if isinstance(outcome, ArticleError):
            return cls(size, mtime_ns, digest, images, blob, False, outcome.path)
        article = outcome.article
        return cls(
            size,
            mtime_ns,
            digest,
            images,
            blob,
            True,
            article.source,
            article.id,
            article.url,
            _micros(article.published),
            _micros(article.updated),
            article.draft,
            article.in_feeds,
            outcome.warnings,
        )


_STATE_FIELDS = tuple(_FileState.__dataclass_fields__)


def _file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def _load_file(display: str, site: Site, root: str) -> _FileState:
    """Read and check one article, noting its hash and the images it looked at."""
    seen, probe = _probe_for(site, root)
    try:
        stat = os.stat(display)
        with open(display, "rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        error = ArticleError(display, f"cannot be read: {exc.strerror}")
        return _FileState.of(error, size=-1, mtime_ns=0, digest="")
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    outcome: Normalized | ArticleError
    try:
        outcome = _parse_bytes(data, display=display, site=site, probe=probe)
    except ArticleError as exc:
        outcome = exc
    return _FileState.of(
        outcome,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        digest=digest,
        images=tuple(seen),
    )


# One image probe per (settings, content folder), reused for every file;
# its log of paths looked at is emptied before each file.
_PROBES: dict[tuple[Site, str], tuple[list[tuple[str, int]], ImageProbe]] = {}


def _probe_for(site: Site, root: str) -> tuple[list[tuple[str, int]], ImageProbe]:
    shared = _PROBES.get((site, root))
    if shared is None:
        seen: list[tuple[str, int]] = []
        probe = make_image_probe(
            site,
            static_dir=Path(site.static_dir or root),
            content_dir=Path(root),
            seen=seen,
        )
        shared = _PROBES[(site, root)] = (seen, probe)
    shared[0].clear()
    return shared


def _parse_bytes(
    data: bytes, *, display: str, site: Site, probe: ImageProbe
) -> Normalized:
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(
            display, f"larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MiB (the limit)"
        )
    raw = parse_front_matter(decode_article(data, path=display), path=display)
    return normalize_article(raw, site=site, tz=_zone(site.timezone), probe_image=probe)


_zone = lru_cache(maxsize=8)(ZoneInfo)

# Worker processes get the settings once, then file names in chunks.
_WORKER: dict[str, object] = {}
PARALLEL_FROM = 400  # files; below this, starting workers costs more than it saves


def _init_worker(site: Site, root: str) -> None:
    _WORKER["site"], _WORKER["root"] = site, root


def _load_in_worker(display: str) -> _FileState:
    site, root = _WORKER["site"], _WORKER["root"]
    assert isinstance(site, Site)
    assert isinstance(root, str)
    return _load_file(display, site, root)


def _workers() -> int:
    return max(
        1,
        min(
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else (os.cpu_count() or 1),
            8,
        ),
    )


def _map_files(displays: list[str], site: Site, root: str) -> list[_FileState]:
    if len(displays) < PARALLEL_FROM or not _can_fork():
        return [_load_file(display, site, root) for display in displays]
    chunk = max(16, len(displays) // (_workers() * 8))
    with _pool(site, root) as pool:
        return list(pool.map(_load_in_worker, displays, chunksize=chunk))


def _can_fork() -> bool:
    return _workers() > 1 and "fork" in mp.get_all_start_methods()


def _pool(site: Site, root: str) -> ProcessPoolExecutor:
    """Worker processes that know the settings (forked: nothing to import again)."""
    return ProcessPoolExecutor(
        max_workers=_workers(),
        mp_context=mp.get_context("fork"),
        initializer=_init_worker,
        initargs=(site, root),
    )


def _still_valid(state: _FileState, size: int, mtime_ns: int, display: str) -> bool:
    if any(_file_size(path) != known for path, known in state.images):
        return False
    if state.size == size and state.mtime_ns == mtime_ns and mtime_ns < _racy_limit():
        return True
    try:
        with open(display, "rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError:
        return False
    return hashlib.blake2b(data, digest_size=16).hexdigest() == state.digest


def _racy_limit() -> int:
    # A file changed within the same clock tick as its last read could keep
    # its size and time: only trust times older than two seconds.
    return time.time_ns() - 2_000_000_000


@dataclass(frozen=True, slots=True)
class _Index:
    """Every article file's state, in path order, and how many came from the cache."""

    states: tuple[_FileState, ...]
    cached: int


def _read_index(
    content_dir: str | os.PathLike[str] | None, *, site: Site, cache: BuildCache | None
) -> _Index:
    root = os.fspath(content_dir if content_dir is not None else site.content_dir)
    if not Path(root).is_dir():
        raise _NoContent(root)
    sources = find_sources(root, include=site.include, exclude=site.exclude)
    displays = [_display_path(root, relative) for relative in sources]
    known: dict[str, _FileState] = {}
    if cache is not None:
        known = cache.load("articles", dict) or {}
    states: dict[str, _FileState] = {}
    missing: list[str] = []
    for display in displays:
        state = known.get(display)
        if state is not None:
            try:
                stat = os.stat(display)
            except OSError:
                state = None
            else:
                if not _still_valid(state, stat.st_size, stat.st_mtime_ns, display):
                    state = None
        if state is None:
            missing.append(display)
        else:
            states[display] = state
    for display, state in zip(missing, _map_files(missing, site, root), strict=True):
        states[display] = state
    if cache is not None and (missing or len(known) != len(states)):
        cache.save("articles", states)
    return _Index(
        states=tuple(states[display] for display in displays),
        cached=len(displays) - len(missing),
    )


def _check_index(
    index: _Index,
) -> tuple[list[_FileState], list[ArticleError], list[str]]:
    """The good files (first of each id and URL), all problems, all warnings."""
    good = [state for state in index.states if state.ok]
    errors = [state.outcome() for state in index.states if not state.ok]
    kept, clashes = _duplicates(good)
    warnings = [warning for state in good for warning in state.warnings]
    problems = [error for error in errors if isinstance(error, ArticleError)]
    return kept, problems + clashes, warnings


def read_articles(
    content_dir: str | os.PathLike[str] | None = None,
    *,
    site: Site,
    cache: BuildCache | None = None,
) -> LoadResult:
    """Read every article under ``content_dir``, collecting all problems.

    With a ``cache``, files whose size, time and bytes did not change are not
    parsed again.
    """
    index = _read_index(content_dir, site=site, cache=cache)
    kept, errors, warnings = _check_index(index)
    return LoadResult(
        articles=tuple(_article_of(state) for state in kept),
        errors=tuple(errors),
        warnings=tuple(warnings),
        files=len(index.states),
        cached=index.cached,
        digests={state.source: state.digest for state in index.states},
    )


def _article_of(state: _FileState) -> Article:
    outcome = state.outcome()
    assert isinstance(outcome, Normalized)
    return outcome.article


def _choose(
    states: Sequence[_FileState],
    *,
    now: dt.datetime,
    include_drafts: bool,
    include_future: bool,
) -> list[_FileState]:
    """As :func:`select_articles`, on the cached fields: same order, same choice."""
    now_micros = _micros(now)
    return sorted(
        (
            state
            for state in states
            if state.in_feeds
            and (include_drafts or not state.draft)
            and (include_future or state.published <= now_micros)
        ),
        key=lambda state: (state.published, state.updated, state.id),
        reverse=True,
    )


def _render_article(
    article: Article, *, site: Site, body_of: Callable[[Article], str] = read_body
) -> FeedItem:
    from ._feed import render_item

    return render_item(article, body_of(article), site=site)


def _render_in_worker(article: Article) -> FeedItem:
    site = _WORKER["site"]
    assert isinstance(site, Site)
    return _render_article(article, site=site)


def _render_many(articles: list[Article], site: Site) -> list[FeedItem]:
    if len(articles) < PARALLEL_FROM or not _can_fork():
        return [_render_article(article, site=site) for article in articles]
    chunk = max(8, len(articles) // (_workers() * 8))
    with _pool(site, "") as pool:
        return list(pool.map(_render_in_worker, articles, chunksize=chunk))


def _prerender(
    articles: list[Article],
    *,
    site: Site,
    digests: Mapping[str, str],
    cache: BuildCache | None,
) -> tuple[dict[str, FeedItem], int]:
    """Feed items for ``articles`` by their repr, and how many were rendered now.

    Items come from the cache where the article and its file are unchanged.
    """
    known: dict[tuple[str, str], FeedItem] = {}
    if cache is not None:
        known = cache.load("items", dict) or {}
    items: dict[tuple[str, str], FeedItem] = {}
    missing: list[Article] = []
    for article in articles:
        key = (repr(article), digests.get(article.source, ""))
        item = known.get(key)
        if item is None:
            missing.append(article)
        else:
            items[key] = item
    for article, item in zip(missing, _render_many(missing, site), strict=True):
        items[(repr(article), digests.get(article.source, ""))] = item
    if cache is not None and missing:
        cache.save("items", items)
    return {key[0]: item for key, item in items.items()}, len(missing)


class _NoContent(SummitfeedError):
    exit_code = 2

    def __init__(self, root: str) -> None:
        super().__init__(f"content folder not found: {root}")


def load_articles(
    content_dir: str | os.PathLike[str] | None = None,
    *,
    site: Site,
) -> list[Article]:
    """Read every article under ``content_dir`` (default: ``site.content_dir``).

    Raises:
        BuildError: listing every problem found in every file.
    """
    result = read_articles(content_dir, site=site)
    if result.errors:
        raise BuildError(result.errors)
    return list(result.articles)


class NothingToPublish(SummitfeedError):
    """No article can go into a feed."""


def build_feeds(
    site: Site,
    articles: Iterable[Article],
    *,
    now: dt.datetime,
    include_drafts: bool = False,
    include_future: bool = False,
    body_of: Callable[[Article], str] = read_body,
    render: Callable[[Article], FeedItem] | None = None,
) -> tuple[Feed, ...]:
    """Every feed document for ``articles``: the main feed first, then the tag
    feeds (``tag_feeds``) and the RFC 5005 archives (``archive_size``).

    ``render`` turns an article into its feed item (default: read its body
    with ``body_of`` and render it); the build passes one backed by its cache.

    Raises:
        NothingToPublish: no article may enter a feed.
        ConfigError: ``archive_size`` is larger than ``limit``.
    """
    from ._plan import plan_feeds

    candidates = list(articles)
    chosen = select_articles(
        candidates,
        now=now,
        include_drafts=include_drafts,
        include_future=include_future,
    )
    if not chosen:
        raise NothingToPublish(_nothing_message(candidates, now=now))
    if render is None:
        render = partial(_render_article, site=site, body_of=body_of)
    return plan_feeds(site, chosen, render)


def _nothing_message(articles: Sequence[Article], *, now: dt.datetime) -> str:
    drafts = sum(a.draft for a in articles)
    hidden = sum(not a.in_feeds for a in articles)
    future = sum(a.published > now for a in articles)
    return (
        f"nothing to publish: {len(articles)} article(s) read, {drafts} draft(s), "
        f"{future} dated after {now.isoformat()}, {hidden} with feed: false "
        "(use --drafts or --future to include them)"
    )


def render_feeds(
    feeds: Iterable[Feed], *, formats: Sequence[FeedFormat]
) -> dict[str, bytes]:
    """Every document of ``feeds`` in ``formats``, by path under the output folder.

    With the site's ``preview`` on, the RSS and Atom documents link the
    preview stylesheet, which is added to the result with ``feeds.html``.
    """
    from ._plan import feed_formats
    from ._preview import preview_documents

    feeds = tuple(feeds)
    tasks = [
        (feed, fmt) for feed in feeds for fmt in feed_formats(feed) if fmt in formats
    ]
    items = sum(len(feed.items) for feed, _ in tasks)
    documents: dict[str, bytes] = {}
    if items >= PARALLEL_FROM and len(tasks) > 1 and _can_fork():
        # Large documents: one format per core (the XML libraries hold the GIL).
        with _pool(feeds[0].site, "") as pool:
            rendered = list(pool.map(_render_document, tasks))
    else:
        rendered = [_render_document(task) for task in tasks]
    for (feed, fmt), data in zip(tasks, rendered, strict=True):
        documents[feed.file_name(fmt)] = data
    if feeds and feeds[0].site.preview:
        documents.update(preview_documents(feeds, formats=formats))
    return documents


def _output_stamps(
    out_root: Path, documents: Mapping[str, bytes]
) -> dict[str, tuple[int, int]]:
    """Size and modification time of each output file, as just written."""
    stamps: dict[str, tuple[int, int]] = {}
    for name in documents:
        try:
            stat = os.stat(out_root / name)
        except OSError:
            continue
        stamps[name] = (stat.st_size, stat.st_mtime_ns)
    return stamps


def _outputs_unchanged(out_root: Path, stamps: object) -> bool:
    """Whether every output file still has the size and time recorded."""
    if not isinstance(stamps, dict) or not stamps:
        return False
    for name, stamp in stamps.items():
        try:
            stat = os.stat(out_root / name)
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != stamp:
            return False
    return True


def _render_document(task: tuple[Feed, FeedFormat]) -> bytes:
    from ._jsonfeed import render_json
    from ._preview import stylesheet_href
    from ._xml import render_atom, render_rss

    feed, fmt = task
    if fmt == "json":
        return render_json(feed)
    name = feed.file_name(fmt)
    href = stylesheet_href(name) if feed.site.preview else None
    render = render_rss if fmt == "rss" else render_atom
    return render(feed, stylesheet=href)


def build(
    content_dir: str | os.PathLike[str] | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    *,
    site: Site,
    now: dt.datetime | None = None,
    include_drafts: bool = False,
    include_future: bool = False,
    lenient: bool = False,
    dry_run: bool = False,
    use_cache: bool = True,
) -> BuildReport:
    """Read the articles and write the feeds: what ``summitfeed build`` does.

    Strict by default: any article problem raises :class:`BuildError` and no
    file is touched. With ``lenient``, bad articles are left out and reported
    in ``BuildReport.skipped``.

    Raises:
        BuildError: problems in articles (strict mode).
        NothingToPublish: no article may enter a feed.
        OutputError: a file could not be written.
    """
    from ._write import write_output

    moment = now or dt.datetime.now(dt.UTC)
    cache = None
    if use_cache:
        cache = BuildCache(
            site.cache_dir, key=cache_key(site, extra=[repr(include_drafts)])
        )
    index = _read_index(content_dir, site=site, cache=cache)
    kept, errors, warnings = _check_index(index)
    if errors and not lenient:
        raise BuildError(errors)
    chosen = _choose(
        kept, now=moment, include_drafts=include_drafts, include_future=include_future
    )
    # Only these articles can reach a document; the output is a function of
    # them (and of the settings, which name the cache folder).
    needs_all = site.limit == 0 or site.archive_size > 0 or site.tag_feeds
    wanted = chosen if needs_all else chosen[: site.limit]
    selection = hashlib.blake2b(digest_size=16)
    for state in wanted:
        selection.update(state.digest.encode())
        selection.update(state.outcome_bytes)
    documents_key = selection.hexdigest()
    out_root = Path(out_dir if out_dir is not None else site.output_dir)
    stored = cache.load("documents", tuple) if cache is not None and wanted else None
    rendered = 0
    feeds: tuple[Feed, ...] = ()
    documents: dict[str, bytes] = {}
    written: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    if (
        stored is not None
        and len(stored) == 3
        and stored[0] == documents_key
        and not dry_run
        and _outputs_unchanged(out_root, stored[1])
    ):
        # Same inputs, and the files are as this cache last wrote them.
        counts: Mapping[str, int] = stored[2]
        unchanged = tuple(sorted(out_root.resolve() / name for name in stored[1]))
    else:
        # Articles are unpickled only now, and only those a feed can hold
        # (all of them when none can: the error message counts them).
        candidates = [_article_of(state) for state in (wanted or kept)]
        digests = {state.source: state.digest for state in wanted}
        items, rendered = _prerender(
            candidates if wanted else [], site=site, digests=digests, cache=cache
        )

        def render(article: Article) -> FeedItem:
            item = items.get(repr(article))
            return item if item is not None else _render_article(article, site=site)

        feeds = build_feeds(
            site,
            candidates,
            now=moment,
            include_drafts=include_drafts,
            include_future=include_future,
            render=render,
        )
        documents = render_feeds(feeds, formats=site.formats)
        counts = {
            feed.file_name(fmt): len(feed.items)
            for feed in feeds
            for fmt in site.formats
        }
        if not dry_run:
            result = write_output(out_root, documents)
            written, unchanged = result.written, result.unchanged
            if cache is not None:
                stamps = _output_stamps(out_root, documents)
                cache.save("documents", (documents_key, stamps, counts))
    return BuildReport(
        articles=len(index.states),
        feeds=feeds,
        written=written,
        unchanged=unchanged,
        skipped=tuple(errors),
        warnings=tuple(warnings),
        rendered=rendered,
        cached=index.cached,
        files=documents,
        item_counts=counts,
    )
