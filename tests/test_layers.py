"""The import picture: folders in the order data flows, no circles, no arrow up.

Each module may import only from its own folder and from the folders below
it. From the top: the command line, the build's entry (which tells a build
with nothing changed before the rest loads), the build pipeline, the incremental
layer (cache, snapshot, executors), `summitfeed check`, writing, rendering,
the settings, reading, and the shared values and helpers at the bottom
(the model, errors, dates, URLs, Markdown, the file system, workers). Every
import counts, also those inside functions and those for type checkers only.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import summitfeed

PACKAGE = Path(summitfeed.__file__).parent

# Folder (or top module) -> its height; modules of the package's top level
# not named here are the shared bottom (0).
HEIGHT = {
    "_cli": 9,
    "__main__": 9,
    "_build": 8,
    "_pipeline": 7,
    "_incremental": 6,
    "_check": 5,
    "_write": 4,
    "_render": 3,
    "_site": 2,
    "_read": 1,
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts).removesuffix(".__init__")
        found[name] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """The package's modules that ``name`` imports, anywhere in its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if full in modules:
                    yield full
                elif base in modules:
                    yield base


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: set(_imports(name, path, modules)) - {name}
        for name, path in modules.items()
    }


def _height(name: str) -> int:
    parts = name.split(".")
    return HEIGHT.get(parts[1], 0) if len(parts) > 1 else 10


def test_no_module_imports_from_a_folder_above_its_own() -> None:
    upward = [
        f"{name} -> {target}"
        for name, targets in _graph().items()
        for target in targets
        if _height(target) > _height(name)
    ]
    assert upward == []


def test_no_import_circles() -> None:
    graph = _graph()
    on_path: list[str] = []
    done: set[str] = set()
    circles: list[list[str]] = []

    def visit(name: str) -> None:
        on_path.append(name)
        for target in sorted(graph[name]):
            if target in on_path:
                circles.append([*on_path[on_path.index(target) :], target])
            elif target not in done:
                visit(target)
        on_path.pop()
        done.add(name)

    for name in sorted(graph):
        if name not in done:
            visit(name)
    assert circles == []


def test_the_checks_see_every_import() -> None:
    """The picture is read right: known arrows are found (so the tests above
    can fail), relative and function-local ones included."""
    graph = _graph()
    assert "summitfeed._build" in graph["summitfeed._cli.build"]  # local
    assert "summitfeed._pipeline" in graph["summitfeed._build"]  # local
    assert "summitfeed._check._xml" in graph["summitfeed._check"]  # relative
    assert "summitfeed._render.select" in graph["summitfeed._pipeline"]
