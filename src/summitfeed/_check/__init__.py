"""``summitfeed check``: an offline validator for RSS 2.0, Atom 1.0 and JSON Feed 1.1.

It reads any feed file (ours or anyone else's), detects its format and reports
findings with a severity, a stable rule name, a line, a message that says what
would be right, and the section of the specification the rule comes from.
Nothing here touches the network, resolves entities or reads a DTD.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ._atom import check_atom
from ._json import check_json
from ._model import RULES, CheckReport, Collector, FeedFormat, Finding
from ._rss import check_rss
from ._rss1 import check_rss1
from ._xml import (
    ATOM03_NS,
    ATOM_NS,
    RDF_NS,
    check_namespace_declarations,
    line_of,
    parse_xml,
)

__all__ = [
    "MAX_FEED_BYTES",
    "RULES",
    "CheckReport",
    "Finding",
    "check_exit_status",
    "check_feed",
    "check_file",
    "render_reports_json",
    "render_reports_text",
    "run_check",
]

#: Larger inputs are refused with an ``input-too-large`` finding. This is the
#: limit of the W3C Feed Validation Service: a larger feed cannot be validated
#: there, and many readers refuse or truncate feeds of that size.
MAX_FEED_BYTES = 5_000_000

_HTML_START = re.compile(r"<(!doctype\s+html|html[\s>])", re.IGNORECASE)


def _sniff_text(data: bytes) -> str:
    """Enough of the start of the input, decoded, to tell what it is."""
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="replace").lstrip("\ufeff")
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    return head.decode("utf-8", errors="replace")


def _guess_xml_format(head: str) -> FeedFormat:
    if re.search(r"<(\w+:)?rss[\s>]", head):
        return "rss"
    if re.search(r"<(\w+:)?feed[\s>]", head):
        return "atom"
    return "unknown"


def check_feed(data: bytes, *, name: str = "<feed>") -> CheckReport:
    """Check one feed given as bytes; never raises for bad input."""
    try:
        return _check_feed(data, name)
    except (RecursionError, MemoryError, ValueError, TypeError, LookupError) as exc:
        # A last line of defence: hostile input must end in a finding.
        c = Collector()
        c.add(
            "check-failed",
            f"the file could not be checked ({exc.__class__.__name__}); it is "
            "probably not a feed",
        )
        return CheckReport(name, "unknown", c.sorted())


def _check_feed(data: bytes, name: str) -> CheckReport:
    c = Collector()
    if len(data) > MAX_FEED_BYTES:
        c.add(
            "input-too-large",
            f"the file is larger than {MAX_FEED_BYTES:,} bytes, more than feed "
            "validators and many readers accept (publish fewer items)",
        )
        return CheckReport(name, "unknown", c.sorted())
    head = _sniff_text(data).lstrip()
    if not head:
        c.add(
            "input-empty", "the file is empty (a feed is an RSS, Atom or JSON document)"
        )
        return CheckReport(name, "unknown", c.sorted())
    if head.startswith(("{", "[")):
        return _check_json_bytes(data, name, c)
    if not head.startswith("<"):
        c.add(
            "not-a-feed",
            "the file is neither XML nor JSON "
            "(a feed is an RSS, Atom or JSON document)",
            1,
            1,
        )
        return CheckReport(name, "unknown", c.sorted())
    without_decl = re.sub(r"^<\?xml[^>]*>\s*", "", head)
    if _HTML_START.match(without_decl):
        c.add(
            "not-a-feed",
            "the file is an HTML page, not a feed (link to the RSS, Atom or JSON file)",
            1,
            1,
        )
        return CheckReport(name, "unknown", c.sorted())
    fmt = _guess_xml_format(head)
    root = parse_xml(data, c)
    if root is None:
        return CheckReport(name, fmt, c.sorted())
    check_namespace_declarations(root, c)
    tag = str(root.tag)
    local = tag.rsplit("}", 1)[-1]
    ns = tag[1:].split("}", 1)[0] if tag.startswith("{") else None
    if local == "rss":
        fmt = "rss"
        check_rss(root, c, source=data)
    elif local in ("feed", "entry") and (
        ns in (ATOM_NS, ATOM03_NS, None) or local == "feed"
    ):
        fmt = "atom"
        check_atom(root, c)
    elif local == "RDF" and ns == RDF_NS:
        fmt = "rss"
        check_rss1(root, c)
    else:
        c.add(
            "not-a-feed",
            f"the root element <{local}> is not <rss> or <feed> "
            "(a feed is an RSS, Atom or JSON document)",
            line_of(root),
        )
        fmt = "unknown"
    return CheckReport(name, fmt, c.sorted())


def _check_json_bytes(data: bytes, name: str, c: Collector) -> CheckReport:
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        c.add(
            "not-a-feed",
            f"a JSON Feed must be UTF-8 (invalid byte 0x{data[exc.start]:02x} at "
            f"offset {exc.start})",
        )
        return CheckReport(name, "unknown", c.sorted())
    is_json = check_json(text, c)
    return CheckReport(name, "json" if is_json else "unknown", c.sorted())


def check_file(path: str | os.PathLike[str]) -> CheckReport:
    """Check one feed file; read errors become findings, not exceptions."""
    name = os.fspath(path)
    try:
        # Opened without waiting, and read only if it is a regular file: a
        # FIFO would block the read for ever, a device never end it.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                c = Collector()
                c.add(
                    "input-unreadable", "is not a regular file; only files are checked"
                )
                return CheckReport(name, "unknown", c.sorted())
            data = handle.read(MAX_FEED_BYTES + 1)
    except OSError as exc:
        c = Collector()
        reason = exc.strerror or exc.__class__.__name__
        c.add("input-unreadable", f"cannot read the file: {reason}")
        return CheckReport(name, "unknown", c.sorted())
    return check_feed(data, name=name)


# -- output ------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render_reports_text(reports: Sequence[CheckReport]) -> str:
    """``path:line:col: severity: rule: message [spec]`` lines and a summary line."""
    lines: list[str] = []
    errors = warnings = 0
    for report in reports:
        for f in report.findings:
            where = report.path
            if f.line is not None:
                where += f":{f.line}"
                if f.column is not None:
                    where += f":{f.column}"
            lines.append(
                f"{where}: {f.severity}: {f.rule}: {_one_line(f.message)} [{f.spec}]"
            )
            if f.severity == "error":
                errors += 1
            else:
                warnings += 1
    files = len(reports)
    failed = sum(1 for r in reports if not r.ok)
    lines.append(
        f"{files} file{'' if files == 1 else 's'} checked: "
        f"{errors} error{'' if errors == 1 else 's'}, "
        f"{warnings} warning{'' if warnings == 1 else 's'}; "
        + ("all valid" if failed == 0 else f"{failed} not valid")
    )
    return "\n".join(lines) + "\n"


def render_reports_json(reports: Sequence[CheckReport]) -> str:
    """A stable JSON document: one object per file, keys sorted."""
    files = []
    for report in reports:
        files.append(
            {
                "path": report.path,
                "format": report.format,
                "ok": report.ok,
                "findings": [
                    {
                        "severity": f.severity,
                        "rule": f.rule,
                        "message": f.message,
                        "line": f.line,
                        "column": f.column,
                        "spec": f.spec,
                    }
                    for f in report.findings
                ],
            }
        )
    errors = sum(1 for r in reports for f in r.findings if f.severity == "error")
    warnings = sum(1 for r in reports for f in r.findings if f.severity == "warning")
    document = {
        "files": files,
        "summary": {"files": len(reports), "errors": errors, "warnings": warnings},
    }
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def check_exit_status(reports: Sequence[CheckReport], *, strict: bool) -> int:
    """0 when no finding is an error (nor, with ``strict``, a warning); else 1."""
    for report in reports:
        for f in report.findings:
            if f.severity == "error" or strict:
                return 1
    return 0


def run_check(
    paths: Sequence[str],
    *,
    as_json: bool,
    strict: bool,
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    """The ``summitfeed check`` command: 0 valid, 1 findings that fail, 2 usage."""
    if not paths:
        stderr.write("summitfeed: check: give at least one feed file\n")
        return 2
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        for p in missing:
            stderr.write(f"summitfeed: check: no such file: {p}\n")
        return 2
    reports = [check_file(p) for p in paths]
    stdout.write(
        render_reports_json(reports) if as_json else render_reports_text(reports)
    )
    return check_exit_status(reports, strict=strict)
