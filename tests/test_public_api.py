"""The library interface: names, settings defaults, loading, building in memory."""

from __future__ import annotations

import dataclasses
import json
import pickle
import subprocess
import sys
from pathlib import Path
from types import MappingProxyType

import feedparser
import pytest

import summitfeed
from summitfeed import Article, BuildReport, ConfigError, Person, Site
from summitfeed._read.articles import LoadResult
from tests.conftest import (
    BASE_URL,
    NOW,
    SAMPLE_EXPECTED,
    basic_fields,
    build_to,
    make_site,
    parse_xml,
    sample_site,
    snapshot,
    write_article,
    write_sample_site,
)


def test_every_public_name_is_exported() -> None:
    for name in summitfeed.__all__:
        assert hasattr(summitfeed, name), name
    for name in (
        "Site",
        "Article",
        "Person",
        "HeroImage",
        "build",
        "build_feeds",
        "render_feeds",
        "load_article",
        "load_articles",
        "read_articles",
        "load_site",
        "parse_now",
        "SummitfeedError",
        "ArticleError",
        "BuildError",
        "ConfigError",
        "parse_article",
        "article_from_mapping",
        "article_from_post",
        "content_type",
        "etag",
        "etag_matches",
    ):
        assert name in summitfeed.__all__


def test_all_is_sorted_and_names_every_import_for_type_checkers() -> None:
    import ast

    assert summitfeed.__all__ == sorted(summitfeed.__all__)
    tree = ast.parse(Path(summitfeed.__file__).read_text(encoding="utf-8"))
    (checking,) = [
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    ]
    typed = {
        alias.asname or alias.name
        for node in checking.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert typed == set(summitfeed.__all__)
    assert set(summitfeed.__all__) <= set(dir(summitfeed))
    # The module each name loads from at run time is the one type checkers see.
    homes = {
        alias.asname or alias.name: node.module
        for node in checking.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    for name in summitfeed.__all__:
        value = getattr(summitfeed, name)
        module = getattr(value, "__module__", None)
        assert homes[name] == module, name


def test_package_is_typed() -> None:
    assert (Path(summitfeed.__file__).parent / "py.typed").is_file()


def test_site_defaults_follow_the_settings_table() -> None:
    site = Site(title="Trail Log", base_url="https://trails.example.org")
    assert site.base_url == "https://trails.example.org/"
    assert site.feed_description == "Trail Log"
    assert site.language == "en"
    assert site.author == ()
    assert site.timezone == "UTC"
    assert site.permalink == "{slug}/"
    assert site.content_dir == "content"
    assert site.include == ("**/*.md", "**/*.markdown")
    assert site.exclude == ()
    assert site.output_dir == "public"
    assert site.static_dir is None
    assert site.formats == ("rss", "atom", "json")
    assert (site.rss_file, site.atom_file, site.json_file) == (
        "feed.xml",
        "atom.xml",
        "feed.json",
    )
    assert site.limit == 50
    assert site.full_content is True
    assert site.tag_feeds is False
    assert site.archive_size == 0
    assert (site.icon, site.logo, site.rights) == (None, None, None)
    assert site.hubs == ()
    assert site.preview is True
    assert site.cache_dir == ".summitfeed-cache"


@pytest.mark.parametrize(
    "changes",
    [
        {"base_url": "ftp://example.org/"},
        {"base_url": "/relative/"},
        {"title": "  "},
        {"limit": -1},
        {"formats": ()},
        {"formats": ("rss", "opml")},
    ],
)
def test_site_refuses_bad_settings(changes: dict[str, object]) -> None:
    values: dict[str, object] = {"title": "T", "base_url": BASE_URL, **changes}
    with pytest.raises(ConfigError):
        Site(**values)  # type: ignore[arg-type]


def test_load_site_reads_settings_file_and_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "summitfeed.toml").write_text(
        'title = "Trail Log"\nbase_url = "https://trails.example.org"\n'
        'author = "Mara Keller <mara@trails.example.org>"\nlimit = 5\n'
        'logo = "/logo.png"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    site = summitfeed.load_site(limit=7)
    assert site.title == "Trail Log"
    assert site.base_url == BASE_URL
    assert site.author == (Person("Mara Keller", email="mara@trails.example.org"),)
    assert site.limit == 7
    assert site.logo == BASE_URL + "logo.png"


def test_load_article_returns_article_and_warnings(tmp_path: Path) -> None:
    path = write_article(
        tmp_path,
        "a-walk.md",
        basic_fields("A Walk", "2025-02-13", updated_date="2025-01-01"),
    )
    result = summitfeed.load_article(path, site=make_site())
    assert isinstance(result.article, Article)
    assert result.article.title == "A Walk"
    assert result.article.source == str(path)
    assert len(result.warnings) == 1


def test_read_articles_collects_articles_errors_and_warnings(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "good.md", basic_fields("Good", "2025-02-13"))
    write_article(content, "bad.md", text="no front matter here\n")
    result = summitfeed.read_articles(content, site=make_site())
    assert isinstance(result, LoadResult)
    assert [a.title for a in result.articles] == ["Good"]
    assert len(result.errors) == 1
    assert result.files == 2
    with pytest.raises(summitfeed.BuildError):
        summitfeed.load_articles(content, site=make_site())


def test_build_writes_and_reports(tmp_path: Path) -> None:
    content = write_sample_site(tmp_path)
    out = tmp_path / "public"
    report = build_to(content, out, site=sample_site())
    assert isinstance(report, BuildReport)
    assert report.articles == 9
    assert len(report.feeds) >= 1
    assert len(report.feeds[0].items) == len(SAMPLE_EXPECTED)
    on_disk = snapshot(out)
    for name in ("feed.xml", "atom.xml", "feed.json"):
        assert on_disk[name] == report.files[name]
    assert {p.name for p in report.written} >= {"feed.xml", "atom.xml", "feed.json"}


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    content = write_sample_site(tmp_path)
    out = tmp_path / "public"
    report = build_to(content, out, site=sample_site(), dry_run=True)
    assert not out.exists()
    assert report.written == ()
    assert b"<rss" in report.files["feed.xml"]


def test_build_feeds_in_memory(tmp_path: Path) -> None:
    content = write_sample_site(tmp_path)
    site = sample_site()
    articles = summitfeed.load_articles(content, site=site)
    feeds = summitfeed.build_feeds(site, articles, now=NOW)
    documents = summitfeed.render_feeds(feeds, formats=("rss", "json"))
    assert {"feed.xml", "feed.json"} <= set(documents)
    assert "atom.xml" not in documents
    parsed = feedparser.parse(documents["feed.xml"])
    assert not parsed.bozo
    assert [e.title for e in parsed.entries] == [w.title for w in SAMPLE_EXPECTED]
    assert json.loads(documents["feed.json"])["items"][0]["title"] == (
        SAMPLE_EXPECTED[0].title
    )


def test_nothing_to_publish(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "d.md", basic_fields("Draft", "2025-02-13", draft=True))
    with pytest.raises(summitfeed.NothingToPublish, match="nothing to publish"):
        build_to(content, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_formats_and_file_names(tmp_path: Path) -> None:
    content = write_sample_site(tmp_path)
    site = sample_site(formats=("atom",), atom_file="index.atom")
    files = build_to(content, tmp_path / "out", site=site, dry_run=True).files
    assert "index.atom" in files
    assert not {"feed.xml", "atom.xml", "feed.json"} & set(files)
    root = parse_xml(files["index.atom"])
    self_link = root.find("{http://www.w3.org/2005/Atom}link[@rel='self']")
    assert self_link.get("href") == BASE_URL + "index.atom"


@pytest.mark.parametrize(("limit", "count"), [(2, 2), (0, 6), (50, 6)])
def test_limit(tmp_path: Path, limit: int, count: int) -> None:
    content = write_sample_site(tmp_path)
    files = build_to(
        content, tmp_path / "out", site=sample_site(limit=limit), dry_run=True
    ).files
    for name in ("feed.xml", "atom.xml"):
        entries = feedparser.parse(files[name]).entries
        assert [e.title for e in entries] == [w.title for w in SAMPLE_EXPECTED][:count]
    assert len(json.loads(files["feed.json"])["items"]) == count


def test_summaries_only(tmp_path: Path) -> None:
    content = write_sample_site(tmp_path)
    site = sample_site(full_content=False)
    files = build_to(content, tmp_path / "out", site=site, dry_run=True).files
    assert b"content:encoded" not in files["feed.xml"]
    rss = feedparser.parse(files["feed.xml"])
    atom = feedparser.parse(files["atom.xml"])
    assert not rss.bozo
    assert not atom.bozo
    for parsed in (rss, atom):
        for entry, want in zip(parsed.entries, SAMPLE_EXPECTED, strict=True):
            assert entry.summary == want.summary
            assert "content" not in entry
    items = json.loads(files["feed.json"])["items"]
    assert all("content_html" not in item for item in items)
    assert [item["content_text"] for item in items] == [
        w.summary for w in SAMPLE_EXPECTED
    ]


def test_site_icon_logo_rights_in_every_format(tmp_path: Path) -> None:
    content = write_sample_site(tmp_path)
    site = sample_site(
        icon="/favicon.png", logo="img/logo.png", rights="CC BY 4.0 Trail Log"
    )
    files = build_to(content, tmp_path / "out", site=site, dry_run=True).files
    rss = feedparser.parse(files["feed.xml"]).feed
    atom = feedparser.parse(files["atom.xml"]).feed
    assert rss.image.href == BASE_URL + "img/logo.png"
    assert rss.rights == atom.rights == "CC BY 4.0 Trail Log"
    assert atom.icon == BASE_URL + "favicon.png"
    assert atom.logo == BASE_URL + "img/logo.png"
    document = json.loads(files["feed.json"])
    assert document["icon"] == BASE_URL + "img/logo.png"
    assert document["favicon"] == BASE_URL + "favicon.png"


def test_article_survives_pickle() -> None:
    article = Article(
        source="content/a.md",
        slug="a",
        title="A",
        url=BASE_URL + "a/",
        id=BASE_URL + "a/",
        published=NOW,
        updated=NOW,
        extra={"difficulty": "T3"},
    )
    copy = pickle.loads(pickle.dumps(article))
    assert copy == article
    assert dict(copy.extra) == {"difficulty": "T3"}
    assert isinstance(copy.extra, MappingProxyType)  # (read-only, as made)
    plain = pickle.loads(pickle.dumps(dataclasses.replace(article, extra={})))
    assert plain == dataclasses.replace(article, extra={})
    assert isinstance(plain.extra, MappingProxyType)
    assert not plain.extra


def test_article_needs_aware_dates() -> None:
    with pytest.raises(ValueError, match="aware"):
        Article(
            source="a.md",
            slug="a",
            title="A",
            url=BASE_URL,
            id=BASE_URL,
            published=NOW.replace(tzinfo=None),
            updated=NOW,
        )


def test_site_is_frozen() -> None:
    site = make_site()
    with pytest.raises(dataclasses.FrozenInstanceError):
        site.title = "Other"  # type: ignore[misc]


@pytest.mark.slow
def test_python_m_summitfeed_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "summitfeed", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("summitfeed ")


def test_the_version_is_written_once() -> None:
    from importlib.metadata import version

    assert summitfeed.__version__ == version("summitfeed")
    assert summitfeed.__version__.count(".") == 2
