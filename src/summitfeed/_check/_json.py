"""JSON Feed 1.1: types, required members, dates, URLs, ids and content."""

from __future__ import annotations

import json.decoder
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Union, cast

from ._model import RULES, Collector
from ._values import html_problems, language_problems, rfc3339_problems, uri_problems

VERSIONS = ("https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1")

JValue = Union[dict[str, "JNode"], list["JNode"], str, int, float, bool, None]  # noqa: UP007


@dataclass(frozen=True, slots=True)
class JNode:
    value: JValue
    line: int
    column: int


class JsonSyntaxError(ValueError):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


scanstring = cast(
    Callable[[str, int], tuple[str, int]],
    getattr(json.decoder, "scanstring"),  # noqa: B009 - not in the type stubs
)
_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
_MAX_DEPTH = 200


class _Parser:
    """A small JSON parser that remembers where every value starts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0]
        for m in re.finditer("\n", text):
            self.line_starts.append(m.end())

    def where(self, index: int) -> tuple[int, int]:
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= index:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, index - self.line_starts[lo] + 1

    def fail(self, message: str, index: int) -> JsonSyntaxError:
        line, column = self.where(index)
        return JsonSyntaxError(message, line, column)

    def skip(self, index: int) -> int:
        m = _WS.match(self.text, index)
        return m.end() if m else index

    def parse(self) -> JNode:
        index = self.skip(0)
        node, index = self.value(index, 0)
        index = self.skip(index)
        if index != len(self.text):
            raise self.fail("extra data after the JSON value", index)
        return node

    def value(self, index: int, depth: int) -> tuple[JNode, int]:
        if depth > _MAX_DEPTH:
            raise self.fail(f"nested deeper than {_MAX_DEPTH} levels", index)
        line, column = self.where(index)
        text = self.text
        if index >= len(text):
            raise self.fail("unexpected end of data", index)
        ch = text[index]
        if ch == "{":
            members: dict[str, JNode] = {}
            index = self.skip(index + 1)
            if text.startswith("}", index):
                return JNode(members, line, column), index + 1
            while True:
                if not text.startswith('"', index):
                    raise self.fail("expected a quoted member name", index)
                try:
                    key, index = scanstring(text, index + 1)
                except ValueError as exc:
                    raise self.fail(f"bad string: {exc}", index) from None
                index = self.skip(index)
                if not text.startswith(":", index):
                    raise self.fail("expected ':' after a member name", index)
                child, index = self.value(self.skip(index + 1), depth + 1)
                members.setdefault(key, child)
                index = self.skip(index)
                if text.startswith(",", index):
                    index = self.skip(index + 1)
                    continue
                if text.startswith("}", index):
                    return JNode(members, line, column), index + 1
                raise self.fail("expected ',' or '}'", index)
        if ch == "[":
            items: list[JNode] = []
            index = self.skip(index + 1)
            if text.startswith("]", index):
                return JNode(items, line, column), index + 1
            while True:
                child, index = self.value(index, depth + 1)
                items.append(child)
                index = self.skip(index)
                if text.startswith(",", index):
                    index = self.skip(index + 1)
                    continue
                if text.startswith("]", index):
                    return JNode(items, line, column), index + 1
                raise self.fail("expected ',' or ']'", index)
        if ch == '"':
            try:
                string, end = scanstring(text, index + 1)
            except ValueError as exc:
                raise self.fail(f"bad string: {exc}", index) from None
            return JNode(string, line, column), end
        for literal, result in (("true", True), ("false", False), ("null", None)):
            if text.startswith(literal, index):
                return JNode(result, line, column), index + len(literal)
        m = _NUMBER.match(text, index)
        if m and m.end() > index:
            raw = m.group()
            if len(raw) > 400:
                raise self.fail("a number with more than 400 characters", index)
            number: int | float = float(raw) if (m.group(1) or m.group(2)) else int(raw)
            return JNode(number, line, column), m.end()
        raise self.fail(f"unexpected character {ch!r}", index)


def parse_json(text: str) -> JNode:
    return _Parser(text).parse()


def plain(node: JNode) -> object:
    """The ordinary Python value of a node (for tests and callers)."""
    if isinstance(node.value, dict):
        return {k: plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [plain(v) for v in node.value]
    return node.value


# -- validation ------------------------------------------------------------------

_TOP_KEYS = frozenset(
    [
        "version",
        "title",
        "home_page_url",
        "feed_url",
        "description",
        "user_comment",
        "next_url",
        "icon",
        "favicon",
        "author",
        "authors",
        "language",
        "expired",
        "hubs",
        "items",
    ]
)
_ITEM_KEYS = frozenset(
    [
        "id",
        "url",
        "external_url",
        "title",
        "content_html",
        "content_text",
        "summary",
        "image",
        "banner_image",
        "date_published",
        "date_modified",
        "author",
        "authors",
        "tags",
        "language",
        "attachments",
    ]
)
_AUTHOR_KEYS = frozenset({"name", "url", "avatar"})
_ATTACHMENT_KEYS = frozenset(
    {"url", "mime_type", "title", "size_in_bytes", "duration_in_seconds"}
)
_HUB_KEYS = frozenset({"type", "url"})
_TOP_STRINGS = [
    "title",
    "home_page_url",
    "feed_url",
    "description",
    "user_comment",
    "next_url",
    "icon",
    "favicon",
    "language",
]
_ITEM_STRINGS = [
    "url",
    "external_url",
    "title",
    "content_html",
    "content_text",
    "summary",
    "image",
    "banner_image",
    "date_published",
    "date_modified",
    "language",
]
_URL_KEYS = frozenset(
    [
        "home_page_url",
        "feed_url",
        "next_url",
        "icon",
        "url",
        "external_url",
        "image",
        "banner_image",
        "avatar",
    ]
)
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _type_name(value: JValue) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null"


class _Checker:
    def __init__(self, c: Collector) -> None:
        self.c = c
        self.version = VERSIONS[0]

    def add(self, rule: str, message: str, node: JNode) -> None:
        self.c.add(rule, message, node.line, node.column)

    def wrong_type(self, where: str, want: str, node: JNode) -> None:
        self.add(
            "json-wrong-type",
            f"{where} is {_type_name(node.value)}; it must be {want}",
            node,
        )

    def unknown_keys(
        self, obj: dict[str, JNode], allowed: frozenset[str], where: str
    ) -> None:
        for key, node in obj.items():
            if key not in allowed and not key.startswith("_"):
                self.add(
                    "json-unknown-key",
                    f"{where} has the unknown member {key!r} (extension members "
                    "must start with an underscore, e.g. _custom)",
                    node,
                )

    def strings(self, obj: dict[str, JNode], keys: list[str], where: str) -> None:
        for key in keys:
            node = obj.get(key)
            if node is None:
                continue
            if not isinstance(node.value, str):
                self.wrong_type(f"{where}.{key}", "a string", node)
                continue
            if key in _URL_KEYS:
                self.url(node.value, f"{where}.{key}", node)
            if key == "language":
                for rule, message in language_problems(node.value, f"{where}.language"):
                    self.add(rule, message, node)

    def url(self, value: str, where: str, node: JNode) -> None:
        if not _ABSOLUTE.match(value):
            self.add(
                "json-relative-url",
                f"{where} {value!r} is not an absolute URL (write https://...)",
                node,
            )
            return
        for rule, message in uri_problems(value, where, absolute=True, iri=True):
            if RULES[rule][0] == "warning":
                self.add(rule, message, node)
            else:
                self.add("json-invalid-url", message, node)

    def authors(self, obj: dict[str, JNode], where: str) -> None:
        old = obj.get("author")
        if old is not None:
            if self.version == VERSIONS[0]:
                self.add(
                    "json-deprecated-author",
                    f"{where}.author is deprecated in JSON Feed 1.1 (write "
                    "authors: [{...}])",
                    old,
                )
            self.author(old, f"{where}.author")
        node = obj.get("authors")
        if node is None:
            return
        if not isinstance(node.value, list):
            self.wrong_type(f"{where}.authors", "an array of author objects", node)
            return
        for i, item in enumerate(node.value):
            self.author(item, f"{where}.authors[{i}]")

    def author(self, node: JNode, where: str) -> None:
        if not isinstance(node.value, dict):
            self.wrong_type(where, "an object", node)
            return
        obj = node.value
        self.unknown_keys(obj, _AUTHOR_KEYS, where)
        self.strings(obj, ["name", "url", "avatar"], where)
        if not any(k in obj for k in _AUTHOR_KEYS):
            self.add(
                "json-author-empty",
                f"{where} has none of name, url, avatar (give at least one)",
                node,
            )

    def feed(self, root: JNode) -> None:
        if not isinstance(root.value, dict):
            self.add(
                "json-not-object",
                f"a JSON Feed is an object, not {_type_name(root.value)}",
                root,
            )
            return
        top = root.value
        version = top.get("version")
        if version is None:
            self.add(
                "json-missing-version",
                f'the feed needs "version": "{VERSIONS[0]}"',
                root,
            )
        elif version.value not in VERSIONS:
            self.add(
                "json-bad-version",
                f"version {version.value!r} is not a JSON Feed version "
                f"(write {VERSIONS[0]!r})",
                version,
            )
        else:
            assert isinstance(version.value, str)
            self.version = version.value
        self.unknown_keys(top, _TOP_KEYS, "feed")
        title = top.get("title")
        if title is None or (isinstance(title.value, str) and not title.value.strip()):
            self.add("json-missing-title", "the feed needs a title", title or root)
        self.strings(top, _TOP_STRINGS, "feed")
        for key, rule in (
            ("home_page_url", "json-missing-home-page-url"),
            ("feed_url", "json-missing-feed-url"),
        ):
            if key not in top:
                self.add(rule, f"the feed should have {key} (readers rely on it)", root)
        expired = top.get("expired")
        if expired is not None and not isinstance(expired.value, bool):
            self.wrong_type("feed.expired", "true or false", expired)
        self.authors(top, "feed")
        hubs = top.get("hubs")
        if hubs is not None:
            self.hubs(hubs)
        items = top.get("items")
        if items is None:
            self.add("json-missing-items", 'the feed needs "items": [...]', root)
            return
        if not isinstance(items.value, list):
            self.wrong_type("feed.items", "an array", items)
            return
        seen: dict[str, int] = {}
        for i, item in enumerate(items.value):
            self.item(item, i, seen)

    def hubs(self, node: JNode) -> None:
        if not isinstance(node.value, list):
            self.wrong_type("feed.hubs", "an array of hub objects", node)
            return
        for i, hub in enumerate(node.value):
            where = f"feed.hubs[{i}]"
            if not isinstance(hub.value, dict):
                self.wrong_type(where, "an object", hub)
                continue
            self.unknown_keys(hub.value, _HUB_KEYS, where)
            self.strings(hub.value, ["type", "url"], where)
            missing = [k for k in ("type", "url") if k not in hub.value]
            if missing:
                self.add(
                    "json-hub-incomplete",
                    f"{where} needs {' and '.join(missing)}",
                    hub,
                )

    def item(self, node: JNode, index: int, seen: dict[str, int]) -> None:
        where = f"items[{index}]"
        if not isinstance(node.value, dict):
            self.wrong_type(where, "an object", node)
            return
        obj = node.value
        self.unknown_keys(obj, _ITEM_KEYS, where)
        ident = obj.get("id")
        if ident is None or ident.value is None or ident.value == "":
            self.add(
                "json-item-missing-id",
                f"{where} needs an id (a string that never changes, e.g. its URL)",
                ident or node,
            )
        elif isinstance(ident.value, (dict, list, bool)):
            self.wrong_type(f"{where}.id", "a string", ident)
        else:
            if not isinstance(ident.value, str):
                self.add(
                    "json-item-id-not-string",
                    f"{where}.id is {_type_name(ident.value)}; it must be a string "
                    f'(write "{ident.value}")',
                    ident,
                )
            key = str(ident.value)
            if key in seen:
                self.add(
                    "json-duplicate-item-id",
                    f"{where}.id {key!r} is also the id of items[{seen[key]}] "
                    "(give each item its own)",
                    ident,
                )
            else:
                seen[key] = index
        self.strings(obj, _ITEM_STRINGS, where)
        if "content_html" not in obj and "content_text" not in obj:
            self.add(
                "json-item-missing-content",
                f"{where} needs content_html or content_text",
                node,
            )
        html = obj.get("content_html")
        if html is not None and isinstance(html.value, str):
            for rule, message in html_problems(html.value, urls="relative"):
                self.add(rule, f"{where}.content_html: {message}", html)
        for key in ("date_published", "date_modified"):
            date = obj.get(key)
            if date is not None and isinstance(date.value, str):
                # RFC 3339 §5.6 allows a lower-case t and z.
                value = date.value.replace("t", "T").replace("z", "Z")
                for rule, message in rfc3339_problems(
                    value, f"{where}.{key}", "json-date-not-rfc3339"
                ):
                    self.add(rule, message, date)
        tags = obj.get("tags")
        if tags is not None:
            if not isinstance(tags.value, list):
                self.wrong_type(f"{where}.tags", "an array of strings", tags)
            else:
                for i, tag in enumerate(tags.value):
                    if not isinstance(tag.value, str):
                        self.wrong_type(f"{where}.tags[{i}]", "a string", tag)
        self.authors(obj, where)
        attachments = obj.get("attachments")
        if attachments is not None:
            if not isinstance(attachments.value, list):
                self.wrong_type(f"{where}.attachments", "an array", attachments)
            else:
                for i, att in enumerate(attachments.value):
                    self.attachment(att, f"{where}.attachments[{i}]")

    def attachment(self, node: JNode, where: str) -> None:
        if not isinstance(node.value, dict):
            self.wrong_type(where, "an object", node)
            return
        obj = node.value
        self.unknown_keys(obj, _ATTACHMENT_KEYS, where)
        self.strings(obj, ["url", "mime_type", "title"], where)
        if "url" not in obj:
            self.add("json-attachment-missing-url", f"{where} needs a url", node)
        if "mime_type" not in obj:
            self.add(
                "json-attachment-missing-mime-type",
                f"{where} needs a mime_type (e.g. audio/mpeg)",
                node,
            )
        for key in ("size_in_bytes", "duration_in_seconds"):
            value = obj.get(key)
            if value is not None and (
                isinstance(value.value, bool)
                or not isinstance(value.value, (int, float))
            ):
                self.wrong_type(f"{where}.{key}", "a number", value)


def check_json(text: str, c: Collector) -> bool:
    """Check a JSON Feed; False when the text is not JSON at all."""
    try:
        root = parse_json(text)
    except JsonSyntaxError as exc:
        c.add("not-a-feed", f"not valid JSON: {exc}", exc.line, exc.column)
        return False
    _Checker(c).feed(root)
    return True
