"""Bad input (SPEC §4): every broken article is refused with one exact line.

``tests/data/invalid/NAME.md`` holds one broken article per case;
``NAME.expected.txt`` beside it the exact message, ``path:line: key: what is
wrong and what would be right`` (or ``path: what is wrong`` for a problem of
the whole file), with the path as typed from the project folder. An article
with several wrong fields has one line per problem, in line order.

Also here: inputs too large to keep as files (built in ``tmp_path``), the
hostile ones run in a child process under CPU-time and memory limits, and the
command line in strict, ``--lenient`` and ``--dry-run`` modes.
"""

from __future__ import annotations

import os
import pickle
import re
import resource
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from summitfeed import ArticleError, BuildError, MetadataError, Site, load_article
from summitfeed._cli.main import main
from summitfeed._read.front_limits import MAX_DEPTH, MAX_NODES
from summitfeed._read.frontmatter import MAX_BODY_BYTES, MAX_FRONT_MATTER_BYTES

ROOT = Path(__file__).resolve().parent.parent
INVALID = ROOT / "tests" / "data" / "invalid"
FILES = sorted(INVALID.glob("*.md"))
SITE = Site(title="Bad input", base_url="https://example.org/")
NOW = "2026-01-01T00:00:00Z"

# path, then :line unless the whole file is wrong, then the key when one is named.
MESSAGE_SHAPE = re.compile(r"^tests/data/invalid/[\w.-]+\.md(:\d+)?: \S")


def expected_messages(article: Path) -> list[str]:
    expected = article.with_name(article.stem + ".expected.txt")
    return expected.read_text(encoding="utf-8").rstrip("\n").split("\n")


def test_every_broken_article_has_its_expected_message() -> None:
    assert FILES
    for article in FILES:
        for message in expected_messages(article):
            assert MESSAGE_SHAPE.match(message), message


@pytest.mark.parametrize("article", FILES, ids=[path.stem for path in FILES])
def test_broken_article_is_refused_with_its_exact_message(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    shown = f"tests/data/invalid/{article.name}"
    with pytest.raises(ArticleError) as caught:
        load_article(shown, site=SITE)
    problems = caught.value.problems
    assert [str(problem) for problem in problems] == expected_messages(article)
    assert {problem.path for problem in problems} == {shown}


@pytest.mark.parametrize("article", FILES, ids=[path.stem for path in FILES])
def test_named_key_stands_on_the_named_line(article: Path) -> None:
    """For YAML, the line given is the line of the key named (when it is there)."""
    data = article.read_bytes()
    if not data.startswith(b"---\n"):
        return
    lines = data.decode("utf-8", errors="replace").split("\n")
    keys_in_file = {row.split(":", 1)[0] for row in lines if ":" in row}
    for message in expected_messages(article):
        match = re.match(r"^[^:]+:(\d+): ([A-Za-z_]+): ", message)
        if match is None:
            continue
        line, key = int(match.group(1)), match.group(2)
        if key in keys_in_file:
            assert lines[line - 1].startswith(f"{key}:"), (line, lines[line - 1])


# --- inputs too large to keep as files ------------------------------------


FIELDS = "title: 'Ridge walk'\npublish_date: '2025-02-13'\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "---\n" + FIELDS + "notes: '" + "x" * MAX_FRONT_MATTER_BYTES + "'\n---\n",
            "a.md:1: the front matter is over 1 MiB (the limit for one article's "
            "fields); set max_front_matter_size to raise it",
            id="front-matter-over-1-MiB",
        ),
        pytest.param(
            "---\n" + FIELDS + "---\n" + ("word " * 20 + "\n\n") * 90_000,
            "a.md:5: the body is over 8 MiB (the limit for one article); "
            "set max_body_size to raise it",
            id="body-over-8-MiB",
        ),
        pytest.param(
            "---\n" + FIELDS + "nest: " + "[" * 20_000 + "]" * 20_000 + "\n---\n",
            f"a.md:2: the front matter nests deeper than {MAX_DEPTH} levels "
            "(the limit); write flat fields, lists and mappings",
            id="yaml-nesting-20000",
        ),
        pytest.param(
            '{"title": "x", "n": ' + "[" * 20_000 + "]" * 20_000 + "}\n",
            f"a.md:1: the front matter nests deeper than {MAX_DEPTH} levels "
            "(the limit); write flat fields, lists and mappings",
            id="json-nesting-20000",
        ),
        pytest.param(
            "+++\ntitle = 'x'\nn = " + "[" * 20_000 + "]" * 20_000 + "\n+++\n",
            f"a.md:1: the front matter nests deeper than {MAX_DEPTH} levels "
            "(the limit); write flat fields, lists and mappings",
            id="toml-nesting-20000",
        ),
        pytest.param(
            "---\n" + FIELDS + "---\n" + "> " * 5000 + "deep\n",
            "a.md:5: the body nests quotes or lists more than 100 deep (the limit); "
            "set max_nesting to raise it",
            id="body-quotes-5000",
        ),
        pytest.param(
            "---\n" + FIELDS + "---\n" + "<div>" * 20_000 + "</div>" * 20_000,
            "a.md:5: the body has more than 100 HTML elements inside one another "
            "(the limit); set max_nesting to raise it",
            id="body-html-20000",
        ),
    ],
)
def test_oversized_input_is_refused_naming_the_limit(
    text: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text(text, encoding="utf-8")
    with pytest.raises(ArticleError) as caught:
        load_article("a.md", site=SITE)
    assert str(caught.value) == expected
    assert MAX_BODY_BYTES == 8 * 1024 * 1024


def test_nasty_but_valid_front_matter_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Odd keys and characters are no error: keys are text, XML-forbidden
    characters are dropped."""
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text(
        "---\ntitle: \"Bell\\a and NUL\\0 \\u202eRTL\"\npublish_date: '2025-02-13'\n"
        "2025-01-01: 'a date as a key'\n1: 'a number as a key'\nyes: 'a yes'\n"
        '~: \'a null\'\nid: "id\\x01"\nsubtitle: "\\x0b\\x1f"\n'
        "tags: ['\u05e2\u05d1\u05e8\u05d9\u05ea', \"t\\x02\"]\n---\nBody \x01 text.\n",
        encoding="utf-8",
    )
    article = load_article("a.md", site=SITE).article
    assert article.title == "Bell and NUL \u202eRTL"
    assert article.id == "id"
    assert article.subtitle is None
    assert article.tags == ("\u05e2\u05d1\u05e8\u05d9\u05ea", "t")
    assert dict(article.extra) == {
        "2025-01-01": "a date as a key",
        "1": "a number as a key",
        "yes": "a yes",
        "~": "a null",
    }


def test_lone_surrogates_from_json_are_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text(
        '{"title": "a\\ud800b", "publish_date": "2025-02-13", "id": "x\\udfff",'
        ' "tags": ["\\ud800", "ok"]}\nBody.\n',
        encoding="utf-8",
    )
    article = load_article("a.md", site=SITE).article
    assert (article.title, article.id, article.tags) == ("ab", "x", ("ok",))


# --- hostile input in a child process under limits ------------------------

CPU_SECONDS = 10
MEMORY_BYTES = 500 * 1024 * 1024

BILLION_LAUGHS = (
    "---\ntitle: 'Laughs'\npublish_date: '2025-02-13'\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "---\nBody.\n"
)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            BILLION_LAUGHS,
            f"content/bad.md:8: the front matter expands to more than {MAX_NODES} "
            "values through its aliases (the limit); write values out instead of "
            "repeating aliases (*name)",
            id="alias-bomb",
        ),
        pytest.param(
            "---\ntitle: 'x'\nn: " + "[" * 30_000 + "]" * 30_000 + "\n---\n",
            f"content/bad.md:2: the front matter nests deeper than {MAX_DEPTH} "
            "levels (the limit); write flat fields, lists and mappings",
            id="deep-yaml",
        ),
        pytest.param(
            '{"title": "x", "n": ' + "[" * 30_000 + "]" * 30_000 + "}\n",
            f"content/bad.md:1: the front matter nests deeper than {MAX_DEPTH} "
            "levels (the limit); write flat fields, lists and mappings",
            id="deep-json",
        ),
        pytest.param(
            "---\n" + FIELDS + "---\n" + ">" * 100_000 + " deep\n",
            "content/bad.md:5: the body nests quotes or lists more than 100 deep "
            "(the limit); set max_nesting to raise it",
            id="deep-quotes",
        ),
    ],
)
def test_hostile_article_fails_within_limits(
    text: str, expected: str, tmp_path: Path
) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "summitfeed.toml").write_text(
        'title = "Hostile"\nbase_url = "https://example.org/"\n', encoding="utf-8"
    )
    (tmp_path / "content" / "good.md").write_text(
        "---\n" + FIELDS + "---\nFine.\n", encoding="utf-8"
    )
    (tmp_path / "content" / "bad.md").write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "summitfeed", "build", "--now", NOW, "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        preexec_fn=_limits,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == expected
    assert not (tmp_path / "public").exists()


# --- the command line -----------------------------------------------------

GOOD: dict[str, str | bytes] = {
    "content/2025/first.md": "---\ntitle: 'First'\npublish_date: '2025-02-13'\n"
    "---\nFirst body.\n",
    "content/second.md": "---\ntitle: 'Second'\npublish_date: '2025-03-01'\n"
    "tags: ['alps']\n---\nSecond body.\n",
}
BAD: dict[str, str | bytes] = {
    "content/zz-bad-date.md": "---\ntitle: 'Z'\npublish_date: '2025-02-30'\n"
    "---\nBody.\n",
    "content/2025/a-no-title.md": "---\npublish_date: '2025-02-13'\n---\nBody.\n",
    "content/m-binary.md": b"\x00\x01\x02 binary",
}
BAD_LINES = [
    "content/2025/a-no-title.md:1: title: missing; every article needs one "
    "(title: 'My title', or a heading '# My title' in the body)",
    "content/m-binary.md: a binary file (a NUL byte at offset 0), not a text "
    "article; keep only Markdown text files in the content folder",
    "content/zz-bad-date.md:3: publish_date: 2025-02-30 is not a real date: "
    "February 2025 has 28 days",
]
FEEDS = ("public/feed.xml", "public/atom.xml", "public/feed.json")


def _write(files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = Path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("summitfeed.toml").write_text(
        'title = "Trails"\nbase_url = "https://example.org/"\n', encoding="utf-8"
    )
    _write(dict(GOOD))
    return tmp_path


def _build(*options: str) -> int:
    return main(["build", "--now", NOW, "--no-cache", *options])


def _snapshot() -> dict[str, tuple[bytes, int]]:
    return {
        str(path): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(Path("public").rglob("*"))
        if path.is_file()
    }


def test_strict_build_lists_every_problem_by_path_and_touches_nothing(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _build() == 0
    before = _snapshot()
    assert set(FEEDS) <= set(before)
    capsys.readouterr()
    _write(dict(BAD))
    assert _build() == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    lines = captured.err.splitlines()
    assert lines[: len(BAD_LINES)] == BAD_LINES
    assert "3 problems" in lines[len(BAD_LINES)]
    assert _snapshot() == before


def test_strict_build_with_no_previous_feeds_writes_none(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(dict(BAD))
    assert _build() == 1
    assert capsys.readouterr().err.splitlines()[:3] == BAD_LINES
    assert not Path("public").exists() or not any(Path("public").iterdir())


def test_dry_run_reports_the_same_problems_and_writes_nothing(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(dict(BAD))
    assert _build("--dry-run") == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines()[:3] == BAD_LINES
    assert "Traceback" not in captured.err
    assert not Path("public").exists()
    # Without the bad articles a dry run succeeds, and still writes nothing.
    for name in BAD:
        Path(name).unlink()
    assert _build("--dry-run") == 0
    assert not Path("public").exists()


def test_lenient_build_skips_bad_articles_and_writes_valid_feeds(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(dict(BAD))
    assert _build("--lenient") == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    skipped = [line for line in captured.err.splitlines() if "skipped" in line]
    assert len(skipped) == len(BAD_LINES)
    for line, problem in zip(skipped, BAD_LINES, strict=True):
        assert line.endswith(problem)
    assert "3 skipped" in captured.out
    for name in ("public/feed.xml", "public/atom.xml"):
        etree.fromstring(Path(name).read_bytes())
        parsed = feedparser.parse(Path(name).read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert sorted(entry.title for entry in parsed.entries) == ["First", "Second"]


def test_duplicate_id_and_url_name_both_files(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(
        {
            "content/copy-of-first.md": "---\ntitle: 'Copy'\n"
            "publish_date: '2025-02-14'\nid: 'https://example.org/first/'\n---\nX.\n",
            "content/zz-same-url.md": "---\ntitle: 'Same URL'\n"
            "publish_date: '2025-02-15'\nslug: 'second'\nid: 'z'\n---\nY.\n",
        }
    )
    assert _build() == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines[0].startswith("content/copy-of-first.md")
    assert "id" in lines[0]
    assert "content/2025/first.md" in lines[0]
    assert lines[1].startswith("content/zz-same-url.md")
    assert "url" in lines[1]
    assert "content/second.md" in lines[1]
    # --lenient keeps the first of each (by path) and skips the later one.
    assert _build("--lenient") == 0
    captured = capsys.readouterr()
    assert "2 skipped" in captured.out
    titles = {e.title for e in feedparser.parse(Path(FEEDS[1]).read_bytes()).entries}
    assert "Same URL" not in titles
    assert "Second" in titles


def test_build_error_sorts_by_path() -> None:
    errors = [ArticleError(p, "x", line=1) for p in ("b.md", "a/z.md", "a.md")]
    assert [e.path for e in BuildError(errors).errors] == ["a.md", "a/z.md", "b.md"]


SEVERAL = "---\ntitle: ''\npublish_date: '2024-13-45'\ntags: 5\n---\nBody.\n"


def test_build_lists_every_problem_of_one_article(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write({"content/several.md": SEVERAL})
    assert _build() == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ", 2)[:2] for line in lines[:3]] == [
        ["content/several.md:2", "title"],
        ["content/several.md:3", "publish_date"],
        ["content/several.md:4", "tags"],
    ]
    assert lines[3].startswith("summitfeed: 3 problems in articles;")
    # Skipped leniently, the article is one warning (its first problem).
    assert _build("--lenient") == 0
    captured = capsys.readouterr()
    skipped = [line for line in captured.err.splitlines() if "skipped:" in line]
    assert skipped == [
        "summitfeed: skipped: content/several.md:2: title: is empty; "
        "write the article's title (title: 'My title')"
    ]
    assert "1 skipped" in captured.out


def test_problems_of_one_article_survive_pickling() -> None:
    others = [ArticleError("a.md", "y", line=3, key="tags")]
    error = MetadataError("a.md", "x", line=2, key="title", also=others)
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is MetadataError
    assert [str(p) for p in again.problems] == ["a.md:2: title: x", "a.md:3: tags: y"]


def test_build_error_lists_each_problem_once() -> None:
    second = ArticleError("a.md", "y", line=3)
    first = ArticleError("a.md", "x", line=5, also=[second])
    errors = BuildError([first, second, ArticleError("0.md", "z")]).errors
    assert [str(e) for e in errors] == ["0.md: z", "a.md:3: y", "a.md:5: x"]
