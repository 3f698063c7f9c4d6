"""The URLs of a site's articles by file, for the tags that link to one.

Jekyll's ``{% post_url 2024-01-02-name %}`` and ``{% link _posts/x.md %}``,
and Hugo's ``ref``/``relref``, name a source file; the link is that file's
article URL. :class:`SiteLinks` finds the file under the content folder
(listed once, on the first such tag) and reads its front matter (once per
file): a body without these tags costs nothing.
"""

from __future__ import annotations

import os
import posixpath
from functools import lru_cache
from pathlib import Path

from summitfeed._model import Site
from summitfeed._urls import resolve_url

__all__ = ["SiteLinks", "forget_site_links", "site_links"]

_ARTICLE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".html")


class SiteLinks:
    """Article URLs by file name or path, under ``site.content_dir``."""

    def __init__(self, site: Site, root: str) -> None:
        self.site = site
        self.root = root
        self._files: list[str] | None = None  # relative paths, "/"-separated
        self._urls: dict[str, str | None] = {}

    def _listing(self) -> list[str]:
        if self._files is None:
            files: list[str] = []
            for folder, folders, names in os.walk(self.root):
                folders[:] = sorted(f for f in folders if not f.startswith("."))
                relative = os.path.relpath(folder, self.root).replace(os.sep, "/")
                for name in sorted(names):
                    path = name if relative == "." else f"{relative}/{name}"
                    files.append(path)
            self._files = files
        return self._files

    def post_url(self, name: str) -> str | None:
        """The URL of the article whose file is ``name`` plus an extension
        (``name`` may start with folders, as Jekyll allows)."""
        name = name.strip("/")
        found = [
            path
            for path in self._listing()
            if path.lower().endswith(_ARTICLE_SUFFIXES)
            and _same_tail(posixpath.splitext(path)[0], name)
        ]
        return self._url_of(found[0]) if len(found) == 1 else None

    def file_url(self, path: str) -> str | None:
        """The URL of the article at ``path`` (relative to the content folder
        or to a folder above it; with or without its extension)."""
        wanted = path.split("#", 1)[0].strip().strip("/")
        if not wanted:
            return None
        stem, suffix = posixpath.splitext(wanted)
        has_suffix = wanted.lower().endswith(_ARTICLE_SUFFIXES)
        if suffix and not has_suffix:
            return self._static_url(wanted)
        found = [
            candidate
            for candidate in self._listing()
            if candidate.lower().endswith(_ARTICLE_SUFFIXES)
            and (
                _same_tail(candidate, wanted)
                if has_suffix
                else _same_tail(posixpath.splitext(candidate)[0], stem)
                or _same_tail(candidate, stem + "/index.md")
                or _same_tail(candidate, stem + "/_index.md")
            )
        ]
        if len(found) != 1:
            return None
        url = self._url_of(found[0])
        fragment = path.partition("#")[2]
        return url + "#" + fragment if url is not None and fragment else url

    def _static_url(self, wanted: str) -> str | None:
        """The URL of a file that is no article (an image, a PDF): its path
        under ``base_url``, when the file is in the content or static folder."""
        if ".." in wanted.split("/"):
            return None
        static = self.site.static_dir
        if static is not None and (Path(static) / wanted).is_file():
            return resolve_url(wanted, self.site.base_url)
        if wanted in self._listing():
            return resolve_url(wanted, self.site.base_url)
        return None

    def _url_of(self, relative: str) -> str | None:
        if relative not in self._urls:
            self._urls[relative] = self._read_url(relative)
        return self._urls[relative]

    def _read_url(self, relative: str) -> str | None:
        from summitfeed._errors import ArticleError
        from summitfeed._fs import read_article_file
        from summitfeed._read.frontmatter import decode_article, parse_front_matter
        from summitfeed._read.normalize import normalize_article

        display = f"{self.root.rstrip('/')}/{relative}"
        try:
            _, data = read_article_file(display)
            raw = parse_front_matter(decode_article(data, path=display), path=display)
            article = normalize_article(raw, site=self.site).article
        except (OSError, ArticleError):
            return None
        return resolve_url(article.url, self.site.base_url)


def _same_tail(path: str, tail: str) -> bool:
    """Whether ``path`` is ``tail`` or ends with "/" and ``tail`` (any case)."""
    path, tail = path.lower(), tail.lower()
    return path == tail or path.endswith("/" + tail) or tail.endswith("/" + path)


@lru_cache(maxsize=8)
def _links(site: Site, root: str, cwd: str) -> SiteLinks:
    return SiteLinks(site, root)


def site_links(site: Site, root: str | None = None) -> SiteLinks:
    """The one lookup of ``site``'s content folder (``root``, by default
    ``site.content_dir``), kept for the build."""
    return _links(site, root or site.content_dir, str(Path.cwd()))


def forget_site_links() -> None:
    """Drop the lookups kept: a new build lists the folders again (its files
    may have changed since the last build of this process)."""
    _links.cache_clear()
