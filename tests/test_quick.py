"""A repeated `summitfeed build` with nothing changed is answered before the rest loads.

Each build runs as its own process (`python -m summitfeed`), as a build step
runs it; a probe reports which modules the answer loaded.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summitfeed._cli.quick import Record
from summitfeed._incremental.stamps import Inputs
from tests.conftest import NOW_TEXT, basic_fields, copy_demo, snapshot, write_article

# Runs the command in-process and then tells what it loaded: the command
# line (LOADED: also for the recorded command run again after files changed,
# whose record never decides the options or settings), or nothing (QUICK).
PROBE = (
    "import sys; from summitfeed._cli.run import main; status = main(); "
    "print('LOADED' if 'summitfeed._cli.main' in sys.modules else 'BUILT' "
    "if 'summitfeed._build' in sys.modules else 'QUICK', "
    "file=sys.stderr); sys.exit(status)"
)


def _run(
    site: Path, *args: str, env: dict[str, str] | None = None, probe: str = PROBE
) -> tuple[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", probe, "build", *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env or {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr


def _record(key: str) -> Record:
    """What a build records (as _cli/build.py makes it), for the tests of record()."""
    return Record(
        key=key,
        inputs=Inputs("0" * 64, (), None, (), {"feed.xml": (1, 2)}),
        root="content",
        prefix="content/",
        include=("**/*.md",),
        exclude=(),
        options="()",
        out_root="public",
        pinned=True,
        clear_progress=True,
        stderr=(),
        summary=None,
        zone=("UTC", ""),
        consulted=(),
        articles=2,
    )


def _age(folder: Path) -> None:
    for path in folder.rglob("*"):
        os.utime(path, (1_700_000_000, 1_700_000_000))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = copy_demo(tmp_path / "demo")
    _age(site)
    return site


def test_a_repeated_build_is_answered_quickly_and_says_the_same(site: Path) -> None:
    _, first_err = _run(site, "--now", NOW_TEXT)
    assert first_err.endswith("LOADED\n")
    assert _run(site, "--now", NOW_TEXT)[1].endswith("QUICK\n")
    (site / ".summitfeed-cache" / "last-build.marshal").unlink()
    second, second_err = _run(site, "--now", NOW_TEXT)  # normal path, from cache
    third, third_err = _run(site, "--now", NOW_TEXT)  # the quick answer
    assert second_err.endswith("LOADED\n")
    assert third_err.endswith("QUICK\n")
    assert second_err.replace("LOADED", "") == third_err.replace("QUICK", "")

    def without_time(text: str) -> str:
        return text.rsplit(" in ", 1)[0]

    assert without_time(second) == without_time(third)
    assert "13 article files" in third
    assert "0 files written, 5 unchanged" in third


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("settings", "LOADED"),  # a new key: the command line reads them
        ("option", "LOADED"),
        # The recorded command, its files changed: the command line too (a
        # record never decides the options or the settings).
        ("article", "LOADED"),
        ("output", "LOADED"),
        ("new-article", "LOADED"),
    ],
)
def test_any_change_is_built_again(site: Path, change: str, expected: str) -> None:
    _run(site, "--now", NOW_TEXT)
    _run(site, "--now", NOW_TEXT)
    args = ["--now", NOW_TEXT]
    if change == "settings":
        settings = site / "summitfeed.toml"
        settings.write_text(
            settings.read_text(encoding="utf-8").replace("Summit Notes", "Ridge Notes"),
            encoding="utf-8",
        )
    elif change == "article":
        path = site / "content" / "reading-the-foehn.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("title: '", "title: 'Revised: ", 1))
    elif change == "output":
        (site / "public" / "atom.xml").write_bytes(b"damaged")
    elif change == "option":
        args.append("--drafts")
    else:
        write_article(
            site / "content", "new.md", basic_fields("A new hut", "2025-06-01")
        )
    out, err = _run(site, *args)
    assert err.endswith(f"{expected}\n")
    assert "0 files written" not in out
    _, again_err = _run(site, *args)
    assert again_err.endswith("QUICK\n")


def test_a_future_article_comes_due_without_any_change(site: Path) -> None:
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=3)
    fields = basic_fields("Opening day", soon.strftime("%Y-%m-%dT%H:%M:%SZ"))
    write_article(site / "content", "opening.md", fields)
    _run(site)
    _run(site)
    feed = (site / "public" / "feed.xml").read_text(encoding="utf-8")
    assert "Opening day" not in feed
    time.sleep(max(0.0, (soon - dt.datetime.now(dt.UTC)).total_seconds()) + 0.5)
    _, err = _run(site)
    assert err.endswith("LOADED\n")
    assert "Opening day" in (site / "public" / "feed.xml").read_text(encoding="utf-8")


def test_warnings_and_skipped_articles_are_told_again(site: Path) -> None:
    write_article(
        site / "content", "typo.md", basic_fields("Typo", "2025-03-01", hero_img="x")
    )
    write_article(site / "content", "bad.md", basic_fields("Bad", "not a date"))
    _age(site)
    _run(site, "--now", NOW_TEXT, "--lenient")
    (site / ".summitfeed-cache" / "last-build.marshal").unlink()
    _, normal = _run(site, "--now", NOW_TEXT, "--lenient")
    _, quick = _run(site, "--now", NOW_TEXT, "--lenient")
    assert quick.endswith("QUICK\n")
    assert "did you mean hero_image?" in quick
    assert "summitfeed: skipped: " in quick
    assert normal.replace("LOADED", "") == quick.replace("QUICK", "")


def test_the_record_is_only_for_the_same_command(site: Path) -> None:
    _run(site, "--now", NOW_TEXT)
    _run(site, "--now", NOW_TEXT)
    _, err = _run(site, "--now", NOW_TEXT, "--quiet")
    assert err.endswith("LOADED\n")
    out, err = _run(site, "--now", NOW_TEXT, "--quiet")
    assert err.endswith("QUICK\n")
    assert out == ""


def test_a_settings_file_elsewhere_with_its_own_cache_dir(site: Path) -> None:
    config = site / "conf" / "site.toml"
    config.parent.mkdir()
    settings = (site / "summitfeed.toml").read_text(encoding="utf-8")
    config.write_text(settings + 'cache_dir = "build-cache"\n', encoding="utf-8")
    (site / "summitfeed.toml").unlink()
    args = ("--config", "conf/site.toml", "--now", NOW_TEXT)
    _run(site, *args)
    assert (site / "build-cache" / "last-build.marshal").is_file()
    assert not (site / ".summitfeed-cache").exists()
    assert _run(site, *args)[1].endswith("QUICK\n")


def test_a_damaged_record_goes_the_normal_way(site: Path) -> None:
    _run(site, "--now", NOW_TEXT)
    expected = (site / "public" / "feed.xml").read_bytes()
    (site / ".summitfeed-cache" / "last-build.marshal").write_bytes(b"\x00garbage")
    out, err = _run(site, "--now", NOW_TEXT)
    assert err.endswith("LOADED\n")
    assert "13 cached" in out
    assert (site / "public" / "feed.xml").read_bytes() == expected
    assert _run(site, "--now", NOW_TEXT)[1].endswith("QUICK\n")


def _edit(site: Path, text: str) -> None:
    path = site / "content" / "reading-the-foehn.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: '", text, 1))


@pytest.mark.parametrize(
    "edit",
    ["title: 'Revised: ", "title: 'No end\ntitle: '"],
    ids=["good", "broken"],
)
def test_a_recorded_rebuild_does_what_the_command_line_does(
    tmp_path: Path, edit: str
) -> None:
    sites = []
    for name in ("recorded", "command-line"):
        site = copy_demo(tmp_path / name)
        _age(site)
        _run(site, "--now", NOW_TEXT, "--drafts")
        _edit(site, edit)
        sites.append(site)
    (sites[1] / ".summitfeed-cache" / "last-build.marshal").unlink()
    results = []
    for site in sites:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, "build", "--now", NOW_TEXT, "--drafts"],
            cwd=site,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        results.append(done)
    recorded, command_line = results
    assert recorded.stderr.endswith("LOADED\n")
    assert command_line.stderr.endswith("LOADED\n")
    assert recorded.returncode == command_line.returncode
    assert recorded.stderr.replace(str(sites[0]), "") == command_line.stderr.replace(
        str(sites[1]), ""
    )

    def without_time(text: str) -> str:
        return text.rsplit(" in ", 1)[0]

    assert without_time(recorded.stdout) == without_time(command_line.stdout)
    assert _files(sites[0] / "public") == _files(sites[1] / "public")
    if "No end" in edit:
        assert recorded.returncode == 1
        assert "reading-the-foehn.md:" in recorded.stderr
    else:
        assert recorded.returncode == 0
        assert "Revised: " in (sites[0] / "public" / "feed.xml").read_text("utf-8")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_no_record_when_the_settings_changed_while_the_command_ran(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summitfeed._cli import quick as _quick

    monkeypatch.chdir(site)
    argv = ["build", "--now", NOW_TEXT]
    record_file = site / ".summitfeed-cache" / "last-build.marshal"
    monkeypatch.setattr(_quick, "_KEYS", {})  # (keys are kept per process)
    started = _quick.run_key(argv)  # as the command starts
    assert started is not None
    settings = site / "summitfeed.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n# edited\n")
    _quick.record(argv, ".summitfeed-cache", _record(started))
    assert not record_file.exists()  # the key of the start no longer holds
    monkeypatch.setattr(_quick, "_KEYS", {})
    again = _quick.run_key(argv)
    assert again is not None
    _quick.record(argv, ".summitfeed-cache", _record(again))
    assert record_file.is_file()


def test_the_quick_answer_loads_no_generator_reading(tmp_path: Path) -> None:
    """Another generator's site (here Hugo's) answered quickly: what reading
    its settings looked at is asked again without loading the readers."""
    (tmp_path / "hugo.toml").write_text(
        'baseURL = "https://hugo.example.org/"\ntitle = "Lake Notes"\n'
    )
    write_article(
        tmp_path / "content" / "posts", "col.md", basic_fields("Col", "2025-02-10")
    )
    probe = (
        "import sys; from summitfeed._cli.run import main; status = main(); "
        "print(*sorted(m for m in sys.modules if m.startswith('summitfeed')), "
        "file=sys.stderr); sys.exit(status)"
    )
    loaded = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", probe, "build", "--now", NOW_TEXT],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        loaded.append(done.stderr.splitlines()[-1].split())
    assert "summitfeed._site.generators" in loaded[0]
    assert "summitfeed._site.inputs" in loaded[1]
    assert not {"summitfeed._site.generators", "summitfeed._site.settings"} & set(
        loaded[1]
    )
    assert "summitfeed._build" not in loaded[1]


# The quick check of a large site walks half its folders in a forked process.
BESIDE_PROBE = (
    "import sys; import summitfeed._cli.quick as quick; walked = []; "
    "beside = quick.walk_beside; "
    "quick.walk_beside = lambda walk: walked.append(1) or beside(walk); "
    "from summitfeed._cli.run import main; status = main(); "
    "print('BESIDE' if walked else 'ALONE', file=sys.stderr); sys.exit(status)"
)


@pytest.mark.slow
def test_a_large_site_is_checked_with_half_its_walk_beside(tmp_path: Path) -> None:
    import feedparser

    from summitfeed._cli.beside import WALK_BESIDE_FROM

    content = tmp_path / "content"
    for number in range(WALK_BESIDE_FROM):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=number % 700)
        write_article(
            content / f"{day.year}" / f"{day.month:02}",
            f"walk-{number}.md",
            text=f"---\ntitle: Walk {number}\npublish_date: {day}\n---\n\nA path.\n",
        )
    (tmp_path / "summitfeed.toml").write_text(
        'title = "Long Trail"\nbase_url = "https://trail.example.org/"\n',
        encoding="utf-8",
    )

    def build(*more: str) -> tuple[str, str]:
        return _run(tmp_path, "--now", NOW_TEXT, *more, probe=BESIDE_PROBE)

    _, first = build()
    assert first.endswith("ALONE\n")  # (no record yet: the build walks)
    out, again = build()
    assert again.endswith("BESIDE\n")
    assert "0 files written, 5 unchanged" in out

    newest = dt.date(2024, 1, 1) + dt.timedelta(days=699)
    edited = content / f"{newest.year}" / f"{newest.month:02}" / "walk-699.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "Snow at the top.\n")
    out, after = build()
    assert after.endswith("BESIDE\n")
    assert f"built from {WALK_BESIDE_FROM} article files" in out
    build("--no-cache", "-o", "fresh")
    assert snapshot(tmp_path / "public") == snapshot(tmp_path / "fresh")
    feed = feedparser.parse((tmp_path / "public" / "feed.xml").read_bytes())
    assert len(feed.entries) == 50
    assert "Snow at the top." in feed.entries[0].content[0].value
