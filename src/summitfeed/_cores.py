"""The processors this process may use, whether it may fork workers, and
the wait for one forked.

Asked by the build's workers and by the command's quick answer alike, so it
loads nothing beyond :mod:`os` and :mod:`sys`.
"""

from __future__ import annotations

import os
import sys

__all__ = ["can_fork", "cores", "reap"]


def cores() -> int:
    """The processors this process may run on (at most 8 are used)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, min(len(os.sched_getaffinity(0)), 8))
    return max(1, min(os.cpu_count() or 1, 8))  # pragma: no cover - not Linux


def can_fork() -> bool:
    """Whether forking a worker is possible and safe here, and worth it.

    Never from a process running other threads: a lock one of them holds
    (the import lock, say) would stay locked in the child forever. Never on
    one processor, where a worker only takes turns with this process.
    """
    threading = sys.modules.get("threading")
    single = threading is None or threading.active_count() == 1
    return single and hasattr(os, "fork") and cores() > 1


def reap(pid: int) -> int:
    """Wait for the forked process ``pid``; its exit status (0 when it was
    reaped already, and its status is gone)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return 0
