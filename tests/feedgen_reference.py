"""How summitfeed wrote an item before items were written as strings.

The item renderers of summitfeed 0.1.0's first version (git 1dd50c0,
src/summitfeed/_xml.py): a feedgen FeedEntry, two entry extensions for what
feedgen gets wrong, and lxml's serialization of the item inside an empty copy
of its document's root. tests/test_item_writers.py checks that the string
writers give the same bytes. Kept here as a test oracle only.

Since then a summary is HTML in RSS ``description``: a plain-text one is
given HTML-escaped, an HTML one (``summary_html``) as it is, and the Atom
summary says which (``type="html"``); the description is no longer among
the plain-text elements written with hexadecimal references.
"""

from __future__ import annotations

import html
import re
from typing import Any, Final

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension
from lxml import etree

from summitfeed._dates import format_rfc822, format_rfc3339
from summitfeed._model import FeedItem, Person
from summitfeed._render.xml_items import DC_NS, MEDIA_NS, atom_entry_id
from summitfeed._text import xml_safe


class _RssEntryExtension(BaseEntryExtension):  # type: ignore[misc]
    """RSS item elements written by us: authors, enclosure, Media RSS."""

    def __init__(self) -> None:
        self.item: FeedItem | None = None

    def extend_rss(self, entry: Any) -> Any:
        assert self.item is not None
        article = self.item.article
        for old in entry.findall("author"):
            entry.remove(old)
        anchor = entry.find("guid")
        position = list(entry).index(anchor)
        for element in _rss_authors(article.authors):
            entry.insert(position, element)
            position += 1
        hero = article.hero
        if hero is not None:
            if hero.mime_type is not None:
                etree.SubElement(
                    entry,
                    "enclosure",
                    url=hero.url,
                    length=str(hero.length or 0),
                    type=hero.mime_type,
                )
            media = etree.SubElement(entry, f"{{{MEDIA_NS}}}content", url=hero.url)
            if hero.mime_type is not None:
                media.set("type", hero.mime_type)
            media.set("medium", "image")
            if hero.length:
                media.set("fileSize", str(hero.length))
            if hero.width:
                media.set("width", str(hero.width))
            if hero.height:
                media.set("height", str(hero.height))
            # No media:description for the alt text: feedparser reads it as
            # the entry's content. The alt text is on the content's <img>.
            etree.SubElement(entry, f"{{{MEDIA_NS}}}thumbnail", url=hero.url)
        return entry


class _AtomEntryExtension(BaseEntryExtension):  # type: ignore[misc]
    """Atom entry links written by us, each with its rel, type and length."""

    def __init__(self) -> None:
        self.item: FeedItem | None = None

    def extend_atom(self, entry: Any) -> Any:
        assert self.item is not None
        article = self.item.article
        for old in entry.findall("link"):
            entry.remove(old)
        anchor = entry.find("summary")
        if anchor is None:  # pragma: no cover - every entry has a summary
            anchor = entry.find("content")
        position = list(entry).index(anchor)
        alternate = etree.Element(
            "link", rel="alternate", type="text/html", href=article.url
        )
        entry.insert(position, alternate)
        hero = article.hero
        if hero is not None:
            if hero.mime_type is not None:
                enclosure = etree.Element(
                    "link", rel="enclosure", type=hero.mime_type, href=hero.url
                )
                if hero.length:
                    enclosure.set("length", str(hero.length))
                entry.insert(position + 1, enclosure)
            etree.SubElement(entry, f"{{{MEDIA_NS}}}thumbnail", url=hero.url)
        return entry


def _rss_authors(authors: tuple[Person, ...]) -> list[Any]:
    if len(authors) == 1 and authors[0].email:
        element = etree.Element("author")
        element.text = xml_safe(f"{authors[0].email} ({authors[0].name})")
        return [element]
    elements = []
    for person in authors:
        element = etree.Element(f"{{{DC_NS}}}creator")
        element.text = xml_safe(person.name)
        elements.append(element)
    return elements


def _atom_person(person: Person) -> dict[str, str]:
    fields = {"name": xml_safe(person.name)}
    if person.email:
        fields["email"] = person.email
    if person.url:
        fields["uri"] = person.url
    return fields


def _entry(item: FeedItem, *, site_url: str, for_rss: bool) -> FeedEntry:
    """A feedgen entry for ``item``, with our entry extension for the format."""
    entry = FeedEntry()
    if for_rss:
        entry.register_extension("summitfeed", _RssEntryExtension, atom=False, rss=True)
    else:
        entry.register_extension(
            "summitfeed", _AtomEntryExtension, atom=True, rss=False
        )
    _fill_entry(entry, item, site_url=site_url, for_rss=for_rss)
    return entry


def _fill_entry(
    entry: FeedEntry, item: FeedItem, *, site_url: str, for_rss: bool
) -> None:
    article = item.article
    entry.summitfeed.item = item
    entry.title(xml_safe(article.title))
    # feedgen keeps one value for both: id() resets the guid's isPermaLink to
    # false and guid() overwrites the Atom id, so set only the one in use.
    if for_rss:
        entry.guid(article.id, permalink=article.id == article.url)
    else:
        entry.id(
            atom_entry_id(article.id, site_url=site_url, published=article.published)
        )
    entry.link(href=article.url, rel="alternate", type="text/html")
    entry.published(article.published)
    entry.pubDate(article.published)
    entry.updated(article.updated)
    # isSummary: without it feedgen also copies the summary into Atom <content>.
    # (summary() also sets the RSS description: rss_item() puts the HTML there.)
    entry.description(_summary_html(item) or "", isSummary=True)
    if item.summary_html is not None:
        entry.summary(item.summary_html, type="html")
    else:
        entry.summary(xml_safe(item.summary), type="text")
    if item.content_html is not None:
        entry.content(item.content_html, type="html")
    for person in article.authors:
        entry.author(_atom_person(person))
    if article.tags:
        # One call: feedgen checks each added category against all before it.
        entry.category([{"term": xml_safe(tag)} for tag in article.tags])


def _serialize(root: Any) -> bytes:
    data: bytes = etree.tostring(root, pretty_print=True, encoding="UTF-8")
    return data


def _item_xml(element: Any, root: Any, *, depth: int) -> bytes:
    """``element`` serialized as it is inside ``root``'s document at ``depth``.

    It is put into an empty copy of the document's elements above it (same
    namespaces, so no declaration moves) and cut out of the pretty-printed
    result: the bytes are those the whole document would hold.
    """
    top = etree.Element(root.tag, nsmap=root.nsmap)
    parent = top
    for _ in range(depth - 1):
        parent = etree.SubElement(parent, "channel")
    parent.append(element)
    text = _serialize(top)
    start = 0
    for _ in range(depth):
        start = text.index(b"\n", start) + 1
    end = text.rindex(b"\n", 0, len(text) - 1)  # the closing lines
    for _ in range(depth - 1):
        end = text.rindex(b"\n", 0, end)
    return text[start : end + 1]


# RSS plain-text elements whose text is escaped with hexadecimal character
# references: the RSS Best Practices Profile asks for them, and the W3C
# validator warns when such text holds "<" or "&#" written as &lt; or &amp;.
_RSS_PLAIN_TEXT: Final = re.compile(
    rb"(<(title|category|dc:creator|author|copyright)>)([^<]*)(</\2>)"
)


def _hex_references(match: re.Match[bytes]) -> bytes:
    text = match.group(3).replace(b"&lt;", b"&#x3C;").replace(b"&amp;", b"&#x26;")
    return match.group(1) + text + match.group(4)


def _summary_html(item: FeedItem) -> str:
    if item.summary_html is not None:
        return item.summary_html
    return html.escape(xml_safe(item.summary), quote=False)


def rss_item(item: FeedItem, root: Any) -> bytes:
    """The RSS item of ``item`` as the old writer gave it inside ``root``."""
    entry = _entry(item, site_url="", for_rss=True)
    element = entry.rss_entry()
    description = element.find("description")
    if description is not None and _summary_html(item):
        description.text = _summary_html(item)
    element.find("pubDate").text = format_rfc822(item.article.published)
    return _RSS_PLAIN_TEXT.sub(_hex_references, _item_xml(element, root, depth=2))


def atom_entry(item: FeedItem, root: Any, *, site_url: str) -> bytes:
    """The Atom entry of ``item`` as the old writer gave it inside ``root``."""
    element = _entry(item, site_url=site_url, for_rss=False).atom_entry()
    element.find("updated").text = format_rfc3339(item.article.updated)
    element.find("published").text = format_rfc3339(item.article.published)
    return _item_xml(element, root, depth=1)
