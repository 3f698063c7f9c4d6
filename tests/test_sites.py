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

from summitfeed._cli import main

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
