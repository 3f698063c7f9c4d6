"""RSS items and Atom entries as the bytes of their documents, without an XML library.

A feed document's head is built by feedgen and serialized by lxml
(:mod:`summitfeed._render.xml`); its items are written here, one string each, with
the elements, attribute order, indentation and escaping that lxml's
pretty-printed serialization gives them inside that document: a test builds
random items both ways and compares the bytes. Building each item as a tree
and serializing it costs several times as much (lxml checks every character
of a body once when it is set and escapes it again when it is written), and
a full archive has one item per article in each format.

Escaping, as libxml2 writes UTF-8: in text ``&``, ``<``, ``>`` and carriage
returns; in attributes also ``"``, tabs and line ends. Plain-text RSS
elements (title, category, author) write ``&`` and ``<`` as hexadecimal
character references: the RSS Best Practices Profile asks for them, and the
W3C validator warns when such text holds ``&lt;`` or ``&amp;``.

A summary is HTML in RSS ``description`` (every reader takes it so): a
plain-text one is HTML-escaped first, so that ``a < b`` is shown as written;
an HTML one (``FeedItem.summary_html``) is published as it is. Atom says
which it is: ``summary type="html"`` or ``type="text"``.
Every value is XML-safe: a FeedItem's summary and content are made so,
every other value goes through :func:`~summitfeed._text.xml_safe`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache, partial
from typing import Final
from urllib.parse import quote, urlsplit

from summitfeed._dates import format_rfc822, format_rfc3339
from summitfeed._model import FeedItem, HeroImage, Person
from summitfeed._text import xml_safe

__all__ = ["ITEM_PREFIXES", "atom_entry", "atom_entry_id", "rss_item"]

DC_NS: Final = "http://purl.org/dc/elements/1.1/"
MEDIA_NS: Final = "http://search.yahoo.com/mrss/"
CONTENT_NS: Final = "http://purl.org/rss/1.0/modules/content/"

ITEM_PREFIXES: Final = {"rss": {"content": CONTENT_NS, "dc": DC_NS, "media": MEDIA_NS},
                        "atom": {"media": MEDIA_NS}}  # fmt: skip
"""The namespace prefixes the items use, which their document's root declares."""

_URI_SCHEME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def atom_entry_id(item_id: str, *, site_url: str, published: dt.datetime) -> str:
    """The article id when it is an absolute URI, else a ``tag:`` URI (RFC 4151)."""
    if _URI_SCHEME.match(item_id):
        return item_id
    host = urlsplit(site_url).hostname or "localhost"
    day = published.astimezone(dt.UTC).date().isoformat()
    return f"tag:{host},{day}:{quote(item_id, safe='/-._~!$&()*+,;=:@')}"


def _text(value: str) -> str:
    """Element text as lxml escapes it."""
    return _escaped(xml_safe(value))


def _escaped(safe: str, ampersand: str = "&amp;", less_than: str = "&lt;") -> str:
    """Text already XML-safe (as a FeedItem's are), escaped as lxml does."""
    return (
        safe.replace("&", ampersand)
        .replace("<", less_than)
        .replace(">", "&gt;")
        .replace("\r", "&#13;")
    )


# An item's body is escaped alike for its RSS item and Atom entry, which are
# written one after the other: the second is taken from here. A str caches
# its hash, and a hit is found by identity first.
_escaped_body: Final = lru_cache(maxsize=2)(_escaped)


def _plain(value: str) -> str:
    """Plain-text RSS element text: ``&`` and ``<`` as hexadecimal references."""
    return _plain_escaped(xml_safe(value))


def _plain_escaped(safe: str) -> str:
    """As :func:`_plain`, of text already XML-safe."""
    return _escaped(safe, "&#x26;", "&#x3C;")


def _attribute(value: str) -> str:
    """An attribute value, quoted, as lxml escapes it: as text, and quotes,
    tabs and line ends too."""
    escaped = (
        _text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    )
    return f'"{escaped}"'


def rss_item(item: FeedItem) -> bytes:
    """The RSS ``<item>`` of ``item``, as its channel holds it.

    The elements, in order, that feedgen's FeedEntry.rss_entry() writes,
    without its traps (see :mod:`summitfeed._render.xml`): one author form, a
    permalink guid exactly when the id is the URL, the hero image as an
    enclosure and as Media RSS content and thumbnail.
    """
    article = item.article
    summary = item.summary or item.summary_html  # (XML-safe, as the content)
    content = item.content_html
    lines = ["    <item>"]
    title = _plain(article.title)
    if title or not (summary or content is not None):
        # (An item needs a title or a description: an empty title only
        # when it has neither, where feedgen refused the item.)
        lines.append(f"      <title>{title}</title>")
    lines.append(f"      <link>{_text(article.url)}</link>")
    if summary:
        description = _summary_html(item)
        lines.append(f"      <description>{_escaped(description)}</description>")
        if content is not None:
            lines.append(
                f"      <content:encoded>{_escaped_body(content)}</content:encoded>"
            )
    elif content is not None:  # (no summary: the content is the description)
        lines.append(f"      <description>{_escaped_body(content)}</description>")
    lines.extend(_rss_authors(article.authors))
    permalink = "true" if article.id == article.url else "false"
    lines.append(f'      <guid isPermaLink="{permalink}">{_text(article.id)}</guid>')
    lines.extend(f"      <category>{_plain(tag)}</category>" for tag in article.tags)
    lines.append(f"      <pubDate>{format_rfc822(article.published)}</pubDate>")
    if article.hero is not None:
        lines.extend(_rss_hero(article.hero))
    lines.append("    </item>\n")
    return "\n".join(lines).encode("utf-8")


def _summary_html(item: FeedItem) -> str:
    """The item's summary as HTML: as written, or its text escaped."""
    if item.summary_html is not None:
        return item.summary_html
    return item.summary.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rss_authors(authors: tuple[Person, ...]) -> list[str]:
    if len(authors) == 1 and authors[0].email:
        person = authors[0]
        return [f"      <author>{_plain(f'{person.email} ({person.name})')}</author>"]
    return [
        f"      <dc:creator>{_plain(person.name)}</dc:creator>" for person in authors
    ]


def _rss_hero(hero: HeroImage) -> list[str]:
    url = _attribute(hero.url)
    lines = []
    media = f"<media:content url={url}"
    if hero.mime_type is not None:
        kind = _attribute(hero.mime_type)
        length = hero.length or 0
        lines.append(f'      <enclosure url={url} length="{length}" type={kind}/>')
        media += f" type={kind}"
    media += ' medium="image"'
    if hero.length:
        media += f' fileSize="{hero.length}"'
    if hero.width:
        media += f' width="{hero.width}"'
    if hero.height:
        media += f' height="{hero.height}"'
    # No media:description for the alt text: feedparser reads it as the
    # entry's content. The alt text is on the content's <img>.
    lines.append(f"      {media}/>")
    lines.append(f"      <media:thumbnail url={url}/>")
    return lines


def atom_entry(item: FeedItem, *, site_url: str) -> bytes:
    """The Atom ``<entry>`` of ``item``, as its feed holds it.

    The elements, in order, that feedgen's FeedEntry.atom_entry() writes,
    each link with its rel, type and length (feedgen loses them).
    """
    article = item.article
    entry_id = atom_entry_id(article.id, site_url=site_url, published=article.published)
    lines = [
        "  <entry>",
        f"    <id>{_text(entry_id)}</id>",
        f"    <title>{_text(article.title)}</title>",
        f"    <updated>{format_rfc3339(article.updated)}</updated>",
    ]
    for person in article.authors:
        name = xml_safe(person.name)
        if name:  # (Atom requires a name)
            lines.append("    <author>")
            lines.append(f"      <name>{_text(name)}</name>")
            if person.email:
                lines.append(f"      <email>{_text(person.email)}</email>")
            if person.url:
                lines.append(f"      <uri>{_text(person.url)}</uri>")
            lines.append("    </author>")
    if item.content_html is not None:
        content = _escaped_body(item.content_html)
        if content:
            lines.append(f'    <content type="html">{content}</content>')
        else:
            lines.append('    <content type="html"/>')
    url = _attribute(article.url)
    lines.append(f'    <link rel="alternate" type="text/html" href={url}/>')
    hero = article.hero
    if hero is not None and hero.mime_type is not None:
        enclosure = (
            f'    <link rel="enclosure" type={_attribute(hero.mime_type)}'
            f" href={_attribute(hero.url)}"
        )
        if hero.length:
            enclosure += f' length="{hero.length}"'
        lines.append(enclosure + "/>")
    if item.summary_html:
        summary = _escaped(item.summary_html)
        lines.append(f'    <summary type="html">{summary}</summary>')
    elif item.summary:
        lines.append(f'    <summary type="text">{_escaped(item.summary)}</summary>')
    else:
        lines.append('    <summary type="text"/>')
    lines.extend(f"    <category term={_attribute(tag)}/>" for tag in article.tags)
    lines.append(f"    <published>{format_rfc3339(article.published)}</published>")
    if hero is not None:
        lines.append(f"    <media:thumbnail url={_attribute(hero.url)}/>")
    lines.append("  </entry>\n")
    return "\n".join(lines).encode("utf-8")


def atom_renderer(site_url: str) -> Callable[[FeedItem], bytes]:
    """How every Atom document of the site at ``site_url`` writes an entry."""
    return partial(atom_entry, site_url=site_url)
