"""Command-line options named after the settings, shared by every command."""

from __future__ import annotations

import argparse
import os
import sys

from summitfeed._model import PRESETS, Site
from summitfeed._site.settings import NOT_OPTIONS as _NOT_OPTIONS
from summitfeed._site.settings import SETTING_TYPES, Settings, settings_from_options

__all__ = [
    "HelpFormatter",
    "add_setting_options",
    "settings_from_args",
    "site_from_args",
]


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, given its width: argparse would import shutil
    (and its compression modules) to measure the terminal, once per option,
    on every run, though help is rarely printed."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_width() - 2)


def _terminal_width() -> int:
    """As shutil.get_terminal_size().columns: $COLUMNS, the terminal, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0 and sys.__stdout__ is not None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def add_setting_options(parser: argparse.ArgumentParser) -> None:
    """``--config`` and one option per setting (SPEC §2 names, booleans as --no-)."""
    parser.add_argument("--config", metavar="FILE", help="settings file (TOML)")
    group = parser.add_argument_group("settings (override the settings file)")
    for key, kind in SETTING_TYPES.items():
        if key in _NOT_OPTIONS:
            continue
        flag = "--" + key.replace("_", "-")
        if kind == "bool":
            group.add_argument(flag, dest=key, action=argparse.BooleanOptionalAction)
        elif kind == "int":
            group.add_argument(flag, dest=key, type=_non_negative, metavar="N")
        elif key == "preset":
            group.add_argument(
                flag,
                dest=key,
                choices=PRESETS,
                metavar="GENERATOR",
                help="read the site as this generator does: " + ", ".join(PRESETS),
            )
        else:
            group.add_argument(flag, dest=key, metavar=key.upper())


def site_from_args(args: argparse.Namespace) -> Site:
    """The settings file's values with the options given on the command line.

    Raises:
        ConfigError: bad settings, or a CONTENT folder that does not exist.
    """
    return settings_from_args(args).site


def settings_from_args(args: argparse.Namespace) -> Settings:
    """As :func:`site_from_args`, with what was found of another generator."""
    return settings_from_options(args)
