"""What a build's output depends on beyond its articles, and checks that
nothing changed: listings, output files, installed versions, zone files.

Loaded by the quick answer before anything else: the standard library only.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import marshal
import os
import sys

from summitfeed._fs import file_digest, image_size, read_article_file

TYPE_CHECKING = False  # (typing loads re, enum and more: see _lean)
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from typing import Any, Final, NamedTuple
else:
    from summitfeed._lean import NamedTuple

# Where the time-zone database is looked for when PYTHONTZPATH is not set
# (zoneinfo's own default on Linux and the BSDs).
_ZONE_FOLDERS: Final = (
    "/usr/share/zoneinfo",
    "/usr/lib/zoneinfo",
    "/usr/share/lib/zoneinfo",
    "/etc/zoneinfo",
)


# The libraries whose versions shape the output, as their distributions name
# themselves in site-packages ("PyYAML-6.0.2.dist-info").
_LIBRARIES: Final = frozenset(
    {"feedgen", "lxml", "cmarkgfm", "nh3", "pyyaml", "python_dateutil", "tzdata"}
    | {"summitfeed"}
)


# The four letters beyond ASCII that a case-blind ASCII letter matches (as
# in Python's regular expressions): capital I with a dot and dotless i as
# i, long s as s, the Kelvin sign as k.
_ASCII_FOLD: Final = str.maketrans(
    {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
)


def _folded(text: str) -> str:
    return text.translate(_ASCII_FOLD).lower()


def is_library_info(name: str) -> bool:
    """Whether ``name`` is the metadata folder of one of those libraries:
    ``NAME[-VERSION][-pyX.Y].dist-info`` (or ``.egg-info``), in any case."""
    stem, dot, kind = name.rpartition(".")
    if not dot or _folded(kind) not in ("dist-info", "egg-info"):
        return False
    library, *rest = stem.split("-")
    if _folded(library) not in _LIBRARIES or len(rest) > 2 or not all(rest):
        return False
    return len(rest) < 2 or _is_python_tag(rest[1])


def _is_python_tag(part: str) -> bool:
    """``py`` and a version (``py3.11``), in any case."""
    digits = part[2:]
    return (
        _folded(part[:2]) == "py" and bool(digits) and not digits.strip("0123456789.")
    )


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
    counted = listing
    if untrusted:  # a few files: found by bisection (a listing is sorted)
        counted = listing.copy()
        for display in untrusted:
            at = bisect.bisect_left(counted, (display,))
            if at < len(counted) and counted[at][0] == display:
                counted[at] = (display, counted[at][1], -1)
    digest = hashlib.sha256(options.encode("utf-8", "surrogatepass"))
    digest.update(content_bytes(counted))
    return digest.hexdigest()


def content_bytes(value: list[Any]) -> bytes:
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
            if file_digest(read_article_file(display)[1]) != known:
                return False
        except OSError:
            return False
    return True


class Inputs(NamedTuple):
    """What a build read and wrote, as a next build checks it quickly.

    ``listing``: :func:`listing_digest` of the article files and the build's
    options; ``racy``: files (path, hash) read too soon after a change to
    trust their time; ``valid_until``: when a future article comes due
    (microseconds), if one does; ``images``: local images looked at (path,
    folder, size); ``outputs``: each output file's size and change time.
    Plain values only: the cache and the quick answer's record keep it as
    it is (:meth:`checked` reads it back).
    """

    listing: str
    racy: tuple[tuple[str, str], ...]
    valid_until: int | None
    images: tuple[tuple[str, str, int], ...]
    outputs: dict[str, tuple[int, int]]

    def unchanged(
        self,
        listing: list[tuple[str, int, int]],
        *,
        options: str,
        now: int | None,
        out_root: str | os.PathLike[str],
    ) -> bool:
        """Whether a build at ``now`` (microseconds; None: a moment pinned by
        the command) would read and write exactly what this one did."""
        due = self.valid_until
        if now is not None and due is not None and now >= due:
            return False  # a future article has come due
        return inputs_current(
            listing,
            digest=self.listing,
            racy=self.racy,
            images=self.images,
            options=options,
        ) and outputs_unchanged(out_root, self.outputs)

    @classmethod
    def checked(cls, value: Any) -> Inputs:
        """``value`` if it holds what an :class:`Inputs` holds, of those kinds.

        Raises:
            ValueError: it does not.
        """
        if type(value) is not tuple or len(value) != len(cls._fields):
            raise ValueError("not the inputs")
        listing, racy, valid_until, images, outputs = value
        if type(listing) is not str or type(valid_until) not in (int, type(None)):
            raise ValueError("the inputs: not a digest and a time")
        if type(racy) is not tuple or type(images) is not tuple:
            raise ValueError("the inputs: not tuples")
        for pair in racy:
            if type(pair) is not tuple or len(pair) != 2:
                raise ValueError("racy: not paths and hashes")
            if type(pair[0]) is not str or type(pair[1]) is not str:
                raise ValueError("racy: not text")
        for image in images:
            if type(image) is not tuple or len(image) != 3:
                raise ValueError("images: not paths and sizes")
            path, root, size = image
            if type(path) is not str or type(root) is not str or type(size) is not int:
                raise ValueError("images: not paths and sizes")
        if type(outputs) is not dict:
            raise ValueError("outputs: not a mapping")
        for name, stamp in outputs.items():
            if type(name) is not str or type(stamp) is not tuple or len(stamp) != 2:
                raise ValueError("outputs: not names and stamps")
            if not all(type(part) is int for part in stamp):
                raise ValueError("outputs: not numbers")
        return cls(listing, racy, valid_until, images, outputs)


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
                    if is_library_info(name.name):
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
    """Size and time of summitfeed's own modules, in every folder of the
    package: an edited source tree counts."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
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
