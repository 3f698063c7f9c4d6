"""Split an article file into front matter and body, and read the front matter.

The only user of tomllib and json for articles. Front matter in the part of
YAML or TOML most front matter uses is read by :mod:`summitfeed._read.yaml_subset`
or :mod:`summitfeed._read.toml_subset`; other TOML goes to tomllib, other YAML
to :mod:`summitfeed._read.yaml` (PyYAML's safe loader, the C one where PyYAML
has it, never constructing objects: any
``!!python/...`` or other tag outside YAML's own types is refused), loaded
only when a file needs it. The limits below are checked before any value is
built, for YAML, TOML and JSON:

- the front matter is at most ``max_front_matter_size`` bytes long (the
  setting; by default ``MAX_FRONT_MATTER_BYTES``, 1 MiB);
- collections nest at most ``MAX_DEPTH`` (32) deep;
- the document, with every alias expanded, has at most ``MAX_NODES`` (10,000)
  values (this stops "billion laughs" alias bombs before they expand);
- a whole number has at most ``MAX_INT_DIGITS`` (4,300) digits, Python's own
  limit for reading one;
- the body is at most ``max_body_size`` bytes long (the setting; by default
  ``MAX_BODY_BYTES``, 8 MiB: real changelogs and archives of talks pass
  a megabyte, and cmark and the sanitizer are linear), nests Markdown
  containers (``>``, list markers on one line) and HTML elements at most
  ``max_nesting`` (100) deep, and keeps at most ``max_open_formatting`` (4)
  HTML formatting elements (``<b>``, ``<a>``, ...) open at once: HTML parsers
  rebuild every open formatting element at each new paragraph, so many would
  let a small body grow into gigabytes;
- its tables have at most ``max_table_cells`` (100,000) cells in all, as
  rendered: a table row is filled to its header's width, so 12 KB of ``|``
  would otherwise render to megabytes.

Each body and front-matter size limit is a setting (the names above), named
in the error that refuses it ("set max_body_size to raise it"): no message
asks for a published post to be rewritten. The limits on front matter
structure (depth, values, digits) are the parsers' own. Together they keep
reading one article within a time and memory proportional to its size,
whatever it holds.

Top-level keys are always text as written (``2025-01-01: x`` gives the key
"2025-01-01"); a YAML date that is no real date (``2025-02-30``) is kept as
text, so that the field check says why it is not a date. Every character that
XML 1.0 forbids (control characters, lone surrogates) is removed from every
key and value read, so that nothing read can make an output file malformed.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple

from summitfeed._errors import BodyError, FrontMatterError
from summitfeed._read.front_limits import (
    EMPTY_MESSAGE,
    MAX_DEPTH,
    MAX_INT_DIGITS,
    MAX_NODES,
    NESTING_MESSAGE,
    clean,
)
from summitfeed._read.yaml_subset import read_yaml_subset

if TYPE_CHECKING:
    import json

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_BODY_DEPTH",
    "MAX_DEPTH",
    "MAX_FRONT_MATTER_BYTES",
    "MAX_INT_DIGITS",
    "MAX_NODES",
    "MAX_OPEN_FORMATTING",
    "BodyLimits",
    "RawArticle",
    "TitleHeading",
    "check_body",
    "decode_article",
    "first_heading",
    "parse_front_matter",
    "split_front_matter",
    "title_heading",
    "without_title_heading",
]

MAX_FRONT_MATTER_BYTES: Final = 1024 * 1024
MAX_BODY_BYTES: Final = 8 * 1024 * 1024
MAX_BODY_DEPTH: Final = 100
MAX_OPEN_FORMATTING: Final = 4
MAX_TABLE_CELLS: Final = 100_000
# A table's delimiter row ("| --- | :-: |"): its cells give the table's width.
_TABLE_DELIMITER: Final = re.compile(
    r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$", re.MULTILINE
)

# The names summitfeed._read.articles reads here.
_EMPTY_MESSAGE: Final = EMPTY_MESSAGE
_NESTING_MESSAGE: Final = NESTING_MESSAGE

FrontMatterFormat = Literal["yaml", "toml", "json"]


class RawArticle(NamedTuple):
    """Front matter as read, before any field is checked.

    ``key_lines`` maps each top-level key to its 1-based line in the file;
    ``scalars`` keeps the text of top-level YAML scalars as written, so that
    ``version: 1.10`` stays "1.10" when a text field is wanted.
    ``start_line`` is ``None`` for fields given as a mapping (no file, no line).
    """

    path: str
    format: FrontMatterFormat
    fields: Mapping[str, object]
    key_lines: Mapping[str, int]
    scalars: Mapping[str, str]
    start_line: int | None
    body: str
    body_line: int
    repeated_keys: Mapping[str, int] = MappingProxyType({})
    """Top-level YAML keys written twice, with their first line (the last value
    and line are the ones kept)."""

    def line_of(self, key: str) -> int | None:
        return self.key_lines.get(key, self.start_line)


def decode_article(data: bytes, *, path: str) -> str:
    """Decode a file's bytes as UTF-8 (a BOM is dropped) with LF line ends.

    Raises:
        FrontMatterError: the file is empty, binary or not UTF-8.
    """
    if not data or data.isspace():  # (as data.strip() would be empty, uncopied)
        raise FrontMatterError(
            path, "the file is empty (an article needs front matter)"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FrontMatterError(
            path, "saved as UTF-16, not UTF-8; save the file as UTF-8"
        )
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        raise FrontMatterError(
            path,
            f"a binary file (a NUL byte at offset {nul}), not a text article; "
            "keep only Markdown text files in the content folder",
        )
    # utf-8-sig's own steps: its codec is written in Python, a call that
    # costs more than the BOM test. (An offset counts from after the BOM,
    # as utf-8-sig counts it.)
    unmarked = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    try:
        text = unmarked.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FrontMatterError(
            path,
            f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start});"
            " save the file as UTF-8",
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


_FENCES: Final[dict[str, FrontMatterFormat]] = {"---": "yaml", "+++": "toml"}
_CLOSERS: Final[dict[FrontMatterFormat, tuple[str, ...]]] = {
    "yaml": ("---", "..."),
    "toml": ("+++",),
}
# A closing line: the fence, then only white space ([^\S\n]: str.isspace's set).
_CLOSER_LINE: Final[dict[FrontMatterFormat, re.Pattern[str]]] = {
    fmt: re.compile(r"\n(?:" + "|".join(map(re.escape, fences)) + r")[^\S\n]*(?:\n|\Z)")
    for fmt, fences in _CLOSERS.items()
}


def _blank_lines(text: str) -> tuple[int, int]:
    """Where the text after its leading blank lines starts, and how many.

    Zola and Hugo read front matter after blank lines; only whole lines are
    skipped, so that every line keeps its number.
    """
    if not text[:1].isspace():
        return 0, 0
    blank = len(text) - len(text.lstrip())
    cut = text.rfind("\n", 0, blank) + 1
    return cut, text.count("\n", 0, cut)


def split_front_matter(
    text: str, *, path: str
) -> tuple[FrontMatterFormat, str, str, int]:
    """Return ``(format, front matter, body, body's first line)``.

    Raises:
        FrontMatterError: there is no front matter, or it is not closed.
    """
    cut, lead = _blank_lines(text)
    if lead:
        found, block, body, body_line = split_front_matter(text[cut:], path=path)
        return found, block, body, body_line + lead
    first_end = text.find("\n")
    first = (text if first_end < 0 else text[:first_end]).rstrip()
    fmt = _FENCES.get(first)
    if fmt is not None:
        closers = _CLOSERS[fmt]
        closer = _CLOSER_LINE[fmt].search(text, first_end) if first_end >= 0 else None
        if closer is not None:
            start = closer.start() + 1  # where the closing line starts
            body_line = text.count("\n", 0, start) + 2
            return fmt, text[first_end + 1 : start], text[closer.end() :], body_line
        raise FrontMatterError(
            path,
            f"the front matter opened with {first} on line 1 is never closed "
            f"(add a line {closers[0]} after the last field)",
            line=1,
        )
    if text.lstrip().startswith("{"):
        return _split_json(text, path=path)
    language = _FENCE_LANGUAGE.fullmatch(first)
    if language is not None:
        closer = (
            _CLOSER_LINE["yaml"].search(text, first_end) if first_end >= 0 else None
        )
        named = language.group(1).lower()
        if closer is not None:
            block = text[first_end + 1 : closer.start() + 1]
            body_line = text.count("\n", 0, closer.start() + 1) + 2
            if named in _FENCED_FORMATS:
                # gray-matter's fence naming a language we read.
                return (
                    _FENCED_FORMATS[named],
                    block,
                    text[closer.end() :],
                    body_line,
                )
            if named in ("js", "javascript"):
                fields = _literal_declarations(block)
                if fields is not None:
                    return "json", fields, text[closer.end() :], body_line
        if named in _FENCED_FORMATS:
            raise FrontMatterError(
                path,
                f"the front matter opened with {first} on line 1 is never closed "
                "(add a line --- after the last field)",
                line=1,
            )
        raise FrontMatterError(path, _unread_language(language.group(1)), line=1)
    raise FrontMatterError(
        path,
        "no front matter (start the file with a line ---, the fields such as "
        "title: 'My title', then a line ---)",
        line=1,
    )


# "---js", "---coffee": gray-matter's fence naming the front matter's language.
_FENCE_LANGUAGE: Final = re.compile(r"---[^\S\n]*([A-Za-z][\w+-]*)")
_LANGUAGE_NAMES: Final = {
    "js": "JavaScript",
    "javascript": "JavaScript",
    "coffee": "CoffeeScript",
    "cson": "CoffeeScript",
}


# Eleventy's JavaScript front matter at its plainest: one declaration of a
# literal per line (const title = "A post";), which means one thing only.
_DECLARATION: Final = re.compile(
    r"[^\S\n]*(?:const|let|var)[^\S\n]+([A-Za-z_$][\w$]*)[^\S\n]*=[^\S\n]*(.+?)"
    r"[^\S\n]*;?[^\S\n]*"
)
_SINGLE_QUOTED: Final = re.compile(r"'([^'\\\n]*)'")


def _literal_declarations(block: str) -> str | None:
    """The declarations as a JSON object, or None when any line is other
    JavaScript than a declaration of a literal (or a comment)."""
    import json

    fields: dict[str, object] = {}
    for line in block.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        match = _DECLARATION.fullmatch(line)
        if match is None:
            return None
        name, value = match.groups()
        quoted = _SINGLE_QUOTED.fullmatch(value)
        if quoted is not None:
            fields[name] = quoted.group(1)
            continue
        try:
            fields[name] = json.loads(value)
        except ValueError:
            return None
    return json.dumps(fields) if fields else None


def _unread_language(language: str) -> str:
    name = _LANGUAGE_NAMES.get(language.lower(), language)
    beyond = _ONLY_LITERALS if name == "JavaScript" else ""
    return (
        f"{name} front matter (---{language}) is not supported{beyond}; "
        "write the fields as YAML between --- lines (title: 'My title')"
    )


_FENCED_FORMATS: Final[dict[str, FrontMatterFormat]] = {
    "yaml": "yaml",
    "yml": "yaml",
    "toml": "toml",
    "json": "json",
}
_ONLY_LITERALS: Final = " beyond one 'const name = literal;' per line"


# A JSON string, or one bracket: enough to measure nesting without recursion.
_JSON_TOKEN: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _json_depth(text: str, start: int) -> int:
    """How deep the JSON value at ``start`` nests (bracket count, strings skipped)."""
    depth = deepest = 0
    limit = start + MAX_FRONT_MATTER_BYTES + 1
    for match in _JSON_TOKEN.finditer(text, start, limit):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH + 1:
                break
        elif token in "]}":
            depth -= 1
            if depth <= 0:
                break
    return deepest


def _json_decoder(path: str) -> json.JSONDecoder:
    import json  # (JSON front matter only)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        for key, value in items:
            if key in fields:
                raise FrontMatterError(
                    path,
                    "appears twice in the JSON front matter; keep one",
                    line=1,
                    key=key,
                )
            fields[key] = value
        return fields

    return json.JSONDecoder(object_pairs_hook=pairs)


def _split_json(text: str, *, path: str) -> tuple[FrontMatterFormat, str, str, int]:
    start = len(text) - len(text.lstrip())
    # The object's own braces count as one level, like YAML's top mapping.
    if _json_depth(text, start) > MAX_DEPTH + 1:
        raise FrontMatterError(path, NESTING_MESSAGE, line=1)
    import json

    try:
        _, end = _json_decoder(path).raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise FrontMatterError(
            path,
            f"JSON front matter is not valid: {exc.msg} (column {exc.colno}); "
            'write one object such as {"title": "My title", "publish_date": '
            '"2025-02-13"}, with every text in double quotes',
            line=exc.lineno,
        ) from None
    except ValueError:  # a number over Python's digit limit
        raise FrontMatterError(
            path,
            f"JSON front matter holds a whole number of more than {MAX_INT_DIGITS} "
            "digits (the limit); quote it to mean text",
            line=1,
        ) from None
    except RecursionError:  # pragma: no cover - measured above
        raise FrontMatterError(path, NESTING_MESSAGE, line=1) from None
    body_line = text.count("\n", 0, end) + 1
    rest = text[end:]
    newline = rest.find("\n")
    if newline >= 0 and not rest[:newline].strip():
        rest = rest[newline + 1 :]
        body_line += 1
    return "json", text[start:end], rest, body_line


def parse_front_matter(
    text: str,
    *,
    path: str,
    max_body_size: int = MAX_BODY_BYTES,
    max_front_matter_size: int = MAX_FRONT_MATTER_BYTES,
    body_limits: BodyLimits | None = None,
) -> RawArticle:
    """Read an article's text (already decoded) into a :class:`RawArticle`.

    Raises:
        FrontMatterError: missing, unclosed, unreadable or non-mapping front matter,
            or front matter over the limits of this module.
    """
    fmt, block, body, body_line = split_front_matter(text, path=path)
    lead = _blank_lines(text)[1]
    start = (1 if fmt == "json" else 2) + lead
    if len(block) > max_front_matter_size // 4 and (
        len(block.encode("utf-8", "surrogatepass")) > max_front_matter_size
    ):
        raise FrontMatterError(
            path,
            f"the front matter is over {_size(max_front_matter_size)} (the limit "
            "for one article's fields); set max_front_matter_size to raise it",
            line=1,
        )
    repeated: dict[str, int] = {}
    if fmt == "yaml":
        if not block.isascii() or "\x7f" in block:
            # DEL and the C1 controls but NEL (a YAML line break), which old
            # exports leave in titles: YAML refuses them, and every output
            # drops them anyway (see _text.xml_safe). An ASCII block without
            # DEL holds none of them: no scan.
            block = _yaml_refused_controls().sub("", block)
        fields, lines, scalars = _load_yaml(
            block, path=path, first_line=start, repeated=repeated
        )
    elif fmt == "toml":
        fields = _load_toml(block, path=path)
        lines, scalars = {}, {}
    else:
        fields = _load_json(block, path=path)
        lines, scalars = {}, {}
    if not fields:
        raise FrontMatterError(path, EMPTY_MESSAGE, line=1)
    check_body(
        body,
        path=path,
        first_line=body_line,
        max_size=max_body_size,
        limits=body_limits or _DEFAULT_LIMITS,
    )
    return RawArticle(
        path=path,
        format=fmt,
        fields=fields,
        key_lines=lines,
        scalars=scalars,
        start_line=1 + lead,
        body=body,
        body_line=body_line,
        repeated_keys=repeated,
    )


# Line-start Markdown containers (block quotes and list items), as many as
# one line opens: a pattern of more than a limit of them. The repetition
# count makes an ordinary line fail after its first few markers.
_CONTAINER: Final = r"(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])))"
_HTML_TAG: Final = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:[\s/][^<>]*)?>")
# Elements that never hold others, or whose end tag may be left out.
_NOT_NESTING: Final = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "colgroup",
        "option",
        "optgroup",
        "rb",
        "rt",
        "rp",
        "html",
        "head",
        "body",
    ]
)
_FORMATTING: Final = frozenset(
    [
        "a",
        "b",
        "big",
        "code",
        "em",
        "font",
        "i",
        "nobr",
        "s",
        "small",
        "strike",
        "strong",
        "tt",
        "u",
    ]
)


@functools.cache
def _yaml_refused_controls() -> re.Pattern[str]:
    return re.compile("[\x7f-\x84\x86-\x9f]")


def _size(limit: int) -> str:
    """A limit in bytes as people write it: 8 MiB, 512 KiB, 1500 bytes."""
    for unit, size in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if limit >= size and limit % size == 0:
            return f"{limit // size} {unit}"
    return f"{limit} bytes"


class BodyLimits(NamedTuple):
    """The shape a body may have: each a setting of the same name."""

    max_nesting: int = MAX_BODY_DEPTH
    max_open_formatting: int = MAX_OPEN_FORMATTING
    max_table_cells: int = MAX_TABLE_CELLS


_DEFAULT_LIMITS: Final = BodyLimits()


@functools.lru_cache(maxsize=4)
def _containers(depth: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A line that opens more than ``depth`` quotes or list items: after a
    line feed, and at the start of the text. (A pattern that starts with a
    fixed character lets the regex engine skip to each line start, several
    times faster than "^"; the first line is matched apart, so that the
    body is not copied behind a line feed.)"""
    repeated = f"{_CONTAINER}{{{depth + 1},}}"
    return re.compile("\n" + repeated), re.compile(repeated)


def _over_nested_line(body: str, depth: int) -> int | None:
    """Where the first line opening more than ``depth`` containers starts."""
    after_line_feed, at_start = _containers(depth)
    if at_start.match(body) is not None:
        return 0
    match = after_line_feed.search(body)
    return None if match is None else match.start() + 1


def check_body(
    body: str,
    *,
    path: str,
    first_line: int,
    max_size: int = MAX_BODY_BYTES,
    limits: BodyLimits = _DEFAULT_LIMITS,
) -> None:
    """Refuse a body over this module's limits (size, nesting, tables).

    Raises:
        BodyError: naming the first line over a limit, the limit and the
            setting that raises it.
    """
    if len(body) * 4 > max_size and len(body.encode()) > max_size:
        raise BodyError(
            path,
            f"the body is over {_size(max_size)} (the limit for one article); "
            "set max_body_size to raise it",
            line=first_line,
        )
    over_nested = _over_nested_line(body, limits.max_nesting)
    if over_nested is not None:
        raise BodyError(
            path,
            f"the body nests quotes or lists more than {limits.max_nesting} deep "
            "(the limit); set max_nesting to raise it",
            line=first_line + body.count("\n", 0, over_nested),
        )
    if "<" in body:
        _check_html_nesting(body, path=path, first_line=first_line, limits=limits)
    if "|" in body and "-" in body and _may_hold_cells(body, limits.max_table_cells):
        _check_table_cells(
            body, path=path, first_line=first_line, limit=limits.max_table_cells
        )


def _may_hold_cells(body: str, limit: int) -> bool:
    """Whether the tables of ``body`` could have more than ``limit`` cells: a
    bound that costs two counts, so most bodies with a table skip the scan.

    Each table is as wide as its delimiter row has pipes, plus one (at most
    twice its pipes, as the row holds one), and no longer than the body's
    lines; so all the tables together have at most twice the body's pipes
    times its lines.
    """
    return 2 * body.count("|") * (body.count("\n") + 1) > limit


def _check_table_cells(
    body: str, *, path: str, first_line: int, limit: int = MAX_TABLE_CELLS
) -> None:
    """Refuse tables of more cells than ``MAX_TABLE_CELLS``, counted as they
    render: every row as wide as its header (checked before rendering, so
    that a table bomb costs nothing)."""
    cells = 0
    for match in _TABLE_DELIMITER.finditer(body):
        row = match.group().strip()
        if "|" not in row:
            continue  # (a thematic break or a heading underline)
        width = row.strip("|").count("|") + 1
        end = body.find("\n\n", match.end())
        rows = body.count("\n", match.end(), len(body) if end < 0 else end) + 1
        cells += width * rows
        if cells > limit:
            raise BodyError(
                path,
                f"the body's tables have more than {limit:,} cells "
                "(the limit, each row counted as wide as its header); "
                "set max_table_cells to raise it",
                line=first_line + body.count("\n", 0, match.start()),
            )


def _check_html_nesting(
    body: str, *, path: str, first_line: int, limits: BodyLimits = _DEFAULT_LIMITS
) -> None:
    open_tags: dict[str, int] = {}
    depth = formatting = 0
    most_deep, most_open = limits.max_nesting, limits.max_open_formatting
    for match in _HTML_TAG.finditer(body):
        name = match.group(2).lower()
        if name in _NOT_NESTING or match.group().endswith("/>"):
            continue
        is_formatting = name in _FORMATTING
        if match.group(1):  # an end tag
            if open_tags.get(name, 0) > 0:
                open_tags[name] -= 1
                depth -= 1
                formatting -= is_formatting
            continue
        open_tags[name] = open_tags.get(name, 0) + 1
        depth += 1
        formatting += is_formatting
        if depth > most_deep or formatting > most_open:
            if depth > most_deep:
                what = f"more than {most_deep} HTML elements inside one another"
                setting = "max_nesting"
            else:
                what = (
                    f"more than {most_open} HTML formatting elements "
                    "(such as <b>, <i>, <a>) open at once"
                )
                setting = "max_open_formatting"
            raise BodyError(
                path,
                f"the body has {what} (the limit); set {setting} to raise it",
                line=first_line + body.count("\n", 0, match.start()),
            )


def _depth(value: object) -> int:
    """How deep lists and mappings nest in ``value`` (without recursion)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Iterable[object] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _load_toml(block: str, *, path: str) -> dict[str, Any]:
    from summitfeed._read.toml_subset import (
        read_toml_subset,  # (loaded when one is TOML)
    )

    simple = read_toml_subset(block)
    if simple is not None:
        return simple
    import tomllib  # (most front matter is YAML: loaded when one is TOML)

    try:
        value = tomllib.loads(block)
    except RecursionError:
        raise FrontMatterError(path, NESTING_MESSAGE, line=1) from None
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends with "(at line N, column M)" counted in the block.
        message = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)$", message)
        line = 1
        if match:
            line = int(match.group(1)) + 1
            message = message[: match.start()].rstrip()
        if "date" in message:
            hint = "write a real date, e.g. publish_date = 2025-02-13"
        elif "overwrite" in message:
            hint = "a key or table appears twice; keep one"
        else:
            hint = "write one key = value per line, text in quotes (title = 'My title')"
        raise FrontMatterError(
            path, f"TOML front matter is not valid: {message}; {hint}", line=line
        ) from None
    except ValueError:  # a number over Python's digit limit
        raise FrontMatterError(
            path,
            f"TOML front matter holds a whole number of more than {MAX_INT_DIGITS} "
            "digits (the limit); quote it to mean text",
            line=1,
        ) from None
    if _depth(value) > MAX_DEPTH:
        raise FrontMatterError(path, NESTING_MESSAGE, line=1)
    return clean(value)  # type: ignore[no-any-return]


def _load_json(block: str, *, path: str) -> dict[str, Any]:
    import json

    try:
        _check_json_depth(block, path=path)
        value = _json_decoder(path).decode(block)
    except json.JSONDecodeError as exc:  # pragma: no cover - raw_decode caught it
        raise FrontMatterError(
            path, f"JSON front matter is not valid: {exc.msg}", line=exc.lineno
        ) from None
    if not isinstance(value, dict):  # pragma: no cover - split finds objects only
        raise FrontMatterError(
            path, "JSON front matter must be an object ({...})", line=1
        )
    return clean(value)  # type: ignore[no-any-return]


def _check_json_depth(block: str, *, path: str) -> None:
    # Counts brackets inside strings too: it may over-count, never under-count
    # (a "]" in a string no longer lowers the count below zero).
    if _flow_depth(block) > MAX_DEPTH + 1:
        raise FrontMatterError(path, NESTING_MESSAGE, line=1)


_NESTING_CHARS = re.compile(r"[\[{]")


def read_simple_yaml(
    block: str, *, first_line: int
) -> tuple[dict[str, Any], dict[str, int], dict[str, str]] | None:
    """Fields, key lines and plain scalars of a block in the YAML most front
    matter uses (see :mod:`summitfeed._read.yaml_subset`), else None."""
    return read_yaml_subset(block, first_line=first_line)


def _load_yaml(
    block: str, *, path: str, first_line: int, repeated: dict[str, int]
) -> tuple[dict[str, Any], dict[str, int], dict[str, str]]:
    simple = read_simple_yaml(block, first_line=first_line)
    if simple is not None:
        return simple
    # Flow collections are parsed recursively: refuse absurd nesting before
    # the parser sees it. Over-counts brackets inside strings, which is fine.
    if (
        len(_NESTING_CHARS.findall(block)) > MAX_DEPTH
        and _flow_depth(block) > MAX_DEPTH
    ):
        raise FrontMatterError(path, NESTING_MESSAGE, line=first_line)
    from summitfeed._read.yaml import load_yaml

    return load_yaml(block, path=path, first_line=first_line, repeated=repeated)


def _flow_depth(block: str) -> int:
    depth = deepest = 0
    for char in block:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    return deepest


# --- the title as the body's first heading ---------------------------------------
#
# MkDocs takes a page's title from its first "# heading" when the front matter
# has none; the heading is then the item's title, and leaves its content.

_FENCE: Final = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX_TITLE: Final = re.compile(r" {0,3}#(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*")
_SETEXT_TITLE: Final = re.compile(r" {0,3}=+[ \t]*")
# A line that opens a block of its own (list item, quote, heading, fence,
# HTML, indented code): it cannot be the text of a setext heading.
_NOT_HEADING_TEXT: Final = re.compile(
    r"(?: {0,3}(?:[-*+>#<]|[0-9]{1,9}[.)]|`{3}|~{3})(?:[ \t]|$)| {4}|\t)"
)
# Python-Markdown's attribute list after a heading ("# Title {#id .class}").
_ATTRIBUTE_LIST: Final = re.compile(r"[ \t]*\{:?[ \t]*[#.][^{}\n]*\}[ \t]*$")


# Blocks whose lines are never Markdown of the page: template tags that show
# code or leave text out (the template engine runs before the Markdown), and
# Jinja/Nunjucks comments.
_TEMPLATE_BLOCK: Final = re.compile(
    r"\{%-?\s*(highlight|raw|comment|codeblock|verbatim)\b[^%]*?-?%\}"
    r".*?\{%-?\s*end\1\s*-?%\}"
    r"|\{\{([<%])\s*(highlight|code)\b.*?[>%]\}\}.*?\{\{\2\s*/\s*\3\s*[>%]\}\}"
    r"|\{#[\s-].*?#\}",
    re.DOTALL,
)
# The HTML blocks whose lines are not Markdown (CommonMark's kinds 1 and 2),
# by what starts them and what ends them.
_HTML_BLOCK_START: Final = re.compile(
    r" {0,3}<(?:(pre|script|style|textarea)(?:[ \t>]|$)|(!--))", re.IGNORECASE
)
# What a template fills in: the heading's words are not known before.
_FILLED_IN: Final = ("{{", "{%")


class TitleHeading(NamedTuple):
    """The body's first level-one heading: its text as written (Markdown),
    and where its lines start and end in the body."""

    text: str
    start: int
    end: int

    @property
    def filled_in(self) -> bool:
        """Whether template syntax fills in its words (``# Hi, {{ name }}``)."""
        return any(mark in self.text for mark in _FILLED_IN)


def title_heading(body: str) -> TitleHeading | None:
    """The first non-empty ``# heading`` (or ``===`` underlined one) of a
    Markdown body, outside code blocks, template blocks and comments; None
    when there is none, or when template syntax fills in its words (what
    the generator would make of it is not known here)."""
    heading = first_heading(body)
    return None if heading is None or heading.filled_in else heading


def _template_blocks(body: str) -> list[tuple[int, int]]:
    """Where the body's template blocks start and end."""
    if "{%" not in body and "{{" not in body and "{#" not in body:
        return []
    return [match.span() for match in _TEMPLATE_BLOCK.finditer(body)]


def first_heading(body: str) -> TitleHeading | None:
    """The first non-empty level-one heading of a Markdown body, as
    :func:`title_heading` finds it, filled in by templates or not."""
    if "#" not in body and "=" not in body:
        return None
    blocks = _template_blocks(body)
    block = 0
    fence: str | None = None
    html_end: str | None = None  # what ends the HTML block the line is in
    offset = 0
    previous: tuple[str, int] | None = None  # a text line after a blank one
    blank_before = True
    for line in body.splitlines(keepends=True):
        start, offset = offset, offset + len(line)
        while block < len(blocks) and blocks[block][1] <= start:
            block += 1
        if block < len(blocks) and blocks[block][0] < offset:
            previous, blank_before = None, False
            continue  # a line (partly) inside a template block
        text = line.rstrip("\n")
        if html_end is not None:
            if html_end in text.lower():
                html_end = None
            previous, blank_before = None, False
            continue
        opened = _FENCE.match(text)
        if fence is not None:
            if (
                opened
                and opened.group(1)[0] == fence[0]
                and opened.group(1) >= fence
                and not text[opened.end() :].strip()
            ):
                fence = None  # the closing fence: as long as the opening one
            previous, blank_before = None, False
            continue
        if opened:
            fence = opened.group(1)
            previous, blank_before = None, False
            continue
        html = _HTML_BLOCK_START.match(text)
        if html is not None:
            closing = "-->" if html.group(2) else f"</{html.group(1).lower()}>"
            if closing not in text[html.end() :].lower():
                html_end = closing
            previous, blank_before = None, False
            continue
        atx = _ATX_TITLE.fullmatch(text)
        if atx is not None:
            words = _ATTRIBUTE_LIST.sub("", atx.group(1) or "").strip()
            if words:
                return TitleHeading(words, start, offset)
            previous, blank_before = None, False
            continue
        if previous is not None and _SETEXT_TITLE.fullmatch(text):
            words = _ATTRIBUTE_LIST.sub("", previous[0]).strip()
            if words:
                return TitleHeading(words, previous[1], offset)
        if not text.strip():
            previous, blank_before = None, True
            continue
        single = blank_before and not _NOT_HEADING_TEXT.match(text)
        previous = (text, start) if single else None
        blank_before = False
    return None


def without_title_heading(body: str) -> str:
    """The body without its :func:`title_heading` (unchanged when it has none)."""
    heading = title_heading(body)
    if heading is None:
        return body
    return body[: heading.start] + body[heading.end :]
