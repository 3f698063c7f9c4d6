"""Which files are articles: globs, hidden names, symbolic links; with their status."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from summitfeed._read.discover import Listing, _glob_regex, glob_matcher, list_sources

PATHS = [
    "a.md",
    "x/y/a.md",
    "a.mdx",
    "a.markdown",
    "notes.md/readme.txt",
    "we\nird/a.md",
    "x/a.MD",
]


@pytest.mark.parametrize("patterns", [("**/*.md",), ("**/*.md", "**/*.markdown")])
def test_the_suffix_test_agrees_with_the_glob_regex(patterns: tuple[str, ...]) -> None:
    test = glob_matcher(patterns)
    assert test is not None
    for path in PATHS:
        expected = any(_glob_regex(p).match(path) for p in patterns)
        assert test("content/" + path, len("content/")) == expected, path


def test_other_globs_use_the_regex() -> None:
    test = glob_matcher(("posts/*.md",))
    assert test is not None
    assert test("posts/a.md", 0)
    assert not test("posts/x/a.md", 0)
    assert not test("a.md", 0)


def test_list_sources_skips_hidden_and_links_to_folders(tmp_path: Path) -> None:
    root = tmp_path / "content"
    (root / "2025").mkdir(parents=True)
    (root / "_drafts").mkdir()
    (root / "2025" / "one.md").write_text("x", encoding="utf-8")
    (root / "_drafts" / "two.md").write_text("x", encoding="utf-8")
    (root / ".hidden.md").write_text("x", encoding="utf-8")
    (root / "notes.txt").write_text("x", encoding="utf-8")
    outside = tmp_path / "outside.md"
    outside.write_text("outside", encoding="utf-8")
    (root / "out.md").symlink_to(outside)
    (root / "same.md").symlink_to(root / "2025" / "one.md")
    (root / "loop").symlink_to(root, target_is_directory=True)
    listing = list_sources(root, prefix="content/")
    # The link out of the folder is listed: reading it names the problem.
    assert [name for name, _, _ in listing] == [
        "content/2025/one.md",
        "content/out.md",
        "content/same.md",
    ]
    status = (root / "2025" / "one.md").stat()
    assert listing[0][1:] == (status.st_size, status.st_ctime_ns)


def test_a_file_removed_while_its_folder_is_read_has_size_minus_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    for name in ("a.md", "gone.md", "z.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    real_scandir = os.scandir

    class Removed:
        """A folder entry whose file is removed before its status is read."""

        def __init__(self, entry: os.DirEntry[str]) -> None:
            self._entry = entry
            self.name, self.path = entry.name, entry.path

        def __getattr__(self, attribute: str) -> object:
            return getattr(self._entry, attribute)

        def stat(self, **options: bool) -> os.stat_result:
            Path(self.path).unlink()
            return self._entry.stat(**options)

    class Listing:
        def __init__(self, folder: str) -> None:
            self._entries = real_scandir(folder)

        def __enter__(self) -> list[object]:
            return [
                Removed(entry) if entry.name == "gone.md" else entry
                for entry in self._entries
            ]

        def __exit__(self, *exc: object) -> None:
            self._entries.close()

    monkeypatch.setattr(os, "scandir", Listing)
    found = list_sources(tmp_path, prefix="content/")
    monkeypatch.undo()
    assert [(path, size) for path, size, _ in found] == [
        ("content/a.md", 1),
        ("content/gone.md", -1),
        ("content/z.md", 1),
    ]


def _tree(root: Path, shape: str) -> None:
    """Article files in one of the folder shapes sites have."""
    files = {
        "years": [f"{2020 + y}/{m:02}/post-{y}-{m}-{n}.md" for y in range(3)
                  for m in range(1, 4) for n in range(4)],
        "one-section": [f"posts/{y}/entry-{y}-{n}.md" for y in range(5)
                        for n in range(3)],
        "flat": [f"note-{n}.md" for n in range(12)],
        "bundles": [f"blog/{name}/index.md" for name in "abcdefg"] + ["about.md"],
    }[shape]  # fmt: skip
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\ntitle: T\n---\n", encoding="utf-8")
    (root / "_drafts").mkdir(exist_ok=True)
    (root / "_drafts" / "hidden.md").write_text("x", encoding="utf-8")
    (root / "notes.txt").write_text("x", encoding="utf-8")


@pytest.mark.parametrize("shape", ["years", "one-section", "flat", "bundles"])
def test_a_walk_shared_with_a_forked_process_lists_the_same(
    tmp_path: Path, shape: str
) -> None:
    from summitfeed._cli.beside import walk_beside

    _tree(tmp_path / "content", shape)
    root = str(tmp_path / "content")
    alone = list_sources(root, prefix="content/")
    assert len(alone) > 7
    assert list_sources(root, prefix="content/", beside=walk_beside) == alone

    handed: list[int] = []

    def lost(walk: Callable[[], Listing]) -> Callable[[], Listing | None]:
        handed.append(1)
        return lambda: None  # (nothing came back: walked here)

    assert list_sources(root, prefix="content/", beside=lost) == alone
    # Split only where a level has two folders or more.
    assert handed == ([] if shape == "flat" else [1])


def test_a_forked_walk_that_dies_is_walked_here(tmp_path: Path) -> None:
    import os
    import signal

    from summitfeed._cli.beside import walk_beside

    _tree(tmp_path / "content", "years")
    root = str(tmp_path / "content")
    alone = list_sources(root, prefix="content/")

    def killed(walk: Callable[[], Listing]) -> Callable[[], Listing | None]:
        def dies() -> Listing:
            os.kill(os.getpid(), signal.SIGKILL)
            return walk()  # pragma: no cover

        return walk_beside(dies)

    assert list_sources(root, prefix="content/", beside=killed) == alone
