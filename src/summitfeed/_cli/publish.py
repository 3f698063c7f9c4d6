"""The publishing commands: ``summitfeed ping``, ``build --ping`` and
``summitfeed autodiscovery``. :mod:`summitfeed._cli.main` hooks them in.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol, TextIO

from summitfeed._cli.messages import problem_lines
from summitfeed._cli.options import (
    HelpFormatter,
    add_setting_options,
    site_from_args,
)
from summitfeed._errors import ConfigError
from summitfeed._model import Site
from summitfeed._site.settings import parse_now

__all__ = ["COMMANDS", "PingOptions", "add_publish_commands", "ping_after_build"]


class PingOptions(Protocol):
    """The options of ``summitfeed build`` that :func:`ping_after_build` reads."""

    ping: bool
    dry_run: bool


def add_publish_commands(commands: Any, build: argparse.ArgumentParser) -> None:
    """Add ``--ping`` to ``build`` and the ``ping`` and ``autodiscovery`` commands."""
    build.add_argument(
        "--ping",
        action="store_true",
        help="after writing, notify the WebSub hubs of every feed that changed",
    )
    ping = commands.add_parser(
        "ping",
        allow_abbrev=False,
        formatter_class=HelpFormatter,
        help="notify the WebSub hubs (setting hubs) of every feed",
        description="Send a WebSub publish notification for every feed of the "
        "site (main and tag feeds, every format) to every hub in the settings.",
    )
    ping.add_argument("content", nargs="?", metavar="CONTENT", help="content folder")
    ping.add_argument(
        "--now", metavar="INSTANT", help="the build's 'now' (as for build)"
    )
    ping.add_argument("--drafts", action="store_true", help="include drafts")
    ping.add_argument(
        "--future", action="store_true", help="include future-dated articles"
    )
    ping.add_argument(
        "--lenient", action="store_true", help="skip bad articles with a warning"
    )
    add_setting_options(ping)
    links = commands.add_parser(
        "autodiscovery",
        allow_abbrev=False,
        formatter_class=HelpFormatter,
        help='print the <link rel="alternate"> tags for a site\'s pages',
        description="Print the autodiscovery <link> tags of the site's feeds, "
        "to paste into the <head> of the site's pages.",
    )
    add_setting_options(links)


def _ping(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from summitfeed._build import build
    from summitfeed._render.plan import websub_topics

    site = site_from_args(args)
    if not site.hubs:
        raise ConfigError("ping: no WebSub hubs: set hubs in the settings or --hubs")
    report = build(
        site.content_dir,
        site.output_dir,
        site=site,
        now=parse_now(args.now),
        include_drafts=args.drafts,
        include_future=args.future,
        lenient=args.lenient,
        dry_run=True,
    )
    for line in problem_lines((), report.skipped):
        print(line, file=err)
    _send(site, websub_topics(site, report.files), out)
    return 0


def _send(site: Site, topics: list[str], out: TextIO) -> None:
    from summitfeed._write.websub import ping_hubs

    accepted = ping_hubs(site.hubs, topics, timeout=site.ping_timeout)
    for hub in site.hubs:
        count = sum(ping.hub == hub for ping in accepted)
        print(f"pinged {hub}: {count} feed{'s' if count != 1 else ''}", file=out)


def ping_after_build(
    args: PingOptions,
    site: Site,
    written: Iterable[Path],
    out: TextIO,
) -> None:
    """``build --ping``: notify the hubs of the feeds whose bytes changed
    (``args``: the build's options).

    Raises:
        ConfigError: ``--ping`` without hubs in the settings.
        PingError: a hub refused or could not be reached.
    """
    if not args.ping or args.dry_run:
        return
    from summitfeed._render.plan import websub_topics

    if not site.hubs:
        raise ConfigError("--ping: no WebSub hubs: set hubs in the settings or --hubs")
    root = Path(site.output_dir).resolve()
    changed = [path.relative_to(root).as_posix() for path in written]
    topics = websub_topics(site, changed)
    if not topics:
        print("no feed changed; no hub pinged", file=out)
        return
    _send(site, topics, out)


def _autodiscovery(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from summitfeed._render.preview import autodiscovery_tags

    out.write(autodiscovery_tags(site_from_args(args)))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "ping": _ping,
    "autodiscovery": _autodiscovery,
}
