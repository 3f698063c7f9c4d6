"""What every front-matter reader shares: its limits, the messages that
name them, and the clean-up of the values read.

:mod:`summitfeed._read.frontmatter` and :mod:`summitfeed._read.yaml` both
import from here, so that neither imports the other's module to find them.
"""

from __future__ import annotations

from typing import Any, Final

from summitfeed._text import xml_safe

__all__ = [
    "EMPTY_MESSAGE",
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "MAX_NODES",
    "NESTING_MESSAGE",
    "SYNTAX_HINT",
    "UNCLOSED_QUOTE",
    "clean",
]

MAX_DEPTH: Final = 32
MAX_NODES: Final = 10_000
MAX_INT_DIGITS: Final = 4300

NESTING_MESSAGE: Final = (
    f"the front matter nests deeper than {MAX_DEPTH} levels (the limit); "
    "write flat fields, lists and mappings"
)
SYNTAX_HINT: Final = (
    "check the quotes and indentation on this line and the one before; "
    "text holding ': ', '#' or a leading quote needs quotes, "
    "e.g. title: 'Day 2: the ridge'"
)
UNCLOSED_QUOTE: Final = (
    "the quote opened on this line is never closed (end the text with the "
    "same quote; inside '...' write '' for an apostrophe, "
    "e.g. title: 'Ada''s ridge')"
)
EMPTY_MESSAGE: Final = (
    "the front matter is empty; it needs at least a title and a date "
    "(title: 'My title' and publish_date: '2025-02-13')"
)


def clean(value: Any) -> Any:
    """``value`` with the characters XML 1.0 forbids removed from every text in it."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {clean(key): clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean(item) for item in value]
    return value
