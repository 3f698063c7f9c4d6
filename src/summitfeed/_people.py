"""People: authors of articles and of the site, from the forms SPEC §1 accepts."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final
from urllib.parse import urlsplit

from summitfeed._model import Person
from summitfeed._urls import encode_url, is_absolute_http

__all__ = [
    "UNREADABLE_URL",
    "kind_of",
    "mistyped_person_keys",
    "parse_person",
    "readable_url",
]

_EMAIL: Final = re.compile(r"[^@\s<>()\"]+@[^@\s<>()\"]+\.[^@\s<>()\".]+")
_NAME_AND_EMAIL: Final = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<email>[^<>]*)>$")
PERSON_KEYS: Final = ("name", "email", "url")
# How alike (difflib's ratio) another key and a person's key must be to be
# taken for a mistyping of it: the likeness front-matter keys need as well.
_TYPO_CUTOFF: Final = 0.75


def kind_of(value: object) -> str:
    """How a message names the type of a front-matter value ("a list")."""
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.datetime | dt.date):
        return "a date"
    if isinstance(value, str):
        return "text"
    return f"a {type(value).__name__}"


UNREADABLE_URL: Final = (
    "cannot be read as a URL (a [ after // starts an IPv6 address and needs "
    "its ]); write e.g. https://example.org/images/photo.jpg or a path"
)


def readable_url(reference: str) -> bool:
    """Whether Python's URL functions can take ``reference`` apart at all."""
    try:
        urlsplit(reference.strip())
    except ValueError:
        return False
    return True


def parse_person(value: object) -> Person | str:
    """A person from ``'Name'``, ``'Name <mail>'`` or ``{name, email, url}``.

    Returns an error message (what would be right) instead of raising, so
    that both articles and site settings can report it their own way.
    """
    if isinstance(value, str):
        text = " ".join(value.split())
        match = _NAME_AND_EMAIL.match(text)
        if match:
            name, email = match.group("name").strip(), match.group("email").strip()
            if not _EMAIL.fullmatch(email):
                return (
                    f"{email!r} is not an e-mail address "
                    "(write 'Name <name@example.org>')"
                )
            return Person(name or email, email=email)
        if not text:
            return "is empty; write a name"
        if "<" in text or ">" in text:
            return (
                f"{text!r} is neither a name nor 'Name <name@example.org>' "
                "(is a < or > missing?)"
            )
        return Person(text)
    if isinstance(value, dict):
        # Other keys (twitter, position, company...) are for the site's own
        # pages; a feed has room for name, e-mail and URL only.
        name, email, url = (value.get(k) for k in PERSON_KEYS)
        for part in (name, email, url):
            if part is not None and not isinstance(part, str):
                return f"has {kind_of(part)} where text is expected"
        if not name or not str(name).strip():
            typo = next(
                (key for key, meant in mistyped_person_keys(value) if meant == "name"),
                None,
            )
            hint = f"; is {typo} a mistyped name?" if typo else ""
            return "needs a name (name: 'Ada Lovelace')" + hint
        if email is not None and not _EMAIL.fullmatch(email.strip()):
            return f"{email!r} is not an e-mail address"
        if url is not None and not readable_url(url):
            return f"url {url!r} {UNREADABLE_URL}"
        if url is not None and not is_absolute_http(url.strip()):
            return (
                f"url {url!r} is not an absolute http(s) URL "
                "(write e.g. https://example.org/ada)"
            )
        return Person(
            " ".join(str(name).split()),
            email=email.strip() if email else None,
            url=encode_url(url.strip()) if url else None,
        )
    return f"is {kind_of(value)}; write 'Name', 'Name <mail@example.org>' or a mapping"


def mistyped_person_keys(value: dict[object, object]) -> list[tuple[str, str]]:
    """``(key, meant)`` for each key of a person's mapping that is most
    likely ``name``, ``email`` or ``url`` mistyped: alike, and the key it
    resembles is absent (``names`` beside ``name`` is a key of its own)."""
    import difflib  # (only for a mapping with keys beyond a person's)

    found: list[tuple[str, str]] = []
    for key in value:
        if not isinstance(key, str) or key in PERSON_KEYS:
            continue
        close = difflib.get_close_matches(
            key.casefold(), PERSON_KEYS, n=1, cutoff=_TYPO_CUTOFF
        )
        if close and close[0] not in value:
            found.append((key, close[0]))
    return found
