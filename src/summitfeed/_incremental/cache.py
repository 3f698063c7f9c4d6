"""The persistent build cache in ``cache_dir``.

Stores of plain values (marshal's format, never pickle: reading a store
cannot run code), each behind a checksum and checked value by value when
read (:mod:`summitfeed._incremental.codec`): a store that is not as this version writes
it is a miss, and the build goes on as if it were not there. Each is one
file replaced atomically (a new file of a random name, never through a link,
then renamed; so a killed build or two builds at once leave either the old
or the new store, never a torn one):

- ``articles``: per article file, keyed by its path, its size, modification
  time and a hash of its bytes: what chooses and orders it (dates, id, URL,
  flags), its problems, and the sizes of the local images it used. A file
  whose size or time changed is hashed again; if its bytes did not change,
  the entry is kept. A file read within two seconds of its last change is
  always hashed again next time.
- ``changes``: the states of the files read since ``articles`` was last
  written whole, applied over it (a rebuild after one edit saves one state,
  not the states of every file).
- ``items``: rendered feed items, keyed by path, hash and image sizes.
- ``heads``: each document's parts but for its items (head and tail),
  keyed by the feed without its items, so that a rebuild whose feeds did
  not change loads no feed writer.
- ``ranges``: where each item is in each document written, so that the
  next build takes the unchanged ones from it and, after one edit, only
  the edited item goes through the feed writers
  (:mod:`summitfeed._incremental.splice`).
- ``snapshot``: what the next build checks to know that nothing changed,
  with the key of the articles the documents were made from
  (:mod:`summitfeed._incremental.snapshot`).

All stores live under a folder named by a digest of the settings, of the
versions of the libraries that shape the output and of summitfeed's own
source files and of the time-zone database: a change of any of them starts
from an empty cache. Why a store was not taken is kept for ``build -v``
(:func:`notes`).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Final, TypeVar

from summitfeed._incremental.codec import Spread, check_spread
from summitfeed._incremental.stamps import (
    installed_versions,
    own_sources,
    zone_database,
    zone_file,
)
from summitfeed._incremental.store import (
    StoreProblem,
    make_cache_folder,
    read_sealed,
    remove_dead_temps,
    replace_file,
)
from summitfeed._model import Site

__all__ = ["BuildCache", "cache_key", "notes"]

T = TypeVar("T")

_FORMAT: Final = 3
_KEY_FOLDER: Final = re.compile(r"[0-9a-f]{24}")
_STORE_FILE: Final = re.compile(r"\.?[a-z]+(\.pickle|\.store|\.[A-Za-z0-9_.]+\.tmp)")
_SUFFIX: Final = ".store"
_LARGEST: Final = 1 << 30  # bytes of one store (a full archive of 100,000 items)

_NOTES: list[str] = []


def notes() -> list[str]:
    """Why stores of the cache were not taken since the last :func:`BuildCache`
    was made, one line each (``build -v`` prints them)."""
    return list(_NOTES)


def cache_key(site: Site, *, extra: Iterable[str] = ()) -> str:
    """A digest of the settings, Python's and the libraries' versions, the
    time-zone database and ``extra`` options."""
    parts = [f"format {_FORMAT}", sys.version, repr(site), *extra]
    parts += installed_versions() + own_sources() + zone_database()
    parts += [f"TZ={os.environ.get('TZ')}", zone_file(site.timezone)]
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=12).hexdigest()


class BuildCache:
    """Reads and writes the stores of one cache key. Never raises on I/O.

    A store holds plain values only; ``load`` is given the function that
    makes the build's values from them, and checks them while it does.
    """

    def __init__(self, folder: str | os.PathLike[str], *, key: str) -> None:
        self.root = Path(folder)
        self.folder = self.root / key
        self._cleaned = False
        _NOTES.clear()

    def load(
        self, name: str, decode: Callable[[object], T], *, walks_once: bool = False
    ) -> T | None:
        """The store ``name`` as ``decode`` makes it, or None (a miss).

        ``decode`` raises on any value not as this version writes it. With
        ``walks_once``, it reads each part that several others share once,
        so that its work is linear in the bytes: the spread of the value is
        then not counted first.
        """
        path = self.folder / f"{name}{_SUFFIX}"
        try:
            payload = read_sealed(str(path), path.name, limit=_LARGEST)
            if payload is None:
                return None
            value = marshal.loads(payload)
            if not walks_once:
                check_spread(value, len(payload))
            return decode(value)
        except StoreProblem as exc:
            self._note(name, str(exc))
        except Spread as exc:
            self._note(name, str(exc))
        except Exception as exc:  # (a store made by hand: whatever it raises)
            self._note(name, f"holds values of another kind ({type(exc).__name__})")
        return None

    def _note(self, name: str, why: str) -> None:
        _NOTES.append(f"cache: {self.folder / (name + _SUFFIX)} {why}; not used")

    def save(self, name: str, value: Callable[[], object] | object) -> None:
        """Keep ``value`` (plain values, or a function that makes them)."""
        try:
            plain = value() if callable(value) else value
            payload = marshal.dumps(plain)  # type: ignore[arg-type]
        except (ValueError, TypeError) as exc:  # (a value the cache cannot hold)
            self._note(name, f"not written: {exc}")
            with contextlib.suppress(OSError):  # (an older one would be stale)
                (self.folder / f"{name}{_SUFFIX}").unlink()
            return
        try:
            self._make_folder()
            replace_file(str(self.folder), f"{name}{_SUFFIX}", payload)
        except OSError:
            return  # a cache that cannot be written only costs time

    def _make_folder(self) -> None:
        if self._cleaned:
            return
        make_cache_folder(str(self.root))
        os.makedirs(self.folder, mode=0o700, exist_ok=True)
        if stat.S_ISLNK(os.lstat(self.folder).st_mode):
            raise OSError(f"{self.folder} is a symbolic link")
        self._remove_other_keys()
        remove_dead_temps(str(self.folder))
        remove_dead_temps(str(self.root))
        self._cleaned = True

    def _remove_other_keys(self) -> None:
        """Stores of other settings or versions are stale: remove them.

        Only folders this class makes (named by a key, holding nothing but
        its stores) are touched: ``cache_dir`` may be a folder with other files.
        """
        for other in self.root.iterdir():
            if other == self.folder or not _KEY_FOLDER.fullmatch(other.name):
                continue
            if other.is_symlink() or not other.is_dir():
                continue
            children = list(other.iterdir())
            if not all(_STORE_FILE.fullmatch(child.name) for child in children):
                continue
            for child in children:
                with contextlib.suppress(OSError):
                    child.unlink()
            with contextlib.suppress(OSError):
                other.rmdir()
