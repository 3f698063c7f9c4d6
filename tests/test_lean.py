"""The quick answer's modules do without typing and regular expressions:
each stand-in here gives what the library or the pattern it replaced gives."""

from __future__ import annotations

import pickle
import re
import typing

from hypothesis import given
from hypothesis import strategies as st

from summitfeed._cli.quick import cache_dir_line
from summitfeed._incremental.stamps import is_library_info
from summitfeed._incremental.store import is_temp_name

TYPE_CHECKING = False
if TYPE_CHECKING:  # (as the modules that use it write it)
    from typing import NamedTuple
else:
    from summitfeed._lean import NamedTuple


class _Lean(NamedTuple):
    """A record."""

    name: str
    size: int = 0
    tags: tuple[str, ...] = ()

    def twice(self) -> int:
        return 2 * self.size

    @classmethod
    def of(cls, name: str) -> _Lean:
        return cls(name, 1)


class _Typed(typing.NamedTuple):
    """A record."""

    name: str
    size: int = 0
    tags: tuple[str, ...] = ()

    def twice(self) -> int:
        return 2 * self.size


def test_a_lean_named_tuple_is_what_typing_makes() -> None:
    lean, typed = _Lean("a", 3, ("x",)), _Typed("a", 3, ("x",))
    assert tuple(lean) == tuple(typed)
    assert _Lean._fields == _Typed._fields
    assert _Lean._field_defaults == _Typed._field_defaults
    assert repr(lean).replace("_Lean", "_Typed") == repr(typed)
    assert _Lean("b") == ("b", 0, ())
    assert lean.twice() == typed.twice() == 6
    assert _Lean.of("c") == ("c", 1, ())
    assert type(_Lean._make(["d", 2, ()])) is _Lean
    assert lean._replace(size=5).size == 5
    assert pickle.loads(pickle.dumps(lean)) == lean
    assert _Lean.__doc__ == "A record."
    assert _Lean.__qualname__ == "_Lean"
    assert isinstance(lean, tuple)


_LIBRARIES = re.compile(
    r"(feedgen|lxml|cmarkgfm|nh3|pyyaml|python_dateutil|tzdata|summitfeed)"
    r"(-[^-]+)?(-py[0-9.]+)?\.(dist|egg)-info",
    re.IGNORECASE,
)
_PARTS = st.sampled_from(
    ["lxml", "PyYAML", "nh3", "summitfeed", "tzdata", "numpy", "-", ".", "6.0.2",
     "py3.11", "PY3", "py", "dist-info", "egg-info", "DIST-INFO", "-info", "x",
     "\u017fummitfeed", "d\u0130st-info", "d\u0131st-info", "\u212a", "\n"]
)  # fmt: skip


@given(st.lists(_PARTS, max_size=7).map("".join))
def test_library_folders_are_told_as_the_pattern_told_them(name: str) -> None:
    assert is_library_info(name) == bool(_LIBRARIES.fullmatch(name))


def test_library_folders_as_installed() -> None:
    assert is_library_info("PyYAML-6.0.2.dist-info")
    assert is_library_info("lxml-5.1.0-py3.11.egg-info")
    assert is_library_info("summitfeed.egg-info")
    assert not is_library_info("lxml-5.1.0-linux.egg-info")
    assert not is_library_info("numpy-2.0.dist-info")


_TEMP_NAME = re.compile(r"\.[A-Za-z0-9_.-]+\.[0-9a-f]{16}\.tmp")


@given(
    st.lists(
        st.sampled_from([".", "tmp", "a", "Z_-", "0123456789abcdef", "0123", "G", "é"]),
        max_size=6,
    ).map("".join)
)
def test_temporary_names_are_told_as_the_pattern_told_them(name: str) -> None:
    assert is_temp_name(name) == bool(_TEMP_NAME.fullmatch(name))


def test_a_temporary_name_as_written() -> None:
    assert is_temp_name(".articles.store.0123456789abcdef.tmp")
    assert not is_temp_name(".articles.store.0123456789ABCDEF.tmp")


_CACHE_DIR_LINE = re.compile(
    r"""^[ \t]*cache_dir[ \t]*=[ \t]*(["'])([^"'\n]*)\1""", re.MULTILINE
)


@given(
    st.lists(
        st.sampled_from(
            ["cache_dir", " ", "\t", "=", '"', "'", "x", "/", "\n", "\r", "#",
             "cache_dir2", "[tool]"]
        ),
        max_size=12,
    ).map("".join)
)  # fmt: skip
def test_the_cache_folder_line_is_found_as_the_pattern_found_it(text: str) -> None:
    match = _CACHE_DIR_LINE.search(text)
    assert cache_dir_line(text) == (None if match is None else match.group(2))


def test_the_cache_folder_line_of_a_settings_file() -> None:
    text = 'title = "T"\n  cache_dir = ".cache/feeds"\ncache_dir = "later"\n'
    assert cache_dir_line(text) == ".cache/feeds"
    assert cache_dir_line("cache_dir = unquoted\n") is None


def test_a_lean_named_tuple_refuses_what_typing_refuses() -> None:
    import pytest

    with pytest.raises(TypeError):

        class _DefaultFirst(NamedTuple):
            a: int = 1
            b: int  # type: ignore[misc]  # (what the test is about)

    with pytest.raises(TypeError):

        class _TwoBases(NamedTuple, _Lean):  # type: ignore[misc]
            c: int
