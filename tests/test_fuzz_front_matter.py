"""Random front matter thrown at the loader (SPEC §4), 2,000 examples a run.

Each input is either refused with our :class:`ArticleError`, naming the file
and (for front-matter problems) the line, or yields RSS and Atom documents
that lxml parses and feedparser reads with ``bozo`` false, and a JSON Feed
that parses. Inputs mix random Unicode (control characters and, through JSON
escapes, lone surrogates), nested lists and mappings, random date strings and
URLs with every kind of scheme. Rendering runs in-process, without the CLI.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import feedparser
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from summitfeed import ArticleError, FrontMatterError, Site
from summitfeed._read.frontmatter import RawArticle, decode_article, parse_front_matter
from summitfeed._read.normalize import FIELD_KEYS, Normalized, normalize_article
from summitfeed._render.item import render_item
from summitfeed._render.jsonfeed import render_json
from summitfeed._render.plan import make_feed
from summitfeed._render.xml import render_atom, render_rss

PATH = "content/fuzz.md"
SITE = Site(title="Fuzz", base_url="https://example.org/", timezone="Europe/Zurich")
KEYS = sorted({key for keys in FIELD_KEYS.values() for key in keys})

# Every code point, surrogates included (JSON escapes them; YAML refuses them).
any_char = st.characters(exclude_categories=())
text = st.text(any_char, max_size=30)
date_text = st.one_of(
    st.datetimes(
        min_value=dt.datetime.min,  # noqa: DTZ901 - naive bounds
        max_value=dt.datetime.max,  # noqa: DTZ901
    ).flatmap(
        lambda moment: st.sampled_from(
            [
                moment.strftime(pattern)
                for pattern in (
                    "%Y-%m-%d",
                    "%Y-%m-%dT%H:%M:%S",
                    "%Y-%m-%dT%H:%M:%S+01:00",
                    "%Y-%m-%dT%H:%M:%S-23:59",
                    "%Y-%m-%dT%H:%M:%S+14:00",
                    "%Y-%m-%d %H:%M:%SZ",
                    "%d/%m/%Y",
                    "%m/%d/%Y",
                    "%b %d, %Y",
                    "%d %B %Y",
                    "%a, %d %b %Y %H:%M:%S GMT",
                    "%a, %d %b %Y %H:%M:%S -0500",
                )
            ]
        )
    ),
    st.from_regex(r"\A\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\Z"),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    text,
)
url_text = st.builds(
    lambda scheme, rest: scheme + rest,
    st.sampled_from(
        [
            "https://example.org/",
            "http://",
            "http://[",
            "//",
            "//[",
            "/",
            "",
            "../",
            "javascript:",
            " JaVaScRiPt:",
            "data:",
            "file://",
            "mailto:",
            "ftp://",
            "vbscript:",
        ]
    ),
    text,
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    text,
    date_text,
    url_text,
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, dt.UTC])),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["name", "email", "url", "src", "alt"]) | text,
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)
plain_text = st.text(st.characters(), min_size=1, max_size=30)  # no surrogates
real_date = st.one_of(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2025, 12, 31)),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2025, 12, 31)).map(
        dt.date.isoformat
    ),
)


def weighted(*choices: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """Draw from each strategy about as often as its weight says."""
    slots = [strategy for weight, strategy in choices for _ in range(weight)]
    return st.integers(0, len(slots) - 1).flatmap(lambda i: slots[i])


# Mostly plausible articles (so that most examples reach the renderers), each
# with a few random fields of every kind.
fields = st.builds(
    lambda base, extra: {**base, **extra},
    st.fixed_dictionaries(
        {
            "title": weighted((8, plain_text), (1, text), (1, values)),
            "publish_date": weighted((6, real_date), (1, date_text), (1, values)),
        }
    ),
    st.dictionaries(
        weighted((2, text), (1, st.sampled_from(KEYS))),
        st.one_of(plain_text, url_text, st.lists(plain_text, max_size=3), values),
        max_size=3,
    ),
)
no_surrogate = st.characters()  # surrogates excluded
body = st.text(no_surrogate, max_size=200)


def _yaml(data: dict[str, Any]) -> str | None:
    try:
        dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, UnicodeError):
        return None
    return f"---\n{dumped}---\n"


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, default=str) + "\n"


yaml_articles = st.builds(lambda d, b: (_yaml(d) or _json(d)) + b, fields, body)
articles = weighted(
    (3, yaml_articles),
    (1, st.builds(lambda d, b: _json(d) + b, fields, body)),
    # Raw text between the fences: whatever the YAML parser makes of it.
    (
        1,
        st.builds(
            lambda t, b: f"---\ntitle: 'x'\npublish_date: '2025-02-13'\n{t}\n---\n{b}",
            st.text(no_surrogate, max_size=80),
            body,
        ),
    ),
)


def _load(data: bytes) -> ArticleError | tuple[RawArticle, Normalized]:
    try:
        raw = parse_front_matter(decode_article(data, path=PATH), path=PATH)
        return raw, normalize_article(raw, site=SITE)
    except ArticleError as error:
        return error


def _check(document: bytes) -> None:
    root = etree.fromstring(document)
    assert root is not None
    parsed = feedparser.parse(document)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 1


@settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(articles)
def test_random_front_matter_is_refused_or_makes_well_formed_feeds(
    article: str,
) -> None:
    data = article.encode("utf-8", "surrogatepass")
    outcome = _load(data)
    if isinstance(outcome, ArticleError):
        event(f"refused: {type(outcome).__name__}")
        assert outcome.path == PATH
        message = str(outcome)
        if outcome.line is None:  # only problems of the whole file have no line
            assert isinstance(outcome, FrontMatterError)
            assert message.startswith(f"{PATH}: ")
        else:
            assert outcome.line >= 1
            assert message.startswith(f"{PATH}:{outcome.line}: ")
        return
    event("rendered")
    raw, normalized = outcome
    item = render_item(normalized.article, raw.body, site=SITE)
    feed = make_feed(SITE, [item])
    _check(render_rss(feed))
    _check(render_atom(feed))
    parsed = json.loads(render_json(feed))
    assert len(parsed["items"]) == 1
