"""A forked helper that loads the feed writers while the build reads.

Loading feedgen, lxml and dateutil takes about 50 ms, as long as all the
rest of a rebuild after one article changed. A build that will render small
documents forks this helper first: it loads those libraries on the other core
while the build reads and chooses, then renders the RSS and Atom documents it
is sent, but only their heads and the items the build has no fragment of, and
exits. Where forking is not possible, the build renders them itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Mapping, Sequence, Set
from typing import TYPE_CHECKING, NoReturn

from summitfeed._parallel import can_fork
from summitfeed._render.document import Fragments, document_parts

if TYPE_CHECKING:
    from summitfeed._model import Feed, FeedFormat
    from summitfeed._render.parts import DocumentParts


def _parts_and_fragments(
    tasks: Sequence[tuple[Feed, FeedFormat]], known: Mapping[str, Set[str]]
) -> tuple[list[DocumentParts], Fragments]:
    """Each document but for its items, and the items not ``known`` (by
    format, article path) rendered."""
    from summitfeed._render.document import item_fragments

    parts = []
    # The known items stand in as empty fragments: item_fragments renders the rest.
    have: Fragments = {fmt: dict.fromkeys(paths, b"") for fmt, paths in known.items()}
    for task in tasks:
        document, render = document_parts(task)
        parts.append(document)
        item_fragments(task[0], render, have.setdefault(task[1], {}))
    new = {
        fmt: {
            path: xml
            for path, xml in by_path.items()
            if path not in known.get(fmt, frozenset())
        }
        for fmt, by_path in have.items()
    }
    return parts, new


def _load_writers() -> None:
    """Import what the helper renders with, ahead of time (RSS and Atom only:
    the build writes the JSON documents itself)."""
    from summitfeed._render import preview as _preview  # noqa: F401
    from summitfeed._render import xml as _xml  # noqa: F401


class RenderHelper:
    """One forked process that runs ``render(task)`` for a batch of tasks, once."""

    def __init__(self, pid: int, tasks_fd: int, results_fd: int) -> None:
        self._pid = pid
        self._tasks_fd = tasks_fd
        self._results_fd = results_fd
        self._done = False

    @classmethod
    def start(cls) -> RenderHelper | None:
        """A helper that loads the feed writers and waits for documents.

        None where forking is not possible or would not run on another core.
        """
        return cls._fork()

    @classmethod
    def _fork(cls) -> RenderHelper | None:
        if not can_fork():
            return None
        tasks_read, tasks_write = os.pipe()
        results_read, results_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the helper
            os.close(tasks_write)
            os.close(results_read)
            _serve(tasks_read, results_write)
        os.close(tasks_read)
        os.close(results_write)
        return cls(pid, tasks_write, results_read)

    def send(
        self, tasks: Sequence[tuple[Feed, FeedFormat]], known: Mapping[str, Set[str]]
    ) -> None:
        """Hand ``tasks`` over, with the items whose fragments the build has
        (by format, article path); the helper takes them even while it loads."""
        self._done = True
        message = (list(tasks), dict(known))
        with contextlib.suppress(OSError), os.fdopen(self._tasks_fd, "wb") as stream:
            stream.write(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def receive(self) -> tuple[list[DocumentParts], Fragments] | None:
        """The documents of the tasks sent but for their items, in order, and
        the items it rendered (by format and path); None if the helper failed."""
        data = b""
        try:
            with os.fdopen(self._results_fd, "rb") as stream:
                data = stream.read()
        except OSError:
            return None
        finally:
            _reap(self._pid)
        try:
            kind, payload = pickle.loads(data)
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
            return None
        return payload if kind == "ok" else None

    def close(self) -> None:
        """Stop the helper if it was never used (the build ended early)."""
        if self._done:
            return
        self._done = True
        with contextlib.suppress(OSError):
            import signal  # (a helper is rarely left unused)

            os.kill(self._pid, signal.SIGKILL)
        for fd in (self._tasks_fd, self._results_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        _reap(self._pid)


def _serve(
    tasks_fd: int, results_fd: int
) -> NoReturn:  # pragma: no cover - runs in the forked helper
    import threading
    import traceback

    code = 0
    received: list[bytes] = []

    def take_tasks() -> None:  # meanwhile, so that the build never waits to send
        with os.fdopen(tasks_fd, "rb") as stream:
            received.append(stream.read())

    try:
        reader = threading.Thread(target=take_tasks, daemon=True)
        reader.start()
        _load_writers()
        reader.join()
        data = received[0] if received else b""
        if data:  # (no data: the build ended without documents to render)
            reply: tuple[str, object] = (
                "ok",
                _parts_and_fragments(*pickle.loads(data)),
            )
            with os.fdopen(results_fd, "wb") as out:
                out.write(pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:
        code = 1
        with contextlib.suppress(BaseException):
            failure = ("error", traceback.format_exc(limit=-3))
            with os.fdopen(results_fd, "wb", closefd=False) as out:
                out.write(pickle.dumps(failure))
    os._exit(code)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
