"""Each document format's item writer gives the bytes a general writer gives.

RSS items and Atom entries are written as strings: they must be the bytes
lxml writes. JSON Feed items take json's faster ASCII encoder where it can:
they must be the bytes of the general one.

summitfeed writes each item of an RSS or Atom document as a string
(``summitfeed._xml_items``). The reference here builds the same item as an
lxml tree, puts it into an empty copy of the document's root (same
namespaces) and cuts it out of lxml's pretty-printed serialization, as the
whole document would hold it; the RSS plain-text elements then get their
hexadecimal references. Random items, with every character class the
escaping must get right, must come out byte for byte the same.
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
from summitfeed._dates import format_rfc822, format_rfc3339
from summitfeed._jsonfeed import _item, item_json
from summitfeed._text import xml_safe
from summitfeed._xml import atom_parts, rss_parts
from summitfeed._xml_items import CONTENT_NS, DC_NS, MEDIA_NS, atom_entry_id

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
    return FeedItem(
        article=article,
        summary=draw(texts),
        content_html=draw(
            st.none() | st.just("") | texts | st.just("<p>a &amp; b</p>\n")
        ),
    )


# -- the reference: each item as an lxml tree, serialized inside its document


def _lxml_rss_item(item: FeedItem) -> Any:
    article = item.article
    content = None if item.content_html is None else xml_safe(item.content_html)
    element = etree.Element("item")
    etree.SubElement(element, "title").text = xml_safe(article.title)
    etree.SubElement(element, "link").text = article.url
    summary = xml_safe(item.summary)
    if summary:
        etree.SubElement(element, "description").text = summary
        if content is not None:
            encoded = etree.SubElement(element, f"{{{CONTENT_NS}}}encoded")
            encoded.text = content
    elif content is not None:
        etree.SubElement(element, "description").text = content
    if len(article.authors) == 1 and article.authors[0].email:
        person = article.authors[0]
        author = etree.SubElement(element, "author")
        author.text = xml_safe(f"{person.email} ({person.name})")
    else:
        for person in article.authors:
            etree.SubElement(element, f"{{{DC_NS}}}creator").text = xml_safe(
                person.name
            )
    guid = etree.SubElement(element, "guid")
    guid.text = article.id
    guid.set("isPermaLink", "true" if article.id == article.url else "false")
    for tag in article.tags:
        etree.SubElement(element, "category").text = xml_safe(tag)
    etree.SubElement(element, "pubDate").text = format_rfc822(article.published)
    hero = article.hero
    if hero is not None:
        if hero.mime_type is not None:
            etree.SubElement(
                element,
                "enclosure",
                url=hero.url,
                length=str(hero.length or 0),
                type=hero.mime_type,
            )
        media = etree.SubElement(element, f"{{{MEDIA_NS}}}content", url=hero.url)
        if hero.mime_type is not None:
            media.set("type", hero.mime_type)
        media.set("medium", "image")
        if hero.length:
            media.set("fileSize", str(hero.length))
        if hero.width:
            media.set("width", str(hero.width))
        if hero.height:
            media.set("height", str(hero.height))
        etree.SubElement(element, f"{{{MEDIA_NS}}}thumbnail", url=hero.url)
    return element


def _lxml_atom_entry(item: FeedItem) -> Any:
    article = item.article
    content = None if item.content_html is None else xml_safe(item.content_html)
    element = etree.Element("entry")
    etree.SubElement(element, "id").text = atom_entry_id(
        article.id, site_url=SITE.base_url, published=article.published
    )
    etree.SubElement(element, "title").text = xml_safe(article.title)
    etree.SubElement(element, "updated").text = format_rfc3339(article.updated)
    for person in article.authors:
        if xml_safe(person.name):
            author = etree.SubElement(element, "author")
            etree.SubElement(author, "name").text = xml_safe(person.name)
            if person.email:
                etree.SubElement(author, "email").text = person.email
            if person.url:
                etree.SubElement(author, "uri").text = person.url
    if content is not None:
        written = etree.SubElement(element, "content", type="html")
        if content:
            written.text = content
    etree.SubElement(
        element, "link", rel="alternate", type="text/html", href=article.url
    )
    hero = article.hero
    if hero is not None and hero.mime_type is not None:
        link = etree.SubElement(
            element, "link", rel="enclosure", type=hero.mime_type, href=hero.url
        )
        if hero.length:
            link.set("length", str(hero.length))
    summary = etree.SubElement(element, "summary", type="text")
    if xml_safe(item.summary):
        summary.text = xml_safe(item.summary)
    for tag in article.tags:
        etree.SubElement(element, "category", term=xml_safe(tag))
    etree.SubElement(element, "published").text = format_rfc3339(article.published)
    if hero is not None:
        etree.SubElement(element, f"{{{MEDIA_NS}}}thumbnail", url=hero.url)
    return element


def _in_document(element: Any, document: bytes, *, depth: int) -> bytes:
    """``element`` serialized as the pretty-printed ``document`` would hold it."""
    root: Any = etree.fromstring(document)
    top = etree.Element(root.tag, nsmap=root.nsmap)
    parent = top
    for _ in range(depth - 1):
        parent = etree.SubElement(parent, "channel")
    parent.append(element)
    lines = etree.tostring(top, pretty_print=True, encoding="UTF-8").splitlines(True)
    return b"".join(lines[depth:-depth])


_RSS_PLAIN_TEXT = re.compile(
    rb"(<(title|description|category|dc:creator|author)>)([^<]*)(</\2>)"
)


def _hex_references(match: re.Match[bytes]) -> bytes:
    text = match.group(3).replace(b"&lt;", b"&#x3C;").replace(b"&amp;", b"&#x26;")
    return match.group(1) + text + match.group(4)


def _documents(item: FeedItem) -> tuple[bytes, bytes, Any, Any]:
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
    return rss.join([]), atom.join([]), render_rss_item, render_atom_entry


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(items())
def test_items_are_the_bytes_lxml_writes(item: FeedItem) -> None:
    rss_document, atom_document, render_rss_item, render_atom_entry = _documents(item)
    want_rss = _RSS_PLAIN_TEXT.sub(
        _hex_references, _in_document(_lxml_rss_item(item), rss_document, depth=2)
    )
    assert render_rss_item(item) == want_rss
    want_atom = _in_document(_lxml_atom_entry(item), atom_document, depth=1)
    assert render_atom_entry(item) == want_atom


def test_the_reference_sees_a_difference() -> None:
    # A carriage return is written as a reference in text and an attribute.
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
    rss_document, atom_document, render_rss_item, render_atom_entry = _documents(item)
    rss = render_rss_item(item)
    assert b"<title>a&#13;b</title>" in rss
    assert b"<description>s &#x26; t</description>" in rss
    assert b"&lt;p&gt;1 &lt; 2&lt;/p&gt;&#13;\n</content:encoded>" in rss
    atom = render_atom_entry(item)
    assert b'<category term="x&#9;y"/>' in atom
    assert rss != _in_document(_lxml_rss_item(item), rss_document, depth=2)  # (no hex)
    assert atom == _in_document(_lxml_atom_entry(item), atom_document, depth=1)


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
    from summitfeed._feed import DocumentParts

    parts = DocumentParts(b"[", b"]", joiner=b",")
    assert parts.pieces([]) == (b"[", b"]")
    assert parts.pieces([b"1"]) == (b"[", b"1", b"]")
    assert parts.join([b"1", b"2", b"3"]) == b"[1,2,3]"
    assert json.loads(parts.join([b"1", b"2"])) == [1, 2]
    xml = DocumentParts(b"<a>", b"</a>")
    assert xml.pieces(iter([b"<b/>", b"<c/>"])) == (b"<a>", b"<b/>", b"<c/>", b"</a>")


_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@given(st.text(alphabet=st.sampled_from(TRICKY + "\ud83d\x7f\x1f") | st.characters()))
def test_xml_safe_drops_exactly_what_xml_forbids(text: str) -> None:
    # (Its fast paths: printable text, ASCII text cleaned as bytes, the rest.)
    safe = xml_safe(text)
    assert safe == _XML_FORBIDDEN.sub("", text)
    etree.SubElement(etree.Element("a"), "b").text = safe  # lxml accepts it
    assert xml_safe(text.encode("ascii", "ignore").decode()) == _XML_FORBIDDEN.sub(
        "", text.encode("ascii", "ignore").decode()
    )
