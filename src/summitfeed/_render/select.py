"""The one rule that chooses and orders the articles a feed may hold.

It serves the build, over the small state it keeps of each file, and the
library, over articles: both give it dates as whole microseconds
(:func:`summitfeed._dates.micros`, exact and ordered as the instants are),
so the choice and the order are the same whichever it is given.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Sequence
from typing import Final, NamedTuple, Protocol, TypeVar

from summitfeed._dates import micros
from summitfeed._errors import NothingToPublish
from summitfeed._model import Article, Request


class Candidate(Protocol):
    """What the rule reads of an article: its dates in microseconds (UTC)."""

    @property
    def error(self) -> object | None: ...
    @property
    def published(self) -> int: ...
    @property
    def updated(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def draft(self) -> bool: ...
    @property
    def in_feeds(self) -> bool: ...
    @property
    def expires(self) -> int | None: ...


C = TypeVar("C", bound=Candidate)

_FEED_ORDER: Final = operator.attrgetter("published", "updated", "id")
_PUBLISHED: Final = operator.attrgetter("published")


class Selection(NamedTuple):
    """Which articles may enter a feed at ``now`` (microseconds), and in what order.

    Left out: an article with a problem, ``feed: false`` always; drafts
    unless ``include_drafts``; articles published after ``now`` unless
    ``include_future``; articles whose expiry date is before ``now``.
    Newest first: by published, then updated, then id.
    """

    now: int
    include_drafts: bool
    include_future: bool

    def admits(self, candidate: Candidate) -> bool:
        return (
            candidate.error is None
            and candidate.in_feeds
            and (self.include_drafts or not candidate.draft)
            and (self.include_future or candidate.published <= self.now)
            and (candidate.expires is None or candidate.expires >= self.now)
        )

    def withholds(self, candidate: Candidate) -> str | None:
        """Why the article is left out whatever its other fields say (a
        draft, ``feed: false``, expired), or None when it may be published."""
        if not candidate.in_feeds:
            return "feed: false"
        if candidate.draft and not self.include_drafts:
            return "a draft"
        if candidate.expires is not None and candidate.expires < self.now:
            return "expired"
        return None

    def newest_first(self, candidates: Iterable[C], limit: int = 0) -> list[C]:
        """The candidates a feed may hold, newest first; only the first
        ``limit`` of them when ``limit`` is not 0."""
        admitted = [candidate for candidate in candidates if self.admits(candidate)]
        if limit and len(admitted) > 2 * limit:
            # None of the first `limit` is older than the limit-th newest date:
            # that date is found by sorting plain integers (in C), then only
            # the few left are sorted by the feed's order.
            cut = sorted(map(_PUBLISHED, admitted))[-limit]
            admitted = [c for c in admitted if c.published >= cut]
        ordered = sorted(admitted, key=_FEED_ORDER, reverse=True)
        return ordered[:limit] if limit else ordered


def rule_of(request: Request) -> Selection:
    """The selection rule of a build, at its moment."""
    return Selection(
        micros(request.moment), request.include_drafts, request.include_future
    )


class _ArticleCandidate(NamedTuple):
    """An article as the rule reads it."""

    error: None
    published: int
    updated: int
    id: str
    draft: bool
    in_feeds: bool
    expires: int | None
    article: Article


def as_candidate(article: Article) -> _ArticleCandidate:
    expires = None if article.expires is None else micros(article.expires)
    return _ArticleCandidate(
        None,
        micros(article.published),
        micros(article.updated),
        article.id,
        article.draft,
        article.in_feeds,
        expires,
        article,
    )


def select_articles(
    articles: Iterable[Article],
    *,
    now: dt.datetime,
    include_drafts: bool = False,
    include_future: bool = False,
    limit: int = 0,
) -> list[Article]:
    """The articles that may enter a feed at ``now``, newest first (see
    :class:`Selection`); the first ``limit`` only when it is not 0."""
    rule = Selection(micros(now), include_drafts, include_future)
    chosen = rule.newest_first(map(as_candidate, articles), limit)
    return [candidate.article for candidate in chosen]


def publishable(
    articles: Sequence[Article],
    *,
    now: dt.datetime,
    include_drafts: bool,
    include_future: bool,
) -> list[Article]:
    """The articles that may enter a feed at ``now``, newest first.

    Raises:
        NothingToPublish: none may; the message says what held each back.
    """
    chosen = select_articles(
        articles, now=now, include_drafts=include_drafts, include_future=include_future
    )
    if not chosen:
        told = [as_candidate(article) for article in articles]
        raise NothingToPublish(nothing_message(told, now=now))
    return chosen


def nothing_message(candidates: Sequence[Candidate], *, now: dt.datetime) -> str:
    """Why no article may enter a feed: what was read, and what held each back."""
    moment = micros(now)
    drafts = sum(c.draft for c in candidates)
    hidden = sum(not c.in_feeds for c in candidates)
    future = sum(c.published > moment for c in candidates)
    expired = sum(c.expires is not None and c.expires < moment for c in candidates)
    expired_part = f", {expired} expired" if expired else ""
    return (
        f"nothing to publish: {len(candidates)} article(s) read, {drafts} draft(s), "
        f"{future} dated after {now.isoformat()}, "
        f"{hidden} kept out of feeds (feed: false, or a page)"
        f"{expired_part} (use --drafts or --future to include them)"
    )
