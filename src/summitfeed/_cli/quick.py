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

import bisect
import contextlib
import functools
import hashlib
import hmac
import marshal
import os
import re
import stat
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, TextIO

__all__ = [
    "RACY_NS",
    "StoreProblem",
    "answer",
    "file_digest",
    "inputs_current",
    "installed_versions",
    "listing_digest",
    "make_cache_folder",
    "outputs_unchanged",
    "own_sources",
    "read_sealed",
    "record",
    "remove_dead_temps",
    "replace_file",
    "run_key",
    "small_rebuild_follows",
    "zone_database",
]

RACY_NS: Final = 2_000_000_000  # a time this close to its reading is not trusted
RECORD: Final = "last-build.marshal"
_FORMAT: Final = 4
DEFAULT_CACHE_DIR: Final = ".summitfeed-cache"

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
# Where the time-zone database is looked for when PYTHONTZPATH is not set
# (zoneinfo's own default on Linux and the BSDs).
_ZONE_FOLDERS: Final = (
    "/usr/share/zoneinfo",
    "/usr/lib/zoneinfo",
    "/usr/share/lib/zoneinfo",
    "/etc/zoneinfo",
)
# The most of a just-changed article file that is hashed to compare it
# (as much as any article may hold: a larger one is refused when read).
_HASHED_AT_MOST: Final = 16 * 1024 * 1024 + 1
SEAL: Final = b"summitfeed-store 2\n"
_SEAL_DIGEST: Final = 32
# A temporary file of ours in the cache folder: ".NAME.RANDOM.tmp".
TEMP_NAME: Final = re.compile(r"\.[A-Za-z0-9_.-]+\.[0-9a-f]{16}\.tmp")
# The libraries whose versions shape the output, as their distributions name
# themselves in site-packages ("PyYAML-6.0.2.dist-info").
_LIBRARIES: Final = re.compile(
    r"(feedgen|lxml|cmarkgfm|nh3|pyyaml|python_dateutil|tzdata|summitfeed)"
    r"(-[^-]+)?(-py[0-9.]+)?\.(dist|egg)-info",
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
    """Whether every output file still has the size and change time recorded."""
    if not stamps:
        return False
    for name, stamp in stamps.items():
        try:
            info = os.stat(os.path.join(out_root, name))
        except OSError:
            return False
        if (info.st_size, info.st_ctime_ns) != tuple(stamp):
            return False
    return True


def inputs_current(
    listing: list[tuple[str, int, int]],
    *,
    digest: str,
    racy: Sequence[tuple[str, str]],
    images: Iterable[tuple[str, str, int]],
    options: str,
) -> bool:
    """Whether the files, the images and the racy files' bytes are as recorded."""
    untrusted = [display for display, _ in racy]
    if listing_digest(listing, racy=untrusted, options=options) != digest:
        return False
    for path, root, size in images:
        if image_size(path, root) != size:
            return False
    for display, known in racy:
        try:
            if file_digest(read_capped(display)) != known:
                return False
        except OSError:
            return False
    return True


def image_size(path: str, root: str) -> int:
    """The byte length of the regular file at ``path`` if it is inside ``root``
    once every symbolic link on the way is followed; else -1.

    Asked again of each image a build used: a link retargeted, or a folder
    on the way replaced by a link, changes the answer.
    """
    try:
        real = os.path.realpath(path, strict=True)
        if os.path.commonpath((real, root)) != root:
            return -1
        info = os.stat(real)
    except (OSError, ValueError):
        return -1
    return info.st_size if stat.S_ISREG(info.st_mode) else -1


def read_capped(path: str, limit: int = _HASHED_AT_MOST) -> bytes:
    """At most ``limit`` bytes of the regular file ``path``.

    Raises:
        OSError: it cannot be read, or is not a regular file (a FIFO would
            block the read for ever).
    """
    fd = os.open(path, os.O_RDONLY | NONBLOCK | CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        chunks = []
        left = limit
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


# open() flags where the system has them (0 elsewhere), for every file the
# build opens itself.
NONBLOCK: Final = getattr(os, "O_NONBLOCK", 0)
CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0)
NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)


class StoreProblem(ValueError):
    """A file of the cache is not one summitfeed wrote whole (its text says why)."""


def read_sealed(path: str, name: str, *, limit: int = 1 << 31) -> bytes | None:
    """The checked payload of a file :func:`replace_file` wrote sealed; None
    if there is no such file.

    Raises:
        StoreProblem: it is a link, not a regular file, too large, or its
            digest does not match its bytes.
    """
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW | NONBLOCK | CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreProblem(f"cannot be opened ({exc.strerror})") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StoreProblem("is not a regular file")
        if info.st_size > limit:
            raise StoreProblem(f"is larger than {limit} bytes")
        chunks = []
        while True:
            chunk = os.read(fd, max(info.st_size, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
    except OSError as exc:
        raise StoreProblem(f"cannot be read ({exc.strerror})") from exc
    finally:
        os.close(fd)
    data = b"".join(chunks)
    head = len(SEAL) + _SEAL_DIGEST
    if not data.startswith(SEAL) or len(data) < head:
        raise StoreProblem("is not in the format this version writes")
    payload = memoryview(data)[head:]
    key = cache_key_secret()
    if key is None:
        raise StoreProblem(f"cannot be trusted: {_NO_SECRET}")
    if not hmac.compare_digest(
        _seal_digest(key, name, payload), data[len(SEAL) : head]
    ):
        raise StoreProblem("does not match its checksum")
    return bytes(payload)


def _seal_digest(key: bytes, name: str, payload: bytes | memoryview) -> bytes:
    # A keyed digest: whoever can write the cache folder but not read the
    # secret cannot make a store that is used. With the store's name first:
    # a store copied over another is refused.
    digest = hmac.new(key, f"summitfeed store {name}\0".encode(), hashlib.sha256)
    digest.update(payload)
    return digest.digest()


_SECRET_ENV: Final = "SUMMITFEED_CACHE_KEY"
_NO_SECRET: Final = (
    "no cache secret could be read or made (set SUMMITFEED_CACHE_KEY, or let "
    "summitfeed write ~/.config/summitfeed/cache-key)"
)


@functools.cache
def cache_key_secret() -> bytes | None:
    """The secret that seals every store of the cache; None when there is none.

    It is kept outside every cache folder, so that a cache folder restored
    from elsewhere (another branch's CI cache) or written by someone else is
    a miss, never published. ``SUMMITFEED_CACHE_KEY`` gives it (a CI secret,
    to share a cache between runs); else it is the file ``cache-key`` in
    ``$XDG_CONFIG_HOME/summitfeed`` (``~/.config/summitfeed``), made on first
    need, readable by its owner only. A key file that is a link, not the
    user's, or readable by others is not used.
    """
    given = os.environ.get(_SECRET_ENV)
    if given:
        return hashlib.sha256(given.encode("utf-8", "surrogatepass")).digest()
    config = os.environ.get("XDG_CONFIG_HOME") or os.path.join(
        os.path.expanduser("~"), ".config"
    )
    if not os.path.isabs(config):
        return None
    folder = os.path.join(config, "summitfeed")
    path = os.path.join(folder, "cache-key")
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        temp = os.path.join(folder, f".cache-key.{os.urandom(8).hex()}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o600)
        try:
            _write_all(fd, os.urandom(32))
        finally:
            os.close(fd)
        try:
            os.link(temp, path)  # never replaces a key another build made first
        except FileExistsError:
            pass
        finally:
            os.unlink(temp)
        return _read_secret(path)
    except OSError:
        return None


def _read_secret(path: str) -> bytes | None:
    fd = os.open(path, os.O_RDONLY | NOFOLLOW | NONBLOCK | CLOEXEC)
    try:
        info = os.fstat(fd)
        private = info.st_mode & 0o077 == 0 and info.st_uid == os.geteuid()
        secret = os.read(fd, 64)
    finally:
        os.close(fd)
    if not (stat.S_ISREG(info.st_mode) and private and len(secret) == 32):
        return None
    return secret


def replace_file(
    folder: str, name: str, payload: bytes, *, sealed: bool = True
) -> None:
    """Make ``folder/name`` hold ``payload`` (sealed with its checksum), atomically.

    The bytes go to a new file of a random name, created so that no link
    planted at that name is followed and no existing file is opened
    (``O_CREAT | O_EXCL | O_NOFOLLOW``), which is then renamed over the
    target: a rename replaces a link planted there, never writes through it.
    The temporary file is locked while it is written, so that
    :func:`remove_dead_temps` of another build leaves it alone.

    Raises:
        OSError: it could not be written (the temporary file is removed).
    """
    import fcntl

    temp = os.path.join(folder, f".{name}.{os.urandom(8).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC
    fd = os.open(temp, flags, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if sealed:
            key = cache_key_secret()
            if key is None:
                raise PermissionError(_NO_SECRET)
            _write_all(fd, SEAL + _seal_digest(key, name, payload))
        _write_all(fd, payload)
        os.replace(temp, os.path.join(folder, name))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    finally:
        os.close(fd)


# What the cache writes at the top of its folder: a folder per cache key,
# the record of the last run, their temporary files, and the .gitignore.
_CACHE_ENTRY: Final = re.compile(
    rf"[0-9a-f]{{24}}|{re.escape(RECORD)}|\.gitignore|{TEMP_NAME.pattern}"
)


def make_cache_folder(folder: str) -> None:
    """Make the cache folder if it is not there, with a ``.gitignore`` of
    ``*`` in it: the cache is never a file of the site's repository (as
    pytest's and mypy's caches keep out of it). A folder that holds other
    files (``cache_dir`` set to a folder of the site) gets none, which would
    hide those files from git too; one an older version made gains it.

    Raises:
        OSError: the folder could not be made.
    """
    with contextlib.suppress(OSError):
        if stat.S_ISREG(os.lstat(os.path.join(folder, ".gitignore")).st_mode):
            return  # (a link planted there is replaced, never written through)
    os.makedirs(folder, exist_ok=True)
    with contextlib.suppress(OSError):  # (git showing the cache costs no build)
        with os.scandir(folder) as entries:
            if not all(_CACHE_ENTRY.fullmatch(entry.name) for entry in entries):
                return
        replace_file(folder, ".gitignore", b"*\n", sealed=False)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def remove_dead_temps(folder: str) -> None:
    """Remove the temporary files in ``folder`` that builds killed while
    writing left (never one a running build holds locked). Never raises."""
    import fcntl

    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if TEMP_NAME.fullmatch(e.name)]
    except OSError:
        return
    for name in names:
        path = os.path.join(folder, name)
        try:
            fd = os.open(path, os.O_RDONLY | NOFOLLOW | NONBLOCK | CLOEXEC)
        except OSError:
            with contextlib.suppress(OSError):
                if stat.S_ISLNK(os.lstat(path).st_mode):
                    os.unlink(path)  # (a link of that name is not ours to keep)
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.unlink(path)
        except OSError:
            pass  # (being written)
        finally:
            os.close(fd)


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
                for name in names:
                    if _LIBRARIES.fullmatch(name.name):
                        # (With its time: a package without a version in its
                        # name, as some of Debian's, counts when reinstalled.)
                        found.add(f"{name.name} {_mtime(name)}")
        except OSError:
            continue
    return sorted(found)


def _mtime(entry: os.DirEntry[str]) -> int:
    try:
        return entry.stat().st_mtime_ns
    except OSError:
        return -1


def zone_file(name: str) -> str:
    """The zone file ``zoneinfo`` reads for the zone ``name`` (the first one
    of the search path), with its size and change time; "" if none (then
    the ``tzdata`` package's, whose version is in :func:`installed_versions`)."""
    if not name or name.startswith("/") or ".." in name.split("/"):
        return ""
    for folder in _zone_folders():
        try:
            info = os.stat(os.path.join(folder, name))
        except (OSError, ValueError):
            continue
        return f"{folder}/{name} {info.st_size} {info.st_ctime_ns} {info.st_ino}"
    return ""


def _zone_folders() -> tuple[str, ...]:
    given = os.environ.get("PYTHONTZPATH")
    return _ZONE_FOLDERS if given is None else tuple(given.split(os.pathsep))


@functools.cache
def zone_database() -> list[str]:
    """What tells one time-zone database from another: ``PYTHONTZPATH`` and
    the version file of each folder it names (the ``tzdata`` package is
    among :func:`installed_versions`)."""
    found = [f"PYTHONTZPATH={os.environ.get('PYTHONTZPATH')}"]
    for folder in _zone_folders():
        for name in ("tzdata.zi", "+VERSION", "."):
            try:
                info = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            found.append(f"{folder}/{name} {info.st_size} {info.st_mtime_ns}")
    return found


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
