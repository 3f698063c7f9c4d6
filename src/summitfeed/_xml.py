"""RSS 2.0 and Atom 1.0 documents: the only user of feedgen.

feedgen builds the common elements; two extensions registered through its
extension mechanism write what feedgen 1.0.0 gets wrong or lacks, so none of
its traps reaches our output:

- entry links lose ``rel``/``type``/``length`` (an enclosure becomes a second
  alternate link): we write every Atom entry link ourselves;
- its Media RSS extension wraps one ``media:content`` in ``media:group``: we
  write ``media:content`` and ``media:thumbnail`` side by side;
- ``content()`` without ``type`` or with ``CDATA``: we always pass ``html``;
- ``length="None"``: a length is written only when it is known (RSS needs one,
  so ``0`` there, as the RSS Advisory Board advises);
- name-only RSS authors are dropped: we write ``<author>`` or ``dc:creator``
  ourselves, never both in one item;
- the channel ``<link>`` is the last link added: we add the site link last;
- ``add_entry`` prepends: we always append, in our own order;
- dates default to the clock: every date is set from the items;
- ``guid(url)`` says ``isPermaLink="false"``: we say true exactly when the
  id is the item's URL.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Final
from urllib.parse import quote, urlsplit

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from ._dates import format_rfc822, format_rfc3339
from ._feed import DocumentParts, ItemRenderer, whole_document
from ._model import Feed, FeedFormat, FeedItem, Person
from ._text import xml_safe
from ._version import __version__

__all__ = ["atom_entry_id", "atom_parts", "render_atom", "render_rss", "rss_parts"]

ATOM_NS: Final = "http://www.w3.org/2005/Atom"
DC_NS: Final = "http://purl.org/dc/elements/1.1/"
MEDIA_NS: Final = "http://search.yahoo.com/mrss/"
CONTENT_NS: Final = "http://purl.org/rss/1.0/modules/content/"
FH_NS: Final = "http://purl.org/syndication/history/1.0"
GENERATOR_URI: Final = "https://pypi.org/project/summitfeed/"

_URI_SCHEME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def atom_entry_id(item_id: str, *, site_url: str, published: dt.datetime) -> str:
    """The article id when it is an absolute URI, else a ``tag:`` URI (RFC 4151)."""
    if _URI_SCHEME.match(item_id):
        return item_id
    host = urlsplit(site_url).hostname or "localhost"
    day = published.astimezone(dt.UTC).date().isoformat()
    return f"tag:{host},{day}:{quote(item_id, safe='/-._~!$&()*+,;=:@')}"


class _RssFeedExtension(BaseExtension):  # type: ignore[misc]
    """RSS channel elements feedgen has no place for: hub and archive links."""

    def __init__(self) -> None:
        self.feed: Feed | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"dc": DC_NS, "media": MEDIA_NS}

    def extend_rss(self, rss: Any) -> Any:
        assert self.feed is not None
        channel = rss.find("channel")
        docs = channel.find("docs")
        if docs is not None:
            channel.remove(docs)
        anchor = channel.find(f"{{{ATOM_NS}}}link")
        position = list(channel).index(anchor) + 1
        for link in self.feed.links:
            element = etree.Element(f"{{{ATOM_NS}}}link", rel=link.rel, href=link.href)
            channel.insert(position, element)
            position += 1
        if _is_archive(self.feed):
            channel.insert(position, _fh_archive())
        return rss


class _AtomFeedExtension(BaseExtension):  # type: ignore[misc]
    """Atom feed links feedgen has no place for: hub and archive links.

    feedgen writes Atom elements without a namespace and declares the Atom
    namespace as the default, so ours are written the same way.
    """

    def __init__(self) -> None:
        self.feed: Feed | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"media": MEDIA_NS}

    def extend_atom(self, atom: Any) -> Any:
        assert self.feed is not None
        links = atom.findall("link")
        position = list(atom).index(links[-1]) + 1
        for link in self.feed.links:
            atom.insert(position, etree.Element("link", rel=link.rel, href=link.href))
            position += 1
        if _is_archive(self.feed):
            atom.insert(position, _fh_archive())
        return atom


def _is_archive(feed: Feed) -> bool:
    """An RFC 5005 archive document: one that links its ``current`` feed."""
    return any(link.rel == "current" for link in feed.links)


def _fh_archive() -> Any:
    # RFC 5005 section 4: an archive document says so with <fh:archive/>.
    return etree.Element(f"{{{FH_NS}}}archive", nsmap={"fh": FH_NS})


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


def _generator(feed: Feed, *, for_rss: bool) -> FeedGenerator:
    """The document without its items (they are rendered one by one)."""
    site = feed.site
    generator = FeedGenerator()
    if for_rss:
        generator.register_extension(
            "summitfeed", _RssFeedExtension, _RssEntryExtension, atom=False, rss=True
        )
    else:
        generator.register_extension(
            "summitfeed", _AtomFeedExtension, _AtomEntryExtension, atom=True, rss=False
        )
    generator.summitfeed.feed = feed
    generator.title(xml_safe(feed.title))
    generator.id(feed.url("atom"))
    generator.updated(feed.updated)
    generator.lastBuildDate(feed.updated)
    generator.description(xml_safe(feed.description))
    generator.subtitle(xml_safe(feed.description))
    generator.language(site.language)
    generator.generator("summitfeed", version=__version__, uri=GENERATOR_URI)
    self_format: FeedFormat = "rss" if for_rss else "atom"
    self_type = "application/rss+xml" if for_rss else "application/atom+xml"
    generator.link(href=feed.url(self_format), rel="self", type=self_type)
    # feedgen takes the last link added as the RSS channel's <link>.
    generator.link(href=site.base_url, rel="alternate", type="text/html")
    if site.rights:
        generator.rights(xml_safe(site.rights))
        generator.copyright(xml_safe(site.rights))
    if site.icon:
        generator.icon(site.icon)
    if site.logo:
        generator.logo(site.logo)
    image = site.logo or site.icon
    if for_rss and image:
        generator.image(url=image, title=xml_safe(feed.title), link=site.base_url)
    if not for_rss and any(not item.article.authors for item in feed.items):
        people = site.author or (Person(site.title),)
        for person in people:
            generator.author(_atom_person(person))
    return generator


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
    entry.description(xml_safe(item.summary), isSummary=True)
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


def _parts(root: Any, *, closing: bytes, stylesheet: str | None) -> DocumentParts:
    """The declaration, the stylesheet link, then ``root``, its items to go
    before its ``closing`` lines."""
    body = _serialize(root)
    cut = body.rindex(closing)
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    if stylesheet:
        head += f'<?xml-stylesheet type="text/css" href="{stylesheet}"?>\n'.encode()
    return DocumentParts(head + body[:cut], body[cut:])


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
    rb"(<(title|description|category|dc:creator|author|copyright)>)([^<]*)(</\2>)"
)


def _hex_references(match: re.Match[bytes]) -> bytes:
    text = match.group(3).replace(b"&lt;", b"&#x3C;").replace(b"&amp;", b"&#x26;")
    return match.group(1) + text + match.group(4)


def render_rss(feed: Feed, *, stylesheet: str | None = None) -> bytes:
    """The feed as an RSS 2.0 document."""
    return whole_document(feed, rss_parts(feed, stylesheet=stylesheet))


def rss_parts(
    feed: Feed, *, stylesheet: str | None = None
) -> tuple[DocumentParts, ItemRenderer]:
    """The RSS document of ``feed`` but for its items, and how to render one."""
    root, _ = _generator(feed, for_rss=True)._create_rss()
    root.find("channel").find("lastBuildDate").text = format_rfc822(feed.updated)
    site_url = feed.site.base_url

    def render(item: FeedItem) -> bytes:
        entry = _entry(item, site_url=site_url, for_rss=True)
        element = entry.rss_entry()
        # feedgen formats RFC 822 dates by switching the process locale;
        # written again with our own formatter, output never depends on it.
        element.find("pubDate").text = format_rfc822(item.article.published)
        return _RSS_PLAIN_TEXT.sub(_hex_references, _item_xml(element, root, depth=2))

    head, tail, _ = _parts(root, closing=b"  </channel>\n</rss>", stylesheet=stylesheet)
    return DocumentParts(_RSS_PLAIN_TEXT.sub(_hex_references, head), tail), render


def render_atom(feed: Feed, *, stylesheet: str | None = None) -> bytes:
    """The feed as an Atom 1.0 document."""
    return whole_document(feed, atom_parts(feed, stylesheet=stylesheet))


def atom_parts(
    feed: Feed, *, stylesheet: str | None = None
) -> tuple[DocumentParts, ItemRenderer]:
    """The Atom document of ``feed`` but for its entries, and how to render one."""
    root, _ = _generator(feed, for_rss=False)._create_atom()
    # Atom wants RFC 3339; feedgen's isoformat() would keep microseconds.
    root.find("updated").text = format_rfc3339(feed.updated)
    site_url = feed.site.base_url

    def render(item: FeedItem) -> bytes:
        element = _entry(item, site_url=site_url, for_rss=False).atom_entry()
        element.find("updated").text = format_rfc3339(item.article.updated)
        element.find("published").text = format_rfc3339(item.article.published)
        return _item_xml(element, root, depth=1)

    return _parts(root, closing=b"</feed>", stylesheet=stylesheet), render
