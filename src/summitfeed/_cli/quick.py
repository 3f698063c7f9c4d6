"""``summitfeed build`` run again with nothing changed, answered before the rest loads.

A build step runs the same command again and again. Its key is everything
that decides the settings and the build: the arguments, the working folder,
the bytes of the settings files the command would read, ``SOURCE_DATE_EPOCH``,
and the versions of Python, of summitfeed's own sources and of the libraries
that shape the output. After a build, the command records under that key, in
the cache folder (``last-build.marshal``: plain values in marshal's format
behind a checksum, checked when read), the build's snapshot and what it
printed, and what reading the settings looked at beyond those files
(another generator's data files and folders). The next run with the same key
asks those again and walks the content folder; when all of them, the article
files, the local images and the written files are as recorded and no future
article has come due, it prints what a build from the cache would print
and stops, without loading the settings, the pipeline or any library.
Anything else, or any doubt, goes the normal way, which reaches the same
answer with the cache's own snapshot.

This module also holds the plain checks that snapshot uses.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any, Final, TextIO

from summitfeed._fs import (
    RACY_NS,
    file_digest,
)
from summitfeed._incremental.stamps import (
    _content_bytes,
    inputs_current,
    installed_versions,
    outputs_unchanged,
    own_sources,
    zone_database,
    zone_file,
)
from summitfeed._incremental.store import (
    DEFAULT_CACHE_DIR,
    RECORD,
    StoreProblem,
    make_cache_folder,
    read_sealed,
    remove_dead_temps,
    replace_file,
)

__all__ = [
    "RACY_NS",
    "answer",
    "file_digest",
    "record",
    "run_key",
    "small_rebuild_follows",
]

_FORMAT: Final = 4

# Options after which the command does more than build (or builds without
# the cache): never answered here.
_NOT_HERE: Final = frozenset(
    {
        "-h",
        "--help",
        "--version",
        "--check",
        "--ping",
        "--dry-run",
        "--no-cache",
        "-v",
        "--verbose",
    }
)
# A top-level 'cache_dir = "..."' line of a settings file (only to find the
# record: a wrong guess finds none, and the build goes the normal way).
_CACHE_DIR_LINE: Final = re.compile(
    r"""^[ \t]*cache_dir[ \t]*=[ \t]*(["'])([^"'\n]*)\1""", re.MULTILINE
)


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
    """The settings files whose bytes are part of the run's key (what else
    reading the settings looked at, another generator's files among them,
    the record notes: :mod:`summitfeed._site.inputs`)."""
    files = ["summitfeed.toml", "pyproject.toml"]
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
        zone_database(),
        os.environ.get("TZ"),
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
    :func:`small_rebuild_follows` says whether its feeds are small.
    """
    started = time.perf_counter()
    _SMALL_REBUILD.clear()
    try:
        key = run_key(argv)
        if key is None:
            return False
        known = read_record(_cache_dir(argv))
        if known is None or known["key"] != key:
            return False
        if zone_file(known["zone"][0]) != known["zone"][1]:
            return False  # (the time-zone database changed)
        due = known["valid_until"]
        if not known["pinned"] and due is not None and time.time_ns() // 1000 >= due:
            return False  # a future article has come due
        from summitfeed._read.discover import list_sources

        if known.get("small"):
            _SMALL_REBUILD.append(True)  # unless the check below passes

        listing = list_sources(
            known["root"],
            include=known["include"],
            exclude=known["exclude"],
            prefix=known["prefix"],
            keep=True,  # the build that follows, if any, takes it
        )
        from summitfeed._site.inputs import still_current

        if (
            not still_current(known["consulted"])
            or not inputs_current(
                listing,
                digest=known["listing"],
                racy=known["racy"],
                images=known["images"],
                options=known["options"],
            )
            or not outputs_unchanged(known["out_root"], known["outputs"])
        ):
            return False
    except Exception:  # any doubt: the normal way gives the same answer
        _SMALL_REBUILD.clear()
        return False
    _SMALL_REBUILD.clear()
    remove_dead_temps(_cache_dir(argv))  # (a killed build's: a few names)
    if known["clear_progress"] and err.isatty():
        print("\r\033[K", end="", file=err)
    for line in known["stderr"]:
        print(line, file=err)
    if known["summary"] is not None:
        print(f"{known['summary']}{time.perf_counter() - started:.2f}s", file=out)
    return True


_SMALL_REBUILD: list[bool] = []


def small_rebuild_follows() -> bool:
    """Whether the last :func:`answer` found its command with changed files
    and small feeds: a rebuild that renders small documents comes next."""
    return bool(_SMALL_REBUILD)


def record(argv: Sequence[str], cache_dir: str, facts: Mapping[str, object]) -> None:
    """Keep what :func:`answer` needs for the next run of ``argv`` (never raises).

    ``facts``: root, prefix, include, exclude, options, listing, racy, images,
    out_root, outputs, valid_until, pinned, clear_progress, stderr, summary,
    small (the feeds are small: a rebuild renders them in a helper), zone
    (the site's time zone and :func:`zone_file` of it), consulted (what
    reading the settings looked at, :func:`summitfeed._site.inputs.consulted`).
    Never the options or the settings: a rebuild reads them again, so that
    a record someone replaced cannot decide them.
    """
    key = run_key(argv)
    if key is None or _compute_key(argv) != key:
        return  # (a settings file changed while the command ran)
    try:
        data = marshal.dumps({"key": key, **facts})
        _checked_record(marshal.loads(data))  # (only what the next run accepts)
        make_cache_folder(cache_dir)
        remove_dead_temps(cache_dir)
        replace_file(cache_dir, RECORD, data)
    except (OSError, ValueError, TypeError, KeyError):
        return


def read_record(cache_dir: str) -> dict[str, Any] | None:
    """The record of the last run in ``cache_dir``, checked; None if none.

    Raises:
        StoreProblem: the file is there but not one this version wrote
            (or changed since), its text says how.
    """
    payload = read_sealed(os.path.join(cache_dir, RECORD), RECORD, limit=1 << 28)
    if payload is None:
        return None
    try:
        return _checked_record(marshal.loads(payload))
    except (ValueError, TypeError, KeyError, EOFError) as exc:
        raise StoreProblem(f"holds values of another kind ({exc})") from exc


def _checked_record(known: object) -> dict[str, Any]:
    """``known`` if every fact has the kind :func:`record` keeps (marshal also
    reads values such as code objects, which must never be taken in)."""
    if type(known) is not dict:
        raise ValueError("not a mapping")
    kinds: dict[str, tuple[type, ...]] = {
        "key": (str,),
        "root": (str,),
        "prefix": (str,),
        "include": (tuple,),
        "exclude": (tuple,),
        "options": (str,),
        "listing": (str,),
        "racy": (tuple,),
        "images": (tuple,),
        "out_root": (str,),
        "outputs": (dict,),
        "valid_until": (int, type(None)),
        "pinned": (bool,),
        "clear_progress": (bool,),
        "stderr": (tuple,),
        "summary": (str, type(None)),
        "small": (bool,),
        "zone": (tuple,),
        "consulted": (tuple,),
    }
    if set(known) != set(kinds):
        raise ValueError("other facts")
    for name, allowed in kinds.items():
        if type(known[name]) not in allowed:
            raise ValueError(f"{name}: of type {type(known[name]).__name__}")
    for name in ("include", "exclude", "stderr"):
        if not all(type(part) is str for part in known[name]):
            raise ValueError(f"{name}: not text")
    for path, digest in known["racy"]:
        if type(path) is not str or type(digest) is not str:
            raise ValueError("racy: not text")
    for path, root, size in known["images"]:
        if type(path) is not str or type(root) is not str or type(size) is not int:
            raise ValueError("images: not paths and sizes")
    for noted in known["consulted"]:
        if type(noted) is not tuple or len(noted) != 3:
            raise ValueError("consulted: not probes")
        kind, path, value = noted
        if type(kind) is not str or type(path) is not str:
            raise ValueError("consulted: not probes")
        if type(value) is tuple:
            if not all(type(part) is str for part in value):
                raise ValueError("consulted: not text")
        elif type(value) not in (str, bool, type(None)):
            raise ValueError("consulted: not plain values")
    zone = known["zone"]
    if len(zone) != 2 or not all(type(part) is str for part in zone):
        raise ValueError("zone: not a name and its file")
    for name, stamp in known["outputs"].items():
        if type(name) is not str or type(stamp) is not tuple or len(stamp) != 2:
            raise ValueError("outputs: not names and stamps")
        if not all(type(part) is int for part in stamp):
            raise ValueError("outputs: not numbers")
    return known
