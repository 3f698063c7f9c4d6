"""One article file read and checked: its bytes, its article or its problem.

The functions here serve a build (every file of a content folder, on every
core) and the library's :func:`summitfeed.load_article` alike.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from summitfeed._errors import ArticleError
from summitfeed._fs import (
    MAX_ARTICLE_BYTES,
    NotAnArticleFile,
    image_size,
    read_article_file,
    shown_path,
)
from summitfeed._model import Site
from summitfeed._read.frontmatter import (
    BodyLimits,
    decode_article,
    parse_front_matter,
    split_front_matter,
)
from summitfeed._read.normalize import ImageProbe, Normalized, normalize_article
from summitfeed._templates import LEFT_AS_WRITTEN, has_template_syntax, template_kinds
from summitfeed._urls import local_path_under, unsafe_scheme


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
    if len(data) > MAX_ARTICLE_BYTES:
        limit = MAX_ARTICLE_BYTES // (1024 * 1024)
        raise ArticleError(
            display,
            f"larger than {limit} MiB (the most an article file is read; "
            "max_body_size and max_front_matter_size limit its parts)",
        )
    raw = parse_front_matter(
        decode_article(data, path=display),
        path=display,
        max_body_size=site.max_body_size,
        max_front_matter_size=site.max_front_matter_size,
        body_limits=_body_limits(
            site.max_nesting, site.max_open_formatting, site.max_table_cells
        ),
    )
    outcome = normalize_article(
        raw, site=site, tz=_zone(site.timezone), probe_image=probe, content_root=root
    )
    if has_template_syntax(raw.body):
        outcome = _with_template_warnings(outcome, raw.body, site, root)
    return outcome


_body_limits = lru_cache(maxsize=8)(BodyLimits)
"""The body shape limits of the settings (one value per distinct limits)."""


def _with_template_warnings(
    outcome: Normalized, body: str, site: Site, root: str | None
) -> Normalized:
    """``outcome`` with a warning for each kind of template syntax its body
    leaves as written (the build makes them one per kind)."""
    from summitfeed._read.links import site_links

    article = outcome.article
    links = site_links(site, root)
    kinds = template_kinds(body, base_url=site.base_url, links=links)
    if not kinds:
        return outcome
    told = tuple(f"{article.source}: {LEFT_AS_WRITTEN}{kind}" for kind in kinds)
    return outcome._replace(warnings=outcome.warnings + told)


def body_from_bytes(data: bytes, *, path: str) -> str:
    """The Markdown body of an article file's bytes."""
    return split_front_matter(decode_article(data, path=path), path=path)[2]


class FileRead(NamedTuple):
    """One article file as read: ``info`` (None when it could not be read),
    its bytes, its checked article or its problem, and the local images
    looked at for it (path, folder it must stay in, size; -1: none)."""

    info: os.stat_result | None
    data: bytes
    outcome: Normalized | ArticleError
    images: tuple[tuple[str, str, int], ...]


def read_checked(display: str, site: Site, root: str) -> FileRead:
    """Read the article file ``display`` (found under ``root``) and check it."""
    seen, probe = _probe_for(site, root)
    try:
        problem = listed_problem(display)
        if problem is not None:
            raise problem
        info, data = read_article_file(display, root)
    except (OSError, ArticleError) as exc:
        if isinstance(exc, ArticleError):
            error = exc
        elif isinstance(exc, NotAnArticleFile):
            error = ArticleError(display, str(exc))
        else:
            error = ArticleError(display, f"cannot be read: {exc.strerror}")
        return FileRead(None, b"", error, ())
    outcome: Normalized | ArticleError
    try:
        outcome = parse_article_bytes(
            data, display=display, site=site, probe=probe, root=root
        )
    except ArticleError as exc:
        outcome = exc
    return FileRead(info, data, outcome, tuple(seen))
