"""The whole build: find, read, check, choose, render, write.

``build()``: ``read_index`` (every file's state, from the cache where it did
not change) → ``drop_duplicates`` → ``choose`` → ``_feed_items`` (only the
articles a feed can hold are read again and rendered) → ``build_feeds`` →
``render_feeds`` → ``write_output``. ``load_article`` and ``read_articles``
are the library's ways to read articles without building.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Final

from summitfeed._build import BuildReport, renders_every_article
from summitfeed._cli.quick import listing_digest, outputs_unchanged
from summitfeed._errors import ArticleError, BuildError, SummitfeedError
from summitfeed._incremental.cache import BuildCache
from summitfeed._incremental.helper import (
    Fragments,
    RenderHelper,
    cores,
    document_pieces,
    render_document,
)
from summitfeed._incremental.index import (
    PARALLEL_FROM,
    FileState,
    Progress,
    RenderPlan,
    Stamp,
    body_from_bytes,
    choose,
    clash_error,
    drop_duplicates,
    load_file,
    micros,
    parse_article_bytes,
    read_article_file,
    read_file,
    read_index,
    render_from_bytes,
    run_in_workers,
    source_paths,
    worker_settings,
    worker_shared,
)
from summitfeed._incremental.snapshot import Snapshot
from summitfeed._model import Article, Feed, FeedFormat, FeedItem, Site
from summitfeed._read.discover import Listing
from summitfeed._read.links import forget_site_links
from summitfeed._read.templates import group_template_warnings
from summitfeed._render.item import large_document_warnings, select_articles

if TYPE_CHECKING:
    from summitfeed._read.normalize import ImageProbe, Normalized
    from summitfeed._render.item import Fragment
    from summitfeed._write.files import FileContent

__all__ = [
    "LoadResult",
    "NothingToPublish",
    "build_feeds",
    "build_from_articles",
    "build_from_listing",
    "load_article",
    "load_articles",
    "read_articles",
    "read_body",
    "render_feeds",
]


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What reading a content folder found: good articles, problems, warnings."""

    articles: tuple[Article, ...]
    errors: tuple[ArticleError, ...]
    warnings: tuple[str, ...]
    files: int


def load_article(
    path: str | os.PathLike[str],
    *,
    site: Site,
    probe_image: ImageProbe | None = None,
) -> Normalized:
    """Read one article file: the checked article and its warnings.

    Raises:
        ArticleError: the file or one of its fields is wrong.
    """
    display = os.fspath(path)
    try:
        _, data = read_article_file(display)
    except OSError as exc:
        raise ArticleError(display, f"cannot be read: {exc.strerror}") from None
    return parse_article_bytes(data, display=display, site=site, probe=probe_image)


def read_body(article: Article) -> str:
    """The Markdown body of an article: the one it holds, else read again
    from its file."""
    if article.body is not None:
        return article.body
    _, data = read_article_file(article.source)
    return body_from_bytes(data, path=article.source)


def read_articles(
    content_dir: str | os.PathLike[str] | None = None,
    *,
    site: Site,
) -> LoadResult:
    """Read every article under ``content_dir``, collecting all problems.

    ``content_dir`` defaults to ``site.content_dir``. Two articles with the
    same id or URL are a problem of the later file (by path).
    """
    root, displays = source_paths(content_dir, site=site)
    loaded = run_in_workers(_load_in_worker, displays, site=site, root=root)
    articles = [outcome for _, outcome in loaded if outcome is not None]
    problems = [state.error for state, _ in loaded if state.error is not None]
    kept, clashes = drop_duplicates(
        [outcome.article for outcome in articles], pattern=site.permalink
    )
    return LoadResult(
        articles=tuple(kept),
        errors=tuple(problems + clashes),
        warnings=group_template_warnings(
            w for outcome in articles for w in outcome.warnings
        ),
        files=len(displays),
    )


def _load_in_worker(display: str) -> tuple[FileState, Normalized | None]:
    site, root = worker_settings()
    return load_file(display, site, root)


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


def _render_article(
    article: Article, *, site: Site, body_of: Callable[[Article], str] = read_body
) -> FeedItem:
    from summitfeed._render.item import render_item

    return render_item(article, body_of(article), site=site)


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


def _feed_items(
    wanted: Sequence[FileState],
    *,
    site: Site,
    root: str,
    cache: BuildCache | None,
    fresh: Mapping[Stamp, FeedItem],
) -> tuple[dict[str, FeedItem], int, bool, dict[Stamp, FeedItem] | None]:
    """The feed item of each wanted file (by path), how many were rendered now,
    whether a file changed while this build ran, and the items the cache
    should keep (None: it has them).

    Items come from ``fresh`` (rendered while indexing), else from the cache
    where the file and its images are unchanged, else are rendered now.
    """
    known: dict[Stamp, FeedItem] = {}
    if cache is not None:
        from summitfeed._incremental.codec import items_from

        known = cache.load("items", items_from) or {}
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
    results = run_in_workers(_item_in_worker, tasks, site=site, root=root)
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
    return by_path | changed, rendered, bool(changed), to_keep


def _sort_problems(
    states: Sequence[FileState], plan: RenderPlan, *, pattern: str | None = None
) -> tuple[list[FileState], list[ArticleError], tuple[str, ...]]:
    """The good articles (one per id and URL), the problems, and the warnings.

    A problem in an article this build leaves out anyway (a draft, ``feed:
    false``, expired) is a warning that says so; so is its id or URL being
    also a published article's, which then keeps it.
    """
    good: list[FileState] = []
    withheld: list[tuple[FileState, str]] = []
    errors: list[ArticleError] = []
    warnings: list[str] = []
    for state in states:  # (in path order: so are the warnings)
        reason = plan.withholds(state)
        if state.error is None:
            warnings.extend(state.warnings)
            if reason is None:
                good.append(state)
            else:
                withheld.append((state, reason))
        elif reason is None:
            errors.append(state.error)
        else:
            warnings.extend(
                _left_out_warning(problem, reason) for problem in state.error.problems
            )
    kept, clashes = drop_duplicates(good, pattern=pattern)
    if not withheld:
        return kept, errors + clashes, tuple(warnings)
    by_id = {state.id: state for state in kept}
    by_url = {state.url: state for state in kept}
    for state, reason in withheld:
        clash, what = by_id.get(state.id), "id"
        if clash is None:
            clash, what = by_url.get(state.url), "url"
        if clash is None:
            kept.append(state)  # (chosen by none, counted when nothing is)
        else:
            problem = clash_error(state, clash, what, pattern=pattern)
            warnings.append(_left_out_warning(problem, reason))
    return kept, errors + clashes, tuple(warnings)


def _left_out_warning(problem: ArticleError, reason: str) -> str:
    return f"{problem} (only a warning: the article is left out, {reason})"


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
        ArticleError: two articles have the same ``source``.
    """
    from summitfeed._render.plan import plan_feeds

    candidates = list(articles)
    shared = _shared_sources(candidates)
    if shared:
        raise shared[0]
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


def _shared_sources(articles: Sequence[Article]) -> list[ArticleError]:
    """A problem for each article whose ``source`` an earlier one has.

    The source names an article wherever one is told from another (each
    document renders an article once, by its source): two must not share it.
    """
    if len({article.source for article in articles}) == len(articles):
        return []  # the usual case, one pass
    seen: set[str] = set()
    problems = []
    for article in articles:
        if article.source in seen:
            problems.append(
                ArticleError(
                    article.source,
                    "is the source of more than one article; give each article "
                    "its own source (e.g. db:41 and db:42)",
                )
            )
        seen.add(article.source)
    return problems


def _nothing_message(
    articles: Sequence[Article] | Sequence[FileState], *, now: dt.datetime
) -> str:
    drafts = sum(a.draft for a in articles)
    hidden = sum(not a.in_feeds for a in articles)
    moment = micros(now)
    future = sum(
        (a.published if isinstance(a.published, int) else micros(a.published)) > moment
        for a in articles
    )
    expired = sum(
        a.expires is not None
        and (a.expires if isinstance(a.expires, int) else micros(a.expires)) < moment
        for a in articles
    )
    expired_part = f", {expired} expired" if expired else ""
    return (
        f"nothing to publish: {len(articles)} article(s) read, {drafts} draft(s), "
        f"{future} dated after {now.isoformat()}, "
        f"{hidden} kept out of feeds (feed: false, or a page)"
        f"{expired_part} (use --drafts or --future to include them)"
    )


def render_feeds(
    feeds: Iterable[Feed], *, formats: Sequence[FeedFormat]
) -> dict[str, bytes]:
    """Every document of ``feeds`` in ``formats``, by path under the output folder.

    With the site's ``preview`` on, the RSS and Atom documents link the
    preview stylesheet, which is added to the result with ``feeds.html``.
    """
    from summitfeed._write.files import joined

    documents = _render_feeds(feeds, formats=formats, helper=None, fragments=None)
    return {name: joined(data) for name, data in documents.items()}


def _document_tasks(
    feeds: Sequence[Feed], formats: Sequence[FeedFormat]
) -> list[tuple[Feed, FeedFormat]]:
    """Each document to render: a feed in one of its formats."""
    from summitfeed._render.plan import feed_formats

    return [
        (feed, fmt) for feed in feeds for fmt in feed_formats(feed) if fmt in formats
    ]


def _large(tasks: Sequence[tuple[Feed, FeedFormat]]) -> bool:
    """Whether these documents hold so many items that the cache does not
    keep their fragments (a store of every item's XML would cost more than it
    saves), and that they are rendered on every core when many of their items
    are not written yet."""
    return sum(len(feed.items) for feed, _ in tasks) >= PARALLEL_FROM


def _render_feeds(
    feeds: Iterable[Feed],
    *,
    formats: Sequence[FeedFormat],
    helper: RenderHelper | None,
    fragments: Fragments | None,
    meanwhile: Callable[[], object] = lambda: None,
) -> dict[str, FileContent]:
    """As :func:`render_feeds`, some documents as their pieces (FileContent);
    small documents by ``helper`` when there is one,
    while this process runs ``meanwhile()``, with the items in ``fragments``
    (rendered before) not rendered again, and those rendered now added.
    Large documents (:func:`_large`) are made here from ``fragments``, or
    rendered on every core when PARALLEL_FROM or more of their items are not
    in it; either way they are returned as their pieces, not joined."""
    from summitfeed._render.preview import preview_documents

    feeds = tuple(feeds)
    tasks = _document_tasks(feeds, formats)
    documents: dict[str, FileContent] = {}
    rendered: list[FileContent] | None = None
    large = _large(tasks)
    # A helper gets the RSS and Atom documents; this process renders the JSON
    # ones meanwhile (they need no XML library loaded here). The helper is
    # told which items this process has fragments for, renders the others,
    # and sends back each document without its items: only what changed
    # crosses between the two.
    by_helper = [task for task in tasks if task[1] != "json"]
    have: Fragments = {} if fragments is None else fragments  # (kept or not)
    if helper is not None and feeds and not large:
        known: dict[str, set[str]] = {
            fmt: set(have.get(fmt, ())) for _, fmt in by_helper
        }
        helper.send(_without_known_content(by_helper, known), known)
    meanwhile()
    if not feeds:
        rendered = []
    elif large and _unwritten(tasks, have) >= PARALLEL_FROM:
        # Large documents with many items to write: one format per core.
        groups = _balanced_groups(tasks, count=cores())
        results = run_in_workers(
            _render_shared_group,
            range(len(groups)),
            site=feeds[0].site,
            shared=(tasks, groups, have),
            at_least=2,
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
    return documents


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


def _fragments_by_stamp(
    fragments: Fragments, wanted: Sequence[FileState]
) -> dict[Stamp, dict[str, bytes]]:
    """The fragments of the wanted files' items, by stamp, for the next build."""
    by_stamp: dict[Stamp, dict[str, bytes]] = {}
    for state in wanted:
        formats = {
            fmt: bytes(by_path[state.source])  # (a view of a spool: copied)
            for fmt, by_path in fragments.items()
            if state.source in by_path
        }
        if formats:
            by_stamp[state.stamp] = formats
    return by_stamp


def _document_sizes(
    documents: Mapping[str, FileContent], stamps: Mapping[str, tuple[int, int]]
) -> dict[str, int]:
    """The size of each output document: as rendered, else as last written."""
    if documents:
        from summitfeed._write.files import content_size

        return {name: content_size(data) for name, data in documents.items()}
    return {name: size for name, (size, _) in stamps.items()}


def _output_stamps(
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


_SnapshotInputs = tuple[
    str, tuple[tuple[str, str], ...], int | None, tuple[tuple[str, str, int], ...]
]


def _snapshot_inputs(
    states: Sequence[FileState],
    listing: Listing,
    *,
    options: str,
    now: dt.datetime,
    include_drafts: bool,
    include_future: bool,
) -> _SnapshotInputs:
    """What the next build checks of the inputs to know that nothing changed:
    the listing's digest, the files read too recently to trust their time,
    when the first future article comes due, and the local images used."""
    moment = micros(now)
    # A future article a feed would hold once its date comes.
    later = RenderPlan(moment, include_drafts, include_future=True)
    racy: list[tuple[str, str]] = []
    images: set[tuple[str, str, int]] = set()
    due = []
    for state in states:  # one pass: a site may have 100,000 files
        if state.mtime_ns < 0:
            racy.append((state.source, state.digest))
        if state.images:
            images.update(state.images)
        if state.published > moment and not include_future and later.wants(state):
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


def build_from_listing(
    root: str,
    listing: Listing,
    out_root: Path,
    *,
    site: Site,
    moment: dt.datetime,
    cache: BuildCache | None,
    options: str,
    include_drafts: bool,
    include_future: bool,
    lenient: bool,
    dry_run: bool,
    progress: Progress | None,
    helper: RenderHelper | None,
) -> BuildReport:
    """What :func:`summitfeed.build` does when the files may have changed.

    ``listing`` is every article file with its size and time; ``options``
    the build's options as the snapshot records them; ``helper`` renders
    small documents when there is one.
    """
    # Builds that publish every article render each one as it is read.
    needs_all = renders_every_article(site)
    plan = RenderPlan(
        micros(moment),
        include_drafts,
        include_future,
        0 if needs_all else site.limit,
        site.formats if needs_all else (),
    )
    forget_site_links()  # (what articles link to is looked up anew)
    index = read_index(
        root, site=site, cache=cache, progress=progress, plan=plan, listing=listing
    )
    kept, errors, warnings = _sort_problems(index.states, plan, pattern=site.permalink)
    warnings = group_template_warnings(warnings)
    if errors and not lenient:
        raise BuildError(errors)
    # Only these articles can reach a document; the output is a function of
    # them (and of the settings, which name the cache folder).
    wanted = choose(
        kept,
        now=moment,
        include_drafts=include_drafts,
        include_future=include_future,
        limit=0 if needs_all else site.limit,
    )
    if not wanted:
        raise NothingToPublish(_nothing_message(kept, now=moment))
    documents_key = hashlib.blake2b(
        repr([state.stamp for state in wanted]).encode("utf-8", "surrogatepass"),
        digest_size=16,
    ).hexdigest()
    from summitfeed._incremental.codec import documents_from

    stored = cache.load("documents", documents_from) if cache is not None else None
    inputs: list[_SnapshotInputs] = []

    def prepare_snapshot() -> None:
        if cache is not None and not dry_run:
            inputs.append(
                _snapshot_inputs(
                    index.states,
                    listing,
                    options=options,
                    now=moment,
                    include_drafts=include_drafts,
                    include_future=include_future,
                )
            )

    rendered = 0
    feeds: tuple[Feed, ...] = ()
    documents: dict[str, FileContent] = {}
    written: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    raced = False
    if (
        stored is not None
        and len(stored) == 3
        and stored[0] == documents_key
        and not dry_run
        and outputs_unchanged(out_root, stored[1])
    ):
        # Same inputs, and the files are as this cache last wrote them.
        stamps: Mapping[str, tuple[int, int]] = stored[1]
        counts: Mapping[str, int] = stored[2]
        unchanged = tuple(sorted(out_root.resolve() / name for name in stamps))
        prepare_snapshot()
    else:
        items, rendered, raced, to_keep = _feed_items(
            wanted, site=site, root=root, cache=cache, fresh=index.items
        )
        feeds = build_feeds(
            site,
            [item.article for item in items.values()],
            now=moment,
            include_drafts=include_drafts,
            include_future=include_future,
            render=lambda article: items[article.source],
        )
        # Items already written as documents hold them: while reading (when
        # every article is rendered), or by an earlier build: kept in the
        # cache for small feeds, found in the documents it wrote for large
        # ones (a store of every item's XML would cost more than it saves).
        fragments: Fragments | None = None
        tasks = _document_tasks(feeds, site.formats)
        large = _large(tasks)
        if not raced:  # (else the items are not all those the index read)
            earlier: Mapping[Stamp, Mapping[str, Fragment]] = {}
            if cache is not None and large:
                from summitfeed._incremental.splice import written_fragments

                earlier = written_fragments(cache, out_root, wanted)
            elif cache is not None:
                from summitfeed._incremental.codec import fragments_from

                earlier = cache.load("fragments", fragments_from) or {}
            store = {**earlier, **index.fragments}
            fragments = {}
            for state in wanted:
                for fmt, xml in store.get(state.stamp, {}).items():
                    fragments.setdefault(fmt, {})[state.source] = xml

        def keep_items() -> None:
            if cache is not None and to_keep is not None:
                from summitfeed._incremental.codec import items_plain

                cache.save("items", lambda: items_plain(to_keep))

        def meanwhile() -> None:  # (while the helper renders, if there is one)
            if not large or dry_run:
                keep_items()
            prepare_snapshot()

        documents = _render_feeds(
            feeds,
            formats=site.formats,
            helper=helper,
            fragments=fragments,
            meanwhile=meanwhile,
        )
        if cache is not None and not large and fragments and not dry_run:
            cache.save("fragments", _fragments_by_stamp(fragments, wanted))
        counts = {
            feed.file_name(fmt): len(feed.items)
            for feed in feeds
            for fmt in site.formats
        }
        stamps = {}
        if not dry_run:
            from summitfeed._write.files import write_output

            # A large build's items are kept while its documents are written:
            # both are mostly the kernel copying into its page cache.
            background = large and cache is not None and to_keep is not None
            items_kept = _in_background(keep_items) if background else lambda: None
            try:
                result = write_output(out_root, documents)
            except BaseException:
                with contextlib.suppress(BaseException):  # (the first error wins)
                    items_kept()
                raise
            items_kept()
            written, unchanged = result.written, result.unchanged
            stamps = _output_stamps(out_root, documents)
            if cache is not None and not raced:
                # (After a file changed mid-build the output is not what the
                # index describes: the next build must not take it as current.)
                cache.save("documents", (documents_key, stamps, counts))
                if large:
                    from summitfeed._incremental.splice import keep_ranges

                    keep_ranges(cache, out_root, tasks, documents, wanted)
    warnings += large_document_warnings(_document_sizes(documents, stamps), site)
    if cache is not None and inputs and not raced:
        listing_key, racy, valid_until, images = inputs[0]
        snapshot = Snapshot(
            listing=listing_key,
            racy=racy,
            valid_until=valid_until,
            images=images,
            outputs=dict(stamps),
            counts=dict(counts),
            articles=len(index.states),
            warnings=warnings,
            skipped=tuple(errors),
        )
        cache.save("snapshot", snapshot.plain)
    files: Mapping[str, bytes] = {}
    if documents:  # (joined from their pieces when read)
        from summitfeed._write.files import JoinedContents

        files = JoinedContents(documents)
    return BuildReport(
        articles=len(index.states),
        feeds=feeds,
        written=written,
        unchanged=unchanged,
        skipped=tuple(errors),
        warnings=warnings,
        rendered=rendered,
        cached=index.cached,
        files=files,
        item_counts=counts,
    )


def build_from_articles(
    articles: Iterable[Article],
    out_root: Path,
    *,
    site: Site,
    moment: dt.datetime,
    include_drafts: bool,
    include_future: bool,
    lenient: bool,
    dry_run: bool,
) -> BuildReport:
    """What :func:`summitfeed.build` does with articles given, not a folder:
    the same checks across articles, the same documents, the same writing.

    Articles held in memory have no file to stamp, so no cache is kept: all
    are rendered every time (the writing still leaves unchanged files alone).
    """
    given = list(articles)
    shared = _shared_sources(given)
    # Of each source, the first article given is kept (as the first by path).
    by_source: dict[str, Article] = {}
    for article in given:
        by_source.setdefault(article.source, article)
    kept, clashes = drop_duplicates(by_source.values(), pattern=site.permalink)
    errors = [*shared, *(_in_memory(error, by_source) for error in clashes)]
    if errors and not lenient:
        raise BuildError(errors)
    feeds = build_feeds(
        site,
        kept,
        now=moment,
        include_drafts=include_drafts,
        include_future=include_future,
    )
    documents = render_feeds(feeds, formats=site.formats)
    written: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    if not dry_run:
        from summitfeed._write.files import write_output

        result = write_output(out_root, documents)
        written, unchanged = result.written, result.unchanged
    rendered = {id(item.article) for feed in feeds for item in feed.items}
    return BuildReport(
        articles=len(given),
        feeds=feeds,
        written=written,
        unchanged=unchanged,
        skipped=tuple(errors),
        rendered=len(rendered),
        files=documents,
        item_counts={
            feed.file_name(fmt): len(feed.items)
            for feed in feeds
            for fmt in site.formats
        },
    )


def _in_memory(error: ArticleError, by_source: Mapping[str, Article]) -> ArticleError:
    """An id or URL clash as told for an article held in memory: without the
    line and key found by reading its file again, which it does not come from."""
    if by_source[error.path].body is None:
        return error
    return type(error)(error.path, error.message)


def _in_background(work: Callable[[], None]) -> Callable[[], None]:
    """Start ``work`` in a thread of its own; the function returned waits for
    it and raises what it raised."""
    import threading

    raised: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as exc:  # (raised again by the one who waits)
            raised.append(exc)

    thread = threading.Thread(target=run, name="summitfeed-keep")
    thread.start()

    def wait() -> None:
        thread.join()
        if raised:
            raise raised[0]

    return wait
