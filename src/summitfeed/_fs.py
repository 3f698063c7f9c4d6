"""The file system as a build touches it: bounded reads, digests, image sizes.

Loaded by the quick answer before anything else: the standard library
only, and nothing of summitfeed.
"""

from __future__ import annotations

import errno
import hashlib
import os
from stat import S_ISDIR, S_ISFIFO, S_ISREG, S_ISSOCK

TYPE_CHECKING = False  # (typing loads re, enum and more: see _lean)
if TYPE_CHECKING:
    from typing import Final

RACY_NS: Final = 2_000_000_000  # a time this close to its reading is not trusted


def file_digest(data: bytes) -> str:
    """The hash that stands for a file's bytes in the cache (SHA-256: the
    fastest strong hash where the processor computes it)."""
    return hashlib.sha256(data).hexdigest()


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
    return info.st_size if S_ISREG(info.st_mode) else -1


def write_all(fd: int, data: bytes | memoryview) -> None:
    """Write all of ``data`` to ``fd``, however short each write."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


# open() flags where the system has them (0 elsewhere), for every file the
# build opens itself.
NONBLOCK: Final = getattr(os, "O_NONBLOCK", 0)
CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0)
NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)


MAX_ARTICLE_BYTES: Final = 16 * 1024 * 1024
"""The most of an article file that is read (one byte more tells it is larger)."""


class NotAnArticleFile(OSError):
    """A listed path that is not a regular file to read (its text says what)."""


def read_article_file(
    path: str, root: str | None = None
) -> tuple[os.stat_result, bytes]:
    """A file's status and bytes, at most ``MAX_ARTICLE_BYTES + 1`` of them.

    Sized by the file's own status: a buffered ``read(limit)`` would allocate
    the whole limit (16 MiB) for every article. Opened without waiting, so
    that a FIFO of an article's name is refused, not waited on for ever.
    With ``root``, a symbolic link must lead to a file inside that folder.

    Raises:
        NotAnArticleFile: it is not a regular file, or a link that loops or
            leads out of ``root``.
        OSError: the file cannot be opened or read.
    """
    flags = os.O_RDONLY | NONBLOCK | CLOEXEC
    try:
        fd = os.open(path, flags if root is None else flags | NOFOLLOW)
    except OSError as exc:
        if root is None or exc.errno != errno.ELOOP:
            raise
        problem = _link_problem(path, root)  # (only links pay for the checks)
        if problem is not None:
            raise NotAnArticleFile(problem) from None
        fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not S_ISREG(info.st_mode):
            raise NotAnArticleFile(
                f"is not a regular file ({_file_kind(info.st_mode)}); "
                "an article must be a file of text"
            )
        chunks: list[bytes] = []
        left = MAX_ARTICLE_BYTES + 1
        want = min(max(info.st_size, 0) + 1, left)
        while left > 0:
            chunk = os.read(fd, min(want, left))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            if len(chunks) == 1 and len(chunk) == info.st_size < want:
                break  # all the file's status says it holds: no read for its end
            want = 1 << 16
    finally:
        os.close(fd)
    return info, chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _file_kind(mode: int) -> str:
    if S_ISFIFO(mode):
        return "a FIFO"
    if S_ISSOCK(mode):
        return "a socket"
    if S_ISDIR(mode):
        return "a folder"
    return "a device"


def shown_path(path: str) -> str:
    """``path`` as it can be printed: bytes of a name that is not UTF-8
    (kept by Python as lone surrogates) written as ``\\xNN``."""
    if path.isascii():
        return path
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _link_problem(path: str, root: str) -> str | None:
    try:
        real = os.path.realpath(path, strict=True)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link that loops (it leads back to itself)"
        return f"is a symbolic link to nothing ({exc.strerror})"
    inside = os.path.realpath(root)
    if os.path.commonpath((real, inside)) != inside:
        return (
            f"is a symbolic link to {shown_path(real)}, outside the content "
            "folder; articles are read only from inside it"
        )
    return None
