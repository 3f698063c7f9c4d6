"""Extension elements shared by RSS and Atom: Dublin Core, content, Media RSS,
syndication, slash, wfw, and atom:link (also used inside RSS channels)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from email.utils import getaddresses
from urllib.parse import urlparse

from lxml import etree

from ._itunes_categories import CURRENT as CURRENT_CATEGORIES
from ._itunes_categories import RETIRED as RETIRED_CATEGORIES
from ._values import (
    Problem,
    addr_spec_ok,
    html_problems,
    int_or_none,
    language_problems,
    mime_ok,
    plain_text_problems,
    rfc3339_problems,
    uri_problems,
    w3cdtf_problems,
)
from ._values import http_url_problems as http_url_invalid
from ._xml import (
    XML_NS,
    Handler,
    Key,
    Table,
    Walker,
    child_elements,
    display,
    own_text,
    text_of,
)

# -- small handlers ----------------------------------------------------------


def ignore(w: Walker, el: etree._Element) -> None:
    """An element whose content is not checked."""


def text_leaf(w: Walker, el: etree._Element) -> None:
    w.text(el)


def value_leaf(check: Callable[[str, str], list[Problem]]) -> Handler:
    """A text-only element whose value check judges (named as <prefix:name>)."""

    def leaf(w: Walker, el: etree._Element) -> None:
        w.add(el, check(w.text(el), f"<{display(el)}>"))

    return leaf


plain_leaf = value_leaf(plain_text_problems)


def full_uri_leaf(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    w.add(el, uri_problems(value, f"<{display(el)}>", absolute=True, iri=False))


w3cdtf_leaf = value_leaf(w3cdtf_problems)
language_leaf = value_leaf(language_problems)


def html_leaf(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    w.add(el, html_problems(value))


def non_negative_leaf(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    number = int_or_none(value)
    if number is None or number < 0:
        w.report(
            "integer-invalid",
            f"<{display(el)}> {value!r} is not a whole number of zero or more",
            el,
        )


# -- Dublin Core --------------------------------------------------------------

DC_NAMES = [
    "title",
    "description",
    "publisher",
    "contributor",
    "type",
    "format",
    "identifier",
    "source",
    "language",
    "relation",
    "coverage",
    "rights",
    "creator",
    "subject",
    "date",
]
DCTERMS_NAMES = [
    "alternative",
    "abstract",
    "tableOfContents",
    "created",
    "valid",
    "available",
    "issued",
    "modified",
    "dateAccepted",
    "dateCopyrighted",
    "dateSubmitted",
    "extent",
    "isVersionOf",
    "hasVersion",
    "isReplacedBy",
    "replaces",
    "isRequiredBy",
    "requires",
    "isPartOf",
    "hasPart",
    "isReferencedBy",
    "references",
    "isFormatOf",
    "hasFormat",
    "conformsTo",
    "spatial",
    "temporal",
    "audience",
    "mediator",
    "accessRights",
    "accrualMethod",
    "accrualPeriodicity",
    "accrualPolicy",
    "bibliographicCitation",
    "educationLevel",
    "instructionalMethod",
    "license",
    "provenance",
    "rightsHolder",
]
_DCTERMS_DATES = {"created", "issued", "modified"}


def dc_table() -> Table:
    table: Table = {}
    for name in DC_NAMES:
        handler: Handler = text_leaf
        if name == "date":
            handler = w3cdtf_leaf
        elif name == "language":
            handler = language_leaf
        elif name == "rights":
            handler = plain_leaf
        table[("dc", name)] = handler
    for name in DCTERMS_NAMES:
        table[("dcterms", name)] = w3cdtf_leaf if name in _DCTERMS_DATES else ignore
    return table


DC_ONCE: frozenset[Key] = frozenset(
    ("dc", n)
    for n in ["title", "description", "type", "format", "source", "language", "rights"]
) | frozenset(("dcterms", n) for n in ["created", "issued", "modified", "abstract"])

# -- syndication, slash, wfw ---------------------------------------------------


def _sy_period(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    if value not in ("hourly", "daily", "weekly", "monthly", "yearly"):
        w.report(
            "sy-invalid-value",
            f"<{display(el)}> {value!r} is not a period "
            "(write hourly, daily, weekly, monthly or yearly)",
            el,
        )


def _sy_frequency(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    number = int_or_none(value)
    if number is None or number <= 0:
        w.report(
            "sy-invalid-value",
            f"<{display(el)}> {value!r} is not a positive whole number",
            el,
        )


SY_TABLE: Table = {
    ("sy", "updatePeriod"): _sy_period,
    ("sy", "updateFrequency"): _sy_frequency,
    ("sy", "updateBase"): w3cdtf_leaf,
}


def _slash_hit_parade(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    if not re.match(r"^\d+(,\s*\d+)*$", value):
        w.report(
            "integer-invalid",
            f"<{display(el)}> {value!r} is not a comma-separated list of numbers",
            el,
        )


ITEM_MODULES_TABLE: Table = {
    ("slash", "comments"): non_negative_leaf,
    ("slash", "section"): text_leaf,
    ("slash", "department"): text_leaf,
    ("slash", "hit_parade"): _slash_hit_parade,
    ("wfw", "comment"): full_uri_leaf,
    ("wfw", "commentRss"): full_uri_leaf,
    ("wfw", "commentRSS"): full_uri_leaf,
}
ITEM_MODULES_ONCE: frozenset[Key] = frozenset(
    [
        ("slash", "comments"),
        ("slash", "hit_parade"),
        ("wfw", "comment"),
        ("wfw", "commentRss"),
        ("wfw", "commentRSS"),
    ]
)

# -- Media RSS -----------------------------------------------------------------

_NPT = re.compile(r"^(now)|(\d+(\.\d+)?)|(\d+:\d\d:\d\d(\.\d+)?)$")
_FLOAT_PREFIX = re.compile(r"\d+\.?\d*")


def _media_bad(w: Walker, el: etree._Element, attr: str, value: str, want: str) -> None:
    w.report(
        "media-invalid-attribute",
        f"<{display(el)}> {attr}={value!r} is not valid (write {want})",
        el,
    )


def _positive_attr(w: Walker, el: etree._Element, attr: str) -> None:
    value = el.get(attr)
    if value:
        number = int_or_none(value)
        if number is None or number <= 0:
            _media_bad(w, el, attr, value, "a positive whole number")


def _url_attr(w: Walker, el: etree._Element, attr: str, *, required: bool) -> None:
    value = el.get(attr)
    if value:
        w.add(
            el, uri_problems(value, f"<{display(el)}> {attr}", absolute=True, iri=False)
        )
    elif required:
        w.report(
            "missing-attribute",
            f'<{display(el)}> needs a {attr} attribute (write {attr}="https://...")',
            el,
        )


def _attrs(*names: str) -> frozenset[tuple[str, str]]:
    return frozenset(("", n) for n in names)


def _media_thumbnail(w: Walker, el: etree._Element) -> None:
    w.text(el, _attrs("height", "time", "url", "width"))
    time_value = el.get("time")
    if time_value and not _NPT.match(time_value):
        _media_bad(w, el, "time", time_value, "an NPT time such as 12.5 or 0:01:02")
    _url_attr(w, el, "url", required=True)
    _positive_attr(w, el, "height")
    _positive_attr(w, el, "width")


def _media_player(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el, _attrs("height", "url", "width"))
    w.no_text(el)
    _url_attr(w, el, "url", required=True)
    _positive_attr(w, el, "height")
    _positive_attr(w, el, "width")


def _media_title(w: Walker, el: etree._Element) -> None:
    value = w.text(el, _attrs("type"))
    kind = el.get("type")
    if kind and kind not in ("plain", "html"):
        w.report(
            "media-invalid-text-type",
            f"<{display(el)}> type={kind!r} is not valid (write plain or html)",
            el,
        )
    if kind == "html":
        w.add(el, html_problems(value, urls="none"))
    else:
        w.add(el, plain_text_problems(value, f"<{display(el)}>"))


def _media_text(w: Walker, el: etree._Element) -> None:
    w.text(el, _attrs("end", "lang", "start", "type"))
    kind = el.get("type")
    if kind and kind not in ("plain", "html"):
        w.report(
            "media-invalid-text-type",
            f"<{display(el)}> type={kind!r} is not valid (write plain or html)",
            el,
        )
    for attr in ("start", "end"):
        value = el.get(attr)
        if value and not _NPT.match(value):
            _media_bad(w, el, attr, value, "an NPT time such as 12.5 or 0:01:02")
    lang = el.get("lang")
    if lang:
        w.add(el, language_problems(lang, f"<{display(el)}> lang"))


def _media_category(w: Walker, el: etree._Element) -> None:
    w.text(el, _attrs("label", "scheme"))
    _url_attr(w, el, "scheme", required=False)


def _media_copyright(w: Walker, el: etree._Element) -> None:
    w.text(el, _attrs("url"))
    _url_attr(w, el, "url", required=False)


def _media_credit(w: Walker, el: etree._Element) -> None:
    w.text(el, _attrs("role", "scheme"))


def _media_hash(w: Walker, el: etree._Element) -> None:
    value = w.text(el, _attrs("algo"))
    algo = el.get("algo")
    if algo and algo not in ("md5", "sha-1"):
        _media_bad(w, el, "algo", algo, "md5 or sha-1")
        return
    size = 40 if algo == "sha-1" else 32
    if not re.match(r"^[0-9A-Za-z]+$", value) or len(value) != size:
        w.report(
            "media-invalid-attribute",
            f"<{display(el)}> is not a {algo or 'md5'} digest "
            f"({size} hexadecimal digits)",
            el,
        )


def _media_rating(w: Walker, el: etree._Element) -> None:
    value = w.text(el, _attrs("scheme"))
    scheme = el.get("scheme") or "urn:simple"
    allowed = _RATINGS.get(scheme)
    if allowed is not None:
        if value not in allowed:
            w.report(
                "media-invalid-attribute",
                f"<{display(el)}> {value!r} is not a {scheme} rating "
                f"(write one of {', '.join(sorted(allowed))})",
                el,
            )
    elif scheme == "urn:icra":
        code = r"([nsvlocx]z [01]|(n[a-c]|s[a-f]|v[a-j]|l[a-c]|o[a-h]|c[a-b]|x[a-e]) 1)"
        if not re.match(rf"^r \({code}( {code})*\)$", value):
            w.report(
                "media-invalid-attribute",
                f"<{display(el)}> {value!r} is not an ICRA rating",
                el,
            )
    else:
        w.add(
            el,
            uri_problems(scheme, f"<{display(el)}> scheme", absolute=True, iri=False),
        )


_RATINGS = {
    "urn:simple": frozenset({"adult", "nonadult"}),
    "urn:mpaa": frozenset({"g", "m", "nc-17", "pg", "pg-13", "r", "x"}),
    "urn:v-chip": frozenset(
        {
            "14+",
            "18+",
            "c",
            "c8",
            "g",
            "pg",
            "tv-14",
            "tv-g",
            "tv-ma",
            "tv-pg",
            "tv-y",
            "tv-y7",
            "tv-y7-fv",
        }
    ),
}


def _media_restriction(w: Walker, el: etree._Element) -> None:
    w.text(el, _attrs("relationship", "type"))
    relationship = el.get("relationship")
    if not relationship:
        w.report(
            "missing-attribute",
            f'<{display(el)}> needs relationship="allow" or "deny"',
            el,
        )
    elif relationship not in ("allow", "deny"):
        _media_bad(w, el, "relationship", relationship, "allow or deny")
    kind = el.get("type")
    value = text_of(el).strip()
    if not kind:
        if value and value not in ("all", "none"):
            w.report(
                "media-invalid-attribute",
                f"<{display(el)}> {value!r} needs a type attribute "
                '(type="country" or type="uri"), or write all or none',
                el,
            )
    elif kind == "uri":
        w.add(el, uri_problems(value, f"<{display(el)}>", absolute=True, iri=False))
    elif kind not in ("country", "sharing"):
        _media_bad(w, el, "type", kind, "country, uri or sharing")


def _media_adult(w: Walker, el: etree._Element) -> None:
    w.text(el)


def _media_content(w: Walker, el: etree._Element) -> None:
    w.check_attrs(
        el,
        _attrs(
            "bitrate",
            "channels",
            "duration",
            "expression",
            "fileSize",
            "framerate",
            "height",
            "isDefault",
            "lang",
            "medium",
            "samplingrate",
            "type",
            "url",
            "width",
        ),
    )
    w.no_text(el)
    for attr in ("bitrate", "duration", "framerate", "samplingrate"):
        value = el.get(attr)
        if value and not _FLOAT_PREFIX.match(value):
            _media_bad(w, el, attr, value, "a number")
    channels = el.get("channels")
    if channels:
        number = int_or_none(channels)
        if number is None or number < 0:
            _media_bad(w, el, "channels", channels, "a whole number")
    expression = el.get("expression")
    if expression and expression not in ("sample", "full", "nonstop"):
        _media_bad(w, el, "expression", expression, "sample, full or nonstop")
    for attr in ("fileSize", "height", "width"):
        _positive_attr(w, el, attr)
    default = el.get("isDefault")
    if default and default.lower() not in ("true", "false"):
        _media_bad(w, el, "isDefault", default, "true or false")
    lang = el.get("lang")
    if lang:
        w.add(el, language_problems(lang, f"<{display(el)}> lang"))
    medium = el.get("medium")
    if medium and medium not in ("image", "audio", "video", "document", "executable"):
        _media_bad(
            w, el, "medium", medium, "image, audio, video, document or executable"
        )
    kind = el.get("type")
    if kind and not mime_ok(kind):
        _media_bad(w, el, "type", kind, "a media type such as image/jpeg")
    _url_attr(w, el, "url", required=False)
    w.children(el, {**MEDIA_ELEMENTS, **dc_table()}, once=MEDIA_ONCE | DC_ONCE)


def _media_group(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el)
    w.no_text(el)
    table: Table = {**MEDIA_ELEMENTS, ("media", "content"): _media_content}
    order = w.children(el, table, once=MEDIA_ONCE)
    if order.count(("media", "content")) < 2:
        w.report(
            "media-group-single-item",
            "<media:group> holds fewer than two <media:content> alternatives "
            "(put a single <media:content> directly in the item instead)",
            el,
        )


MEDIA_ELEMENTS: Table = {
    ("media", "adult"): _media_adult,
    ("media", "category"): _media_category,
    ("media", "copyright"): _media_copyright,
    ("media", "credit"): _media_credit,
    ("media", "description"): _media_title,
    ("media", "keywords"): text_leaf,
    ("media", "hash"): _media_hash,
    ("media", "player"): _media_player,
    ("media", "rating"): _media_rating,
    ("media", "restriction"): _media_restriction,
    ("media", "text"): _media_text,
    ("media", "title"): _media_title,
    ("media", "thumbnail"): _media_thumbnail,
}
MEDIA_ONCE: frozenset[Key] = frozenset(
    [("media", "copyright"), ("media", "description"), ("media", "title")]
)
MEDIA_TABLE: Table = {
    **MEDIA_ELEMENTS,
    ("media", "group"): _media_group,
    ("media", "content"): _media_content,
}

# -- atom:link -------------------------------------------------------------------

_REGISTERED_RELS = frozenset(
    [
        "alternate",
        "current",
        "describedby",
        "edit",
        "edit-media",
        "enclosure",
        "first",
        "hub",
        "last",
        "license",
        "next",
        "next-archive",
        "payment",
        "prev-archive",
        "previous",
        "related",
        "replies",
        "search",
        "self",
        "service",
        "up",
        "via",
    ]
)
_LINK_ATTRS = frozenset(
    [("", n) for n in ("type", "title", "rel", "href", "length", "hreflang")]
    + [("rdf", "type"), ("rdf", "resource")]
    + [("thr", "count"), ("thr", "when"), ("thr", "updated")]
)
_FULL_REL = re.compile(
    r"[a-zA-Z][0-9a-zA-Z+\-.]*:(//)?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$"
)


@dataclass(frozen=True, slots=True)
class LinkInfo:
    rel: str
    type: str
    hreflang: str
    href: str | None


def atom_link(w: Walker, el: etree._Element, *, feed_level: bool) -> LinkInfo:
    """Check one atom:link and return what its parent needs to know."""
    w.check_attrs(el, _LINK_ATTRS)
    rel = el.get("rel")
    if rel is not None:
        if rel.startswith("http://www.iana.org/assignments/relation/"):
            rel = rel[len("http://www.iana.org/assignments/relation/") :]
        if not rel:
            w.report("blank-element", "<link> has an empty rel attribute", el)
        elif rel not in _REGISTERED_RELS and not _FULL_REL.match(rel):
            w.report(
                "atom-unregistered-link-rel",
                f"<link> rel={rel!r} is neither a registered relation nor a URI",
                el,
            )
    else:
        rel = "alternate"
    kind = el.get("type")
    if kind is not None:
        if not mime_ok(kind):
            w.report(
                "mime-type-invalid",
                f"<link> type={kind!r} is not a media type (write e.g. text/html)",
                el,
            )
        elif rel == "self" and kind.split(";")[0] not in (
            "application/atom+xml",
            "application/rss+xml",
            "application/rdf+xml",
        ):
            w.report(
                "atom-self-link-type",
                f'<link rel="self"> type={kind!r} is not a feed type '
                "(write application/rss+xml or application/atom+xml)",
                el,
            )
    title = el.get("title")
    if title is not None:
        if not title:
            w.report("blank-element", "<link> has an empty title attribute", el)
        w.add(el, plain_text_problems(title, "<link> title"))
    length = el.get("length")
    if length is not None:
        number = int_or_none(length)
        if number is None or number < 0:
            w.report(
                "atom-link-bad-length",
                f"<link> length={length!r} is not a size in bytes "
                "(write a whole number, or leave length out)",
                el,
            )
    hreflang = el.get("hreflang")
    if hreflang is not None:
        w.add(el, language_problems(hreflang, "<link> hreflang"))
    href = el.get("href")
    if href is None:
        w.report(
            "atom-link-missing-href",
            '<link> needs an href attribute (write href="https://...")',
            el,
        )
    else:
        w.add(el, uri_problems(href, "<link> href", absolute=False, iri=True))
        if (
            rel == "self"
            and feed_level
            and not urlparse(href).netloc
            and not _absolute_base(el)
        ):
            w.report(
                "atom-relative-self-link",
                f'<link rel="self"> href={href!r} is relative '
                "(write the feed's own absolute URL)",
                el,
            )
    thread_link_attrs(w, el, rel)
    if own_text(el).strip() or any(
        text_of(child).strip() for child in child_elements(el)
    ):
        w.report("atom-link-not-empty", "<link> should be empty", el)
    return LinkInfo(rel=rel, type=kind or "", hreflang=hreflang or "", href=href)


def _absolute_base(el: etree._Element) -> bool:
    node: etree._Element | None = el
    while node is not None:
        base = node.get(f"{{{XML_NS}}}base")
        if base and urlparse(base).netloc:
            return True
        node = node.getparent()
    return False


# -- threading (RFC 4685) ----------------------------------------------------------


def _in_reply_to(w: Walker, el: etree._Element) -> None:
    w.text(el, _attrs("href", "ref", "source", "type"))
    ref = el.get("ref")
    if ref is not None:
        w.add(el, uri_problems(ref, "<thr:in-reply-to> ref", absolute=True, iri=True))
    for attr in ("href", "source"):
        value = el.get(attr)
        if value is not None:
            w.add(
                el,
                uri_problems(
                    value, f"<thr:in-reply-to> {attr}", absolute=False, iri=True
                ),
            )
    kind = el.get("type")
    if kind is not None and not mime_ok(kind):
        w.report(
            "mime-type-invalid",
            f"<thr:in-reply-to> type={kind!r} is not a media type",
            el,
        )


THR_ITEM_TABLE: Table = {
    ("thr", "total"): non_negative_leaf,
    ("thr", "in-reply-to"): _in_reply_to,
}
THR_CHANNEL_TABLE: Table = {("thr", "in-reply-to"): _in_reply_to}


def thread_link_attrs(w: Walker, el: etree._Element, rel: str) -> None:
    """The thr: attributes of an atom:link (RFC 4685 §4)."""
    thr = "{http://purl.org/syndication/thread/1.0}"
    count = el.get(thr + "count")
    if count is not None:
        if rel != "replies":
            w.report(
                "unexpected-attribute",
                '<link> takes thr:count only with rel="replies"',
                el,
            )
        number = int_or_none(count)
        if number is None or number < 0:
            w.report(
                "integer-invalid",
                f"<link> thr:count={count!r} is not a whole number of zero or more",
                el,
            )
    if el.get(thr + "when") is not None:
        w.report(
            "unexpected-attribute",
            "<link> does not take thr:when (write thr:updated)",
            el,
        )
    updated = el.get(thr + "updated")
    if updated is not None:
        if rel != "replies":
            w.report(
                "unexpected-attribute",
                '<link> takes thr:updated only with rel="replies"',
                el,
            )
        w.add(
            el,
            rfc3339_problems(updated, "<link> thr:updated", "atom-date-not-rfc3339"),
        )


# -- iTunes podcast tags -------------------------------------------------------------


def _itunes_bad(w: Walker, el: etree._Element, value: str, want: str) -> None:
    w.report(
        "itunes-invalid-value",
        f"<{display(el)}> {value!r} is not valid (write {want})",
        el,
    )


def _limited(limit: int) -> Handler:
    def handler(w: Walker, el: etree._Element) -> None:
        value = w.text(el)
        if len(value) > limit:
            _itunes_bad(w, el, value[:40] + "...", f"at most {limit} characters")

    return handler


def _raw_choice(*choices: str) -> Handler:
    def handler(w: Walker, el: etree._Element) -> None:
        w.text(el)
        value = text_of(el)
        if value.lower() not in choices:
            _itunes_bad(w, el, value, " or ".join(choices))

    return handler


def _enumerated(*choices: str) -> Handler:
    def handler(w: Walker, el: etree._Element) -> None:
        value = w.text(el)
        if value not in choices:
            _itunes_bad(w, el, value, " or ".join(choices))

    return handler


def _itunes_positive(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    number = int_or_none(value)
    if number is None or number <= 0:
        _itunes_bad(w, el, value, "a positive whole number")


def _itunes_duration(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    if not re.match(r"\d+(:[0-5][0-9](:[0-5][0-9])?)?$", value):
        _itunes_bad(w, el, value, "seconds, or H:MM:SS")


def _itunes_image(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el, _attrs("href"))
    w.no_text(el)
    href = el.get("href")
    if href is None:
        w.report(
            "missing-attribute",
            '<itunes:image> needs an href attribute (write href="https://...")',
            el,
        )
    elif http_url_invalid(href):
        _itunes_bad(w, el, href, "an absolute http(s) URL")


def _itunes_email(w: Walker, el: etree._Element) -> None:
    value = w.text(el)
    addresses = getaddresses([value])
    address = addresses[0][1] if len(addresses) == 1 and addresses[0][1] else value
    if not addr_spec_ok(address):
        w.report(
            "email-invalid",
            f"<itunes:email> {value!r} is not an e-mail address",
            el,
        )


def _itunes_owner(w: Walker, el: etree._Element) -> None:
    w.check_attrs(el)
    w.no_text(el)
    table: Table = {
        ("itunes", "email"): _itunes_email,
        ("itunes", "name"): _limited(255),
    }
    order = w.children(el, table, once=frozenset(table))
    if ("itunes", "email") not in order:
        w.report(
            "itunes-owner-missing-email",
            "<itunes:owner> needs an <itunes:email>",
            el,
        )


def _itunes_category(w: Walker, el: etree._Element) -> None:
    _itunes_category_level(w, el, None)


def _itunes_category_level(w: Walker, el: etree._Element, parent: str | None) -> None:
    w.check_attrs(el, _attrs("text"))
    w.no_text(el)
    text = el.get("text")
    if text is None:
        w.report(
            "missing-attribute",
            '<itunes:category> needs a text attribute (write text="Technology")',
            el,
        )
        return
    if parent is None:
        current: Collection[str] = CURRENT_CATEGORIES
        retired: Collection[str] = RETIRED_CATEGORIES
        where = "a category"
    else:
        current = CURRENT_CATEGORIES.get(parent, ())
        retired = RETIRED_CATEGORIES.get(parent, ())
        where = f"a subcategory of {parent!r}"
    if text not in current:
        if text in retired:
            w.report(
                "itunes-retired-category",
                f"<itunes:category> {text!r} is {where} that Apple Podcasts has "
                "retired (choose one from the current list)",
                el,
            )
        else:
            w.report(
                "itunes-invalid-category",
                f"<itunes:category> {text!r} is not {where} of Apple Podcasts "
                "(choose one from the current list, spelled exactly)",
                el,
            )

    def sub(w2: Walker, child: etree._Element) -> None:
        _itunes_category_level(w2, child, text)

    if parent is None:
        w.children(el, {("itunes", "category"): sub})
    else:
        w.children(el, {})


_ITUNES_COMMON: Table = {
    ("itunes", "author"): _limited(255),
    ("itunes", "block"): _raw_choice("yes", "no", "clean"),
    ("itunes", "explicit"): _raw_choice("true", "false"),
    ("itunes", "keywords"): _limited(255),
    ("itunes", "subtitle"): _limited(255),
    ("itunes", "summary"): _limited(4000),
    ("itunes", "image"): _itunes_image,
}
ITUNES_CHANNEL_TABLE: Table = {
    **_ITUNES_COMMON,
    ("itunes", "owner"): _itunes_owner,
    ("itunes", "category"): _itunes_category,
    ("itunes", "pubDate"): ignore,
    ("itunes", "new-feed-url"): full_uri_leaf,
    ("itunes", "type"): _enumerated("episodic", "serial"),
}
ITUNES_ITEM_TABLE: Table = {
    **_ITUNES_COMMON,
    ("itunes", "duration"): _itunes_duration,
    ("itunes", "title"): text_leaf,
    ("itunes", "episode"): _itunes_positive,
    ("itunes", "season"): _itunes_positive,
    ("itunes", "episodeType"): _enumerated("full", "trailer", "bonus"),
}
ITUNES_ONCE: frozenset[Key] = (
    frozenset(ITUNES_CHANNEL_TABLE) | frozenset(ITUNES_ITEM_TABLE)
) - {("itunes", "category")}


# -- other common modules: values checked, vocabulary not enforced ---------------------


def _coordinate(limit: float) -> Handler:
    def handler(w: Walker, el: etree._Element) -> None:
        value = w.text(el)
        try:
            number = float(value)
        except ValueError:
            number = limit + 1
        if not -limit <= number <= limit:
            w.report(
                "geo-invalid-coordinate",
                f"<{display(el)}> {value!r} is not a coordinate between {-limit:g} "
                f"and {limit:g}",
                el,
            )

    return handler


OTHER_CHANNEL_TABLE: Table = {
    ("geo", "lat"): _coordinate(90),
    ("geo", "long"): _coordinate(180),
    ("geourl", "latitude"): _coordinate(90),
    ("geourl", "longitude"): _coordinate(180),
    ("icbm", "latitude"): _coordinate(90),
    ("icbm", "longitude"): _coordinate(180),
    ("creativeCommons", "license"): full_uri_leaf,
    ("feedburner", "awareness"): full_uri_leaf,
    ("feedburner", "feedburnerHostname"): full_uri_leaf,
}
OTHER_ITEM_TABLE: Table = {
    **{k: v for k, v in OTHER_CHANNEL_TABLE.items() if k[0] != "feedburner"},
    ("feedburner", "origLink"): full_uri_leaf,
    ("feedburner", "origEnclosureLink"): full_uri_leaf,
    ("feedburner", "awareness"): full_uri_leaf,
}
OTHER_ONCE: frozenset[Key] = frozenset(
    ("feedburner", n)
    for n in (
        "origLink",
        "origEnclosureLink",
        "awareness",
        "browserFriendly",
        "emailServiceId",
        "feedburnerHostname",
    )
)


def channel_extensions() -> Table:
    """The modules a channel (RSS 2.0) or a feed (Atom) may hold."""
    return {
        **dc_table(),
        **SY_TABLE,
        **MEDIA_TABLE,
        **ITUNES_CHANNEL_TABLE,
        **THR_CHANNEL_TABLE,
        **OTHER_CHANNEL_TABLE,
    }


def item_extensions() -> Table:
    """The modules an item (RSS 2.0) or an entry (Atom) may hold."""
    return {
        **dc_table(),
        **MEDIA_TABLE,
        **ITEM_MODULES_TABLE,
        **ITUNES_ITEM_TABLE,
        **THR_ITEM_TABLE,
        **OTHER_ITEM_TABLE,
    }


CHANNEL_EXTENSIONS_ONCE = DC_ONCE | MEDIA_ONCE | ITUNES_ONCE | OTHER_ONCE
ITEM_EXTENSIONS_ONCE = (
    DC_ONCE
    | MEDIA_ONCE
    | ITEM_MODULES_ONCE
    | ITUNES_ONCE
    | OTHER_ONCE
    | {("thr", "total")}
)
