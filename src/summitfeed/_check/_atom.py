"""Atom 1.0 (RFC 4287): required elements, dates, IRIs, text constructs,
links, persons, and the extension modules feed readers understand."""

from __future__ import annotations

import base64
import binascii

from lxml import etree

from ._ext import (
    CHANNEL_EXTENSIONS_ONCE,
    DC_ONCE,
    ITEM_EXTENSIONS_ONCE,
    LinkInfo,
    atom_link,
    channel_extensions,
    ignore,
    item_extensions,
)
from ._model import Collector
from ._values import (
    HTML_TAGS,
    UNSAFE_TAGS,
    addr_spec_ok,
    canonical_problems,
    html_problems,
    mime_ok,
    plain_text_problems,
    rfc3339_problems,
    uri_problems,
)
from ._xml import (
    ATOM03_NS,
    ATOM_FEED_ONCE,
    ATOM_NS,
    XHTML_NS,
    XML_NS,
    Key,
    Table,
    Walker,
    child_elements,
    display,
    is_element,
    line_of,
    namespace_of,
    prefix_for,
    text_of,
)

_STRICT = frozenset(
    {"dc", "dcterms", "media", "sy", "slash", "wfw", "content", "itunes", "thr"}
)
_SVG_NS = "http://www.w3.org/2000/svg"
_MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_UNSAFE_XHTML = UNSAFE_TAGS | {"html", "head", "body"}


def _k(name: str) -> Key:
    return ("", name)


def check_atom(root: etree._Element, c: Collector) -> None:
    ns = namespace_of(etree.QName(root))
    if ns == ATOM03_NS:
        c.add(
            "atom-obsolete-namespace",
            f"this is Atom 0.3 ({ATOM03_NS}), which readers no longer support "
            f"(publish Atom 1.0, namespace {ATOM_NS})",
            line_of(root),
        )
        return
    if ns != ATOM_NS:
        c.add(
            "atom-missing-namespace",
            f"<{etree.QName(root).localname}> must be in the Atom namespace "
            f'(write xmlns="{ATOM_NS}")',
            line_of(root),
        )
        return
    w = Walker(c, ATOM_NS, _STRICT, "atom")
    if etree.QName(root).localname == "entry":
        _entry(w, root, feed_has_author=False)
    else:
        _feed(w, root)


# -- values ------------------------------------------------------------------


def _nows(w: Walker, el: etree._Element) -> str:
    raw = w.text(el)
    full = text_of(el)
    if full != full.strip():
        w.report(
            "atom-whitespace-in-value",
            f"<{display(el)}> has white space around its value (remove it)",
            el,
        )
    return raw


def _id(w: Walker, el: etree._Element) -> None:
    value = _nows(w, el)
    problems = uri_problems(value, f"<{display(el)}>", absolute=True, iri=True)
    w.add(el, problems)
    if not problems:
        w.add(el, canonical_problems(value, f"<{display(el)}>"))


def _date(w: Walker, el: etree._Element) -> None:
    value = _nows(w, el)
    w.add(el, rfc3339_problems(value, f"<{display(el)}>", "atom-date-not-rfc3339"))


def _icon(w: Walker, el: etree._Element) -> None:
    value = _nows(w, el)
    if not value:
        w.report("blank-element", f"<{display(el)}> is empty", el)
    w.add(el, uri_problems(value, f"<{display(el)}>", absolute=False, iri=True))


def _generator(w: Walker, el: etree._Element) -> None:
    value = w.text(el, frozenset([_k("uri"), _k("version")]))
    uri = el.get("uri")
    if uri is not None:
        w.add(el, uri_problems(uri, "<generator> uri", absolute=False, iri=True))
    if not value:
        w.report("blank-element", "<generator> is empty (write the program's name)", el)


def _category(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el, frozenset(_k(n) for n in ("term", "scheme", "label")))
    w.no_text(el)
    term = el.get("term")
    if term is None:
        w.report(
            "atom-category-missing-term",
            '<category> needs a term attribute (write term="tag")',
            el,
        )
    elif not term:
        w.report("blank-element", "<category> term is empty", el)
    scheme = el.get("scheme")
    if scheme is not None:
        w.add(el, uri_problems(scheme, "<category> scheme", absolute=True, iri=True))
    label = el.get("label")
    if label is not None:
        w.add(el, plain_text_problems(label, "<category> label"))


# -- persons -------------------------------------------------------------------


def _person_name(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    if not value:
        w.report("blank-element", "<name> is empty (write the person's name)", el)
    w.add(el, plain_text_problems(value, "<name>"))


def _person_email(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    if not addr_spec_ok(value):
        w.report(
            "email-invalid",
            f"<email> {value!r} is not an e-mail address (write mail@example.org)",
            el,
        )


def _person_uri(w: Walker, el: etree._Element) -> None:
    value = _nows(w, el)
    if not value:
        w.report("blank-element", "<uri> is empty", el)
    w.add(el, uri_problems(value, "<uri>", absolute=False, iri=True))


def _person(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el, frozenset([("rdf", "parseType")]))
    w.no_text(el)
    table: Table = {
        _k("name"): _person_name,
        _k("email"): _person_email,
        _k("uri"): _person_uri,
    }
    order = w.children(el, table, once=frozenset(table))
    if _k("name") not in order:
        w.report(
            "atom-person-missing-name",
            f"<{display(el)}> needs a <name> element",
            el,
        )


# -- text constructs -------------------------------------------------------------


def _text_construct(w: Walker, el: etree._Element, *, is_content: bool) -> str:
    """Check a text construct (or content); return its effective type."""
    w.check_attrs(el, frozenset([_k("type"), _k("src")]))
    src = el.get("src")
    kind = "" if src is not None else "text"
    declared = el.get("type")
    name = display(el)
    if declared is not None:
        kind = declared
        if not kind:
            w.report("blank-element", f"<{name}> has an empty type attribute", el)
    rule = "atom-content-bad-type" if is_content else "atom-text-bad-type"
    if not is_content and "/" in kind:
        w.report(
            rule,
            f"<{name}> type={kind!r} is not allowed (write text, html or xhtml)",
            el,
        )
    elif is_content and kind == "multipart/alternative":
        w.report(rule, f"<{name}> type={kind!r} is not allowed", el)
    elif (
        not (kind in ("text", "html", "xhtml") and src is None)
        and kind
        and not mime_ok(kind)
    ):
        w.report(
            rule,
            f"<{name}> type={kind!r} is neither text, html, xhtml nor a media type",
            el,
        )
    if src is not None:
        w.add(el, uri_problems(src, f"<{name}> src", absolute=False, iri=True))
    xml_kind = kind.endswith("+xml") or kind.endswith("/xml")
    if kind == "xhtml":
        _xhtml_body(w, el)
    elif not xml_kind:
        for child in child_elements(el):
            w.report(
                "undefined-element",
                f"<{display(child)}> is not allowed inside <{name}> of type "
                f'{kind or "text"} (escape the markup, or use type="xhtml")',
                child,
            )
    value = text_of(el)
    if kind == "text":
        w.add(el, plain_text_problems(value, f"<{name}>"))
    elif kind == "html" or kind.endswith("/html"):
        based = _has_base(el)
        w.add(el, html_problems(value, urls="none" if based else "relative"))
    elif "/" in kind and not xml_kind and not kind.startswith("text/"):
        try:
            base64.decodebytes(value.encode("ascii"))
        except (binascii.Error, UnicodeEncodeError):
            w.report(
                "atom-content-not-base64",
                f"<{name}> of type {kind} must hold base64-encoded data",
                el,
            )
    if not value.strip() and not list(child_elements(el)) and src is None:
        w.report("blank-element", f"<{name}> is empty", el)
    return kind


def _has_base(el: etree._Element) -> bool:
    node: etree._Element | None = el
    while node is not None:
        if node.get(f"{{{XML_NS}}}base"):
            return True
        node = node.getparent()
    return False


def _xhtml_body(w: Walker, el: etree._Element) -> None:
    name = display(el)
    kids = list(child_elements(el))
    first = kids[0] if kids else None
    if (
        first is None
        or (el.text or "").strip()
        or namespace_of(etree.QName(first)) != XHTML_NS
        or etree.QName(first).localname != "div"
    ):
        w.report(
            "atom-xhtml-missing-div",
            f'<{name} type="xhtml"> must wrap its content in one '
            f'<div xmlns="{XHTML_NS}">',
            el,
        )
    for div in kids:
        if (
            namespace_of(etree.QName(div)) == XHTML_NS
            and etree.QName(div).localname == "div"
        ):
            _xhtml_inside(w, div)


def _xhtml_inside(w: Walker, div: etree._Element) -> None:
    for node in div.iter():
        if node is div or not is_element(node):
            continue
        qn = etree.QName(node)
        ns, local = namespace_of(qn), qn.localname
        if ns is None:
            w.report(
                "atom-xhtml-missing-namespace",
                f"<{local}> inside the XHTML div is in no namespace "
                f'(declare xmlns="{XHTML_NS}" on the div)',
                node,
            )
        elif ns == XHTML_NS:
            if local in _UNSAFE_XHTML:
                w.report(
                    "html-unsafe-element",
                    f"XHTML content holds <{local}>, which feed readers strip "
                    "(remove it)",
                    node,
                )
            elif local not in HTML_TAGS:
                continue
            for attr in node.attrib:
                aq = etree.QName(attr)
                if namespace_of(aq) is None and aq.localname.startswith("on"):
                    w.report(
                        "html-event-handler",
                        f"XHTML content holds the event handler {aq.localname}= "
                        f"on <{local}> (remove it)",
                        node,
                    )
        elif ns in (_SVG_NS, _MATHML_NS):
            continue
        elif prefix_for(ns) is not None:
            w.report(
                "undefined-element",
                f"<{display(node)}> is not allowed inside XHTML content",
                node,
            )


def _text_handler(w: Walker, el: etree._Element) -> None:
    _text_construct(w, el, is_content=False)


# -- feed ------------------------------------------------------------------------

_FEED_META = frozenset(
    _k(n)
    for n in [
        "author",
        "category",
        "contributor",
        "generator",
        "id",
        "icon",
        "link",
        "logo",
        "title",
        "subtitle",
        "rights",
        "updated",
    ]
)
_FEED_ONCE = frozenset(_k(n) for n in ATOM_FEED_ONCE)


def _check_alternates(w: Walker, el: etree._Element, links: list[LinkInfo]) -> None:
    seen: set[tuple[str, str]] = set()
    for link in links:
        if link.rel != "alternate":
            continue
        key = (link.type, link.hreflang)
        if key in seen:
            w.report(
                "atom-duplicate-alternate-link",
                f"<{display(el)}> has two alternate links with type "
                f"{link.type or '(none)'!r} and hreflang {link.hreflang or '(none)'!r} "
                "(keep one, or tell them apart by type or hreflang)",
                el,
            )
            return
        seen.add(key)


def _feed_table(links: list[LinkInfo]) -> Table:
    def link(w: Walker, el: etree._Element) -> None:
        links.append(atom_link(w, el, feed_level=True))

    return {
        _k("author"): _person,
        _k("contributor"): _person,
        _k("category"): _category,
        _k("generator"): _generator,
        _k("id"): _id,
        _k("icon"): _icon,
        _k("logo"): _icon,
        _k("link"): link,
        _k("title"): _text_handler,
        _k("subtitle"): _text_handler,
        _k("rights"): _text_handler,
        _k("updated"): _date,
        ("app", "collection"): ignore,
        **channel_extensions(),
    }


def _feed(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el, frozenset([("indexing", "index")]))
    w.no_text(el)
    links: list[LinkInfo] = []
    table = _feed_table(links)
    order: list[Key] = []
    ids: dict[str, int] = {}
    updates: set[str] = set()
    state = {"entries": 0, "dup_ids": 0}

    def entry(w2: Walker, child: etree._Element) -> None:
        if state["entries"] == 0:
            _feed_metadata(w2, el, order[:-1], links)
        state["entries"] += 1
        feed_has_author = _k("author") in order
        entry_id, updated = _entry(w2, child, feed_has_author=feed_has_author)
        if entry_id:
            if entry_id in ids:
                state["dup_ids"] += 1
                w2.report(
                    "atom-duplicate-entry-id",
                    f"<entry> reuses the id {entry_id!r} of an earlier entry "
                    "(give each entry its own)",
                    child,
                )
            ids[entry_id] = ids.get(entry_id, 0) + 1
        if updated:
            if updated in updates:
                w2.report(
                    "atom-duplicate-updated",
                    f"two entries have the same <updated> {updated!r}; readers may "
                    "take them for one",
                    child,
                )
            updates.add(updated)

    table[_k("entry")] = entry
    w.children(
        el,
        table,
        once=_FEED_ONCE | CHANNEL_EXTENSIONS_ONCE,
        seen=order,
    )
    if state["entries"] == 0:
        _feed_metadata(w, el, order, links)
    else:
        entries = state["entries"]
        if entries > 9 and entries == state["dup_ids"] + 1:
            w.report(
                "atom-all-entry-ids-equal",
                "every <entry> has the same <id> (give each entry its own)",
                el,
            )
        seen_entry = False
        for child in child_elements(el):
            key = w.key(child) if namespace_of(etree.QName(child)) else None
            if key == _k("entry"):
                seen_entry = True
            elif seen_entry and key in _FEED_META:
                w.report(
                    "atom-misplaced-metadata",
                    f"<{display(child)}> comes after an <entry> (put feed elements "
                    "before the entries)",
                    child,
                )


def _feed_metadata(
    w: Walker, el: etree._Element, order: list[Key], links: list[LinkInfo]
) -> None:
    w.require(
        el,
        order,
        ("title", "id", "updated"),
        "atom-feed-missing-{}",
        "<feed> needs an <{}> element before its entries",
    )
    if not any(link.rel == "self" for link in links):
        w.report(
            "atom-missing-self-link",
            '<feed> has no <link rel="self"> (add one with the feed\'s own URL and '
            'type="application/atom+xml")',
            el,
        )
    _check_alternates(w, el, links)


# -- entry -----------------------------------------------------------------------

_ENTRY_ONCE = frozenset(
    _k(n)
    for n in [
        "content",
        "id",
        "published",
        "source",
        "rights",
        "summary",
        "title",
        "updated",
    ]
)


def _source(w: Walker, el: etree._Element) -> bool:
    """Check an entry's <source>; True when it names an author."""
    w.check_attrs(el, frozenset([("indexing", "index")]))
    w.no_text(el)
    links: list[LinkInfo] = []
    order = w.children(el, _feed_table(links), once=_FEED_ONCE | DC_ONCE)
    _check_alternates(w, el, links)
    return _k("author") in order


def _entry(
    w: Walker, el: etree._Element, *, feed_has_author: bool
) -> tuple[str | None, str | None]:
    w.check_attrs(el, frozenset([("rdf", "parseType")]))
    w.no_text(el)
    links: list[LinkInfo] = []
    found: dict[str, object] = {}

    def link(w2: Walker, child: etree._Element) -> None:
        links.append(atom_link(w2, child, feed_level=False))

    def content(w2: Walker, child: etree._Element) -> None:
        found["content_type"] = _text_construct(w2, child, is_content=True)
        found["content_src"] = child.get("src") is not None

    def entry_id(w2: Walker, child: etree._Element) -> None:
        _id(w2, child)
        found.setdefault("id", text_of(child).strip())

    def updated(w2: Walker, child: etree._Element) -> None:
        _date(w2, child)
        found.setdefault("updated", text_of(child).strip())

    def source(w2: Walker, child: etree._Element) -> None:
        if _source(w2, child):
            found["source_author"] = True

    table: Table = {
        _k("author"): _person,
        _k("contributor"): _person,
        _k("category"): _category,
        _k("content"): content,
        _k("id"): entry_id,
        _k("link"): link,
        _k("published"): _date,
        _k("updated"): updated,
        _k("source"): source,
        _k("rights"): _text_handler,
        _k("summary"): _text_handler,
        _k("title"): _text_handler,
        ("app", "edited"): _date,
        ("app", "control"): ignore,
        **item_extensions(),
    }
    order = w.children(el, table, once=_ENTRY_ONCE | ITEM_EXTENSIONS_ONCE)
    w.require(
        el,
        order,
        ("title", "id", "updated"),
        "atom-entry-missing-{}",
        "<entry> needs an <{}> element",
    )
    if (
        _k("author") not in order
        and not feed_has_author
        and not found.get("source_author")
    ):
        w.report(
            "atom-entry-missing-author",
            "<entry> needs an <author> (or the feed needs one before its entries)",
            el,
        )
    has_summary = _k("summary") in order
    if "content_type" in found:
        kind = str(found["content_type"])
        binary = "/" in kind and not (
            kind.endswith("+xml") or kind.endswith("/xml") or kind.startswith("text/")
        )
        if not has_summary and (found.get("content_src") or binary):
            w.report(
                "atom-entry-missing-summary",
                "<entry> whose content is not inline text needs a <summary>",
                el,
            )
    else:
        if not has_summary:
            w.report(
                "atom-entry-missing-textual-content",
                "<entry> has neither <content> nor <summary> (add one for readers)",
                el,
            )
        if not any(link.rel == "alternate" for link in links):
            w.report(
                "atom-entry-missing-content-or-alternate",
                '<entry> needs a <content> or a <link rel="alternate">',
                el,
            )
    _check_alternates(w, el, links)
    entry_id_value = found.get("id")
    updated_value = found.get("updated")
    return (
        entry_id_value if isinstance(entry_id_value, str) else None,
        updated_value if isinstance(updated_value, str) else None,
    )
