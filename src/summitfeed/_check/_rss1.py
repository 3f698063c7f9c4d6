"""RSS 1.0 (RDF Site Summary): the required elements and rdf:about identifiers.

Older sites still publish it; the checks are the structural ones that break it
in readers, with the same modules as RSS 2.0.
"""

from __future__ import annotations

from lxml import etree

from ._ext import (
    DC_ONCE,
    ITEM_MODULES_ONCE,
    ITEM_MODULES_TABLE,
    SY_TABLE,
    THR_CHANNEL_TABLE,
    THR_ITEM_TABLE,
    dc_table,
    full_uri_leaf,
    html_leaf,
    ignore,
    plain_leaf,
    text_leaf,
)
from ._model import Collector
from ._rss import (
    _atom_table,
    _channel_atom_link,
    _item_atom_link,
    _text_input_fields,
    _title_leaf,
)
from ._values import uri_problems
from ._xml import (
    RDF_NS,
    Key,
    Table,
    Walker,
    child_elements,
    display,
    namespace_of,
)

RSS1_NS = "http://purl.org/rss/1.0/"
RSS090_NS = "http://my.netscape.com/rdf/simple/0.9/"
_STRICT = frozenset({"atom", "content", "dc", "dcterms", "sy", "slash", "wfw", "thr"})
_ABOUT = f"{{{RDF_NS}}}about"
_RDF_ATTRS = frozenset([("rdf", "about")])


def _k(name: str) -> Key:
    return ("", name)


def check_rss1(root: etree._Element, c: Collector) -> None:
    if any(
        namespace_of(etree.QName(child)) == RSS090_NS for child in child_elements(root)
    ):
        return  # RSS 0.90: checked for well-formedness only
    w = Walker(c, RSS1_NS, _STRICT, "rss1")
    w.state["abouts"] = set()
    table: Table = {
        _k("channel"): _channel,
        _k("item"): _item,
        _k("image"): _image,
        _k("textinput"): _textinput,
        ("cc", "License"): ignore,
        ("taxo", "topic"): ignore,
        ("rdf", "Description"): ignore,
    }
    order = w.children(root, table, once=frozenset([_k("channel")]))
    if _k("channel") not in order:
        w.report("rss-missing-channel", "<rdf:RDF> needs a <channel> element", root)


def _about(w: Walker, el: etree._Element) -> None:
    about = el.get(_ABOUT)
    if about is None:
        w.report(
            "missing-attribute",
            f'<{display(el)}> needs an rdf:about attribute (write rdf:about="https://...")',
            el,
        )
        return
    w.add(
        el, uri_problems(about, f"<{display(el)}> rdf:about", absolute=False, iri=False)
    )


def _unique_about(w: Walker, el: etree._Element) -> None:
    about = el.get(_ABOUT)
    abouts = w.state.setdefault("abouts", set())
    assert isinstance(abouts, set)
    if about is None:
        return
    if about in abouts:
        w.report(
            "rss-duplicate-guid",
            f"<{display(el)}> rdf:about {about!r} is used by an earlier element "
            "(give each item its own)",
            el,
        )
    abouts.add(about)


def _channel(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el, _RDF_ATTRS)
    _about(w, el)
    table: Table = {
        _k("title"): _title_leaf,
        _k("link"): full_uri_leaf,
        _k("description"): plain_leaf,
        _k("image"): ignore,
        _k("textinput"): ignore,
        _k("items"): ignore,
        ("rdfs", "label"): text_leaf,
        ("rdfs", "comment"): text_leaf,
        **_atom_table(_channel_atom_link),
        **dc_table(),
        **SY_TABLE,
        **THR_CHANNEL_TABLE,
    }
    once = frozenset(_k(n) for n in ("title", "link", "description", "image", "items"))
    order = w.children(el, table, once=once | DC_ONCE)
    w.require(
        el,
        order,
        ("title", "link", "description"),
        "rss-missing-channel-{}",
        "<channel> needs a <{}> element",
    )
    if el.get(_ABOUT) is not None and _k("items") not in order:
        w.report(
            "rss-missing-channel",
            "<channel> needs an <items> list naming its items",
            el,
        )


def _item(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el, _RDF_ATTRS)
    _about(w, el)
    _unique_about(w, el)
    table: Table = {
        _k("title"): _title_leaf,
        _k("link"): full_uri_leaf,
        _k("description"): html_leaf,
        ("content", "encoded"): html_leaf,
        ("content", "items"): ignore,
        ("rdfs", "label"): text_leaf,
        ("rdfs", "comment"): text_leaf,
        **_atom_table(_item_atom_link),
        **dc_table(),
        **ITEM_MODULES_TABLE,
        **THR_ITEM_TABLE,
        ("thr", "children"): ignore,
    }
    once = frozenset(_k(n) for n in ("title", "link", "description"))
    order = w.children(el, table, once=once | DC_ONCE | ITEM_MODULES_ONCE)
    w.require(
        el,
        order,
        ("title", "link"),
        "rss-item-missing-title-and-description",
        "an RSS 1.0 <item> needs a <{}> element",
    )


def _image(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el, _RDF_ATTRS)
    _about(w, el)
    table: Table = {
        _k("title"): _title_leaf,
        _k("link"): full_uri_leaf,
        _k("url"): full_uri_leaf,
        **dc_table(),
    }
    once = frozenset(_k(n) for n in ("title", "link", "url"))
    order = w.children(el, table, once=once | DC_ONCE)
    w.require(
        el,
        order,
        ("title", "url", "link"),
        "rss-image-missing-element",
        "<image> needs a <{}> element",
    )


def _textinput(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el, _RDF_ATTRS)
    _about(w, el)
    _text_input_fields(w, el, "<textinput>")
