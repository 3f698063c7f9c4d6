"""YAML front matter beyond the common shape: the only user of PyYAML.

Loaded only when :func:`summitfeed._read.frontmatter.read_simple_yaml` cannot read a
block, so that building the reference shape never imports PyYAML. The safe
loader (the C one where PyYAML has it) never constructs objects, and the
limits of :mod:`summitfeed._read.front_limits` are checked on the node tree before any
value is built.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import yaml

from summitfeed._errors import FrontMatterError
from summitfeed._read.front_limits import (
    EMPTY_MESSAGE,
    MAX_DEPTH,
    MAX_INT_DIGITS,
    MAX_NODES,
    NESTING_MESSAGE,
    SYNTAX_HINT,
    UNCLOSED_QUOTE,
    clean,
)

__all__ = ["load_yaml"]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader, with YAML's dates and numbers read without tracebacks."""


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        # 2025-02-30: kept as text; the field check says why it is no date.
        return str(node.value)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a whole number of more than {MAX_INT_DIGITS} digits is over the "
            "limit; quote it to mean text",
            node.start_mark,
        ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)

# Plain scalars YAML would read as something else than text; as top-level
# keys they are kept as the text written.
_IMPLICIT_TAGS: Final = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("bool", "float", "int", "null", "timestamp")
)
_STR_TAG: Final = "tag:yaml.org,2002:str"


def load_yaml(
    block: str,
    *,
    path: str,
    first_line: int,
    repeated: dict[str, int] | None = None,
) -> tuple[dict[str, Any], dict[str, int], dict[str, str]]:
    """Fields, key lines and top-level scalars as written, read by PyYAML.

    A top-level key written twice is an error, unless ``repeated`` is given:
    then the last value is kept (as PyYAML, Jekyll and Hugo read it), the key's
    line is its last one, and ``repeated`` gains the key with its first line.

    Raises:
        FrontMatterError: not valid YAML, not a mapping, or over a limit.
    """
    loader = _Loader(block)
    lines: dict[str, int] = {}
    try:
        node = _mapping_node(loader, path=path, first_line=first_line)
        # Without aliases nothing can expand, and block nesting needs a line
        # per level: only then is the walk over every node worth its time.
        if "*" in block or block.count("\n") > MAX_DEPTH:
            _check_yaml_size(node, path=path, first_line=first_line)
        lines, scalars = _top_level_positions(
            node, path=path, first_line=first_line, repeated=repeated
        )
        value = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _yaml_problem(exc, block, path, first_line, lines) from None
    except RecursionError:  # pragma: no cover - nesting is measured first
        raise FrontMatterError(path, NESTING_MESSAGE, line=first_line) from None
    except (ValueError, TypeError, OverflowError) as exc:  # pragma: no cover
        raise FrontMatterError(
            path,
            f"YAML front matter cannot be read ({exc}); write plain text, lists "
            "and mappings",
            line=first_line,
        ) from None
    finally:
        loader.dispose()
    if not isinstance(value, dict):  # pragma: no cover - checked on the node
        raise FrontMatterError(path, "the front matter is not a set of fields", line=1)
    return clean(value), lines, scalars


def _mapping_node(
    loader: yaml.SafeLoader, *, path: str, first_line: int
) -> yaml.MappingNode:
    """The document's node, when it is a mapping (the front matter's fields)."""
    node = loader.get_single_node()
    if node is None:
        raise FrontMatterError(path, EMPTY_MESSAGE, line=first_line - 1)
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise FrontMatterError(
            path,
            f"the front matter is {kind}, not a set of fields "
            "(write one 'key: value' per line)",
            line=first_line + node.start_mark.line,
        )
    return node


def _yaml_problem(
    exc: yaml.YAMLError,
    block: str,
    path: str,
    first_line: int,
    lines: Mapping[str, int],
) -> FrontMatterError:
    """What PyYAML's error says, as the front matter's error at its line."""
    if isinstance(exc, yaml.constructor.ConstructorError):
        # The document is well-formed; one value cannot be built.
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        return FrontMatterError(
            path,
            _constructor_problem(exc.problem or "cannot be read"),
            line=line,
            key=_key_at(lines, line),
        )
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = f"{exc.problem or 'cannot be read'} ({SYNTAX_HINT})"
        if _unclosed_quote(exc):
            # The parser notices at the end; the mistake is where it opened.
            mark, problem = exc.context_mark, UNCLOSED_QUOTE
        line = first_line + mark.line if mark is not None else first_line
        return FrontMatterError(
            path, f"YAML front matter is not valid: {problem}", line=line
        )
    if isinstance(exc, yaml.reader.ReaderError):
        return FrontMatterError(
            path,
            f"YAML front matter holds the character U+{exc.character:04X}, which "
            "YAML does not allow; remove it",
            line=first_line + block.count("\n", 0, exc.position),
        )
    return FrontMatterError(  # pragma: no cover - every kind is above
        path, f"YAML front matter is not valid: {exc}", line=first_line
    )


def _unclosed_quote(exc: yaml.MarkedYAMLError) -> bool:
    """Whether a quoted text runs to the end of the front matter."""
    return (
        exc.context == "while scanning a quoted scalar"
        and exc.context_mark is not None
        and (exc.problem or "").startswith(
            ("found unexpected end of stream", "found unexpected document separator")
        )
    )


def _constructor_problem(problem: str) -> str:
    if "could not determine a constructor for the tag" in problem:
        tag = problem.rsplit(" ", 1)[-1].strip("'")
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        return (
            f"the YAML tag {tag} is not allowed (only YAML's own types are "
            "read, never objects); write plain text, a list or a mapping"
        )
    if "unhashable key" in problem:
        return "a key is a list or a mapping; every key must be plain text"
    if ";" in problem:  # ours: it says what would be right
        return problem
    return f"{problem}; write plain text, a list or a mapping"


def _key_at(lines: Mapping[str, int], line: int) -> str | None:
    """The top-level key whose value holds ``line``, when the keys are known."""
    best: tuple[int, str] | None = None
    for key, start in lines.items():
        if start <= line and (best is None or start > best[0]):
            best = (start, key)
    return None if best is None else best[1]


def _check_yaml_size(root: yaml.Node, *, path: str, first_line: int) -> None:
    """Refuse deep nesting and alias bombs, counting each alias's expansion once."""
    sizes: dict[int, int] = {}

    def expanded(node: yaml.Node, depth: int) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if depth > MAX_DEPTH:
            raise FrontMatterError(
                path, NESTING_MESSAGE, line=first_line + node.start_mark.line
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
                "through its aliases (the limit); write values out instead of "
                "repeating aliases (*name)",
                line=first_line + node.start_mark.line,
            )
        sizes[id(node)] = total
        return total

    expanded(root, 0)


def _top_level_positions(
    node: yaml.MappingNode,
    *,
    path: str,
    first_line: int,
    repeated: dict[str, int] | None,
) -> tuple[dict[str, int], dict[str, str]]:
    lines: dict[str, int] = {}
    scalars: dict[str, str] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise FrontMatterError(
                path,
                "a key is a list or a mapping; every key must be plain text",
                line=first_line + key_node.start_mark.line,
            )
        if key_node.tag in _IMPLICIT_TAGS:
            key_node.tag = _STR_TAG  # 2025-01-01: x, 1: x, yes: x keep their text
        key = key_node.value
        line = first_line + key_node.start_mark.line
        if key in lines and repeated is not None:
            repeated.setdefault(key, lines[key])
        elif key in lines:
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


class _ConfigLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader for a generator's settings file: a tag that would make
    a Python object (``!!python/name:...`` in ``mkdocs.yml``) is read as
    nothing, since only plain values are taken from the file."""


def _construct_unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    return None


_ConfigLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_ConfigLoader.add_multi_constructor("!", _construct_unknown)
_ConfigLoader.add_multi_constructor("tag:", _construct_unknown)


def load_config_yaml(text: str, *, path: str) -> dict[str, Any]:
    """A generator's YAML settings file (``_config.yml``, ``mkdocs.yml``) as
    a mapping; tags of other programs are read as nothing.

    Raises:
        ValueError: not valid YAML, or not a mapping (the message names ``path``).
    """
    loader = _ConfigLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}
        if "*" in text or text.count("\n") > MAX_DEPTH:
            _check_yaml_size(node, path=path, first_line=1)
        value = loader.construct_document(node)
    except FrontMatterError as exc:
        raise ValueError(f"{path}: {exc.message}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ValueError(
            f"{path}{where}: not valid YAML: {exc.problem or 'cannot be read'}"
        ) from None
    except (yaml.YAMLError, RecursionError, TypeError, OverflowError) as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    if not isinstance(value, dict):
        raise ValueError(f"{path}: not a mapping of settings")
    return value
