"""The YAML that front matter is written in, read without PyYAML.

Most front matter uses a small part of YAML: one ``key: value`` per line,
values that are plain (unquoted), single-quoted or double-quoted text, flow
lists (``tags: [a, b]``) and block lists (``- item`` lines) of such values,
one level of mappings (``author: {name: X, email: y}`` or indented
``name: X`` lines), and comments. For that part YAML's meaning is fixed, and
:func:`read_yaml_subset` gives exactly what PyYAML's safe loader gives
(YAML 1.1: ``yes``/``off`` are booleans, ``~`` and ``null`` are null,
``0x1f``, ``1_000`` and ``1:30`` are whole numbers, ``2025-02-13`` is a date
and ``2025-02-13 09:30:00 +01:00`` a datetime), several times faster.

It reads only what it can read with certainty and returns None for anything
else (block scalars, anchors, tags, multi-line values, deeper nesting,
duplicate keys, tabs outside quotes, unusual escapes...), which then goes to
PyYAML, that also reports the errors. tests/test_yaml_subset.py generates
such blocks and compares both readings, values and key lines.
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any, Final

from summitfeed._dates import moment_from_fields

__all__ = ["read_yaml_subset"]

# -- scanning ------------------------------------------------------------------
# Lines are cut with string methods (in C); regular expressions only check
# keys, quoted text and flow collections.

_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,127}")
_SINGLE: Final = r"'[^'\n]*+(?:''[^'\n]*+)*+'"
_DOUBLE: Final = r'"[^"\\\n]*+(?:\\[^\n][^"\\\n]*+)*+"'
# What may follow a value on its line: spaces, or a comment after one.
_END: Final = r"(?: +#.*| *)"
_QUOTED: Final = re.compile(rf"({_SINGLE}|{_DOUBLE}){_END}")
# A flow collection on one line, not nested, no comment inside; a quote
# after a character of a plain scalar is part of it (O'Hara). Possessive
# repeats: a line that does not match fails at once, without backtracking.
_FLOW_BODY: Final = (
    rf"""(?:[^\[\]{{}}'"\n#\t]++|(?<=[^ ,\[{{])['"]|{_SINGLE}|{_DOUBLE})*+"""
)
_FLOW: Final = re.compile(rf"(\[{_FLOW_BODY}\]|\{{{_FLOW_BODY}\}}){_END}")
# Where a plain scalar may not start: an indicator ('-' only before a
# space; '?' and ':' always, which PyYAML reads by what follows).
_NOT_PLAIN_START: Final = frozenset("#'\"[]{}&*!|>%@`,?:-")
# A plain scalar in flow context: ',[]{}' end it, and ':' before one of
# them or a space; '#' and '?' are left to PyYAML.
_FLOW_PLAIN: Final = (
    r"""[^\s#'"\[\]{}&*!|>%@`,?:\-]"""
    r"(?:[^\t\n ,\[\]{}:#?]++|:(?=[^\t\n ,\[\]{}])| ++(?=[^\t\n #,\[\]{}:?]))*+"
)
# A flow list of words (letters, digits, '_', '-'; a letter first): each
# is text or one of YAML's boolean and null words.
_WORD_LIST: Final = re.compile(
    rf"\[ *([A-Za-z][\w-]*(?: *, *[A-Za-z][\w-]*)*) *\]{_END}", re.ASCII
)
_FLOW_ITEM: Final = re.compile(
    rf"\s*(?:({_KEY.pattern}): +)?({_SINGLE}|{_DOUBLE}|{_FLOW_PLAIN}) *(,|\Z)"
)


@functools.cache
def _not_subset_text() -> re.Pattern[str]:
    """Outside YAML's printable set, a YAML 1.1 line break (NEL, LS, PS) or
    a byte order mark. Compiled on first use: printable ASCII never needs it."""
    return re.compile(
        r"[^\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
        r"\U00010000-\U0010ffff]"
    )


def _is_printable_ascii(block: str) -> bool:
    """ASCII with no control character but tab and line feed (fast, in C)."""
    return block.isascii() and block.replace("\n", "").replace("\t", "").isprintable()


# -- YAML 1.1 resolution of plain scalars, as PyYAML's resolver does it ----------

_BOOLEANS: Final = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE"), True),
    **dict.fromkeys(("on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE"), False),
    **dict.fromkeys(("off", "Off", "OFF"), False),
}
_NULLS: Final = frozenset(("", "~", "null", "Null", "NULL"))
# Words that are no text as keys of nested mappings (PyYAML would resolve
# them); the top level keeps every key as written, as summitfeed._read.yaml does.
_RESOLVED_WORDS: Final = frozenset([*_BOOLEANS, *_NULLS])

_FLOAT: Final = re.compile(
    r"""[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
      | \.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
      | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
      | [-+]?\.(?:inf|Inf|INF)
      | \.(?:nan|NaN|NAN)""",
    re.VERBOSE,
)
_INT: Final = re.compile(
    r"""[-+]?0b[0-1_]+
      | [-+]?0[0-7_]+
      | [-+]?(?:0|[1-9][0-9_]*)
      | [-+]?0x[0-9a-fA-F_]+
      | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+""",
    re.VERBOSE,
)
_TIMESTAMP: Final = re.compile(
    r"""[0-9]{4}-[0-9]{2}-[0-9]{2}
      | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}
        (?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?""",
    re.VERBOSE,
)
_TIMESTAMP_PARTS: Final = re.compile(
    r"""([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})
        (?:(?:[Tt]|[ \t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]*))?
        (?:[ \t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?""",
    re.VERBOSE,
)
# Plain words YAML 1.1 reads as booleans or null; any other is text.
_WORDS: Final[dict[str, bool | None]] = {
    **_BOOLEANS,
    **dict.fromkeys(_NULLS - {"", "~"}),
}
# A plain scalar's text as _plain() takes it, after a first letter or
# digit: no ': ' or ' #' (a comment), no tab, not ending with ':'. Trailing
# spaces are not part of it.
_PLAIN_TEXT: Final = re.compile(
    r"[^:#\t]*+(?:(?::(?=[^ ])|(?<! )#)[^:#\t]*+)*+"
).fullmatch
_NUMBER_START: Final = frozenset("-+.0123456789")
# The commonest timestamps: '2025-02-13', '2025-02-13T09:30:00Z' and with
# a fraction (up to microseconds) or an offset '+01:00'.
_ISO_SHAPE: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?(?:Z|[-+][0-9]{2}:[0-9]{2}))?",
    re.ASCII,
)
_WORD_START: Final = frozenset("yYnNtTfFoO~")
# Whole numbers over this many digits go to PyYAML (and its digit limit).
_MAX_DIGITS: Final = 4000


class _Unsure(Exception):
    """This block is not read here; PyYAML reads it."""


def _resolve(text: str) -> Any:
    """A plain scalar's value, as YAML 1.1 (and PyYAML) resolves it."""
    first = text[:1]
    if first in _WORD_START:
        if text in _BOOLEANS:
            return _BOOLEANS[text]
        if text in _NULLS:
            return None
        return text
    if first not in _NUMBER_START:
        if text in ("<<", "="):  # YAML's merge and value keys
            raise _Unsure
        return text
    if text[4:5] == "-" and text[:4].isdigit():
        # "2025-...": a date or text, never a number (skips two patterns).
        if _ISO_SHAPE.fullmatch(text):
            return _iso_timestamp(text)
        return _timestamp(text) if _TIMESTAMP.fullmatch(text) else text
    if _FLOAT.fullmatch(text):
        return _float(text)
    if _INT.fullmatch(text):
        return _int(text)
    if _TIMESTAMP.fullmatch(text):
        return _timestamp(text)
    return text


def _sexagesimal(digits: str) -> float:
    total = 0.0
    for part in digits.split(":"):
        total = total * 60 + float(part)
    return total


def _float(text: str) -> float:
    value = text.replace("_", "").lower()
    sign = -1.0 if value[0] == "-" else 1.0
    if value[0] in "+-":
        value = value[1:]
    if value == ".inf":
        return sign * float("inf")
    if value == ".nan":
        return float("nan")
    if ":" in value:
        return sign * _sexagesimal(value)
    return sign * float(value)


def _int(text: str) -> int:
    value = text.replace("_", "")
    if len(value) > _MAX_DIGITS:
        raise _Unsure
    sign = -1 if value[0] == "-" else 1
    if value[0] in "+-":
        value = value[1:]
    try:
        if value == "0":
            return 0
        if value.startswith("0b"):
            return sign * int(value[2:], 2)
        if value.startswith("0x"):
            return sign * int(value[2:], 16)
        if value[0] == "0":
            return sign * int(value, 8)
        if ":" in value:
            total = 0
            for part in value.split(":"):
                total = total * 60 + int(part)
            return sign * total
        return sign * int(value)
    except ValueError:  # "0b_": PyYAML says what is wrong
        raise _Unsure from None


def _word(item: str) -> Any:
    """An item of a :data:`_WORD_LIST`, spaces around it removed, resolved."""
    text = item.strip(" ")
    return _WORDS.get(text, text)


def _iso_timestamp(text: str) -> datetime.date | str:
    """A timestamp of :data:`_ISO_SHAPE`: its fields are where fromisoformat
    reads them, and it refuses what the datetime constructor refuses."""
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return text  # 2025-02-30: text, as summitfeed._read.yaml keeps it


def _timestamp(text: str) -> datetime.date | str:
    match = _TIMESTAMP_PARTS.fullmatch(text)
    if match is None:  # pragma: no cover - _TIMESTAMP matched it
        raise _Unsure
    try:
        return moment_from_fields(match.groups())
    except (ValueError, OverflowError):
        return text  # 2025-02-30: text, as summitfeed._read.yaml keeps it


# -- quoted scalars ------------------------------------------------------------

_ESCAPES: Final = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "\\": "\\",
    "/": "/",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_ESCAPE: Final = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|(.))")


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    if code is not None:
        point = int(code, 16)
        if 0xD800 <= point <= 0xDFFF:
            raise _Unsure  # a lone surrogate: left to PyYAML
        return chr(point)
    replacement = _ESCAPES.get(match.group(3))
    if replacement is None:
        raise _Unsure  # \U, a line continuation, or no escape at all
    return replacement


def _double(quoted: str) -> str:
    inner = quoted[1:-1]
    if "\\" not in inner:
        return inner
    if "\\" not in inner.replace('\\"', ""):
        # Only escaped quotes (the commonest escape): each backslash is one's.
        return inner.replace('\\"', '"')
    from summitfeed._text import xml_safe  # (an escape can name a control character)

    return xml_safe(_ESCAPE.sub(_unescape, inner))


def _scalar(token: str) -> tuple[Any, bool]:
    """A scalar token's value, and whether it was plain."""
    first = token[0]
    if first == "'":
        return token[1:-1].replace("''", "'"), False
    if first == '"':
        return _double(token), False
    return _resolve(token), True


def _flow(token: str) -> list[Any] | dict[str, Any]:
    """The value of a one-line flow list or mapping of scalars."""
    inner = token[1:-1]
    is_map = token[0] == "{"
    items: list[Any] = []
    mapping: dict[str, Any] = {}
    if inner.strip(" "):
        position, end = 0, len(inner)
        while position < end:
            match = _FLOW_ITEM.match(inner, position)
            if match is None:
                raise _Unsure
            key, item, comma = match.groups()
            if (key is not None) != is_map or (comma and match.end() == end):
                raise _Unsure  # "a: b" in a list; a mapping entry without one
            value = _scalar(item)[0]
            if key is None:
                items.append(value)
            elif key in mapping or key in _RESOLVED_WORDS:
                raise _Unsure
            else:
                mapping[key] = value
            position = match.end()
    return mapping if is_map else items


# -- the block -----------------------------------------------------------------


def read_yaml_subset(
    block: str, *, first_line: int
) -> tuple[dict[str, Any], dict[str, int], dict[str, str]] | None:
    """Fields, key lines and top-level plain scalars as written, or None.

    None when the block uses YAML beyond this module's part, or has no field.
    """
    if not _is_printable_ascii(block) and _not_subset_text().search(
        block.replace("\n", "")
    ):
        return None
    try:
        return _read(block, first_line)
    except _Unsure:
        return None


def _plain(value: str) -> str:
    """``value`` (no leading space) without its comment, if it is one plain
    scalar on one line in block context; else :class:`_Unsure`."""
    cut = value.find(" #")
    if cut >= 0:
        value = value[:cut]
    value = value.rstrip(" ")
    first = value[0]
    if (
        (first in _NOT_PLAIN_START and (first != "-" or value[1:2] in ("", " ")))
        or first.isspace()
        or "\t" in value
        or ": " in value
        or value[-1] == ":"
    ):
        raise _Unsure
    return value


def _entry_value(value: str) -> tuple[Any, str | None]:
    """The value written after ``key: `` (leading spaces removed), and its
    text when it is a plain scalar."""
    first = value[0]
    if first == "'" or first == '"':
        match = _QUOTED.fullmatch(value)
        if match is None:
            raise _Unsure
        return _scalar(match.group(1))[0], None
    if first == "[" or first == "{":
        words = _WORD_LIST.fullmatch(value)
        if words is not None:  # (tags: [a, b]: read without the item pattern)
            return [_word(item) for item in words.group(1).split(",")], None
        match = _FLOW.fullmatch(value)
        if match is None:
            raise _Unsure
        return _flow(match.group(1)), None
    text = _plain(value)
    return _resolve(text), text


def _item_value(value: str) -> Any:
    """The value of a block-list item (after ``- ``): a scalar."""
    first = value[0]
    if first == "'" or first == '"':
        match = _QUOTED.fullmatch(value)
        if match is None:
            raise _Unsure
        return _scalar(match.group(1))[0]
    return _resolve(_plain(value))


_KEYS_SEEN: Final[set[str]] = set()  # keys checked already (they repeat)


def _is_key(text: str) -> bool:
    if text in _KEYS_SEEN:
        return True
    if _KEY.fullmatch(text) is None:
        return False
    if len(_KEYS_SEEN) < 4096:
        _KEYS_SEEN.add(text)
    return True


def _with_escaped_quotes(inner: str, quote: str) -> str | None:
    """The text between the quotes of a value that is one quoted scalar
    whose only escapes are of its quote ('' or \\"), else None."""
    if quote == "'":
        if "'" in inner.replace("''", ""):
            return None  # a quote that ends the scalar early
        return inner.replace("''", "'")
    unescaped = inner.replace('\\"', "")
    if "\\" in unescaped or '"' in unescaped:
        return None  # another escape, or a quote that ends the scalar
    return inner.replace('\\"', '"')


class _Opened:
    """A key written alone on its line ("key:"): its value is on the lines
    below, a block list or mapping whose indent the first of them sets."""

    __slots__ = ("children", "indent", "key")

    def __init__(self, key: str) -> None:
        self.key = key
        self.children: list[Any] | dict[str, Any] | None = None
        self.indent = 0


def _read(
    block: str, first_line: int
) -> tuple[dict[str, Any], dict[str, int], dict[str, str]] | None:
    fields: dict[str, Any] = {}
    lines: dict[str, int] = {}
    scalars: dict[str, str] = {}
    opened: _Opened | None = None
    for number, line in enumerate(block.split("\n"), start=first_line):
        if not line:
            continue
        first = line[0]
        if first == " " or first == "-":
            _child_line(line, opened, fields)
            continue
        if first == "#":
            continue
        key, colon, rest = line.partition(":")
        if not colon or (key not in _KEYS_SEEN and not _is_key(key)):
            return None
        if opened is not None:
            if opened.children is None:
                scalars[opened.key] = ""  # "key:" and nothing below: null
            opened = None
        if key in fields:
            return None  # PyYAML reports the duplicate
        lines[key] = number
        value = rest.lstrip(" ")
        if not value or value[0] == "#":
            if value and rest[0] != " ":
                return None  # "key:#": no key at all
            opened = _Opened(key)
            fields[key] = None
            continue
        if rest[0] != " ":
            return None  # "key:value" is one plain scalar
        first = value[0]
        # The commonest values, read here without a call: text in single
        # or double quotes without escapes, and plain words.
        if (first == "'" or first == '"') and value[-1] == first and len(value) > 1:
            inner = value[1:-1]
            if first not in inner and (first == "'" or "\\" not in inner):
                fields[key] = inner
                continue
            text = _with_escaped_quotes(inner, first)
            if text is not None:
                fields[key] = text
                continue
        elif first.isalnum() and _PLAIN_TEXT(value):
            text = value.rstrip(" ")
            fields[key] = _WORDS.get(text, text) if first.isalpha() else _resolve(text)
            scalars[key] = text
            continue
        fields[key], plain = _entry_value(value)
        if plain is not None:
            scalars[key] = plain
    if opened is not None and opened.children is None:
        scalars[opened.key] = ""
    return (fields, lines, scalars) if fields else None


def _child_line(line: str, opened: _Opened | None, fields: dict[str, Any]) -> None:
    """Read an indented line, or a "- item" one, into the opened key's
    list or mapping (a comment or blank line: nothing)."""
    text = line.lstrip(" ")
    if not text or text[0] == "#":
        return
    if opened is None:
        raise _Unsure  # a line that continues a value, or more nesting
    depth = len(line) - len(text)
    children = opened.children
    if text[0] == "-":
        value = text[1:].lstrip(" ")
        if len(value) == len(text) - 1 or not value or value[0] == "#":
            raise _Unsure  # "-x" is text; "-" alone is a null item
        if children is None:
            children = opened.children = fields[opened.key] = []
            opened.indent = depth
        elif not isinstance(children, list) or depth != opened.indent:
            raise _Unsure
        first = value[0]
        if (first == "'" or first == '"') and value[-1] == first and len(value) > 1:
            inner = value[1:-1]
            if first not in inner and (first == "'" or "\\" not in inner):
                children.append(inner)
                return
            unescaped = _with_escaped_quotes(inner, first)
            if unescaped is not None:
                children.append(unescaped)
                return
        elif first.isalpha() and _PLAIN_TEXT(value):
            text = value.rstrip(" ")
            children.append(_WORDS.get(text, text))
            return
        children.append(_item_value(value))
        return
    key, colon, rest = text.partition(":")
    value = rest.lstrip(" ")
    if (
        not colon
        or depth == 0
        or not _is_key(key)
        or not value
        or value[0] == "#"
        or len(rest) == len(value)
        or key in _RESOLVED_WORDS
    ):
        raise _Unsure
    if children is None:
        children = opened.children = fields[opened.key] = {}
        opened.indent = depth
    elif not isinstance(children, dict) or depth != opened.indent or key in children:
        raise _Unsure
    first = value[0]
    if first == "{":
        raise _Unsure  # a mapping in a mapping
    if first.isalpha() and _PLAIN_TEXT(value):
        text = value.rstrip(" ")
        children[key] = _WORDS.get(text, text)
    else:
        children[key] = _entry_value(value)[0]
