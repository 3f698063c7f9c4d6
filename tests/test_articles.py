"""Articles that are not files: text, mappings, python-frontmatter posts.

Each way in is held against the file with the same content: the same
Article (compared with ==, which leaves the body out, and the body checked on
its own), the same errors, and the same feed bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import feedparser
import frontmatter
import pytest

import summitfeed
from summitfeed import Article, ArticleError, BuildError, FrontMatterError
from summitfeed._read.files import body_from_bytes
from tests.conftest import (
    BASE_URL,
    NOW,
    SAMPLE_FILES,
    basic_fields,
    build_to,
    make_site,
    sample_site,
    snapshot,
    write_article,
    write_sample_site,
)

ZURICH = ZoneInfo("Europe/Zurich")


def write_sample_files(root: Path) -> Path:
    """The sample articles under ``root/content``, the local hero image left
    out: ``load_article`` measures no image (a build and the ways in here do),
    so that its articles are the ones to compare with."""
    content = root / "content"
    for name, text in SAMPLE_FILES.items():
        write_article(content, name, text=text)
    return content


def sample_sources(content: Path) -> list[str]:
    return sorted(str(content / name) for name in SAMPLE_FILES)


def file_body(source: str) -> str:
    return body_from_bytes(Path(source).read_bytes(), path=source)


def post_fields(source: str) -> tuple[dict[str, Any], str]:
    """The fields and body as another tool would have parsed the file."""
    text = Path(source).read_text(encoding="utf-8")
    if text.startswith("+++"):
        _, block, body = text.split("+++\n", 2)
        return tomllib.loads(block), body
    post = frontmatter.loads(text)
    return dict(post.metadata), post.content


# --- the same Article ---------------------------------------------------------


def test_parse_article_gives_the_files_article_and_body(tmp_path: Path) -> None:
    content = write_sample_files(tmp_path)
    site = sample_site()
    for source in sample_sources(content):
        from_file = summitfeed.load_article(source, site=site).article
        text = Path(source).read_text(encoding="utf-8")
        for given in (text, text.encode("utf-8")):
            article = summitfeed.parse_article(given, source=source, site=site)
            assert article == from_file, source
            assert article.body == file_body(source)
        assert from_file.body is None  # read again from the file when needed
        as_path = summitfeed.parse_article(text, source=Path(source), site=site)
        assert as_path == from_file
        assert as_path.source == source


def test_article_from_post_gives_the_files_article(tmp_path: Path) -> None:
    content = write_sample_files(tmp_path)
    site = sample_site()
    yaml_sources = [
        source
        for source in sample_sources(content)
        if Path(source).read_text(encoding="utf-8").startswith("---")
    ]
    assert len(yaml_sources) >= 5
    for source in yaml_sources:
        post = frontmatter.load(source)
        article = summitfeed.article_from_post(post, source=source, site=site)
        assert article == summitfeed.load_article(source, site=site).article, source
        assert article.body == post.content


def test_article_from_mapping_gives_the_files_article(tmp_path: Path) -> None:
    content = write_sample_files(tmp_path)
    site = sample_site()
    for source in sample_sources(content):
        fields, body = post_fields(source)
        article = summitfeed.article_from_mapping(
            fields, body, source=source, site=site
        )
        assert article == summitfeed.load_article(source, site=site).article, source


def test_python_dates_mean_what_yaml_dates_mean(tmp_path: Path) -> None:
    site = make_site()  # Europe/Zurich
    path = write_article(
        tmp_path,
        "col.md",
        text=(
            "---\ntitle: Col\ndate: 2025-06-01 08:30:00\ncreated: 2025-05-30\n"
            "updated: 2025-06-02T10:00:00Z\n---\nBody.\n"
        ),
    )
    from_file = summitfeed.load_article(path, site=site).article
    fields = {
        "title": "Col",
        "date": dt.datetime(2025, 6, 1, 8, 30),  # naive: the site's zone  # noqa: DTZ001
        "created": dt.date(2025, 5, 30),
        "updated": dt.datetime(2025, 6, 2, 10, tzinfo=dt.UTC),
    }
    article = summitfeed.article_from_mapping(
        fields, "Body.\n", source=str(path), site=site
    )
    assert article == from_file
    assert article.published == dt.datetime(2025, 6, 1, 8, 30, tzinfo=ZURICH)
    assert article.created == dt.datetime(2025, 5, 30, tzinfo=ZURICH)


def test_mapping_values_of_other_shapes_are_read_as_yamls() -> None:
    site = make_site()
    text = (
        "---\ntitle: Tuples\ndate: 2025-06-01\ntags: [alps, ridge]\n"
        "author: {name: Mara Keller, email: mara@trails.example.org}\n"
        "difficulty: T3\n2025: leap\n---\nBody.\n"
    )
    from_text = summitfeed.parse_article(text, source="tuples.md", site=site)
    author = dataclasses.asdict(
        summitfeed.Person("Mara Keller", "mara@trails.example.org")
    )
    fields: dict[Any, object] = {
        "title": "Tuples",
        "date": "2025-06-01",
        "tags": ("alps", "ridge"),
        "author": {key: value for key, value in author.items() if value is not None},
        "difficulty": "T3",
        2025: "leap",  # a key that is no text, as YAML writes it
    }
    article = summitfeed.article_from_mapping(
        fields, "Body.\n", source="tuples.md", site=site
    )
    assert article == from_text
    assert dict(article.extra) == {"difficulty": "T3", "2025": "leap"}


def test_a_source_that_is_no_path_stands_in_for_one() -> None:
    site = make_site()
    article = summitfeed.article_from_mapping(
        {"title": "Row", "date": "2025-06-01"}, "Body.", source="db:42", site=site
    )
    assert article.source == "db:42"
    # No slug given: made from the source as from a file name, under base_url.
    assert article.slug == "db:42"
    assert article.url == BASE_URL + "db:42/"


def test_warnings_are_told_to_on_warning(tmp_path: Path) -> None:
    site = make_site()
    fields = basic_fields("Late", "2025-02-13", updated_date="2025-01-01", titel="x")
    path = write_article(tmp_path, "late.md", fields)
    from_file = summitfeed.load_article(path, site=site)
    assert len(from_file.warnings) == 2
    told: list[str] = []
    summitfeed.parse_article(
        path.read_text(encoding="utf-8"),
        source=str(path),
        site=site,
        on_warning=told.append,
    )
    assert told == list(from_file.warnings)
    told.clear()
    summitfeed.article_from_mapping(
        fields, "Body.", source="db:7", site=site, on_warning=told.append
    )
    # A mapping has no lines: source and key only.
    assert sorted(told) == [
        "db:7: titel: not a known field, kept as extra metadata; did you mean title?",
        "db:7: updated_date: is earlier than the publish date; using the publish "
        "date instead",
    ]


def test_article_with_body_survives_pickle() -> None:
    article = summitfeed.article_from_mapping(
        {"title": "Row", "date": "2025-06-01", "slug": "row", "grade": "T2"},
        "Body **bold**.",
        source="db:1",
        site=make_site(),
    )
    copy = pickle.loads(pickle.dumps(article))
    assert copy == article
    assert copy.body == "Body **bold**."
    assert dict(copy.extra) == {"grade": "T2"}
    plain = pickle.loads(pickle.dumps(dataclasses.replace(article, body=None)))
    assert plain.body is None


# --- the same feeds -----------------------------------------------------------


def rendered(site: summitfeed.Site, articles: list[Article]) -> dict[str, bytes]:
    feeds = summitfeed.build_feeds(site, articles, now=NOW)
    return summitfeed.render_feeds(feeds, formats=site.formats)


@pytest.mark.parametrize(
    "settings",
    [{}, {"tag_feeds": True, "limit": 2, "archive_size": 2}, {"full_content": False}],
)
def test_every_entry_point_renders_the_files_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: dict[str, Any]
) -> None:
    content = write_sample_files(tmp_path)
    site = sample_site(**settings)
    sources = sample_sources(content)
    from_files = [summitfeed.load_article(s, site=site).article for s in sources]
    expected = rendered(site, from_files)
    assert {"feed.xml", "atom.xml", "feed.json"} <= set(expected)
    texts = {s: Path(s).read_text(encoding="utf-8") for s in sources}
    fields = {s: post_fields(s) for s in sources}
    # The files are gone: the articles made from their content need none.
    for source in sources:
        Path(source).unlink()
    monkeypatch.chdir(tmp_path)
    from_texts = [
        summitfeed.parse_article(texts[s], source=s, site=site) for s in sources
    ]
    from_mappings = [
        summitfeed.article_from_mapping(*fields[s], source=s, site=site)
        for s in sources
    ]
    posts = [
        summitfeed.article_from_post(frontmatter.loads(texts[s]), source=s, site=site)
        if texts[s].startswith("---")
        else from_texts[n]
        for n, s in enumerate(sources)
    ]
    for articles in (from_texts, from_mappings, posts):
        assert rendered(site, articles) == expected


def test_build_of_articles_writes_what_the_folder_build_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_sample_site(tmp_path)  # with the local hero image, measured by both
    monkeypatch.chdir(tmp_path)
    site = sample_site(tag_feeds=True)  # (content_dir: "content")
    from_folder = build_to(Path("content"), tmp_path / "folder", site=site)
    articles = [
        summitfeed.parse_article(
            Path(source).read_text(encoding="utf-8"), source=source, site=site
        )
        for source in sample_sources(Path("content"))
    ]
    assert any(a.hero is not None and a.hero.length == 128 for a in articles)
    report = summitfeed.build(
        articles=articles, out_dir=tmp_path / "memory", site=site, now=NOW
    )
    on_disk = snapshot(tmp_path / "memory")
    assert on_disk == snapshot(tmp_path / "folder")
    assert dict(report.files) == on_disk
    assert report.articles == len(SAMPLE_FILES)
    assert report.item_counts == from_folder.item_counts
    assert {p.name for p in report.written} >= {"feed.xml", "atom.xml", "feed.json"}
    # Built again: nothing changed on disk.
    again = summitfeed.build(
        articles=articles, out_dir=tmp_path / "memory", site=site, now=NOW
    )
    assert again.written == ()
    assert len(again.unchanged) == len(on_disk)


def test_build_takes_articles_or_a_folder_not_both(tmp_path: Path) -> None:
    with pytest.raises(summitfeed.ConfigError, match="not both"):
        summitfeed.build(tmp_path, tmp_path / "out", site=make_site(), articles=[])


def _row(number: int, **fields: object) -> Article:
    values: dict[str, object] = {"title": f"Row {number}", "date": "2025-06-01"}
    values.update(fields)
    return summitfeed.article_from_mapping(
        values, f"Body {number}.", source=f"db:{number}", site=make_site()
    )


def test_two_articles_may_not_share_a_source(tmp_path: Path) -> None:
    first = _row(1, slug="one")
    second = dataclasses.replace(_row(2, slug="two"), source="db:1")
    with pytest.raises(ArticleError, match="db:1: is the source of more than one"):
        summitfeed.build_feeds(make_site(), [first, second], now=NOW)
    with pytest.raises(BuildError) as raised:
        summitfeed.build(
            articles=[first, second], out_dir=tmp_path, site=make_site(), now=NOW
        )
    assert [e.path for e in raised.value.errors] == ["db:1"]
    report = summitfeed.build(
        articles=[first, second],
        out_dir=tmp_path / "out",
        site=make_site(),
        now=NOW,
        lenient=True,
    )
    entries = feedparser.parse(report.files["feed.xml"]).entries
    assert [entry.title for entry in entries] == ["Row 1"]
    assert len(report.skipped) == 1


def test_id_clash_of_articles_in_memory_names_no_line(tmp_path: Path) -> None:
    rows = [_row(1, slug="same"), _row(2, slug="same")]
    with pytest.raises(BuildError) as raised:
        summitfeed.build(articles=rows, out_dir=tmp_path, site=make_site(), now=NOW)
    (error,) = raised.value.errors
    assert (error.path, error.line, error.key) == ("db:2", None, None)
    assert str(error) == (
        f"db:2: the id '{BASE_URL}same/' is also the id of db:1; "
        "give each article its own slug or id"
    )


# --- the same errors ----------------------------------------------------------


BAD_FILES = {
    "no-title.md": "---\ndate: 2025-06-01\n---\nBody.\n",
    "bad-date.md": "---\ntitle: Walk\ndate: soon\n---\nBody.\n",
    "list-title.md": "---\ntitle: [a, b]\ndate: 2025-06-01\n---\nBody.\n",
    "many.md": "---\ntitle: Walk\ndate: soon\ndraft: maybe\ntags: 7\n---\nBody.\n",
    "bad-url.md": "---\ntitle: Walk\ndate: 2025-06-01\nurl: 'javascript:x'\n---\nB.\n",
}


def error_of(call: Any) -> ArticleError:
    with pytest.raises(ArticleError) as raised:
        call()
    return raised.value


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_errors_are_the_files_errors(tmp_path: Path, name: str) -> None:
    site = make_site()
    path = write_article(tmp_path, name, text=BAD_FILES[name])
    source = str(path)
    from_file = error_of(lambda: summitfeed.load_article(path, site=site))
    assert from_file.key is not None
    from_text = error_of(
        lambda: summitfeed.parse_article(BAD_FILES[name], source=source, site=site)
    )
    assert type(from_text) is type(from_file)
    assert [str(e) for e in from_text.problems] == [str(e) for e in from_file.problems]
    # From a mapping or a post: the same problems, naming the source and the
    # key, without a line (there is no file).
    post = frontmatter.loads(BAD_FILES[name])
    for error in (
        error_of(lambda: summitfeed.article_from_post(post, source="db:42", site=site)),
        error_of(
            lambda: summitfeed.article_from_mapping(
                post.metadata, post.content, source="db:42", site=site
            )
        ),
    ):
        assert type(error) is type(from_file)
        assert [(e.path, e.line, e.key, e.message) for e in error.problems] == [
            ("db:42", None, e.key, e.message) for e in from_file.problems
        ]
        assert str(error).startswith(f"db:42: {from_file.key}: ")


def test_a_bad_mapping_raises_summitfeeds_error_naming_its_source() -> None:
    error = error_of(
        lambda: summitfeed.article_from_mapping(
            {"title": "Walk", "date": "03/04/2024"},
            "Body.",
            source="posts/7",
            site=make_site(),
        )
    )
    assert isinstance(error, summitfeed.SummitfeedError)
    assert (error.path, error.key, error.line) == ("posts/7", "date", None)
    assert "reads two ways" in str(error)


@pytest.mark.parametrize(
    ("metadata", "body", "fragment"),
    [
        ([("title", "x")], "Body.", "the fields are a list, not a mapping"),
        ({}, "Body.", "the front matter is empty"),
        ({"title": "x", "date": "2025-06-01"}, None, "the body is nothing (None)"),
        ({"title": "x", "date": "2025-06-01"}, b"Body", "the body is a bytes"),
    ],
)
def test_mappings_that_are_no_article(metadata: Any, body: Any, fragment: str) -> None:
    error = error_of(
        lambda: summitfeed.article_from_mapping(
            metadata, body, source="db:9", site=make_site()
        )
    )
    assert isinstance(error, FrontMatterError | summitfeed.ArticleError)
    assert error.path == "db:9"
    assert fragment in str(error)


def test_limits_hold_for_mappings_as_for_files() -> None:
    site = make_site()
    nested: Any = "deep"
    for _ in range(40):
        nested = [nested]
    error = error_of(
        lambda: summitfeed.article_from_mapping(
            {"title": "x", "date": "2025-06-01", "tree": nested},
            "Body.",
            source="db:1",
            site=site,
        )
    )
    assert (error.key, error.line) == ("tree", None)
    assert "nests deeper than 32 levels" in str(error)
    looped: dict[str, Any] = {}
    looped["self"] = looped  # a mapping that holds itself: no RecursionError
    error = error_of(
        lambda: summitfeed.article_from_mapping(
            {"title": "x", "date": "2025-06-01", "loop": looped},
            "Body.",
            source="db:1",
            site=site,
        )
    )
    assert error.key == "loop"
    body = "Intro.\n\n" + "> " * 101 + "deep\n"
    error = error_of(
        lambda: summitfeed.article_from_mapping(
            {"title": "x", "date": "2025-06-01"}, body, source="db:1", site=site
        )
    )
    assert isinstance(error, summitfeed.ArticleError)
    assert error.line is None
    assert "nests quotes or lists more than 100 deep" in str(error)
    assert "(line 3 of the body)" in str(error)


def test_text_that_is_no_article() -> None:
    site = make_site()
    error = error_of(lambda: summitfeed.parse_article("", source="db:1", site=site))
    assert "empty" in str(error)
    error = error_of(
        lambda: summitfeed.parse_article(
            "---\ntitle: '\ud800'\n---\n", source="db:1", site=site
        )
    )
    assert str(error).startswith("db:1: holds a lone surrogate (U+D800)")
    error = error_of(
        lambda: summitfeed.parse_article(
            "---\ntitle: 'x\n---\nBody\n", source="db:1", site=site
        )
    )
    assert error.line == 2  # the text's own lines, as a file's


def test_cr_line_ends_are_read_as_a_files(tmp_path: Path) -> None:
    site = make_site()
    text = "---\r\ntitle: Walk\r\ndate: 2025-06-01\r\n---\r\n\r\nLine one\r\nTwo\r\n"
    path = tmp_path / "walk.md"
    path.write_bytes(text.encode())
    from_file = summitfeed.load_article(path, site=site).article
    from_text = summitfeed.parse_article(text, source=str(path), site=site)
    from_mapping = summitfeed.article_from_mapping(
        {"title": "Walk", "date": "2025-06-01"},
        "\r\nLine one\r\nTwo\r\n",
        source=str(path),
        site=site,
    )
    assert from_text == from_file == from_mapping
    assert from_text.body == from_mapping.body == "\nLine one\nTwo\n"


def test_a_post_whose_front_matter_python_frontmatter_could_not_read() -> None:
    text = "+++\ntitle = 'Hut'\ndate = 2025-06-01\n+++\nBody.\n"
    post = frontmatter.loads(text)
    if post.metadata:  # pragma: no cover - the toml package is installed
        pytest.skip("python-frontmatter reads TOML here")
    # Its content is then the whole text: read as such.
    article = summitfeed.article_from_post(post, source="hut.md", site=make_site())
    assert article == summitfeed.parse_article(text, source="hut.md", site=make_site())
    assert article.title == "Hut"
    assert article.body == "Body."
