"""Content and output folders as a careless environment or an attacker leaves
them: each case is one named problem (or a clean refusal), never a hang, a
wrong message, an internal error or a file written outside the output folder."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import summitfeed
from summitfeed import BuildError, OutputError
from tests.conftest import (
    NOW,
    basic_fields,
    build_to,
    make_site,
    snapshot,
    write_article,
)


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    write_article(content, "ridge.md", basic_fields("Ridge Walk", "2025-02-13"))
    write_article(content, "sub/valley.md", basic_fields("Valley Path", "2025-02-14"))
    return content


def _problems(content: Path, tmp_path: Path) -> list[str]:
    with pytest.raises(BuildError) as raised:
        build_to(content, tmp_path / "out", site=make_site())
    return [str(error) for error in raised.value.errors]


def _lenient(content: Path, tmp_path: Path) -> summitfeed.BuildReport:
    report = build_to(content, tmp_path / "lenient", site=make_site(), lenient=True)
    assert report.articles >= 2
    return report


def test_a_fifo_of_an_articles_name_is_a_named_problem(tmp_path: Path) -> None:
    content = _content(tmp_path)
    os.mkfifo(content / "pipe.md")
    (problem,) = _problems(content, tmp_path)
    assert problem.endswith(
        "pipe.md: is not a regular file (a FIFO); an article must be a file of text"
    )
    report = _lenient(content, tmp_path)
    assert [error.path for error in report.skipped] == [str(content / "pipe.md")]


def test_a_self_looping_link_is_a_named_problem(tmp_path: Path) -> None:
    content = _content(tmp_path)
    (content / "loop.md").symlink_to(content / "loop.md")
    (problem,) = _problems(content, tmp_path)
    assert "loop.md: is a symbolic link that loops" in problem
    assert len(_lenient(content, tmp_path).skipped) == 1


def test_a_link_out_of_the_content_folder_is_a_named_problem(tmp_path: Path) -> None:
    content = _content(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: 'Private'\ndate: 2025-01-01\n---\nNo.\n")
    (content / "leak.md").symlink_to(secret)
    (problem,) = _problems(content, tmp_path)
    assert "leak.md: is a symbolic link to" in problem
    assert "outside the content folder" in problem
    report = _lenient(content, tmp_path)
    assert b"Private" not in b"".join(snapshot(tmp_path / "lenient").values())
    assert len(report.skipped) == 1


def test_a_link_inside_the_content_folder_is_read(tmp_path: Path) -> None:
    content = _content(tmp_path)
    (content / "again.md").symlink_to(content / "sub" / "valley.md")
    report = build_to(content, tmp_path / "out", site=make_site())
    assert report.articles == 3
    assert report.skipped == ()


def test_an_unreadable_subfolder_is_a_named_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _content(tmp_path)
    locked = content / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:  # (the tests may run as root)
        if os.fspath(path).rstrip("/") == str(locked):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    (problem,) = _problems(content, tmp_path)
    assert problem == f"{locked}/: folder cannot be read: Permission denied"
    assert len(_lenient(content, tmp_path).skipped) == 1


def test_a_file_name_not_in_utf8_is_named_with_its_bytes_escaped(
    tmp_path: Path,
) -> None:
    content = _content(tmp_path)
    # (A name of bytes that are not UTF-8: Python keeps them as surrogates.)
    name = content / os.fsdecode(b"caf\xe9.md")
    name.write_bytes(b"---\ntitle: 'Cafe'\ndate: 2025-01-01\n---\nText.\n")
    for lenient in (False, True):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "summitfeed",
                "build",
                str(content),
                "-o",
                str(tmp_path / "out"),
                "--title",
                "T",
                "--base-url",
                "https://example.org/",
                "--now",
                "2026-01-01T00:00:00Z",
                "--no-cache",
                *(["--lenient"] if lenient else []),
            ],
            cwd=tmp_path,
            capture_output=True,
            timeout=60,
            check=False,
        )
        stderr = result.stderr.decode("utf-8")
        assert "internal error" not in stderr
        assert "caf\\xe9.md: the file name is not valid UTF-8" in stderr
        assert result.returncode == (0 if lenient else 1), stderr


def test_an_unreadable_folder_inside_the_output_folder_does_not_matter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _content(tmp_path)
    out = tmp_path / "out"
    build_to(content, out, site=make_site())
    private = out / "private"
    private.mkdir()
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if os.fspath(path).startswith(str(private)):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    write_article(content, "new.md", basic_fields("New Hut", "2025-03-01"))
    report = build_to(content, out, site=make_site())
    assert report.written


@pytest.mark.parametrize("where", ["root", "home"])
def test_an_output_folder_that_is_the_root_or_home_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    content = _content(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    out = Path("/") if where == "root" else home
    with pytest.raises(OutputError, match="write the feeds to a folder of their own"):
        summitfeed.build(content, out, site=make_site(), now=NOW, use_cache=False)
    assert list(home.iterdir()) == []


@pytest.mark.parametrize(
    "name",
    [
        "feed.xml",
        "atom.xml",
        "feed.json",
        "feed.css",
        "feeds.html",
        ".summitfeed-journal",
    ],
)
def test_a_link_planted_at_an_output_name_is_never_written_through(
    tmp_path: Path, name: str
) -> None:
    content = _content(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / name).symlink_to(victim)
    with pytest.raises(OutputError, match="symbolic link"):
        build_to(content, out, site=make_site())
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_a_static_dir_at_the_root_is_refused(tmp_path: Path) -> None:
    with pytest.raises(summitfeed.ConfigError, match="static_dir"):
        summitfeed.load_site(
            tmp_path / "none.toml",
            static_dir="/",
            title="T",
            base_url="https://example.org/",
        )


def test_hero_images_are_looked_up_only_in_static_dir_and_content(
    tmp_path: Path,
) -> None:
    content = _content(tmp_path)
    static = tmp_path / "static"
    (static / "images").mkdir(parents=True)
    outside = tmp_path / "shadow"
    outside.write_bytes(b"x" * 1234)
    (static / "images" / "hero.png").symlink_to(outside)  # out of static_dir
    (static / "images" / "ok.png").write_bytes(b"y" * 321)
    fields = basic_fields("Hero", "2025-03-01", heroImage="/images/hero.png")
    write_article(content, "hero.md", fields)
    fields = basic_fields("Fine", "2025-03-02", heroImage="/images/ok.png")
    write_article(content, "fine.md", fields)
    site = make_site(static_dir=str(static), formats=("rss",))
    build_to(content, tmp_path / "out", site=site)
    rss = (tmp_path / "out" / "feed.xml").read_text(encoding="utf-8")
    assert 'length="1234"' not in rss
    assert 'length="321"' in rss


def test_check_refuses_a_fifo_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.xml"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "summitfeed", "check", str(fifo)],
        capture_output=True,
        text=True,
        timeout=30,  # (it used to wait for a writer for ever)
        check=False,
    )
    assert result.returncode == 1
    assert "input-unreadable" in result.stdout + result.stderr
    assert "not a regular file" in result.stdout + result.stderr


def test_a_table_bomb_is_refused_before_it_renders(tmp_path: Path) -> None:
    content = _content(tmp_path)
    header = "|" + "a|" * 2000
    delimiter = "|" + "-|" * 2000
    bomb = "\n".join([header, delimiter, *["|"] * 1000]) + "\n"
    assert len(bomb.encode()) < 20_000
    write_article(content, "bomb.md", basic_fields("Bomb", "2025-03-01"), body=bomb)
    started = time.monotonic()
    (problem,) = _problems(content, tmp_path)
    assert time.monotonic() - started < 5
    assert "bomb.md:" in problem
    assert "more than 100,000 cells (the limit" in problem
    report = _lenient(content, tmp_path)
    assert sum(len(data) for data in snapshot(tmp_path / "lenient").values()) < 200_000
    assert len(report.skipped) == 1


def test_an_ordinary_table_renders(tmp_path: Path) -> None:
    content = _content(tmp_path)
    table = "| Hut | Height |\n| --- | ---: |\n" + "| Hut | 2,000 m |\n" * 300
    write_article(content, "huts.md", basic_fields("Huts", "2025-03-01"), body=table)
    build_to(content, tmp_path / "out", site=make_site(formats=("rss",)))
    assert (tmp_path / "out" / "feed.xml").read_text().count("&lt;td") >= 600
