"""The TOML that front matter is written in, read without tomllib's parser.

Hugo's TOML front matter is one ``key = value`` per line: strings (basic,
with escapes, or literal), whole numbers, booleans, dates and date-times,
and one-line arrays of such values, with comments. For that part
:func:`read_toml_subset` gives exactly what :func:`tomllib.loads` gives, in
a fraction of the time (tomllib is written in Python and checks every
character on its own). Anything else (tables, dotted or quoted keys, floats,
multi-line strings, inline tables, hexadecimal...) returns None and goes to
tomllib, which also reports the errors. tests/test_toml_subset.py compares
both readings on generated blocks.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Final

from summitfeed._dates import moment_from_fields
from summitfeed._text import xml_safe

__all__ = ["read_toml_subset"]

_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")
_TAIL: Final = r"[ \t]*(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?"
_BASIC: Final = (
    r'"(?:[^"\\\x00-\x08\x0a-\x1f\x7f]++'
    r'|\\[btnfr"\\]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+"'
)
_LITERAL: Final = r"'[^'\x00-\x08\x0a-\x1f\x7f]*+'"
_INTEGER: Final = r"[+-]?(?:0|[1-9](?:_?[0-9])*+)(?![0-9_.eExob:-])"
_BOOLEAN: Final = r"(?:true|false)(?![A-Za-z0-9_])"
_DATETIME: Final = (
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
    r"(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
    r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])?)?"
)
_SCALAR: Final = f"{_BASIC}|{_LITERAL}|{_BOOLEAN}|{_DATETIME}|{_INTEGER}"
_VALUE: Final = re.compile(rf"({_SCALAR}|\[[^\[\]{{}}\n]*\]){_TAIL}")
_ITEM: Final = re.compile(rf"[ \t]*({_SCALAR})[ \t]*(,|\Z)")
_DATETIME_PARTS: Final = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?"
    r"(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))?)?"
)
_ESCAPE: Final = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ESCAPES: Final = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    '"': '"',
    "\\": "\\",
}


_MAX_DIGITS: Final = 4000
_BOOLEANS: Final = {"true": True, "false": False}


class _Unsure(Exception):
    """This block is not read here; tomllib reads it."""


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    if code is None:
        return _ESCAPES[match.group(3)]
    point = int(code, 16)
    if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
        raise _Unsure  # tomllib refuses it
    return chr(point)


def _datetime(text: str) -> datetime.date:
    match = _DATETIME_PARTS.fullmatch(text)
    if match is None:  # pragma: no cover - _DATETIME matched it
        raise _Unsure
    try:
        return moment_from_fields(match.groups())
    except (ValueError, OverflowError):  # 2025-02-30: tomllib says what is wrong
        raise _Unsure from None


def _scalar(token: str) -> Any:
    first = token[0]
    if first == '"':
        inner = token[1:-1]
        if "\\" in inner:
            inner = _ESCAPE.sub(_unescape, inner)
        return xml_safe(
            inner
        )  # as summitfeed._read.frontmatter cleans what tomllib reads
    if first == "'":
        return xml_safe(token[1:-1])
    if token == "true":
        return True
    if token == "false":
        return False
    if len(token) >= 10 and token[4] == "-":
        return _datetime(token)
    if len(token) > _MAX_DIGITS:
        raise _Unsure  # tomllib (and Python's digit limit) say what is wrong
    return int(token.replace("_", ""))


def _array(token: str) -> list[Any]:
    inner = token[1:-1]
    items: list[Any] = []
    position, end = 0, len(inner)
    if not inner.strip(" \t"):
        return items
    while position < end:
        match = _ITEM.match(inner, position)
        if match is None:
            if not inner[position:].strip(" \t") and items:
                break  # after a trailing comma
            raise _Unsure
        items.append(_scalar(match.group(1)))
        position = match.end()
        if not match.group(2):
            break
    return items


def read_toml_subset(block: str) -> dict[str, Any] | None:
    """The fields of a block of ``key = value`` lines, or None (see above)."""
    fields: dict[str, Any] = {}
    try:
        for line in block.split("\n"):
            text = line.strip(" \t")
            if not text or text[0] == "#":
                if "\x7f" in text or not (text.isprintable() or _tabbed(text)):
                    return None
                continue
            key, equals, value = text.partition("=")
            key = key.rstrip(" \t")
            if not equals or _KEY.fullmatch(key) is None or key in fields:
                return None
            value = value.lstrip(" \t")
            if value[:1] == '"' and value[-1] == '"' and len(value) > 1:
                # The commonest value, read without the patterns: a basic
                # string of printable text without escapes (which xml_safe
                # would return as it is).
                inner = value[1:-1]
                if '"' not in inner and "\\" not in inner and inner.isprintable():
                    fields[key] = inner
                    continue
            elif value in _BOOLEANS:
                fields[key] = _BOOLEANS[value]
                continue
            match = _VALUE.fullmatch(value)
            if match is None:
                return None
            token = match.group(1)
            fields[key] = _array(token) if token[0] == "[" else _scalar(token)
    except _Unsure:
        return None
    return fields or None


def _tabbed(text: str) -> bool:
    return text.replace("\t", "").isprintable()
