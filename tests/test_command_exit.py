"""The command exits at once after its work: its output and status stay whole.

`summitfeed` (and `python -m summitfeed`) ends with os._exit instead of the
interpreter's teardown, so these tests run it as a process and read what a
build step would see: every line written, the status of each outcome.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from summitfeed import __version__
from tests.conftest import NOW_TEXT, copy_demo


def _command(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summitfeed", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_build_prints_every_line_through_a_pipe(tmp_path: Path) -> None:
    site = copy_demo(tmp_path)
    done = _command("build", "--now", NOW_TEXT, cwd=site)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    written = sorted(line.split()[1] for line in lines if line.startswith("wrote "))
    on_disk = sorted(
        str(path.relative_to(site)) for path in (site / "public").rglob("*.*")
    )
    assert written == on_disk  # one line per file, none lost at exit
    assert lines[-1].startswith("built from ")


def test_statuses_and_messages_are_those_of_each_outcome(tmp_path: Path) -> None:
    site = copy_demo(tmp_path)
    version = _command("--version", cwd=site)
    assert (version.returncode, version.stdout.strip()) == (
        0,
        f"summitfeed {__version__}",
    )
    unknown = _command("build", "--no-such-option", cwd=site)
    assert unknown.returncode == 2
    assert "unrecognized arguments: --no-such-option" in unknown.stderr
    (site / "content" / "broken.md").write_text(
        "---\ntitle: 'No end\n", encoding="utf-8"
    )
    failed = _command("build", "--now", NOW_TEXT, cwd=site)
    assert failed.returncode == 1
    assert "broken.md" in failed.stderr
    assert not (site / "public").exists()


@pytest.mark.parametrize(
    "buffered", [True, False], ids=["closed-at-the-end", "closed-while-printing"]
)
def test_a_closed_output_makes_the_status_120(tmp_path: Path, buffered: bool) -> None:
    site = copy_demo(tmp_path)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"  # the first line printed meets the closed pipe
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads: the command's output cannot be written
    try:
        done = subprocess.run(
            [sys.executable, "-m", "summitfeed", "build", "--now", NOW_TEXT],
            cwd=site,
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
            env=env,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 120, done.stderr
    assert (
        done.stderr
        == b"summitfeed: the output was closed before all of it was written\n"
    )
    assert (site / "public" / "feed.xml").is_file()  # the build itself was done
