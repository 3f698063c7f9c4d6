"""Warnings: problems of articles left out anyway, and many alike told once.

A problem in an article that would not be published anyway (a draft when
drafts are not asked for, ``feed: false``, expired) is a warning that names
the file, line and key, not a build failure. The same warning for many files
is printed for the first few, then counted; the summary line counts warnings.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

import summitfeed
from summitfeed._cli.main import main
from summitfeed._cli.messages import SAME_SHOWN, problem_lines
from tests.conftest import BASE_URL, basic_fields, build_to, utc, write_article

NOT_A_DATE = "is not a date (write e.g. 2025-02-13 or 2025-02-13T09:30:00+01:00)"
LEFT_OUT = "(only a warning: the article is left out, {})"
COMMAND = ["build", "--title", "Trail Log", "--base-url", BASE_URL]
COMMAND += ["--now", "2026-01-01T00:00:00Z"]


def good(content: Path) -> None:
    write_article(content, "kept.md", basic_fields("Kept Walk", "2025-05-01"))


def titles(report: summitfeed.BuildReport) -> list[str]:
    return [item.article.title for item in report.feeds[0].items]


# --- problems of articles left out anyway -----------------------------------------


def test_problem_in_a_draft_is_a_warning(tmp_path: Path) -> None:
    content = tmp_path / "content"
    good(content)
    write_article(
        content, "draft.md", {"title": "Draft", "publish_date": "soon", "draft": True}
    )
    report = build_to(content, tmp_path / "out", dry_run=True)
    assert titles(report) == ["Kept Walk"]
    assert report.skipped == ()
    assert report.warnings == (
        f"{content}/draft.md:3: publish_date: 'soon' {NOT_A_DATE} "
        + LEFT_OUT.format("a draft"),
    )


def test_problem_in_a_draft_fails_when_drafts_are_asked_for(tmp_path: Path) -> None:
    content = tmp_path / "content"
    good(content)
    write_article(
        content, "draft.md", {"title": "Draft", "publish_date": "soon", "draft": True}
    )
    with pytest.raises(summitfeed.BuildError) as caught:
        build_to(content, tmp_path / "out", dry_run=True, include_drafts=True)
    assert [str(error) for error in caught.value.errors] == [
        f"{content}/draft.md:3: publish_date: 'soon' {NOT_A_DATE}"
    ]


@pytest.mark.parametrize(
    ("flag", "reason"),
    [({"published": False}, "a draft"), ({"status": "draft"}, "a draft")],
)
def test_every_draft_form_counts(
    tmp_path: Path, flag: dict[str, object], reason: str
) -> None:
    content = tmp_path / "content"
    good(content)
    write_article(
        content,
        "d.md",
        {"title": "D", "publish_date": "2025-05-02", "updated": "later", **flag},
    )
    report = build_to(content, tmp_path / "out", dry_run=True)
    (warning,) = report.warnings
    assert warning.startswith(f"{content}/d.md:4: updated: 'later' ")
    assert warning.endswith(LEFT_OUT.format(reason))


def test_problem_in_an_article_kept_out_of_feeds_is_a_warning(tmp_path: Path) -> None:
    content = tmp_path / "content"
    good(content)
    write_article(
        content,
        "members.md",
        basic_fields("Members", "2025-05-02", heroImage="javascript:x()", feed=False),
    )
    report = build_to(content, tmp_path / "out", dry_run=True)
    assert report.warnings == (
        f"{content}/members.md:8: heroImage: javascript: URLs are not allowed; use "
        "an http(s) URL or a path such as /images/photo.jpg "
        + LEFT_OUT.format("feed: false"),
    )


NESTED_TAGS = (
    "---\ntitle: 'Offer'\npublish_date: '2025-05-02'\n{extra}"
    "tags:\n  - ['nested']\n---\nBody.\n"
)


def expired_with_a_problem(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    good(content)
    extra = "expiryDate: 2025-06-01\n"
    write_article(content, "offer.md", text=NESTED_TAGS.format(extra=extra))
    return content


def test_problem_in_an_expired_article_is_a_warning(tmp_path: Path) -> None:
    content = expired_with_a_problem(tmp_path)
    report = build_to(content, tmp_path / "out", dry_run=True, now=utc(2025, 7, 1))
    assert titles(report) == ["Kept Walk"]
    (warning,) = report.warnings
    assert warning.startswith(f"{content}/offer.md:5: tags: holds a list; ")
    assert warning.endswith(LEFT_OUT.format("expired"))


def test_problem_in_an_article_not_expired_yet_fails(tmp_path: Path) -> None:
    content = expired_with_a_problem(tmp_path)
    with pytest.raises(summitfeed.BuildError):
        build_to(content, tmp_path / "out", dry_run=True, now=utc(2025, 5, 31))


def test_problem_in_a_future_article_still_fails(tmp_path: Path) -> None:
    # It is published once its date comes: the problem must be fixed first.
    content = tmp_path / "content"
    good(content)
    later = NESTED_TAGS.format(extra="").replace("2025-05-02", "2030-01-01")
    write_article(content, "later.md", text=later)
    with pytest.raises(summitfeed.BuildError):
        build_to(content, tmp_path / "out", dry_run=True)


def test_unreadable_front_matter_of_a_draft_still_fails(tmp_path: Path) -> None:
    # Whether it is a draft cannot be known when its front matter cannot be read.
    content = tmp_path / "content"
    good(content)
    write_article(content, "d.md", text="---\ntitle: 'x\ndraft: true\n---\nBody.\n")
    with pytest.raises(summitfeed.BuildError):
        build_to(content, tmp_path / "out", dry_run=True)


def test_a_draft_with_a_published_articles_url_leaves_it_published(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    # "a-copy.md" comes first by path: the published one must still win.
    write_article(
        content,
        "a-copy.md",
        basic_fields("Old Copy", "2025-05-01", slug="walk", draft=True),
    )
    write_article(content, "walk.md", basic_fields("The Walk", "2025-05-02"))
    report = build_to(content, tmp_path / "out", dry_run=True)
    assert titles(report) == ["The Walk"]
    assert report.warnings == (
        f"{content}/a-copy.md:8: slug: the id '{BASE_URL}walk/' is also the id "
        f"of {content}/walk.md; give each article its own slug or id "
        + LEFT_OUT.format("a draft"),
    )
    with pytest.raises(summitfeed.BuildError):
        build_to(content, tmp_path / "out", dry_run=True, include_drafts=True)


def test_strict_command_exits_0_and_names_file_line_and_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = tmp_path / "content"
    good(content)
    write_article(
        content,
        "draft.md",
        {"title": "Draft", "draft": True, "publish_date": "2025-02-30"},
    )
    monkeypatch.chdir(tmp_path)
    status = main([*COMMAND, "--no-cache"])
    assert status == 0
    err = capsys.readouterr().err
    assert (
        "summitfeed: warning: content/draft.md:4: publish_date: 2025-02-30 is not "
        "a real date: February 2025 has 28 days "
        "(only a warning: the article is left out, a draft)\n"
    ) in err
    parsed = feedparser.parse((tmp_path / "public" / "feed.xml").read_bytes())
    assert not parsed.bozo
    assert [entry.title for entry in parsed.entries] == ["Kept Walk"]


# --- many alike, told once ----------------------------------------------------------

TYPO = "summery: not a known field, kept as extra metadata; did you mean summary?"


def test_the_same_warning_is_told_for_the_first_few_then_counted() -> None:
    warnings = [f"content/p{n:02d}.md:5: {TYPO}" for n in range(10)]
    lines = problem_lines(warnings, ())
    assert SAME_SHOWN == 3
    assert lines == [
        f"summitfeed: warning: content/p00.md:5: {TYPO}",
        f"summitfeed: warning: content/p01.md:5: {TYPO}",
        f"summitfeed: warning: content/p02.md:5: {TYPO}",
        f"summitfeed: warning: ... and 7 more: {TYPO}",
    ]


def test_every_warning_when_asked() -> None:
    warnings = [f"content/p{n:02d}.md:5: {TYPO}" for n in range(10)]
    lines = problem_lines(warnings, (), every=True)
    assert lines == [f"summitfeed: warning: {warning}" for warning in warnings]


def test_different_warnings_keep_their_order_and_are_counted_apart() -> None:
    other = "updated: is earlier than the publish date; using the publish date instead"
    warnings = []
    for n in range(5):
        warnings += [f"p{n}.md:5: {TYPO}", f"p{n}.md:7: {other}"]
    warnings.append("lone.md:2: heroImage: /x.png is not in static_dir (content)")
    assert problem_lines(warnings, ()) == [
        f"summitfeed: warning: p0.md:5: {TYPO}",
        f"summitfeed: warning: p0.md:7: {other}",
        f"summitfeed: warning: p1.md:5: {TYPO}",
        f"summitfeed: warning: p1.md:7: {other}",
        f"summitfeed: warning: p2.md:5: {TYPO}",
        f"summitfeed: warning: ... and 2 more: {TYPO}",
        f"summitfeed: warning: p2.md:7: {other}",
        f"summitfeed: warning: ... and 2 more: {other}",
        "summitfeed: warning: lone.md:2: heroImage: /x.png is not in static_dir "
        "(content)",
    ]


def test_a_few_warnings_are_printed_as_they_are() -> None:
    warnings = [f"p{n}.md:5: {TYPO}" for n in range(3)]
    assert problem_lines(warnings, ()) == [
        f"summitfeed: warning: {warning}" for warning in warnings
    ]


def test_skipped_articles_are_counted_alike() -> None:
    skipped = [
        summitfeed.ArticleError(f"p{n}.md", "cannot be read: Permission denied")
        for n in range(5)
    ]
    assert problem_lines((), skipped) == [
        "summitfeed: skipped: p0.md: cannot be read: Permission denied",
        "summitfeed: skipped: p1.md: cannot be read: Permission denied",
        "summitfeed: skipped: p2.md: cannot be read: Permission denied",
        "summitfeed: skipped: ... and 2 more: cannot be read: Permission denied",
    ]


def typo_site(folder: Path, count: int) -> Path:
    content = folder / "content"
    for n in range(count):
        write_article(
            content,
            f"walk-{n:03d}.md",
            basic_fields(f"Walk {n}", f"2025-05-{1 + n % 28:02d}", summery="A walk."),
        )
    for path in content.iterdir():  # old enough for their times to be trusted
        os.utime(path, (1_700_000_000, 1_700_000_000))
    return content


def test_a_site_of_many_alike_warnings_prints_a_few(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typo_site(tmp_path, 40)
    monkeypatch.chdir(tmp_path)
    assert main([*COMMAND, "--no-cache"]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"summitfeed: warning: content/walk-000.md:8: {TYPO}",
        f"summitfeed: warning: content/walk-001.md:8: {TYPO}",
        f"summitfeed: warning: content/walk-002.md:8: {TYPO}",
        f"summitfeed: warning: ... and 37 more: {TYPO}",
    ]
    summary = out.splitlines()[-1]
    assert summary.startswith("built from 40 article files, 40 warnings: ")
    parsed = feedparser.parse((tmp_path / "public" / "feed.xml").read_bytes())
    assert not parsed.bozo
    assert len(parsed.entries) == 40


def test_verbose_prints_every_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typo_site(tmp_path, 12)
    monkeypatch.chdir(tmp_path)
    assert main([*COMMAND, "--no-cache", "-v"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"summitfeed: warning: content/walk-{n:03d}.md:8: {TYPO}" for n in range(12)
    ]


def test_no_warning_no_count_in_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good(tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    assert main([*COMMAND, "--no-cache"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines()[-1].startswith("built from 1 article file: 0 cached, ")


def test_a_repeated_build_tells_the_same_few(tmp_path: Path) -> None:
    """The run answered from the record of the one before prints the same."""
    typo_site(tmp_path, 8)
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}

    def run() -> tuple[str, str]:
        done = subprocess.run(
            [sys.executable, "-m", "summitfeed", *COMMAND],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return done.stdout, done.stderr

    first_out, first_err = run()
    second_out, second_err = run()
    assert first_err == second_err
    assert first_err.splitlines()[-1] == f"summitfeed: warning: ... and 5 more: {TYPO}"
    assert "8 warnings" in first_out.splitlines()[-1]
    assert "8 warnings" in second_out.splitlines()[-1]
    assert "0 files written" in second_out  # (answered without a rebuild)
