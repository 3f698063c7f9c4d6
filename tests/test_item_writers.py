"""Each document format's item writer gives the bytes a general writer gives.

summitfeed writes each item of an RSS or Atom document as a string
(``summitfeed._render.xml_items``). The reference is how it wrote them before
(tests/feedgen_reference.py): a feedgen FeedEntry, serialized by lxml inside
an empty copy of the document's root, the RSS plain-text elements then given
hexadecimal references. Random items, with every character class the
escaping must get right, must come out byte for byte the same. JSON Feed
items take json's faster ASCII encoder where it can: they must be the bytes
of the general one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from summitfeed import Article, Feed, FeedItem, HeroImage, Person, Site
from summitfeed._render.jsonfeed import _item, item_json
from summitfeed._render.xml import atom_parts, rss_parts
from summitfeed._text import xml_safe
from tests import feedgen_reference

SITE = Site(title="Ridge Notes", base_url="https://ridge.example.org/blog/")

# Text with what escaping must handle: markup characters, quotes, white
# space of every kind, non-ASCII, and characters XML forbids (dropped).
TRICKY = "&<>\"'\r\n\t ]]>#x26;é€𝄞\u2028\x00\x07\ufffe"
texts = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=40)
names = texts.filter(lambda text: bool(xml_safe(text)))
urls = st.builds(
    lambda path: "https://ridge.example.org/blog/" + path,
    st.text(alphabet="abc-/&\"'<>é ", max_size=12),
)
moments = st.datetimes(
    min_value=dt.datetime(1990, 1, 1),  # noqa: DTZ001 (naive bounds, as hypothesis wants)
    max_value=dt.datetime(2090, 1, 1),  # noqa: DTZ001
    timezones=st.sampled_from(
        [dt.UTC, dt.timezone(dt.timedelta(hours=-5, minutes=-30))]
    ),
)
people = st.builds(
    Person,
    name=texts.filter(lambda text: bool(text.strip())),
    email=st.none() | st.sampled_from(["ann@example.org", "b&o@example.org"]),
    url=st.none() | urls,
)
heroes = st.builds(
    HeroImage,
    url=urls,
    alt=st.none() | texts,
    width=st.none() | st.integers(0, 4000),
    height=st.none() | st.integers(0, 4000),
    mime_type=st.none() | st.sampled_from(["image/jpeg", 'image/x"odd"']),
    length=st.none() | st.integers(0, 10**9),
)


@st.composite
def items(draw: st.DrawFn) -> FeedItem:
    url = draw(urls)
    published = draw(moments)
    article = Article(
        source="content/a.md",
        slug="a",
        title=draw(texts),
        url=url,
        id=draw(st.just(url) | urls | st.sampled_from(["note 7", "urn:x:1"])),
        published=published,
        updated=max(published, draw(moments)),
        authors=tuple(draw(st.lists(people, max_size=3))),
        hero=draw(st.none() | heroes),
        tags=tuple(draw(st.lists(names, max_size=3))),
    )
    summary_html = draw(st.none() | st.sampled_from(["<em>a</em> &amp; b", "<p>x</p>"]))
    return FeedItem(
        article=article,
        summary=draw(texts),
        summary_html=summary_html,
        content_html=draw(
            st.none() | st.just("") | texts | st.just("<p>a &amp; b</p>\n")
        ),
    )


# -- the reference: the item renderers before items were written as strings


def _documents(item: FeedItem) -> tuple[Any, Any, Any, Any]:
    """The roots of the item's RSS and Atom documents, and their item writers."""
    feed = Feed(
        site=SITE,
        title="Ridge Notes",
        description="Ridge Notes",
        path="",
        items=(item,),
        updated=item.article.updated,
    )
    rss, render_rss_item = rss_parts(feed)
    atom, render_atom_entry = atom_parts(feed)
    rss_root = etree.fromstring(rss.join([]))
    atom_root = etree.fromstring(atom.join([]))
    return rss_root, atom_root, render_rss_item, render_atom_entry


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(items())
def test_items_are_the_bytes_feedgen_and_lxml_wrote(item: FeedItem) -> None:
    rss_root, atom_root, render_rss_item, render_atom_entry = _documents(item)
    try:
        want_rss = feedgen_reference.rss_item(item, rss_root)
    except ValueError:  # feedgen refused an item without title and description
        assert not xml_safe(item.article.title)
        assert b"    <title></title>\n" in render_rss_item(item)
        assert b"<description>" not in render_rss_item(item)
    else:
        assert render_rss_item(item) == want_rss
    try:
        want_atom = feedgen_reference.atom_entry(
            item, atom_root, site_url=SITE.base_url
        )
    except ValueError:  # feedgen refused an entry without a title
        assert not xml_safe(item.article.title)
        assert b"    <title></title>\n" in render_atom_entry(item)
    else:
        assert render_atom_entry(item) == want_atom


def test_the_reference_sees_a_difference() -> None:
    # Carriage returns, tabs, "&" and "<" in text and attributes; the
    # reference is compared with a writer that differs by one character.
    item = FeedItem(
        article=Article(
            source="a.md",
            slug="a",
            title="a\rb",
            url="https://ridge.example.org/blog/a/",
            id="https://ridge.example.org/blog/a/",
            published=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            updated=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            tags=("x\ty",),
        ),
        summary="s & t",
        content_html="<p>1 < 2</p>\r\n",
    )
    rss_root, atom_root, render_rss_item, render_atom_entry = _documents(item)
    rss = render_rss_item(item)
    assert b"<title>a&#13;b</title>" in rss
    assert b"<description>s &amp;amp; t</description>" in rss
    assert b"&lt;p&gt;1 &lt; 2&lt;/p&gt;&#13;\n</content:encoded>" in rss
    atom = render_atom_entry(item)
    assert b'<category term="x&#9;y"/>' in atom
    assert rss == feedgen_reference.rss_item(item, rss_root)
    assert rss.replace(b"&#13;", b"\r") != feedgen_reference.rss_item(item, rss_root)
    want_atom = feedgen_reference.atom_entry(item, atom_root, site_url=SITE.base_url)
    assert atom == want_atom


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(items())
def test_json_items_are_the_bytes_of_the_general_encoder(item: FeedItem) -> None:
    want = json.dumps(
        _item(item), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    assert item_json(item) == xml_safe(want).encode("utf-8")


def test_json_items_ascii_and_not() -> None:
    item = FeedItem(
        article=Article(
            source="a.md",
            slug="a",
            title="Col du Pillon \\u",  # (a backslash and a u: "\\\\u" in JSON)
            url="https://ridge.example.org/blog/a/",
            id="https://ridge.example.org/blog/a/",
            published=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
            updated=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        ),
        summary="Col \u00e9",
        content_html="<p>plain ASCII</p>",
    )
    data = item_json(item)
    assert b'"title":"Col du Pillon \\\\u"' in data
    assert '"summary":"Col \u00e9"'.encode() in data  # (as UTF-8, not \\u00e9)
    assert json.loads(data)["title"] == item.article.title


def test_document_pieces_put_the_joiner_between_items_only() -> None:
    from summitfeed._render.parts import DocumentParts

    parts = DocumentParts(b"[", b"]", joiner=b",")
    assert parts.pieces([]) == (b"[", b"]")
    assert parts.pieces([b"1"]) == (b"[", b"1", b"]")
    assert parts.join([b"1", b"2", b"3"]) == b"[1,2,3]"
    assert json.loads(parts.join([b"1", b"2"])) == [1, 2]
    xml = DocumentParts(b"<a>", b"</a>")
    assert xml.pieces(iter([b"<b/>", b"<c/>"])) == (b"<a>", b"<b/>", b"<c/>", b"</a>")


# What XML 1.0 forbids, and DEL and the C1 controls (U+0080 to U+009F).
_XML_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)


@given(st.text(alphabet=st.sampled_from(TRICKY + "\ud83d\x7f\x1f") | st.characters()))
def test_xml_safe_drops_what_xml_forbids_and_controls(text: str) -> None:
    # (Its fast paths: printable text, ASCII text cleaned as bytes, the rest.)
    safe = xml_safe(text)
    assert safe == _XML_FORBIDDEN.sub("", text)
    etree.SubElement(etree.Element("a"), "b").text = safe  # lxml accepts it
    assert xml_safe(text.encode("ascii", "ignore").decode()) == _XML_FORBIDDEN.sub(
        "", text.encode("ascii", "ignore").decode()
    )
