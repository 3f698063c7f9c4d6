"""Sites written for another generator, built as they are, with no settings.

Each fixture under ``tests/data/sites/<preset>/`` is written in that
generator's own dialect: its settings file, its folders, its key names, a
page bundle, a draft and a page that is not a post. The links and ids
expected below are worked out by hand from each generator's documented URL
rules (and, for Hugo, checked against ``hugo`` itself), never taken from
our output: they are what the generator's own feed publishes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import lxml.html
import pytest

from summitfeed._cli.main import main

SITES = Path(__file__).resolve().parent / "data" / "sites"

# Newest first. (link, id): the id differs from the link only for Jekyll,
# whose jekyll-feed writes post.id (the URL's folder and the slug).
EXPECTED: dict[str, list[tuple[str, str]]] = {
    # hugo.toml: baseURL; mainSections = ['posts']; no [permalinks]: a page's
    # URL is its path, lower case; slug replaces the file name, url the path.
    "hugo": [
        ("https://hugo.example.org/posts/ridge-bundle/",) * 2,
        ("https://hugo.example.org/archive/moved-post/",) * 2,
        ("https://hugo.example.org/posts/a-new-name/",) * 2,
        ("https://hugo.example.org/posts/glacier-walk/",) * 2,
        ("https://hugo.example.org/posts/first-ascent/",) * 2,
    ],
    # _config.yml: url + baseurl /journal; default permalink style "date":
    # /:categories/:year/:month/:day/:title:output_ext. Categories lower
    # case, from the key and from the folder above _posts.
    "jekyll": [
        (
            "https://jekyll.example.org/journal/alps/2024/04/01/col-crossing.html",
            "https://jekyll.example.org/journal/alps/2024/04/01/col-crossing",
        ),
        (
            "https://jekyll.example.org/journal/2024/03/12/new-slug.html",
            "https://jekyll.example.org/journal/2024/03/12/new-slug",
        ),
        (
            "https://jekyll.example.org/journal/2024/03/05/ski-tour.html",
            "https://jekyll.example.org/journal/2024/03/05/ski-tour",
        ),
        (
            "https://jekyll.example.org/journal/journal/news/2024/02/10/"
            "welcome-to-the-journal.html",
            "https://jekyll.example.org/journal/journal/news/2024/02/10/"
            "welcome-to-the-journal",
        ),
        (
            "https://jekyll.example.org/journal/2024/01/20/untitled-note.html",
            "https://jekyll.example.org/journal/2024/01/20/untitled-note",
        ),
    ],
    # config.toml: base_url; /section/slug/, the slug made from the file name
    # without its date (- or _ after it); path gives the whole path; a page
    # with no date is in no feed, nor one in French (its feed is /fr/).
    "zola": [
        ("https://zola.example.org/archive/moved-page/",) * 2,
        ("https://zola.example.org/blog/comet-watch/",) * 2,
        ("https://zola.example.org/blog/moon-halo/",) * 2,
        ("https://zola.example.org/blog/meteor-shower/",) * 2,
        ("https://zola.example.org/blog/first-light/",) * 2,
    ],
    # astro.config.mjs: site; the blog starter's rss.xml links /blog/<id>/,
    # the id being the path in src/content/blog made a slug, /index dropped.
    "astro": [
        ("https://astro.example.org/blog/alpine-lake/",) * 2,
        ("https://astro.example.org/blog/using-components/",) * 2,  # .mdx
        ("https://astro.example.org/blog/trail-notes/",) * 2,
        ("https://astro.example.org/blog/first-post/",) * 2,
    ],
    # _data/metadata.js: url; input folder content; the URL is the file's
    # path (its date kept), index.md its folder's; permalink wins, and
    # permalink: false writes no page. Plain ---js front matter is read.
    "eleventy": [
        ("https://eleventy.example.org/letters/special/",) * 2,
        ("https://eleventy.example.org/blog/lake/",) * 2,
        ("https://eleventy.example.org/blog/2024-06-05-dated-name/",) * 2,
        ("https://eleventy.example.org/blog/plain-script/",) * 2,
        ("https://eleventy.example.org/blog/firstpost/",) * 2,
    ],
    # mkdocs.yml: site_url; blog plugin defaults: blog/ + {date}/{slug} with
    # yyyy/MM/dd, the slug made from the title unless given.
    "mkdocs-material": [
        ("https://mkdocs.example.org/blog/2024/02/20/pictures-from-the-pass/",) * 2,
        ("https://mkdocs.example.org/blog/2024/02/14/chosen-slug/",) * 2,
        ("https://mkdocs.example.org/blog/2024/01/31/hello-material-world/",) * 2,
    ],
}

FOUND = {
    "hugo": "read a Hugo site (hugo.toml): posts from content/posts/",
    "jekyll": "read a Jekyll site (_config.yml): posts from _posts/",
    "zola": "read a Zola site (config.toml): posts from content/",
    "astro": "read an Astro site (astro.config.mjs): posts from src/content/blog/",
    "eleventy": "read an Eleventy site (eleventy.config.js): posts from content/blog/",
    "mkdocs-material": (
        "read a MkDocs Material site (mkdocs.yml): posts from docs/blog/posts/"
    ),
}


# Where each generator writes the site: the feeds go beside its pages.
OUTPUT = {
    "hugo": "public",
    "jekyll": "_site",
    "zola": "public",
    "astro": "dist",
    "eleventy": "_site",
    "mkdocs-material": "site",
}


def _built(preset: str, tmp_path: Path, monkeypatch, capsys, *extra: str):
    site = tmp_path / preset
    shutil.copytree(SITES / preset, site)
    monkeypatch.chdir(site)
    status = main(["build", "--now", "2025-01-01T00:00:00Z", "--no-cache", *extra])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return site / OUTPUT[preset], captured


@pytest.mark.parametrize("preset", sorted(EXPECTED))
def test_each_site_publishes_its_generators_links_and_ids(
    preset, tmp_path, monkeypatch, capsys
):
    out, captured = _built(preset, tmp_path, monkeypatch, capsys)
    assert captured.err.splitlines()[0] == "summitfeed: " + FOUND[preset]
    expected = EXPECTED[preset]
    atom = feedparser.parse(out / "atom.xml")
    rss = feedparser.parse(out / "feed.xml")
    assert not atom.bozo
    assert not rss.bozo
    assert [(e.link, e.id) for e in atom.entries] == expected
    assert [(e.link, e.id) for e in rss.entries] == expected
    document = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    assert [(i["url"], i["id"]) for i in document["items"]] == expected


def test_the_preset_on_the_command_line_is_the_detected_one(
    tmp_path, monkeypatch, capsys
):
    out, _ = _built("zola", tmp_path, monkeypatch, capsys, "--preset", "zola")
    links = [e.link for e in feedparser.parse(out / "atom.xml").entries]
    assert links == [link for link, _ in EXPECTED["zola"]]


def test_site_settings_come_from_the_generators_file(tmp_path, monkeypatch, capsys):
    out, _ = _built("hugo", tmp_path, monkeypatch, capsys)
    rss = feedparser.parse(out / "feed.xml")
    assert rss.feed.title == "Peaks, written with Hugo"
    assert rss.feed.language == "en-gb"
    assert rss.feed.subtitle == "Route notes kept in a Hugo site."
    first = rss.entries[-1]  # date = 2024-03-01T08:00:00+01:00
    assert first.published == "Fri, 01 Mar 2024 08:00:00 +0100"
    # Glacier-Walk.md: a date only, 00:00 in hugo.toml's timeZone.
    walk = next(e for e in rss.entries if e.link.endswith("/glacier-walk/"))
    assert walk.published == "Fri, 08 Mar 2024 00:00:00 +0100"


def test_a_bundles_image_resolves_beside_its_url(tmp_path, monkeypatch, capsys):
    out, _ = _built("hugo", tmp_path, monkeypatch, capsys)
    rss = feedparser.parse(out / "feed.xml")
    bundle = rss.entries[0]
    image = "https://hugo.example.org/posts/ridge-bundle/ridge.jpg"
    assert bundle.media_content[0]["url"] == image
    assert bundle.media_content[0]["filesize"] == "8"  # the file beside it
    atom = feedparser.parse(out / "atom.xml")
    assert f'src="{image}"' in atom.entries[0].content[0].value


def test_jekyll_dates_are_in_its_time_zone(tmp_path, monkeypatch, capsys):
    out, _ = _built("jekyll", tmp_path, monkeypatch, capsys)
    atom = feedparser.parse(out / "atom.xml")
    assert atom.feed.title == "Ridge Journal"
    # 2024-03-05-ski-tour.md: the file name's day, 00:00 in Europe/Zurich.
    ski = next(e for e in atom.entries if "ski-tour" in e.link)
    assert ski.published == "2024-03-05T00:00:00+01:00"


def test_a_path_in_the_front_matter_is_under_the_base_urls_path(
    tmp_path, monkeypatch, capsys
):
    # As hugo builds it: baseURL with a sub-path, url: '/archive/moved-post/'.
    out, _ = _built(
        "hugo", tmp_path, monkeypatch, capsys, "--base-url", "https://h.example/sub/"
    )
    links = [e.link for e in feedparser.parse(out / "feed.xml").entries]
    assert links[:2] == [
        "https://h.example/sub/posts/ridge-bundle/",
        "https://h.example/sub/archive/moved-post/",
    ]


def test_jekyll_titles_an_untitled_post_from_its_file_name(
    tmp_path, monkeypatch, capsys
):
    out, _ = _built("jekyll", tmp_path, monkeypatch, capsys)
    atom = feedparser.parse(out / "atom.xml")
    assert atom.entries[-1].title == "Untitled Note"


def test_material_authors_come_from_the_blogs_authors_file(
    tmp_path, monkeypatch, capsys
):
    out, _ = _built("mkdocs-material", tmp_path, monkeypatch, capsys)
    hello = feedparser.parse(out / "atom.xml").entries[-1]
    assert hello.author == "Lena Albrecht"  # authors: [lena] in .authors.yml


def test_explicit_settings_win_over_the_generator(tmp_path, monkeypatch, capsys):
    site = tmp_path / "hugo"
    shutil.copytree(SITES / "hugo", site)
    (site / "summitfeed.toml").write_text(
        'preset = "hugo"\ntitle = "My own title"\npermalink = "notes/{slug}/"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(site)
    status = main(
        ["build", "--now", "2025-01-01T00:00:00Z", "--base-url", "https://b.example/"]
    )
    assert status == 0, capsys.readouterr().err
    rss = feedparser.parse(site / "public" / "feed.xml")
    assert rss.feed.title == "My own title"
    assert rss.entries[-1].link == "https://b.example/notes/first-ascent/"


def test_a_zola_page_dated_only_by_its_path_is_a_post(tmp_path, monkeypatch, capsys):
    # As on blogs that write `path = "YYYY/MM/DD/slug"` and no date key.
    site = tmp_path / "zola"
    shutil.copytree(SITES / "zola", site)
    (site / "content" / "blog" / "dated-by-path.md").write_text(
        '+++\ntitle = "Dated by its path"\npath = "2024/12/30/dated-by-path"\n+++\n'
        "The date is in the path only.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(site)
    status = main(["build", "--now", "2025-01-01T00:00:00Z", "--no-cache"])
    assert status == 0, capsys.readouterr().err
    entries = feedparser.parse(site / OUTPUT["zola"] / "atom.xml").entries
    first = entries[0]
    assert first.link == "https://zola.example.org/2024/12/30/dated-by-path/"
    assert first.published == "2024-12-30T00:00:00Z"


def test_an_astro_image_its_build_renames_is_no_hero(tmp_path, monkeypatch, capsys):
    # Astro turns ../../assets/x.jpg into /_astro/x.<hash>.jpg: no URL to give.
    site = tmp_path / "astro"
    shutil.copytree(SITES / "astro", site)
    post = site / "src" / "content" / "blog" / "first-post.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(
        text.replace("'/blog-placeholder-1.jpg'", "'../../assets/lake.jpg'"),
        encoding="utf-8",
    )
    monkeypatch.chdir(site)
    status = main(["build", "--now", "2025-01-01T00:00:00Z", "--no-cache"])
    err = capsys.readouterr().err
    assert status == 0, err
    assert "first-post.md:5: heroImage: a file of src/ that Astro" in err
    rss = feedparser.parse(site / OUTPUT["astro"] / "feed.xml")
    entry = next(e for e in rss.entries if e.link.endswith("/first-post/"))
    assert "enclosures" not in entry or not entry.enclosures
    assert "media_content" not in entry
    assert "assets/lake.jpg" not in (site / OUTPUT["astro"] / "feed.xml").read_text(
        encoding="utf-8"
    )


def test_an_mdx_posts_import_lines_are_not_text(tmp_path, monkeypatch, capsys):
    site = tmp_path / "astro"
    shutil.copytree(SITES / "astro", site)
    (site / "src" / "content" / "blog" / "with-widget.mdx").write_text(
        "---\ntitle: 'With a widget'\npubDate: 'Nov 02 2024'\n---\n\n"
        "import Widget from '../../components/Widget.astro';\n"
        "export const mood = 'calm';\n\n"
        "The widget sits below.\n\n"
        "```js\nimport kept from './shown-as-code.js';\n```\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(site)
    status = main(["build", "--now", "2025-01-01T00:00:00Z", "--no-cache"])
    assert status == 0, capsys.readouterr().err
    rss = feedparser.parse(site / OUTPUT["astro"] / "feed.xml")
    entry = next(e for e in rss.entries if e.link.endswith("/with-widget/"))
    content = lxml.html.fromstring(entry.content[0].value)
    text = str(content.xpath("string()"))
    assert "The widget sits below." in text
    assert "import Widget" not in text
    assert "export const" not in text
    assert "import kept from './shown-as-code.js';" in str(
        content.xpath("string(//pre)")
    )


def _site_from(
    files: dict[str, str], tmp_path, monkeypatch, capsys, *extra: str
) -> tuple[int, str, Path]:
    """A site written from ``files``, built as a new user would build it."""
    site = tmp_path / "site"
    for relative, text in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(site)
    status = main(["build", "--now", "2025-01-01T00:00:00Z", "--no-cache", *extra])
    return status, capsys.readouterr().err, site


def test_jekyll_front_matter_defaults_give_the_posts_url_and_fields(
    tmp_path, monkeypatch, capsys
):
    # Jekyll's defaults: a scope of type posts with an empty path holds every
    # post; its permalink is the posts' own (it wins over the site's), and a
    # key the post writes wins over its default. A scope of pages is not
    # the posts'.
    config = (
        "title: Thaw Notes\nurl: https://thaw.example\npermalink: /:title/\n"
        "defaults:\n"
        "  - scope: {path: '', type: posts}\n"
        "    values: {permalink: '/blog/:year/:title/', author: Default Writer}\n"
        "  - scope: {path: ''}\n"
        "    values: {image: /img/card.png}\n"
        "  - scope: {type: pages}\n"
        "    values: {author: Page Person}\n"
    )
    status, err, site = _site_from(
        {
            "_config.yml": config,
            "img/card.png": "png",
            "_posts/2023-05-06-spring-thaw.md": "---\ntitle: Spring thaw\n---\nMelt.\n",
            "_posts/2024-02-01-ice-out.md": (
                "---\ntitle: Ice out\nauthor: Own Name\n---\nGone.\n"
            ),
        },
        tmp_path,
        monkeypatch,
        capsys,
    )
    assert status == 0, err
    atom = feedparser.parse(site / "_site" / "atom.xml")
    assert not atom.bozo
    # jekyll-feed's id: the URL's folder, then the slug.
    assert [(e.link, e.id, e.author) for e in atom.entries] == [
        (
            "https://thaw.example/blog/2024/ice-out/",
            "https://thaw.example/blog/2024/ice-out",
            "Own Name",
        ),
        (
            "https://thaw.example/blog/2023/spring-thaw/",
            "https://thaw.example/blog/2023/spring-thaw",
            "Default Writer",
        ),
    ]
    document = json.loads((site / "_site" / "feed.json").read_text(encoding="utf-8"))
    assert {item["image"] for item in document["items"]} == {
        "https://thaw.example/img/card.png"
    }


def test_a_clash_made_by_the_permalink_pattern_names_the_pattern(
    tmp_path, monkeypatch, capsys
):
    # permalink: :title gives two posts of the same name (different years)
    # one URL: the setting is at fault, not the posts.
    post = "---\ntitle: Security notice\n---\nText.\n"
    status, err, _ = _site_from(
        {
            "_config.yml": "title: T\nurl: https://t.example\npermalink: /:title/\n",
            "_posts/2019-03-01-notice.md": post,
            "_posts/2022-03-01-notice.md": post,
        },
        tmp_path,
        monkeypatch,
        capsys,
    )
    assert status == 1
    problem = next(line for line in err.splitlines() if "2022-03-01" in line)
    assert "the permalink pattern '/{slug}/'" in problem
    assert "give each article its own slug or id" not in problem


def test_a_clash_of_slugs_given_still_asks_for_their_own_slugs(
    tmp_path, monkeypatch, capsys
):
    status, err, _ = _site_from(
        {
            "_config.yml": "title: T\nurl: https://t.example\npermalink: /:title/\n",
            "_posts/2019-03-01-one.md": "---\ntitle: A\nslug: same\n---\nText.\n",
            "_posts/2022-03-01-two.md": "---\ntitle: B\nslug: same\n---\nText.\n",
        },
        tmp_path,
        monkeypatch,
        capsys,
    )
    assert status == 1
    assert "give each article its own slug or id" in err
    assert "permalink pattern" not in err


DOCSY_CONFIG = """\
baseURL: https://rpc.example/
theme: [docsy]
defaultContentLanguageInSubdir: false
languages:
  en:
    title: Wire Talk
    description: Notes on a wire protocol
    contentDir: content/en
    languageCode: en-us
"""


def _docsy_files() -> dict[str, str]:
    files = {
        "config.yaml": DOCSY_CONFIG,
        "content/en/_index.md": "---\ntitle: Home\n---\n",
        "content/en/blog/_index.md": "---\ntitle: Blog\n---\n",
        "content/en/blog/Framing.md": "---\ntitle: Framing\ndate: 2024-04-02\n---\nx\n",
        "content/en/blog/deadlines.md": (
            "---\ntitle: Deadlines\ndate: 2023-01-10\n---\ny\n"
        ),
    }
    # More pages of docs than of blog posts: not the posts.
    for number in range(4):
        guide = f"---\ntitle: Guide {number}\n---\n"
        files[f"content/en/docs/guide-{number}.md"] = guide
    return files


def test_hugo_docsy_takes_the_blog_of_the_default_languages_folder(
    tmp_path, monkeypatch, capsys
):
    # languages.en.contentDir is the content; Docsy's posts are in blog/; en
    # is served at the root (defaultContentLanguageInSubdir: false), so no
    # /en/ in the URLs: /blog/<name>/ in lower case, as Hugo writes it.
    status, err, site = _site_from(_docsy_files(), tmp_path, monkeypatch, capsys)
    assert status == 0, err
    assert err.splitlines()[0] == (
        "summitfeed: read a Hugo site (config.yaml): posts from content/en/blog/"
    )
    atom = feedparser.parse(site / "public" / "atom.xml")
    assert not atom.bozo
    assert atom.feed.title == "Wire Talk"
    assert atom.feed.subtitle == "Notes on a wire protocol"
    assert [e.link for e in atom.entries] == [
        "https://rpc.example/blog/framing/",
        "https://rpc.example/blog/deadlines/",
    ]


def test_an_explicit_content_folder_overrides_the_presets(
    tmp_path, monkeypatch, capsys
):
    # The docs have most pages: with no Docsy, Hugo's main section is docs.
    files = _docsy_files()
    files["config.yaml"] = DOCSY_CONFIG.replace("theme: [docsy]\n", "")
    status, err, site = _site_from(
        files, tmp_path, monkeypatch, capsys, "content/en/blog"
    )
    assert status == 0, err
    assert "posts from content/en/blog/" in err.splitlines()[0]
    links = [e.link for e in feedparser.parse(site / "public" / "atom.xml").entries]
    # The URLs stay the site's: the folder is under the preset's content.
    assert links == [
        "https://rpc.example/blog/framing/",
        "https://rpc.example/blog/deadlines/",
    ]


def test_a_chosen_section_with_no_dates_says_which_and_how_to_choose(
    tmp_path, monkeypatch, capsys
):
    files = _docsy_files()
    files["config.yaml"] = DOCSY_CONFIG.replace("theme: [docsy]\n", "")
    status, err, _ = _site_from(files, tmp_path, monkeypatch, capsys)
    assert status == 1
    last = err.splitlines()[-1]
    assert "content/en/docs/" in last
    assert "the one with the most pages" in last
    assert "summitfeed build content/en/blog" in last
    assert "mainSections" in last


ELEVENTY_FILES = {
    "eleventy.config.js": (
        'export default function (config) {\n  return { dir: { input: "src" } };\n}\n'
    ),
    "src/_data/metadata.json": '{"title": "Kiln Log", "url": "https://kiln.example/"}',
    "src/blog/2024-03-02-first-firing.md": "---\ntitle: First firing\n---\nHot.\n",
    "src/blog/glaze-notes.md": (
        "---\ntitle: Glaze Notes, Part Two\ndate: 2024-05-01\n---\nShiny.\n"
    ),
}


@pytest.mark.parametrize(
    ("data_file", "template", "links"),
    [
        # page.fileSlug: the file name without its leading YYYY-MM-DD- date.
        (
            "src/blog/blog.json",
            "/blog/{{ page.fileSlug }}/",
            ["blog/glaze-notes/", "blog/first-firing/"],
        ),
        # The title made a slug; a folder's .11tydata.json as well.
        (
            "src/blog/blog.11tydata.json",
            "/notes/{{title | slugify}}/",
            ["notes/glaze-notes-part-two/", "notes/first-firing/"],
        ),
        # page.filePathStem: the path under the input folder, date kept.
        (
            "src/blog/blog.json",
            "{{ page.filePathStem }}.html",
            ["blog/glaze-notes.html", "blog/2024-03-02-first-firing.html"],
        ),
    ],
)
def test_eleventy_a_folders_data_file_gives_its_posts_permalink(
    data_file, template, links, tmp_path, monkeypatch, capsys
):
    files = {**ELEVENTY_FILES, data_file: json.dumps({"permalink": template})}
    status, err, site = _site_from(files, tmp_path, monkeypatch, capsys)
    assert status == 0, err
    atom = feedparser.parse(site / "_site" / "atom.xml")
    assert not atom.bozo
    assert [e.link for e in atom.entries] == [
        "https://kiln.example/" + link for link in links
    ]


def test_eleventy_a_permalink_template_it_cannot_fill_is_a_warning(
    tmp_path, monkeypatch, capsys
):
    template = "/{{ page.date | date: '%Y' }}/{{ page.fileSlug }}/"
    files = {
        **ELEVENTY_FILES,
        "src/blog/blog.json": json.dumps({"permalink": template}),
    }
    status, err, site = _site_from(files, tmp_path, monkeypatch, capsys)
    assert status == 0, err
    assert "src/blog/blog.json: permalink:" in err.splitlines()[1]
    links = [e.link for e in feedparser.parse(site / "_site" / "atom.xml").entries]
    # Eleventy's own default: the file's path, its date kept.
    assert links == [
        "https://kiln.example/blog/glaze-notes/",
        "https://kiln.example/blog/2024-03-02-first-firing/",
    ]


@pytest.mark.parametrize(
    ("name", "front_matter"),
    [
        ("src/blog/blog.md", "title: Blog\n"),  # the folder's same-name file
        ("src/blog/index.md", "title: Blog\n"),  # the folder's index
        ("src/blog/all-posts.md", "title: Blog\npermalink: /blog/\n"),
    ],
)
def test_eleventy_an_undated_listing_page_is_a_page_not_a_post(
    name, front_matter, tmp_path, monkeypatch, capsys
):
    files = {**ELEVENTY_FILES, name: f"---\n{front_matter}---\n# Blog\n"}
    status, err, site = _site_from(files, tmp_path, monkeypatch, capsys)
    assert status == 0, err
    entries = feedparser.parse(site / "_site" / "atom.xml").entries
    assert [e.title for e in entries] == ["Glaze Notes, Part Two", "First firing"]


def test_eleventy_an_undated_post_is_still_told(tmp_path, monkeypatch, capsys):
    files = {**ELEVENTY_FILES, "src/blog/no-date.md": "---\ntitle: Lost\n---\nx\n"}
    status, err, _ = _site_from(files, tmp_path, monkeypatch, capsys)
    assert status == 1
    assert "src/blog/no-date.md:1: publish_date: missing" in err


def test_jekyll_defaults_with_lists_and_mappings(tmp_path, monkeypatch, capsys):
    # Defaults of tags (a list) and an author (a mapping) are as common as
    # text ones, and read as the same front matter would be.
    config = (
        "title: Thaw Notes\nurl: https://thaw.example\n"
        "defaults:\n"
        "  - scope: {path: '', type: posts}\n"
        "    values: {layout: post, tags: [melt, river], author: {name: Ann Lee}}\n"
    )
    status, err, site = _site_from(
        {
            "_config.yml": config,
            "_posts/2023-05-06-spring-thaw.md": "---\ntitle: Spring thaw\n---\nMelt.\n",
            "_posts/2024-02-01-ice-out.md": (
                "---\ntitle: Ice out\ntags: [ice]\n---\nGone.\n"
            ),
        },
        tmp_path,
        monkeypatch,
        capsys,
    )
    assert status == 0, err
    atom = feedparser.parse(site / "_site" / "atom.xml")
    assert not atom.bozo
    assert [([t.term for t in e.tags], e.author) for e in atom.entries] == [
        (["ice"], "Ann Lee"),
        (["melt", "river"], "Ann Lee"),
    ]
