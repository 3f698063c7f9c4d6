"""Two articles with one id or URL: the first by path is kept, the other told."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from typing import Protocol, TypeVar

from summitfeed._errors import ArticleError, MetadataError
from summitfeed._fs import read_article_file


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
