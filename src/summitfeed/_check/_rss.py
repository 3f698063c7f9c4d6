"""RSS 2.0: the specification, the RSS Advisory Board's best-practices profile,
and the content, Dublin Core, Atom-link and Media RSS modules."""

from __future__ import annotations

import re

from lxml import etree

from ._ext import (
    CHANNEL_EXTENSIONS_ONCE,
    DC_ONCE,
    ITEM_EXTENSIONS_ONCE,
    atom_link,
    channel_extensions,
    dc_table,
    full_uri_leaf,
    html_leaf,
    ignore,
    item_extensions,
    language_leaf,
    plain_leaf,
    text_leaf,
    value_leaf,
)
from ._model import Collector
from ._values import (
    character_data_problems,
    email_with_name_problems,
    html_problems,
    http_url_problems,
    int_or_none,
    mime_ok,
    plain_text_problems,
    rfc822_problems,
    rfc3339_problems,
    uri_problems,
)
from ._xml import (
    ATOM_FEED_ONCE,
    ATOM_NAMES,
    Handler,
    Key,
    Table,
    Walker,
    display,
    is_element,
    line_of,
    namespace_of,
    prefix_for,
)

_STRICT = frozenset(
    {"atom", "content", "dc", "dcterms", "media", "sy", "slash", "wfw", "itunes", "thr"}
)


def _k(name: str) -> Key:
    return ("", name)


def check_rss(root: etree._Element, c: Collector, *, source: bytes = b"") -> None:
    """Check an RSS document; ``source`` is its bytes, for the rules that
    look at how text is written."""
    ns = namespace_of(etree.QName(root))
    if ns is not None:
        c.add(
            "rss-namespaced-root",
            f"<rss> is in the namespace {ns!r}; RSS 2.0 elements are in no "
            'namespace (remove xmlns="...")',
            line_of(root),
        )
    w = Walker(c, ns, _STRICT, "rss")
    w.state["hex_lines"] = [b"&#x" in line for line in source.split(b"\n")]
    w.check_attrs(root, frozenset([_k("version")]))
    version = root.get("version")
    if version is None:
        w.report("rss-missing-version", '<rss> needs version="2.0"', root)
    elif version not in ("0.91", "0.92", "2.0"):
        w.report(
            "rss-bad-version",
            f'<rss> version={version!r} is not an RSS version (write version="2.0")',
            root,
        )
    w.state["version"] = version or "2.0"
    w.no_text(root)
    order = w.children(
        root,
        {_k("channel"): _channel, ("access", "restriction"): ignore},
        once=frozenset([_k("channel")]),
    )
    if _k("channel") not in order:
        w.report("rss-missing-channel", "<rss> needs a <channel> element", root)


# -- channel ---------------------------------------------------------------


def _title_leaf(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    if not value:
        w.report("blank-element", f"<{display(el)}> is empty (write a title)", el)
    w.add(el, plain_text_problems(value, f"<{display(el)}>"))
    _character_data(w, el, value, f"<{display(el)}>")


def _character_data(w: Walker, el: etree._Element, value: str, what: str) -> None:
    hex_lines = w.state.get("hex_lines")
    if not isinstance(hex_lines, list) or not hex_lines or el.sourceline is None:
        return
    if w.state.get("version") not in (None, "2.0"):
        return
    first = int(el.sourceline)  # type: ignore[call-overload]
    lines = (first, first + (el.text or "").count("\n"))
    w.add(el, character_data_problems(value, what, lines=lines, hex_lines=hex_lines))


_date_leaf = value_leaf(rfc822_problems)
_email_leaf = value_leaf(email_with_name_problems)


def _category(w: Walker, el: etree._Element) -> None:
    value = w.text(el, frozenset([_k("domain")]))
    w.add(el, plain_text_problems(value, "<category>"))
    _character_data(w, el, value, "<category>")


def _item_category(w: Walker, el: etree._Element) -> None:
    value = w.text(el, frozenset([_k("domain")]))
    if not value:
        w.report(
            "rss-category-blank", "<category> is empty (write a tag or remove it)", el
        )
    w.add(el, plain_text_problems(value, "<category>"))
    _character_data(w, el, value, "<category>")


def _ttl(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    number = int_or_none(value)
    if number is None or number <= 0:
        w.report(
            "rss-ttl-not-positive-integer",
            f"<ttl> {value!r} is not a number of minutes (write e.g. 60)",
            el,
        )


def _cloud(w: Walker, el: etree._Element) -> None:
    names = ("domain", "path", "registerProcedure", "protocol", "port")
    w.check_attrs(el, frozenset(_k(n) for n in names))
    w.no_text(el)
    for name in names:
        if el.get(name) is None:
            w.report("missing-attribute", f"<cloud> needs a {name} attribute", el)
    port = el.get("port")
    if port is not None:
        number = int_or_none(port)
        if number is None or number <= 0:
            w.report(
                "rss-cloud-bad-port",
                f"<cloud> port={port!r} is not a port number (write e.g. 80)",
                el,
            )


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _skip_hours(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el)
    w.no_text(el)
    hours: set[int] = set()

    def hour(w2: Walker, child: etree._Element) -> None:
        value = w2.text(child)
        number = int_or_none(value)
        if number is not None and (
            number in hours or (number in (0, 24) and 24 - number in hours)
        ):
            w2.report("rss-skip-invalid", f"<hour> {value} is listed twice", child)
        if number is None or not 0 <= number <= 23:
            if value != "24":
                w2.report(
                    "rss-skip-invalid",
                    f"<hour> {value!r} is not an hour (write 0 to 23)",
                    child,
                )
        else:
            hours.add(number)

    order = w.children(el, {_k("hour"): hour})
    if _k("hour") not in order:
        w.report("rss-skip-invalid", "<skipHours> needs at least one <hour>", el)
    elif len(order) > 24:
        w.report("rss-skip-invalid", "<skipHours> lists more than 24 hours", el)


def _skip_days(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el)
    w.no_text(el)
    days: set[str] = set()

    def day(w2: Walker, child: etree._Element) -> None:
        value = w2.text(child)
        if value not in _DAYS:
            w2.report(
                "rss-skip-invalid",
                f"<day> {value!r} is not a day (write Monday ... Sunday)",
                child,
            )
        elif value in days:
            w2.report("rss-skip-invalid", f"<day> {value} is listed twice", child)
        else:
            days.add(value)

    order = w.children(el, {_k("day"): day})
    if _k("day") not in order:
        w.report("rss-skip-invalid", "<skipDays> needs at least one <day>", el)
    elif len(order) > 7:
        w.report("rss-skip-invalid", "<skipDays> lists more than 7 days", el)


def _image_size(limit: int) -> Handler:
    def handler(w: Walker, el: etree._Element) -> None:
        value = w.text(el)
        number = int_or_none(value)
        if number is None or not 0 < number <= limit:
            w.report(
                "rss-image-bad-size",
                f"<image> <{display(el)}> {value!r} must be a whole number from 1 "
                f"to {limit}",
                el,
            )

    return handler


def _image(w: Walker, el: etree._Element) -> None:
    rdf = frozenset([("rdf", "resource"), ("rdf", "about"), ("rdf", "parseType")])
    w.check_attrs(el, rdf)
    w.no_text(el)
    table: Table = {
        _k("title"): _title_leaf,
        _k("link"): full_uri_leaf,
        _k("url"): full_uri_leaf,
        _k("width"): _image_size(144),
        _k("height"): _image_size(400),
        _k("description"): plain_leaf,
        **dc_table(),
    }
    once = frozenset(
        _k(n) for n in ("title", "link", "url", "width", "height", "description")
    )
    order = w.children(el, table, once=once | DC_ONCE)
    if el.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}resource") is not None:
        return
    w.require(
        el,
        order,
        ("title", "url", "link"),
        "rss-image-missing-element",
        "<image> needs a <{}> element",
    )


def _form_name(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9:._]*", value):
        w.report(
            "rss-textinput-bad-name",
            f"<textInput> <name> {value!r} is not a form field name "
            "(start with a letter)",
            el,
        )


def _channel_text_input(w: Walker, el: etree._Element) -> None:
    w.report(
        "rss-avoid-textinput",
        "<textInput> is ignored by nearly all readers (link to a search page instead)",
        el,
    )
    _text_input(w, el)


def _text_input(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el, frozenset([("rdf", "about")]))
    w.no_text(el)
    _text_input_fields(w, el, "<textInput>")


def _text_input_fields(w: Walker, el: etree._Element, shown: str) -> None:
    """The fields of a text input (RSS 2.0 <textInput>, RSS 1.0 <textinput>)."""
    table: Table = {
        _k("title"): plain_leaf,
        _k("description"): text_leaf,
        _k("name"): _form_name,
        _k("link"): full_uri_leaf,
        **dc_table(),
    }
    once = frozenset(_k(n) for n in ("title", "description", "name", "link"))
    order = w.children(el, table, once=once | DC_ONCE)
    w.require(
        el,
        order,
        ("title", "description", "name", "link"),
        "rss-textinput-missing-element",
        shown + " needs a <{}> element",
    )


def _channel_atom_link(w: Walker, el: etree._Element) -> None:
    info = atom_link(w, el, feed_level=True)
    if info.rel == "self":
        w.state["self"] = True


def _item_atom_link(w: Walker, el: etree._Element) -> None:
    atom_link(w, el, feed_level=False)


def _atom_date(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    w.add(el, rfc3339_problems(value, f"<{display(el)}>", "atom-date-not-rfc3339"))


def _atom_table(link_handler: Handler) -> Table:
    table: Table = {("atom", name): ignore for name in ATOM_NAMES}
    table[("atom", "link")] = link_handler
    table[("atom", "updated")] = _atom_date
    table[("atom", "published")] = _atom_date
    table[("atom", "id")] = full_uri_leaf
    return table


_CHANNEL_META = [
    "title",
    "link",
    "description",
    "language",
    "copyright",
    "managingEditor",
    "webMaster",
    "pubDate",
    "lastBuildDate",
    "category",
    "generator",
    "docs",
    "cloud",
    "ttl",
    "image",
    "textInput",
    "skipHours",
    "skipDays",
    "rating",
]
_CHANNEL_ONCE = frozenset(
    _k(n) for n in _CHANNEL_META if n not in ("category", "rating")
) | frozenset(("atom", n) for n in ATOM_FEED_ONCE)

_CHANNEL_PAIRS = (
    (_k("managingEditor"), ("dc", "creator")),
    (_k("webMaster"), ("dc", "publisher")),
    (_k("language"), ("dc", "language")),
    (_k("copyright"), ("dc", "rights")),
    (_k("lastBuildDate"), ("dcterms", "modified")),
    (_k("pubDate"), ("dc", "date")),
    (_k("category"), ("dc", "subject")),
)
_ITEM_PAIRS = (
    (_k("author"), ("dc", "creator")),
    (_k("pubDate"), ("dc", "date")),
    (_k("pubDate"), ("atom", "published")),
    (_k("guid"), ("atom", "id")),
    (_k("category"), ("dc", "subject")),
    (_k("source"), ("dc", "source")),
)


def _duplicate_semantics(
    w: Walker, el: etree._Element, order: list[Key], pairs: tuple[tuple[Key, Key], ...]
) -> None:
    for core, ext in pairs:
        if core in order and ext in order:
            w.report(
                "duplicate-semantics",
                f"<{display(el)}> has both <{core[1]}> and <{ext[0]}:{ext[1]}>, which "
                f"mean the same (keep one)",
                el,
            )


def _channel(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el, frozenset([("indexing", "index")]))
    w.no_text(el)
    w.state["guids"] = set()
    w.state["self"] = False
    table: Table = {
        _k("title"): _title_leaf,
        _k("link"): full_uri_leaf,
        _k("description"): plain_leaf,
        _k("language"): language_leaf,
        _k("copyright"): plain_leaf,
        _k("managingEditor"): _email_leaf,
        _k("webMaster"): _email_leaf,
        _k("pubDate"): _date_leaf,
        _k("lastBuildDate"): _date_leaf,
        _k("category"): _category,
        _k("generator"): text_leaf,
        _k("docs"): full_uri_leaf,
        _k("cloud"): _cloud,
        _k("ttl"): _ttl,
        _k("image"): _image,
        _k("textInput"): _channel_text_input,
        _k("skipHours"): _skip_hours,
        _k("skipDays"): _skip_days,
        _k("rating"): text_leaf,
        _k("item"): _item,
        **_atom_table(_channel_atom_link),
        **channel_extensions(),
    }
    order = w.children(el, table, once=_CHANNEL_ONCE | CHANNEL_EXTENSIONS_ONCE)
    w.require(
        el,
        order,
        ("title", "link", "description"),
        "rss-missing-channel-{}",
        "<channel> needs a <{}> element",
    )
    if w.state.get("version") == "2.0" and not w.state.get("self"):
        w.report(
            "rss-missing-self-link",
            '<channel> has no <atom:link rel="self"> (add one with the feed\'s own '
            'URL and type="application/rss+xml")',
            el,
        )
    _duplicate_semantics(w, el, order, _CHANNEL_PAIRS)
    _itunes_channel(w, el, order)
    _misplaced_items(w, el)


def _itunes_channel(w: Walker, el: etree._Element, order: list[Key]) -> None:
    """A podcast (any iTunes tag in the feed) should carry Apple's required tags."""
    itunes_ns = "http://www.itunes.com/dtds/podcast-1.0.dtd"
    if not any(
        prefix_for(namespace_of(etree.QName(node))) == "itunes"
        for node in el.iter()
        if is_element(node)
    ):
        return
    lang = el.get("{http://www.w3.org/XML/1998/namespace}lang")
    missing = []
    if _k("language") not in order and ("dc", "language") not in order and not lang:
        missing.append("language")
    for name in ("category", "explicit"):
        if ("itunes", name) not in order:
            missing.append(f"itunes:{name}")
    if ("itunes", "owner") not in order:
        missing.append("itunes:owner (with itunes:email)")
    for name in missing:
        w.report(
            "itunes-missing-element",
            f"<channel> is a podcast but has no <{name}>, which Apple Podcasts "
            f"requires ({itunes_ns})",
            el,
        )


def _misplaced_items(w: Walker, el: etree._Element) -> None:
    seen_item = False
    for child in el:
        if not is_element(child):
            continue
        key = w.key(child)
        if key == _k("item"):
            seen_item = True
        elif (
            seen_item
            and key is not None
            and ((key[0] == "" and key[1] in _CHANNEL_META) or key == ("atom", "link"))
        ):
            w.report(
                "rss-misplaced-item",
                f"<{display(child)}> comes after the first <item> (put channel "
                "elements before the items)",
                child,
            )
            return


# -- item ------------------------------------------------------------------


def _description(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    if w.state.get("version") == "0.91":
        w.add(el, plain_text_problems(value, "<description>"))
    else:
        w.add(el, html_problems(value))


def _enclosure(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el, frozenset(_k(n) for n in ("url", "length", "type")))
    w.no_text(el)
    length = el.get("length")
    if length is None:
        w.report(
            "rss-enclosure-missing-length",
            '<enclosure> needs a length attribute, the size in bytes (write length="0" '
            "when it is unknown)",
            el,
        )
    else:
        number = int_or_none(length)
        if number is None or number < 0:
            w.report(
                "rss-enclosure-bad-length",
                f"<enclosure> length={length!r} is not a size in bytes (write a whole "
                'number; length="0" when it is unknown)',
                el,
            )
    kind = el.get("type")
    if kind is None:
        w.report(
            "rss-enclosure-missing-type",
            '<enclosure> needs a type attribute (write e.g. type="audio/mpeg")',
            el,
        )
    elif not mime_ok(kind):
        w.report(
            "rss-enclosure-bad-type",
            f"<enclosure> type={kind!r} is not a media type (write e.g. audio/mpeg)",
            el,
        )
    url = el.get("url")
    if url is None:
        w.report(
            "rss-enclosure-missing-url",
            '<enclosure> needs a url attribute (write url="https://...")',
            el,
        )
    elif http_url_problems(url):
        w.report(
            "rss-enclosure-bad-url",
            f"<enclosure> url={url!r} is not an absolute http(s) URL with a full "
            "host name (write https://example.org/file.mp3)",
            el,
        )


def _guid(w: Walker, el: etree._Element) -> None:
    value = w.text(el, frozenset([_k("isPermaLink")]))
    flag = el.get("isPermaLink")
    if flag is not None and flag not in ("true", "false"):
        w.report(
            "rss-guid-bad-ispermalink",
            f'<guid> isPermaLink={flag!r} must be "true" or "false"',
            el,
        )
    permalink = flag is None or flag == "true"
    if permalink:
        lowered = value.lower()
        problems = uri_problems(value, "<guid>", absolute=True, iri=False)
        if lowered.startswith(("tag:", "urn:uuid:")) and not problems:
            w.report(
                "rss-guid-permalink-not-http",
                f"<guid> {value!r} is an identifier, not a web address, yet claims "
                'to be a permalink (add isPermaLink="false")',
                el,
            )
        for rule, message in problems:
            if rule == "url-unregistered-scheme" or rule in (
                "url-invalid-tag",
                "url-invalid-urn",
                "url-invalid-uuid",
            ):
                w.report(rule, message, el)
            else:
                w.report(
                    "rss-guid-permalink-not-url",
                    f"{message}; a guid is a permalink unless it says "
                    'isPermaLink="false"',
                    el,
                )
    elif len(value) < 9 and value.isdigit():
        w.report(
            "rss-guid-not-unique-enough",
            f"<guid> {value!r} is a short number, unlikely to be unique across feeds "
            "(use the item's URL or a tag: URI)",
            el,
        )
    guids = w.state.setdefault("guids", set())
    assert isinstance(guids, set)
    if not value:
        w.report("blank-element", "<guid> is empty (write the item's URL)", el)
    elif value in guids:
        w.report(
            "rss-duplicate-guid",
            f"<guid> {value!r} is used by an earlier item (give each item its own)",
            el,
        )
    else:
        guids.add(value)


def _source(w: Walker, el: etree._Element) -> None:
    value = w.text(el, frozenset([_k("url")]))
    url = el.get("url")
    if url is None:
        w.report("missing-attribute", "<source> needs a url attribute", el)
    else:
        w.add(el, uri_problems(url, "<source> url", absolute=True, iri=False))
    w.add(el, plain_text_problems(value, "<source>"))


_ITEM_ONCE = frozenset(
    _k(n)
    for n in [
        "title",
        "link",
        "description",
        "author",
        "comments",
        "pubDate",
        "guid",
        "source",
    ]
) | frozenset(
    [("content", "encoded"), ("content", "items")]
    + [
        ("atom", n)
        for n in ["id", "title", "summary", "author", "content", "published", "updated"]
    ]
)


def _item(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el)
    w.no_text(el)
    table: Table = {
        _k("title"): _title_leaf,
        _k("link"): full_uri_leaf,
        _k("description"): _description,
        _k("author"): _email_leaf,
        _k("category"): _item_category,
        _k("comments"): full_uri_leaf,
        _k("enclosure"): _enclosure,
        _k("guid"): _guid,
        _k("pubDate"): _date_leaf,
        _k("source"): _source,
        ("content", "encoded"): html_leaf,
        ("content", "items"): ignore,
        **_atom_table(_item_atom_link),
        **item_extensions(),
    }
    order = w.children(el, table, once=_ITEM_ONCE | ITEM_EXTENSIONS_ONCE)
    if _k("title") not in order and _k("description") not in order:
        w.report(
            "rss-item-missing-title-and-description",
            "<item> needs a <title> or a <description>",
            el,
        )
    version = str(w.state.get("version", "2.0"))
    if _k("guid") not in order and version.startswith("2."):
        w.report(
            "rss-item-missing-guid",
            "<item> has no <guid> (add one: readers use it to tell items apart)",
            el,
        )
    if order.count(_k("enclosure")) > 1:
        w.report(
            "rss-duplicate-enclosure",
            "<item> has more than one <enclosure>; many readers use only the first",
            el,
        )
    if ("content", "encoded") in order:
        first_content = order.index(("content", "encoded"))
        if _k("description") not in order[:first_content]:
            w.report(
                "rss-content-without-description",
                "<content:encoded> should follow a <description> holding the summary",
                el,
            )
    _duplicate_semantics(w, el, order, _ITEM_PAIRS)
