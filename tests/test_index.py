"""The selection rule chooses the newest articles as the feed orders them."""

from __future__ import annotations

import random

import pytest

from summitfeed._incremental.index import FileState
from summitfeed._render.select import Selection


def _states(seed: int, count: int) -> list[FileState]:
    draw = random.Random(seed)
    days = [draw.randrange(20) * 86_400_000_000 for _ in range(8)]  # many ties
    return [
        FileState(
            source=f"content/{number:04d}.md",
            size=100,
            mtime_ns=1,
            digest="0" * 64,
            images=(),
            id=f"note-{draw.randrange(1000):03d}",
            published=draw.choice(days),
            updated=draw.choice(days),
            draft=draw.random() < 0.1,
            in_feeds=draw.random() > 0.05,
        )
        for number in range(count)
    ]


@pytest.mark.parametrize("seed", range(40))
def test_the_first_n_are_those_of_the_whole_order(seed: int) -> None:
    states = _states(seed, random.Random(seed).randrange(0, 400))
    now = 15 * 86_400_000_000
    for drafts in (False, True):
        plan = Selection(now, drafts, include_future=seed % 2 == 0)
        whole = sorted(
            (
                state
                for state in states
                if state.in_feeds
                and (drafts or not state.draft)
                and (plan.include_future or state.published <= now)
            ),
            key=lambda state: (state.published, state.updated, state.id),
            reverse=True,
        )
        assert plan.newest_first(states) == whole
        for limit in (1, 3, 50):
            assert plan.newest_first(states, limit) == whole[:limit]
