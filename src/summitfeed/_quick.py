"""``summitfeed build`` run again with nothing changed, answered before the rest loads.

A build step runs the same command again and again. Its key is everything
that decides the settings and the build: the arguments, the working folder,
the bytes of the settings files the command would read, ``SOURCE_DATE_EPOCH``,
and the versions of Python, of summitfeed's own sources and of the libraries
that shape the output. After a build, the command records under that key, in
the cache folder (``last-build.marshal``), the build's snapshot and what it
printed. The next run with the same key walks the content folder; when the
article files, the local images and the written files are as recorded and no
future article has come due, it prints what a build from the cache would print
and stops, without loading the settings, the pipeline or any library.
Anything else, or any doubt, goes the normal way, which reaches the same
answer with the cache's own snapshot.

This module also holds the plain checks that snapshot uses.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import marshal
import os
import re
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, TextIO

__all__ = [
    "RACY_NS",
    "answer",
    "file_digest",
    "inputs_current",
    "installed_versions",
    "listing_digest",
    "outputs_unchanged",
    "own_sources",
    "record",
    "recorded_command",
    "run_key",
    "small_rebuild_follows",
]

RACY_NS: Final = 2_000_000_000  # a time this close to its reading is not trusted
RECORD: Final = "last-build.marshal"
_FORMAT: Final = 2
DEFAULT_CACHE_DIR: Final = ".summitfeed-cache"

# Options after which the command does more than build (or builds without
# the cache): never answered here.
_NOT_HERE: Final = frozenset(
    {"-h", "--help", "--version", "--check", "--ping", "--dry-run", "--no-cache"}
)
# The libraries whose versions shape the output, as their distributions name
# themselves in site-packages ("PyYAML-6.0.2.dist-info").
_LIBRARIES: Final = re.compile(
    r"(feedgen|lxml|cmarkgfm|nh3|pyyaml|python_dateutil|summitfeed)-[^-]+\.dist-info",
    re.IGNORECASE,
)
# A top-level 'cache_dir = "..."' line of a settings file (only to find the
# record: a wrong guess finds none, and the build goes the normal way).
_CACHE_DIR_LINE: Final = re.compile(
    r"""^[ \t]*cache_dir[ \t]*=[ \t]*(["'])([^"'\n]*)\1""", re.MULTILINE
)


def file_digest(data: bytes) -> str:
    """The hash that stands for a file's bytes in the cache (SHA-256: the
    fastest strong hash where the processor computes it)."""
    return hashlib.sha256(data).hexdigest()


def listing_digest(
    listing: list[tuple[str, int, int]],
    *,
    racy: Iterable[str] = (),
    options: str,
) -> str:
    """A digest of the files (path, size, time; no time for ``racy`` ones).

    ``listing`` is sorted by path, as :func:`list_sources` makes it.
    """
    untrusted = frozenset(racy)
    last = _LAST_DIGEST[0] if _LAST_DIGEST else None
    # The build after a missed quick check asks again of the same listing.
    if last is not None and last[0] is listing and last[1:3] == (untrusted, options):
        return last[3]
    counted = listing
    if untrusted:  # a few files: found by bisection (a listing is sorted)
        counted = listing.copy()
        for display in untrusted:
            at = bisect.bisect_left(counted, (display,))
            if at < len(counted) and counted[at][0] == display:
                counted[at] = (display, counted[at][1], -1)
    digest = hashlib.sha256(options.encode("utf-8", "surrogatepass"))
    digest.update(_content_bytes(counted))
    result = digest.hexdigest()
    _LAST_DIGEST[:] = [(listing, untrusted, options, result)]
    return result


# The last listing digested (the listing itself, compared by identity: a
# listing is never changed once made), with the racy paths, options, digest.
_LAST_DIGEST: list[tuple[list[tuple[str, int, int]], frozenset[str], str, str]] = []


def _content_bytes(value: list[Any]) -> bytes:
    """Bytes that depend on ``value``'s content only (str, int, bytes, lists...).

    marshal, in C, several times faster than pickle; its format 2, because
    later formats mark objects referred to more than once, so that equal
    values could give different bytes. (The cache key has Python's version.)
    """
    return marshal.dumps(value, 2)


def outputs_unchanged(
    out_root: str | os.PathLike[str], stamps: Mapping[str, tuple[int, int]]
) -> bool:
    """Whether every output file still has the size and time recorded."""
    if not stamps:
        return False
    for name, stamp in stamps.items():
        try:
            stat = os.stat(os.path.join(out_root, name))
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != tuple(stamp):
            return False
    return True


def inputs_current(
    listing: list[tuple[str, int, int]],
    *,
    digest: str,
    racy: Sequence[tuple[str, str]],
    images: Iterable[tuple[str, int]],
    options: str,
) -> bool:
    """Whether the files, the images and the racy files' bytes are as recorded."""
    untrusted = [display for display, _ in racy]
    if listing_digest(listing, racy=untrusted, options=options) != digest:
        return False
    for path, size in images:
        try:
            now_size = os.stat(path).st_size
        except OSError:
            now_size = -1
        if now_size != size:
            return False
    for display, known in racy:
        try:
            with open(display, "rb") as handle:
                if file_digest(handle.read()) != known:
                    return False
        except OSError:
            return False
    return True


@functools.cache
def installed_versions() -> list[str]:
    """The dist-info folders of the libraries that shape the output, on ``sys.path``.

    Read from the folder names, not with importlib.metadata, whose import
    alone costs more than a whole build from the cache.
    """
    found: set[str] = set()
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as names:
                found.update(e.name for e in names if _LIBRARIES.fullmatch(e.name))
        except OSError:
            continue
    return sorted(found)


@functools.cache
def own_sources() -> list[str]:
    """Size and time of summitfeed's own modules: an edited source tree counts."""
    package = os.path.dirname(os.path.abspath(__file__))
    stamps = []
    for folder, folders, files in os.walk(package):
        folders.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                stat = os.stat(path)
                relative = os.path.relpath(path, package).replace(os.sep, "/")
                stamps.append(f"{relative} {stat.st_size} {stat.st_mtime_ns}")
    return sorted(stamps)


def _option(argv: Sequence[str], name: str) -> str | None:
    """The value of ``--name VALUE`` or ``--name=VALUE`` (the last one given)."""
    value = None
    for index, arg in enumerate(argv):
        if arg == name and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith(name + "="):
            value = arg[len(name) + 1 :]
    return value


def _settings_files(argv: Sequence[str]) -> list[str]:
    """The files whose bytes may decide the settings."""
    from ._generators import GENERATOR_FILES

    files = ["summitfeed.toml", "pyproject.toml", *GENERATOR_FILES]
    config = _option(argv, "--config")
    return files if config is None else [config, *files]


def run_key(argv: Sequence[str]) -> str | None:
    """The key of a plain ``build`` command, or None for anything else.

    Computed once per process and command (the record written after the
    build is keyed by the inputs as they were when the command started).
    """
    if not argv or argv[0] != "build" or any(arg in _NOT_HERE for arg in argv):
        return None
    known = _KEYS.get(tuple(argv))
    if known is None:
        known = _KEYS[tuple(argv)] = _compute_key(argv)
    return known


_KEYS: dict[tuple[str, ...], str] = {}


def _compute_key(argv: Sequence[str]) -> str:
    parts: list[object] = [
        _FORMAT,
        sys.version,
        os.getcwd(),
        list(argv),
        os.environ.get("SOURCE_DATE_EPOCH"),
        installed_versions(),
        own_sources(),
    ]
    for name in _settings_files(argv):
        try:
            with open(name, "rb") as handle:
                parts.append(handle.read())
        except OSError:
            parts.append(None)
    return hashlib.sha256(_content_bytes(parts)).hexdigest()


def _cache_dir(argv: Sequence[str]) -> str:
    given = _option(argv, "--cache-dir")
    if given is not None:
        return given
    for name in _settings_files(argv):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            with open(name, encoding="utf-8") as handle:
                match = _CACHE_DIR_LINE.search(handle.read())
            if match is not None:
                return match.group(2)
            if name != "pyproject.toml":
                break  # the settings file the command reads
    return DEFAULT_CACHE_DIR


def answer(argv: Sequence[str], out: TextIO, err: TextIO) -> bool:
    """Print what a build from the cache would, if nothing changed; else False.

    When the command is the one recorded but its files changed,
    :func:`recorded_command` gives what the rebuild needs, and
    :func:`small_rebuild_follows` says whether its feeds are small.
    """
    started = time.perf_counter()
    _SMALL_REBUILD.clear()
    _RECORDED.clear()
    try:
        key = run_key(argv)
        if key is None:
            return False
        with open(os.path.join(_cache_dir(argv), RECORD), "rb") as handle:
            known = marshal.load(handle)
        if not isinstance(known, dict) or known.get("key") != key:
            return False
        due = known["valid_until"]
        if not known["pinned"] and due is not None and time.time_ns() // 1000 >= due:
            return False  # a future article has come due
        from ._discover import list_sources

        if known.get("small"):
            _SMALL_REBUILD.append(True)  # unless the check below passes

        listing = list_sources(
            known["root"],
            include=known["include"],
            exclude=known["exclude"],
            prefix=known["prefix"],
            keep=True,  # the build that follows, if any, takes it
        )
        if not inputs_current(
            listing,
            digest=known["listing"],
            racy=known["racy"],
            images=known["images"],
            options=known["options"],
        ) or not outputs_unchanged(known["out_root"], known["outputs"]):
            if isinstance(known.get("command"), bytes):
                _RECORDED.append(known["command"])
            return False
    except Exception:  # any doubt: the normal way gives the same answer
        _SMALL_REBUILD.clear()
        return False
    _SMALL_REBUILD.clear()
    if known["clear_progress"] and err.isatty():
        print("\r\033[K", end="", file=err)
    for line in known["stderr"]:
        print(line, file=err)
    if known["summary"] is not None:
        print(f"{known['summary']}{time.perf_counter() - started:.2f}s", file=out)
    return True


_SMALL_REBUILD: list[bool] = []


_RECORDED: list[bytes] = []


def recorded_command() -> bytes | None:
    """The options and settings of the command the last :func:`answer` found
    recorded, its files changed (as the command line would read them again:
    the run's key covers the arguments, folder and settings files); else None.
    """
    return _RECORDED[0] if _RECORDED else None


def small_rebuild_follows() -> bool:
    """Whether the last :func:`answer` found its command with changed files
    and small feeds: a rebuild that renders small documents comes next."""
    return bool(_SMALL_REBUILD)


def record(argv: Sequence[str], cache_dir: str, facts: Mapping[str, object]) -> None:
    """Keep what :func:`answer` needs for the next run of ``argv`` (never raises).

    ``facts``: root, prefix, include, exclude, options, listing, racy, images,
    out_root, outputs, valid_until, pinned, clear_progress, stderr, summary,
    small (the feeds are small: a rebuild renders them in a helper), command
    (pickled options and settings, for :func:`recorded_command`).
    """
    key = run_key(argv)
    if key is None or _compute_key(argv) != key:
        return  # (a settings file changed while the command ran)
    data = marshal.dumps({"key": key, **facts})
    target = os.path.join(cache_dir, RECORD)
    temp = f"{target}.{os.getpid()}.tmp"
    try:
        os.makedirs(cache_dir, exist_ok=True)
        with open(temp, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temp)
