"""The build, as a straight line of stages: read, check, choose, render, write.

:func:`summitfeed._build.build` first asks the cache's snapshot whether
anything changed (:mod:`summitfeed._incremental.snapshot`): when nothing did,
the build is over after one walk of the content folder, and this module is
never loaded. Otherwise :func:`build_from_listing` runs each stage once, in
this order:

1. ``read_index``: every file's state, read again only where it changed
   (:mod:`summitfeed._incremental.index`, over :mod:`summitfeed._read`);
2. ``_checked``: the problems and warnings, one article per id and URL;
3. ``_chosen``: the articles the feeds hold, by the one selection rule
   (:mod:`summitfeed._render.select`);
4. the documents' key: when the chosen files and the written documents are
   as the last build left them, nothing is rendered or written;
5. ``gather_items``: each chosen article's feed item, from the cache or
   rendered now (:mod:`summitfeed._incremental.items`), and the fragments
   its documents hold already; ``with_content`` renders again an item kept
   without its content where no fragment holds it;
6. ``plan_feeds``: the feed documents (:mod:`summitfeed._render.plan`);
7. ``render_documents``: their bytes, from fragments rendered before where
   they can (:mod:`summitfeed._incremental.documents`);
8. ``write_output``: one transaction in the output folder
   (:mod:`summitfeed._write.files`);
9. ``_remember``: the snapshot the next build checks.

Which way each stage goes (every core or one, shared memory, fragments from
the documents written before) is the build's
:class:`~summitfeed._incremental.policy.Mode`, decided once at the start;
every way gives the same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from summitfeed._errors import ArticleError, BuildError, NothingToPublish
from summitfeed._incremental import policy
from summitfeed._incremental.cache import BuildCache
from summitfeed._incremental.documents import heads_from, render_documents
from summitfeed._incremental.index import FileState, Index, RenderPlan, read_index
from summitfeed._incremental.items import (
    Items,
    earlier_fragments,
    gather_items,
    keep_items,
    with_content,
)
from summitfeed._incremental.snapshot import (
    Snapshot,
    SnapshotInputs,
    output_stamps,
    request_options,
    snapshot_inputs,
)
from summitfeed._incremental.stamps import Inputs, outputs_unchanged
from summitfeed._model import Article, BuildReport, Feed, FeedFormat, Request
from summitfeed._parallel import Progress
from summitfeed._read.discover import Listing
from summitfeed._read.duplicates import clash_error, drop_duplicates
from summitfeed._read.links import forget_site_links
from summitfeed._render.document import (
    Fragments,
    document_tasks,
    head_key,
    render_feeds,
)
from summitfeed._render.item import large_document_warnings
from summitfeed._render.parts import DocumentParts
from summitfeed._render.plan import build_feeds, plan_feeds, shared_sources
from summitfeed._render.select import (
    Selection,
    nothing_message,
    publishable,
    rule_of,
)
from summitfeed._templates import group_template_warnings

if TYPE_CHECKING:
    from summitfeed._write.files import FileContent


@dataclass(frozen=True, slots=True)
class _Output:
    """What the rendering and writing stages did: the feeds and documents
    (both empty when the written ones were current), the files written and
    left unchanged, each output file's size and change time, the items per
    document, and whether a file changed while the build ran."""

    feeds: tuple[Feed, ...]
    documents: Mapping[str, FileContent]
    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]
    stamps: Mapping[str, tuple[int, int]]
    counts: Mapping[str, int]
    rendered: int = 0
    raced: bool = False


def build_from_listing(
    root: str,
    listing: Listing,
    request: Request,
    *,
    cache: BuildCache | None,
    last: Snapshot | None,
    mode: policy.Mode,
    progress: Progress | None = None,
) -> BuildReport:
    """What :func:`summitfeed.build` does when the files may have changed.

    ``listing`` is every article file under ``root`` with its size and time;
    ``last`` the snapshot the last build left, if any.
    """
    site = request.site
    forget_site_links()  # (what articles link to is looked up anew)
    rule = rule_of(request)
    # Every article the feeds may hold is rendered as it is read, or only the
    # newest `limit` (the best of each worker's share).
    limit = 0 if mode.every_article else site.limit
    formats = site.formats if mode.every_article else ()
    plan = RenderPlan(rule, limit, formats, hollow=mode.hollow_items)
    index = read_index(
        root, listing, site=site, cache=cache, mode=mode, plan=plan, progress=progress
    )
    kept, errors, warnings = _checked(index, rule, request)
    chosen = _chosen(kept, rule, limit, request)
    key = _documents_key(chosen)
    output = _written_before(last, key, request)
    if output is None:
        output = _render_and_write(chosen, index, root, request, cache=cache, mode=mode)
    sizes = _document_sizes(output.documents, output.stamps)
    warnings += large_document_warnings(sizes, site)
    if cache is not None and not request.dry_run and not output.raced:
        inputs = _snapshot_inputs(index.states, listing, request)
        _remember(cache, inputs, key, index, output, warnings, errors)
    return _report(index, output, warnings, errors)


def _checked(
    index: Index, rule: Selection, request: Request
) -> tuple[list[FileState], list[ArticleError], tuple[str, ...]]:
    """The good articles, the problems and the warnings; in strict mode a
    problem ends the build here, before anything is written."""
    kept, errors, warnings = _sort_problems(
        index.states, rule, pattern=request.site.permalink
    )
    if errors and not request.lenient:
        raise BuildError(errors)
    return kept, errors, group_template_warnings(warnings)


def _sort_problems(
    states: Sequence[FileState], rule: Selection, *, pattern: str | None = None
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
        reason = rule.withholds(state)
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


def _chosen(
    kept: Sequence[FileState], rule: Selection, limit: int, request: Request
) -> list[FileState]:
    """The articles the feeds can hold, newest first (the first ``limit``
    only, unless 0): the output is a function of them (and of the settings,
    which name the cache folder)."""
    chosen = rule.newest_first(kept, limit)
    if not chosen:
        raise NothingToPublish(nothing_message(kept, now=request.moment))
    return chosen


def _documents_key(chosen: Sequence[FileState]) -> str:
    """What the documents are a function of (with the settings)."""
    stamps = repr([state.stamp for state in chosen])
    data = stamps.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _written_before(
    last: Snapshot | None, key: str, request: Request
) -> _Output | None:
    """The output as the last build wrote it, when it was made from the same
    articles and its files are still as written; else None."""
    if last is None or request.dry_run or last.documents != key:
        return None
    if not outputs_unchanged(request.out_root, last.outputs):
        return None
    stamps = last.outputs
    unchanged = tuple(sorted(request.out_root.resolve() / name for name in stamps))
    return _Output((), {}, (), unchanged, stamps, last.counts)


def _render_and_write(
    chosen: Sequence[FileState],
    index: Index,
    root: str,
    request: Request,
    *,
    cache: BuildCache | None,
    mode: policy.Mode,
) -> _Output:
    """Render the chosen articles' documents and write them."""
    site = request.site
    items, feeds, tasks, fragments = _items_and_fragments(
        chosen, index, root, request, cache=cache, mode=mode
    )
    documents = _documents(feeds, tasks, fragments, request, cache=cache, mode=mode)
    counts = {
        feed.file_name(fmt): len(feed.items) for feed in feeds for fmt in site.formats
    }
    output = _Output(feeds, documents, (), (), {}, counts, items.rendered, items.raced)
    if request.dry_run:
        keep_items(cache, items, hollow=False)  # (no document holds their content)
        return output
    output = _write(output, items, request, cache=cache, mode=mode)
    # (Nothing rendered is kept after a file changed mid-build: a fragment
    # of it is of bytes other than those its stamp names.)
    if cache is not None and not items.raced and mode.splice:
        from summitfeed._incremental.splice import keep_ranges

        keep_ranges(cache, request.out_root, tasks, documents, chosen)
    return output


def _items_and_fragments(
    chosen: Sequence[FileState],
    index: Index,
    root: str,
    request: Request,
    *,
    cache: BuildCache | None,
    mode: policy.Mode,
) -> tuple[Items, tuple[Feed, ...], list[tuple[Feed, FeedFormat]], Fragments]:
    """The chosen articles' items, their feeds and documents (feed, format),
    and the fragments those documents hold already."""
    site = request.site
    items = gather_items(
        chosen,
        site=site,
        root=root,
        cache=cache,
        fresh=index.items,
        fresh_hollow=index.fragments.keys() if mode.hollow_items else frozenset(),
        mode=mode,
    )
    feeds = _feeds(chosen, items, request)
    tasks = document_tasks(feeds, site.formats)
    fragments: Fragments = {}
    if not items.raced:  # (else its fragments are of bytes other than its stamp's)
        fragments = earlier_fragments(
            chosen,
            fresh=index.fragments,
            cache=cache,
            out_root=request.out_root,
            mode=mode,
        )
    # An item that came without its content (kept so by the command's last
    # build) is rendered again where a document lacks its fragment, or where
    # the caller reads the report's items; should its file change meanwhile,
    # no fragment is used at all.
    every = not mode.hollow_items
    whole = with_content(
        items, chosen, tasks, fragments, site=site, root=root, mode=mode, every=every
    )
    if whole.raced and not items.raced:
        fragments = {}
        feeds = _feeds(chosen, whole, request)
        tasks = document_tasks(feeds, site.formats)
        whole = with_content(
            whole, chosen, tasks, {}, site=site, root=root, mode=mode, every=every
        )
    if whole is not items:  # (the feeds hold the items rendered again)
        items, feeds = whole, _feeds(chosen, whole, request)
        tasks = document_tasks(feeds, site.formats)
    return items, feeds, tasks, fragments


def _feeds(
    chosen: Sequence[FileState], items: Items, request: Request
) -> tuple[Feed, ...]:
    """The feed documents of the chosen articles' items."""
    articles = [items.by_path[state.source].article for state in chosen]
    if items.raced:
        # A file changed while the build ran: its article, read again, may
        # have other dates or be a draft now, so the rule chooses again.
        articles = publishable(
            articles,
            now=request.moment,
            include_drafts=request.include_drafts,
            include_future=request.include_future,
        )
    by_path = items.by_path
    return plan_feeds(request.site, articles, lambda article: by_path[article.source])


def _documents(
    feeds: Sequence[Feed],
    tasks: Sequence[tuple[Feed, FeedFormat]],
    fragments: Fragments,
    request: Request,
    *,
    cache: BuildCache | None,
    mode: policy.Mode,
) -> dict[str, FileContent]:
    """The documents' bytes, around the parts made before where the feeds
    are the same; the parts of this build's documents kept for the next."""
    stored = _stored_heads(cache)
    heads = dict(stored)
    documents = render_documents(
        feeds,
        formats=request.site.formats,
        mode=mode,
        fragments=fragments,
        heads=heads,
    )
    if cache is not None and not request.dry_run:
        _keep_heads(cache, heads, stored.keys(), tasks)
    return documents


def _stored_heads(cache: BuildCache | None) -> dict[str, DocumentParts]:
    """The parts of the documents but for their items, as made before."""
    if cache is None:
        return {}
    return cache.load("heads", heads_from) or {}


def _keep_heads(
    cache: BuildCache,
    heads: Mapping[str, DocumentParts],
    stored: Set[str],
    tasks: Sequence[tuple[Feed, FeedFormat]],
) -> None:
    """Keep the parts of this build's documents (only theirs), unless the
    cache holds just those already."""
    keys = {head_key(task) for task in tasks}
    if keys != stored:
        cache.save("heads", {key: tuple(heads[key]) for key in keys if key in heads})


def _write(
    output: _Output,
    items: Items,
    request: Request,
    *,
    cache: BuildCache | None,
    mode: policy.Mode,
) -> _Output:
    """Write the documents and keep the items meanwhile (both are mostly
    the kernel copying into its page cache)."""
    from summitfeed._write.files import write_output

    background = cache is not None and items.to_keep is not None
    keep = partial(keep_items, cache, items, hollow=mode.hollow_items)
    kept = _in_background(keep) if background else None
    try:
        result = write_output(
            request.out_root, output.documents, threads_from=mode.threads_write_from
        )
    except BaseException:
        if kept is not None:
            with contextlib.suppress(BaseException):  # (the first error wins)
                kept()
        raise
    if kept is not None:
        kept()
    return replace(
        output,
        written=result.written,
        unchanged=result.unchanged,
        stamps=output_stamps(request.out_root, output.documents),
    )


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


def _document_sizes(
    documents: Mapping[str, FileContent], stamps: Mapping[str, tuple[int, int]]
) -> dict[str, int]:
    """The size of each output document: as rendered, else as last written."""
    if documents:
        from summitfeed._write.files import content_size

        return {name: content_size(data) for name, data in documents.items()}
    return {name: size for name, (size, _) in stamps.items()}


def _snapshot_inputs(
    states: Sequence[FileState], listing: Listing, request: Request
) -> SnapshotInputs:
    return snapshot_inputs(
        states,
        listing,
        options=request_options(request),
        now=request.moment,
        include_drafts=request.include_drafts,
        include_future=request.include_future,
    )


def _remember(
    cache: BuildCache,
    inputs: SnapshotInputs,
    key: str,
    index: Index,
    output: _Output,
    warnings: tuple[str, ...],
    errors: Sequence[ArticleError],
) -> None:
    """Keep the snapshot a next build checks to know that nothing changed
    (never after a file changed while the build ran: the output is then not
    what the index describes)."""
    listing_key, racy, valid_until, images = inputs
    snapshot = Snapshot(
        inputs=Inputs(listing_key, racy, valid_until, images, dict(output.stamps)),
        documents=key,
        counts=dict(output.counts),
        articles=len(index.states),
        warnings=warnings,
        skipped=tuple(errors),
    )
    cache.save("snapshot", snapshot.plain)


def _report(
    index: Index,
    output: _Output,
    warnings: tuple[str, ...],
    errors: Sequence[ArticleError],
) -> BuildReport:
    files: Mapping[str, bytes] = {}
    if output.documents:  # (joined from their pieces when read)
        from summitfeed._write.files import JoinedContents

        files = JoinedContents(output.documents)
    return BuildReport(
        articles=len(index.states),
        feeds=output.feeds,
        written=output.written,
        unchanged=output.unchanged,
        skipped=tuple(errors),
        warnings=warnings,
        rendered=output.rendered,
        cached=index.cached,
        files=files,
        item_counts=output.counts,
    )


def build_from_articles(articles: Iterable[Article], request: Request) -> BuildReport:
    """What :func:`summitfeed.build` does with articles given, not a folder:
    the same checks across articles, the same documents, the same writing.

    Articles held in memory have no file to stamp, so no cache is kept: all
    are rendered every time (the writing still leaves unchanged files alone).
    """
    site = request.site
    given = list(articles)
    shared = shared_sources(given)
    # Of each source, the first article given is kept (as the first by path).
    by_source: dict[str, Article] = {}
    for article in given:
        by_source.setdefault(article.source, article)
    kept, clashes = drop_duplicates(by_source.values(), pattern=site.permalink)
    errors = [*shared, *(_in_memory(error, by_source) for error in clashes)]
    if errors and not request.lenient:
        raise BuildError(errors)
    feeds = build_feeds(
        site,
        kept,
        now=request.moment,
        include_drafts=request.include_drafts,
        include_future=request.include_future,
    )
    documents = render_feeds(feeds, formats=site.formats)
    written: tuple[Path, ...] = ()
    unchanged: tuple[Path, ...] = ()
    if not request.dry_run:
        from summitfeed._write.files import write_output

        result = write_output(request.out_root, documents)
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
