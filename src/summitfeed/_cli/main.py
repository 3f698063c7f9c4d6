"""The ``summitfeed`` command. Parses options, calls the library, prints results.

Exit status: 0 success; 1 problems in articles or feeds; 2 usage or settings.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from summitfeed._cli.build import generator_note, guarded, print_error, run_build
from summitfeed._cli.options import (
    HelpFormatter,
    add_setting_options,
    settings_from_args,
)
from summitfeed._cli.publish import COMMANDS as PUBLISH_COMMANDS
from summitfeed._cli.publish import add_publish_commands
from summitfeed._version import __version__

if TYPE_CHECKING:
    from summitfeed._errors import BuildError
    from summitfeed._model import Site
    from summitfeed._read.discover import Listed

__all__ = ["main"]


class _VersionAction(argparse.Action):
    """``--version``: prints the version and exits."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        print(f"summitfeed {__version__}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summitfeed",
        description="Turn Markdown articles into RSS, Atom and JSON feeds.",
        allow_abbrev=False,
        formatter_class=HelpFormatter,
    )
    parser.add_argument(
        "--version", action=_VersionAction, nargs=0, help="show the version and exit"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    build = _add_build_command(commands)
    _add_check_command(commands)
    add_publish_commands(commands, build)
    _add_init_command(commands)
    return parser


def _add_build_command(commands: Any) -> argparse.ArgumentParser:
    build: argparse.ArgumentParser = commands.add_parser(
        "build",
        help="read the articles and write the feeds",
        allow_abbrev=False,
        formatter_class=HelpFormatter,
    )
    build.add_argument("content", nargs="?", metavar="CONTENT", help="content folder")
    build.add_argument("-o", "--output", metavar="OUT", help="output folder")
    build.add_argument("--drafts", action="store_true", help="include drafts")
    build.add_argument(
        "--future", action="store_true", help="include future-dated articles"
    )
    build.add_argument(
        "--now",
        metavar="INSTANT",
        help="the build's 'now': ISO 8601 or Unix seconds "
        "(default: SOURCE_DATE_EPOCH, else the clock)",
    )
    build.add_argument(
        "--lenient", action="store_true", help="skip bad articles with a warning"
    )
    build.add_argument(
        "--dry-run", action="store_true", help="read and check; write nothing"
    )
    build.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    build.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="print every warning (else the same warning for many files is "
        "printed for the first few, then counted), and say why parts of the "
        "build cache were not used",
    )
    build.add_argument(
        "--check",
        action="store_true",
        help="validate the feeds written (as 'summitfeed check'); fail on an error",
    )
    add_setting_options(build)
    build.add_argument(
        "--no-cache",
        dest="no_cache",
        action="store_true",
        help="do not use the build cache",
    )
    return build


def _add_check_command(commands: Any) -> None:
    check = commands.add_parser(
        "check",
        allow_abbrev=False,
        formatter_class=HelpFormatter,
        help="validate RSS, Atom or JSON feed files offline",
    )
    check.add_argument("feeds", nargs="+", metavar="FEED")
    check.add_argument("--json", action="store_true", help="print findings as JSON")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")


def _add_init_command(commands: Any) -> None:
    init = commands.add_parser(
        "init",
        allow_abbrev=False,
        formatter_class=HelpFormatter,
        help="write the summitfeed.toml a build here would use",
        description="Write summitfeed.toml with the settings a build in this "
        "folder would use (read from the site's generator, if any), each with "
        "a comment saying where it came from. An existing file is never "
        "overwritten.",
    )
    add_setting_options(init)


def main(
    argv: Sequence[str] | None = None,
    *,
    listed: Listed | None = None,
) -> int:
    """Run the command line; return the exit status.

    ``listed``: the listing the quick check of a build made, for the build
    to take (see :mod:`summitfeed._cli.run`).
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:
        return int(exc.code or 0)

    def run() -> int:
        if args.command == "check":
            return _check(args, sys.stdout, sys.stderr)
        if args.command == "init":
            from summitfeed._cli.init import run_init

            return run_init(args, sys.stdout, sys.stderr)
        if args.command in PUBLISH_COMMANDS:
            return PUBLISH_COMMANDS[args.command](args, sys.stdout, sys.stderr)
        return _build(args, sys.stdout, sys.stderr, arguments, listed=listed)

    return guarded(run)


def _build(
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    argv: Sequence[str] | None = None,
    *,
    listed: Listed | None = None,
) -> int:
    started = time.perf_counter()
    site, generator = settings_from_args(args)
    # What was read of the generator's site: told on each run (and by the
    # quick answer, which keeps what a run printed).
    args.generator_note = generator_note(generator)
    undated = None if generator is None else generator.hints.get("undated")
    if undated is None:
        return run_build(args, site, out, err, argv, started=started, listed=listed)
    from summitfeed._errors import BuildError

    try:
        return run_build(args, site, out, err, argv, started=started, listed=listed)
    except BuildError as exc:
        if not _none_dated(exc, site):
            raise
        print_error(exc, err)
        print(f"summitfeed: {undated}", file=err)
        return exc.exit_code


def _none_dated(exc: BuildError, site: Site) -> bool:
    """Whether every article file of the build failed for want of a date."""
    from summitfeed._read.discover import source_listing
    from summitfeed._read.normalize import FIELD_KEYS

    undated = {
        error.path
        for error in exc.errors
        if error.key in FIELD_KEYS["published"] and error.message.startswith("missing")
    }
    try:
        _, listing = source_listing(site.content_dir, site=site)
    except OSError:
        return False
    return bool(listing) and len(undated) == len(listing)


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from summitfeed._check import run_check

    return run_check(
        args.feeds, as_json=args.json, strict=args.strict, stdout=out, stderr=err
    )


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
