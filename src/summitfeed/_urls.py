"""URLs as a browser reads them: resolve against a page, percent-encode where needed."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from typing import Final
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

__all__ = [
    "encode_url",
    "is_absolute_http",
    "is_plain_http_url",
    "local_path_under",
    "resolve_url",
    "unsafe_scheme",
]

# Characters a URL may carry as they are: RFC 3986 reserved and unreserved, and
# "%" so that existing escapes are not escaped twice.
_SAFE: Final = ":/?#[]@!$&'()*+,;=-._~%"


# Anything but the printable ASCII a URL may hold as it is (all of it but
# the space and " < > \ ^ ` { | }), written as one class: the regex engine
# scans a class faster than alternatives.
_NEEDS_ENCODING: Final = re.compile(r"[^!#-;=?-\[\]_a-z~]")


def encode_url(url: str) -> str:
    """Percent-encode spaces, non-ASCII and other characters a URL may not hold."""
    if not _NEEDS_ENCODING.search(url):
        return url
    parts = urlsplit(url.strip())
    netloc = parts.netloc
    if netloc and not netloc.isascii():
        netloc = _encode_host(netloc)
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=_SAFE),
            quote(parts.query, safe=_SAFE),
            quote(parts.fragment, safe=_SAFE),
        )
    )


def _encode_host(netloc: str) -> str:
    userinfo, at, hostport = netloc.rpartition("@")
    host, colon, port = hostport.partition(":")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        host = quote(host, safe="")
    return f"{userinfo}{at}{host}{colon}{port}"


# An absolute http(s) URL of characters that never need percent-encoding.
_PLAIN_HTTP_URL: Final = re.compile(r"https?://[!#-;=?-\[\]_a-z~]+")


def is_plain_http_url(text: str) -> bool:
    """Whether ``text`` is an http(s) URL that can be used exactly as written.

    A fast path: such a URL needs no parsing to be checked or resolved.
    """
    return _PLAIN_HTTP_URL.fullmatch(text) is not None


def unsafe_scheme(reference: str) -> str | None:
    """The scheme of a reference when it is neither http(s) nor a plain path."""
    if ":" not in reference:
        return None  # (no scheme without a colon; most references in a body)
    scheme = urlsplit(reference.strip()).scheme.lower()
    if scheme in ("", "http", "https"):
        return None
    return scheme


# Case-sensitive: urljoin writes a scheme in lower case, so others take it.
_ABSOLUTE_HTTP: Final = re.compile(r"https?://[^/?#]")
# A base whose relative references need no parsing: lower-case scheme, a
# path, no query or fragment (and, checked apart, no dot or empty segment).
_PLAIN_BASE: Final = re.compile(r"(https?://[^/?#]+)/[^?#]*")
_PLAIN_RELATIVE: Final = re.compile(
    r"[\w~%-][\w.~%-]*(?:/[\w~%-][\w.~%-]*)*/?", re.ASCII
)


def resolve_url(reference: str, base: str) -> str:
    """Resolve ``reference`` against the absolute URL ``base``, as a browser would."""
    encoded = encode_url(reference.strip())
    # Fast paths for the common shapes, same result as urljoin's.
    if (
        _ABSOLUTE_HTTP.match(encoded)
        and encoded[-1] not in "?#"
        and "?#" not in encoded
        and ";" not in encoded
    ):  # (urljoin drops an empty query, fragment or parameters: it takes those)
        return encoded
    origin = _plain_origin(base)
    if origin is not None:
        if _PLAIN_RELATIVE.fullmatch(encoded):  # "x/y": after the base's last "/"
            return base[: base.rfind("/") + 1] + encoded
        if encoded[:1] == "/" and _PLAIN_RELATIVE.fullmatch(encoded, 1):
            return origin + encoded  # "/x/": after the base's host
    return urljoin(base, encoded)


@lru_cache(maxsize=64)
def _plain_origin(base: str) -> str | None:
    """The scheme and host of a base whose relative references need no
    parsing, or None. Cached: most references resolve against the site's URL."""
    plain = _PLAIN_BASE.fullmatch(base)
    if plain is not None and "/." not in base and "//" not in base[plain.end(1) :]:
        return plain.group(1)
    return None


def is_absolute_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def local_path_under(url: str, base_url: str) -> str | None:
    """The decoded path of ``url`` below ``base_url`` ("images/x.png"), or None."""
    if not url.startswith(base_url):
        return None
    path = urlsplit(url[len(base_url) :]).path
    relative = posixpath.normpath(unquote(path)) if path else ""
    if not relative or relative.startswith(("..", "/")) or relative == ".":
        return None
    return relative
