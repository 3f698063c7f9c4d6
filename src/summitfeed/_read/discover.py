"""Find the article files under a content folder. Sorted, so order never matters."""

from __future__ import annotations

import os
from functools import lru_cache

from summitfeed._errors import NoContentFolder

TYPE_CHECKING = False  # (typing loads re, enum and more: see _lean)
if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Iterable, Sequence
    from typing import Final, NamedTuple

    from summitfeed._model import Site
else:
    from summitfeed._lean import NamedTuple

__all__ = [
    "Listing",
    "display_prefix",
    "glob_matcher",
    "list_sources",
    "source_listing",
]

Listing = list[tuple[str, int, int]]
"""Article files as the user would type them, each with size and time (ns)."""

if TYPE_CHECKING:
    Beside = Callable[[Callable[[], Listing]], Callable[[], Listing | None]]
    """``beside(walk)`` starts ``walk()`` elsewhere (another process) and
    returns what waits for its listing: None when it did not come (the
    caller then walks that part itself)."""


class Listed(NamedTuple):
    """A listing made by :func:`list_sources`, with what it was made of: the
    command's quick check walks the folder, and hands it to the build."""

    root: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    prefix: str
    listing: Listing


def source_listing(
    content_dir: str | os.PathLike[str] | None,
    *,
    site: Site,
    listed: Listed | None = None,
) -> tuple[str, Listing]:
    """The content folder as given, and its article files as the user would
    type them, each with its size and modification time; ``listed`` when it
    is the listing of that folder with the site's globs.

    Raises:
        NoContentFolder: the folder does not exist.
    """
    root = os.fspath(content_dir if content_dir is not None else site.content_dir)
    if not os.path.isdir(root):
        raise NoContentFolder(root)
    prefix = display_prefix(root)
    made_of = (root, tuple(site.include), tuple(site.exclude), prefix)
    if listed is not None and tuple(listed[:4]) == made_of:
        return root, listed.listing
    try:
        listing = list_sources(
            root, include=site.include, exclude=site.exclude, prefix=prefix
        )
    except OSError as exc:
        raise NoContentFolder(f"{exc.filename}: {exc.strerror}") from None
    return root, listing


@lru_cache(maxsize=64)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob over "/" paths: ``**/`` is any folders; ``*`` and ``?`` stay in one."""
    # (re, loaded only here: the default globs need no regex, and the
    # quick answer lists the articles before anything else loads.)
    import re

    out: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif pattern[index] == "*":
            out.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            out.append("[^/]")
            index += 1
        else:
            out.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(out) + r"\Z", re.DOTALL)


if TYPE_CHECKING:
    PathTest = Callable[[str, int], bool]
    """``test(path, start)``: whether ``path[start:]`` matches."""


def glob_matcher(patterns: Sequence[str]) -> PathTest | None:
    """A test of paths against globs (None for no globs).

    Globs that only ask for a name ending (``**/*.md``) are tested with
    ``str.endswith``, several times faster than the general regex.
    """
    if not patterns:
        return None
    ends = _name_endings(patterns)
    if ends is not None:
        return lambda path, start: path.endswith(ends)
    import re

    regex = re.compile(
        "|".join(f"(?:{_glob_regex(p).pattern})" for p in patterns), re.DOTALL
    )
    return lambda path, start: regex.match(path, start) is not None


def _name_endings(patterns: Sequence[str]) -> tuple[str, ...] | None:
    """The endings the globs ask for when they only ask for a name ending:
    each is ``**/*`` and a name ending that starts with a dot and holds no
    ``*``, ``?`` or ``/`` (``**/*.md``, the default globs)."""
    ends = [pattern[len("**/*") :] for pattern in patterns]
    if not patterns or not all(
        pattern.startswith("**/*.") and len(end) > 1 and not _GLOB_MARKS & set(end)
        for pattern, end in zip(patterns, ends, strict=True)
    ):
        return None
    return tuple(ends)


_GLOB_MARKS: Final = frozenset("*?/")


def display_prefix(root: str) -> str:
    """What starts each article's path as the user would type it."""
    return "" if root in ("", ".") else root.rstrip("/") + "/"


def list_sources(
    root: str | os.PathLike[str],
    *,
    include: Sequence[str] = ("**/*.md", "**/*.markdown"),
    exclude: Sequence[str] = (),
    prefix: str = "",
    beside: Beside | None = None,
) -> list[tuple[str, int, int]]:
    """The article files under ``root``, sorted, each with its size and
    modification time (ns).

    Files and folders whose names start with ``_`` or ``.`` are skipped
    (unless an ``include`` glob writes the name out: ``_posts/**``), and so
    are all symbolic links to folders (they would show the same articles
    twice, or loop). Whatever else has an article's name is listed (a FIFO,
    a link that loops or leads outside ``root``: reading it names the
    problem), and so is a folder that cannot be read, as its path with a
    final ``/``. Each path starts with ``prefix`` (the globs see it without).
    A file that vanishes while the folder is read has size -1. Times are
    change times (``st_ctime_ns``).

    With ``beside``, the walk goes down to the first level that has two
    folders or more, and every other one of those (with all below it) is
    walked by ``beside`` at the same time as the rest here: the walk is
    mostly the system's reading of each file's status. The listing is the
    same.

    Raises:
        OSError: ``root`` cannot be read.
    """
    return _walk(root, include, exclude, prefix=prefix, beside=beside)


class _Selection(NamedTuple):
    """Which entries of the folders walked are article files (see
    :func:`list_sources`)."""

    wanted: PathTest
    unwanted: PathTest | None
    ends: tuple[str, ...] | None
    """The name endings ``wanted`` asks for, when that is all it asks: the
    usual globs, tested inline with no call."""
    named: frozenset[str]
    """Names starting with ``_`` or ``.`` that are read all the same."""
    start: int
    """Where the path the globs see starts (after the prefix)."""


def _walk(
    root: str | os.PathLike[str],
    include: Sequence[str],
    exclude: Sequence[str],
    *,
    prefix: str,
    beside: Beside | None,
) -> list[tuple[str, int, int]]:
    """The selected files, sorted: (``prefix`` + relative path, size, time in
    ns); size -1 for a file that vanished while the folder was read."""
    wanted = glob_matcher(include)
    if wanted is None:
        return []
    selection = _Selection(
        wanted,
        glob_matcher(exclude),
        _name_endings(include),
        _hidden_names_in(include),
        len(prefix),
    )
    files: list[tuple[str, int, int]] = []
    # os.scandir, not Path.rglob: its entries know their type without a
    # system call; each file's status is read here, in the same pass.
    pending: list[tuple[str, str]] = [(os.fspath(root), prefix)]
    if beside is not None:
        # Down to the first level that has two folders or more: every other
        # one (and all below it) is walked beside, the rest here.
        while len(pending) == 1:
            _take_next(pending, selection, files, prefix)
        theirs = pending[1::2]
        del pending[1::2]
        if theirs:
            waiting = beside(lambda: _walk_folders(list(theirs), selection, [], prefix))
            _walk_folders(pending, selection, files, prefix)
            walked = waiting()
            files += (
                _walk_folders(theirs, selection, [], prefix)
                if walked is None
                else walked
            )
    _walk_folders(pending, selection, files, prefix)
    files.sort()
    return files


def _walk_folders(
    pending: list[tuple[str, str]],
    selection: _Selection,
    files: list[tuple[str, int, int]],
    prefix: str,
) -> list[tuple[str, int, int]]:
    """Add the selected files under the ``pending`` folders (each with its
    path as shown) to ``files``, and return them."""
    while pending:
        _take_next(pending, selection, files, prefix)
    return files


def _take_next(
    pending: list[tuple[str, str]],
    selection: _Selection,
    files: list[tuple[str, int, int]],
    prefix: str,
) -> None:
    """List the last of the ``pending`` folders: its selected files go to
    ``files``, its sub-folders to ``pending``."""
    folder, path = pending.pop()
    try:
        fd, listed = _list_folder(folder)
    except OSError:
        if path == prefix:
            raise  # (the content folder itself)
        unwanted = selection.unwanted
        if unwanted is None or not unwanted(path, selection.start):
            files.append((path, -1, 0))  # (reading it names the problem)
        return
    try:
        with listed as entries:
            _take_folder(entries, folder, path, selection, files, pending)
    finally:
        if fd is not None:
            os.close(fd)


_FOLDER_FLAGS: Final = (
    os.O_RDONLY
    | getattr(os, "O_DIRECTORY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NONBLOCK", 0)
)


def _list_folder(folder: str) -> tuple[int | None, os._ScandirIterator[str]]:
    """The entries of ``folder``, listed through a descriptor of it where the
    system can (returned too, for the caller to close): each entry's status
    is then read by its name in the folder, not by a path the system walks
    again from the root.

    Raises:
        OSError: the folder cannot be opened or listed.
    """
    if os.scandir not in os.supports_fd:  # pragma: no cover - not POSIX
        return None, os.scandir(folder)
    fd = os.open(folder, _FOLDER_FLAGS)
    try:
        return fd, os.scandir(fd)
    except BaseException:
        os.close(fd)
        raise


def _take_folder(
    entries: Iterable[os.DirEntry[str]],
    folder: str,
    path: str,
    selection: _Selection,
    files: list[tuple[str, int, int]],
    pending: list[tuple[str, str]],
) -> None:
    """Add the article files among the ``entries`` of ``folder`` (its
    ``path`` as shown) to ``files``, and its sub-folders to ``pending``."""
    wanted, unwanted, ends, named, start = selection
    for entry in entries:
        name = entry.name
        if name.startswith(("_", ".")) and name not in named:
            continue
        regular = entry.is_file(follow_symlinks=False)  # (no system call)
        if not regular and entry.is_dir(follow_symlinks=False):
            pending.append((os.path.join(folder, name), f"{path}{name}/"))
            continue
        display = path + name
        if not (
            display.endswith(ends) if ends is not None else wanted(display, start)
        ) or (unwanted is not None and unwanted(display, start)):
            continue
        if not regular and entry.is_symlink() and _leads_to_folder(entry):
            continue  # a link to a folder (it could loop)
        # Anything else of an article's name is listed, and reading it names
        # what is wrong: a FIFO, a link that loops or leads out of the
        # content folder.
        try:
            status = entry.stat()  # (a link: its target's)
        except OSError:  # removed while the folder is read
            files.append((display, -1, 0))
        else:
            # The change time, not the modification time: no program can set
            # it back, and every write, rename or utime() moves it.
            files.append((display, status.st_size, status.st_ctime_ns))


def _leads_to_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # (a link that loops: reading it says so)
        return False


def _hidden_names_in(patterns: Sequence[str]) -> frozenset[str]:
    """Names starting with ``_`` or ``.`` that a glob writes out in full
    (``_posts`` in ``_posts/**/*.md``): those folders and files are read."""
    return frozenset(
        part
        for pattern in patterns
        for part in pattern.split("/")
        if part.startswith(("_", ".")) and not any(c in part for c in "*?[")
    )


def source_paths(
    content_dir: str | os.PathLike[str] | None, *, site: Site
) -> tuple[str, list[str]]:
    """The content folder as given, and its article files as the user would type them.

    Raises:
        NoContentFolder: the folder does not exist.
    """
    root, listing = source_listing(content_dir, site=site)
    return root, [display for display, _, _ in listing]
