"""Hardened XML parsing and the element walker shared by RSS and Atom.

The parser never resolves entities, never reads a DTD, never touches the
network and refuses huge trees; a DOCTYPE that declares entities is refused
before parsing.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator

from lxml import etree

from ._model import Collector
from ._values import Problem

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM03_NS = "http://purl.org/atom/ns#"
XHTML_NS = "http://www.w3.org/1999/xhtml"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MEDIA_NS = "http://search.yahoo.com/mrss/"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

#: Well-known namespaces and their customary prefixes.
KNOWN_NAMESPACES: dict[str, str] = {
    "http://www.bloglines.com/about/specs/fac-1.0": "access",
    "http://webns.net/mvcb/": "admin",
    "http://purl.org/rss/1.0/modules/aggregation/": "ag",
    "http://purl.org/rss/1.0/modules/annotate/": "annotate",
    "http://www.w3.org/2007/app": "app",
    "http://media.tangent.org/rss/1.0/": "audio",
    "http://backend.userland.com/blogChannelModule": "blogChannel",
    "http://web.resource.org/cc/": "cc",
    "http://www.microsoft.com/schemas/rss/core/2005": "cf",
    "http://backend.userland.com/creativeCommonsRssModule": "creativeCommons",
    "http://purl.org/rss/1.0/modules/company": "company",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://conversationsnetwork.org/rssNamespace-1.0/": "conversationsNetwork",
    "http://my.theinfo.org/changed/1.0/rss/": "cp",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "http://purl.org/rss/1.0/modules/email/": "email",
    "http://purl.org/rss/1.0/modules/event/": "ev",
    "http://purl.org/syndication/history/1.0": "fh",
    "http://www.w3.org/2003/01/geo/wgs84_pos#": "geo",
    "http://geourl.org/rss/module/": "geourl",
    "http://www.georss.org/georss": "georss",
    "http://www.opengis.net/gml": "gml",
    "http://postneo.com/icbm": "icbm",
    "http://purl.org/rss/1.0/modules/image/": "image",
    "urn:atom-extension:indexing": "indexing",
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
    "http://rssnamespace.org/feedburner/ext/1.0": "feedburner",
    "http://xmlns.com/foaf/0.1/": "foaf",
    "http://purl.org/rss/1.0/modules/link/": "l",
    MEDIA_NS: "media",
    "http://www.w3.org/1998/Math/MathML": "mathml",
    "http://a9.com/-/spec/opensearchrss/1.0/": "opensearch10",
    "http://a9.com/-/spec/opensearch/1.1/": "opensearch",
    "http://www.opml.org/spec2": "opml",
    RDF_NS: "rdf",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
    "http://purl.org/rss/1.0/modules/reference/": "ref",
    "http://purl.org/rss/1.0/modules/richequiv/": "reqv",
    "http://purl.org/rss/1.0/modules/rss091#": "rss091",
    "http://purl.org/rss/1.0/modules/search/": "search",
    "http://purl.org/rss/1.0/modules/slash/": "slash",
    "http://purl.org/rss/1.0/modules/servicestatus/": "ss",
    "http://hacks.benhammersley.com/rss/streaming/": "str",
    "http://purl.org/rss/1.0/modules/subscription/": "sub",
    "http://feedsync.org/2007/feedsync": "sx",
    "http://www.w3.org/2000/svg": "svg",
    "http://purl.org/rss/1.0/modules/syndication/": "sy",
    "http://purl.org/rss/1.0/modules/taxonomy/": "taxo",
    "http://purl.org/rss/1.0/modules/threading/": "thr",
    "http://purl.org/syndication/thread/1.0": "thr",
    "http://madskills.com/public/xml/rss/module/trackback/": "trackback",
    "http://wellformedweb.org/CommentAPI/": "wfw",
    "http://purl.org/rss/1.0/modules/wiki/": "wiki",
    "http://www.usemod.com/cgi-bin/mb.pl?ModWiki": "wiki",
    "http://schemas.xmlsoap.org/soap/envelope/": "soap",
    ATOM_NS: "atom",
    XHTML_NS: "xhtml",
    "http://my.netscape.com/rdf/simple/0.9/": "rss090",
    "http://purl.org/rss/1.0/": "rss1",
    "http://purl.org/net/rss1.1#": "rss11",
    "http://base.google.com/ns/1.0": "g",
    XML_NS: "xml",
    "http://openid.net/xmlns/1.0": "openid",
    "http://earth.google.com/kml/2.0": "kml20",
    "http://earth.google.com/kml/2.1": "kml21",
    "http://www.opengis.net/kml/2.2": "kml22",
    "http://www.w3.org/1999/xlink": "xlink",
    "xri://$xrd*($v*2.0)": "xrd",
    "xri://$xrds": "xrds",
}
#: Namespaces that are recognised but whose vocabulary is not checked here.
QUIET_NAMESPACES = frozenset(
    {
        "http://schemas.google.com/g/2005",
        "http://www.rawvoice.com/rawvoiceRssModule/",
        "https://schema.org/",
        "http://schema.org/",
        "https://podcastindex.org/namespace/1.0",
        "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
    }
)


def _near(uri: str) -> str:
    m = re.match(r".*\w", uri)
    return m.group().lower() if m else uri


_NEAR_PREFIX = {_near(uri): prefix for uri, prefix in KNOWN_NAMESPACES.items()}
_PREFIX_URI: dict[str, str] = {}
for _uri, _prefix in KNOWN_NAMESPACES.items():
    _PREFIX_URI.setdefault(_prefix, _uri)


def prefix_for(uri: str | None) -> str | None:
    """The customary prefix of a well-known namespace (tolerating a lost slash)."""
    if not uri:
        return None
    return _NEAR_PREFIX.get(_near(uri))


# -- parsing ---------------------------------------------------------------

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_C1 = re.compile("[\x80-\x9f]")
_CHAR_REF = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);")
_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)
_ROOT_START = re.compile(r"<[A-Za-z_]")
_XML_DECL = re.compile(
    r"""^<\?xml\s+version\s*=\s*["']([^"']*)["']"""
    r"""(\s+encoding\s*=\s*["']([A-Za-z0-9._\-]+)["'])?"""
)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    return line, index - start + 1


def _decode(data: bytes) -> str | None:
    """Decode as an XML parser would, or None when that is not possible."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8"
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        head = data[:200].decode("ascii", errors="replace")
        m = _XML_DECL.match(head)
        encoding = (m.group(3) if m and m.group(3) else "utf-8").lower()
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def parse_xml(data: bytes, c: Collector) -> etree._Element | None:
    """Parse hardened; report why not (and return None) when it cannot be done."""
    text = _decode(data)
    if text is not None:
        scan = text.lstrip("\ufeff")
        m = _XML_DECL.match(scan)
        if m and m.group(1) != "1.0":
            c.add(
                "xml-bad-version",
                f"XML version {m.group(1)!r} is not supported by feed readers "
                '(write <?xml version="1.0"?>)',
                1,
                1,
            )
        doctype = _DOCTYPE.search(scan)
        root_start = _ROOT_START.search(scan, doctype.end()) if doctype else None
        end = root_start.start() if root_start else len(scan)
        if doctype and _ENTITY_DECL.search(scan, doctype.start(), end):
            line, col = _line_col(scan, doctype.start())
            c.add(
                "xml-entity-declaration",
                "the DOCTYPE declares entities, which are refused "
                "(remove the DOCTYPE and write characters directly)",
                line,
                col,
            )
            return None
        bad = _FORBIDDEN.search(scan)
        if bad is None:
            for ref in _CHAR_REF.finditer(scan):
                digits = ref.group(1)
                try:
                    point = int(digits[1:], 16) if digits[0] == "x" else int(digits)
                except ValueError:  # pragma: no cover - regex guarantees digits
                    continue
                if (
                    point > 0x10FFFF
                    or 0xD800 <= point <= 0xDFFF
                    or point in (0xFFFE, 0xFFFF)
                    or (point < 0x20 and point not in (0x9, 0xA, 0xD))
                ):
                    line, col = _line_col(scan, ref.start())
                    c.add(
                        "xml-forbidden-character",
                        f"the character reference {ref.group(0)} names a character "
                        "that XML forbids (remove it)",
                        line,
                        col,
                    )
                    return None
        else:
            line, col = _line_col(scan, bad.start())
            c.add(
                "xml-forbidden-character",
                f"U+{ord(bad.group()):04X} is a character that XML forbids (remove it)",
                line,
                col,
            )
            return None
        c1 = _C1.search(scan)
        if c1 is not None:
            line, col = _line_col(scan, c1.start())
            c.add(
                "xml-c1-control-character",
                f"U+{ord(c1.group()):04X} is a control character, usually a sign "
                "of text decoded as Latin-1 instead of Windows-1252 or UTF-8",
                line,
                col,
            )
    if text is not None and _DOCTYPE.search(text):
        data = _utf8_without_doctype(text)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        recover=False,
        remove_comments=False,
        remove_pis=False,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        _report_syntax_error(exc, parser.error_log, c, text is None)
        return None
    except (ValueError, TypeError) as exc:  # pragma: no cover - lxml edge cases
        c.add("xml-not-well-formed", f"not well-formed XML: {exc}")
        return None
    dtd: object = root.getroottree().docinfo.internalDTD
    if isinstance(dtd, etree.DTD) and list(getattr(dtd, "iterentities")()):  # noqa: B009
        c.add(
            "xml-entity-declaration",
            "the DOCTYPE declares entities, which are refused (remove the DOCTYPE)",
            1,
            None,
        )
        return None
    return root


_DOCTYPE_DECL = re.compile(r"<!DOCTYPE[^>\[]*(\[[^\]]*\])?\s*>", re.IGNORECASE)


def _utf8_without_doctype(text: str) -> bytes:
    """The document as UTF-8 with its DOCTYPE (known to declare no entities)
    blanked out, so that the parser has no DTD to fetch; line numbers stay."""
    m = _DOCTYPE_DECL.search(text)
    if m is not None:
        blank = "".join(ch if ch in "\r\n" else " " for ch in m.group())
        text = text[: m.start()] + blank + text[m.end() :]
    decl = _XML_DECL.match(text)
    if decl is not None and decl.group(2):
        start, end = decl.span(2)
        text = text[:start] + ' encoding="UTF-8"' + text[end:]
    return text.lstrip("\ufeff").encode("utf-8")


def _report_syntax_error(
    exc: etree.XMLSyntaxError,
    log: etree._ListErrorLog,
    c: Collector,
    undecodable: bool,
) -> None:
    entries = [e for e in log if e.level_name in ("ERROR", "FATAL")]
    first = entries[0] if entries else None
    message = (first.message if first is not None else str(exc)).strip()
    line = first.line if first is not None and first.line > 0 else exc.lineno
    column = first.column if first is not None and first.column > 0 else None
    lowered = message.lower()
    if "namespace prefix" in lowered and "not defined" in lowered:
        m = re.search(r"prefix (\S+)", message)
        prefix = m.group(1) if m else "?"
        c.add(
            "xml-undeclared-prefix",
            f"the namespace prefix {prefix!r} is used but not declared "
            f'(add xmlns:{prefix}="..." to the root element)',
            line,
            column,
        )
    elif undecodable or "encoding" in lowered or "utf-8" in lowered:
        c.add(
            "xml-invalid-encoding",
            f"the bytes do not match the declared encoding: {message} "
            "(save the file as UTF-8)",
            line,
            column,
        )
    else:
        c.add(
            "xml-not-well-formed",
            f"not well-formed XML: {message}",
            line,
            column,
        )


def check_namespace_declarations(root: etree._Element, c: Collector) -> None:
    """Mis-typed well-known namespaces and prefixes bound to the wrong URI."""
    seen: set[tuple[str | None, str]] = set()
    for el in root.iter():
        if not is_element(el):
            continue
        parent = el.getparent()
        inherited = parent.nsmap if parent is not None else {}
        for prefix, uri in el.nsmap.items():
            if inherited.get(prefix) == uri or (prefix, uri) in seen:
                continue
            seen.add((prefix, uri))
            line = line_of(el)
            if uri == "http://search.yahoo.com/mrss":
                c.add(
                    "namespace-media-rss-url",
                    f"the Media RSS namespace is {MEDIA_NS!r}, with a final slash",
                    line,
                )
                continue
            if prefix is None:
                if uri not in KNOWN_NAMESPACES and uri not in QUIET_NAMESPACES:
                    c.add(
                        "namespace-unknown",
                        f"the default namespace {uri!r} is not one feed readers "
                        "know; its elements are ignored",
                        line,
                    )
                continue
            if prefix in _PREFIX_URI and KNOWN_NAMESPACES.get(uri) != prefix:
                c.add(
                    "namespace-reserved-prefix",
                    f"the prefix {prefix!r} customarily means "
                    f"{_PREFIX_URI[prefix]!r}, not {uri!r} (use that URI or "
                    "another prefix)",
                    line,
                )
            elif uri not in KNOWN_NAMESPACES and uri not in QUIET_NAMESPACES:
                c.add(
                    "namespace-unknown",
                    f"the namespace {uri!r} is not one feed readers know; its "
                    "elements are ignored",
                    line,
                )


# -- walking ---------------------------------------------------------------

Key = tuple[str, str]  # (prefix, local name); prefix "" for the format's own
#: The Atom elements RSS feeds borrow (and readers understand).
ATOM_NAMES = (
    "author",
    "category",
    "content",
    "contributor",
    "generator",
    "icon",
    "id",
    "link",
    "logo",
    "published",
    "rights",
    "subtitle",
    "summary",
    "title",
    "updated",
)
#: The Atom elements a feed holds at most once.
ATOM_FEED_ONCE = (
    "generator",
    "id",
    "icon",
    "logo",
    "title",
    "subtitle",
    "rights",
    "updated",
)
#: Atom elements used outside their place: readers are warned, not refused.
_QUESTIONABLE: frozenset[Key] = frozenset(("atom", name) for name in ATOM_NAMES)
_MODULE_SPECS = {
    "media": "Media RSS 1.5.1 §Optional elements",
    "itunes": "Apple Podcasts RSS tags",
    "dc": "Dublin Core 1.1 (DCMI elements)",
    "dcterms": "DCMI Metadata Terms",
    "content": "RSS content module",
    "sy": "RSS syndication module",
    "slash": "RSS slash module",
    "wfw": "Well-Formed Web CommentAPI",
    "thr": "RFC 4685 §3-4",
    "atom": "RFC 4287 §4.2 (atom elements in RSS)",
}
_FORMAT_SECTIONS: dict[str, dict[str, str]] = {
    "rss": {
        "undefined-element": "RSS 2.0 §Extending RSS",
        "unexpected-attribute": "RSS 2.0 §Extending RSS",
        "unexpected-text": "RSS 2.0 §Elements of <channel> / <item>",
        "duplicate-element": "RSS 2.0 §Elements of <channel> / <item>",
        "missing-attribute": "RSS 2.0 §Elements of <item>",
        "blank-element": "RSS Best Practices Profile §Elements",
        "text-contains-html": "RSS Best Practices Profile §Encoding HTML",
    },
    "rss1": {
        "undefined-element": "RSS 1.0 §5 (core syntax)",
        "unexpected-attribute": "RSS 1.0 §5 (core syntax)",
        "unexpected-text": "RSS 1.0 §5 (core syntax)",
        "duplicate-element": "RSS 1.0 §5 (core syntax)",
        "missing-attribute": "RSS 1.0 §5.3 (rdf:about)",
        "blank-element": "RSS 1.0 §5 (core syntax)",
        "text-contains-html": "RSS 1.0 §5 (core syntax)",
    },
    "atom": {
        "undefined-element": "RFC 4287 §6.2",
        "unexpected-attribute": "RFC 4287 §6.2",
        "unexpected-text": "RFC 4287 §4.1",
        "duplicate-element": "RFC 4287 §4.1",
        "missing-attribute": "RFC 4287 §4.2",
        "blank-element": "RFC 4287 §3.1",
        "text-contains-html": "RFC 4287 §3.1.1.1",
    },
}
Handler = Callable[["Walker", etree._Element], None]
Table = dict[Key, Handler]


def namespace_of(qn: etree.QName) -> str | None:
    """The namespace URI of a qualified name, or None when it has none."""
    ns: object = qn.namespace
    return ns if isinstance(ns, str) and ns else None


def line_of(el: etree._Element | None) -> int | None:
    """The 1-based line an element starts on, when the parser knows it."""
    if el is None:
        return None
    line: object = el.sourceline
    return line if isinstance(line, int) else None


def is_element(node: etree._Element) -> bool:
    """False for comments, processing instructions and entity references."""
    tag: object = node.tag
    return isinstance(tag, str)


def text_of(el: etree._Element) -> str:
    """All character data inside ``el`` (comments and PIs excluded)."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if is_element(child):
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def own_text(el: etree._Element) -> str:
    """Character data directly inside ``el``, not inside its children."""
    parts: list[str] = [el.text or ""]
    for child in el:
        parts.append(child.tail or "")
    return "".join(parts)


def child_elements(el: etree._Element) -> Iterator[etree._Element]:
    for child in el:
        if is_element(child):
            yield child


def display(el: etree._Element) -> str:
    qn = etree.QName(el)
    prefix = el.prefix
    return f"{prefix}:{qn.localname}" if prefix else qn.localname


class Walker:
    """Dispatches elements to handlers and reports structural problems."""

    def __init__(
        self,
        c: Collector,
        own_ns: str | None,
        strict_prefixes: frozenset[str],
        fmt: str,
    ) -> None:
        self.c = c
        self.own_ns = own_ns
        self.strict = strict_prefixes
        self.fmt = fmt
        self.state: dict[str, object] = {}

    def add(self, el: etree._Element | None, problems: list[Problem]) -> None:
        for rule, message in problems:
            self.report(rule, message, el)

    def report(self, rule: str, message: str, el: etree._Element | None) -> None:
        self.c.add(rule, message, line_of(el), None, self._spec(rule, el))

    def _spec(self, rule: str, el: etree._Element | None) -> str | None:
        """Name the specification of the element for the structural rules."""
        sections = _FORMAT_SECTIONS.get(self.fmt, {})
        if rule not in sections:
            return None
        prefix = None
        if el is not None:
            prefix = prefix_for(namespace_of(etree.QName(el)))
        module = _MODULE_SPECS.get(prefix or "")
        if module is not None and not (self.fmt == "atom" and prefix == "atom"):
            return module
        return sections[rule]

    def key(self, el: etree._Element) -> Key | None:
        qn = etree.QName(el)
        ns = namespace_of(qn)
        if ns == self.own_ns or (ns is None and self.fmt == "rss"):
            return ("", qn.localname)
        if ns is None:
            # An element outside any namespace in an Atom document.
            self.report(
                "atom-undeterminable-vocabulary",
                f"<{qn.localname}> is in no namespace, so readers cannot tell what "
                "it means (put it in a namespace, or remove it)",
                el,
            )
            return None
        prefix = prefix_for(ns)
        if prefix is None:
            return None
        return (prefix, qn.localname)

    def check_attrs(
        self, el: etree._Element, expected: frozenset[tuple[str, str]] = frozenset()
    ) -> None:
        """Report attributes without namespace (or in a known one) not expected."""
        for name in el.attrib:
            qn = etree.QName(name)
            ns = namespace_of(qn)
            if ns == XML_NS:
                continue
            if ns is None:
                key = ("", qn.localname)
            else:
                prefix = prefix_for(ns)
                if prefix is None:
                    continue
                key = (prefix, qn.localname)
            if key in expected:
                continue
            shown = qn.localname if not key[0] else f"{key[0]}:{qn.localname}"
            self.report(
                "unexpected-attribute",
                f"<{display(el)}> does not take the attribute {shown} (remove it)",
                el,
            )
        lang = el.get(f"{{{XML_NS}}}lang")
        if lang:
            self.add(el, _lang(lang))
        base = el.get(f"{{{XML_NS}}}base")
        if base is not None:
            self.add(el, _base(base))

    def no_text(self, el: etree._Element) -> None:
        if own_text(el).strip():
            self.report(
                "unexpected-text",
                f"<{display(el)}> holds text directly; only elements belong there",
                el,
            )

    def require(
        self,
        el: etree._Element,
        order: list[Key],
        names: tuple[str, ...],
        rule: str,
        message: str,
    ) -> None:
        """Report each of the format's own names missing from order; {} in the
        rule and the message stands for the name."""
        for name in names:
            if ("", name) not in order:
                self.report(rule.format(name), message.format(name), el)

    def text(
        self, el: etree._Element, expected: frozenset[tuple[str, str]] = frozenset()
    ) -> str:
        """A text-only element: report attributes and child elements."""
        if self.fmt == "rss1":
            # RDF allows structured values: only plain text and attributes
            # of the RDF vocabulary are checked.
            self.check_attrs(
                el,
                expected
                | {("rdf", "parseType"), ("rdf", "datatype"), ("rdf", "resource")},
            )
            return text_of(el).strip()
        self.check_attrs(el, expected)
        for child in child_elements(el):
            self.report(
                "undefined-element",
                f"<{display(child)}> is not allowed inside <{display(el)}>, which "
                "holds text only (escape markup as &lt; or use CDATA)",
                child,
            )
        return text_of(el).strip()

    def children(
        self,
        el: etree._Element,
        table: Table,
        *,
        once: frozenset[Key] = frozenset(),
        lenient: frozenset[Key] = frozenset(),
        seen: list[Key] | None = None,
    ) -> list[Key]:
        """Dispatch each child to its handler; report undefined and repeated ones."""
        order: list[Key] = [] if seen is None else seen
        for child in child_elements(el):
            key = self.key(child)
            if key is None:
                if self.fmt == "rss":
                    self._no_namespace_inside_extension(child)
                continue
            handler = table.get(key)
            if handler is None:
                if (
                    key in lenient
                    or key in _QUESTIONABLE
                    or (key[0] and key[0] not in self.strict)
                ):
                    order.append(key)
                    continue
                name = f"{key[0]}:{key[1]}" if key[0] else key[1]
                self.report(
                    "undefined-element",
                    f"<{name}> is not defined inside <{display(el)}> "
                    "(check the spelling and the namespace, or remove it)",
                    child,
                )
                order.append(key)
                continue
            if key in once and key in order:
                name = f"{key[0]}:{key[1]}" if key[0] else key[1]
                self.report(
                    "duplicate-element",
                    f"<{display(el)}> has more than one <{name}> (keep one)",
                    child,
                )
            order.append(key)
            handler(self, child)
        return order

    def _no_namespace_inside_extension(self, el: etree._Element) -> None:
        for inner in el.iter():
            if inner is el or not is_element(inner):
                continue
            if namespace_of(etree.QName(inner)) is None:
                self.report(
                    "undefined-element",
                    f"<{etree.QName(inner).localname}> inside the extension element "
                    f"<{display(el)}> is in no namespace (give it the extension's "
                    "namespace)",
                    inner,
                )
                return


def _base(value: str) -> list[Problem]:
    from ._values import uri_problems

    return uri_problems(value, "xml:base", absolute=False, iri=True)


def _lang(value: str) -> list[Problem]:
    from ._values import language_problems

    return language_problems(value, "xml:lang")
