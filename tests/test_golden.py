"""Golden output of the demo site: built with a fixed "now", compared byte for byte.

After an intended change of the output, regenerate the files with::

    SUMMITFEED_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

and review the diff of ``tests/golden/demo/`` before committing it.
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import feedparser

from tests.conftest import ROOT, build_demo_cli, json_feed_problems, parse_xml, snapshot

GOLDEN = Path(__file__).resolve().parent / "golden" / "demo"
UPDATE = os.environ.get("SUMMITFEED_UPDATE_GOLDEN") == "1"


def _update(files: dict[str, bytes]) -> None:
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for name, data in files.items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _diff(name: str, want: bytes, got: bytes) -> str:
    lines = difflib.unified_diff(
        want.decode("utf-8", "replace").splitlines(),
        got.decode("utf-8", "replace").splitlines(),
        f"golden/{name}",
        f"built/{name}",
        lineterm="",
        n=2,
    )
    return "\n".join(list(lines)[:60])


def test_demo_matches_golden_files(demo_dir: Path) -> None:
    files = build_demo_cli(demo_dir)
    if UPDATE:
        _update(files)
    golden = snapshot(GOLDEN)
    assert sorted(files) == sorted(golden), (
        "the build writes other files than tests/golden/demo holds; "
        "regenerate with SUMMITFEED_UPDATE_GOLDEN=1"
    )
    for name, data in files.items():
        assert data == golden[name], _diff(name, golden[name], data)


def test_golden_files_are_valid_feeds() -> None:
    golden = snapshot(GOLDEN)
    assert {"feed.xml", "atom.xml", "feed.json"} <= set(golden)
    for name, data in golden.items():
        if name.endswith(".xml"):
            parse_xml(data)
            parsed = feedparser.parse(data)
            assert not parsed.bozo, name
            assert len(parsed.entries) == 10, name
    assert json_feed_problems(golden["feed.json"]) == []


def test_golden_is_independent_of_the_content_path(demo_dir: Path) -> None:
    # No path of the build machine leaks into the output.
    for data in snapshot(GOLDEN).values():
        assert str(demo_dir).encode() not in data
        assert str(ROOT).encode() not in data
        assert b"content/posts/" not in data
