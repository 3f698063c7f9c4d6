"""The persistent build cache in ``cache_dir``.

Pickle stores, each one file replaced atomically (temp file + rename, so
a killed build or two builds at once leave either the old or the new store,
never a torn one):

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
- ``fragments``: the XML and JSON of each item of small feeds as the
  documents hold it, keyed as ``items``: after one edit, only the edited
  item goes through the feed writers.
- ``documents``: the output documents, keyed by a digest of every input that
  goes into them, so a build with nothing changed renders nothing.
- ``ranges``: where each item is in each large document written, so that
  the next build takes the unchanged ones from it (``_splice``).
- ``snapshot``: what the next build checks to know that nothing changed
  (``_snapshot``).

All stores live under a folder named by a digest of the settings, of the
versions of the libraries that shape the output and of summitfeed's own
source files: a change of any of them starts from an empty cache.
Unreadable stores are ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Final, TypeVar

from ._model import Site
from ._quick import installed_versions, own_sources

__all__ = ["BuildCache", "cache_key"]

T = TypeVar("T")

_FORMAT: Final = 2
_KEY_FOLDER: Final = re.compile(r"[0-9a-f]{24}")
_STORE_FILE: Final = re.compile(r"\.?[a-z]+(\.pickle|\.[A-Za-z0-9_]+\.tmp)")


def cache_key(site: Site, *, extra: Iterable[str] = ()) -> str:
    """A digest of the settings, Python's and the libraries' versions, and
    ``extra`` options."""
    parts = [f"format {_FORMAT}", sys.version, repr(site), *extra]
    parts += installed_versions() + own_sources()
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=12).hexdigest()


class BuildCache:
    """Reads and writes the stores of one cache key. Never raises on I/O."""

    def __init__(self, folder: str | os.PathLike[str], *, key: str) -> None:
        self.root = Path(folder)
        self.folder = self.root / key

    def load(self, name: str, kind: type[T]) -> T | None:
        path = self.folder / f"{name}.pickle"
        try:
            with path.open("rb") as handle:
                value = pickle.load(handle)
        except (
            OSError,
            pickle.UnpicklingError,
            EOFError,
            AttributeError,
            ImportError,
            TypeError,
            ValueError,
            IndexError,
        ):
            return None
        return value if isinstance(value, kind) else None

    def save(self, name: str, value: object) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._remove_other_keys()
            # A new file of its own (tempfile.mkstemp's way, without loading
            # tempfile: a rebuild after one edit is over in ~0.15 s).
            temp = self.folder / f".{name}.{os.urandom(8).hex()}.tmp"
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
            handle = os.open(temp, flags, 0o600)
            try:
                with os.fdopen(handle, "wb") as stream:
                    pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temp, self.folder / f"{name}.pickle")
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            return  # a cache that cannot be written only costs time

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
