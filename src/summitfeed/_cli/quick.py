"""``summitfeed build`` run again with nothing changed, answered before the rest loads.

A build step runs the same command again and again. Its key is everything that
decides the settings and the build: the arguments, the working folder, the
bytes of the settings files the command would read, ``SOURCE_DATE_EPOCH``, and
the versions of Python, of summitfeed's own sources (every module of the
package) and of the libraries that shape the output. After a build, the
command records under that key, in the cache folder (``last-build.marshal``:
plain values in marshal's format behind a checksum, checked when read), the
build's snapshot and what it printed, and what reading the settings looked at
beyond those files (another generator's data files and folders). The next run
with the same key asks those again and walks the content folder; when all of
them, the article files, the local images and the written files are as
recorded and no future article has come due, it prints what a build from the
cache would print and stops, without loading the settings, the pipeline or any
library. Anything else, or any doubt, goes the normal way, which reaches the same
answer with the cache's own snapshot.

The checks it shares with the build are in :mod:`summitfeed._incremental.stamps`
(the last build's :class:`~summitfeed._incremental.stamps.Inputs`, which the
record holds as the cache's snapshot does).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import time

from summitfeed._cli.beside import WALK_BESIDE_FROM, walk_beside
from summitfeed._incremental.stamps import (
    Inputs,
    content_bytes,
    installed_versions,
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

TYPE_CHECKING = False  # (typing loads re, enum and more: see _lean)
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any, Final, NamedTuple, TextIO

    from summitfeed._read.discover import Listed
    from summitfeed._site.inputs import Noted
else:
    from summitfeed._lean import NamedTuple

_FORMAT: Final = 7

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


def cache_dir_line(text: str) -> str | None:
    """The value of the first top-level ``cache_dir = "..."`` (or ``'...'``)
    line of a settings file's ``text`` (only to find the record: a wrong
    guess finds none, and the build goes the normal way)."""
    for line in text.split("\n"):
        key, equals, value = line.lstrip(" \t").partition("=")
        if not equals or key.rstrip(" \t") != "cache_dir":
            continue
        value = value.lstrip(" \t")
        quote = value[:1]
        if quote not in ('"', "'"):
            continue
        inner, closed, _ = value[1:].partition(quote)
        if closed and '"' not in inner and "'" not in inner:
            return inner
    return None


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
    return hashlib.sha256(content_bytes(parts)).hexdigest()


def _cache_dir(argv: Sequence[str]) -> str:
    given = _option(argv, "--cache-dir")
    if given is not None:
        return given
    for name in _settings_files(argv):
        try:
            with open(name, encoding="utf-8") as handle:
                found = cache_dir_line(handle.read())
        except (OSError, UnicodeDecodeError):
            continue
        if found is not None:
            return found
        if name != "pyproject.toml":
            break  # the settings file the command reads
    return DEFAULT_CACHE_DIR


class Record(NamedTuple):
    """What :func:`answer` needs for the next run of a command: its ``key``
    (:func:`run_key`), the last build's :class:`Inputs` (as its snapshot
    holds them), where and how to list the articles, what to print, and
    what else to ask again. Never the options or the settings: a rebuild
    reads them again, so that a record someone replaced cannot decide them.
    """

    key: str
    inputs: Inputs
    root: str
    prefix: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    options: str  # as the snapshot records them
    out_root: str
    pinned: bool  # --now or SOURCE_DATE_EPOCH: no future article comes due
    clear_progress: bool
    stderr: tuple[str, ...]
    summary: str | None
    zone: tuple[str, str]  # the site's time zone, and zone_file() of it
    # What reading the settings looked at (summitfeed._site.inputs.consulted).
    consulted: tuple[Noted, ...]
    articles: int  # the article files the last build listed

    def plain(self) -> tuple[Any, ...]:
        """As the cache folder keeps it: plain values only."""
        return (*self[:1], tuple(self.inputs), *self[2:])

    @classmethod
    def from_plain(cls, value: Any) -> Record:
        """The record :meth:`plain` made ``value`` from, each part checked
        (marshal also reads values such as code objects, which must never
        be taken in).

        Raises:
            ValueError: it is not one.
        """
        if type(value) is not tuple or len(value) != len(cls._fields):
            raise ValueError("not a record")
        record = cls(value[0], Inputs.checked(value[1]), *value[2:])
        for name, allowed in _KINDS.items():
            if type(getattr(record, name)) not in allowed:
                raise ValueError(f"{name}: of another kind")
        for name in ("include", "exclude", "stderr", "zone"):
            if not all(type(part) is str for part in getattr(record, name)):
                raise ValueError(f"{name}: not text")
        if len(record.zone) != 2:
            raise ValueError("zone: not a name and its file")
        for noted in record.consulted:
            _check_probe(noted)
        return record


_KINDS: Final[Mapping[str, tuple[type, ...]]] = {
    "key": (str,),
    "root": (str,),
    "prefix": (str,),
    "include": (tuple,),
    "exclude": (tuple,),
    "options": (str,),
    "out_root": (str,),
    "pinned": (bool,),
    "clear_progress": (bool,),
    "stderr": (tuple,),
    "summary": (str, type(None)),
    "zone": (tuple,),
    "consulted": (tuple,),
    "articles": (int,),
}


def _check_probe(noted: object) -> None:
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


class Answer(NamedTuple):
    """What :func:`answer` found: whether it answered, and the listing of
    the article files it made, when it got that far."""

    answered: bool
    # The article files as listed for the check, for the build that follows.
    listed: Listed | None = None


def answer(argv: Sequence[str], out: TextIO, err: TextIO) -> Answer:
    """Print what a build from the cache would, if nothing changed."""
    started = time.perf_counter()
    try:
        key = run_key(argv)
        if key is None:
            return Answer(False)
        known = read_record(_cache_dir(argv))
        if known is None or known.key != key:
            return Answer(False)
        current, listed = _still_current(known)
        if not current:
            return Answer(False, listed=listed)
    except Exception:  # any doubt: the normal way gives the same answer
        return Answer(False)
    remove_dead_temps(_cache_dir(argv))  # (a killed build's: a few names)
    if known.clear_progress and err.isatty():
        print("\r\033[K", end="", file=err)
    for line in known.stderr:
        print(line, file=err)
    if known.summary is not None:
        print(f"{known.summary}{time.perf_counter() - started:.2f}s", file=out)
    return Answer(True)


def _still_current(known: Record) -> tuple[bool, Listed | None]:
    """Whether the zone database, what the settings were read from, the
    article files, the images and the output files are as recorded; and
    the listing of the article files, once made."""
    if zone_file(known.zone[0]) != known.zone[1]:
        return False, None
    from summitfeed._read.discover import Listed, list_sources
    from summitfeed._site.inputs import still_current

    if not still_current(known.consulted):
        return False, None
    listing = list_sources(
        known.root,
        include=known.include,
        exclude=known.exclude,
        prefix=known.prefix,
        beside=walk_beside if known.articles >= WALK_BESIDE_FROM else None,
    )
    listed = Listed(known.root, known.include, known.exclude, known.prefix, listing)
    now = None if known.pinned else time.time_ns() // 1000
    unchanged: bool = known.inputs.unchanged(
        listing, options=known.options, now=now, out_root=known.out_root
    )
    return unchanged, listed


def record(argv: Sequence[str], cache_dir: str, known: Record) -> None:
    """Keep ``known`` for the next run of ``argv`` in ``cache_dir`` (never raises)."""
    if run_key(argv) != known.key or _compute_key(argv) != known.key:
        return  # (a settings file changed while the command ran)
    try:
        data = marshal.dumps(known.plain())
        Record.from_plain(marshal.loads(data))  # (only what the next run accepts)
        make_cache_folder(cache_dir)
        remove_dead_temps(cache_dir)
        replace_file(cache_dir, RECORD, data)
    except (OSError, ValueError, TypeError, KeyError):
        return


def read_record(cache_dir: str) -> Record | None:
    """The record of the last run in ``cache_dir``, checked; None if none.

    Raises:
        StoreProblem: the file is there but not one this version wrote
            (or changed since), its text says how.
    """
    payload = read_sealed(os.path.join(cache_dir, RECORD), RECORD, limit=1 << 28)
    if payload is None:
        return None
    try:
        return Record.from_plain(marshal.loads(payload))
    except (ValueError, TypeError, KeyError, EOFError) as exc:
        raise StoreProblem(f"holds values of another kind ({exc})") from exc
