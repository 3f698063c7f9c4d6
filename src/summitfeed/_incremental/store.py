"""The cache folder's files: sealed with a keyed checksum, written whole.

Every store file starts with a seal (HMAC-SHA-256 of its name and bytes,
with a key of this user's), so a file that another user or a crash left is
read as no cache, never as values. Loaded by the quick answer before
anything else: the standard library only.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import stat

from summitfeed._fs import CLOEXEC, NOFOLLOW, NONBLOCK, write_all

TYPE_CHECKING = False  # (typing loads re, enum and more: see _lean)
if TYPE_CHECKING:
    from typing import Final

RECORD: Final = "last-build.marshal"


DEFAULT_CACHE_DIR: Final = ".summitfeed-cache"


# What every store file starts with, before its checksum.
SEAL: Final = b"summitfeed-store 2\n"


_SEAL_DIGEST: Final = 32


_HEX: Final = frozenset("0123456789abcdef")
_NAME_CHARACTERS: Final = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"
)


def is_temp_name(name: str) -> bool:
    """Whether ``name`` is that of a temporary file of ours in the cache
    folder: ``.NAME.RANDOM.tmp``, RANDOM 16 hexadecimal digits, NAME of
    letters, digits and ``_.-``."""
    if not (name.startswith(".") and name.endswith(".tmp")):
        return False
    stem, dot, random = name[1:-4].rpartition(".")
    return (
        bool(dot and stem)
        and len(random) == 16
        and _HEX.issuperset(random)
        and _NAME_CHARACTERS.issuperset(stem)
    )


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
            write_all(fd, os.urandom(32))
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
            write_all(fd, SEAL + _seal_digest(key, name, payload))
        write_all(fd, payload)
        os.replace(temp, os.path.join(folder, name))
    except BaseException:
        try:  # noqa: SIM105 (contextlib: not loaded on the quick path)
            os.unlink(temp)
        except OSError:
            pass  # (the first error is the one raised)
        raise
    finally:
        os.close(fd)


def _is_cache_entry(name: str) -> bool:
    """Whether the cache writes ``name`` at the top of its folder: a folder
    per cache key, the record of the last run, their temporary files, and
    the .gitignore."""
    if len(name) == 24 and _HEX.issuperset(name):
        return True
    return name in (RECORD, ".gitignore") or is_temp_name(name)


def make_cache_folder(folder: str) -> None:
    """Make the cache folder if it is not there, with a ``.gitignore`` of
    ``*`` in it: the cache is never a file of the site's repository (as
    pytest's and mypy's caches keep out of it). A folder that holds other
    files (``cache_dir`` set to a folder of the site) gets none, which would
    hide those files from git too; one an older version made gains it.

    Raises:
        OSError: the folder could not be made.
    """
    try:
        if stat.S_ISREG(os.lstat(os.path.join(folder, ".gitignore")).st_mode):
            return  # (a link planted there is replaced, never written through)
    except OSError:
        pass  # (none there yet)
    os.makedirs(folder, exist_ok=True)
    try:
        with os.scandir(folder) as entries:
            if not all(_is_cache_entry(entry.name) for entry in entries):
                return
        replace_file(folder, ".gitignore", b"*\n", sealed=False)
    except OSError:
        pass  # (git showing the cache costs no build)


def remove_dead_temps(folder: str) -> None:
    """Remove the temporary files in ``folder`` that builds killed while
    writing left (never one a running build holds locked). Never raises."""
    import fcntl

    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if is_temp_name(e.name)]
    except OSError:
        return
    for name in names:
        path = os.path.join(folder, name)
        try:
            fd = os.open(path, os.O_RDONLY | NOFOLLOW | NONBLOCK | CLOEXEC)
        except OSError:
            try:
                if stat.S_ISLNK(os.lstat(path).st_mode):
                    os.unlink(path)  # (a link of that name is not ours to keep)
            except OSError:
                pass  # (gone meanwhile)
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.unlink(path)
        except OSError:
            pass  # (being written)
        finally:
            os.close(fd)
