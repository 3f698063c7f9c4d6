"""Split an article file into front matter and body, and read the front matter.

The only user of PyYAML, tomllib and json for articles. YAML is read with the
safe loader (the C one where PyYAML has it), never constructing objects, and
within the limits below, checked before any value is built:

- the front matter is at most ``MAX_FRONT_MATTER_BYTES`` long;
- collections nest at most ``MAX_DEPTH`` deep;
- the document, with every alias expanded, has at most ``MAX_NODES`` values
  (this stops "billion laughs" alias bombs before they expand).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

import yaml

from ._errors import FrontMatterError

__all__ = [
    "MAX_DEPTH",
    "MAX_FRONT_MATTER_BYTES",
    "MAX_NODES",
    "RawArticle",
    "decode_article",
    "parse_front_matter",
    "split_front_matter",
]

MAX_FRONT_MATTER_BYTES: Final = 64 * 1024
MAX_DEPTH: Final = 32
MAX_NODES: Final = 10_000

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FrontMatterFormat = Literal["yaml", "toml", "json"]


@dataclass(frozen=True, slots=True)
class RawArticle:
    """Front matter as read, before any field is checked.

    ``key_lines`` maps each top-level key to its 1-based line in the file;
    ``scalars`` keeps the text of top-level YAML scalars as written, so that
    ``version: 1.10`` stays "1.10" when a text field is wanted.
    """

    path: str
    format: FrontMatterFormat
    fields: Mapping[str, object]
    key_lines: Mapping[str, int]
    scalars: Mapping[str, str]
    start_line: int
    body: str
    body_line: int

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.start_line)


def decode_article(data: bytes, *, path: str) -> str:
    """Decode a file's bytes as UTF-8 (a BOM is dropped) with LF line ends.

    Raises:
        FrontMatterError: the file is empty, binary or not UTF-8.
    """
    if not data.strip():
        raise FrontMatterError(
            path, "the file is empty (an article needs front matter)"
        )
    if b"\x00" in data[:8192]:
        raise FrontMatterError(path, "a binary file, not a text article")
    try:
        text = data.decode("utf-8-sig")
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


def split_front_matter(
    text: str, *, path: str
) -> tuple[FrontMatterFormat, str, str, int]:
    """Return ``(format, front matter, body, body's first line)``.

    Raises:
        FrontMatterError: there is no front matter, or it is not closed.
    """
    first_end = text.find("\n")
    first = (text if first_end < 0 else text[:first_end]).rstrip()
    fmt = _FENCES.get(first)
    if fmt is not None:
        closers = _CLOSERS[fmt]
        pos = first_end + 1 if first_end >= 0 else len(text)
        line = 2
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            if text[pos:end].rstrip() in closers:
                return fmt, text[first_end + 1 : pos], text[end + 1 :], line + 1
            pos = end + 1
            line += 1
        raise FrontMatterError(
            path,
            f"the front matter opened with {first} on line 1 is never closed "
            f"(add a line {closers[0]} after the last field)",
            line=1,
        )
    if text.lstrip().startswith("{"):
        return _split_json(text, path=path)
    raise FrontMatterError(
        path,
        "no front matter (start the file with a line ---, the fields such as "
        "title: 'My title', then a line ---)",
        line=1,
    )


def _split_json(text: str, *, path: str) -> tuple[FrontMatterFormat, str, str, int]:
    start = len(text) - len(text.lstrip())
    try:
        _, end = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as exc:
        raise FrontMatterError(
            path,
            f"JSON front matter is not valid: {exc.msg} (column {exc.colno})",
            line=exc.lineno,
        ) from None
    body_line = text.count("\n", 0, end) + 1
    rest = text[end:]
    newline = rest.find("\n")
    if newline >= 0 and not rest[:newline].strip():
        rest = rest[newline + 1 :]
        body_line += 1
    return "json", text[start:end], rest, body_line


def parse_front_matter(text: str, *, path: str) -> RawArticle:
    """Read an article's text (already decoded) into a :class:`RawArticle`.

    Raises:
        FrontMatterError: missing, unclosed, unreadable or non-mapping front matter,
            or front matter over the limits of this module.
    """
    fmt, block, body, body_line = split_front_matter(text, path=path)
    start = 1 if fmt == "json" else 2
    if len(block.encode("utf-8", "surrogatepass")) > MAX_FRONT_MATTER_BYTES:
        raise FrontMatterError(
            path,
            f"the front matter is over {MAX_FRONT_MATTER_BYTES // 1024} KiB "
            "(the limit for one article's fields); move long text into the body",
            line=1,
        )
    if fmt == "yaml":
        fields, lines, scalars = _load_yaml(block, path=path, first_line=start)
    elif fmt == "toml":
        fields = _load_toml(block, path=path)
        lines, scalars = {}, {}
    else:
        fields = _load_json(block, path=path)
        lines, scalars = {}, {}
    return RawArticle(
        path=path,
        format=fmt,
        fields=fields,
        key_lines=lines,
        scalars=scalars,
        start_line=1,
        body=body,
        body_line=body_line,
    )


def _load_toml(block: str, *, path: str) -> dict[str, Any]:
    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends with "(at line N, column M)" counted in the block.
        message = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)$", message)
        line = 1
        if match:
            line = int(match.group(1)) + 1
            message = message[: match.start()].rstrip()
        raise FrontMatterError(
            path, f"TOML front matter is not valid: {message}", line=line
        ) from None


def _load_json(block: str, *, path: str) -> dict[str, Any]:
    try:
        _check_json_depth(block, path=path)
        value = json.loads(block)
    except json.JSONDecodeError as exc:  # pragma: no cover - raw_decode caught it
        raise FrontMatterError(
            path, f"JSON front matter is not valid: {exc.msg}", line=exc.lineno
        ) from None
    if not isinstance(value, dict):
        raise FrontMatterError(
            path, "JSON front matter must be an object ({...})", line=1
        )
    return value


def _check_json_depth(block: str, *, path: str) -> None:
    depth = 0
    deepest = 0
    for char in block:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    if deepest > MAX_DEPTH + 1:
        raise FrontMatterError(
            path,
            f"the front matter nests deeper than {MAX_DEPTH} levels (the limit)",
            line=1,
        )


_NESTING_CHARS = re.compile(r"[\[{]")


def _load_yaml(
    block: str, *, path: str, first_line: int
) -> tuple[dict[str, Any], dict[str, int], dict[str, str]]:
    # Flow collections are parsed recursively: refuse absurd nesting before
    # the parser sees it. Over-counts brackets inside strings, which is fine.
    if (
        len(_NESTING_CHARS.findall(block)) > MAX_DEPTH
        and _flow_depth(block) > MAX_DEPTH
    ):
        raise FrontMatterError(
            path,
            f"the front matter nests deeper than {MAX_DEPTH} levels (the limit)",
            line=first_line,
        )
    loader = _Loader(block)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FrontMatterError(
                path,
                "the front matter is empty (it needs at least title: and publish_date:)",
                line=first_line - 1,
            )
        if not isinstance(node, yaml.MappingNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
            raise FrontMatterError(
                path,
                f"the front matter is {kind}, not a set of fields "
                "(write one 'key: value' per line)",
                line=first_line + node.start_mark.line,
            )
        # Without aliases nothing can expand, and block nesting needs a line
        # per level: only then is the walk over every node worth its time.
        if "*" in block or block.count("\n") > MAX_DEPTH:
            _check_yaml_size(node, path=path, first_line=first_line)
        lines, scalars = _top_level_positions(node, path=path, first_line=first_line)
        value = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        problem = exc.problem or "cannot be read"
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
            tag = problem.rsplit(" ", 1)[-1]
            problem = (
                f"the tag {tag} is not allowed (only plain values, lists and mappings)"
            )
        raise FrontMatterError(
            path, f"YAML front matter is not valid: {problem}", line=line
        ) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(
            path, f"YAML front matter is not valid: {exc}", line=first_line
        ) from None
    except RecursionError:
        raise FrontMatterError(
            path,
            f"the front matter nests deeper than {MAX_DEPTH} levels (the limit)",
            line=first_line,
        ) from None
    finally:
        loader.dispose()
    if not isinstance(value, dict):  # pragma: no cover - checked on the node
        raise FrontMatterError(path, "the front matter is not a set of fields", line=1)
    return value, lines, scalars


def _flow_depth(block: str) -> int:
    depth = deepest = 0
    for char in block:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    return deepest


def _check_yaml_size(root: yaml.Node, *, path: str, first_line: int) -> None:
    """Refuse deep nesting and alias bombs, counting each alias's expansion once."""
    sizes: dict[int, int] = {}

    def expanded(node: yaml.Node, depth: int) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if depth > MAX_DEPTH:
            raise FrontMatterError(
                path,
                f"the front matter nests deeper than {MAX_DEPTH} levels (the limit)",
                line=first_line + node.start_mark.line,
            )
        sizes[id(node)] = MAX_NODES + 1  # a node that contains itself is too big
        total = 1
        if isinstance(node, yaml.SequenceNode):
            for child in node.value:
                total += expanded(child, depth + 1)
                if total > MAX_NODES:
                    break
        elif isinstance(node, yaml.MappingNode):
            for key, child in node.value:
                total += expanded(key, depth + 1) + expanded(child, depth + 1)
                if total > MAX_NODES:
                    break
        if total > MAX_NODES:
            raise FrontMatterError(
                path,
                f"the front matter expands to more than {MAX_NODES} values "
                "(the limit; is an alias repeated many times?)",
                line=first_line + node.start_mark.line,
            )
        sizes[id(node)] = total
        return total

    expanded(root, 0)


def _top_level_positions(
    node: yaml.MappingNode, *, path: str, first_line: int
) -> tuple[dict[str, int], dict[str, str]]:
    lines: dict[str, int] = {}
    scalars: dict[str, str] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise FrontMatterError(
                path,
                "a key must be plain text",
                line=first_line + key_node.start_mark.line,
            )
        key = key_node.value
        line = first_line + key_node.start_mark.line
        if key in lines:
            raise FrontMatterError(
                path,
                f"appears twice (lines {lines[key]} and {line}); keep one",
                line=line,
                key=key,
            )
        lines[key] = line
        # a plain scalar: style None (pure-Python loader) or "" (the C one)
        if isinstance(value_node, yaml.ScalarNode) and not value_node.style:
            scalars[key] = value_node.value
    return lines, scalars
