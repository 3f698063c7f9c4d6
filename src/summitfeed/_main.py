"""The ``summitfeed`` command's entry point.

A build run again with nothing changed is answered by :mod:`summitfeed._quick`
before the command line, the settings or any library loads; everything else
goes to :func:`summitfeed._cli.main`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        from ._quick import answer, small_rebuild_follows

        if answer(arguments, sys.stdout, sys.stderr):
            return 0
        if small_rebuild_follows():
            # The same command, some files changed: a helper loads the feed
            # writers now, while the command line and the pipeline load.
            from ._helper import RenderHelper

            RenderHelper.prestart()
    except KeyboardInterrupt:
        print("summitfeed: interrupted", file=sys.stderr)
        return 130
    try:
        from ._cli import main as run

        return run(arguments)
    finally:
        helper = sys.modules.get("summitfeed._helper")
        if helper is not None:
            helper.RenderHelper.discard_prestarted()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
