"""Article URLs: page bundles, folders ({dir}, {section}), the token table,
language suffixes, and which files discovery reads."""

from __future__ import annotations

from pathlib import Path

import pytest

import summitfeed
from summitfeed import BuildError, Site
from summitfeed._permalink import PatternError, compile_pattern, place_of
from summitfeed._read.discover import list_sources

BASE = "https://trails.example.org/"


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _post(title: str, date: str = "2025-02-13", more: str = "") -> str:
    return f"---\ntitle: '{title}'\npublish_date: '{date}'\n{more}---\nBody.\n"


def _urls(root: Path, **settings: object) -> dict[str, str]:
    site = Site(title="Trails", base_url=BASE, **settings)  # type: ignore[arg-type]
    articles = summitfeed.load_articles(root, site=site)
    return {Path(a.source).relative_to(root).as_posix(): a.url for a in articles}


def test_a_page_bundle_takes_its_folders_name(tmp_path: Path) -> None:
    _write(tmp_path, "first-snow/index.md", _post("First snow"))
    _write(tmp_path, "high-pass/index.markdown", _post("High pass"))
    _write(tmp_path, "_index.md", _post("The section page"))
    _write(tmp_path, "blog/_index.md", _post("Another section page"))
    assert _urls(tmp_path) == {
        "first-snow/index.md": BASE + "first-snow/",
        "high-pass/index.markdown": BASE + "high-pass/",
    }


def test_dir_and_section_make_no_doubled_slash(tmp_path: Path) -> None:
    _write(tmp_path, "top.md", _post("At the top"))
    _write(tmp_path, "alps/ridge.md", _post("Ridge"))
    _write(tmp_path, "alps/2024/col.md", _post("Col"))
    _write(tmp_path, "alps/2024/lake/index.md", _post("Lake"))
    assert _urls(tmp_path, permalink="en/blog/{dir}/{slug}") == {
        "top.md": BASE + "en/blog/top",
        "alps/ridge.md": BASE + "en/blog/alps/ridge",
        "alps/2024/col.md": BASE + "en/blog/alps/2024/col",
        "alps/2024/lake/index.md": BASE + "en/blog/alps/2024/lake",
    }
    assert _urls(tmp_path, permalink="{section}/{slug}/") == {
        "top.md": BASE + "top/",
        "alps/ridge.md": BASE + "alps/ridge/",
        "alps/2024/col.md": BASE + "alps/col/",
        "alps/2024/lake/index.md": BASE + "alps/lake/",
    }


def test_two_articles_may_share_a_file_name_in_different_folders(
    tmp_path: Path,
) -> None:
    _write(tmp_path, "2024/notes.md", _post("Notes of 2024"))
    _write(tmp_path, "2025/notes.md", _post("Notes of 2025"))
    assert _urls(tmp_path, permalink="{dir}/{slug}/") == {
        "2024/notes.md": BASE + "2024/notes/",
        "2025/notes.md": BASE + "2025/notes/",
    }


def test_date_tokens(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "2024-03-05-ski-tour.md",
        "---\ntitle: 'Ski tour'\npublish_date: '2024-03-05T07:08:09Z'\n---\nB.\n",
    )
    pattern = "{year}/{short_year}/{month}/{i_month}/{day}/{i_day}/{y_day}/"
    pattern += "{hour}{minute}{second}/{date}/{slug}/{filename}"
    assert _urls(tmp_path, permalink=pattern) == {
        "2024-03-05-ski-tour.md": BASE
        + "2024/24/03/3/05/5/065/070809/2024/03/05/ski-tour/2024-03-05-ski-tour"
    }


def test_a_language_suffix_is_the_language_not_the_slug(tmp_path: Path) -> None:
    _write(tmp_path, "col.fr.md", _post("Le col"))
    _write(tmp_path, "lake/index.de.md", _post("Der See"))
    _write(tmp_path, "col.md", _post("The col", more="slug: 'col-en'\n"))
    site = Site(title="Trails", base_url=BASE)
    found = {
        Path(a.source).name: (a.slug, a.language, a.url)
        for a in summitfeed.load_articles(tmp_path, site=site)
    }
    assert found == {
        "col.fr.md": ("col", "fr", BASE + "col/"),
        "index.de.md": ("lake", "de", BASE + "lake/"),
        "col.md": ("col-en", "en", BASE + "col-en/"),
    }


def test_a_relative_image_beside_a_bundle_resolves_against_its_url(
    tmp_path: Path,
) -> None:
    _write(
        tmp_path,
        "alps/ridge/index.md",
        _post("Ridge", more="heroImage: 'ridge.png'\n"),
    )
    (tmp_path / "alps/ridge/ridge.png").write_bytes(b"12345")
    site = Site(title="T", base_url=BASE, permalink="{dir}/{slug}/")
    (article,) = summitfeed.load_articles(tmp_path, site=site)
    assert article.url == BASE + "alps/ridge/"
    assert article.hero is not None
    assert article.hero.url == BASE + "alps/ridge/ridge.png"
    assert article.hero.length == 5


@pytest.mark.parametrize(
    "pattern",
    ["{year:x>10000000}", "{slug.__class__}", "{slug[0]}", "{0}", "{}", "{slug", "}"],
)
def test_a_pattern_may_only_use_the_tokens(pattern: str) -> None:
    with pytest.raises(PatternError, match="the tokens are"):
        compile_pattern(pattern)


def test_braces_are_written_doubled() -> None:
    assert compile_pattern("{{x}}") == ("{", "x", "}")


def test_place_of_a_file() -> None:
    assert place_of("blog/post.fr.md").language == "fr"
    assert place_of("blog/post.notes.md").name == "post.notes"  # not a language
    bundle = place_of("blog/post/index.md")
    assert (bundle.folder, bundle.name, bundle.bundle) == ("blog", "post", True)
    assert place_of("index.md").name == "index"  # the top's own index page


def test_an_include_that_names_an_underscore_folder_is_honoured(
    tmp_path: Path,
) -> None:
    for name in (
        "_posts/a.md",
        "_drafts/b.md",
        "c.md",
        "x/_posts/d.md",
        "_posts/_e.md",
    ):
        _write(tmp_path, name, "x")
    found = [p for p, _, _ in list_sources(tmp_path, include=["_posts/**/*.md"])]
    assert found == ["_posts/a.md"]
    found = [p for p, _, _ in list_sources(tmp_path, include=["**/_posts/*.md"])]
    assert found == ["_posts/a.md", "x/_posts/d.md"]
    assert [p for p, _, _ in list_sources(tmp_path)] == ["c.md"]


@pytest.mark.parametrize(
    ("fence", "language"),
    [
        ("---js", "JavaScript"),
        ("---javascript", "JavaScript"),
        ("---coffee", "CoffeeScript"),
        ("---lua", "lua"),
    ],
)
def test_front_matter_in_a_language_we_do_not_read(
    tmp_path: Path, fence: str, language: str
) -> None:
    _write(tmp_path, "post.md", f"{fence}\n{{ title: 'x' }}\n---\nBody.\n")
    with pytest.raises(BuildError) as caught:
        summitfeed.load_articles(tmp_path, site=Site(title="T", base_url=BASE))
    message = str(caught.value.errors[0])
    assert message.startswith(
        f"{tmp_path / 'post.md'}:1: {language} front matter ({fence}) is not supported"
    )


def test_astro_a_slug_key_is_the_whole_id(tmp_path: Path) -> None:
    _write(tmp_path, "2024/Alpine Lake.md", _post("Lake"))
    _write(tmp_path, "2024/renamed.md", _post("Renamed", more="slug: 'the-lake'\n"))
    assert _urls(tmp_path, preset="astro", permalink="blog/{path}/") == {
        "2024/Alpine Lake.md": BASE + "blog/2024/alpine-lake/",
        "2024/renamed.md": BASE + "blog/the-lake/",
    }


def test_eleventy_a_template_permalink_is_left_with_a_warning(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "blog/walk.md",
        _post("Walk", more="permalink: '/{{ page.fileSlug }}/'\n"),
    )
    site = Site(title="T", base_url=BASE, preset="eleventy", permalink="{path}/")
    result = summitfeed.read_articles(tmp_path, site=site)
    assert [a.url for a in result.articles] == [BASE + "blog/walk/"]
    assert result.warnings == (
        f"{tmp_path / 'blog/walk.md'}:4: permalink: is a template only Eleventy can "
        "fill; the URL is made from the file's path instead",
    )


def test_plain_javascript_front_matter_is_read(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "walk.md",
        "---js\nconst title = 'A walk';\nlet publish_date = \"2025-02-13\";\n"
        'var tags = ["alps", "snow"];\n---\nBody.\n',
    )
    (article,) = summitfeed.load_articles(tmp_path, site=Site(title="T", base_url=BASE))
    assert (article.title, article.tags) == ("A walk", ("alps", "snow"))
    assert article.published.isoformat() == "2025-02-13T00:00:00+00:00"


def test_generators_date_a_url_in_the_dates_own_offset(tmp_path: Path) -> None:
    # 00:30 at +02:00 is the evening before in UTC: Hugo and Jekyll write
    # the day as the date is written.
    _write(tmp_path, "walk.md", _post("Walk", date="2024-03-01T00:30:00+02:00"))
    pattern = "{year}/{month}/{day}/{slug}/"
    assert _urls(tmp_path, permalink=pattern) == {"walk.md": BASE + "2024/02/29/walk/"}
    assert _urls(tmp_path, permalink=pattern, preset="hugo") == {
        "walk.md": BASE + "2024/03/01/walk/"
    }


@pytest.mark.parametrize(
    ("fence", "fields"),
    [
        ("---yaml", "title: 'A walk'\npublish_date: '2025-02-13'\n"),
        ("---yml", "title: 'A walk'\npublish_date: '2025-02-13'\n"),
        ("---toml", "title = 'A walk'\npublish_date = 2025-02-13\n"),
        ("---json", '{"title": "A walk", "publish_date": "2025-02-13"}\n'),
    ],
)
def test_a_fence_naming_a_language_we_read(
    tmp_path: Path, fence: str, fields: str
) -> None:
    _write(tmp_path, "walk.md", f"{fence}\n{fields}---\nBody.\n")
    (article,) = summitfeed.load_articles(tmp_path, site=Site(title="T", base_url=BASE))
    assert article.title == "A walk"
