"""Real content rendered right: summaries, HTML, template syntax, limits, characters.

The site in tests/data/content-site holds articles written for other
generators (Liquid, Hugo shortcodes, MkDocs admonitions), HTML in front
matter, noscript images, old elements and control characters. Its output is
golden (tests/golden/content-site), and read here by real consumers:
feedparser, lxml.html, the JSON Feed schema and ``summitfeed check``.

After an intended change of the output, regenerate the golden files with::

    SUMMITFEED_UPDATE_GOLDEN=1 python -m pytest tests/test_content.py
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import feedparser
import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitfeed import Article, Site
from summitfeed._check import check_feed
from summitfeed._cli.main import main
from summitfeed._render.item import large_document_warnings, render_item
from summitfeed._render.jsonfeed import render_json
from summitfeed._render.markdown import is_html, render_markdown
from summitfeed._render.plan import make_feed
from summitfeed._render.xml import render_atom, render_rss
from tests.conftest import NOW_TEXT, json_feed_problems, parse_xml, snapshot

HERE = Path(__file__).resolve().parent
SITE_SOURCE = HERE / "data" / "content-site"
GOLDEN = HERE / "golden" / "content-site"
UPDATE = os.environ.get("SUMMITFEED_UPDATE_GOLDEN") == "1"
BASE = "https://moraine.example.net/blog/"
FEEDS = ("feed.xml", "atom.xml", "feed.json")


def _build(site_dir: Path, *extra: str) -> int:
    return main(["build", "--now", NOW_TEXT, "--quiet", *extra])


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The content site built once: its files and what the build told."""
    site_dir = tmp_path_factory.mktemp("content") / "site"
    shutil.copytree(SITE_SOURCE, site_dir)
    before = Path.cwd()
    os.chdir(site_dir)
    try:
        import contextlib
        import io

        errors = io.StringIO()
        with contextlib.redirect_stderr(errors):
            status = main(["build", "--now", NOW_TEXT, "--quiet"])
        assert status == 0, errors.getvalue()
        yield {"files": snapshot(site_dir / "public"), "stderr": errors.getvalue()}
    finally:
        os.chdir(before)


def _entries(files: Mapping[str, bytes]) -> dict[str, dict[str, Any]]:
    """Each format's reading of each article, by title."""
    readings: dict[str, dict[str, Any]] = {}
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse(files[name])
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        for entry in parsed.entries:
            readings.setdefault(entry.title, {})[name] = entry
    for item in json.loads(files["feed.json"])["items"]:
        readings.setdefault(item["title"], {})["feed.json"] = item
    return readings


def _html(fragment: str) -> Any:
    return lxml.html.fragment_fromstring(fragment, create_parent="div")


def _shown(detail: Any) -> str:
    """What a reader shows of a feedparser text construct, white space folded."""
    if detail.type == "text/html":
        text = _html(detail.value).text_content()
    else:
        text = detail.value
    return " ".join(text.split())


# -- golden output, and every document valid ------------------------------------


def test_content_site_matches_golden_files(built: dict[str, Any]) -> None:
    files = built["files"]
    if UPDATE:
        if GOLDEN.exists():
            shutil.rmtree(GOLDEN)
        for name, data in files.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    golden = snapshot(GOLDEN)
    assert sorted(files) == sorted(golden)
    for name, data in files.items():
        assert data == golden[name], name


def test_every_document_is_valid(built: dict[str, Any]) -> None:
    files = built["files"]
    for name in FEEDS:
        report = check_feed(files[name], name=name)
        assert report.findings == (), [str(f) for f in report.findings]
    parse_xml(files["feed.xml"])
    parse_xml(files["atom.xml"])
    assert json_feed_problems(files["feed.json"]) == []


def test_every_url_in_html_is_absolute(built: dict[str, Any]) -> None:
    readings = _entries(built["files"])
    seen = 0
    for formats in readings.values():
        fragments = [formats["feed.json"]["content_html"]]
        fragments += [entry.content[0].value for entry in formats.values()
                      if "content" in entry]  # fmt: skip
        fragments += [formats["feed.xml"].summary]
        for fragment in fragments:
            for element in _html(fragment).iter("a", "img"):
                url = element.get("href") or element.get("src")
                assert url is not None
                assert re.match(r"(https?|mailto):", url), url
                seen += 1
    assert seen > 10


# -- summaries ------------------------------------------------------------------


def test_html_description_is_published_as_html(built: dict[str, Any]) -> None:
    formats = _entries(built["files"])["The old hut road"]
    for name in ("feed.xml", "atom.xml"):
        detail = formats[name].summary_detail
        assert detail.type == "text/html", name
        summary = _html(detail.value)
        (link,) = summary.iter("a")  # an element, not text
        assert link.get("href") == "https://moraine.example.net/huts/"
        assert [e.text for e in summary.iter("em")] == ["before"]
        assert "<" not in summary.text_content()
    assert (
        formats["feed.json"]["summary"]
        == "A walk along the old hut road, before the new lift & its crowds."
    )
    assert b'<summary type="html">' in built["files"]["atom.xml"]


def test_plain_description_is_shown_as_written(built: dict[str, Any]) -> None:
    written = (
        "Why 3 < 5 && 7 > 2 still holds on the ridge, and why "
        "`<img src=x onerror=alert(1)>` is only text here."
    )
    formats = _entries(built["files"])["Liquid leftovers"]
    for name in ("feed.xml", "atom.xml"):
        assert _shown(formats[name].summary_detail) == written, name
        if formats[name].summary_detail.type == "text/html":
            assert list(_html(formats[name].summary).iter("img")) == []
    assert formats["feed.json"]["summary"] == written


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("a <b>bold</b> word", True),
        ('see <a href="/x/">this</a>', True),
        ("Tom &amp; Jerry", True),
        ("<!-- a note -->text", True),
        ("Vec<T> and Option<U>", False),
        ("3 < 5 && 7 > 2", False),
        ("use `<br>` for a break", False),
        ("AT&T; or R&D", False),
        ("", False),
    ],
)
def test_which_summaries_are_html(text: str, html: bool) -> None:
    assert is_html(text) is html


_SUMMARY_SITE = Site(title="Moraine", base_url=BASE)
_plain_texts = st.text(
    alphabet=st.sampled_from("<>&;#`\"'/= abcé€x1\n\t!-")
    # (Not Latin-1 letters after "à": feedparser takes "à\xa0¡" for mojibake
    # and "repairs" it, whoever wrote the feed.)
    | st.characters(
        blacklist_categories=("Cc", "Cs", "Co", "Cn"),
        blacklist_characters=[chr(code) for code in range(0xA0, 0x100)],
    ),
    min_size=1,
    max_size=40,
).filter(lambda text: bool(text.strip()) and not is_html(text))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_plain_texts)
def test_every_reader_shows_a_plain_summary_as_written(text: str) -> None:
    moment = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    article = Article(
        source="a.md", slug="a", title="A", url=BASE + "a/", id=BASE + "a/",
        published=moment, updated=moment, summary=text,
    )  # fmt: skip
    item = render_item(article, "Body.", site=_SUMMARY_SITE)
    feed = make_feed(_SUMMARY_SITE, [item])
    folded = " ".join(text.split())
    for document in (render_rss(feed), render_atom(feed)):
        (entry,) = feedparser.parse(document).entries
        assert _shown(entry.summary_detail) == folded
    (json_item,) = json.loads(render_json(feed))["items"]
    assert json_item["summary"] == text


def test_excerpt_from_the_body_keeps_its_html() -> None:
    moment = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    article = Article(
        source="a.md", slug="a", title="A", url=BASE + "a/", id=BASE + "a/",
        published=moment, updated=moment,
    )  # fmt: skip
    item = render_item(article, "A [short](../b/) *walk*.\n\nMore.", site=_SUMMARY_SITE)
    assert item.summary == "A short walk."
    assert item.summary_html is not None
    (link,) = _html(item.summary_html).iter("a")
    assert link.get("href") == BASE + "b/"


# -- noscript and other removed elements --------------------------------------


def test_noscript_image_is_an_image(built: dict[str, Any]) -> None:
    formats = _entries(built["files"])["Lazy images and old markup"]
    for fragment in (
        formats["feed.json"]["content_html"],
        formats["feed.xml"].content[0].value,
        formats["atom.xml"].content[0].value,
    ):
        content = _html(fragment)
        images = [img.get("src") for img in content.iter("img")]
        assert images == ["https://moraine.example.net/img/bench.jpg"]
        shown = content.text_content()
        assert "<img" not in shown
        assert "<noscript" not in shown
        assert "never shown" not in shown  # <template>
        assert "Red text and a button label." in shown  # <font>, <button>
        # xmp and textarea show their text as written, in a <pre>.
        pres = [pre.text_content() for pre in content.iter("pre")]
        assert "<b>literal</b> markup shown as written" in pres
        assert "copy <this> snippet" in pres


@pytest.mark.parametrize(
    ("html", "shown", "elements"),
    [
        ("<noscript><p>Turn <b>on</b></p></noscript>", "Turn on", {"b"}),
        ("<title>Page</title>after", "after", set()),
        ("<noembed>old</noembed>after", "after", set()),
        ("<noframes>old</noframes>after", "after", set()),
        ("<template><b>x</b></template>after", "after", set()),
        ("<svg><text>drawn</text></svg>after", "after", set()),
        ("<math><mi>x</mi></math>after", "after", set()),
        ("<form><label>Name</label><input><button>Send</button></form>",
         "NameSend", set()),
        ("<select><option>One</option></select>", "One", set()),
        ("<script>alert(1)</script>after", "after", set()),
        ("<style>p{}</style>after", "after", set()),
        ("<iframe src='https://x.example/'>fallback</iframe>after", "after", set()),
        ("<marquee>moving</marquee>", "moving", set()),
        ("<plaintext><b>x</b>", "<b>x</b>", {"pre"}),
        ("<xmp>a</xmp> and <textarea>b &amp; c</textarea>", "a and b & c", {"pre"}),
    ],
)  # fmt: skip
def test_each_removed_element_is_a_decision(
    html: str, shown: str, elements: set[str]
) -> None:
    rendered = render_markdown(html + "\n", base_url=BASE)
    content = _html(rendered)
    assert content.text_content().strip() == shown
    found = {e.tag for e in content.iter()} - {"div", "p"}
    assert found == elements


# -- template syntax ------------------------------------------------------------


def test_liquid_renders_what_it_can(built: dict[str, Any]) -> None:
    item = _entries(built["files"])["Liquid leftovers"]["feed.json"]
    content = _html(item["content_html"])
    links = {a.text_content(): a.get("href") for a in content.iter("a")}
    assert links["the old hut road"] == BASE + "the-old-hut-road/"
    assert links["notes"] == BASE + "trail-notes/"
    assert links["route"] == BASE + "files/moraine-route.gpx"  # a file, no article
    shown = content.text_content()
    assert "The map is at /blog/maps/" in shown
    assert BASE + "maps/moraine.pdf" in shown
    assert "{% raw %}" not in shown
    assert "{% endraw %}" not in shown
    assert "Jekyll shows {{ page.title }} as written here." in shown
    assert "A note for the editor" not in shown  # {% comment %}
    codes = [code.text_content() for code in content.iter("code")]
    assert "{{ page.title }}" in codes  # inline code is content
    assert "{% for post in site.posts %}{{ post.title }}{% endfor %}\n" in codes
    assert 'print("cairn" < "col")\n' in codes  # {% highlight %}
    # Left as written, and told:
    assert "{% post_url 2019-01-01-no-such-post %}" in shown
    assert "{% include footer.html %}" in shown


def test_hugo_shortcodes_render_what_they_can(built: dict[str, Any]) -> None:
    item = _entries(built["files"])["Trail notes"]["feed.json"]
    content = _html(item["content_html"])
    (figure,) = content.iter("figure")
    (image,) = figure.iter("img")
    assert image.get("src") == BASE + "trail-notes/cairn.jpg"
    assert image.get("alt") == "A cairn in fog"
    assert figure.findtext("figcaption") == "The cairn at the col"
    hrefs = [a.get("href") for a in content.iter("a")]
    assert "https://www.youtube.com/watch?v=M7lc1UVf-VE" in hrefs
    assert BASE + "the-old-hut-road/" in hrefs  # ref
    shown = content.text_content()
    assert "{{< gist moraine 1234 >}}" in shown


def test_admonitions_are_blocks_with_their_title(built: dict[str, Any]) -> None:
    item = _entries(built["files"])["Admonitions from the wiki"]["feed.json"]
    content = _html(item["content_html"])
    first, untitled = content.iter("blockquote")
    assert first.findtext("p/strong") == "Loose rock above the path"
    assert [s.text for s in first.iter("strong")][1] == "one at a time"
    assert "A box without a title." in untitled.text_content()
    (details,) = content.iter("details")
    assert details.findtext("summary") == "Tip"
    assert '!!! note "This one is code"' in content.findtext(".//pre/code")


def test_template_syntax_left_is_warned_once_per_kind(built: dict[str, Any]) -> None:
    warnings = [
        line for line in built["stderr"].splitlines() if "template syntax" in line
    ]
    assert len(warnings) == 5, warnings
    (include,) = [line for line in warnings if "{% include %}" in line]
    assert "in 2 articles" in include
    assert "content/posts/2024-03-02-the-old-hut-road.md" in include
    assert "content/posts/2024-03-09-liquid-leftovers.md" in include
    kinds = {"{% post_url %}", "{{ … }}", "{{< gist >}}", "{{% notice %}}"}
    assert all(any(kind in line for line in warnings) for kind in kinds)


SNIPPET_BODY = """Notes from the hut.

```python
--8<-- "docs/examples/stove.py"
```

=== "Map"

    --8<-- "docs/images/map.svg"

To include a file, write:

```text
;--8<-- "path/to/file.md"
```
"""


def _snippet_site(tmp_path: Path) -> Path:
    from tests.conftest import write_article

    content = tmp_path / "docs"
    for number in (1, 2):
        write_article(
            content,
            f"hut-{number}.md",
            text=f"---\ntitle: Hut {number}\ndate: 2024-05-0{number}\n---\n"
            + SNIPPET_BODY,
        )
    write_article(
        content,
        "plain.md",
        text="---\ntitle: Plain\ndate: 2024-05-03\n---\nNo snippets here.\n",
    )
    return content


def test_snippet_lines_are_warned_once_naming_the_articles(tmp_path: Path) -> None:
    from tests.conftest import build_to

    content = _snippet_site(tmp_path)
    report = build_to(content, tmp_path / "out")
    told = [warning for warning in report.warnings if "--8<--" in warning]
    assert told == [
        'template syntax left as written in 2 articles: --8<-- "…" '
        f"({content / 'hut-1.md'}, {content / 'hut-2.md'}); readers see it as text"
    ]
    items = json.loads((tmp_path / "out" / "feed.json").read_text(encoding="utf-8"))
    (item,) = [item for item in items["items"] if item["title"] == "Hut 1"]
    codes = [code.text_content() for code in _html(item["content_html"]).iter("code")]
    assert codes[0] == '--8<-- "docs/examples/stove.py"\n'
    # The escaped form is shown as pymdownx shows it: without its ";".
    assert codes[-1] == '--8<-- "path/to/file.md"\n'


def test_escaped_snippet_lines_alone_are_no_warning(tmp_path: Path) -> None:
    from tests.conftest import build_to, write_article

    write_article(
        tmp_path / "docs",
        "howto.md",
        text="---\ntitle: How to\ndate: 2024-05-02\n---\nWrite:\n\n"
        '    ;--8<-- "part.md"\n\nor a block:\n\n    ;--8<--\n    part.md\n'
        "    ;--8<--\n",
    )
    report = build_to(tmp_path / "docs", tmp_path / "out")
    assert report.warnings == ()
    parsed = feedparser.parse((tmp_path / "out" / "atom.xml").read_bytes())
    code = _html(parsed.entries[0].content[0].value).findtext(".//pre/code")
    assert code == '--8<-- "part.md"\n'


@pytest.mark.parametrize(
    "first",
    [
        "{{< note >}}",
        '{{< youtube-ish id="x" >}}\n\n{% include banner.html %}',
        '--8<-- "docs/blog/images/hut.svg"',
        "{{% alert %}}{{% /alert %}} {{ page.date }}",
    ],
)
def test_a_first_paragraph_of_template_syntax_only_is_no_summary(
    tmp_path: Path, first: str
) -> None:
    from tests.conftest import build_to, write_article

    write_article(
        tmp_path / "content",
        "hut.md",
        text=f"---\ntitle: Hut\ndate: 2024-05-02\n---\n{first}\n\n"
        "The stove works again.\n\nMore later.\n",
    )
    build_to(tmp_path / "content", tmp_path / "out")
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((tmp_path / "out" / name).read_bytes())
        assert _shown(parsed.entries[0].summary_detail) == "The stove works again."
    feed = json.loads((tmp_path / "out" / "feed.json").read_text(encoding="utf-8"))
    assert feed["items"][0]["summary"] == "The stove works again."


def test_a_more_marker_after_template_syntax_only_takes_the_next_paragraph(
    tmp_path: Path,
) -> None:
    from tests.conftest import build_to, write_article

    write_article(
        tmp_path / "content",
        "hut.md",
        text="---\ntitle: Hut\ndate: 2024-05-02\n---\n{{< banner >}}\n\n"
        "<!--more-->\n\nThe stove works again.\n",
    )
    build_to(tmp_path / "content", tmp_path / "out")
    feed = json.loads((tmp_path / "out" / "feed.json").read_text(encoding="utf-8"))
    assert feed["items"][0]["summary"] == "The stove works again."


def test_a_more_excerpt_leaves_out_its_template_only_paragraphs(tmp_path: Path) -> None:
    from tests.conftest import build_to, write_article

    write_article(
        tmp_path / "content",
        "hut.md",
        text="---\ntitle: Hut\ndate: 2024-05-02\n---\n"
        '<div>\n--8<-- "docs/images/hut.svg"\n</div>\n\nThe stove works again.\n\n'
        "{{< gallery >}}\n\nWood is dry.\n\n<!--more-->\n\nMore later.\n",
    )
    build_to(tmp_path / "content", tmp_path / "out")
    feed = json.loads((tmp_path / "out" / "feed.json").read_text(encoding="utf-8"))
    assert feed["items"][0]["summary"] == "The stove works again. Wood is dry."


# -- characters, call to action, read time --------------------------------------


def test_del_and_c1_controls_are_in_no_output(built: dict[str, Any]) -> None:
    files = built["files"]
    for name in FEEDS:
        text = files[name].decode("utf-8")
        assert not re.search("[\x7f-\x9f]", text), name
        # (JSON could also escape one: \u007f to \u009f)
        assert not re.search(r"\\u00(7f|[89][0-9a-f])", text, re.IGNORECASE), name
    titles = set(_entries(files))
    assert "Control characters in the title" in titles
    item = _entries(files)["Control characters in the title"]["feed.json"]
    assert item["summary"] == "Bytes that old exports left behind."
    assert item["tags"] == ["oddtag"]


def test_call_to_action_mapping_is_a_link(built: dict[str, Any]) -> None:
    readings = _entries(built["files"])
    for title, href, words, inline in [
        ("Liquid leftovers", "https://moraine.example.net/series/huts/",
         "Read the whole hut series", "em"),
        ("Trail notes", "mailto:ilse@moraine.example.net",
         "Écrire à la rédaction", None),
    ]:  # fmt: skip
        content = _html(readings[title]["feed.json"]["content_html"])
        last = content[-1]
        (link,) = last.iter("a")
        assert link.get("href") == href
        assert link.text_content() == words
        if inline:
            assert [e.tag for e in link] == [inline]


def test_read_time_words_follow_the_language(built: dict[str, Any]) -> None:
    readings = _entries(built["files"])
    french = _html(readings["Trail notes"]["feed.json"]["content_html"])
    assert french.findtext("p/em") == "Temps de lecture: 3 min"
    english = _html(readings["The old hut road"]["feed.json"]["content_html"])
    assert english.findtext("p/em") == "Reading time: 1 min"


def _article(**fields: Any) -> Article:
    moment = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    values: dict[str, Any] = {
        "source": "a.md", "slug": "a", "title": "A", "url": BASE + "a/",
        "id": BASE + "a/", "published": moment, "updated": moment,
    }  # fmt: skip
    values.update(fields)
    return Article(**values)


def test_read_time_line_can_be_turned_off_or_reworded() -> None:
    off = Site(title="M", base_url=BASE, show_read_time=False)
    assert "min" not in (render_item(_article(), "Body.", site=off).content_html or "")
    worded = Site(title="M", base_url=BASE, read_time_label="Lesedauer")
    content = render_item(_article(language="fr"), "Body.", site=worded).content_html
    assert content is not None
    assert "<p><em>Lesedauer: 1 min</em></p>" in content


# -- limits ---------------------------------------------------------------------


def _site_with(tmp: Path, body: str, *settings_lines: str) -> None:
    (tmp / "content").mkdir()
    (tmp / "summitfeed.toml").write_text(
        f'title = "M"\nbase_url = "{BASE}"\n' + "".join(settings_lines),
        encoding="utf-8",
    )
    (tmp / "content" / "changelog.md").write_text(
        "---\ntitle: Changelog\npublish_date: 2025-01-01\n---\n\n" + body,
        encoding="utf-8",
    )


def _changelog(size: int) -> str:
    entries: list[str] = []
    number = 0
    length = 0
    while length < size:
        number += 1
        entries.append(
            f"## 1.{number}.0\n\n- Fixed the `parse()` call for <kbd>{number}</kbd> "
            "inputs, see [the notes](notes/).\n- Faster by a little.\n\n"
        )
        length += len(entries[-1])
    return "".join(entries)


def test_a_long_changelog_builds_with_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _site_with(tmp_path, _changelog(1_300_000))
    assert _build(tmp_path) == 0
    document = (tmp_path / "public" / "feed.json").read_bytes()
    assert b"1.2000.0" in document


def test_the_body_limit_is_a_setting_named_in_its_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _site_with(tmp_path, _changelog(300_000), "max_body_size = 262144\n")
    assert _build(tmp_path) != 0
    error = capsys.readouterr().err
    assert "the body is over 256 KiB" in error
    assert "set max_body_size to raise it" in error
    assert "split" not in error


def test_long_front_matter_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "summitfeed.toml").write_text(
        f'title = "M"\nbase_url = "{BASE}"\n', encoding="utf-8"
    )
    gallery = "".join(f"  - photo-{n:05d}.jpg\n" for n in range(4000))
    (tmp_path / "content" / "gallery.md").write_text(
        "---\ntitle: Gallery\npublish_date: 2025-01-01\ngallery:\n"
        + gallery
        + "---\n\nPhotos.\n",
        encoding="utf-8",
    )
    assert _build(tmp_path) == 0


def test_a_feed_document_over_five_million_bytes_is_warned_about() -> None:
    site = Site(title="M", base_url=BASE)
    sizes = {
        "feed.xml": 5_000_001,
        "atom.xml": 5_000_000,
        "tags/x/feed.json": 7_654_321,
        "feeds.html": 9_000_000,
    }
    warnings = large_document_warnings(sizes, site)
    assert len(warnings) == 2
    assert warnings[0].startswith("feed.xml: 5,000,001 bytes")
    assert warnings[1].startswith("tags/x/feed.json: 7,654,321 bytes")
    assert all("limit" in w and "archive_size" in w for w in warnings)


def test_a_build_warns_about_its_large_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _site_with(tmp_path, _changelog(2_000_000), 'formats = ["json"]\n')
    for number in range(2):
        (tmp_path / "content" / f"more-{number}.md").write_text(
            f"---\ntitle: More {number}\npublish_date: 2025-01-0{number + 2}\n---\n\n"
            + _changelog(2_000_000),
            encoding="utf-8",
        )
    assert main(["build", "--now", NOW_TEXT]) == 0
    error = capsys.readouterr().err
    size = (tmp_path / "public" / "feed.json").stat().st_size
    assert size > 5_000_000
    (warning,) = [line for line in error.splitlines() if "5,000,000" in line]
    assert f"feed.json: {size:,} bytes" in warning


def test_a_cached_build_warns_as_the_first_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _site_with(tmp_path, "Before {% include note.html %} and after.\n")
    told = []
    for _ in range(2):
        assert main(["build", "--now", NOW_TEXT]) == 0
        lines = capsys.readouterr().err.splitlines()
        told.append([line for line in lines if "template" in line])
    assert told[0] == told[1]
    assert len(told[0]) == 1
    assert "{% include %} (content/changelog.md)" in told[0][0]


def test_a_link_to_an_article_added_since_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _site_with(tmp_path, "See [it]({% post_url 2025-01-05-later %}).\n")
    assert _build(tmp_path) == 0
    assert b"post_url" in (tmp_path / "public" / "feed.json").read_bytes()
    (tmp_path / "content" / "2025-01-05-later.md").write_text(
        "---\ntitle: Later\n---\n\nText.\n", encoding="utf-8"
    )
    (tmp_path / "content" / "changelog.md").write_text(
        "---\ntitle: Changelog\npublish_date: 2025-01-01\n---\n\n"
        "See [it]({% post_url 2025-01-05-later %}) again.\n",
        encoding="utf-8",
    )
    assert _build(tmp_path) == 0
    document = json.loads((tmp_path / "public" / "feed.json").read_bytes())
    contents = {item["title"]: item["content_html"] for item in document["items"]}
    assert f'<a href="{BASE}later/">it</a>' in contents["Changelog"]


@pytest.mark.parametrize(
    ("cta", "expected"),
    [
        ("{title: Join us, link: 'https://club.example/'}",
         '<p><a href="https://club.example/">Join us</a></p>'),
        ("{url: join/}", f'<p><a href="{BASE}a/join/">join/</a></p>'),
        ("{text: Just words}", "<p>Just words</p>"),
        ("'Plain *inline* text'", "<p>Plain <em>inline</em> text</p>"),
        ("{text: 'Brackets [1] kept', href: /x/}",
         '<p><a href="https://moraine.example.net/x/">Brackets [1] kept</a></p>'),
    ],
)  # fmt: skip
def test_call_to_action_forms(
    cta: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summitfeed._read.articles import load_article

    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text(
        f"---\ntitle: A\npublish_date: 2025-01-01\ncta: {cta}\n---\n\nBody.\n",
        encoding="utf-8",
    )
    site = Site(title="M", base_url=BASE)
    article = load_article("a.md", site=site).article
    content = render_item(article, "Body.", site=site).content_html
    assert content is not None
    assert content.endswith(expected)


def test_call_to_action_without_text_or_url_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summitfeed import ArticleError
    from summitfeed._read.articles import load_article

    monkeypatch.chdir(tmp_path)
    Path("a.md").write_text(
        "---\ntitle: A\npublish_date: 2025-01-01\ncta: {color: red}\n---\n\nBody.\n",
        encoding="utf-8",
    )
    with pytest.raises(ArticleError, match=r"a.md:4: cta: needs text: and url:"):
        load_article("a.md", site=Site(title="M", base_url=BASE))


@pytest.mark.parametrize(
    ("body", "setting", "raised"),
    [
        ("> " * 150 + "deep\n", "max_nesting", "max_nesting = 200\n"),
        ("<b><i><u><s><em>five open</em></s></u></i></b>\n",
         "max_open_formatting", "max_open_formatting = 8\n"),
        ("| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 60, "max_table_cells",
         "max_table_cells = 500\n"),
    ],
)  # fmt: skip
def test_each_body_shape_limit_is_a_setting(
    body: str,
    setting: str,
    raised: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    lowered = {
        "max_nesting": "max_nesting = 100\n",
        "max_open_formatting": "max_open_formatting = 4\n",
        "max_table_cells": "max_table_cells = 100\n",
    }[setting]
    _site_with(tmp_path, body, lowered)
    assert _build(tmp_path) != 0
    assert f"set {setting} to raise it" in capsys.readouterr().err
    (tmp_path / "summitfeed.toml").write_text(
        f'title = "M"\nbase_url = "{BASE}"\n' + raised, encoding="utf-8"
    )
    assert _build(tmp_path) == 0


def test_admonitions_nested_past_any_real_depth_are_left_as_written() -> None:
    from summitfeed._read.templates import expand_templates

    # 1,000 levels (half a megabyte): no recursion without end, and the deep
    # ones stay text; the outer ones are still blocks.
    body = "\n".join("\t" * level + "!!! note" for level in range(1000))
    expanded = expand_templates(body, base_url="https://x.example/", links=None)
    assert expanded.count("<blockquote") == 8
    assert "!!! note" in expanded


def test_a_youtube_title_is_escaped_once() -> None:
    import lxml.html

    from summitfeed._read.templates import expand_templates

    html_text = expand_templates(
        '{{< youtube id="M7lc1UVf-VE" title="Tom & Jerry" >}}',
        base_url="https://x.example/",
        links=None,
    )
    page = lxml.html.fromstring(html_text)
    assert page.xpath("string(//img/@alt)") == "Tom & Jerry"
    assert page.xpath("string(//a[2])") == "Tom & Jerry"
