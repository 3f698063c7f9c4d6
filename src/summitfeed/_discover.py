"""Find the article files under a content folder. Sorted, so order never matters."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

__all__ = ["find_sources", "glob_matcher"]


@lru_cache(maxsize=64)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob over "/" paths: ``**/`` is any folders; ``*`` and ``?`` stay in one."""
    out: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif pattern[index] == "*":
            out.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            out.append("[^/]")
            index += 1
        else:
            out.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(out) + r"\Z")


def glob_matcher(patterns: Sequence[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{_glob_regex(p).pattern})" for p in patterns))


def find_sources(
    root: str | os.PathLike[str],
    *,
    include: Sequence[str] = ("**/*.md", "**/*.markdown"),
    exclude: Sequence[str] = (),
) -> list[str]:
    """Relative POSIX paths of the article files under ``root``, sorted.

    Files and folders whose names start with ``_`` or ``.`` are skipped, and so
    are symbolic links to files outside ``root`` and all symbolic links to
    folders (they would show the same articles twice, or loop).

    Raises:
        OSError: a folder cannot be read.
    """
    real_root = Path(root).resolve()
    wanted = glob_matcher(include)
    unwanted = glob_matcher(exclude)
    found: list[str] = []
    # os.scandir, not Path.rglob: its entries know their type without a
    # system call per file, which counts on a site of 100,000 articles.
    pending: list[tuple[str, str]] = [(os.fspath(root), "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(("_", ".")):
                    continue
                relative = prefix + entry.name
                if entry.is_symlink() and (
                    entry.is_dir() or not _inside(entry.path, real_root)
                ):
                    continue
                if entry.is_dir():
                    pending.append((entry.path, relative + "/"))
                elif entry.is_file() and _selected(relative, wanted, unwanted):
                    found.append(relative)
    found.sort()
    return found


def _inside(path: str, root: Path) -> bool:
    return Path(path).resolve().is_relative_to(root)


def _selected(
    relative: str, wanted: re.Pattern[str] | None, unwanted: re.Pattern[str] | None
) -> bool:
    if wanted is None or not wanted.match(relative):
        return False
    return unwanted is None or not unwanted.match(relative)
