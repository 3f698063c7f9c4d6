"""Plain-text helpers shared by every output format."""

from __future__ import annotations

import functools
import re

__all__ = ["cut_at_word", "xml_safe"]


@functools.cache
def _xml_forbidden() -> re.Pattern[str]:
    # Characters XML 1.0 forbids (C0 controls but tab, LF and CR; lone
    # surrogates; U+FFFE and U+FFFF), and those it only discourages that
    # readers trip on: DEL and the C1 controls (HTML parsers call them parse
    # errors, the W3C validator reports them, JSON readers warn). Compiled
    # on first need.
    return re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


# In ASCII, these are dropped: C0 controls but tab, LF and CR, and DEL.
_ASCII_FORBIDDEN = bytes([*(c for c in range(32) if c not in (9, 10, 13)), 127])


def xml_safe(text: str) -> str:
    """``text`` without the characters that XML 1.0 forbids, DEL and the C1
    controls (U+0080 to U+009F)."""
    # Fast paths (cheaper than the regex's scan): a printable string holds
    # no control character, surrogate or noncharacter; an ASCII one (known
    # without a scan) is cleaned as bytes.
    if text.isprintable():
        return text
    if text.isascii():
        data = text.encode("ascii")
        clean = data.translate(None, _ASCII_FORBIDDEN)
        return text if len(clean) == len(data) else clean.decode("ascii")
    # Some allowed characters (no-break space, say) are not "printable".
    if _without_tabs_and_line_ends(text).isprintable():
        return text
    return _xml_forbidden().sub("", text)


def _without_tabs_and_line_ends(text: str) -> str:
    return text.replace("\n", "").replace("\t", "").replace("\r", "")


def cut_at_word(text: str, limit: int = 300) -> str:
    """``text`` with its white space folded, cut at a word boundary near ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    if cut < limit // 2:
        cut = limit
    return text[:cut].rstrip(" ,;:.-\u2013\u2014") + "\u2026"
