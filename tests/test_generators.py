"""Which generator made a site, what its settings say, and ``summitfeed init``."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from summitfeed import ConfigError, load_site
from summitfeed._cli.main import main
from summitfeed._site.generators import detect_generator


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "text", "preset"),
    [
        ("_config.yml", "title: x\n", "jekyll"),
        ("hugo.toml", "title = 'x'\n", "hugo"),
        ("hugo.yaml", "title: x\n", "hugo"),
        ("config.toml", "baseURL = 'https://a.example/'\n", "hugo"),
        ("config.toml", "base_url = 'https://a.example'\n", "zola"),
        ("config.toml", "compile_sass = true\n", "zola"),
        ("astro.config.mjs", "export default {}\n", "astro"),
        ("astro.config.ts", "export default {}\n", "astro"),
        ("eleventy.config.js", "export default function () {}\n", "eleventy"),
        (".eleventy.js", "module.exports = function () {}\n", "eleventy"),
        ("mkdocs.yml", "site_name: x\n", "mkdocs-material"),
    ],
)
def test_each_marker_file(folder: Path, name: str, text: str, preset: str) -> None:
    _write(folder, name, text)
    assert detect_generator(folder) == (preset, name)


def test_hugo_config_yaml_needs_its_content_folder(folder: Path) -> None:
    _write(folder, "config.yaml", "title: x\n")
    assert detect_generator(folder) is None
    (folder / "content").mkdir()
    assert detect_generator(folder) == ("hugo", "config.yaml")


def test_no_marker_no_generator(folder: Path) -> None:
    _write(folder, "README.md", "# hello\n")
    assert detect_generator(folder) is None
    with pytest.raises(ConfigError, match="no settings file"):
        load_site()


def test_a_settings_file_turns_detection_off(folder: Path) -> None:
    _write(folder, "hugo.toml", "baseURL = 'https://h.example/'\ntitle = 'Hugo'\n")
    _write(
        folder, "summitfeed.toml", "title = 'Own'\nbase_url = 'https://o.example/'\n"
    )
    site = load_site()
    assert (site.title, site.preset, site.content_dir) == ("Own", None, "content")


def test_explicit_settings_win_over_the_generators(folder: Path) -> None:
    _write(
        folder,
        "hugo.toml",
        "baseURL = 'https://h.example/'\ntitle = 'Hugo title'\n"
        "timeZone = 'Asia/Tokyo'\n",
    )
    _write(folder, "summitfeed.toml", "preset = 'hugo'\ntitle = 'File title'\n")
    site = load_site(base_url="https://cli.example/")
    assert site.title == "File title"
    assert site.base_url == "https://cli.example/"
    assert site.timezone == "Asia/Tokyo"  # from hugo.toml: nothing else set it
    assert site.preset == "hugo"


def test_hugo_settings(folder: Path) -> None:
    _write(
        folder,
        "hugo.yaml",
        "baseURL: https://h.example/sub/\ntitle: Peaks\nlanguageCode: de-ch\n"
        "timeZone: Europe/Zurich\npermalinks:\n  page:\n"
        "    posts: /:year/:month/:slug/\n",
    )
    _write(folder, "content/posts/a.md", "x")
    _write(folder, "content/posts/b.md", "x")
    _write(folder, "content/notes/c.md", "x")
    site = load_site()
    assert site.base_url == "https://h.example/sub/"
    assert (site.title, site.language, site.timezone) == (
        "Peaks",
        "de-ch",
        "Europe/Zurich",
    )
    assert site.content_dir == "content"
    assert site.include == ("posts/**/*.md", "posts/**/*.markdown")  # most pages
    assert site.permalink == "/{year}/{month}/{slug_or_title}/"


@pytest.mark.parametrize(
    ("permalink", "pattern"),
    [
        (None, "/{categories}/{year}/{month}/{day}/{slug}.html"),
        ("pretty", "/{categories}/{year}/{month}/{day}/{slug}/"),
        ("ordinal", "/{categories}/{year}/{y_day}/{slug}.html"),
        ("none", "/{categories}/{slug}.html"),
        ("/blog/:year/:i_month/:title/", "/blog/{year}/{i_month}/{slug}/"),
    ],
)
def test_jekyll_permalink_styles(
    folder: Path, permalink: str | None, pattern: str
) -> None:
    line = "" if permalink is None else f"permalink: {permalink}\n"
    _write(folder, "_config.yml", f"title: J\nurl: https://j.example\n{line}")
    site = load_site()
    assert site.permalink == pattern
    assert site.base_url == "https://j.example/"
    assert site.content_dir == "."


def test_a_jekyll_token_we_cannot_follow_is_a_settings_error(folder: Path) -> None:
    _write(
        folder,
        "_config.yml",
        "title: J\nurl: https://j.example\npermalink: /:long_month/:title/\n",
    )
    with pytest.raises(ConfigError) as caught:
        load_site()
    assert str(caught.value).startswith(
        "_config.yml: permalink: '/:long_month/:title/': :long_month is not a "
        "Jekyll permalink token"
    )


def test_material_blog_settings(folder: Path) -> None:
    _write(
        folder,
        "mkdocs.yml",
        "site_name: Docs\nsite_url: https://m.example/\n"
        "emoji: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - blog:\n      blog_dir: news\n"
        "      post_url_format: '{categories}/{date}/{slug}'\n"
        "      post_url_date_format: yyyy/MM\n",
    )
    site = load_site()
    assert site.content_dir == "docs"
    assert site.include == ("news/posts/**/*.md", "news/posts/**/*.markdown")
    assert site.permalink == "news/{categories}/{year}/{month}/{slug_or_title}/"


def test_zola_settings(folder: Path) -> None:
    _write(
        folder,
        "config.toml",
        'base_url = "https://z.example"\ntitle = "Z"\ndefault_language = "fr"\n',
    )
    site = load_site()
    assert (site.base_url, site.title, site.language) == (
        "https://z.example/",
        "Z",
        "fr",
    )
    assert site.permalink == "{dir}/{slug}/"


def test_astro_reads_a_literal_site(folder: Path) -> None:
    _write(
        folder,
        "astro.config.mjs",
        'export default defineConfig({\n  site: "https://a.example",\n});\n',
    )
    _write(folder, "src/consts.ts", "export const SITE_TITLE = 'Astro notes';\n")
    site = load_site()
    assert (site.base_url, site.title) == ("https://a.example/", "Astro notes")
    assert site.content_dir == "src/content/blog"
    assert site.permalink == "blog/{path}/"


def test_a_javascript_config_without_a_literal_site_url(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(
        folder, "astro.config.mjs", "export default defineConfig({ site: SITE_URL });\n"
    )
    _write(folder, "src/consts.ts", "export const SITE_TITLE = 'Astro notes';\n")
    (folder / "src/content/blog").mkdir(parents=True)
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert "base_url is required: astro.config.mjs gives no literal site" in err
    assert "give --base-url" in err


def test_eleventy_without_metadata_asks_for_both(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(folder, ".eleventy.js", "module.exports = function (c) {};\n")
    assert main(["build", "--base-url", "https://e.example/"]) == 2
    assert "title is required: .eleventy.js is JavaScript; give --title" in (
        capsys.readouterr().err
    )


def test_init_writes_the_settings_a_build_would_use(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(
        folder,
        "hugo.toml",
        "baseURL = 'https://h.example/'\ntitle = 'Peaks'\n"
        "[params]\nmainSections = ['blog']\n",
    )
    detected = load_site(limit=20)
    assert main(["init", "--limit", "20"]) == 0
    assert capsys.readouterr().out == "wrote summitfeed.toml\n"
    text = (folder / "summitfeed.toml").read_text(encoding="utf-8")
    assert '# hugo.toml: baseURL\nbase_url = "https://h.example/"\n' in text
    assert "# --limit\nlimit = 20\n" in text
    assert "# tag_feeds = false\n" in text
    data = tomllib.loads(text)
    assert data["preset"] == "hugo"
    assert data["include"] == ["blog/**/*.md", "blog/**/*.markdown"]
    # The file written gives the same settings as the site's own files.
    assert load_site() == detected
    assert main(["init"]) == 2  # never overwritten
    assert "already exists" in capsys.readouterr().err


def test_hugo_leaves_other_languages_to_their_own_feeds(folder: Path) -> None:
    _write(
        folder,
        "hugo.toml",
        "baseURL = 'https://h.example/'\ntitle = 'H'\n"
        "defaultContentLanguage = 'en'\n[languages.en]\nweight = 1\n"
        "[languages.fr]\nweight = 2\n",
    )
    _write(folder, "content/posts/walk.md", "---\ntitle: Walk\ndate: 2024-01-02\n---\n")
    _write(
        folder,
        "content/posts/walk.fr.md",
        "---\ntitle: Marche\ndate: 2024-01-02\n---\n",
    )
    site = load_site()
    assert site.exclude == ("**/*.fr.md", "**/*.fr.markdown")
    import summitfeed

    (article,) = summitfeed.load_articles(site=site)
    assert (article.url, article.language) == ("https://h.example/posts/walk/", "en")


def test_an_unknown_preset_is_a_settings_error(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(folder, "summitfeed.toml", "preset = 'gatsby'\ntitle = 'T'\n")
    with pytest.raises(ConfigError) as caught:
        load_site()
    assert str(caught.value) == (
        "summitfeed.toml: preset: 'gatsby' is not a known generator (choose from "
        "jekyll, hugo, astro, eleventy, mkdocs-material, zola)"
    )
    assert main(["build", "--preset", "gatsby"]) == 2
    assert "invalid choice: 'gatsby'" in capsys.readouterr().err


def test_a_preset_given_reads_that_generators_files(folder: Path) -> None:
    # A Zola site whose config.toml has none of the keys that tell it.
    _write(folder, "config.toml", "title = 'Z'\n")
    assert detect_generator(folder) == ("hugo", "config.toml")
    site = load_site(preset="zola", base_url="https://z.example/")
    assert (site.preset, site.title, site.permalink) == ("zola", "Z", "{dir}/{slug}/")


def test_hugo_config_folder_files(folder: Path) -> None:
    _write(folder, "config/_default/hugo.toml", "baseURL = 'https://h.example/'\n")
    _write(folder, "config/_default/params.yaml", "mainSections: [notes]\n")
    _write(folder, "config/_default/permalinks.toml", "notes = '/n/:slug/'\n")
    site = load_site(title="T")
    assert site.include == ("notes/**/*.md", "notes/**/*.markdown")
    assert site.permalink == "/n/{slug_or_title}/"


@pytest.mark.parametrize(
    ("name", "text", "output"),
    [
        ("_config.yml", "url: https://j.example\n", "_site"),
        ("_config.yml", "url: https://j.example\ndestination: build\n", "build"),
        ("hugo.toml", "baseURL = 'https://h.example/'\npublishDir = 'out'\n", "out"),
        ("config.toml", "base_url = 'https://z.example'\n", "public"),
        ("mkdocs.yml", "site_url: https://m.example/\nsite_dir: html\n", "html"),
        ("astro.config.mjs", "export default { site: 'https://a.example' }\n", "dist"),
        (".eleventy.js", "module.exports = { base: 'https://e.example/' }\n", "_site"),
    ],
)
def test_feeds_go_where_the_generator_writes_the_site(
    folder: Path, name: str, text: str, output: str
) -> None:
    _write(folder, name, text)
    assert load_site(title="T").output_dir == output


def test_hugo_ugly_urls_and_the_default_language_in_a_folder(folder: Path) -> None:
    _write(
        folder,
        "hugo.toml",
        "baseURL = 'https://h.example/'\ntitle = 'H'\nuglyURLs = true\n"
        "defaultContentLanguage = 'de'\ndefaultContentLanguageInSubdir = true\n",
    )
    assert load_site().permalink == "{dir}/{slug}.html"  # one language: no folder
    with (folder / "hugo.toml").open("a", encoding="utf-8") as config:
        config.write("[languages.de]\nweight = 1\n[languages.fr]\nweight = 2\n")
    assert load_site().permalink == "de/{dir}/{slug}.html"  # as hugo writes them


def test_jekyll_leaves_out_what_its_config_excludes(folder: Path) -> None:
    _write(folder, "_config.yml", "url: https://j.example\nexclude: [old/, drafts]\n")
    site = load_site(title="T")
    assert site.exclude == (
        "vendor/**",
        "node_modules/**",
        "_site/**",
        "old",
        "old/**",
        "drafts",
        "drafts/**",
    )


def test_zola_without_a_title_takes_its_root_sections(folder: Path) -> None:
    _write(folder, "config.toml", 'base_url = "https://z.example"\n')
    _write(
        folder,
        "content/_index.md",
        '+++\ntitle = "Night Sky Notes"\ndescription = "What we saw"\n+++\n',
    )
    site = load_site()
    assert (site.title, site.description) == ("Night Sky Notes", "What we saw")


def test_zolas_config_title_wins_over_the_root_sections(folder: Path) -> None:
    _write(folder, "config.toml", 'base_url = "https://z.example"\ntitle = "Z"\n')
    _write(folder, "content/_index.md", '+++\ntitle = "Section"\n+++\n')
    assert load_site().title == "Z"


def test_jekyll_without_a_title_takes_its_name(folder: Path) -> None:
    # jekyll-feed: site.title, else site.name.
    _write(folder, "_config.yml", "name: Pine Notes\nurl: https://j.example\n")
    assert load_site().title == "Pine Notes"
    _write(
        folder,
        "_config.yml",
        "name: Pine Notes\ntitle: Pine Journal\nurl: https://j.example\n",
    )
    assert load_site().title == "Pine Journal"


def test_jekyll_defaults_only_of_every_post_are_read(folder: Path) -> None:
    # Jekyll weighs scopes: a path beats none, a type beats none; a scope of
    # pages, or of one folder's posts only, is not every post's.
    _write(
        folder,
        "_config.yml",
        "url: https://j.example\ntitle: J\npermalink: /:title/\n"
        "collections:\n  posts:\n    permalink: /c/:title/\n"
        "defaults:\n"
        "  - {scope: {path: _posts, type: posts}, values: {author: Specific}}\n"
        "  - {scope: {path: ''}, values: {author: General, image: /a.png}}\n"
        "  - {scope: {type: pages}, values: {permalink: /p/:title/}}\n"
        "  - {scope: {path: travel, type: posts}, values: {permalink: /t/:title/}}\n"
        "  - {scope: {type: posts}, values: {permalink: ':year/:title/'}}\n",
    )
    site = load_site()
    # A default permalink wins over collections.posts and the site's.
    assert site.permalink == "{year}/{slug}/"
    assert dict(site.front_matter_defaults) == {
        "author": "Specific",
        "image": "/a.png",
    }


def test_jekyll_a_default_permalink_token_we_cannot_follow(folder: Path) -> None:
    _write(
        folder,
        "_config.yml",
        "url: https://j.example\ntitle: J\n"
        "defaults: [{scope: {type: posts}, values: {permalink: '/:nope/'}}]\n",
    )
    with pytest.raises(ConfigError, match=r"_config\.yml: defaults \(permalink\)"):
        load_site()


def test_hugo_the_default_languages_own_settings(folder: Path) -> None:
    # Hugo: a key a language sets wins over the top level's; its contentDir
    # holds its pages; another language's folder inside is left to it.
    _write(
        folder,
        "hugo.yaml",
        "baseURL: https://h.example/\ntitle: Top\nlanguageCode: en\n"
        "defaultContentLanguage: de\n"
        "languages:\n"
        "  de: {title: Oben, languageCode: de-CH, params: {description: Hallo,"
        " mainSections: [notizen]}}\n"
        "  fr: {title: Haut, contentDir: content/fr}\n",
    )
    for relative in ("fr/a.md", "fr/b.md", "fr/c.md", "notizen/x.md"):
        _write(folder, f"content/{relative}", "---\ntitle: X\n---\n")
    site = load_site()
    assert (site.title, site.language, site.description) == ("Oben", "de-CH", "Hallo")
    assert site.content_dir == "content"
    assert site.include == ("notizen/**/*.md", "notizen/**/*.markdown")
    assert "fr/**" in site.exclude
    assert site.permalink == "{dir}/{slug}/"  # de at the root: no /de/


def test_hugo_the_largest_section_is_never_another_languages(folder: Path) -> None:
    _write(
        folder,
        "hugo.toml",
        "baseURL = 'https://h.example/'\ntitle = 'H'\n"
        "[languages.en]\nweight = 1\n[languages.ja]\ncontentDir = 'content/ja'\n",
    )
    for relative in ("ja/a.md", "ja/b.md", "notes/x.md"):
        _write(folder, f"content/{relative}", "---\ntitle: X\n---\n")
    assert load_site().include == ("notes/**/*.md", "notes/**/*.markdown")


def test_hugo_docsy_as_a_module_takes_its_blog(folder: Path) -> None:
    _write(
        folder,
        "config.yaml",
        "baseURL: https://d.example\ntitle: D\ncontentDir: content/en\n"
        "module:\n  imports:\n    - path: github.com/google/docsy\n",
    )
    for relative in ("docs/a.md", "docs/b.md", "blog/2024/x.md"):
        _write(folder, f"content/en/{relative}", "---\ntitle: X\n---\n")
    site = load_site()
    assert (site.content_dir, site.include) == (
        "content/en",
        ("blog/**/*.md", "blog/**/*.markdown"),
    )
