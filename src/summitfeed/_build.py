"""``build()``: a build with nothing changed is told from the file listing alone.

This module loads little: when the cache's snapshot shows that the article
files, the local images and the output files are as the last build left them
(:mod:`summitfeed._incremental.snapshot`), the build is over after one walk of
the content folder, and nothing else of the build loads. Otherwise
:func:`summitfeed._pipeline.build_from_listing` reads, checks, renders and
writes, stage after stage.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from summitfeed._dates import micros
from summitfeed._errors import ConfigError
from summitfeed._incremental.cache import BuildCache, cache_key
from summitfeed._incremental.snapshot import Snapshot, request_options
from summitfeed._model import Article, BuildReport, Request, Site
from summitfeed._read.discover import Listed, Listing, source_listing

if TYPE_CHECKING:
    from summitfeed._parallel import Progress


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
    progress: Progress | None = None,
    articles: Iterable[Article] | None = None,
) -> BuildReport:
    """Read the articles and write the feeds: what ``summitfeed build`` does.

    Strict by default: any article problem raises :class:`BuildError` and no
    file is touched. With ``lenient``, bad articles are left out and reported
    in ``BuildReport.skipped``. The cache lives in ``site.cache_dir``.
    ``progress(done, total)`` is told how many files have been read.

    With ``articles`` (from :func:`summitfeed.parse_article` and its kin, or
    read before), those are published instead of a content folder's: checked
    across one another as files are (ids, URLs), rendered and written the
    same way; no cache is kept for them.

    Raises:
        BuildError: problems in articles (strict mode).
        NothingToPublish: no article may enter a feed.
        OutputError: a file could not be written.
        ConfigError: both ``content_dir`` and ``articles`` are given.
    """
    request = Request(
        site=site,
        moment=now or dt.datetime.now(dt.UTC),
        include_drafts=include_drafts,
        include_future=include_future,
        lenient=lenient,
        dry_run=dry_run,
        out_root=Path(out_dir if out_dir is not None else site.output_dir),
    )
    if articles is not None:
        if content_dir is not None:
            raise ConfigError(
                "give the articles or a content folder to build from, not both"
            )
        from summitfeed._pipeline import build_from_articles

        return build_from_articles(articles, request)
    return run(content_dir, request, use_cache=use_cache, progress=progress)


def run(
    content_dir: str | os.PathLike[str] | None,
    request: Request,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
    listed: Listed | None = None,
    reports_items: bool = True,
) -> BuildReport:
    """A build of the articles under ``content_dir``: :func:`build`'s work,
    and the command's, which may hand over the listing its quick check made
    (``listed``) and reads no items of the report (``reports_items``: the
    build may then hold them without the content its documents hold)."""
    # The cycle collector would walk the tens of thousands of small states a
    # build holds, again and again, for nothing: they hold no cycles. Off
    # for the build, as it was before afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(
            content_dir,
            request,
            use_cache=use_cache,
            progress=progress,
            listed=listed,
            reports_items=reports_items,
        )
    finally:
        if collecting:
            gc.enable()


def _build(
    content_dir: str | os.PathLike[str] | None,
    request: Request,
    *,
    use_cache: bool,
    progress: Progress | None,
    listed: Listed | None,
    reports_items: bool,
) -> BuildReport:
    site = request.site
    cache = BuildCache(site.cache_dir, key=cache_key(site)) if use_cache else None
    root, listing = source_listing(content_dir, site=site, listed=listed)
    last = cache.load("snapshot", Snapshot.from_plain) if cache is not None else None
    current = _current_report(last, listing, request)
    if current is not None:
        return current
    # Something changed: only now does the rest of the build load.
    from summitfeed._incremental import policy
    from summitfeed._pipeline import build_from_listing

    return build_from_listing(
        root,
        listing,
        request,
        cache=cache,
        last=last,
        mode=policy.decide(site, reports_items=reports_items),
        progress=progress,
    )


def _current_report(
    snapshot: Snapshot | None, listing: Listing, request: Request
) -> BuildReport | None:
    """The report of the last build when its snapshot shows that the article
    files, the local images and the output files are as it left them."""
    if snapshot is None or request.dry_run:
        return None
    out_root = request.out_root
    if not snapshot.is_current(
        listing,
        options=request_options(request),
        now=micros(request.moment),
        out_root=out_root,
    ):
        return None
    return BuildReport(
        articles=snapshot.articles,
        feeds=(),
        written=(),
        unchanged=tuple(sorted(out_root.resolve() / name for name in snapshot.outputs)),
        skipped=snapshot.skipped,
        warnings=snapshot.warnings,
        rendered=0,
        cached=snapshot.articles,
        files={},
        item_counts=snapshot.counts,
    )
