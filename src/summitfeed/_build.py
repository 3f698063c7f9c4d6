"""``build()``: a build with nothing changed is told from the file listing alone.

This module loads little: when the cache's snapshot shows that the article
files, the local images and the output files are as the last build left them
(:mod:`summitfeed._incremental.snapshot`), the build is over after one walk of the
content folder. Otherwise :func:`summitfeed._pipeline.build_from_listing`
reads, checks, renders and writes.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from summitfeed._incremental.cache import BuildCache, cache_key
from summitfeed._incremental.helper import RenderHelper
from summitfeed._incremental.snapshot import Snapshot, micros
from summitfeed._read.discover import source_listing

if TYPE_CHECKING:
    from summitfeed._errors import ArticleError
    from summitfeed._model import Article, Feed, Site

__all__ = ["BuildReport", "build", "build_options", "renders_every_article"]


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


def renders_every_article(site: Site) -> bool:
    """Whether a build renders every article it may publish (a full feed,
    archives or tag feeds) rather than the newest ``limit`` only."""
    return site.limit == 0 or site.archive_size > 0 or site.tag_feeds


def build_options(
    *, include_drafts: bool, include_future: bool, lenient: bool, out_root: Path
) -> str:
    """The build's options as its snapshot records them (with the working folder)."""
    return repr(
        (include_drafts, include_future, lenient, str(Path.cwd()), str(out_root))
    )


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
    progress: Callable[[int, int], None] | None = None,
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
    moment = now or dt.datetime.now(dt.UTC)
    if articles is not None:
        if content_dir is not None:
            from summitfeed._errors import ConfigError

            raise ConfigError(
                "give the articles or a content folder to build from, not both"
            )
        from summitfeed._pipeline import build_from_articles

        return build_from_articles(
            articles,
            Path(out_dir if out_dir is not None else site.output_dir),
            site=site,
            moment=moment,
            include_drafts=include_drafts,
            include_future=include_future,
            lenient=lenient,
            dry_run=dry_run,
        )
    # The cycle collector would walk the tens of thousands of small states a
    # build holds, again and again, for nothing: they hold no cycles. Off
    # for the build, as it was before afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(
            content_dir,
            out_dir,
            site=site,
            moment=moment,
            include_drafts=include_drafts,
            include_future=include_future,
            lenient=lenient,
            dry_run=dry_run,
            use_cache=use_cache,
            progress=progress,
        )
    finally:
        if collecting:
            gc.enable()


def _build(
    content_dir: str | os.PathLike[str] | None,
    out_dir: str | os.PathLike[str] | None,
    *,
    site: Site,
    moment: dt.datetime,
    include_drafts: bool,
    include_future: bool,
    lenient: bool,
    dry_run: bool,
    use_cache: bool,
    progress: Callable[[int, int], None] | None,
) -> BuildReport:
    cache = None
    if use_cache:
        cache = BuildCache(site.cache_dir, key=cache_key(site))
    root, listing = source_listing(content_dir, site=site)
    out_root = Path(out_dir if out_dir is not None else site.output_dir)
    options = build_options(
        include_drafts=include_drafts,
        include_future=include_future,
        lenient=lenient,
        out_root=out_root,
    )
    snapshot = (
        cache.load("snapshot", Snapshot.from_plain) if cache is not None else None
    )
    if (
        snapshot is not None
        and not dry_run
        and snapshot.is_current(
            listing, options=options, now=micros(moment), out_root=out_root
        )
    ):
        return BuildReport(
            articles=snapshot.articles,
            feeds=(),
            written=(),
            unchanged=tuple(
                sorted(out_root.resolve() / name for name in snapshot.outputs)
            ),
            skipped=snapshot.skipped,
            warnings=snapshot.warnings,
            rendered=0,
            cached=snapshot.articles,
            files={},
            item_counts=snapshot.counts,
        )
    # Something changed. Small documents will be rendered: a helper loads the
    # feed writers on the other core meanwhile (not earlier: loading them
    # beside the folder walk slows the walk, and a build with nothing changed
    # never needs them).
    helper = None if renders_every_article(site) else RenderHelper.start()
    try:
        from summitfeed._pipeline import build_from_listing

        return build_from_listing(
            root,
            listing,
            out_root,
            site=site,
            moment=moment,
            cache=cache,
            options=options,
            include_drafts=include_drafts,
            include_future=include_future,
            lenient=lenient,
            dry_run=dry_run,
            progress=progress,
            helper=helper,
        )
    finally:
        if helper is not None:
            helper.close()
