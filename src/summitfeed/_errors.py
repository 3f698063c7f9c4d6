"""Every error summitfeed raises on purpose, under one root.

::

    SummitfeedError(Exception)             catch it to catch them all; exit status 1
    ├── ArticleError                       one article is wrong: .path, .line, .key;
    │   │                                  .also: its other problems, if any
    │   ├── FrontMatterError               no, unterminated or unreadable front matter;
    │   │                                  YAML/TOML/JSON syntax; not UTF-8; binary;
    │   │                                  empty
    │   ├── MetadataError                  a field's value: missing title, bad date,
    │   │                                  wrong type, unsafe URL, duplicate id or URL
    │   └── BodyError                      the body is over a limit (size, nesting)
    ├── BuildError                         .errors: every ArticleError of one build,
    │                                      raised after all files were read
    ├── ConfigError(…, ValueError)         settings or options are wrong; exit status 2
    ├── OutputError                        writing an output file failed: .path
    ├── PingError                          a WebSub hub refused or could not be reached
    ├── NoContentFolder                    no content folder there; exit status 2
    └── NothingToPublish                   no article may enter a feed

``str()`` of an :class:`ArticleError` is what the command line prints::

    content/a.md:3: publish_date: 'soon' is not a date (write e.g. 2025-02-13)
    content/b.md: not UTF-8 (invalid byte 0xff at offset 12)

This module imports nothing else from the package.
"""

from __future__ import annotations

TYPE_CHECKING = False  # (typing loads re, enum and more: see _lean)
if TYPE_CHECKING:
    # (Annotations only: the quick answer loads this module, and needs
    # none of them.)
    import datetime as dt
    from collections.abc import Iterable
    from pathlib import Path
    from typing import ClassVar, NamedTuple
else:
    from summitfeed._lean import NamedTuple

__all__ = [
    "ArticleError",
    "BodyError",
    "BuildError",
    "ConfigError",
    "FrontMatterError",
    "MetadataError",
    "OutputError",
    "PingError",
    "Publication",
    "SummitfeedError",
]


class Publication(NamedTuple):
    """What an article says of its own publication, as far as it could be read.

    Known even when another field is wrong, so that a problem in an article
    that would not be published anyway (a draft, ``feed: false``, expired) is
    told as a warning. A flag that could not be read is taken as published.
    """

    draft: bool = False
    in_feeds: bool = True
    expires: dt.datetime | None = None


class SummitfeedError(Exception):
    """The root of every error that summitfeed raises on purpose."""

    exit_code: ClassVar[int] = 1


class ArticleError(SummitfeedError):
    """One article cannot be published as it is.

    ``path`` is the file as the user would type it, ``line`` the 1-based line of
    the offending key (or of the front matter, or ``None`` for a whole-file
    problem), ``key`` the key as written in the file (or ``None``).

    An article with several wrong fields raises one error for the first
    (by line) and carries the others in ``also``; :attr:`problems` is all of
    them, and :class:`BuildError` lists each on its own line.
    ``publication`` says whether the article is a draft, kept out of feeds or
    expiring (None when the file could not be read that far).
    """

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        line: int | None = None,
        key: str | None = None,
        also: Iterable[ArticleError] = (),
        publication: Publication | None = None,
    ) -> None:
        self.path = str(path)
        self.message = message
        self.line = line
        self.key = key
        self.also: tuple[ArticleError, ...] = tuple(also)
        self.publication = publication
        super().__init__(str(self))

    @property
    def problems(self) -> tuple[ArticleError, ...]:
        """This problem and the others found in the same article."""
        return (self, *self.also)

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        if self.key is None:
            return f"{where}: {self.message}"
        return f"{where}: {self.key}: {self.message}"

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments survive pickling (the build uses processes).
        return (
            _rebuild_article_error,
            (
                type(self),
                self.path,
                self.message,
                self.line,
                self.key,
                self.also,
                self.publication,
            ),
        )


def _rebuild_article_error(
    cls: type[ArticleError],
    path: str,
    message: str,
    line: int | None,
    key: str | None,
    also: tuple[ArticleError, ...] = (),
    publication: Publication | None = None,
) -> ArticleError:
    return cls(path, message, line=line, key=key, also=also, publication=publication)


class FrontMatterError(ArticleError):
    """The file has no usable front matter, or is not a readable text file."""


class MetadataError(ArticleError):
    """A front-matter field is missing or has a value that cannot be used."""


class BodyError(ArticleError):
    """The Markdown body is over one of the limits that keep a build bounded."""


class BuildError(SummitfeedError):
    """A build found problems in articles; ``errors`` lists all of them, by path.

    An error's ``also`` (more problems of the same article) are listed too,
    each as its own entry.
    """

    def __init__(self, errors: Iterable[ArticleError]) -> None:
        every: dict[int, ArticleError] = {}
        for error in errors:
            for problem in error.problems:
                every.setdefault(id(problem), problem)
        self.errors: tuple[ArticleError, ...] = tuple(
            sorted(every.values(), key=lambda e: (e.path, e.line or 0, e.key or ""))
        )
        count = len(self.errors)
        plural = "" if count == 1 else "s"
        lines = [f"{count} problem{plural} in articles:"]
        lines += [str(error) for error in self.errors]
        super().__init__("\n".join(lines))


class ConfigError(SummitfeedError, ValueError):
    """The site settings or the options given are wrong (exit status 2)."""

    exit_code: ClassVar[int] = 2


class OutputError(SummitfeedError):
    """An output file could not be written; ``path`` names it."""

    def __init__(self, path: str | Path, message: str) -> None:
        self.path = str(path)
        super().__init__(f"{self.path}: {message}")


class PingError(SummitfeedError):
    """A WebSub hub refused a publish notification or could not be reached."""


class NothingToPublish(SummitfeedError):
    """No article can go into a feed."""


class NoContentFolder(SummitfeedError):
    """The content folder does not exist (a usage error)."""

    exit_code = 2

    def __init__(self, root: str) -> None:
        super().__init__(f"content folder not found or not readable: {root}")
