"""``summitfeed check``: the offline feed validator.

The corpus under ``tests/data/check`` is self-describing:

* ``pass/*`` are feeds in the shapes real generators publish (Hugo, Jekyll,
  WordPress, Substack, a podcast, summitfeed itself); each must check clean.
* ``fail/<rule>.<ext>`` and ``fail/<rule>--<variant>.<ext>`` each break one
  thing; the check must report ``<rule>`` (and fail when the rule is an error).
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import socket
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitfeed._check import (
    MAX_FEED_BYTES,
    check_exit_status,
    check_feed,
    check_file,
    render_reports_json,
    render_reports_text,
    run_check,
)
from summitfeed._check._json import parse_json, plain
from summitfeed._check._model import RULES, CheckReport, Finding

DATA = Path(__file__).parent / "data" / "check"
PASS_FILES = sorted(p for p in (DATA / "pass").iterdir() if p.is_file())
FAIL_FILES = sorted(p for p in (DATA / "fail").iterdir() if p.is_file())
#: Rules that cannot be shown by a file in the corpus; tested below instead.
INLINE_RULES = {"input-unreadable", "input-too-large", "check-failed"}
STRUCTURAL_RULES = {
    "undefined-element",
    "unexpected-attribute",
    "unexpected-text",
    "duplicate-element",
    "missing-attribute",
    "blank-element",
    "text-contains-html",
}


def expected_rule(path: Path) -> str:
    return path.name.split(".", 1)[0].split("--", 1)[0]


def describe(report: CheckReport) -> str:
    return render_reports_text([report])


# -- the corpus ------------------------------------------------------------------


def test_corpus_is_not_empty() -> None:
    assert len(PASS_FILES) >= 8
    assert len(FAIL_FILES) >= 100
    suffixes = {p.suffix for p in PASS_FILES}
    assert {".xml", ".json"} <= suffixes


def test_every_rule_has_a_must_fail_fixture() -> None:
    covered = {expected_rule(p) for p in FAIL_FILES} | INLINE_RULES
    assert sorted(set(RULES) - covered) == []


def test_every_fixture_names_a_known_rule() -> None:
    unknown = sorted({expected_rule(p) for p in FAIL_FILES} - set(RULES))
    assert unknown == []


@pytest.mark.parametrize("path", PASS_FILES, ids=lambda p: p.name)
def test_must_pass(path: Path) -> None:
    report = check_file(path)
    assert report.ok, describe(report)
    assert report.findings == (), describe(report)
    assert report.format in ("rss", "atom", "json")


@pytest.mark.parametrize("path", FAIL_FILES, ids=lambda p: p.name)
def test_must_fail_with_its_rule(path: Path) -> None:
    rule = expected_rule(path)
    report = check_file(path)
    found = [f for f in report.findings if f.rule == rule]
    assert found, f"expected {rule}:\n{describe(report)}"
    severity, spec = RULES[rule]
    assert all(f.severity == severity for f in found)
    # Structural rules name the specification of the element concerned.
    assert all(f.spec == spec or rule in STRUCTURAL_RULES for f in found)
    assert all(f.spec.strip() for f in found)
    if severity == "error":
        assert not report.ok
        assert check_exit_status([report], strict=False) == 1
    else:
        assert check_exit_status([report], strict=True) == 1
    for f in found:
        assert f.message
        assert "\n" not in f.message
        if rule not in ("input-empty", "not-a-feed"):
            assert f.line is not None, f
            assert f.line >= 1, f


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("hugo-rss.xml", "rss"),
        ("jekyll-feed-atom.xml", "atom"),
        ("summitfeed-feed.json", "json"),
    ],
)
def test_format_is_detected(name: str, fmt: str) -> None:
    assert check_file(DATA / "pass" / name).format == fmt


def test_structural_findings_name_the_module_or_format() -> None:
    undefined = check_file(DATA / "fail" / "undefined-element--media-unknown.xml")
    assert [f.spec for f in undefined.findings] == [
        "Media RSS 1.5.1 §Optional elements"
    ]
    core = check_file(DATA / "fail" / "undefined-element.xml")
    assert [f.spec for f in core.findings] == ["RSS 2.0 §Extending RSS"]
    atom = check_file(DATA / "fail" / "undefined-element--atom-feed-published.xml")
    assert [f.spec for f in atom.findings] == ["RFC 4287 §6.2"]


# -- the registry ------------------------------------------------------------------


def test_rule_names_are_stable_kebab_case() -> None:
    for rule, (severity, spec) in RULES.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule), rule
        assert severity in ("error", "warning")
        assert spec.strip()


def test_findings_are_immutable() -> None:
    finding = Finding("error", "x", "m", 1, None, "s")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.rule = "y"  # type: ignore[misc]


# -- inputs that are not feeds ---------------------------------------------------------


def test_input_too_large() -> None:
    report = check_feed(b" " * (MAX_FEED_BYTES + 1), name="big.xml")
    assert [f.rule for f in report.findings] == ["input-too-large"]
    assert not report.ok


def test_an_unexpected_failure_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    import summitfeed._check as check

    def explode(root: object, c: object) -> None:
        raise RecursionError("too deep")

    monkeypatch.setattr(check, "check_rss", explode)
    report = check_feed(_VALID, name="x.xml")
    assert [f.rule for f in report.findings] == ["check-failed"]
    assert not report.ok


def test_unreadable_path_is_a_finding(tmp_path: Path) -> None:
    report = check_file(tmp_path)  # a directory cannot be read as a file
    assert [f.rule for f in report.findings] == ["input-unreadable"]
    assert not report.ok


HOSTILE = {
    "billion-laughs": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">'
    b']><rss version="2.0"><channel><title>&c;</title></channel></rss>',
    "external-entity": b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM '
    b'"file:///etc/passwd">]><rss version="2.0"><channel><title>&x;</title>'
    b"</channel></rss>",
    "parameter-entity": b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM '
    b'"http://192.0.2.1/x.dtd"> %p;]><rss version="2.0"/>',
    "deep-xml": b"<rss>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</rss>",
    "deep-json": b"[" * 5000 + b"]" * 5000,
    "binary": bytes(range(256)) * 4,
    "huge-json-number": b'{"version": ' + b"9" * 5000 + b"}",
    "utf16": '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"/>'.encode(
        "utf-16"
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_an_error_finding_not_an_exception(name: str) -> None:
    report = check_feed(HOSTILE[name], name=name)
    assert not report.ok
    assert all(f.message for f in report.findings)


def test_external_dtd_is_neither_fetched_nor_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    report = check_file(DATA / "pass" / "minimal-rss-091.xml")
    assert report.ok, describe(report)


def test_no_network_access_for_the_whole_corpus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for path in PASS_FILES + FAIL_FILES:
        check_file(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    report = check_feed(data)
    assert isinstance(report.ok, bool)


_VALID = (DATA / "pass" / "summitfeed-rss.xml").read_bytes()
_VALID_ATOM = (DATA / "pass" / "summitfeed-atom.xml").read_bytes()
_VALID_JSON = (DATA / "pass" / "summitfeed-feed.json").read_bytes()


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([_VALID, _VALID_ATOM, _VALID_JSON]),
    st.integers(min_value=0, max_value=4000),
    st.integers(min_value=1, max_value=40),
    st.binary(max_size=8),
)
def test_damaged_feeds_never_raise(
    base: bytes, start: int, size: int, junk: bytes
) -> None:
    start = min(start, len(base))
    damaged = base[:start] + junk + base[start + size :]
    report = check_feed(damaged)
    assert isinstance(report.ok, bool)


# -- specific behaviours --------------------------------------------------------------


def _rules(data: str) -> list[str]:
    return [f.rule for f in check_feed(data.encode()).findings]


RSS_HEAD = (
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
    "<title>T</title><link>https://example.org/</link><description>D</description>"
    '<atom:link href="https://example.org/feed.xml" rel="self" '
    'type="application/rss+xml"/>'
)


@pytest.mark.parametrize(
    "author",
    ["ann@example.org (Ann Lee)", "mailto:ann@example.org (Ann Lee)"],
)
def test_rss_author_with_email_is_valid(author: str) -> None:
    feed = (
        RSS_HEAD + "<item><title>x</title><guid>https://example.org/x</guid>"
        f"<author>{author}</author></item></channel></rss>"
    )
    assert _rules(feed) == []


@pytest.mark.parametrize(
    "date",
    [
        "Thu, 13 Feb 2025 09:30:00 GMT",
        "13 Feb 2025 09:30 -0500",
        "Thu, 13 Feb 2025 09:30:00 EST",
        "Thu, 13 Feb 2025 09:30:00 Z",
    ],
)
def test_rfc822_dates_accepted(date: str) -> None:
    feed = (
        RSS_HEAD + "<item><title>x</title><guid>https://example.org/x</guid>"
        f"<pubDate>{date}</pubDate></item></channel></rss>"
    )
    assert _rules(feed) == []


def test_guid_that_is_not_a_permalink_may_be_any_text() -> None:
    feed = (
        RSS_HEAD + '<item><title>x</title><guid isPermaLink="false">post 12 of 2025'
        "</guid></item></channel></rss>"
    )
    assert _rules(feed) == []


def test_unknown_extension_elements_are_left_alone() -> None:
    feed = RSS_HEAD.replace(
        "<channel>", '<channel xmlns:x="https://example.org/ns/x">'
    ) + (
        "<x:anything a='1'><x:deep/></x:anything><item><title>x</title>"
        "<guid>https://example.org/x</guid></item></channel></rss>"
    )
    assert _rules(feed) == ["namespace-unknown"]


def test_atom_entry_document() -> None:
    entry = (
        '<entry xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        "<id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>"
        "<updated>2025-02-13T09:30:00Z</updated><author><name>A</name></author>"
        "<content>text</content></entry>"
    )
    report = check_feed(entry.encode())
    assert report.format == "atom"
    assert report.findings == ()


def test_atom_feed_author_must_come_before_the_entries() -> None:
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        "<id>https://example.org/</id><updated>2025-02-13T09:30:00Z</updated>"
        '<link rel="self" href="https://example.org/atom.xml"/>'
        "<entry><title>e</title><id>https://example.org/e</id>"
        "<updated>2025-02-13T09:30:00Z</updated><content>c</content></entry>"
        "<author><name>A</name></author></feed>"
    )
    rules = _rules(feed)
    assert "atom-entry-missing-author" in rules
    assert "atom-misplaced-metadata" in rules


def test_json_parser_positions_and_values() -> None:
    text = '{\n  "a": [1, 2.5, "x\\u00e9"],\n  "b": {"c": null, "d": true}\n}'
    root = parse_json(text)
    assert plain(root) == json.loads(text)
    assert isinstance(root.value, dict)
    assert root.value["b"].line == 3
    assert root.value["a"].column == 8


@pytest.mark.parametrize("path", [p for p in PASS_FILES if p.suffix == ".json"])
def test_json_parser_agrees_with_the_standard_library(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert plain(parse_json(text)) == json.loads(text)


# -- output and exit status -----------------------------------------------------------


def _sample_reports() -> list[CheckReport]:
    return [
        check_file(DATA / "fail" / "rss-missing-channel-link.xml"),
        check_file(DATA / "fail" / "rss-item-missing-guid.xml"),
        check_file(DATA / "pass" / "hugo-rss.xml"),
    ]


def test_text_output_lines() -> None:
    text = render_reports_text(_sample_reports())
    lines = text.splitlines()
    assert re.fullmatch(
        r".*rss-missing-channel-link\.xml:\d+: error: rss-missing-channel-link: "
        r"<channel> needs a <link> element \[RSS 2\.0 §Required channel elements\]",
        lines[0],
    ), lines[0]
    assert ": warning: rss-item-missing-guid: " in text
    assert lines[-1] == "3 files checked: 1 error, 1 warning; 1 not valid"


def test_json_output_is_stable_and_complete() -> None:
    reports = _sample_reports()
    out = render_reports_json(reports)
    assert out == render_reports_json(reports)
    document = json.loads(out)
    assert document["summary"] == {"errors": 1, "files": 3, "warnings": 1}
    first = document["files"][0]
    assert first["ok"] is False
    assert first["format"] == "rss"
    assert set(first["findings"][0]) == {
        "column",
        "line",
        "message",
        "rule",
        "severity",
        "spec",
    }
    assert (
        out == json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    )


def test_exit_status() -> None:
    warn_only = [check_file(DATA / "fail" / "rss-item-missing-guid.xml")]
    clean = [check_file(DATA / "pass" / "hugo-rss.xml")]
    broken = [check_file(DATA / "fail" / "rss-enclosure-missing-length.xml")]
    assert check_exit_status(clean, strict=False) == 0
    assert check_exit_status(clean, strict=True) == 0
    assert check_exit_status(warn_only, strict=False) == 0
    assert check_exit_status(warn_only, strict=True) == 1
    assert check_exit_status(broken, strict=False) == 1


def test_run_check_text_and_json() -> None:
    out, err = io.StringIO(), io.StringIO()
    paths = [
        str(DATA / "pass" / "hugo-rss.xml"),
        str(DATA / "pass" / "summitfeed-feed.json"),
    ]
    assert run_check(paths, as_json=False, strict=True, stdout=out, stderr=err) == 0
    assert out.getvalue().endswith("2 files checked: 0 errors, 0 warnings; all valid\n")
    assert err.getvalue() == ""
    out = io.StringIO()
    bad = [str(DATA / "fail" / "rss-duplicate-guid.xml")]
    assert run_check(bad, as_json=True, strict=False, stdout=out, stderr=err) == 1
    assert json.loads(out.getvalue())["files"][0]["findings"][0]["rule"] == (
        "rss-duplicate-guid"
    )


def test_run_check_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    missing = str(tmp_path / "nope.xml")
    status = run_check(
        [str(DATA / "pass" / "hugo-rss.xml"), missing],
        as_json=False,
        strict=False,
        stdout=out,
        stderr=err,
    )
    assert status == 2
    assert err.getvalue() == f"summitfeed: check: no such file: {missing}\n"
    assert out.getvalue() == ""


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_value_checks_never_raise(text: str) -> None:
    from summitfeed._check import _values as v

    v.uri_problems(text, "x", absolute=True, iri=False)
    v.uri_problems(text, "x", absolute=False, iri=True)
    v.canonical_problems(text, "x")
    v.http_url_problems(text)
    v.rfc822_problems(text, "x")
    v.rfc3339_problems(text, "x", "atom-date-not-rfc3339")
    v.w3cdtf_problems(text, "x")
    v.email_with_name_problems(text, "x")
    v.language_problems(text, "x")
    v.mime_ok(text)
    v.plain_text_problems(text, "x")
    for urls in ("strict", "relative", "none"):
        v.html_problems(text, urls=urls)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "<a href='x y'>",
                "<img src=/a.png>",
                "<script>",
                "</p>",
                "<![CDATA[",
                "<!--",
                "<!",
                "&#x0;",
                "&amp;",
                '<p onclick="x">',
                'style="a:b"',
                "<",
                ">",
                "javascript:",
            ]
        ),
        max_size=12,
    )
)
def test_html_scanner_survives_broken_markup(parts: list[str]) -> None:
    from summitfeed._check._values import html_problems

    html_problems("".join(parts))
