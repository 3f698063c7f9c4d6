"""Work spread over every core: forked workers that inherit what they need.

Workers are forked, never spawned, so they import nothing again and inherit
the settings and anything shared without pickling it. Nothing here knows
what the work is: reading files and rendering documents hand their
functions to :func:`map_and_finish`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from typing import Any, Final, Generic, NoReturn, TypeVar

from summitfeed._cores import can_fork, cores, reap
from summitfeed._model import Site

PARALLEL_FROM: Final = 400
"""Tasks below which starting workers costs more than it saves."""


# What the workers of run_in_workers() share: set in the parent just before
# the workers are forked, so they inherit it without pickling.
_WORKER: dict[str, object] = {}


def worker_settings() -> tuple[Site, str]:
    """The settings and content folder of the :func:`run_in_workers` call served."""
    site, root = _WORKER["site"], _WORKER["root"]
    assert isinstance(site, Site)
    assert isinstance(root, str)
    return site, root


def worker_shared() -> object:
    """The ``shared`` value of the :func:`run_in_workers` call served."""
    return _WORKER["shared"]


T = TypeVar("T")


R = TypeVar("R")


F = TypeVar("F")


Progress = Callable[[int, int], None]
"""``progress(done, total)``: told how far a long step has come."""


def run_in_workers(
    function: Callable[[T], R],
    tasks: Sequence[T],
    *,
    site: Site | None,
    root: str = "",
    shared: object = None,
    at_least: int = PARALLEL_FROM,
    fork: bool = True,
    progress: Progress | None = None,
) -> list[R]:
    """``[function(task) for task in tasks]``, on every core when there are enough.

    Workers are forked, so they import nothing again and inherit ``shared``
    without pickling it; ``function`` finds the settings with
    :func:`worker_settings` and ``shared`` with :func:`worker_shared`.
    ``progress(done, total)`` is told as results come in.
    """
    results, _ = map_and_finish(
        function,
        tasks,
        _finish_nothing,
        site=site,
        root=root,
        shared=shared,
        at_least=at_least,
        fork=fork,
        progress=progress,
    )
    return results


def _finish_nothing(results: list[Any]) -> None:
    return None


def map_and_finish(
    function: Callable[[T], R],
    tasks: Sequence[T],
    finish: Callable[[list[R]], F],
    *,
    site: Site | None,
    root: str = "",
    shared: object = None,
    at_least: int = PARALLEL_FROM,
    fork: bool = True,
    progress: Progress | None = None,
    keep: bool = True,
) -> tuple[list[R], list[F]]:
    """As :func:`run_in_workers`, and ``finish(results)`` of each worker's share.

    With ``keep`` false, a worker does not keep its results once sent and
    ``finish`` gets none (a worker then holds one batch at a time).

    Each worker takes every n-th task; when its share is done it calls
    ``finish`` on its own results (for instance to render the best of them
    while its modules are loaded) and sends what that returns. Without
    workers, ``finish`` is called once on all results.
    """
    _WORKER.update(site=site, root=root, shared=shared)
    total = len(tasks)
    try:
        if not fork or total < at_least or not can_fork():
            step = max(1, total // 100)
            results: list[R] = []
            for task in tasks:
                results.append(function(task))
                if progress is not None and len(results) % step == 0:
                    progress(len(results), total)
            return results, [finish(results)]
        return _fork_map(function, tasks, finish, progress=progress, keep=keep)
    finally:
        _WORKER.clear()


_BATCH: Final = 128  # results per message from a worker


def _fork_map(
    function: Callable[[T], R],
    tasks: Sequence[T],
    finish: Callable[[list[R]], F],
    *,
    progress: Progress | None,
    keep: bool,
) -> tuple[list[R], list[F]]:
    """The forked side of :func:`map_and_finish`: one pipe per worker.

    Lighter than a process pool: no task is pickled (workers inherit them),
    and results come back in batches of length-prefixed pickles.
    """
    import gc
    import pickle  # noqa: F401 - (loaded before the fork: the workers inherit it)
    import signal

    gathered: _Gathered[R, F] = _Gathered(cores(), len(tasks), progress)
    pending: dict[int, tuple[int, int, bytearray]] = {}  # fd: worker, pid, buffer
    # The cycle collector would walk every result kept, again and again, for
    # nothing: results hold no cycles. Workers inherit it off and then exit.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for number in range(gathered.count):
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the worker
                os.close(read_end)
                _serve(function, tasks, finish, number, gathered.count, write_end, keep)
            os.close(write_end)
            pending[read_end] = (number, pid, bytearray())
        _gather(pending, gathered)
    finally:
        if collecting:
            gc.enable()
        for fd, (_, pid, _) in pending.items():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            reap(pid)
            with contextlib.suppress(OSError):
                os.close(fd)
    return gathered.results, gathered.finished  # type: ignore[return-value]


class _Gathered(Generic[R, F]):
    """What the workers sent so far: the results in task order (worker n
    does tasks n, n + count, ...), and what each worker's ``finish`` gave."""

    def __init__(self, count: int, total: int, progress: Progress | None) -> None:
        self.count = count
        self.total = total
        self.progress = progress
        self.step = max(1, total // 100)
        self.done = 0
        self.results: list[R | None] = [None] * total
        self.finished: list[F | None] = [None] * count
        self.received = [0] * count  # results received from each worker

    def take(self, number: int, kind: str, payload: Any) -> bool:
        """Take one message of worker ``number``; whether it was its last."""
        if kind == "finish":
            self.finished[number] = payload
            return True
        if kind != "results":
            raise RuntimeError(f"a worker failed: {payload}")
        for result in payload:
            self.results[number + self.received[number] * self.count] = result
            self.received[number] += 1
        before, self.done = self.done, self.done + len(payload)
        if self.progress is not None and self.done // self.step != before // self.step:
            self.progress(self.done, self.total)
        return False


def _gather(
    pending: dict[int, tuple[int, int, bytearray]], gathered: _Gathered[R, F]
) -> None:
    """Read every worker's messages until each has sent its last; a worker
    is removed from ``pending`` (and reaped) once it has."""
    import pickle
    import selectors

    with selectors.DefaultSelector() as selector:
        for fd in pending:
            selector.register(fd, selectors.EVENT_READ)
        while pending:
            for key, _ in selector.select():
                number, pid, buffer = pending[key.fd]
                chunk = os.read(key.fd, 1 << 20)
                if not chunk:
                    raise RuntimeError(f"a worker ended early (exit {reap(pid)})")
                buffer += chunk
                while len(buffer) >= 8:
                    size = int.from_bytes(buffer[:8], "little")
                    if len(buffer) < 8 + size:
                        break
                    kind, payload = pickle.loads(buffer[8 : 8 + size])
                    del buffer[: 8 + size]
                    if gathered.take(number, kind, payload):
                        selector.unregister(key.fd)
                        os.close(key.fd)
                        del pending[key.fd]
                        reap(pid)
                        break


def _serve(
    function: Callable[[T], R],
    tasks: Sequence[T],
    finish: Callable[[list[R]], F],
    number: int,
    count: int,
    fd: int,
    keep: bool,
) -> NoReturn:  # pragma: no cover - runs in a forked worker
    """A worker's life: its share of the tasks, then ``finish``; then exit."""
    import pickle

    _WORKER["number"] = number  # (which part of a shared spool is its own)

    code = 0
    with os.fdopen(fd, "wb") as out:

        def send(kind: str, payload: object) -> None:
            data = pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL)
            out.write(len(data).to_bytes(8, "little"))
            out.write(data)

        try:
            mine: list[R] = []
            batch: list[R] = []
            for position in range(number, len(tasks), count):
                result = function(tasks[position])
                if keep:
                    mine.append(result)
                batch.append(result)
                if len(batch) == _BATCH:
                    send("results", batch)
                    out.flush()
                    batch = []
            send("results", batch)
            send("finish", finish(mine))
        except BaseException:
            code = 1
            with contextlib.suppress(BaseException):
                import traceback  # (only for a failure: each worker would load it)

                send("error", traceback.format_exc(limit=-3))
        with contextlib.suppress(BaseException):
            out.flush()
    os._exit(code)
