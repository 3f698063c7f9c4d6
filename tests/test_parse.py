"""Front matter in YAML, TOML and JSON; BOM and CRLF; positions of keys."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

import summitfeed
from summitfeed._errors import BodyError
from summitfeed._read.frontmatter import (
    BodyLimits,
    check_body,
    decode_article,
    parse_front_matter,
    read_simple_yaml,
    split_front_matter,
)
from summitfeed._read.yaml import load_yaml
from tests.conftest import (
    article_text,
    basic_fields,
    make_site,
    normalize,
    utc,
    write_article,
    yaml_front_matter,
)

YAML_ARTICLE = """---
title: 'Dawn on the Glacier'
subtitle: 'Crampons on at four'
description: 'An early start on the ice, and why it pays.'
author: 'Mara Keller'
read_time: '8 mins'
publish_date: '2025-02-13'
created_date: '2025-02-10'
heroImage: 'https://cdn.trails.example.org/dawn.jpg'
cta: 'Share your own dawn start with us.'
---

The headlamps went off one by one as the sky turned grey.
"""

TOML_ARTICLE = """+++
title = 'Dawn on the Glacier'
subtitle = 'Crampons on at four'
description = 'An early start on the ice, and why it pays.'
author = 'Mara Keller'
read_time = '8 mins'
publish_date = '2025-02-13'
created_date = 2025-02-10
heroImage = 'https://cdn.trails.example.org/dawn.jpg'
cta = 'Share your own dawn start with us.'
+++

The headlamps went off one by one as the sky turned grey.
"""

JSON_ARTICLE = """{
  "title": "Dawn on the Glacier",
  "subtitle": "Crampons on at four",
  "description": "An early start on the ice, and why it pays.",
  "author": "Mara Keller",
  "read_time": "8 mins",
  "publish_date": "2025-02-13",
  "created_date": "2025-02-10",
  "heroImage": "https://cdn.trails.example.org/dawn.jpg",
  "cta": "Share your own dawn start with us."
}

The headlamps went off one by one as the sky turned grey.
"""

BODY = "The headlamps went off one by one as the sky turned grey.\n"


@pytest.mark.parametrize(
    ("text", "fmt"),
    [(YAML_ARTICLE, "yaml"), (TOML_ARTICLE, "toml"), (JSON_ARTICLE, "json")],
)
def test_three_front_matter_formats_give_the_same_article(text: str, fmt: str) -> None:
    raw = parse_front_matter(text, path="content/dawn.md")
    assert raw.format == fmt
    assert raw.body.strip() == BODY.strip()
    article = normalize(text, path="content/dawn.md").article
    assert article.title == "Dawn on the Glacier"
    assert article.subtitle == "Crampons on at four"
    assert article.summary == "An early start on the ice, and why it pays."
    assert [p.name for p in article.authors] == ["Mara Keller"]
    assert article.read_time == "8 mins"
    # 2025-02-13 00:00 in Europe/Zurich (UTC+1 in winter)
    assert article.published == utc(2025, 2, 12, 23)
    assert article.created == utc(2025, 2, 9, 23)
    assert article.hero is not None
    assert article.hero.url == "https://cdn.trails.example.org/dawn.jpg"
    assert article.cta == "Share your own dawn start with us."


@pytest.mark.parametrize("text", [YAML_ARTICLE, TOML_ARTICLE, JSON_ARTICLE])
def test_bom_and_crlf_are_accepted(text: str, tmp_path: Path) -> None:
    plain = write_article(tmp_path, "plain.md", text=text)
    crlf = tmp_path / "crlf.md"
    crlf.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    site = make_site()
    one = summitfeed.load_article(plain, site=site).article
    two = summitfeed.load_article(crlf, site=site).article
    assert two.title == one.title == "Dawn on the Glacier"
    assert two.published == one.published
    assert two.summary == one.summary
    assert "\r" not in (two.summary or "")


def test_decode_drops_bom_and_normalises_line_ends() -> None:
    data = "\ufeff---\r\ntitle: 'A'\r\n---\rbody\r\n".encode()
    assert decode_article(data, path="x.md") == "---\ntitle: 'A'\n---\nbody\n"


def test_crlf_body_renders_like_lf(tmp_path: Path) -> None:
    fields = basic_fields("Two Lines", "2025-03-01")
    body = "First paragraph line one\nline two.\n\nSecond paragraph.\n"
    lf = write_article(tmp_path / "lf", "two-lines.md", fields, body)
    crlf_dir = tmp_path / "crlf"
    crlf_dir.mkdir()
    (crlf_dir / "two-lines.md").write_bytes(
        b"\xef\xbb\xbf" + lf.read_bytes().replace(b"\n", b"\r\n")
    )
    out_lf = summitfeed.build(
        tmp_path / "lf",
        tmp_path / "o1",
        site=make_site(),
        now=utc(2026, 1, 1),
        use_cache=False,
    )
    out_crlf = summitfeed.build(
        crlf_dir,
        tmp_path / "o2",
        site=make_site(),
        now=utc(2026, 1, 1),
        use_cache=False,
    )
    assert out_lf.files == out_crlf.files


def test_yaml_closing_dots_and_key_lines() -> None:
    text = "---\ntitle: 'A'\n\npublish_date: '2025-01-02'\n...\nBody.\n"
    raw = parse_front_matter(text, path="content/a.md")
    assert raw.fields["title"] == "A"
    assert raw.line_of("title") == 2
    assert raw.line_of("publish_date") == 4
    assert raw.body == "Body.\n"
    assert raw.body_line == 6


@pytest.mark.parametrize("fence", ["---", "+++"])
def test_front_matter_after_blank_lines_keeps_its_line_numbers(fence: str) -> None:
    # Zola's theme pages start with an empty line before +++.
    if fence == "---":
        block = "title: 'A'\npublish_date: '2025-01-02'\n"
    else:
        block = "title = 'A'\npublish_date = 2025-01-02\n"
    text = f"\n \n{fence}\n{block}{fence}\nBody.\n"
    raw = parse_front_matter(text, path="content/a.md")
    assert raw.fields["title"] == "A"
    assert raw.body == "Body.\n"
    assert raw.body_line == 7
    assert raw.start_line == 3
    if fence == "---":
        assert raw.line_of("publish_date") == 5
    else:
        assert raw.line_of("publish_date") == 3  # TOML: where the block opens
    assert split_front_matter(text, path="a")[2:] == ("Body.\n", 7)


def test_text_before_the_front_matter_is_still_no_front_matter() -> None:
    with pytest.raises(summitfeed.FrontMatterError):
        parse_front_matter("Intro\n---\ntitle: 'A'\n---\nB\n", path="a.md")


def test_split_reports_body_line_for_each_format() -> None:
    assert split_front_matter(YAML_ARTICLE, path="a")[3] == 12
    assert split_front_matter(TOML_ARTICLE, path="a")[3] == 12
    fmt, block, body, line = split_front_matter(JSON_ARTICLE, path="a")
    assert fmt == "json"
    assert block.startswith("{")
    assert block.endswith("}")
    assert body.strip() == BODY.strip()
    assert line == 12


def test_yaml_scalars_keep_their_written_text() -> None:
    raw = parse_front_matter(
        "---\ntitle: 1.10\nversion: 2.50\npublish_date: 2025-02-13\n---\n", path="a.md"
    )
    assert raw.scalars["title"] == "1.10"
    assert raw.fields["publish_date"] == dt.date(2025, 2, 13)


def test_yaml_doubled_quote_escape() -> None:
    text = yaml_front_matter(
        {"title": "Next month's notes", "publish_date": "2025-02-13"}
    )
    assert "'Next month''s notes'" in text
    assert normalize(text).article.title == "Next month's notes"


def test_toml_native_datetime_and_json_numbers() -> None:
    toml = "+++\ntitle = 'T'\npublish_date = 2025-02-13T09:30:00+01:00\n+++\n"
    assert normalize(toml).article.published == utc(2025, 2, 13, 8, 30)
    as_json = '{"title": "T", "publish_date": 1739436600, "read_time": 7}\n'
    article = normalize(as_json).article
    assert article.published == utc(2025, 2, 13, 8, 50)
    assert article.read_time == "7 min"


def test_markdown_extension_and_nested_folders_are_found(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "a/b/deep.markdown", basic_fields("Deep", "2025-01-05"))
    write_article(content, "_hidden/skip.md", basic_fields("Hidden", "2025-01-06"))
    write_article(content, ".dot.md", basic_fields("Dot", "2025-01-07"))
    write_article(content, "_partial.md", basic_fields("Partial", "2025-01-08"))
    write_article(content, "notes.txt", basic_fields("Text", "2025-01-09"))
    result = summitfeed.read_articles(content, site=make_site())
    assert [a.title for a in result.articles] == ["Deep"]
    assert result.errors == ()


def test_article_text_helper_matches_reference_shape() -> None:
    text = article_text(
        {"title": "T", "read_time": "8 mins", "publish_date": "2025-02-13"}, "Body.\n"
    )
    assert text == (
        "---\ntitle: 'T'\nread_time: '8 mins'\npublish_date: '2025-02-13'\n"
        "---\n\nBody.\n"
    )


# --- the fast reading of simple YAML must agree with PyYAML ----------------

_KEYS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True)
_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\n\r"),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_KEYS, _TEXT), min_size=1, max_size=8))
@example([("ON", ""), ("on", "x")])
def test_simple_yaml_reading_agrees_with_pyyaml(pairs):
    block = "".join(
        f"{key}: '{value.replace(chr(39), chr(39) * 2)}'\n" for key, value in pairs
    )
    simple = read_simple_yaml(block, first_line=2)
    try:
        # The build's reading through PyYAML: its values, with keys kept as
        # text (ON: is the key "ON", not True).
        expected = load_yaml(block, path="a.md", first_line=2)[0]
    except summitfeed.FrontMatterError:
        assert simple is None
        return
    if simple is None:
        return  # PyYAML reads it: nothing to compare
    fields, lines, _ = simple
    assert fields == expected
    for number, (key, _) in enumerate(pairs, start=2):
        assert lines[key] == number


@pytest.mark.parametrize(
    "block",
    [
        "title: 'a'\ntitle: 'b'\n",
        "title: 'line\x85break'\n",
        "  title: 'indented'\n",
        "tags:\n  - 'a'\n   - 'b'\n",
        "title: |\n  a block scalar\n",
        "title: &name 'anchored'\n",
    ],
)
def test_other_yaml_goes_to_pyyaml(block):
    assert read_simple_yaml(block, first_line=2) is None


@pytest.mark.parametrize(
    ("block", "fields"),
    [
        ("title: 'x' # a comment\n", {"title": "x"}),
        ("title: plain text\n", {"title": "plain text"}),
        ('title: "double"\n', {"title": "double"}),
        ("yes: 'a'\n", {"yes": "a"}),  # top-level keys stay text
        ("tags: ['a']\n", {"tags": ["a"]}),
        ("tags:\n", {"tags": None}),
    ],
)
def test_common_yaml_beyond_single_quotes_is_read_too(block, fields):
    simple = read_simple_yaml(block, first_line=2)
    assert simple is not None
    assert simple[0] == fields


def test_reference_shape_takes_the_simple_reading():
    block = (
        "title: 'Crossing the Col: a Dawn Start'\n"
        "subtitle: 'Why we left at four'\n"
        "description: 'A route note on an early start, with the hut''s advice.'\n"
        "author: 'Mara Keller'\n"
        "read_time: '6 mins'\n"
        "publish_date: '2025-03-08'\n"
        "created_date: '2025-03-08'\n"
        "heroImage: 'https://img.example.org/col.jpg'\n"
        "cta: 'Tell us about your own early starts.'\n"
    )
    simple = read_simple_yaml(block, first_line=2)
    assert simple is not None
    fields, lines, _ = simple
    assert fields == yaml.load(block, Loader=yaml.SafeLoader)
    assert fields["description"].endswith("the hut's advice.")
    assert lines["title"] == 2
    assert lines["cta"] == 10


_QUOTED = _TEXT.map(lambda text: "'" + text.replace("'", "''") + "'")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(_KEYS, st.one_of(_QUOTED, st.lists(_QUOTED, min_size=1, max_size=4))),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["", "  ", "    "]),
)
def test_simple_yaml_lists_agree_with_pyyaml(pairs, indent):
    lines = []
    for key, value in pairs:
        if isinstance(value, str):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}:")
            lines += [f"{indent}- {item}" for item in value]
    block = "\n".join(lines) + "\n"
    simple = read_simple_yaml(block, first_line=2)
    try:
        expected = yaml.load(block, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        assert simple is None
        return
    if simple is not None:
        assert simple[0] == expected


@settings(max_examples=200, deadline=None)
@given(
    widths=st.lists(st.integers(1, 12), min_size=1, max_size=4),
    rows=st.lists(st.integers(0, 40), min_size=4, max_size=4),
    limit=st.integers(1, 400),
)
def test_table_cells_refused_exactly_when_counted_over_the_limit(
    widths: list[int], rows: list[int], limit: int
) -> None:
    # The quick bound that lets most bodies skip counting must never let
    # a table over the limit through: check_body agrees with the full count.
    tables = []
    cells = 0
    for width, height in zip(widths, rows, strict=False):
        header = "|" + " h |" * width
        delimiter = "|" + "---|" * width
        tables.append("\n".join([header, delimiter] + ["|" + " x |" * width] * height))
        cells += width * (height + 1)
    body = "Some text.\n\n" + "\n\nA paragraph between.\n\n".join(tables) + "\n\nEnd.\n"
    limits = BodyLimits(max_table_cells=limit)
    if cells > limit:
        with pytest.raises(BodyError, match="max_table_cells"):
            check_body(body, path="t.md", first_line=3, limits=limits)
    else:
        check_body(body, path="t.md", first_line=3, limits=limits)
