"""JSON Feed 1.1 documents (https://www.jsonfeed.org/version/1.1/)."""

from __future__ import annotations

import json
from typing import Final

from summitfeed._dates import format_rfc3339
from summitfeed._model import Feed, FeedItem, Person
from summitfeed._render.parts import DocumentParts, ItemRenderer, whole_document
from summitfeed._text import xml_safe

__all__ = ["JSON_FEED_VERSION", "item_json", "json_parts", "render_json"]

JSON_FEED_VERSION: Final = "https://jsonfeed.org/version/1.1"


def _person(person: Person) -> dict[str, str]:
    fields = {"name": person.name}
    if person.url:
        fields["url"] = person.url
    return fields


def _item(item: FeedItem) -> dict[str, object]:
    article = item.article
    fields: dict[str, object] = {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "summary": item.summary,
        "date_published": format_rfc3339(article.published),
        "date_modified": format_rfc3339(article.updated),
        "language": article.language,
    }
    if item.content_html is not None:
        fields["content_html"] = item.content_html
    else:
        fields["content_text"] = item.summary
    if article.authors:
        fields["authors"] = [_person(person) for person in article.authors]
    if article.tags:
        fields["tags"] = list(article.tags)
    if article.hero is not None:
        fields["image"] = article.hero.url
        fields["banner_image"] = article.hero.url
    return fields


def render_json(feed: Feed) -> bytes:
    """The feed as a JSON Feed 1.1 document (UTF-8, keys sorted)."""
    return whole_document(feed, json_parts(feed))


def json_parts(feed: Feed) -> tuple[DocumentParts, ItemRenderer]:
    """The JSON Feed document of ``feed`` but for its items, and how to render one."""
    site = feed.site
    document: dict[str, object] = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": site.base_url,
        "feed_url": feed.url("json"),
        "description": feed.description,
        "language": site.language,
        "items": [],
    }
    # JSON Feed's icon is the large image (Atom's logo); its favicon the small one.
    if site.logo or site.icon:
        document["icon"] = site.logo or site.icon
    if site.icon:
        document["favicon"] = site.icon
    if site.author:
        document["authors"] = [_person(person) for person in site.author]
    if site.hubs:
        document["hubs"] = [{"type": "WebSub", "url": hub} for hub in site.hubs]
    # The items go where the empty list is: the key is written only there
    # (a quote inside a string is escaped, so no string holds '"items":[]').
    head, _, tail = _dumps(document).partition('"items":[]')
    parts = DocumentParts(
        xml_safe(head + '"items":[').encode("utf-8"),
        xml_safe("]" + tail + "\n").encode("utf-8"),
        joiner=b",",
    )
    return parts, item_json


def item_json(item: FeedItem) -> bytes:
    """One item as a JSON Feed document holds it (between its items' commas)."""
    fields = _item(item)
    text = None
    if item.content_html is None or item.content_html.isascii():
        # json's ASCII encoder is the faster one. Its output is the same as
        # the other's when it escaped nothing as \uXXXX, and then it is
        # ASCII: json escapes the only characters XML forbids there.
        text = _dumps(fields, ensure_ascii=True)
        if "\\u" in text:
            text = None
    if text is None:
        text = xml_safe(_dumps(fields))
    return text.encode("utf-8")


def _dumps(value: object, *, ensure_ascii: bool = False) -> str:
    # Compact: json's C encoder only runs without indent, and a full archive
    # of 10,000 items is written several times faster so.
    return json.dumps(
        value, ensure_ascii=ensure_ascii, sort_keys=True, separators=(",", ":")
    )
