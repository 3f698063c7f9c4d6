"""The ``summitfeed`` command's entry point.

A build run again with nothing changed is answered by :mod:`summitfeed._cli.quick`
before the command line, the settings or any library loads; run again after
files changed, it goes to :func:`summitfeed._cli.main.main` as everything else
does (the options and the settings are read again, never taken from the
record: anyone who can write to the cache folder can replace it), and the
build takes the listing of the article files the check made. The
command (:func:`run`) then exits at once, as mypy's does: tearing down the
interpreter object by object costs more than a rebuild after one edit spends
on its feeds.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # (typing loads re, enum and more: see _lean)
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import NoReturn

__all__ = ["main", "run"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        from summitfeed._cli.quick import answer

        found = answer(arguments, sys.stdout, sys.stderr)
        if found.answered:
            return 0
        from summitfeed._cli.main import main as command_line
    except KeyboardInterrupt:
        print("summitfeed: interrupted", file=sys.stderr)
        return 130
    return command_line(arguments, listed=found.listed)


def run() -> NoReturn:
    """The ``summitfeed`` command: :func:`main`, then exit without tearing down.

    Output is flushed first. When standard output was closed before all of
    it was written (``| head``), while the command ran or at this flush, one
    line says so and the status is 120 (Python's own for a failed flush at
    exit), unless the command had already failed. Nothing of summitfeed's
    needs the interpreter's cleanup: files are closed by then.
    """
    closed = False
    try:
        status = main()
    except SystemExit as request:
        status = _status(request.code)
    except BrokenPipeError:
        status, closed = 120, True
    try:
        sys.stdout.flush()
    except (OSError, ValueError):  # a broken pipe, or closed
        status, closed = status or 120, True
    if closed:
        _quietly(
            print,
            "summitfeed: the output was closed before all of it was written",
            file=sys.stderr,
        )
    _quietly(sys.stderr.flush)
    os._exit(status)


def _quietly(call: Callable[..., object], *args: object, **kwargs: object) -> None:
    """``call(*args, **kwargs)``, where standard error may be closed too."""
    try:  # noqa: SIM105 (contextlib is more to load, at every exit)
        call(*args, **kwargs)
    except (OSError, ValueError):
        pass


def _status(code: object) -> int:
    """The exit status for ``SystemExit(code)``, as Python computes it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":  # pragma: no cover
    run()
