"""The whole build: find, load, check, select, render, write.

``find_sources → load_article → select_articles → render_item → render_* →
write_output``. Only the Markdown of articles that enter a feed is rendered.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from ._discover import find_sources
from ._errors import ArticleError, BuildError, MetadataError, SummitfeedError
from ._feed import make_feed, render_item, select_articles
from ._model import Article, Feed, FeedFormat, Site
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


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did."""

    articles: int
    feeds: tuple[Feed, ...]
    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]
    skipped: tuple[ArticleError, ...] = ()
    warnings: tuple[str, ...] = ()
    rendered: int = 0
    cached: int = 0
    files: Mapping[str, bytes] = field(default_factory=dict)


def _display_path(root: str, relative: str) -> str:
    return relative if root in ("", ".") else f"{root.rstrip('/')}/{relative}"


def make_image_probe(site: Site, *, static_dir: Path, content_dir: Path) -> ImageProbe:
    """Byte length of a hero image that is a file of the site, else None."""
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
                if resolved.is_relative_to(root) and resolved.is_file():
                    return resolved.stat().st_size
            except OSError:
                continue
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
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(
            display, f"larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MiB (the limit)"
        )
    raw = parse_front_matter(decode_article(data, path=display), path=display)
    return normalize_article(
        raw, site=site, tz=ZoneInfo(site.timezone), probe_image=probe_image or _no_probe
    )


def _no_probe(url: str, reference: str, source: str) -> int | None:
    return None


def read_body(article: Article) -> str:
    """The Markdown body of an article, read again from its file."""
    with open(article.source, "rb") as handle:
        text = decode_article(handle.read(MAX_ARTICLE_BYTES + 1), path=article.source)
    return split_front_matter(text, path=article.source)[2]


def _duplicates(
    articles: Sequence[Article],
) -> tuple[list[Article], list[ArticleError]]:
    """Keep the first article (by path) of each id and URL; report the others."""
    kept: list[Article] = []
    errors: list[ArticleError] = []
    by_id: dict[str, Article] = {}
    by_url: dict[str, Article] = {}
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


def read_articles(
    content_dir: str | os.PathLike[str] | None = None,
    *,
    site: Site,
) -> LoadResult:
    """Read every article under ``content_dir``, collecting all problems."""
    root = os.fspath(content_dir if content_dir is not None else site.content_dir)
    if not Path(root).is_dir():
        raise _NoContent(root)
    static_dir = Path(site.static_dir or root)
    probe = make_image_probe(site, static_dir=static_dir, content_dir=Path(root))
    sources = find_sources(root, include=site.include, exclude=site.exclude)
    articles: list[Article] = []
    errors: list[ArticleError] = []
    warnings: list[str] = []
    for relative in sources:
        display = _display_path(root, relative)
        try:
            loaded = load_article(display, site=site, probe_image=probe)
        except ArticleError as exc:
            errors.append(exc)
            continue
        articles.append(loaded.article)
        warnings.extend(loaded.warnings)
    kept, clashes = _duplicates(articles)
    return LoadResult(
        articles=tuple(kept),
        errors=tuple(errors + clashes),
        warnings=tuple(warnings),
        files=len(sources),
    )


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
) -> tuple[Feed, ...]:
    """The feed documents for ``articles``: the main feed (and more to come).

    Raises:
        NothingToPublish: no article may enter a feed.
    """
    candidates = list(articles)
    chosen = select_articles(
        candidates,
        now=now,
        include_drafts=include_drafts,
        include_future=include_future,
    )
    if not chosen:
        raise NothingToPublish(_nothing_message(candidates, now=now))
    latest = chosen if site.limit == 0 else chosen[: site.limit]
    items = [render_item(article, body_of(article), site=site) for article in latest]
    return (make_feed(site, items),)


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
    """Every document of ``feeds`` in ``formats``, by path under the output folder."""
    from ._jsonfeed import render_json
    from ._xml import render_atom, render_rss

    renderers = {"rss": render_rss, "atom": render_atom, "json": render_json}
    documents: dict[str, bytes] = {}
    for feed in feeds:
        for fmt in formats:
            documents[feed.file_name(fmt)] = renderers[fmt](feed)
    return documents


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
    loaded = read_articles(content_dir, site=site)
    if loaded.errors and not lenient:
        raise BuildError(loaded.errors)
    feeds = build_feeds(
        site,
        loaded.articles,
        now=moment,
        include_drafts=include_drafts,
        include_future=include_future,
    )
    documents = render_feeds(feeds, formats=site.formats)
    rendered = sum(len(feed.items) for feed in feeds)
    if dry_run:
        written: tuple[Path, ...] = ()
        unchanged: tuple[Path, ...] = ()
    else:
        result = write_output(
            out_dir if out_dir is not None else site.output_dir, documents
        )
        written, unchanged = result.written, result.unchanged
    return BuildReport(
        articles=loaded.files,
        feeds=feeds,
        written=written,
        unchanged=unchanged,
        skipped=loaded.errors,
        warnings=loaded.warnings,
        rendered=rendered,
        files=documents,
    )
