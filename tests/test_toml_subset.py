"""The fast reading of TOML front matter gives what tomllib gives, or nothing."""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from summitfeed._read.front_limits import clean
from summitfeed._read.toml_subset import read_toml_subset


def _by_tomllib(block: str) -> Any:
    try:
        return clean(tomllib.loads(block))
    except (tomllib.TOMLDecodeError, ValueError):
        return None


def _same(a: object, b: object) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    return a == b


def _agrees(block: str, *, must_read: bool = False) -> None:
    fast = read_toml_subset(block)
    expected = _by_tomllib(block)
    if expected is None or not expected:
        assert fast is None, (block, fast)
        return
    if fast is None:
        assert not must_read, ("not read", block)
        return
    assert _same(fast, expected), (block, fast, expected)


_CHARS = st.one_of(
    st.sampled_from(list("abcXYZ019 _-.,:;!?'\"#[]{}=\\\t/")),
    st.characters(min_codepoint=0x80, max_codepoint=0x2FFF),
    st.sampled_from(["\x7f", "\x01", "\ufffe", "é", "😀"]),
)
_TEXT = st.text(_CHARS, max_size=20)
_ESCAPES = [
    '\\"', "\\\\", "\\t", "\\n", "\\b", "\\f", "\\r", "\\u00e9", "\\u2019",
    "\\U0001F600", "\\ud83d", "\\U00110000", "\\e", "\\x41", "\\q", "\\u12",
]  # fmt: skip


@st.composite
def _basic(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                _TEXT.map(lambda t: t.replace("\\", "").replace('"', "")),
                st.sampled_from(_ESCAPES),
            ),
            max_size=4,
        )
    )
    return '"' + "".join(parts) + '"'


_DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.builds(
        lambda d, h, m, s, sep, frac, zone: (
            f"{d.isoformat()}{sep}{h:02d}:{m:02d}:{s:02d}{frac}{zone}"
        ),
        st.dates(),
        st.integers(0, 24),
        st.integers(0, 60),
        st.integers(0, 60),
        st.sampled_from(["T", "t", " ", "  "]),
        st.sampled_from(["", ".5", ".123456", ".1234567", "."]),
        st.sampled_from(["", "Z", "z", "+02:00", "-05:30", "+24:00", "+0200", " Z"]),
    ),
    st.sampled_from(["2025-02-30", "2025-1-02", "10:00:00", "2025-02-13T10:00"]),
)
_NUMBERS = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.integers(0, 10**6).map(lambda n: f"{n:_}"),
    st.sampled_from(
        ["+0", "-0", "012", "0x1F", "0o17", "0b1", "1_", "1__0", "1.5", "1e5",
         "inf", "nan", "+12", "1" + "0" * 5000]
    ),
)  # fmt: skip
_SCALAR = st.one_of(
    _basic(),
    _TEXT.filter(lambda t: "'" not in t).map(lambda t: f"'{t}'"),
    st.sampled_from(["true", "false", "True", "yes"]),
    _NUMBERS,
    _DATES,
    st.sampled_from(['"""multi"""', "'''lit'''", "{a = 1}", '"a" "b"']),
)
_KEYS = st.one_of(
    st.sampled_from(["title", "date", "draft", "tags", "read_time", "1", "a-b"]),
    st.from_regex(r"[A-Za-z0-9_-]{1,8}", fullmatch=True),
    st.sampled_from(['"quoted"', "dotted.key", "bad key", ""]),
)


@st.composite
def _value(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 4)) == 0:
        items = draw(st.lists(_SCALAR, max_size=4))
        gap = draw(st.sampled_from([", ", ",", " , "]))
        tail = draw(st.sampled_from(["", ",", ", "]))
        return "[" + gap.join(items) + tail + "]"
    scalar: str = draw(_SCALAR)
    return scalar


@st.composite
def _blocks(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        roll = draw(st.integers(0, 9))
        if roll == 0:
            lines.append(draw(st.sampled_from(["", "# note", "  # x", "[params]"])))
        key = draw(_KEYS)
        eq = draw(st.sampled_from([" = ", "=", "  =  ", "\t=\t"]))
        comment = draw(st.sampled_from(["", "", " # c", "# c", "  #\x01"]))
        lines.append(f"{key}{eq}{draw(_value())}{comment}")
    return "\n".join(lines) + "\n"


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_blocks())
@example('title = "A \\"quoted\\" word"\ndate = 2025-02-13T09:30:00+01:00\n')
@example("tags = ['a', \"b\",]\ndraft = false\n")
@example("weight = 012\n")
@example("date = 2025-02-13T09:30:00.1234567Z\n")
def test_toml_front_matter_reads_as_tomllib_reads_it(block: str) -> None:
    _agrees(block)


@pytest.mark.parametrize(
    "block",
    [
        'title = "Dawn"\ndate = 2025-02-13\ndraft = false\nweight = 10\n',
        "title = 'Literal \\ text'\ntags = [\"a\", 'b']\n# note\n",
        "date = 2025-02-13 09:30:00.5Z\nupdated = 2025-02-13T09:30:00-05:00\n",
        'title = "caf\\u00e9 \\t tab"  # comment\n',
    ],
)
def test_common_toml_takes_the_fast_reading(block: str) -> None:
    assert read_toml_subset(block) is not None
    _agrees(block, must_read=True)


@pytest.mark.parametrize(
    "block",
    ["[params]\na = 1\n", "a.b = 1\n", "a = 1.5\n", 'a = """x"""\n', "a = 1\na = 2\n"],
)
def test_other_toml_goes_to_tomllib(block: str) -> None:
    assert read_toml_subset(block) is None
