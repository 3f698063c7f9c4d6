"""The fast reading of front-matter YAML gives what PyYAML gives, or nothing.

Blocks are generated from the YAML that front matter is written in (plain,
single- and double-quoted scalars of every YAML 1.1 type, flow and block
lists, one level of mappings, comments) and compared with what
summitfeed._read.yaml reads through PyYAML, with the C loader (libyaml) and with
the pure-Python one: the same values of the same types, the same key lines,
the same plain scalars as written. A second generator adds what the fast
reader must leave to PyYAML (tabs, anchors, block scalars, odd indentation,
unknown escapes...): whatever it still accepts must read the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import summitfeed._read.yaml as pyyaml_reading
from summitfeed._errors import FrontMatterError
from summitfeed._read.yaml_subset import read_yaml_subset

FIRST_LINE = 2


class _PureLoader(yaml.SafeLoader):
    """summitfeed._read.yaml's loader on PyYAML's pure-Python scanner and parser."""


for _tag, _constructor in (
    ("tag:yaml.org,2002:timestamp", pyyaml_reading._construct_timestamp),
    ("tag:yaml.org,2002:int", pyyaml_reading._construct_int),
):
    _PureLoader.add_constructor(_tag, _constructor)

LOADERS = [pyyaml_reading._Loader, _PureLoader]
assert hasattr(yaml, "CSafeLoader"), "these tests compare with libyaml too"


@contextlib.contextmanager
def _loader(loader: type[yaml.SafeLoader]) -> Iterator[None]:
    saved = pyyaml_reading._Loader
    setattr(pyyaml_reading, "_Loader", loader)  # noqa: B010 - a class, for mypy
    try:
        yield
    finally:
        setattr(pyyaml_reading, "_Loader", saved)  # noqa: B010


def _by_pyyaml(block: str, loader: type[yaml.SafeLoader]) -> Any:
    """(fields, lines, scalars) as PyYAML reads them, or None when it refuses."""
    with _loader(loader):
        try:
            return pyyaml_reading.load_yaml(block, path="a.md", first_line=FIRST_LINE)
        except FrontMatterError:
            return None


def _same(a: object, b: object) -> bool:
    """Equal, and of the same types all the way down (True is no 1, NaN is NaN)."""
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


def _agrees(block: str, *, must_read: bool) -> None:
    fast = read_yaml_subset(block, first_line=FIRST_LINE)
    for loader in LOADERS:
        expected = _by_pyyaml(block, loader)
        if expected is None:
            assert fast is None, (loader, block, fast)
            continue
        if fast is None:
            assert not must_read, ("not read", block)
            continue
        fields, lines, scalars = fast
        assert _same(fields, expected[0]), (loader, block, fields, expected[0])
        assert lines == expected[1], (block, lines, expected[1])
        assert scalars == expected[2], (block, scalars, expected[2])


# -- scalars -----------------------------------------------------------------

_BOOLEAN_WORDS = "yes Yes YES no No NO true True TRUE false False FALSE on On ON off"
_OTHER_WORDS = "Off OFF y Y n N ~ null Null NULL nULL yEs none"
_WORDS = st.sampled_from(f"{_BOOLEAN_WORDS} {_OTHER_WORDS}".split(" "))
_INTS = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.integers(0, 10**6).map(lambda n: f"{n:_}"),
    st.integers(0, 4096).map(lambda n: f"0x{n:x}"),
    st.integers(0, 4096).map(lambda n: f"0X{n:X}"),
    st.integers(0, 4096).map(lambda n: f"0{n:o}"),
    st.integers(0, 4096).map(lambda n: f"0o{n:o}"),
    st.integers(0, 64).map(lambda n: f"0b{n:b}"),
    st.sampled_from(["0", "+0", "-0", "00", "0_", "08", "0b_", "0x_", "+12", "1__0"]),
    st.tuples(st.integers(0, 400), st.integers(0, 99), st.integers(0, 59)).map(
        lambda t: f"{t[0]}:{t[1]}:{t[2]:02d}"
    ),
)
_FLOATS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(
        [
            "1.5", ".5", "1.", "1.e+5", "1.0e5", "1.0E-3", "6.02e+23", "1_000.5",
            ".inf", "-.Inf", "+.INF", ".NaN", ".nan", "-.nan", "1:30.5",
            "190:20:30.15", "1e5", "3.14.15", "._5", "+.5", "-1.5",
        ]
    ),
)  # fmt: skip
_DATES = st.one_of(
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(lambda d: d.isoformat()),
    st.sampled_from(
        [
            "2025-02-30",
            "2025-13-01",
            "2025-1-2",
            "2025-00-10",
            "0000-01-01",
            "2025-02-13 9:30:00",
            "2025-02-30 10:00:00",
            "2025-02-13 24:00:00",
            "2025-02-13 10:60:00",
            "2025-02-13 10:00:61",
            "2025-02-13T10:00:00+25",
            "2025-02-13 10:00:00 +24:00",
            "2025-02-13 10:00",
            "2025-02-13T10:00:00.",
        ]
    ),
    st.builds(
        lambda d, h, m, s, sep, frac, zone: (
            f"{d.isoformat()}{sep}{h}:{m:02d}:{s:02d}{frac}{zone}"
        ),
        st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
        st.integers(0, 23),
        st.integers(0, 59),
        st.integers(0, 59),
        st.sampled_from(["T", "t", " ", "  "]),
        st.sampled_from(["", ".5", ".123456", ".1234567891", ".000"]),
        st.sampled_from(
            [
                "",
                "Z",
                " Z",
                "+02:00",
                " +02:00",
                "-05:00",
                "+5",
                "-0",
                " -11:30",
                "+0200",
                " +01",
                "z",
            ]
        ),
    ),
)
# Text of front matter: words, punctuation YAML gives a meaning to, other
# scripts, emoji.
_TEXT_CHARS = st.one_of(
    st.sampled_from(list("abcXYZ019 _-.,:;!?'\"#[]{}&*|>%@`~/\\()+=<")),
    st.characters(min_codepoint=0xA1, max_codepoint=0x2FFF),
    st.sampled_from(["é", "ß", "—", "\u2019", "中", "😀", "\u00a0"]),
)
_TEXT = st.text(_TEXT_CHARS, max_size=30)
_WORDY = st.lists(
    st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABC'.éß—")), min_size=1),
    min_size=1,
    max_size=6,
).map(" ".join)


def _single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_ESCAPES = [
    "\\\"", "\\\\", "\\/", "\\t", "\\n", "\\r", "\\0", "\\a", "\\e", "\\ ",
    "\\N", "\\_", "\\L", "\\P", "\\x41", "\\x7f", "\\u00e9", "\\u2019",
    "\\ud83d", "\\U0001F600", "\\q", "\\x4", "\\\t",
]  # fmt: skip


@st.composite
def _double(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                _TEXT.map(lambda t: t.replace("\\", "").replace('"', "")),
                st.sampled_from(_ESCAPES),
            ),
            max_size=5,
        )
    )
    return '"' + "".join(parts) + '"'


_TYPED = st.one_of(_WORDS, _INTS, _FLOATS, _DATES)
_PLAIN = st.one_of(_TYPED, _WORDY, _TEXT.map(str.strip).filter(bool))
_SCALAR = st.one_of(_PLAIN, _TEXT.map(_single), _double(), _TYPED.map(_single))
_IN_FLOW = st.one_of(
    _TYPED,
    _WORDY.filter(lambda t: not t.startswith(("'", "-", "."))),
    _TEXT.map(_single),
    _double(),
)

_KEYS = st.one_of(
    st.sampled_from(
        ["title", "date", "tags", "author", "heroImage", "publish_date", "draft",
         "read_time", "hero-image", "_private", "yes", "null", "on", "y", "Off"]
    ),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,10}", fullmatch=True),
)  # fmt: skip
_NESTED_KEYS = st.sampled_from(["name", "email", "url", "src", "alt", "width", "a_b"])
_COMMENT = st.sampled_from(["", "", "", "  # note", " # ", " #: x, [y]", "   #'"])


@st.composite
def _value_lines(draw: st.DrawFn, key: str) -> list[str]:
    """The lines of one top-level field."""
    kind = draw(st.sampled_from(["scalar"] * 4 + ["flow", "map", "list", "nested", ""]))
    comment = draw(_COMMENT)
    if kind == "scalar":
        return [f"{key}: {draw(_SCALAR)}{comment}"]
    if kind == "flow":
        items = draw(st.lists(_IN_FLOW, max_size=4))
        gap = draw(st.sampled_from([", ", ",", " , ", ",  "]))
        return [f"{key}: [{gap.join(items)}]{comment}"]
    if kind == "map":
        keys = draw(st.lists(_NESTED_KEYS, max_size=3, unique=True))
        pairs = ", ".join(f"{k}: {draw(_IN_FLOW)}" for k in keys)
        return [f"{key}: {{{pairs}}}{comment}"]
    if kind == "list":
        indent = draw(st.sampled_from(["", "  ", "    "]))
        items = draw(st.lists(_SCALAR, min_size=1, max_size=4))
        lines = [f"{key}:{comment}"]
        for item in items:
            if draw(st.booleans()):
                lines.append(draw(st.sampled_from(["", "# between", "    # deeper"])))
            lines.append(f"{indent}- {item}{draw(_COMMENT)}")
        return lines
    if kind == "nested":
        indent = draw(st.sampled_from(["  ", "    ", " "]))
        keys = draw(st.lists(_NESTED_KEYS, min_size=1, max_size=4, unique=True))
        lines = [f"{key}:{comment}"]
        for k in keys:
            value = draw(st.one_of(_SCALAR, st.lists(_IN_FLOW, max_size=2)))
            if isinstance(value, list):
                value = "[" + ", ".join(value) + "]"
            lines.append(f"{indent}{k}: {value}{draw(_COMMENT)}")
        return lines
    return [f"{key}:{comment}"]  # null


@st.composite
def _blocks(draw: st.DrawFn) -> str:
    keys = draw(st.lists(_KEYS, min_size=1, max_size=7, unique=True))
    lines: list[str] = []
    for key in keys:
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", "# a comment", "  ", "#"])))
        lines += draw(_value_lines(key))
    return "\n".join(lines) + "\n"


# What the fast reader leaves to PyYAML, mixed into the blocks above.
_OTHER_YAML = [
    "x: &a 1", "y: *a", "z: !!str 1", "b: |\n  text", "f: >\n  folded",
    "\ttabbed: 1", "k:\tv", "k: v\tw", "t: a\n  continued", "d: 1\nd: 2",
    "s: 'open", 's: "open', "- item", "  lead: 1", "m: {a: {b: 1}}",
    "l: [[1], 2]", "q: a: b", "w: -5", "c: -", "e: ? x", "%YAML 1.1", "---",
    "...", "n:\n  - a\n   - b", "o:\n  a: 1\n   b: 2", "p:\n- a\n  b: 1",
    "r: [a, b,]", "u: {a: 1,}", "v: [a: 1]", "g: {a:1}", "h: [a?b]",
    "i: [a #b]", "key :x", "ключ: x", "j: x #", "k: 'a'#b", "a:b: c",
    "l: <<", "m: =", "n: \u2028", "o: \ufeffx", "p: 1" + "0" * 5000,
    "list:\n  - a: 1", "deep:\n  a:\n    b: 1", "map:\n  yes: 1",
    "map:\n  a: 1\n  a: 2",
]  # fmt: skip


@st.composite
def _noisy_blocks(draw: st.DrawFn) -> str:
    lines = draw(_blocks()).splitlines()
    for _ in range(draw(st.integers(1, 3))):
        lines.insert(
            draw(st.integers(0, len(lines))), draw(st.sampled_from(_OTHER_YAML))
        )
    return "\n".join(lines) + "\n"


_SETTINGS = settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@_SETTINGS
@given(_blocks())
@example("title: 2025-02-13 09:30:00 +01:00\ndraft: no\n")
@example("tags: [a, 'b', \"c\", 1, yes, ~]\n")
@example("author: {name: Ana O'Hara, email: ana@example.org}\n")
def test_front_matter_yaml_reads_as_pyyaml_reads_it(block: str) -> None:
    _agrees(block, must_read=False)


@_SETTINGS
@given(_noisy_blocks())
def test_yaml_beyond_the_subset_is_left_to_pyyaml_or_read_the_same(block: str) -> None:
    _agrees(block, must_read=False)


@pytest.mark.parametrize("other", _OTHER_YAML)
def test_each_construct_beyond_the_subset(other: str) -> None:
    _agrees(f"title: 'x'\n{other}\nz_last: 1\n", must_read=False)


# Blocks the fast reader must read itself (else the speed is not there).
_COMMON_SHAPES = [
    "title: 'Ada''s ridge'\ntags:\n  - 'a'\n  - 'b'\n",
    "# comment\nlayout: post\ntitle: Dawn on the col\n"
    "date: 2025-02-13 09:30:00 +01:00\ntags: [alps, snow]  # shown\ndraft: false\n",
    'title: "The \\"north\\" face \\u2014 again"\ntags:\n  - "x"\n  - "y"\n',
    "author:\n  name: Ana Ruiz\n  email: ana@example.org\n"
    "image: {src: https://x.org/a.jpg, alt: A col}\n",
    "date: 2025-02-13T09:30:00.5Z\nweight: 10\nratio: 1.5\nlegacy: 0x1F\ntime: 1:30\n",
    "categories:\n- one\n- two\nempty:\nnone: ~\n",
    # Words read without a call, beside values that look like them.
    'title: "A \\"word\\""\nsub: "\\\\\\""\nshown: Yes\nnull_word: NULL  \n'
    "off_word: Off\nname: O'Hara's [x] {y} & z*\nwhen: 2025-1-2\nyear: 2025-\n",
    "tags: [yes, Null , open-source,b_2, on]  # words\nday: 2025-02-30\n"
    "at: 2025-02-13T09:30:00.25-05:00\nutc: 2025-02-13T09:30:00Z\n",
]  # fmt: skip


@pytest.mark.parametrize("block", _COMMON_SHAPES)
def test_common_shapes_take_the_fast_reading(block: str) -> None:
    assert read_yaml_subset(block, first_line=FIRST_LINE) is not None
    _agrees(block, must_read=True)


def test_values_of_every_type() -> None:
    block = (
        "a: yes\nb: Off\nc: ~\nd:\ne: 0x1f\nf: 1_000\ng: 1:30\nh: .inf\n"
        "i: 2025-02-13\nj: 2025-02-13 09:30:00 +01:00\nk: 2025-02-30\nl: 012\n"
    )
    read = read_yaml_subset(block, first_line=FIRST_LINE)
    assert read is not None
    fields, lines, scalars = read
    assert fields["a"] is True
    assert fields["b"] is False
    assert fields["c"] is None
    assert fields["d"] is None
    assert fields["e"] == 31
    assert fields["f"] == 1000
    assert fields["g"] == 90
    assert fields["h"] == math.inf
    assert fields["i"] == dt.date(2025, 2, 13)
    tz = dt.timezone(dt.timedelta(hours=1))
    assert fields["j"] == dt.datetime(2025, 2, 13, 9, 30, tzinfo=tz)
    assert (
        fields["k"] == "2025-02-30"
    )  # no date: text, as summitfeed._read.yaml keeps it
    assert fields["l"] == 10  # YAML 1.1 octal
    assert lines["a"] == FIRST_LINE
    assert lines["l"] == FIRST_LINE + 11
    assert scalars["g"] == "1:30"
    assert scalars["d"] == ""
    _agrees(block, must_read=True)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(_KEYS, _SCALAR), min_size=1, max_size=6, unique_by=lambda p: p[0]
    )
)
def test_key_lines_count_comments_and_blank_lines(pairs: list[tuple[str, str]]) -> None:
    lines: list[str] = []
    where: dict[str, int] = {}
    for key, value in pairs:
        lines += ["# about the next field", ""]
        where[key] = FIRST_LINE + len(lines)
        lines.append(f"{key}: {value}")
    block = "\n".join(lines) + "\n"
    read = read_yaml_subset(block, first_line=FIRST_LINE)
    if read is not None:
        assert read[1] == where
    _agrees(block, must_read=False)


@pytest.mark.parametrize(
    "value",
    [
        "[" + "a b" * 2000 + " #",
        "{" + "'a' b, " * 2000,
        "[" + "a'b " * 2000 + "'",
        "a" * 2000 + "a " * 2000 + "%",
        '"' + "\\x" * 2000,
        "'" + "''" * 2000,
        "[" + "a:" * 2000,
    ],
)
def test_no_line_takes_long_to_refuse(value: str) -> None:
    import time

    start = time.perf_counter()
    read_yaml_subset(f"key: {value}\n", first_line=FIRST_LINE)
    read_yaml_subset(f"key:\n  - {value}\n", first_line=FIRST_LINE)
    # Backtracking would take seconds to minutes on these.
    assert time.perf_counter() - start < 0.5
