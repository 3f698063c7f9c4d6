"""A build run again with nothing changed loads only what it loads today.

The answer from the command's record (:mod:`summitfeed._cli.quick`) is worth
having only while it loads almost nothing: a package ``__init__`` with an
import, or one module that imports another at its top, would load the
pipeline or a feed library before the answer is given. Python's
``-X importtime`` tells every module a process loaded; the set is compared
with the one written here, read off today's quick path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import summitfeed
from tests.conftest import NOW_TEXT, basic_fields, write_article

# Every summitfeed module the quick path loads (``summitfeed.__main__`` runs as
# the main module, which -X importtime does not list).
QUICK_PATH_MODULES = {
    "summitfeed",
    "summitfeed._read.discover",
    "summitfeed._errors",
    "summitfeed._cli.run",
    "summitfeed._cli.quick",
    "summitfeed._version",
    # What the settings were read from, asked again (files, folders).
    "summitfeed._site.inputs",
    # What the quick answer checks with, shared with the build: the file
    # system (bounded reads, digests), the stamps of what the output depends
    # on, and the sealed store files of the cache.
    "summitfeed._fs",
    "summitfeed._incremental.stamps",
    "summitfeed._incremental.store",
    # typing.NamedTuple's class, made without loading typing.
    "summitfeed._lean",
    # Half the walk of a large site in a forked process, and whether this
    # process may fork (neither loads anything more).
    "summitfeed._cli.beside",
    "summitfeed._cores",
    # The folders of those modules: each package's __init__ runs first, and
    # holds no imports (test_package_folders_import_nothing).
    "summitfeed._cli",
    "summitfeed._incremental",
    "summitfeed._read",
    "summitfeed._site",
}

# The libraries that read, render and write feeds: none is needed to tell
# that nothing changed.
FEED_LIBRARIES = ("feedgen", "lxml", "yaml", "cmarkgfm", "nh3", "dateutil")

# Standard modules the quick path does without today, each a millisecond or
# more to load: the command line, the settings, the cache's stores, time zones,
# paths as objects and dates (the errors module names them for annotations
# only), and typing with what it loads (regular expressions, enum; not
# contextlib, which ``python -m`` loads itself): type checkers read the
# annotations, the quick path never does.
NOT_LOADED_EITHER = (
    "typing",
    "re",
    "enum",
    "argparse",
    "tomllib",
    "pickle",
    "threading",
    "zoneinfo",
    "pathlib",
    "datetime",
)


def _site(root: Path) -> Path:
    content = root / "content"
    write_article(content, "first-snow.md", basic_fields("First Snow", "2025-11-02"))
    # A folded block scalar: beyond the simple YAML the build reads itself.
    write_article(
        content,
        "hut-closing.md",
        text="---\ntitle: Hut Closing\npublish_date: 2025-10-20\ndescription: >\n"
        "  The last night of the season,\n  and the shutters go up.\n---\n\nDone.\n",
    )
    (root / "summitfeed.toml").write_text(
        'title = "Import Cost"\nbase_url = "https://cost.example.org/"\n',
        encoding="utf-8",
    )
    # (Just written: too recent for their change times to be trusted, so the
    # quick answer compares the files' bytes too.)
    return root


def _loaded(site: Path) -> tuple[set[str], str]:
    """The modules ``python -X importtime -m summitfeed build`` loaded, and what
    it printed."""
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    command = ["-X", "importtime", "-m", "summitfeed", "build", "--now", NOW_TEXT]
    done = subprocess.run(
        [sys.executable, *command],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment,
    )
    assert done.returncode == 0, done.stderr
    modules = set()
    for line in done.stderr.splitlines():
        # "import time:  self [us] | cumulative | imported package", indented
        if line.startswith("import time:") and line.count("|") == 2:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                modules.add(name)
    return modules, done.stdout


def _summitfeed(modules: set[str]) -> set[str]:
    return {m for m in modules if m == "summitfeed" or m.startswith("summitfeed.")}


def _tops(modules: set[str]) -> set[str]:
    return {module.split(".")[0] for module in modules}


@pytest.mark.slow
def test_the_quick_path_loads_only_what_it_loads_today(tmp_path: Path) -> None:
    site = _site(tmp_path)
    first, first_output = _loaded(site)
    # The first build renders: the pipeline and every feed library load
    # (so the listing below is read right, and the set could differ).
    assert "wrote public/feed.xml (2 items)" in first_output
    assert {"summitfeed._pipeline", "summitfeed._cli.main"} <= first
    assert set(FEED_LIBRARIES) <= _tops(first)

    again, output = _loaded(site)
    # Answered from the record: every file as the first build left it.
    assert "2 cached, 0 rendered; 0 files written, 5 unchanged in" in output
    assert _summitfeed(again) == QUICK_PATH_MODULES
    assert _tops(again) & set(FEED_LIBRARIES) == set()
    assert again & set(NOT_LOADED_EITHER) == set()


def test_package_folders_import_nothing() -> None:
    """A folder's ``__init__`` runs before any module in it: the folders the
    quick path and the cache's modules sit in must load nothing more."""
    import ast

    package = Path(summitfeed.__file__).parent
    for init in sorted(package.glob("_*/__init__.py")):
        if init.parent.name == "_check":
            continue  # (a module of its own, loaded only by `summitfeed check`)
        tree = ast.parse(init.read_text(encoding="utf-8"))
        statements = [node for node in tree.body if not isinstance(node, ast.Expr)]
        assert statements == [], f"{init} holds more than its docstring"


def test_after_an_edit_the_feed_writers_stay_unloaded(tmp_path: Path) -> None:
    """One article's text changed, the feeds' own fields (title, links, the
    newest date) not: each document is assembled around the parts the last
    build made, so feedgen and lxml are not loaded; the bytes are those of a
    build without the cache. A change of the newest date makes new parts."""
    site = _site(tmp_path)
    first, _ = _loaded(site)
    assert {"feedgen", "lxml"} <= _tops(first)
    article = site / "content" / "first-snow.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nThe first tracks above the hut.\n",
        encoding="utf-8",
    )
    again, output = _loaded(site)
    assert "1 rendered" in output
    assert _tops(again) & {"feedgen", "lxml"} == set()
    assert "summitfeed._render.xml" not in again
    assert _written(site) == _without_cache(site, tmp_path / "plain-1")
    # A newer date: the feeds' <updated> and lastBuildDate change with it.
    article.write_text(
        article.read_text(encoding="utf-8").replace("2025-11-02", "2025-11-30"),
        encoding="utf-8",
    )
    last, _ = _loaded(site)
    assert "feedgen" in _tops(last)
    assert _written(site) == _without_cache(site, tmp_path / "plain-2")
    assert b"2025-11-30" in (site / "public" / "atom.xml").read_bytes()


def _written(site: Path, out: str = "public") -> dict[str, bytes]:
    folder = site / out
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _python(site: Path, *arguments: str) -> str:
    """What ``python ARGUMENTS`` printed, run in ``site``; it must succeed."""
    done = subprocess.run(
        [sys.executable, *arguments],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _without_cache(site: Path, out: Path) -> dict[str, bytes]:
    _python(
        site,
        "-m",
        "summitfeed",
        "build",
        "--now",
        NOW_TEXT,
        "--no-cache",
        "-o",
        str(out),
    )
    return _written(out, ".")


def test_a_library_build_with_nothing_changed_loads_no_stage(tmp_path: Path) -> None:
    """``summitfeed.build()`` again, nothing changed: the snapshot tells it
    from the listing; none of the build's stages, and no feed library, loads."""
    site = _site(tmp_path)
    _loaded(site)  # (a first build, by the command)
    script = (
        "import datetime as dt, json, sys, summitfeed\n"
        "site = summitfeed.load_site('summitfeed.toml')\n"
        f"now = dt.datetime.fromisoformat({NOW_TEXT!r})\n"
        "report = summitfeed.build(site=site, now=now)\n"
        "counts = [report.rendered, len(report.unchanged)]\n"
        "print(json.dumps([*counts, sorted(sys.modules)]))\n"
    )
    rendered, unchanged, modules = json.loads(_python(site, "-c", script))
    assert (rendered, unchanged) == (0, 5)
    loaded = set(modules)
    assert "summitfeed._build" in loaded
    assert "summitfeed._pipeline" not in loaded
    assert not {name for name in loaded if name.startswith("summitfeed._render")}
    assert _tops(loaded) & set(FEED_LIBRARIES) == set()
