"""Markdown is rendered by cmark-gfm with the memory it takes given back.

cmarkgfm's ``markdown_to_html_with_extensions`` keeps the document tree and
the HTML of every call; summitfeed makes the same calls and frees both. The
HTML must be the library's own, byte for byte, and a build of many
articles must not keep memory per article.
"""

from __future__ import annotations

import sys
from pathlib import Path

import cmarkgfm
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitfeed import _markdown

# Markdown that reaches every extension and option the build asks for.
_PIECES = [
    "# Ridge walk\n",
    "A *short* and **bold** climb, ~~not~~ quite ~one~ hour.\n",
    "| hut | metres |\n|:---|---:|\n| Lower | 1820 |\n| Upper | 2410 |\n",
    "Ask at https://huts.example.org/booking or www.example.com today.\n",
    "The pass closes early.[^late]\n\n[^late]: After the first snow.\n",
    '<div class="note">Raw <em>HTML</em> kept</div>\n',
    "- [ ] rope\n- [x] boots\n",
    "```\ncode & <tags>\n```\n",
    "> A quote\n> on two lines\n",
    "Text with a \u00e9 and an \u2019 and an emoji \U0001f3d4.\n",
    "",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12), st.text(max_size=40))
def test_the_html_is_cmarkgfms_own(pieces: list[str], extra: str) -> None:
    text = "\n".join(pieces) + extra
    ours = _markdown._cmark_html(text)
    theirs = cmarkgfm.markdown_to_html_with_extensions(
        text, options=_markdown._OPTIONS, extensions=_markdown._EXTENSIONS
    )
    assert ours == theirs


def test_every_extension_is_in_use() -> None:
    """The table, strikethrough and autolink extensions and footnotes are
    applied (read back with lxml, not compared with ourselves)."""
    page = lxml.html.fragment_fromstring(
        _markdown._cmark_html("\n".join(_PIECES)), create_parent="div"
    )
    assert [cell.text for cell in page.iter("td")] == ["Lower", "1820", "Upper", "2410"]
    assert [d.text for d in page.iter("del")] == ["not", "one"]
    links = {a.get("href") for a in page.iter("a")}
    assert "https://huts.example.org/booking" in links
    assert "http://www.example.com" in links
    assert page.xpath("//section[@class='footnotes']//li")


def _anonymous_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1])
    raise AssertionError("no RssAnon line")  # pragma: no cover


def test_text_that_cannot_be_encoded_is_refused_as_cmarkgfm_refuses_it() -> None:
    lone = "A hut \ud800 on the ridge"
    with pytest.raises(UnicodeEncodeError):
        cmarkgfm.markdown_to_html_with_extensions(lone)
    with pytest.raises(UnicodeEncodeError):
        _markdown._cmark_html(lone)
    assert _markdown._cmark_html("*still*") == "<p><em>still</em></p>\n"


def test_renders_in_threads_at_once_are_each_whole() -> None:
    """cmark-gfm's extensions share tables of the whole process: parses
    at once in several threads would drop each other's strikethrough and
    links."""
    from concurrent.futures import ThreadPoolExecutor

    text = "\n".join(_PIECES) * 20
    alone = _markdown._cmark_html(text)
    assert alone.count("<del>") == 40
    with ThreadPoolExecutor(max_workers=4) as pool:
        rendered = list(pool.map(_markdown._cmark_html, [text] * 200))
    assert rendered.count(alone) == 200


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_rendering_keeps_no_memory_per_article() -> None:
    # (cmarkgfm's Linux wheels show the frees: without them, this would fail.)
    assert _markdown._FREEING is not None
    paragraph = "A line about the hut, with *emphasis* and a [link](/huts/). " * 8
    body = "\n\n".join(
        [
            f"## Day {n}\n\n{paragraph}\n\n| a | b |\n|---|---|\n| {n} | x |"
            for n in range(12)
        ]
    )
    for _ in range(50):  # (the allocator's pools filled first)
        _markdown.render_markdown(body, base_url="https://huts.example.org/")
    before = _anonymous_kb()
    for _ in range(600):
        _markdown.render_markdown(body, base_url="https://huts.example.org/")
    # cmarkgfm's own function keeps about 186 KB a call of this body (its
    # links and tables make many nodes): some 110 MB here.
    assert _anonymous_kb() - before < 4_000
