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
    """A glob over "/"-separated paths: ``**/`` is any folders, ``*`` and ``?`` stay in one."""
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
    are symbolic links that lead outside ``root``.
    """
    base = Path(root)
    real_root = base.resolve()
    wanted = glob_matcher(include)
    unwanted = glob_matcher(exclude)
    found: list[str] = []
    for folder, dirs, files in os.walk(base, followlinks=False):
        relative_folder = os.path.relpath(folder, base)
        prefix = (
            "" if relative_folder == "." else relative_folder.replace(os.sep, "/") + "/"
        )
        dirs[:] = [d for d in dirs if not d.startswith(("_", "."))]
        for name in files:
            if name.startswith(("_", ".")):
                continue
            relative = prefix + name
            if wanted is None or not wanted.match(relative):
                continue
            if unwanted is not None and unwanted.match(relative):
                continue
            full = Path(folder, name)
            if full.is_symlink() and not full.resolve().is_relative_to(real_root):
                continue
            found.append(relative)
    found.sort()
    return found
