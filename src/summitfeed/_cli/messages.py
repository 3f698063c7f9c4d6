"""How the commands tell a build's warnings and skipped articles, and where
``--quiet`` sends what it does not print.

Both ``summitfeed build`` (:mod:`summitfeed._cli.build`) and the publishing
commands (:mod:`summitfeed._cli.publish`) print through these, so that the
same problem reads the same from either.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Final

__all__ = ["SAME_SHOWN", "Silent", "problem_lines"]


class Silent(io.StringIO):
    """Where ``--quiet`` sends what it does not print."""


SAME_SHOWN: Final = 3
"""How many cases of one warning are printed before '... and N more'."""

# "path:line: key: message" or "path: message": what is said, without where.
_LOCATED: Final = re.compile(r"(?:[^\n]*?:[0-9]+|[^\n:]*): (?P<said>.*)", re.DOTALL)


def problem_lines(
    warnings: Sequence[str], skipped: Sequence[object], *, every: bool = False
) -> list[str]:
    """The lines that tell a build's warnings and skipped articles.

    The same warning (or problem) for many files is told for the first
    ``SAME_SHOWN`` of them, then as '... and N more: what it says'; ``every``
    prints each one.
    """
    return _grouped("warning", warnings, every) + _grouped(
        "skipped", [str(problem) for problem in skipped], every
    )


def _grouped(label: str, texts: Sequence[str], every: bool) -> list[str]:
    head = f"summitfeed: {label}: "
    if every or len(texts) <= SAME_SHOWN:
        return [head + text for text in texts]
    said = [_what_is_said(text) for text in texts]
    counts: dict[str, int] = {}
    for what in said:
        counts[what] = counts.get(what, 0) + 1
    lines: list[str] = []
    seen: dict[str, int] = {}
    for text, what in zip(texts, said, strict=True):
        number = seen[what] = seen.get(what, 0) + 1
        if number <= SAME_SHOWN:
            lines.append(head + text)
        if number == SAME_SHOWN and counts[what] > SAME_SHOWN:
            lines.append(f"{head}... and {counts[what] - SAME_SHOWN} more: {what}")
    return lines


def _what_is_said(text: str) -> str:
    match = _LOCATED.fullmatch(text)
    return text if match is None else match.group("said")
