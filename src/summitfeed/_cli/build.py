"""The work and output of ``summitfeed build`` once its settings are known.

The command line (:mod:`summitfeed._cli.main`) parses the options and reads the
settings, also for a command run before whose files changed: the record the
last run left (:mod:`summitfeed._cli.quick`), which anyone who can write to the
cache folder can replace, never decides the options or the settings.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from summitfeed._cli.messages import Silent, problem_lines
from summitfeed._cli.publish import ping_after_build
from summitfeed._errors import BuildError, SummitfeedError
from summitfeed._model import Site

if TYPE_CHECKING:
    from summitfeed._read.discover import Listed
    from summitfeed._site.generators import GeneratorSite

__all__ = [
    "BuildCommand",
    "generator_note",
    "guarded",
    "print_error",
    "run_build",
]


class BuildCommand(Protocol):
    """The options of ``summitfeed build`` that :func:`run_build` reads."""

    now: str | None
    drafts: bool
    future: bool
    lenient: bool
    dry_run: bool
    quiet: bool
    check: bool
    ping: bool
    no_cache: bool


def guarded(action: Callable[[], int]) -> int:
    """``action()``'s exit status; a problem becomes a message and a status,
    never a traceback."""
    try:
        return action()
    except SummitfeedError as exc:
        print_error(exc, sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("summitfeed: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        raise  # standard output was closed: not a bug (see summitfeed._cli.run.run)
    except Exception as exc:
        # A bug of ours, not a problem of the input: say so in one line.
        if os.environ.get("SUMMITFEED_TRACEBACK"):
            raise
        print(
            f"summitfeed: internal error: {type(exc).__name__}: {exc} "
            "(a bug in summitfeed; run again with SUMMITFEED_TRACEBACK=1 "
            "to see where, and please report it)",
            file=sys.stderr,
        )
        return 1


def generator_note(generator: GeneratorSite | None) -> str | None:
    """What was read of another generator's site, and what it warned of,
    told on each run."""
    if generator is None:
        return None
    return "\n".join(
        [
            f"summitfeed: read {generator.describe()}",
            *(f"summitfeed: warning: {text}" for text in generator.warnings),
        ]
    )


def print_error(exc: SummitfeedError, err: TextIO) -> None:
    if isinstance(exc, BuildError):
        for problem in exc.errors:
            print(problem, file=err)
        count = len(exc.errors)
        print(
            f"summitfeed: {count} problem{'s' if count != 1 else ''} in articles; "
            "no feed was written (fix them, or use --lenient to skip those articles)",
            file=err,
        )
        return
    print(f"summitfeed: {exc}", file=err)


def run_build(
    args: BuildCommand,
    site: Site,
    out: TextIO,
    err: TextIO,
    argv: Sequence[str] | None = None,
    *,
    started: float | None = None,
    listed: Listed | None = None,
) -> int:
    """``summitfeed build`` with its settings read: build, print, remember.

    ``argv`` (the command's arguments) is given when a next run of the same
    command may be answered from the record this run leaves; ``listed`` is
    the listing its quick check made.
    """
    from summitfeed._build import run
    from summitfeed._model import Request
    from summitfeed._site.settings import parse_now

    started = time.perf_counter() if started is None else started
    now = parse_now(args.now)
    note: str | None = getattr(args, "generator_note", None)
    if note is not None and not args.quiet:
        print(note, file=err)
    request = Request(
        site=site,
        moment=now,
        include_drafts=args.drafts,
        include_future=args.future,
        lenient=args.lenient,
        dry_run=args.dry_run,
        out_root=Path(site.output_dir),
    )
    report = run(
        site.content_dir,
        request,
        use_cache=not args.no_cache,
        progress=_progress_bar(err) if not args.quiet and err.isatty() else None,
        listed=listed,
        reports_items=False,  # (the command prints counts, never an item)
    )
    if not args.quiet and err.isatty():
        print("\r\033[K", end="", file=err)
    every = bool(getattr(args, "verbose", False))
    if every and not args.no_cache:
        for line in _cache_notes(site):
            print(f"summitfeed: {line}", file=err)
    for line in problem_lines(report.warnings, report.skipped, every=every):
        print(line, file=err)
    if not args.quiet:
        out_root = Path(site.output_dir).resolve()
        items = {out_root / name: count for name, count in report.item_counts.items()}
        for path in report.written:
            count = items.get(path)
            suffix = "" if count is None else f" ({_count(count, 'item')})"
            print(f"wrote {_shown(path)}{suffix}", file=out)
        head = _summary_head(
            "checked" if args.dry_run else "built",
            articles=report.articles,
            skipped=len(report.skipped),
            warnings=len(report.warnings),
            cached=report.cached,
            rendered=report.rendered,
            written=len(report.written),
            unchanged=len(report.unchanged),
        )
        print(f"{head}{time.perf_counter() - started:.2f}s", file=out)
    if argv is not None and not args.dry_run and not args.check and not args.ping:
        _record_for_next_run(argv, args, site, note)
    if args.check and not args.dry_run:
        shown = Silent() if args.quiet else out
        status = _check_output(report.written + report.unchanged, shown, err)
        if status:
            return status
    if args.ping:
        ping_after_build(args, site, report.written, Silent() if args.quiet else out)
    return 0


def _cache_notes(site: Site) -> list[str]:
    """Why the build did not take parts of the cache (for ``-v``)."""
    from summitfeed._cli.quick import read_record
    from summitfeed._incremental.cache import notes
    from summitfeed._incremental.store import RECORD, StoreProblem

    found = notes()
    try:
        read_record(site.cache_dir)
    except StoreProblem as exc:
        found.insert(0, f"cache: {Path(site.cache_dir, RECORD)} {exc}; not used")
    return found


def _summary_head(
    verb: str,
    *,
    articles: int,
    skipped: int,
    warnings: int = 0,
    cached: int,
    rendered: int,
    written: int,
    unchanged: int,
) -> str:
    """The summary line up to its time in seconds."""
    skipped_part = f", {skipped} skipped" if skipped else ""
    if warnings:
        skipped_part += f", {_count(warnings, 'warning')}"
    return (
        f"{verb} from {_count(articles, 'article file')}{skipped_part}: "
        f"{cached} cached, {rendered} rendered; "
        f"{_count(written, 'file')} written, {unchanged} unchanged in "
    )


def _record_for_next_run(
    argv: Sequence[str], args: BuildCommand, site: Site, note: str | None
) -> None:
    """Keep what a next run of the same command needs to answer at once
    (:mod:`summitfeed._cli.quick`): the snapshot this build left, and what a
    build from the cache would print."""
    from summitfeed._cli.quick import Record, record, run_key
    from summitfeed._incremental.cache import BuildCache, cache_key
    from summitfeed._incremental.snapshot import Snapshot, build_options
    from summitfeed._incremental.stamps import zone_file
    from summitfeed._read.discover import display_prefix
    from summitfeed._site.inputs import consulted

    if args.no_cache:
        return
    snapshot = BuildCache(site.cache_dir, key=cache_key(site)).load(
        "snapshot", Snapshot.from_plain
    )
    if snapshot is None:
        return
    out_root = Path(site.output_dir)
    root = site.content_dir
    summary = None
    if not args.quiet:
        summary = _summary_head(
            "built",
            articles=snapshot.articles,
            skipped=len(snapshot.skipped),
            warnings=len(snapshot.warnings),
            cached=snapshot.articles,
            rendered=0,
            written=0,
            unchanged=len(snapshot.outputs),
        )
    key = run_key(argv)
    if key is None:
        return
    stderr = ([] if note is None or args.quiet else [note]) + problem_lines(
        snapshot.warnings, snapshot.skipped, every=bool(getattr(args, "verbose", False))
    )
    known = Record(
        key=key,
        inputs=snapshot.inputs,
        root=root,
        prefix=display_prefix(root),
        include=tuple(site.include),
        exclude=tuple(site.exclude),
        options=build_options(
            include_drafts=args.drafts,
            include_future=args.future,
            lenient=args.lenient,
            out_root=out_root,
        ),
        out_root=str(out_root),
        pinned=args.now is not None or bool(os.environ.get("SOURCE_DATE_EPOCH")),
        clear_progress=not args.quiet,
        stderr=tuple(stderr),
        summary=summary,
        zone=(site.timezone, zone_file(site.timezone)),
        consulted=consulted(),
        articles=snapshot.articles + len(snapshot.skipped),
    )
    record(argv, site.cache_dir, known)


def _check_output(paths: Sequence[Path], out: TextIO, err: TextIO) -> int:
    """Validate the feed documents among ``paths``; 1 when one has an error."""
    from summitfeed._check import check_exit_status, check_file, render_reports_text

    feeds = sorted(path for path in paths if path.suffix in (".xml", ".json"))
    reports = [check_file(path) for path in feeds]
    status = check_exit_status(reports, strict=False)
    problems = [report for report in reports if report.findings]
    if problems:
        print(render_reports_text(problems), end="", file=err)
    if status:
        print("summitfeed: the feeds written have errors (see above)", file=err)
    else:
        print(f"checked {len(reports)} feeds: no errors", file=out)
    return status


def _progress_bar(err: TextIO) -> Callable[[int, int], None]:
    """A one-line counter on a terminal, redrawn in place."""

    def show(done: int, total: int) -> None:
        print(
            f"\rreading articles {done}/{total} ({done * 100 // total}%)",
            end="",
            file=err,
        )
        err.flush()

    return show


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _shown(path: Path) -> str:
    """A path as the user would type it from the working folder."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
