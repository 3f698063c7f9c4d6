"""Articles that are not files: from text, a mapping of fields, or a post.

For posts kept in a database, pages a generator has already parsed, or
python-frontmatter ``Post`` objects. Each way in is checked by the code that
checks a file and gives the :class:`Article` a file with the same content
gives, with its body held, so that feeds are made without any file. The same
errors are raised, ``source`` standing in for the file's path (any text:
``db:42``); a mapping has no lines, so its errors name the key alone. A hero
image of the site is measured as a build measures it (under ``static_dir``,
or beside ``source`` in ``content_dir``).

A mapping's values are read as YAML's would be: text, numbers, yes/no
values, lists (or tuples), mappings, and dates or datetimes (a naive one, or
a date, is in the site's time zone). Top-level keys are text: any other key
is read as the text YAML would have written for it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

from summitfeed._errors import ArticleError, BodyError, BuildError, FrontMatterError
from summitfeed._fs import read_article_file
from summitfeed._parallel import run_in_workers, worker_settings
from summitfeed._read.discover import source_paths
from summitfeed._read.duplicates import drop_duplicates
from summitfeed._read.files import body_from_bytes, parse_article_bytes, read_checked
from summitfeed._templates import group_template_warnings
from summitfeed._text import xml_safe

if TYPE_CHECKING:
    from summitfeed._model import Article, Site
    from summitfeed._read.frontmatter import RawArticle
    from summitfeed._read.normalize import ImageProbe, Normalized

__all__ = [
    "PostLike",
    "article_from_mapping",
    "article_from_post",
    "parse_article",
]

WarningHandler = Callable[[str], object]
"""Told each warning about an article (``source: key: what``), e.g. ``print``."""


class PostLike(Protocol):
    """What is read of a python-frontmatter ``frontmatter.Post``: its fields
    and its body (any object with these two attributes will do)."""

    @property
    def metadata(self) -> Mapping[str, object]: ...

    @property
    def content(self) -> str: ...


def parse_article(
    text: str | bytes,
    *,
    source: str | os.PathLike[str],
    site: Site,
    on_warning: WarningHandler | None = None,
) -> Article:
    """Check the whole text of one article (front matter and body), as
    though it were the file ``source``; bytes are read as a file's are.

    Raises:
        ArticleError: the text or one of its fields is wrong.
    """
    from summitfeed._fs import MAX_ARTICLE_BYTES
    from summitfeed._read.frontmatter import decode_article, parse_front_matter

    source = os.fspath(source)
    if isinstance(text, str):
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise FrontMatterError(
                source,
                f"holds a lone surrogate (U+{ord(text[exc.start]):04X}) at "
                f"offset {exc.start}, which is no character; remove it",
            ) from None
    else:
        data = bytes(text)
    if len(data) > MAX_ARTICLE_BYTES:
        limit = MAX_ARTICLE_BYTES // (1024 * 1024)
        raise ArticleError(source, f"larger than {limit} MiB (the limit)")
    raw = parse_front_matter(decode_article(data, path=source), path=source)
    return _checked(raw, site=site, on_warning=on_warning)


def article_from_mapping(
    metadata: Mapping[str, object],
    body: str,
    *,
    source: str | os.PathLike[str],
    site: Site,
    on_warning: WarningHandler | None = None,
) -> Article:
    """Check front-matter fields already parsed (a row, a generator's page
    data) and a Markdown body, as though they were the file ``source``.

    Raises:
        ArticleError: naming ``source`` and the key that is wrong.
    """
    from summitfeed._read.frontmatter import _EMPTY_MESSAGE, RawArticle

    source = os.fspath(source)
    if not isinstance(metadata, Mapping):
        raise FrontMatterError(
            source,
            f"the fields are {_kind(metadata)}, not a mapping of keys to values "
            "(give a dict such as {'title': 'My title', 'date': '2025-02-13'}; "
            "dict(row) makes one of a database row)",
        )
    fields = _fields(metadata, source=source)
    if not fields:
        raise FrontMatterError(source, _EMPTY_MESSAGE)
    text = _body(body, source=source)
    raw = RawArticle(
        path=source,
        format="yaml",
        fields=fields,
        key_lines={},
        scalars={},
        start_line=None,
        body=text,
        body_line=1,
    )
    return _checked(raw, site=site, on_warning=on_warning)


def article_from_post(
    post: PostLike,
    *,
    source: str | os.PathLike[str],
    site: Site,
    on_warning: WarningHandler | None = None,
) -> Article:
    """Check a python-frontmatter post (its ``metadata`` and ``content``), as
    though it were the file ``source``. A post with no fields whose content
    still starts with front matter (TOML, without the toml package) is read
    from that content, as the article's whole text.

    Raises:
        ArticleError: naming ``source`` and the key that is wrong.
    """
    if not post.metadata and post.content.lstrip().startswith(("---", "+++", "{")):
        # python-frontmatter keeps front matter it has no handler for (TOML
        # without the toml package) in the content, and gives no fields: the
        # content is then the article's whole text.
        return parse_article(
            post.content, source=source, site=site, on_warning=on_warning
        )
    return article_from_mapping(
        post.metadata, post.content, source=source, site=site, on_warning=on_warning
    )


def _checked(
    raw: RawArticle, *, site: Site, on_warning: WarningHandler | None
) -> Article:
    from summitfeed._read.files import _probe_for, _zone
    from summitfeed._read.normalize import normalize_article

    # A hero image of the site is measured as a build measures it: by its
    # URL under the static folder, or beside the article in the content folder.
    _, probe = _probe_for(site, site.content_dir)
    normalized: Normalized = normalize_article(
        raw, site=site, tz=_zone(site.timezone), probe_image=probe
    )
    if on_warning is not None:
        for warning in normalized.warnings:
            on_warning(warning)
    return replace(normalized.article, body=raw.body)


def _body(body: object, *, source: str) -> str:
    """The body as a file's would be read: LF line ends, within the limits."""
    from summitfeed._read.frontmatter import check_body

    if not isinstance(body, str):
        raise BodyError(
            source, f"the body is {_kind(body)}, but Markdown text is expected"
        )
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    try:
        check_body(body, path=source, first_line=1)
    except BodyError as exc:
        # No file, no line: the place is told in the body's own lines.
        where = f" (line {exc.line} of the body)" if exc.line is not None else ""
        raise BodyError(source, exc.message + where) from None
    return body


def _fields(metadata: Mapping[Any, object], *, source: str) -> dict[str, object]:
    """The top-level fields with text keys, and values as YAML gives them."""
    fields: dict[str, object] = {}
    for key, value in metadata.items():
        name = xml_safe(key) if isinstance(key, str) else _key_text(key)
        if name in fields:
            raise FrontMatterError(
                source, "appears twice among the fields; keep one", key=name
            )
        fields[name] = _plain(value, depth=1, source=source, key=name)
    return fields


def _key_text(key: object) -> str:
    """A key that is no text, as YAML would have written it."""
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, dt.date):
        return key.isoformat()
    return xml_safe(str(key))


def _plain(value: object, *, depth: int, source: str, key: str) -> object:
    """``value`` with mappings as dicts, tuples as lists, and every text in it
    without the characters XML 1.0 forbids; nesting as limited as in a file."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, Mapping | list | tuple):
        from summitfeed._read.front_limits import MAX_DEPTH
        from summitfeed._read.frontmatter import _NESTING_MESSAGE

        if depth > MAX_DEPTH:  # (also what stops a mapping that holds itself)
            raise FrontMatterError(source, _NESTING_MESSAGE, key=key)
        deeper = depth + 1
        if isinstance(value, Mapping):
            return {
                xml_safe(name) if isinstance(name, str) else name: _plain(
                    item, depth=deeper, source=source, key=key
                )
                for name, item in value.items()
            }
        return [_plain(item, depth=deeper, source=source, key=key) for item in value]
    return value


def _kind(value: object) -> str:
    from summitfeed._people import kind_of

    return "nothing (None)" if value is None else kind_of(value)


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
    articles = [outcome for outcome in loaded if not isinstance(outcome, ArticleError)]
    problems = [outcome for outcome in loaded if isinstance(outcome, ArticleError)]
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


def _load_in_worker(display: str) -> Normalized | ArticleError:
    site, root = worker_settings()
    return read_checked(display, site, root).outcome


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
