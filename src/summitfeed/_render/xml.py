"""RSS 2.0 and Atom 1.0 documents: the only user of feedgen.

feedgen builds each document's head (the channel or feed element and all
but its items), serialized by lxml; the items are written by
:mod:`summitfeed._render.xml_items`, as the same serialization would hold them.
Two extensions registered through feedgen's extension mechanism write the
links it has no place for (hubs, RFC 5005 archives). What feedgen 1.0.0 gets
wrong, and that summitfeed does not do:

- Atom entry links lose ``rel``/``type``/``length`` (an enclosure becomes a
  second alternate link): each entry link is written with all three;
- its Media RSS extension wraps one ``media:content`` in ``media:group``:
  ``media:content`` and ``media:thumbnail`` are written side by side;
- ``content()`` without ``type`` or with ``CDATA``: content is escaped HTML;
- ``length="None"``: a length is written only when it is known (RSS needs one,
  so ``0`` there, as the RSS Advisory Board advises);
- name-only RSS authors are dropped: ``<author>`` or ``dc:creator`` is
  written, never both in one item;
- the channel ``<link>`` is the last link added: the site link is added last;
- ``add_entry`` prepends: items are in the feed's order;
- dates default to the clock: every date is set from the items;
- ``guid(url)`` says ``isPermaLink="false"``: true exactly when the id is the
  item's URL.
"""

from __future__ import annotations

import re
from typing import Any, Final

from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from summitfeed._dates import format_rfc822, format_rfc3339
from summitfeed._model import Feed, FeedFormat, Person
from summitfeed._render import xml_items
from summitfeed._render.parts import DocumentParts, ItemRenderer, whole_document
from summitfeed._render.xml_items import (
    DC_NS,
    ITEM_PREFIXES,
    MEDIA_NS,
)
from summitfeed._text import xml_safe
from summitfeed._version import __version__

__all__ = ["atom_parts", "render_atom", "render_rss", "rss_parts"]

ATOM_NS: Final = "http://www.w3.org/2005/Atom"
FH_NS: Final = "http://purl.org/syndication/history/1.0"
GENERATOR_URI: Final = "https://pypi.org/project/summitfeed/"


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


def _generator(feed: Feed, *, for_rss: bool) -> FeedGenerator:
    """The document without its items (they are rendered one by one)."""
    site = feed.site
    generator = FeedGenerator()
    if for_rss:
        generator.register_extension(
            "summitfeed", _RssFeedExtension, None, atom=False, rss=True
        )
    else:
        generator.register_extension(
            "summitfeed", _AtomFeedExtension, None, atom=True, rss=False
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


# The channel's plain-text elements, their text escaped with hexadecimal
# character references: the RSS Best Practices Profile asks for them, and the
# W3C validator warns when such text holds "<" or "&#" written as &lt; or
# &amp;. (Items are written so by xml_items.)
_RSS_PLAIN_TEXT: Final = re.compile(rb"(<(title|description|copyright)>)([^<]*)(</\2>)")


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
    _check_prefixes(root, "rss")

    head, tail, _ = _parts(root, closing=b"  </channel>\n</rss>", stylesheet=stylesheet)
    parts = DocumentParts(_RSS_PLAIN_TEXT.sub(_hex_references, head), tail)
    return parts, xml_items.rss_item


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
    _check_prefixes(root, "atom")
    parts = _parts(root, closing=b"</feed>", stylesheet=stylesheet)
    return parts, xml_items.atom_renderer(feed.site.base_url)


def _check_prefixes(root: Any, fmt: str) -> None:
    """The document declares the prefixes its items are written with."""
    for prefix, namespace in ITEM_PREFIXES[fmt].items():
        if root.nsmap.get(prefix) != namespace:  # pragma: no cover - a feedgen change
            raise RuntimeError(f"the {fmt} document does not declare {prefix}:")
