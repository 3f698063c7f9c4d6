"""Same input and settings, same bytes out: twice, in any file order, any TZ,
any PYTHONHASHSEED, with or without the cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import summitfeed._incremental.index
import summitfeed._read.discover
from summitfeed._read.discover import list_sources
from tests.conftest import (
    NOW_TEXT,
    Raw,
    basic_fields,
    build_demo_cli,
    build_to,
    sample_site,
    snapshot,
    write_article,
    write_sample_site,
)


def ties_site(root: Path) -> Path:
    """Articles sharing a publish instant (and some an update) with the sample ones."""
    content = write_sample_site(root)
    for name in ("alpha", "bravo", "charlie", "delta"):
        write_article(
            content,
            f"ties/{name}.md",
            basic_fields(f"Tie {name.title()}", "2025-10-14", author="Mara Keller"),
        )
    write_article(
        content,
        "ties/echo.md",
        basic_fields("Tie Echo", "2025-10-14", updated_date="2025-10-15"),
    )
    # dates whose reading could depend on the machine's zone
    write_article(
        content,
        "ties/epoch.md",
        basic_fields("Unix Seconds", "2025-02-13", publish_date=Raw("1739439000")),
    )
    write_article(
        content, "ties/wall.md", basic_fields("Wall Clock", "2025-02-13 23:30")
    )
    return content


def test_build_twice_gives_identical_bytes(tmp_path: Path) -> None:
    content = ties_site(tmp_path)
    one = build_to(content, tmp_path / "one", site=sample_site())
    two = build_to(content, tmp_path / "two", site=sample_site())
    assert one.files == two.files
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    # and building again into the same folder changes nothing
    again = build_to(content, tmp_path / "one", site=sample_site())
    assert again.written == ()
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_demo_twice_through_the_cli(demo_dir: Path) -> None:
    first = build_demo_cli(demo_dir)
    second = build_demo_cli(demo_dir)
    assert first == second


def test_reversed_discovery_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = ties_site(tmp_path)
    forward = build_to(content, tmp_path / "a", site=sample_site())
    found = list_sources  # what a build calls
    calls: list[list[tuple[str, int, int]]] = []

    def reversed_sources(*args: object, **kwargs: object) -> list[tuple[str, int, int]]:
        sources = found(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(sources)
        return list(reversed(sources))

    monkeypatch.setattr(summitfeed._read.discover, "list_sources", reversed_sources)
    backward = build_to(content, tmp_path / "b", site=sample_site())
    assert len(calls) == 1
    assert len(calls[0]) == 16
    assert forward.files == backward.files
    titles = [item.article.title for item in forward.feeds[0].items]
    # The noon article is newest; of the five at 00:00 local on 2025-10-14,
    # the one updated later comes first, the others follow in a fixed order.
    assert titles[0] == "Crossing the Pass at Noon"
    assert titles[1] == "Tie Echo"
    assert set(titles[2:7]) == {
        "Tie Alpha",
        "Tie Bravo",
        "Tie Charlie",
        "Tie Delta",
        "Larch Gold Above Zinal",
    }


def test_reversed_discovery_order_demo(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forward = build_demo_cli(demo_dir)
    found = list_sources  # what a build calls
    monkeypatch.setattr(
        summitfeed._read.discover,
        "list_sources",
        lambda *a, **k: list(reversed(found(*a, **k))),
    )
    (demo_dir / "public").rename(demo_dir / "first")
    assert build_demo_cli(demo_dir) == forward


def test_with_and_without_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = ties_site(tmp_path)
    site = sample_site(cache_dir=str(tmp_path / "cache"))
    plain = build_to(content, tmp_path / "plain", site=site, use_cache=False)
    cold = build_to(content, tmp_path / "cold", site=site, use_cache=True)
    warm = build_to(content, tmp_path / "warm", site=site, use_cache=True)
    assert warm.rendered == 0  # everything came from the cache
    assert snapshot(tmp_path / "plain") == snapshot(tmp_path / "cold")
    assert snapshot(tmp_path / "plain") == snapshot(tmp_path / "warm")
    assert plain.files == cold.files
    # an edit reaches the output through the cache
    write_article(
        content, "ties/alpha.md", basic_fields("Tie Alpha Edited", "2025-10-14")
    )
    edited = build_to(content, tmp_path / "warm", site=site, use_cache=True)
    assert b"Tie Alpha Edited" in snapshot(tmp_path / "warm")["feed.xml"]
    assert edited.written


# --- another machine: TZ and PYTHONHASHSEED, in a fresh interpreter -------------------


def _cli_in_subprocess(site_dir: Path, out: str, **env: str) -> dict[str, bytes]:
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ.update(env)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "summitfeed",
            "build",
            "--now",
            NOW_TEXT,
            "-o",
            out,
            "-q",
        ],
        cwd=site_dir,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return snapshot(site_dir / out)


@pytest.mark.slow
@pytest.mark.parametrize(
    "env",
    [
        {"TZ": "Pacific/Chatham"},
        {"TZ": "America/St_Johns", "PYTHONHASHSEED": "0"},
        {"PYTHONHASHSEED": "1"},
        {"PYTHONHASHSEED": "4294967295"},
    ],
    ids=lambda env: ",".join(f"{k}={v}" for k, v in env.items()),
)
def test_demo_same_bytes_in_another_environment(
    demo_dir: Path, env: dict[str, str]
) -> None:
    here = build_demo_cli(demo_dir)
    there = _cli_in_subprocess(demo_dir, "elsewhere", **env)
    assert there == here


@pytest.mark.slow
def test_sample_same_bytes_under_chatham_time(tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    ties_site(site_dir)
    (site_dir / "summitfeed.toml").write_text(
        'title = "Trail Log"\nbase_url = "https://trails.example.org/"\n'
        'timezone = "Europe/Zurich"\ndescription = "Walks and climbs in the Alps."\n'
        'author = "Trail Log Desk"\n',
        encoding="utf-8",
    )
    utc_run = _cli_in_subprocess(site_dir, "utc", TZ="UTC", PYTHONHASHSEED="7")
    chatham = _cli_in_subprocess(site_dir, "chatham", TZ="Pacific/Chatham")
    assert utc_run == chatham
    in_process = build_to(site_dir / "content", tmp_path / "direct", site=sample_site())
    assert in_process.files["feed.xml"] == utc_run["feed.xml"]
