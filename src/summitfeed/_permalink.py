"""Article URLs from a permalink pattern: one table of tokens, no ``str.format``.

A pattern is text with tokens in braces (``{section}/{slug}/``). Only the
names of :data:`TOKENS` are tokens: no format spec, no attribute or index
access, so that a pattern in a settings file can only ever insert the
values this table makes. ``{{`` and ``}}`` stand for one brace.

The values come from the article's place under the content folder
(:class:`Place`) and its front matter; the generator whose site is read
(``Site.preset``) decides how file and folder names become URL segments,
as that generator does (Hugo lowercases them, Zola and Astro make slugs of
them, the others keep them as written).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

__all__ = [
    "TOKENS",
    "PatternError",
    "Place",
    "compile_pattern",
    "expand_pattern",
    "jekyll_id",
    "language_suffix",
    "place_of",
]

# A file name's language suffix (post.fr.md, index.pt-br.md): a two-letter
# code, with a region or script; longer words (post.notes.md) are not one.
_LANGUAGE_SUFFIX: Final = re.compile(r"[a-z]{2}(?:[-_][A-Za-z0-9]{2,8})?")
# A leading date in a file name, as the generators write it (Zola also
# takes "_" after it).
_DATED_NAME: Final = re.compile(r"^\d{4}-\d{2}-\d{2}[-_]")
_BUNDLE_NAMES: Final = frozenset({"index"})


@dataclass(frozen=True, slots=True)
class Place:
    """Where an article's file is under the content folder.

    ``folder``: its folder ("" at the top; for a page bundle
    ``post/index.md`` the folder holding ``post/``); ``name``: the file name
    without extension and language suffix (a bundle: its folder's name);
    ``language``: the suffix (``post.fr.md``), else None.
    """

    folder: str
    name: str
    language: str | None
    bundle: bool


def language_suffix(stem: str) -> tuple[str, str | None]:
    """``post.fr`` -> (``post``, ``fr``); a stem without one is returned as it is."""
    base, dot, suffix = stem.rpartition(".")
    if dot and base and _LANGUAGE_SUFFIX.fullmatch(suffix):
        return base, suffix.replace("_", "-")
    return stem, None


def place_of(relative: str) -> Place:
    """The place of a file given by its path under the content folder."""
    relative = relative.strip("/")
    slash = relative.rfind("/")
    folder, file_name = relative[: max(slash, 0)], relative[slash + 1 :]
    dot = file_name.rfind(".")
    stem = file_name[:dot] if dot > 0 else file_name
    language = None
    if "." in stem:
        stem, language = language_suffix(stem)
    if stem in _BUNDLE_NAMES and folder:
        folder, stem = posixpath.split(folder)
        return Place(folder, stem, language, True)
    return Place(folder, stem, language, False)


class PatternError(ValueError):
    """A permalink pattern that uses something other than the tokens."""


@dataclass(frozen=True, slots=True)
class TokenValues:
    """What the tokens are made from, for one article."""

    place: Place
    slug: str  # the slug key, else the file name without a leading date
    slug_given: bool  # from the front matter's slug key
    title: str
    published: dt.datetime  # in the site's time zone
    categories: tuple[str, ...]
    preset: str | None


def _two(number: int) -> str:
    return f"{number:02d}"


def _section(values: TokenValues) -> str:
    return _segments(values.place.folder.split("/")[0], values.preset)


def _path(values: TokenValues) -> str:
    """The file's path without extension ("" for the index page of the top)."""
    if values.preset == "astro" and values.slug_given:
        return values.slug  # Astro: a slug key is the entry's whole id
    return "/".join(p for p in (_dir(values), _filename(values)) if p)


def _dir(values: TokenValues) -> str:
    return _segments(values.place.folder, values.preset)


def _filename(values: TokenValues) -> str:
    return _segments(values.place.name, values.preset)


def _file_slug(values: TokenValues) -> str:
    # Eleventy's page.fileSlug: the file name (an index file: its folder's),
    # without a leading date, whatever the front matter says.
    return _segments(strip_date(values.place.name, "eleventy"), values.preset)


def _slug(values: TokenValues) -> str:
    return _segments(values.slug, values.preset)


def _title(values: TokenValues) -> str:
    return slugify_title(values.title, values.preset)


def _slug_or_title(values: TokenValues) -> str:
    return _slug(values) if values.slug_given else _title(values)


def _categories(values: TokenValues) -> str:
    if values.preset == "jekyll":
        # Jekyll: each category in lower case, once, in order.
        seen: dict[str, None] = {}
        for category in values.categories:
            seen.setdefault(category.lower(), None)
        return "/".join(seen)
    categories = values.categories
    if values.preset == "mkdocs-material":
        categories = categories[:1]  # the blog's post_url_max_categories
    return "/".join(slugify_title(c, values.preset) for c in categories)


def _date(values: TokenValues) -> str:
    moment = values.published
    return f"{moment.year:04d}/{moment.month:02d}/{moment.day:02d}"


Token = Callable[[TokenValues], str]

TOKENS: Final[Mapping[str, tuple[Token, str]]] = {
    "slug": (_slug, "the slug key, else the file name without a leading date"),
    "filename": (_filename, "the file name without extension (a bundle: its folder)"),
    "file_slug": (_file_slug, "the file name without extension and leading date"),
    "title": (_title, "the title as a URL segment (lower case, '-' between words)"),
    "slug_or_title": (_slug_or_title, "the slug key, else the title as a segment"),
    "path": (_path, "the file's path under the content folder, without extension"),
    "dir": (_dir, "the article's folder under the content folder ('' at the top)"),
    "section": (_section, "the first folder of dir"),
    "categories": (_categories, "the categories, lower case, joined by '/'"),
    "year": (lambda v: f"{v.published.year:04d}", "four digits"),
    "short_year": (lambda v: _two(v.published.year % 100), "two digits"),
    "month": (lambda v: _two(v.published.month), "two digits"),
    "i_month": (lambda v: str(v.published.month), "without a leading zero"),
    "day": (lambda v: _two(v.published.day), "two digits"),
    "i_day": (lambda v: str(v.published.day), "without a leading zero"),
    "y_day": (lambda v: f"{v.published.timetuple().tm_yday:03d}", "day of the year"),
    "hour": (lambda v: _two(v.published.hour), "two digits, 24-hour clock"),
    "minute": (lambda v: _two(v.published.minute), "two digits"),
    "second": (lambda v: _two(v.published.second), "two digits"),
    "date": (_date, "year/month/day"),
}
"""Every token a permalink pattern may use: its value and what it is."""

_PIECE: Final = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]|[^{}]+")

Pattern = tuple[str | Token, ...]


@lru_cache(maxsize=64)
def compile_pattern(pattern: str) -> Pattern:
    """The pattern as literal texts and token functions.

    Raises:
        PatternError: a name that is not a token, a format spec or an
            attribute (``{year:x>9}``, ``{slug.upper}``), or a lone brace.
    """
    parts: list[str | Token] = []
    for match in _PIECE.finditer(pattern):
        piece = match.group()
        if piece in ("{{", "}}"):
            parts.append(piece[0])
        elif piece in ("{", "}"):
            raise PatternError(
                f"{pattern!r}: a lone {piece!r} (write {piece * 2} for the "
                f"character; the tokens are {token_list()})"
            )
        elif piece.startswith("{"):
            name = match.group(1)
            token = TOKENS.get(name)
            if token is None:
                raise PatternError(
                    f"{pattern!r}: {{{name}}} is not a token (the tokens are "
                    f"{token_list()}, each written alone in braces)"
                )
            parts.append(token[0])
        else:
            parts.append(piece)
    return tuple(parts)


def token_list() -> str:
    return ", ".join("{" + name + "}" for name in TOKENS)


_DOUBLED_SLASH: Final = re.compile(r"/{2,}")


def expand_pattern(pattern: str, values: TokenValues) -> str:
    """The article's path under ``base_url`` (no leading "/"; an empty token
    leaves no doubled "/").

    Raises:
        PatternError: as :func:`compile_pattern`.
    """
    text = "".join(
        part if isinstance(part, str) else part(values)
        for part in compile_pattern(pattern)
    )
    if "//" in text:
        text = _DOUBLED_SLASH.sub("/", text)
    return text.lstrip("/")


def jekyll_id(url_path: str, slug: str) -> str:
    """Jekyll's ``post.id``: the URL's folder, then the slug (``/2024/01/02/hi``).

    The folder as Ruby's ``File.dirname`` gives it: a trailing "/" is not a
    folder of its own.
    """
    folder = posixpath.dirname(url_path.rstrip("/")) or "/"
    return posixpath.join(folder, slug)


# --- names as each generator writes them in a URL ------------------------

_HUGO_DROP: Final = re.compile(r"[^\w./\\#+~-]", re.UNICODE)
_ASCII_WORD: Final = re.compile(r"[^a-z0-9]+")
# github-slugger (Astro): drops punctuation, keeps letters, digits, "-", "_".
_GITHUB_DROP: Final = re.compile(r"[^\w\- ]", re.UNICODE)
# Jekyll's "pretty" slug: characters a path may hold stay, the others are "-".
_JEKYLL_PRETTY: Final = re.compile(r"[^\w._~!$&'()+,;=@/]+", re.UNICODE)


def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _ASCII_WORD.sub("-", folded.lower()).strip("-")


def _segment(text: str, preset: str | None) -> str:
    if preset == "hugo":
        return _HUGO_DROP.sub("", text.replace(" ", "-")).lower()
    if preset == "zola":
        return _ascii_slug(text)
    if preset == "astro":
        return _GITHUB_DROP.sub("", text.lower()).replace(" ", "-")
    if preset == "jekyll":
        return _JEKYLL_PRETTY.sub("-", text).strip("-")
    return text


def _segments(path: str, preset: str | None) -> str:
    """Each folder or file name of ``path`` as the generator writes it in a URL."""
    if not path or preset in (None, "eleventy", "mkdocs-material"):
        return path
    return "/".join(_segment(part, preset) for part in path.split("/"))


_MATERIAL_DROP: Final = re.compile(r"[^\w\s-]")
_MATERIAL_GAP: Final = re.compile(r"[-\s]+")


def slugify_title(text: str, preset: str | None) -> str:
    """A title as a URL segment, as the generator makes one."""
    if preset == "hugo":
        return _segment(" ".join(text.split()), "hugo")
    if preset == "astro":
        return _segment(text, "astro")
    if preset == "mkdocs-material":
        # Python-Markdown's toc slugify, which the blog plugin uses.
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore")
        plain = _MATERIAL_DROP.sub("", folded.decode("ascii")).strip().lower()
        return _MATERIAL_GAP.sub("-", plain)
    return _ascii_slug(text)


def strip_date(name: str, preset: str | None) -> str:
    """A file name without its leading date (``2024-01-02-title``)."""
    match = _DATED_NAME.match(name)
    if match is None or (match.group()[-1] == "_" and preset != "zola"):
        return name
    return name[match.end() :]


def categories_of(
    fields: Mapping[str, object], place_folder: str, preset: str | None
) -> tuple[str, ...]:
    """The categories a URL's ``{categories}`` is made of.

    Jekyll: the folders above ``_posts`` (``blog/_posts/x.md``), then the
    ``category`` and ``categories`` keys (a list, or words separated by
    spaces). Others: the ``categories`` key.
    """
    found: list[str] = []
    if preset == "jekyll":
        head, _, _ = place_folder.partition("_posts")
        if "_posts" in place_folder:
            found.extend(part for part in head.split("/") if part)
        keys: Sequence[str] = ("category", "categories")
    else:
        keys = ("categories",)
    for key in keys:
        value = fields.get(key)
        if isinstance(value, str):
            words = value.split() if preset == "jekyll" else value.split(",")
            found.extend(word.strip() for word in words if word.strip())
        elif isinstance(value, list):
            found.extend(str(item).strip() for item in value if str(item).strip())
    return tuple(found)
