"""Value checks shared by the formats: URIs, dates, e-mail, languages, HTML.

Every function returns the findings it has (rule name and message) instead of
raising; the callers attach a line number.
"""

from __future__ import annotations

import datetime as _dt
import re
import time
from collections.abc import Sequence
from email.utils import getaddresses, parsedate, parsedate_tz
from html.entities import name2codepoint
from html.parser import HTMLParser
from urllib.parse import unquote

Problem = tuple[str, str]  # (rule, message)

# -- URIs ------------------------------------------------------------------

_URI_CHARSET = "0-9a-zA-Z;/?:@&=+$.\\-_!~*'()%,#"
_URI_CHAR = re.compile(f"[{_URI_CHARSET}]")
_FULL_URI = re.compile(f"[a-zA-Z][0-9a-zA-Z+\\-.]*:(//)?[{_URI_CHARSET}]+$")
_URI_REF = re.compile(
    f"([a-zA-Z][0-9a-zA-Z+\\-.]*:)?/{{0,2}}(\\[[0-9A-Fa-f:]+\\])?[{_URI_CHARSET}]*$"
)
_TAG_URI = re.compile(
    r"^tag:([a-z0-9\-._]+?@)?[a-z0-9.\-]+?,\d{4}(-\d{2}(-\d{2})?)?:"
    r"[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,]*(#[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,]*)?$"
)
_URN = re.compile(
    r"^[Uu][Rr][Nn]:[a-zA-Z0-9][a-zA-Z0-9-]{1,31}:"
    r"([a-zA-Z0-9()+,.:=@;$_!*'\-]|%[0-9A-Fa-f]{2})+$"
)
_UUID_URN = re.compile(
    r"^[Uu][Rr][Nn]:[Uu][Uu][Ii][Dd]:[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-"
    r"[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$"
)
_HIER_HTTP = re.compile(r"^\w+://[^/]")
_REGISTERED_SCHEMES = frozenset(
    [
        "aaa",
        "aaas",
        "acap",
        "cap",
        "cid",
        "crid",
        "data",
        "dav",
        "dict",
        "dns",
        "fax",
        "file",
        "ftp",
        "go",
        "gopher",
        "h323",
        "http",
        "https",
        "iax",
        "icap",
        "im",
        "imap",
        "info",
        "ipp",
        "iris",
        "iris.beep",
        "iris.lwz",
        "iris.xpc",
        "iris.xpcs",
        "mailto",
        "mid",
        "modem",
        "msrp",
        "msrps",
        "mtqp",
        "mupdate",
        "news",
        "nfs",
        "nntp",
        "opaquelocktoken",
        "pop",
        "pres",
        "prospero",
        "rtsp",
        "service",
        "shttp",
        "sip",
        "sips",
        "snmp",
        "soap.beep",
        "soap.beeps",
        "tag",
        "tel",
        "telnet",
        "tftp",
        "thismessage",
        "tip",
        "tv",
        "urn",
        "vemmi",
        "wais",
        "xmlrpc.beep",
        "xmlrpc.beeps",
        "xmpp",
        "z39.50r",
        "z39.50s",
    ]
)
_DEFAULT_PORTS = {"http": "80", "https": "443", "ftp": "21"}


def _shown(value: str) -> str:
    return value if len(value) <= 80 else value[:77] + "..."


def uri_problems(value: str, what: str, *, absolute: bool, iri: bool) -> list[Problem]:
    """Check a URI (RSS: ASCII only) or an IRI (Atom: any Unicode letter).

    ``absolute`` asks for a scheme. Errors mirror what feed validators report:
    characters outside the URI character set, relative references where an
    absolute one is required, malformed ``tag:`` and ``urn:`` identifiers.
    """
    checked = value
    if iri:
        # IRIs may hold any non-ASCII character; the ASCII rules still apply.
        checked = "".join(ch if ord(ch) < 128 else "a" for ch in value)
    scheme = checked.split(":")[0].lower()
    if scheme == "tag":
        if not _TAG_URI.match(checked):
            return [
                (
                    "url-invalid-tag",
                    f"{what} {_shown(value)!r} is not a valid tag: URI "
                    "(write tag:example.org,2025-02-13:specific, lower-case host)",
                )
            ]
        return []
    if scheme == "urn":
        if checked.lower().startswith("urn:uuid:"):
            if not _UUID_URN.match(checked):
                return [
                    (
                        "url-invalid-uuid",
                        f"{what} {_shown(value)!r} is not a valid urn:uuid: "
                        "(write urn:uuid: and 8-4-4-4-12 hexadecimal digits)",
                    )
                ]
            return []
        if not _URN.match(checked):
            return [
                (
                    "url-invalid-urn",
                    f"{what} {_shown(value)!r} is not a valid URN "
                    "(write urn:<namespace>:<specific string>)",
                )
            ]
        return []
    pattern = _FULL_URI if absolute else _URI_REF
    if not pattern.match(checked):
        for ch in checked:
            if ord(ch) < 128 and not _URI_CHAR.match(ch):
                return [
                    (
                        "url-invalid-character",
                        f"{what} {_shown(value)!r} contains {ch!r}, which a URL "
                        "may not hold (percent-encode it)",
                    )
                ]
        if any(ord(ch) >= 128 for ch in checked):
            return [
                (
                    "url-invalid",
                    f"{what} {_shown(value)!r} contains non-ASCII characters "
                    "(percent-encode them)",
                )
            ]
        if absolute:
            if not value:
                return [
                    ("url-not-absolute", f"{what} is empty (write an absolute URL)")
                ]
            return [
                (
                    "url-not-absolute",
                    f"{what} {_shown(value)!r} is not an absolute URL "
                    "(write it with its scheme and host, e.g. https://example.org/...)",
                )
            ]
        return [("url-invalid", f"{what} {_shown(value)!r} is not a valid URL")]
    if scheme in ("http", "ftp") and not _HIER_HTTP.match(checked):
        return [
            (
                "url-invalid",
                f"{what} {_shown(value)!r} is not a valid URL "
                f"(write {scheme}://host/path)",
            )
        ]
    if ":" in checked and scheme.isalpha() and scheme not in _REGISTERED_SCHEMES:
        return [
            (
                "url-unregistered-scheme",
                f"{what} {_shown(value)!r} uses the unregistered scheme "
                f"{scheme!r} (use https: or another registered scheme)",
            )
        ]
    return []


def canonical_problems(value: str, what: str) -> list[Problem]:
    """A warning when an identifier is not in its normalized form."""
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*)://([^/?#]*)", value)
    if not m:
        return []
    scheme, authority = m.group(1), m.group(2)
    host = authority.rsplit("@", 1)[-1]
    port = ""
    if ":" in host and not host.endswith("]"):
        host, port = host.rsplit(":", 1)
    if (
        scheme != scheme.lower()
        or host != host.lower()
        or (port and _DEFAULT_PORTS.get(scheme.lower()) == port)
        or (port == "" and authority.endswith(":"))
    ):
        return [
            (
                "url-not-canonical",
                f"{what} {_shown(value)!r} is not in normalized form "
                "(lower-case scheme and host, no default port)",
            )
        ]
    return []


def http_url_problems(value: str) -> bool:
    """True when ``value`` is not an absolute http(s) URL with a dotted host."""
    if not re.match(
        r"(http|https)://(([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([A-Z0-9\-]+\.)+))"
        r"([A-Z0-9][-A-Z0-9]*)(?::\d+)?(/|$)",
        value,
        re.IGNORECASE,
    ):
        return True
    return not _FULL_URI.match(value)


# -- dates -----------------------------------------------------------------

_STRICT_822 = re.compile(
    r"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d\d? "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d\d\d "
    r"\d\d:\d\d(:\d\d)? (([+-]?\d\d[03]0)|UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z)$"
)
_LOOSE_822 = re.compile(
    r"((mon|tue|wed|thu|fri|sat|sun)\s*,\s*)?\d\d?\s+"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\s+\d\d(\d\d)?\s+"
    r"\d\d:\d\d(:\d\d)?\s+(([+-]\d\d\d\d)|ut|gmt|est|edt|cst|cdt|mst|mdt|pst|pdt|"
    r"[a-ik-z])?$"
)
_RFC822_EXAMPLE = "write e.g. Thu, 13 Feb 2025 09:30:00 +0000"


def rfc822_problems(value: str, what: str) -> list[Problem]:
    if _STRICT_822.match(value):
        parsed = parsedate(value)
        if parsed is None:
            return [("rss-date-not-rfc822", f"{what} {value!r} is not a date")]
        try:
            day = _dt.date(*parsed[:3])
        except ValueError:
            return [
                (
                    "rss-date-not-rfc822",
                    f"{what} {value!r} is not a real calendar date ({_RFC822_EXAMPLE})",
                )
            ]
        if parsed[0] > 1900 and "," in value and day.strftime("%a") != value[:3]:
            return [
                (
                    "rss-date-wrong-weekday",
                    f"{what} {value!r} names the wrong day of the week "
                    f"({day.day} {day.strftime('%b %Y')} is a {day.strftime('%A')})",
                )
            ]
        if _implausible_822(value):
            return _implausible(value, what)
        return []
    loose = re.sub(r"[\\](.)", "", value)
    previous = None
    while previous != loose:
        previous, loose = loose, re.sub(r"\([^(]*?\)", " ", loose)
    if not _LOOSE_822.match(loose.strip().lower()):
        return [
            (
                "rss-date-not-rfc822",
                f"{what} {_shown(value)!r} is not an RFC 822 date ({_RFC822_EXAMPLE})",
            )
        ]
    return [
        (
            "rss-date-problematic",
            f"{what} {value!r} is an unusual RFC 822 form ({_RFC822_EXAMPLE})",
        )
    ]


def _implausible(value: str, what: str) -> list[Problem]:
    return [
        (
            "date-implausible",
            f"{what} {value!r} is before 1990 or in the future "
            "(check the date if it is not meant)",
        )
    ]


def _implausible_822(value: str) -> bool:
    parsed = parsedate_tz(value)
    if parsed is None:
        return True
    try:
        import calendar

        stamp = calendar.timegm(parsed[:9]) - (parsed[9] or 0)
    except (OverflowError, ValueError):
        return True
    return stamp > time.time() + 600 or parsed[0] < 1990


_RFC3339 = re.compile(
    r"^(\d\d\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d*)?(Z|[+-]\d\d:\d\d)$"
)
_W3CDTF = re.compile(
    r"^(\d\d\d\d)(-(\d\d)(-(\d\d)(T(\d\d):(\d\d)(:(\d\d)(\.\d*)?)?"
    r"(Z|[+-]\d\d:\d\d))?)?)?$"
)


def _fields_ok(year: str, month: str | None, day: str | None, hms: list[str]) -> bool:
    try:
        if month is not None and day is not None:
            _dt.date(int(year), int(month), int(day))
        elif month is not None and not 1 <= int(month) <= 12:
            return False
    except ValueError:
        return False
    limits = (23, 60, 60)
    return all(int(v) <= limit for v, limit in zip(hms, limits, strict=False))


def _implausible_8601(value: str) -> bool:
    if value < "1990-01-01":
        return True
    tomorrow = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 86400))
    return value > tomorrow


def rfc3339_problems(value: str, what: str, rule: str) -> list[Problem]:
    m = _RFC3339.match(value)
    ok = m is not None and _fields_ok(
        m.group(1), m.group(2), m.group(3), [m.group(4), m.group(5), m.group(6)]
    )
    if not ok:
        return [
            (
                rule,
                f"{what} {_shown(value)!r} is not an RFC 3339 date-time "
                "(write e.g. 2025-02-13T09:30:00Z)",
            )
        ]
    if _implausible_8601(value):
        return _implausible(value, what)
    return []


def w3cdtf_problems(value: str, what: str) -> list[Problem]:
    m = _W3CDTF.match(value)
    ok = m is not None and _fields_ok(
        m.group(1),
        m.group(3),
        m.group(5),
        [v for v in (m.group(7), m.group(8), m.group(10)) if v is not None],
    )
    if not ok:
        return [
            (
                "dc-date-not-w3cdtf",
                f"{what} {_shown(value)!r} is not a W3C-DTF date "
                "(write e.g. 2025-02-13 or 2025-02-13T09:30:00Z)",
            )
        ]
    if _implausible_8601(value):
        return _implausible(value, what)
    return []


# -- e-mail ----------------------------------------------------------------

_ADDR_SPEC = re.compile(
    r"([A-Z0-9_\-+.'!#$%&*/=?^_`{|}~]+)@"
    r"(([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([A-Z0-9\-]+\.)+))([A-Z0-9][-A-Z0-9]*)$",
    re.IGNORECASE,
)
_SIMPLE_ADDR = re.compile(r"^[\w._%+-]+@[A-Za-z][\w.-]+$")


def addr_spec_ok(value: str) -> bool:
    # An address that only fails the strict pattern is given the benefit of
    # the doubt (checking its domain would need the network).
    return bool(_ADDR_SPEC.match(value) or _SIMPLE_ADDR.match(value))


def email_with_name_problems(value: str, what: str) -> list[Problem]:
    """RSS ``author``/``managingEditor``/``webMaster``: ``mail@x.org (Name)``."""
    if value.startswith("mailto:"):
        value = unquote(value.split(":", 1)[1])
    if value.find("@") > 0 and not value.endswith(")"):
        return [
            (
                "rss-email-format",
                f"{what} {_shown(value)!r} should be an e-mail address followed "
                "by the name in parentheses (write mail@example.org (Name))",
            )
        ]
    addresses = getaddresses([value])
    address = addresses[0][1] if len(addresses) == 1 else value
    if not address:
        address = value
    if addr_spec_ok(address):
        return []
    if "@" not in value:
        return [
            (
                "rss-author-missing-email",
                f"{what} {_shown(value)!r} has no e-mail address "
                "(write mail@example.org (Name), or use dc:creator for a name alone)",
            )
        ]
    return [
        (
            "email-invalid",
            f"{what} {_shown(value)!r} is not a valid e-mail address "
            "(write mail@example.org (Name))",
        )
    ]


# -- languages -------------------------------------------------------------

_ISO639_1 = frozenset(
    [
        "aa",
        "ab",
        "ae",
        "af",
        "ak",
        "am",
        "an",
        "ar",
        "as",
        "av",
        "ay",
        "az",
        "ba",
        "be",
        "bg",
        "bh",
        "bi",
        "bm",
        "bn",
        "bo",
        "br",
        "bs",
        "ca",
        "ce",
        "ch",
        "co",
        "cr",
        "cs",
        "cu",
        "cv",
        "cy",
        "da",
        "de",
        "dv",
        "dz",
        "ee",
        "el",
        "en",
        "eo",
        "es",
        "et",
        "eu",
        "fa",
        "ff",
        "fi",
        "fj",
        "fo",
        "fr",
        "fy",
        "ga",
        "gd",
        "gl",
        "gn",
        "gu",
        "gv",
        "ha",
        "he",
        "hi",
        "ho",
        "hr",
        "ht",
        "hu",
        "hy",
        "hz",
        "ia",
        "id",
        "ie",
        "ig",
        "ii",
        "ik",
        "io",
        "is",
        "it",
        "iu",
        "ja",
        "jv",
        "ka",
        "kg",
        "ki",
        "kj",
        "kk",
        "kl",
        "km",
        "kn",
        "ko",
        "kr",
        "ks",
        "ku",
        "kv",
        "kw",
        "ky",
        "la",
        "lb",
        "lg",
        "li",
        "ln",
        "lo",
        "lt",
        "lu",
        "lv",
        "mg",
        "mh",
        "mi",
        "mk",
        "ml",
        "mn",
        "mo",
        "mr",
        "ms",
        "mt",
        "my",
        "na",
        "nb",
        "nd",
        "ne",
        "ng",
        "nl",
        "nn",
        "no",
        "nr",
        "nv",
        "ny",
        "oc",
        "oj",
        "om",
        "or",
        "os",
        "pa",
        "pi",
        "pl",
        "ps",
        "pt",
        "qu",
        "rm",
        "rn",
        "ro",
        "ru",
        "rw",
        "sa",
        "sc",
        "sd",
        "se",
        "sg",
        "sh",
        "si",
        "sk",
        "sl",
        "sm",
        "sn",
        "so",
        "sq",
        "sr",
        "ss",
        "st",
        "su",
        "sv",
        "sw",
        "ta",
        "te",
        "tg",
        "th",
        "ti",
        "tk",
        "tl",
        "tn",
        "to",
        "tr",
        "ts",
        "tt",
        "tw",
        "ty",
        "ug",
        "uk",
        "ur",
        "uz",
        "ve",
        "vi",
        "vo",
        "wa",
        "wo",
        "xh",
        "yi",
        "yo",
        "za",
        "zh",
        "zu",
    ]
)


def language_problems(value: str, what: str) -> list[Problem]:
    primary = value.split("-", 1)[0].lower()
    if len(primary) == 2 and primary in _ISO639_1:
        return []
    if len(primary) == 3 and primary.isascii() and primary.isalpha():
        return []
    if primary in ("x", "xx"):
        return []
    return [
        (
            "language-invalid",
            f"{what} {_shown(value)!r} is not a language code "
            "(write an ISO 639 code such as en or en-US)",
        )
    ]


# -- media types and integers ----------------------------------------------

_TOKEN = r'[^\s()<>,;:\\"/\[\]?=]+'
_MIME = re.compile(f'{_TOKEN}/{_TOKEN}(\\s*;\\s*{_TOKEN}=("(\\\\"|[^"])*"|{_TOKEN}))*$')


def mime_ok(value: str) -> bool:
    return bool(_MIME.match(value))


def int_or_none(value: str) -> int | None:
    try:
        return int(value.strip())
    except ValueError:
        return None


# -- HTML ------------------------------------------------------------------

HTML_TAGS = frozenset(
    [
        "a",
        "abbr",
        "acronym",
        "address",
        "applet",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "base",
        "basefont",
        "bdi",
        "bdo",
        "big",
        "blockquote",
        "body",
        "br",
        "button",
        "canvas",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "command",
        "data",
        "datagrid",
        "datalist",
        "dd",
        "del",
        "details",
        "dfn",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "em",
        "eventsource",
        "fieldset",
        "figcaption",
        "figure",
        "font",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "isindex",
        "kbd",
        "label",
        "legend",
        "li",
        "link",
        "m",
        "main",
        "mark",
        "map",
        "menu",
        "meta",
        "meter",
        "nav",
        "noframes",
        "noscript",
        "object",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "param",
        "picture",
        "pre",
        "progress",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "script",
        "section",
        "select",
        "slot",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "track",
        "tt",
        "u",
        "ul",
        "var",
        "xmp",
        "plaintext",
        "embed",
        "comment",
        "listing",
        "video",
        "wbr",
    ]
)
UNSAFE_TAGS = frozenset(
    [
        "applet",
        "base",
        "basefont",
        "embed",
        "frame",
        "frameset",
        "iframe",
        "isindex",
        "link",
        "listing",
        "meta",
        "noframes",
        "object",
        "param",
        "plaintext",
        "script",
        "slot",
        "style",
        "title",
        "xmp",
        "comment",
    ]
)
_SAFE_CSS = frozenset(
    [
        "azimuth",
        "background",
        "background-color",
        "border",
        "border-bottom",
        "border-bottom-color",
        "border-bottom-style",
        "border-bottom-width",
        "border-collapse",
        "border-color",
        "border-left",
        "border-left-color",
        "border-left-style",
        "border-left-width",
        "border-right",
        "border-right-color",
        "border-right-style",
        "border-right-width",
        "border-spacing",
        "border-style",
        "border-top",
        "border-top-color",
        "border-top-style",
        "border-top-width",
        "border-width",
        "clear",
        "color",
        "cursor",
        "direction",
        "display",
        "elevation",
        "float",
        "font",
        "font-family",
        "font-size",
        "font-style",
        "font-variant",
        "font-weight",
        "height",
        "letter-spacing",
        "line-height",
        "list-style-type",
        "margin",
        "margin-bottom",
        "margin-left",
        "margin-right",
        "margin-top",
        "overflow",
        "padding",
        "padding-bottom",
        "padding-left",
        "padding-right",
        "padding-top",
        "pause",
        "pause-after",
        "pause-before",
        "pitch",
        "pitch-range",
        "richness",
        "speak",
        "speak-header",
        "speak-numeral",
        "speak-punctuation",
        "speech-rate",
        "stress",
        "text-align",
        "text-decoration",
        "text-indent",
        "unicode-bidi",
        "vertical-align",
        "voice-family",
        "volume",
        "white-space",
        "width",
    ]
)
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "poster", "data"})


def _style_unsafe(style: str) -> bool:
    lowered = style.lower()
    if "url(" in lowered or "expression(" in lowered or "\\" in lowered:
        return True
    for declaration in lowered.split(";"):
        if not declaration.strip():
            continue
        if ":" not in declaration:
            return True
        prop = declaration.split(":", 1)[0].strip()
        if prop not in _SAFE_CSS:
            return True
    return False


class _HtmlScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[Problem] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNSAFE_TAGS:
            self.problems.append(
                (
                    "html-unsafe-element",
                    f"HTML content holds <{tag}>, which feed readers strip or refuse "
                    "(remove it)",
                )
            )
        for name, raw in attrs:
            value = raw or ""
            if name.startswith("on"):
                self.problems.append(
                    (
                        "html-event-handler",
                        f"HTML content holds the event handler {name}= on <{tag}> "
                        "(remove it)",
                    )
                )
            elif name == "style" and _style_unsafe(value):
                self.problems.append(
                    (
                        "html-unsafe-style",
                        f"HTML content has a style attribute on <{tag}> that readers "
                        "strip (keep to simple properties, or remove it)",
                    )
                )
            elif name in _URL_ATTRS and re.match(
                r"\s*j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:", value, re.IGNORECASE
            ):
                self.problems.append(
                    (
                        "html-javascript-url",
                        f"HTML content has a javascript: URL in {name}= on <{tag}> "
                        "(link to a page instead)",
                    )
                )

    handle_startendtag = handle_starttag


_ANCHOR_REF = re.compile(r"""<a\s+href=(?:"(.*?)"|'(.*?)'|([\w-]+))[\s>]""", re.I)
_IMG_REF = re.compile(r"""<img\s+[^>]*src=(?:"(.*?)"|'(.*?)'|([\w-]+))[\s>]""", re.I)
_ABSOLUTE_REF = re.compile(r"\w+:")
_CHARREF = re.compile(r"&#?(\w+);")


def _decode_refs(data: str) -> str:
    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.isdigit():
            try:
                return chr(int(name))
            except (ValueError, OverflowError):
                return m.group(0)
        if name in name2codepoint:
            return chr(name2codepoint[name])
        return "&" + name + ";"

    return _CHARREF.sub(repl, data)


_HTML_TOKEN = re.compile(
    r"<(?:(/?)([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|!--.*?-->|![A-Za-z]|\?|(.?))"
    r"|&(?:#[xX]([0-9A-Fa-f]*);?|#([0-9]*);?|([A-Za-z][A-Za-z0-9]*);)",
    re.DOTALL,
)
_HTML_ATTRIBUTE = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?"""
)
# Characters HTML calls parse errors in its input: controls but white space,
# DEL, the C1 controls, and noncharacters.
_HTML_BAD_CHARACTER = re.compile(
    "[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]"
)
_VOID_ELEMENTS = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "param", "source", "track", "wbr",
    }
)  # fmt: skip


def html_parse_problems(html: str) -> list[Problem]:
    """Where HTML content does not parse as HTML without errors: the W3C
    validator's NotHtml (it parses with html5lib, strict). The errors that
    written content makes: a ``<`` that starts no tag, an element HTML does
    not have, an end tag of an element not open, a repeated attribute, a
    character reference to no character, a control character."""
    if "<" not in html and "&" not in html and html.isprintable():
        return []
    bad = _HTML_BAD_CHARACTER.search(html)
    if bad is not None:
        return [_not_html(f"the control character U+{ord(bad.group()):04X}")]
    open_elements: dict[str, int] = {}
    for match in _HTML_TOKEN.finditer(html):
        text = match.group()
        if text.startswith("<"):
            if match.group(4) is not None:
                return [
                    _not_html(
                        f"a '<' that starts no tag ({_shown(text)!r}); write &lt;"
                    )
                ]
            name = (match.group(2) or "").lower()
            if not name:
                continue  # a comment, a declaration, a processing instruction
            if name not in HTML_TAGS:
                return [_not_html(f"<{name}>, which is no HTML element")]
            if match.group(1):
                if open_elements.get(name, 0) <= 0:
                    return [_not_html(f"the end tag </{name}> of no open element")]
                open_elements[name] -= 1
                continue
            names = [a.lower() for a in _HTML_ATTRIBUTE.findall(match.group(3))]
            if len(names) != len(set(names)):
                return [_not_html(f"<{name}> with an attribute given twice")]
            if name not in _VOID_ELEMENTS and not match.group(3).endswith("/"):
                open_elements[name] = open_elements.get(name, 0) + 1
            continue
        hexadecimal, decimal, named = match.group(5), match.group(6), match.group(7)
        if named is not None:
            if named not in name2codepoint and named != "apos":
                return [_not_html(f"&{named};, which is no HTML character reference")]
            continue
        digits = hexadecimal if hexadecimal is not None else decimal
        if not digits:
            return [
                _not_html(f"{_shown(text)!r}, a character reference without a number")
            ]
        # (More digits than any code point has: refused before int(), whose
        # limit on digits would end the check.)
        code = (
            int(digits, 16 if hexadecimal is not None else 10)
            if len(digits.lstrip("0")) <= 8
            else -1
        )
        if (
            code <= 0
            or code > 0x10FFFF
            or 0xD800 <= code <= 0xDFFF
            or 0x7F <= code <= 0x9F
            or (code < 0x20 and code not in (9, 10, 12, 13))
        ):
            return [_not_html(f"{_shown(text)!r}, a reference to no usable character")]
    return []


def _not_html(what: str) -> Problem:
    return (
        "html-parse-error",
        f"HTML content does not parse: it holds {what} (readers may show it "
        "wrong; escape text as HTML)",
    )


def html_problems(html: str, *, urls: str = "strict") -> list[Problem]:
    """Unsafe markup, and relative or malformed URLs, in escaped HTML content.

    ``urls``: ``"strict"`` (RSS: relative URLs are warned about, malformed
    ones are errors), ``"relative"`` (only warn about relative URLs: content
    with no base to resolve them against) or ``"none"`` (Atom content with an
    ``xml:base``, and HTML in plain-text places).
    """
    scan = _HtmlScan()
    try:
        scan.feed(html)
        scan.close()
    except (AssertionError, ValueError):  # pragma: no cover - parser is lenient
        pass
    problems = list(scan.problems) + html_parse_problems(html)
    if urls == "none":
        return problems
    refs = _IMG_REF.findall(html) + _ANCHOR_REF.findall(html)
    for groups in refs:
        ref = _decode_refs(next((g for g in groups if g), "")).strip()
        if _ABSOLUTE_REF.match(ref):
            continue
        bad = next(
            (ch for ch in ref if ord(ch) < 128 and not _URI_CHAR.match(ch)), None
        )
        if bad is not None and urls == "strict":
            problems.append(
                (
                    "html-url-invalid-character",
                    f"HTML content links to {_shown(ref)!r}, which contains {bad!r} "
                    "(percent-encode it and make the URL absolute)",
                )
            )
        else:
            problems.append(
                (
                    "html-relative-url",
                    f"HTML content links to the relative URL {_shown(ref)!r} "
                    "(make it absolute: readers resolve it against the wrong page)",
                )
            )
    return problems


_END_TAG = re.compile(r"</(\w+)>")
_ENTITY = re.compile(r"&(#?\w+)")


_MARKUP_LIKE = re.compile(r"&#[x0-9]|<[/a-zA-Z]")


def character_data_problems(
    value: str, what: str, *, lines: tuple[int, int], hex_lines: Sequence[bool]
) -> list[Problem]:
    """RSS 2.0 plain text that holds ``<`` or ``&#`` as HTML would read them,
    written without hexadecimal references on its lines (the RSS Best
    Practices Profile; the W3C validator's CharacterData)."""
    if not _MARKUP_LIKE.search(value):
        return []
    first, last = lines
    if any(hex_lines[first - 1 : last]):
        return []
    return [
        (
            "rss-character-data",
            f"{what} holds '<' or '&#' written as &lt; or &amp;; readers may take "
            "it as HTML (write &#x3C; and &#x26;)",
        )
    ]


def plain_text_problems(value: str, what: str) -> list[Problem]:
    """A warning when a plain-text element looks like it holds HTML."""
    tags = [t for t in _END_TAG.findall(value) if t.lower() in HTML_TAGS]
    if tags:
        return [
            (
                "text-contains-html",
                f"{what} is plain text but contains the HTML tag </{tags[0]}> "
                "(remove the markup)",
            )
        ]
    for name in _ENTITY.findall(value):
        if name in name2codepoint or name == "apos" or not name.isalpha():
            return [
                (
                    "text-contains-html",
                    f"{what} is plain text but contains the HTML entity &{name}; "
                    "(write the character itself)",
                )
            ]
    return []
