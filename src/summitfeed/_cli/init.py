"""``summitfeed init``: write the settings a build in this folder would use.

The file says, for each value, where it came from (the generator's own
settings, the preset, the command line), and lists the other settings as
comments with their defaults, so that the user can keep it as it is or
change it. An existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO

from summitfeed._cli.options import settings_from_args
from summitfeed._errors import ConfigError
from summitfeed._model import Person, Site
from summitfeed._site.settings import SETTING_TYPES

__all__ = ["render_settings", "run_init"]

_FILE = "summitfeed.toml"
_DEFAULTS = Site(title="-", base_url="https://example.org/")


def run_init(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write ``summitfeed.toml`` (or the ``--config`` file); exit status."""
    target = Path(args.config or _FILE)
    if target.exists():
        raise ConfigError(
            f"{target} already exists; it was left as it is (remove it first "
            "to write a new one)"
        )
    # Read as a build would with no settings file.
    args.config = None
    site, generator = settings_from_args(args)
    sources: dict[str, str] = {}
    if generator is not None:
        sources.update(generator.sources)
        sources["preset"] = f"found from {generator.config or 'its folders'}"
    for key in SETTING_TYPES:
        if getattr(args, key, None) is not None:
            sources[key] = "--" + key.replace("_", "-")
    heading = (
        f"summitfeed settings for {generator.describe()}"
        if generator is not None
        else "summitfeed settings"
    )
    text = render_settings(site, sources, heading=heading)
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ConfigError(f"{target} already exists; it was left as it is") from None
    except OSError as exc:
        raise ConfigError(f"{target}: cannot be written: {exc.strerror}") from None
    print(f"wrote {target}", file=out)
    return 0


def render_settings(site: Site, sources: dict[str, str], *, heading: str) -> str:
    """The settings as TOML: the ones read, each with where it came from, then
    every other setting as a comment with its default."""
    lines = [
        f"# {heading}.",
        "# Written by 'summitfeed init'. Each value says where it was read; settings",
        "# written here win over the site's own files. Commented lines show defaults.",
        "",
    ]
    chosen = [key for key in SETTING_TYPES if key in sources]
    for key in ("title", "base_url"):
        if key not in chosen:
            chosen.insert(0, key)
    for key in chosen:
        value = getattr(site, key)
        if value is None:
            continue
        source = sources.get(key, "given")
        lines.append(f"# {source}")
        lines.append(f"{key} = {_toml(value)}")
    lines.append("")
    for key in SETTING_TYPES:
        if key in chosen:
            continue
        default = getattr(_DEFAULTS, key)
        if key == "title":
            continue
        shown = "(none)" if default is None or default == () else _toml(default)
        if shown == "(none)":
            lines.append(f"# {key}: not set")
        else:
            lines.append(f"# {key} = {shown}")
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple) and all(isinstance(v, Person) for v in value):
        people = [
            "{"
            + ", ".join(
                f"{name} = {json.dumps(part, ensure_ascii=False)}"
                for name, part in (
                    ("name", person.name),
                    ("email", person.email),
                    ("url", person.url),
                )
                if part
            )
            + "}"
            for person in value
            if isinstance(person, Person)
        ]
        return people[0] if len(people) == 1 else "[" + ", ".join(people) + "]"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return json.dumps(str(value))
