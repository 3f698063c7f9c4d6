"""Findings, reports and the registry of every rule ``summitfeed check`` knows.

Each rule has a stable kebab-case name, a severity and the section of the
specification it comes from. Severities follow the classification of the W3C
Feed Validation Service for RSS and Atom (what it reports as an error is an
error here, what it warns about is a warning); JSON Feed rules follow the MUST
and SHOULD of the JSON Feed 1.1 specification.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
FeedFormat = Literal["rss", "atom", "json", "unknown"]

_E: Severity = "error"
_W: Severity = "warning"

_RSS = "RSS 2.0"
_RSSBP = "RSS Best Practices Profile"
_ATOM = "RFC 4287"
_JSON = "JSON Feed 1.1"
_XML = "XML 1.0"
_NS = "Namespaces in XML 1.0"
_MRSS = "Media RSS 1.5.1"

#: rule name -> (severity, specification section)
RULES: dict[str, tuple[Severity, str]] = {
    # The input itself.
    "input-unreadable": (_E, "summitfeed check"),
    "input-too-large": (_E, "summitfeed check"),
    "input-empty": (_E, "summitfeed check"),
    "check-failed": (_E, "summitfeed check"),
    "not-a-feed": (_E, f"{_RSS} §What is RSS / {_ATOM} §4.1.1 / {_JSON} §Top-level"),
    # XML well-formedness and safety.
    "xml-not-well-formed": (_E, f"{_XML} §2.1"),
    "xml-entity-declaration": (_E, f"{_XML} §4.2"),
    "xml-forbidden-character": (_E, f"{_XML} §2.2"),
    "xml-invalid-encoding": (_E, f"{_XML} §4.3.3"),
    "xml-bad-version": (_E, f"{_XML} §2.8"),
    "xml-undeclared-prefix": (_E, f"{_NS} §5"),
    "xml-c1-control-character": (_W, f"{_XML} §2.2"),
    "namespace-media-rss-url": (_E, f"{_MRSS} §Namespace"),
    "namespace-reserved-prefix": (_W, f"{_NS} §3"),
    "namespace-unknown": (_W, f"{_NS} §3"),
    # Structure, shared by RSS and Atom.
    "undefined-element": (_E, f"{_RSS} §Extending RSS / {_ATOM} §6.2"),
    "unexpected-attribute": (_E, f"{_RSS} §Extending RSS / {_ATOM} §6.2"),
    "unexpected-text": (_E, f"{_RSS} §Elements of <channel> / {_ATOM} §4.1"),
    "duplicate-element": (_E, f"{_RSS} §Elements of <channel> / {_ATOM} §4.1"),
    "missing-attribute": (_E, f"{_RSS} §Elements of <item> / {_ATOM} §4.2"),
    "blank-element": (_W, f"{_RSSBP} §Elements / {_ATOM} §3.1"),
    "text-contains-html": (_W, f"{_RSSBP} §Encoding HTML / {_ATOM} §3.1.1.1"),
    "duplicate-semantics": (_W, f"{_RSSBP} §Namespace elements"),
    # URIs, dates, e-mail addresses, languages, media types.
    "url-not-absolute": (_E, "RFC 3986 §4.3 (absolute URI required)"),
    "url-invalid-character": (_E, "RFC 3986 §2"),
    "url-invalid": (_E, "RFC 3986 §3"),
    "url-invalid-tag": (_E, "RFC 4151 §2.1"),
    "url-invalid-urn": (_E, "RFC 8141 §2"),
    "url-invalid-uuid": (_E, "RFC 4122 §3"),
    "url-unregistered-scheme": (_W, "RFC 7595 §3"),
    "url-not-canonical": (_W, "RFC 3986 §6.2"),
    "date-implausible": (_W, "date before 1990 or in the future"),
    "email-invalid": (_E, "RFC 2822 §3.4.1"),
    "language-invalid": (_E, "RFC 5646 §2.1"),
    "mime-type-invalid": (_E, "RFC 2045 §5.1"),
    "integer-invalid": (_E, "XML Schema §3.3.20"),
    # Content HTML.
    "html-url-invalid-character": (_E, "RFC 3986 §2 (URLs inside HTML content)"),
    "html-relative-url": (_W, f"{_RSSBP} §Relative links / {_ATOM} §7"),
    "html-unsafe-element": (_W, f"{_ATOM} §8.1 (security considerations)"),
    "html-event-handler": (_W, f"{_ATOM} §8.1 (security considerations)"),
    "html-unsafe-style": (_W, f"{_ATOM} §8.1 (security considerations)"),
    "html-javascript-url": (_W, f"{_ATOM} §8.1 (security considerations)"),
    "html-parse-error": (_W, "HTML §13.2 (parse errors; the W3C validator's NotHtml)"),
    # RSS 2.0.
    "rss-missing-version": (_E, f"{_RSS} §Sample files"),
    "rss-bad-version": (_E, f"{_RSS} §Sample files"),
    "rss-namespaced-root": (_E, f"{_RSS} §Extending RSS"),
    "rss-missing-channel": (_E, f"{_RSS} §Required channel elements"),
    "rss-missing-channel-title": (_E, f"{_RSS} §Required channel elements"),
    "rss-missing-channel-link": (_E, f"{_RSS} §Required channel elements"),
    "rss-missing-channel-description": (_E, f"{_RSS} §Required channel elements"),
    "rss-missing-self-link": (_W, f"{_RSSBP} §atom:link"),
    "rss-misplaced-item": (_W, f"{_RSSBP} §item"),
    "rss-item-missing-title-and-description": (_E, f"{_RSS} §Elements of <item>"),
    "rss-item-missing-guid": (_W, f"{_RSSBP} §guid"),
    "rss-date-not-rfc822": (_E, f"{_RSS} §Elements of <item> (RFC 822 dates)"),
    "rss-date-wrong-weekday": (_E, "RFC 822 §5.1"),
    "rss-date-problematic": (_W, f"{_RSSBP} §Dates"),
    "rss-author-missing-email": (_E, f"{_RSS} §<author> sub-element of <item>"),
    "rss-email-format": (_W, f"{_RSSBP} §author"),
    "rss-enclosure-missing-url": (_E, f"{_RSS} §<enclosure> sub-element of <item>"),
    "rss-enclosure-bad-url": (_E, f"{_RSS} §<enclosure> sub-element of <item>"),
    "rss-enclosure-missing-length": (_E, f"{_RSS} §<enclosure> sub-element of <item>"),
    "rss-enclosure-bad-length": (_E, f"{_RSS} §<enclosure> sub-element of <item>"),
    "rss-enclosure-missing-type": (_E, f"{_RSS} §<enclosure> sub-element of <item>"),
    "rss-enclosure-bad-type": (_E, f"{_RSS} §<enclosure> sub-element of <item>"),
    "rss-duplicate-enclosure": (_W, f"{_RSSBP} §enclosure"),
    "rss-guid-permalink-not-url": (_E, f"{_RSS} §<guid> sub-element of <item>"),
    "rss-guid-permalink-not-http": (_E, f"{_RSS} §<guid> sub-element of <item>"),
    "rss-guid-bad-ispermalink": (_E, f"{_RSS} §<guid> sub-element of <item>"),
    "rss-duplicate-guid": (_E, f"{_RSS} §<guid> sub-element of <item>"),
    "rss-guid-not-unique-enough": (_W, f"{_RSSBP} §guid"),
    "rss-content-without-description": (_W, f"{_RSSBP} §content:encoded"),
    "rss-image-missing-element": (_E, f"{_RSS} §<image> sub-element of <channel>"),
    "rss-image-bad-size": (_E, f"{_RSS} §<image> sub-element of <channel>"),
    "rss-textinput-missing-element": (_E, f"{_RSS} §<textInput>"),
    "rss-avoid-textinput": (_W, f"{_RSSBP} §textInput"),
    "rss-textinput-bad-name": (_E, f"{_RSS} §<textInput>"),
    "rss-cloud-bad-port": (_E, f"{_RSS} §<cloud> sub-element of <channel>"),
    "rss-ttl-not-positive-integer": (_E, f"{_RSS} §<ttl> sub-element of <channel>"),
    "rss-category-blank": (_W, f"{_RSS} §<category> sub-element of <item>"),
    "rss-character-data": (_W, f"{_RSSBP} §Encoding HTML (the W3C's CharacterData)"),
    "dc-date-not-w3cdtf": (_E, "Dublin Core §date (W3C-DTF)"),
    "sy-invalid-value": (_E, "RSS 1.0 Syndication module §Elements"),
    "geo-invalid-coordinate": (_E, "W3C Basic Geo §Terms"),
    "rss-skip-invalid": (_E, f"{_RSS} §<skipHours> / <skipDays>"),
    "itunes-invalid-value": (_E, "Apple Podcasts RSS tags §Podcast tags"),
    "itunes-invalid-category": (_E, "Apple Podcasts categories"),
    "itunes-retired-category": (_W, "Apple Podcasts categories"),
    "itunes-missing-element": (_W, "Apple Podcasts RSS tags §Required tags"),
    "itunes-owner-missing-email": (_E, "Apple Podcasts RSS tags §<itunes:owner>"),
    # Media RSS.
    "media-group-single-item": (_E, f"{_MRSS} §<media:group>"),
    "media-invalid-attribute": (_E, f"{_MRSS} §<media:content>"),
    "media-invalid-text-type": (_E, f"{_MRSS} §<media:title>"),
    # Atom 1.0.
    "atom-obsolete-namespace": (_E, f"{_ATOM} §1.2"),
    "atom-missing-namespace": (_E, f"{_ATOM} §1.2"),
    "atom-feed-missing-title": (_E, f"{_ATOM} §4.1.1"),
    "atom-feed-missing-id": (_E, f"{_ATOM} §4.1.1"),
    "atom-feed-missing-updated": (_E, f"{_ATOM} §4.1.1"),
    "atom-misplaced-metadata": (_E, f"{_ATOM} §4.1.1"),
    "atom-missing-self-link": (_W, f"{_ATOM} §4.1.1 (link rel=self)"),
    "atom-relative-self-link": (_W, f"{_ATOM} §4.2.7.2"),
    "atom-self-link-type": (_W, f"{_ATOM} §4.2.7.2"),
    "atom-entry-missing-title": (_E, f"{_ATOM} §4.1.2"),
    "atom-entry-missing-id": (_E, f"{_ATOM} §4.1.2"),
    "atom-entry-missing-updated": (_E, f"{_ATOM} §4.1.2"),
    "atom-entry-missing-author": (_E, f"{_ATOM} §4.1.2"),
    "atom-entry-missing-content-or-alternate": (_E, f"{_ATOM} §4.1.2"),
    "atom-entry-missing-summary": (_E, f"{_ATOM} §4.1.2"),
    "atom-entry-missing-textual-content": (_W, f"{_ATOM} §4.1.2"),
    "atom-duplicate-alternate-link": (_E, f"{_ATOM} §4.1.1 / §4.1.2"),
    "atom-duplicate-entry-id": (_W, f"{_ATOM} §4.1.1"),
    "atom-all-entry-ids-equal": (_E, f"{_ATOM} §4.2.6"),
    "atom-duplicate-updated": (_W, f"{_ATOM} §4.2.15"),
    "atom-date-not-rfc3339": (_E, f"{_ATOM} §3.3"),
    "atom-whitespace-in-value": (_E, f"{_ATOM} §3.3 / §4.2.6"),
    "atom-link-missing-href": (_E, f"{_ATOM} §4.2.7.1"),
    "atom-link-bad-length": (_E, f"{_ATOM} §4.2.7.6"),
    "atom-link-not-empty": (_W, f"{_ATOM} §4.2.7"),
    "atom-unregistered-link-rel": (_W, f"{_ATOM} §4.2.7.2"),
    "atom-person-missing-name": (_E, f"{_ATOM} §3.2.1"),
    "atom-category-missing-term": (_E, f"{_ATOM} §4.2.2.1"),
    "atom-text-bad-type": (_E, f"{_ATOM} §3.1.1"),
    "atom-content-bad-type": (_E, f"{_ATOM} §4.1.3.1"),
    "atom-xhtml-missing-div": (_E, f"{_ATOM} §3.1.1.3"),
    "atom-content-not-base64": (_E, f"{_ATOM} §4.1.3.3"),
    "atom-undeterminable-vocabulary": (_W, f"{_ATOM} §6.2"),
    "atom-xhtml-missing-namespace": (_E, f"{_ATOM} §3.1.1.3"),
    # JSON Feed 1.1.
    "json-not-object": (_E, f"{_JSON} §Top-level"),
    "json-missing-version": (_E, f"{_JSON} §Top-level (version)"),
    "json-bad-version": (_E, f"{_JSON} §Top-level (version)"),
    "json-missing-title": (_E, f"{_JSON} §Top-level (title)"),
    "json-missing-items": (_E, f"{_JSON} §Top-level (items)"),
    "json-wrong-type": (_E, f"{_JSON} §Top-level / §Items"),
    "json-missing-home-page-url": (_W, f"{_JSON} §Top-level (home_page_url)"),
    "json-missing-feed-url": (_W, f"{_JSON} §Top-level (feed_url)"),
    "json-relative-url": (_E, f"{_JSON} §Top-level / §Items (URLs)"),
    "json-invalid-url": (_E, f"{_JSON} §Top-level / §Items (URLs)"),
    "json-item-missing-id": (_E, f"{_JSON} §Items (id)"),
    "json-item-id-not-string": (_E, f"{_JSON} §Items (id)"),
    "json-duplicate-item-id": (_E, f"{_JSON} §Items (id)"),
    "json-item-missing-content": (_E, f"{_JSON} §Items (content_html, content_text)"),
    "json-date-not-rfc3339": (_E, f"{_JSON} §Items (date_published, date_modified)"),
    "json-author-empty": (_E, f"{_JSON} §Authors"),
    "json-deprecated-author": (_W, f"{_JSON} §Authors (author is deprecated)"),
    "json-attachment-missing-url": (_E, f"{_JSON} §Attachments"),
    "json-attachment-missing-mime-type": (_E, f"{_JSON} §Attachments"),
    "json-hub-incomplete": (_E, f"{_JSON} §Subscribing to real-time notifications"),
    "json-unknown-key": (_E, f"{_JSON} §Extensions"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a feed."""

    severity: Severity
    rule: str
    message: str
    line: int | None
    column: int | None
    spec: str


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Every finding for one feed file, in document order."""

    path: str
    format: FeedFormat
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """True when no finding is an error (warnings alone keep a feed ok)."""
        return not any(f.severity == "error" for f in self.findings)


@dataclass(slots=True)
class Collector:
    """Accumulates findings; severity and spec section come from ``RULES``."""

    findings: list[Finding] = field(default_factory=list)
    _seen: set[tuple[str, str, int | None, int | None]] = field(default_factory=set)

    def add(
        self,
        rule: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
        spec: str | None = None,
    ) -> None:
        severity, default_spec = RULES[rule]
        spec = spec or default_spec
        key = (rule, message, line, column)
        if key in self._seen:
            return
        self._seen.add(key)
        self.findings.append(Finding(severity, rule, message, line, column, spec))

    def has_error(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def sorted(self) -> tuple[Finding, ...]:
        def key(f: Finding) -> tuple[int, int, int]:
            return (f.line or 0, f.column or 0, 0 if f.severity == "error" else 1)

        return tuple(sorted(self.findings, key=key))
