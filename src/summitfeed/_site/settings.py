"""Site settings from ``summitfeed.toml``, ``pyproject.toml`` or the command line.

Settings are read from the file given with ``--config``, else ``summitfeed.toml``
(top-level keys), else ``[tool.summitfeed]`` in ``pyproject.toml``, in the working
folder; then every key given on the command line or in the API wins.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, Final, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from summitfeed._errors import ConfigError
from summitfeed._model import FORMATS, PRESETS, Person, Site, frozen_value
from summitfeed._people import mistyped_person_keys, parse_person
from summitfeed._permalink import PatternError, compile_pattern
from summitfeed._site import inputs as _site_inputs
from summitfeed._site.generators import GeneratorSite, read_toml
from summitfeed._urls import is_absolute_http, unsafe_scheme

__all__ = [
    "NOT_OPTIONS",
    "SETTING_TYPES",
    "Settings",
    "find_settings_file",
    "load_site",
    "make_site",
    "parse_now",
    "read_settings",
    "settings_from_options",
]

# key -> "str", "int", "bool", "list", "person"
SETTING_TYPES: Final[Mapping[str, str]] = {
    "title": "str",
    "base_url": "str",
    "description": "str",
    "language": "str",
    "author": "person",
    "timezone": "str",
    "permalink": "str",
    "content_dir": "str",
    "include": "list",
    "exclude": "list",
    "output_dir": "str",
    "static_dir": "str",
    "formats": "list",
    "rss_file": "str",
    "atom_file": "str",
    "json_file": "str",
    "limit": "int",
    "full_content": "bool",
    "tag_feeds": "bool",
    "archive_size": "int",
    "icon": "str",
    "logo": "str",
    "rights": "str",
    "hubs": "list",
    "ping_timeout": "int",
    "preview": "bool",
    "cache_dir": "str",
    "preset": "str",
    "show_read_time": "bool",
    "read_time_label": "str",
    "max_body_size": "int",
    "max_front_matter_size": "int",
    "max_nesting": "int",
    "max_open_formatting": "int",
    "max_table_cells": "int",
}


NOT_OPTIONS: Final = frozenset({"content_dir", "output_dir"})
"""Given as the CONTENT argument and -o, not as --content-dir / --output-dir."""


def settings_from_options(args: object) -> Settings:
    """The settings a ``build`` (or ``init``) command's options read: the
    settings file's values with each option given winning (an object with
    the options as attributes, as argparse makes it).

    Raises:
        ConfigError: bad settings, or a CONTENT folder that does not exist.
    """
    overrides: dict[str, object] = {
        key: getattr(args, key)
        for key in SETTING_TYPES
        if key not in NOT_OPTIONS and getattr(args, key, None) is not None
    }
    content = getattr(args, "content", None)
    if content is not None:
        if not Path(content).is_dir():
            raise ConfigError(f"CONTENT: no such folder: {content}")
        overrides["content_dir"] = content
    output = getattr(args, "output", None)
    if output is not None:
        overrides["output_dir"] = output
    return read_settings(getattr(args, "config", None), **overrides)


def find_settings_file(
    config: str | os.PathLike[str] | None = None,
) -> tuple[Path | None, bool]:
    """The settings file to read and whether it is a ``pyproject.toml``.

    Raises:
        ConfigError: ``config`` was given but does not exist.
    """
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise ConfigError(f"--config: no such settings file: {config}")
        return path, path.name == "pyproject.toml"
    for name, is_pyproject in (("summitfeed.toml", False), ("pyproject.toml", True)):
        path = Path(name)
        if path.is_file():
            if is_pyproject and "summitfeed" not in read_toml(path).get("tool", {}):
                continue
            return path, is_pyproject
    return None, False


def load_site(
    config: str | os.PathLike[str] | None = None,
    **overrides: object,
) -> Site:
    """Read the site settings, with ``overrides`` (keys of SPEC §2) winning.

    With no settings file, the site's generator is detected from its own
    files in the working folder (or given as ``preset``), and its settings
    are read as summitfeed's (SPEC §6); the file's and the overrides'
    values win over those.

    Raises:
        ConfigError: a missing file, an unknown key, a value of the wrong type,
            an unknown time zone, a missing title or base_url. The message
            names where the value came from: the file, or the ``--option``.
    """
    return read_settings(config, **overrides).site


class Settings(NamedTuple):
    """The settings read, and what was found of another generator's site
    (None when nothing was looked for or found)."""

    site: Site
    generator: GeneratorSite | None


def read_settings(
    config: str | os.PathLike[str] | None = None,
    **overrides: object,
) -> Settings:
    """As :func:`load_site`, also telling which generator's site was read.

    What the reading looked at is noted afresh (:mod:`summitfeed._site.inputs`),
    for the record a build leaves for its next run.
    """
    _site_inputs.forget()
    path, is_pyproject = find_settings_file(config)
    values: dict[str, object] = {}
    sources: dict[str, str] = {}
    where = "settings"
    file_values: dict[str, object] = {}
    if path is not None:
        data = read_toml(path)
        if is_pyproject:
            data = data.get("tool", {}).get("summitfeed", {})
            where = f"{path} [tool.summitfeed]"
        else:
            where = str(path)
        file_values = dict(data)
    given = {k: v for k, v in overrides.items() if v is not None}
    generator = _generator_site(
        given.get("preset", file_values.get("preset")),
        detect=path is None,
        label="--preset" if "preset" in given else f"{where}: preset",
    )
    hints: dict[str, str] = {}
    if generator is not None:
        values.update(generator.values)
        sources.update(generator.sources)
        hints = generator.hints
        values["preset"] = generator.preset
        sources.setdefault("preset", "the site's own files")
    values.update(file_values)
    sources.update({key: f"{where}: {key}" for key in file_values})
    values.update(given)
    sources.update({key: "--" + key.replace("_", "-") for key in given})
    if generator is not None and "include" not in file_values | given:
        _content_folder_given(values, sources, generator)
    if path is None:
        where = (
            f"no settings file (looked for summitfeed.toml and [tool.summitfeed] "
            f"in pyproject.toml in {Path.cwd()}; or give --config FILE)"
        )
        if generator is not None:
            where = generator.describe()
    site = make_site(values, where=where, sources=sources, hints=hints)
    if generator is not None and generator.author_ids:
        site = replace(site, author_ids=tuple(sorted(generator.author_ids.items())))
    if generator is not None and generator.front_matter_defaults:
        defaults = tuple(
            (key, frozen_value(value))
            for key, value in sorted(generator.front_matter_defaults.items())
        )
        site = replace(site, front_matter_defaults=defaults)
    return Settings(site, generator)


def _content_folder_given(
    values: dict[str, object], sources: dict[str, str], generator: GeneratorSite
) -> None:
    """A content folder given (CONTENT, a settings file) other than the
    preset's holds the posts: all its Markdown files, not the preset's
    folders. A folder inside the preset's content folder stays under it, so
    that the posts' URLs are still made from their paths there."""
    preset_root = generator.values.get("content_dir")
    chosen = values.get("content_dir")
    if not isinstance(preset_root, str) or not isinstance(chosen, str):
        return
    inside = os.path.relpath(os.path.normpath(chosen), os.path.normpath(preset_root))
    if inside == ".":
        return
    globs = generator.values.get("include")
    endings = sorted(
        {
            glob.rsplit("*", 1)[1]
            for glob in (globs if isinstance(globs, list | tuple) else ())
            if isinstance(glob, str) and "*" in glob
        }
    ) or [".md", ".markdown"]
    label = sources.get("content_dir", "CONTENT")
    outside = inside == ".." or inside.startswith(("../", "..\\"))
    if outside or Path(inside).is_absolute():
        values["include"] = [f"**/*{ending}" for ending in endings]
    else:
        folder = inside.replace("\\", "/")
        values["content_dir"] = preset_root
        values["include"] = [f"{folder}/**/*{ending}" for ending in endings]
    sources["include"] = label
    # What is told of the site is what is read; the preset chose no section.
    generator.values["content_dir"] = values["content_dir"]
    generator.values["include"] = values["include"]
    generator.hints.pop("undated", None)


def _generator_site(
    preset: object, *, detect: bool, label: str
) -> GeneratorSite | None:
    """The settings another generator's files give, for ``preset`` or, with
    none and ``detect``, for the generator found in the working folder."""
    from summitfeed._site.generators import detect_generator, read_generator_site

    root = Path.cwd()
    if preset is None:
        if not detect:
            return None
        found = detect_generator(root)
        if found is None:
            return None
        return read_generator_site(found[0], root, found[1])
    if not isinstance(preset, str) or preset not in PRESETS:
        raise ConfigError(
            f"{label}: {preset!r} is not a known generator "
            f"(choose from {', '.join(PRESETS)})"
        )
    return read_generator_site(preset, root)


def _is_file_system_root(folder: str) -> bool:
    """Whether ``folder`` is a file system's root (hero images are looked up
    under ``static_dir``: its root would give the size of any file)."""
    try:
        resolved = Path(folder).resolve()
    except (OSError, RuntimeError):
        return False
    return resolved == Path(resolved.anchor)


def _unknown_setting(key: str) -> str:
    import difflib  # (only for a mistyped key)

    close = difflib.get_close_matches(key, SETTING_TYPES, n=1)
    hint = f"did you mean {close[0]}?" if close else ""
    return f"{key!r} is not a setting{' (' + hint + ')' if hint else ''}"


def make_site(
    values: Mapping[str, object],
    *,
    where: str = "settings",
    sources: Mapping[str, str] | None = None,
    hints: Mapping[str, str] | None = None,
) -> Site:
    """Check raw setting values and build a :class:`Site`.

    ``sources`` names where each key came from (``summitfeed.toml: limit`` or
    ``--limit``), for the messages; ``where`` names the settings as a whole;
    ``hints`` says for a required key what to do when it is missing.

    Raises:
        ConfigError: as :func:`load_site`.
    """
    labels = dict(sources or {})

    def label(key: str) -> str:
        return labels.get(key, f"{where}: {key}")

    _check_keys(values, where=where, hints=hints or {})
    fields: dict[str, Any] = {}
    for key, value in values.items():
        fields[key] = _convert(key, value, label=label(key))
    _check_values(fields, label=label)
    _check_file_names(fields, label=label)
    try:
        site = Site(**fields)
    except ConfigError as exc:
        # Site says "key: problem"; name where that key came from.
        key, _, problem = str(exc).partition(": ")
        raise ConfigError(f"{label(key)}: {problem}") from None
    _check_links(site, label=label)
    return site


def _check_keys(
    values: Mapping[str, object], *, where: str, hints: Mapping[str, str]
) -> None:
    """Refuse a key that is not a setting, and a required one not given."""
    unknown = sorted(set(values) - set(SETTING_TYPES))
    if unknown:
        raise ConfigError(
            f"{where}: "
            + "; ".join(_unknown_setting(key) for key in unknown)
            + f" (the settings are: {', '.join(sorted(SETTING_TYPES))})"
        )
    for required in ("title", "base_url"):
        if not values.get(required):
            hint = hints.get(required)
            if hint is not None:
                raise ConfigError(f"{where}: {required} is required: {hint}")
            raise ConfigError(
                f"{where}: {required} is required (set it in summitfeed.toml, "
                f"or give --{required.replace('_', '-')})"
            )


def _check_values(fields: Mapping[str, Any], *, label: Callable[[str], str]) -> None:
    """Refuse an unknown time zone, a file system root as ``static_dir`` and
    a URL rule that cannot be followed."""
    timezone = fields.get("timezone", "UTC")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"{label('timezone')}: {timezone!r} is not a known time zone "
            "(write an IANA name such as Europe/Zurich or UTC)"
        ) from None
    static_dir = fields.get("static_dir")
    if static_dir is not None and _is_file_system_root(static_dir):
        raise ConfigError(
            f"{label('static_dir')}: {static_dir!r} is the root of the file system; "
            "give the folder the site's own files are served from (e.g. static)"
        )
    permalink = fields.get("permalink", "{slug}/")
    try:
        compile_pattern(permalink)
    except PatternError as exc:
        raise ConfigError(f"{label('permalink')}: {exc}") from None


def _check_file_names(
    fields: Mapping[str, Any], *, label: Callable[[str], str]
) -> None:
    """Refuse a feed file name that is not a plain name, or that another
    output (another feed, the stylesheet, the subscribe page) has."""
    names = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
    taken = {"feed.css": "the preview stylesheet", "feeds.html": "the subscribe page"}
    for fmt in fields.get("formats", FORMATS):
        key = f"{fmt}_file"
        name = fields.get(key, names[fmt])
        if not name or "/" in name or name.startswith("."):
            raise ConfigError(f"{label(key)}: {name!r} must be a plain file name")
        if name in taken:
            raise ConfigError(
                f"{label(key)}: {name!r} is already the name of {taken[name]}; "
                "give each output its own file name"
            )
        taken[name] = key


def _check_links(site: Site, *, label: Callable[[str], str]) -> None:
    """Refuse an icon or logo that is not http(s) or a path, and relative hubs.

    (``Site`` itself resolves icon and logo against ``base_url``.)
    """
    for key in ("icon", "logo"):
        reference = getattr(site, key)
        if reference is not None and unsafe_scheme(reference) is not None:
            raise ConfigError(
                f"{label(key)}: {reference!r} must be an http(s) URL or a path"
            )
    for hub in site.hubs:
        if not is_absolute_http(hub):
            raise ConfigError(
                f"{label('hubs')}: {hub!r} is not an absolute http(s) URL"
            )


def _convert(key: str, value: object, *, label: str) -> object:
    """``value`` as the type of setting ``key``; ``label`` names it in errors."""
    kind = SETTING_TYPES[key]
    if kind == "str":
        if not isinstance(value, str):
            raise ConfigError(f"{label}: expected text, got {value!r}")
        return value
    if kind == "int":
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ConfigError(f"{label}: expected a whole number, got {value!r}")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"{label}: expected true or false, got {value!r}")
        return value
    if kind == "list":
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list | tuple) or not all(
            isinstance(v, str) for v in value
        ):
            raise ConfigError(f"{label}: expected a list of text, got {value!r}")
        if key == "formats":
            wrong = [v for v in value if v not in FORMATS]
            if wrong:
                raise ConfigError(
                    f"{label}: unknown format {', '.join(wrong)} "
                    "(choose from rss, atom, json)"
                )
        return tuple(value)
    people = value if isinstance(value, list) else [value]
    result: list[Person] = []
    for item in people:
        person = item if isinstance(item, Person) else parse_person(item)
        if isinstance(person, str):
            raise ConfigError(f"{label}: {person}")
        # The settings are summitfeed's own, read strictly: a mistyped key
        # would quietly lose the e-mail or URL it was meant to give.
        typos = mistyped_person_keys(item) if isinstance(item, dict) else []
        if typos:
            written, meant = typos[0]
            raise ConfigError(
                f"{label}: {written} is not a key of a person; did you mean {meant}?"
            )
        result.append(person)
    return tuple(result)


def parse_now(
    value: str | None, *, environ: Mapping[str, str] | None = None
) -> dt.datetime:
    """The build's "now": ``value``, else ``SOURCE_DATE_EPOCH``, else the clock.

    ``value`` is an ISO 8601 instant or Unix seconds.

    Raises:
        ConfigError: a value that is neither.
    """
    env = os.environ if environ is None else environ
    source = "--now"
    if value is None and env.get("SOURCE_DATE_EPOCH"):
        value, source = env["SOURCE_DATE_EPOCH"], "SOURCE_DATE_EPOCH"
    if value is None:
        return dt.datetime.now(dt.UTC)
    text = value.strip()
    digits = text.lstrip("-")
    if digits.isascii() and digits.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(text), dt.UTC)
        except (OverflowError, OSError, ValueError):
            raise ConfigError(
                f"{source}: {value!r} is out of range for a date (write Unix "
                "seconds or an ISO 8601 instant such as 2025-02-13T09:30:00Z)"
            ) from None
    try:
        moment = dt.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise ConfigError(
            f"{source}: {value!r} is neither an ISO 8601 instant "
            "(2025-02-13T09:30:00Z) nor Unix seconds"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment
