"""Sites made for another generator: find which, and what it means (SPEC §6).

:func:`detect_generator` tells the generator from its own files in the
site's root; :func:`read_generator_site` reads that generator's settings
(where they are data: YAML, TOML, JSON; from JavaScript only a literal
URL) and gives the summitfeed settings that publish what its own feed
publishes: where the posts are, which files are posts, how a post's URL is
made. Settings given in a settings file or on the command line win over
every value here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from summitfeed._errors import ConfigError
from summitfeed._model import Person
from summitfeed._permalink import PatternError, compile_pattern
from summitfeed._site import inputs as seen
from summitfeed._site.inputs import MARKDOWN

__all__ = [
    "GENERATOR_NAMES",
    "GeneratorSite",
    "detect_generator",
    "read_generator_site",
]

GENERATOR_NAMES: Final[Mapping[str, str]] = {
    "jekyll": "Jekyll",
    "hugo": "Hugo",
    "astro": "Astro",
    "eleventy": "Eleventy",
    "mkdocs-material": "MkDocs Material",
    "zola": "Zola",
}

_ASTRO_CONFIGS: Final = tuple(
    f"astro.config.{ext}" for ext in ("mjs", "js", "ts", "mts", "cjs")
)
_ELEVENTY_CONFIGS: Final = (
    *(f"eleventy.config.{ext}" for ext in ("js", "mjs", "cjs", "ts")),
    ".eleventy.js",
)
_HUGO_CONFIGS: Final = (
    *(f"hugo.{ext}" for ext in ("toml", "yaml", "yml", "json")),
    *(f"config/_default/hugo.{ext}" for ext in ("toml", "yaml", "yml")),
    *(f"config/_default/config.{ext}" for ext in ("toml", "yaml", "yml")),
)
_HUGO_OR_ZOLA: Final = ("config.toml",)
_HUGO_OLD: Final = ("config.yaml", "config.yml", "config.json")
_JEKYLL_CONFIGS: Final = ("_config.yml", "_config.yaml", "_config.toml")
_MKDOCS_CONFIGS: Final = ("mkdocs.yml", "mkdocs.yaml")


@dataclass
class GeneratorSite:
    """What a generator's own files say, as summitfeed settings.

    ``values``: setting values; ``sources``: where each came from
    (``hugo.toml: baseURL``), for messages; ``hints``: what to do when a
    required setting could not be read; ``notes``: what was decided;
    ``front_matter_defaults``: keys every post has unless it gives its own
    (Jekyll's ``defaults``); ``warnings``: what of them could not be followed.
    """

    preset: str
    config: str | None
    values: dict[str, object] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    author_ids: dict[str, Person] = field(default_factory=dict)
    front_matter_defaults: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def set(self, key: str, value: object, source: str) -> None:
        if value is None or value == "":
            return
        self.values[key] = value
        self.sources[key] = source

    def describe(self) -> str:
        """One line: what was found."""
        name = GENERATOR_NAMES[self.preset]
        found = f" ({self.config})" if self.config else ""
        posts = self.values.get("content_dir", ".")
        root = f"{posts}/" if posts not in (".", "") else ""
        folders: list[str] = []
        include = self.values.get("include")
        for glob in include if isinstance(include, list | tuple) else ():
            # The folders a glob writes out (_posts in _posts/**/*.md).
            fixed = str(glob).split("*")[0].rstrip("/")
            if fixed and f"{root}{fixed}/" not in folders:
                folders.append(f"{root}{fixed}/")
        article = "an" if name[0] in "AEIOU" else "a"
        where = ", ".join(folders or [root or "./"])
        return f"{article} {name} site{found}: posts from {where}"


def detect_generator(root: Path) -> tuple[str, str] | None:
    """The generator whose files are in ``root`` and the file that tells it
    (``("hugo", "hugo.toml")``); None when none is found."""
    markers: tuple[tuple[str | None, tuple[str, ...]], ...] = (
        ("mkdocs-material", _MKDOCS_CONFIGS),
        ("hugo", _HUGO_CONFIGS),
        (None, _HUGO_OR_ZOLA),  # (told by the file's keys)
        ("astro", _ASTRO_CONFIGS),
        ("eleventy", _ELEVENTY_CONFIGS),
        ("jekyll", _JEKYLL_CONFIGS),
    )
    for preset, names in markers:
        for name in names:
            path = root / name
            if seen.is_file(path):
                return preset or _hugo_or_zola(path), name
    for name in _HUGO_OLD:
        if seen.is_file(root / name) and seen.is_dir(root / "content"):
            return "hugo", name
    return None


# Keys only Zola's config.toml has (Hugo spells its base URL baseURL).
_ZOLA_KEYS: Final = frozenset(
    {"base_url", "compile_sass", "build_search_index", "generate_feeds"}
    | {"generate_feed", "default_language", "markdown", "extra", "taxonomies"}
)


def _hugo_or_zola(path: Path) -> str:
    data = read_toml(path)
    keys = set(data)
    if "base_url" in keys:
        return "zola"
    if {key.lower() for key in keys} & {"baseurl", "languagecode", "params"}:
        return "hugo"
    return "zola" if keys & _ZOLA_KEYS else "hugo"


def read_generator_site(
    preset: str, root: Path, config: str | None = None
) -> GeneratorSite:
    """The settings that publish what ``preset``'s own feed publishes for the
    site in ``root``; ``config`` is its settings file when already known.

    Raises:
        ConfigError: the generator's settings file cannot be read, or holds
            a URL rule that cannot be followed.
    """
    if config is None:
        found = detect_generator(root)
        if found is not None and found[0] == preset:
            config = found[1]
        else:
            config = _first_file(root, _CONFIGS.get(preset, ()))
    site = GeneratorSite(preset, config)
    _READERS[preset](site, root)
    return site


def _first_file(root: Path, names: tuple[str, ...]) -> str | None:
    return next((name for name in names if seen.is_file(root / name)), None)


# --- reading files --------------------------------------------------------


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML settings file (its bytes noted for the next run's check).

    Raises:
        ConfigError: it cannot be read or is not valid TOML.
    """
    import tomllib

    try:
        data = path.read_bytes()
    except OSError as exc:
        seen.note_read(path, None)
        raise ConfigError(f"{path}: cannot be read: {exc.strerror}") from None
    seen.note_read(path, data)
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: not UTF-8 ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _read_data(path: Path) -> dict[str, Any]:
    """A settings file in TOML, YAML or JSON, by its extension."""
    if path.suffix == ".toml":
        return read_toml(path)
    try:
        text = _noted_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    if path.suffix == ".json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ConfigError(f"{path}: not valid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: not a mapping of settings")
        return data
    from summitfeed._read.yaml import load_config_yaml

    try:
        return load_config_yaml(text, path=str(path))
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def _text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _literal(text: str, key: str) -> str | None:
    """A literal text value of ``key`` in JavaScript (``site: 'https://…'``)."""
    match = re.search(
        r"(?<![\w$.])" + re.escape(key) + r"""\s*[:=]\s*(['"`])([^'"`$\n]*)\1""",
        text,
    )
    return match.group(2).strip() if match else None


def _read_text(path: Path) -> str:
    try:
        return _noted_text(path)
    except (OSError, UnicodeDecodeError):
        return ""


def _noted_text(path: Path) -> str:
    """The text of ``path`` (its bytes noted for the next run's check).

    Raises:
        OSError, UnicodeDecodeError: it cannot be read as UTF-8.
    """
    try:
        data = path.read_bytes()
    except OSError:
        seen.note_read(path, None)
        raise
    seen.note_read(path, data)
    # (As read_text: universal newlines.)
    text = data.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _person(value: object) -> object:
    """An author as the settings take it, or None."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, dict) and _text(value.get("name")):
        person = {"name": value["name"]}
        for key in ("email", "url"):
            if _text(value.get(key)):
                person[key] = value[key]
        return person
    return None


def _output(site: GeneratorSite, given: str | None, default: str, source: str) -> None:
    """The feeds go where the generator writes the site, so that they are
    served beside its pages (run summitfeed after the generator's build)."""
    name = GENERATOR_NAMES[site.preset]
    folder = (given or default).strip("/") or "."
    site.set("output_dir", folder, source if given else f"the {name} preset")


def _markdown_globs(folder: str) -> list[str]:
    prefix = f"{folder.strip('/')}/" if folder.strip("/") not in ("", ".") else ""
    return [f"{prefix}**/*.{ext}" for ext in MARKDOWN]


def _check_pattern(site: GeneratorSite, pattern: str, source: str) -> None:
    try:
        compile_pattern(pattern)
    except PatternError as exc:
        raise ConfigError(f"{source}: {exc}") from None


_TOKEN_WORD: Final = re.compile(r":([a-z_]+)")


def _translate(
    pattern: str, tokens: Mapping[str, str], *, source: str, generator: str
) -> str:
    """A ``:token`` pattern (Jekyll's, Hugo's) in summitfeed's ``{token}`` form."""
    out: list[str] = []
    position = 0
    escaped = pattern.replace("{", "{{").replace("}", "}}")
    for match in _TOKEN_WORD.finditer(escaped):
        out.append(escaped[position : match.start()])
        name = match.group(1)
        # The longest known token the word starts with (":title.html").
        known = next(
            (
                token
                for token in sorted(tokens, key=len, reverse=True)
                if name.startswith(token)
            ),
            None,
        )
        if known is None:
            raise ConfigError(
                f"{source}: {pattern!r}: :{name} is not a {generator} permalink "
                "token summitfeed can follow (it follows "
                + ", ".join(":" + token for token in tokens)
                + "); set permalink in summitfeed.toml"
            )
        out.append(tokens[known] + name[len(known) :])
        position = match.end()
    out.append(escaped[position:])
    return "".join(out)


# --- Jekyll ---------------------------------------------------------------

_JEKYLL_STYLES: Final = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_JEKYLL_TOKENS: Final = {
    "categories": "{categories}",
    "year": "{year}",
    "short_year": "{short_year}",
    "month": "{month}",
    "i_month": "{i_month}",
    "day": "{day}",
    "i_day": "{i_day}",
    "y_day": "{y_day}",
    "hour": "{hour}",
    "minute": "{minute}",
    "second": "{second}",
    "title": "{slug}",
    "slug": "{slug}",
    "name": "{filename}",
    "output_ext": ".html",
}


def _jekyll(site: GeneratorSite, root: Path) -> None:
    data = _read_data(root / site.config) if site.config else {}
    where = site.config or "_config.yml"
    # jekyll-feed titles the feed site.title, else site.name.
    site.set("title", _text(data.get("name")), f"{where}: name")
    site.set("title", _text(data.get("title")), f"{where}: title")
    site.set("description", _text(data.get("description")), f"{where}: description")
    url = _text(data.get("url"))
    if url is not None:
        baseurl = (_text(data.get("baseurl")) or "").strip("/")
        base = url.rstrip("/") + "/" + (baseurl + "/" if baseurl else "")
        site.set("base_url", base, f"{where}: url and baseurl")
    else:
        site.hints["base_url"] = f"{where} has no url; give --base-url"
    site.set("timezone", _text(data.get("timezone")), f"{where}: timezone")
    site.set("language", _text(data.get("lang")), f"{where}: lang")
    site.set("author", _person(data.get("author")), f"{where}: author")
    collections = (_text(data.get("collections_dir")) or "").strip("/")
    site.set("content_dir", collections or ".", "the Jekyll preset")
    site.set(
        "include",
        [f"{p}_posts/**/*.{ext}" for p in ("", "**/") for ext in MARKDOWN],
        "the Jekyll preset",
    )
    excluded = ["vendor/**", "node_modules/**", "_site/**"]
    for entry in data.get("exclude") or ():
        # _config.yml's exclude: files and folders Jekyll does not read.
        if isinstance(entry, str) and entry.strip("/") and "*" not in entry:
            excluded += [entry.strip("/"), entry.strip("/") + "/**"]
    site.set("exclude", excluded, "the Jekyll preset")
    site.set("static_dir", ".", "the Jekyll preset")
    _output(site, _text(data.get("destination")), "_site", f"{where}: destination")
    permalink = data.get("permalink")
    source = f"{where}: permalink"
    posts = (
        (data.get("collections") or {})
        if isinstance(data.get("collections"), dict)
        else {}
    )
    if isinstance(posts.get("posts"), dict) and _text(posts["posts"].get("permalink")):
        permalink = posts["posts"]["permalink"]
        source = f"{where}: collections.posts.permalink"
    defaults = _jekyll_post_defaults(data.get("defaults"))
    if _text(defaults.get("permalink")):
        # A default front matter permalink is the posts' own: it wins over
        # the site's and the collection's.
        permalink = defaults["permalink"]
        source = f"{where}: defaults (permalink)"
    site.front_matter_defaults = {
        key: value for key, value in defaults.items() if key != "permalink"
    }
    style = _text(permalink) or "date"
    pattern = _JEKYLL_STYLES.get(style, style)
    translated = _translate(pattern, _JEKYLL_TOKENS, source=source, generator="Jekyll")
    _check_pattern(site, translated, source)
    site.set("permalink", translated, source if permalink else "the Jekyll preset")


def _jekyll_post_defaults(defaults: object) -> dict[str, object]:
    """The front matter ``_config.yml``'s ``defaults`` give every post.

    A scope holds the posts when its type is ``posts`` (or not given) and its
    path is empty, not given or ``_posts``; where several hold them, the one
    with the longer path, then the one with a type, then the later one wins
    (as Jekyll weighs them). A scope of a folder of posts only is left out:
    its values are not those of every post.
    """
    scoped: list[tuple[int, int, int, dict[str, object]]] = []
    for position, entry in enumerate(defaults if isinstance(defaults, list) else ()):
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            continue
        scope = entry.get("scope") if isinstance(entry.get("scope"), dict) else {}
        assert isinstance(scope, dict)
        kind = scope.get("type")
        path = str(scope.get("path") or "").strip().strip("/")
        if kind not in (None, "", "posts", "post") or path not in ("", "_posts"):
            continue
        values = {str(key): value for key, value in entry["values"].items()}
        scoped.append((len(path), 1 if kind else 0, position, values))
    merged: dict[str, object] = {}
    for *_, values in sorted(scoped, key=lambda item: item[:3]):
        merged.update(values)
    return merged


# --- Hugo -----------------------------------------------------------------

_HUGO_TOKENS: Final = {
    "year": "{year}",
    "month": "{month}",
    "day": "{day}",
    "section": "{section}",
    "sections": "{dir}",
    "title": "{title}",
    "slugorfilename": "{slug}",
    "slugorcontentbasename": "{slug}",
    "slug": "{slug_or_title}",
    "filename": "{filename}",
    "contentbasename": "{filename}",
}


def _lower_keys(data: Mapping[str, Any]) -> dict[str, Any]:
    return {str(key).lower(): value for key, value in data.items()}


@dataclass(frozen=True)
class _HugoConfig:
    """A Hugo site's settings (keys in lower case) and its default language's
    own, which win over the site's (Hugo falls back to the top level for a
    key a language does not set)."""

    where: str
    """The settings file, as messages name it."""
    data: dict[str, Any]
    params: dict[str, Any]
    languages: dict[str, Any] | None
    """``languages``, when it is a table."""
    default: str
    """The default language's code, lower case."""
    own: dict[str, Any]
    own_params: dict[str, Any]

    @property
    def own_where(self) -> str:
        return f"{self.where}: languages.{self.default}"


def _hugo(site: GeneratorSite, root: Path) -> None:
    config = _hugo_config(site, root)
    data, own, where = config.data, config.own, config.where
    _hugo_site_values(site, config)
    # Translation by content folder: the default language's pages are in
    # its own contentDir (Docsy's content/en).
    content = (
        _text(own.get("contentdir")) or _text(data.get("contentdir")) or "content"
    ).strip("/")
    site.set("content_dir", content, "the Hugo preset")
    site.set("static_dir", "static", "the Hugo preset")
    _output(site, _text(data.get("publishdir")), "public", f"{where}: publishDir")
    sections = _hugo_sections(site, root, config, content)
    include = [glob for s in sections for glob in _markdown_globs(s)]
    site.set("include", include or _markdown_globs(""), "the Hugo preset")
    _hugo_other_languages(site, config, content)
    _hugo_permalink(site, config, sections)


def _hugo_config(site: GeneratorSite, root: Path) -> _HugoConfig:
    data = _lower_keys(_read_data(root / site.config)) if site.config else {}
    if site.config is not None and site.config.startswith("config/"):
        # config/_default/: each top-level key may be a file of its own.
        folder = (root / site.config).parent
        for key in ("params", "permalinks", "languages"):
            for ext in ("toml", "yaml", "yml", "json"):
                path = folder / f"{key}.{ext}"
                if key not in data and seen.is_file(path):
                    data[key] = _read_data(path)
    default = (_text(data.get("defaultcontentlanguage")) or "en").lower()
    languages = data.get("languages")
    own: dict[str, Any] = {}
    if isinstance(languages, dict):
        for code, values in languages.items():
            if str(code).lower() == default and isinstance(values, dict):
                own = _lower_keys(values)
    return _HugoConfig(
        where=site.config or "hugo.toml",
        data=data,
        params=_lower_keys(data.get("params") or {}),
        languages=languages if isinstance(languages, dict) else None,
        default=default,
        own=own,
        own_params=_lower_keys(own.get("params") or {}),
    )


def _hugo_site_values(site: GeneratorSite, config: _HugoConfig) -> None:
    """The feed's title, description, base URL, language, time zone, author."""
    data, params, own = config.data, config.params, config.own
    where, own_where = config.where, config.own_where
    site.set("title", _text(data.get("title")), f"{where}: title")
    site.set("title", _text(own.get("title")), f"{own_where}.title")
    site.set(
        "description", _text(params.get("description")), f"{where}: params.description"
    )
    site.set("description", _text(own.get("description")), f"{own_where}.description")
    site.set(
        "description",
        _text(config.own_params.get("description")),
        f"{own_where}.params.description",
    )
    base = _text(data.get("baseurl"))
    if base is not None and base.startswith(("http://", "https://")):
        site.set("base_url", base, f"{where}: baseURL")
    else:
        site.hints["base_url"] = f"{where} has no absolute baseURL; give --base-url"
    language = (
        _text(own.get("languagecode"))
        or _text(data.get("languagecode"))
        or _text(data.get("defaultcontentlanguage"))
    )
    site.set("language", language, f"{where}: languageCode")
    site.set("timezone", _text(data.get("timezone")), f"{where}: timeZone")
    author = data.get("author") or params.get("author")
    site.set("author", _person(author), f"{where}: author")


def _hugo_sections(
    site: GeneratorSite, root: Path, config: _HugoConfig, content: str
) -> list[str]:
    """The sections (folders of ``content``) the posts are taken from: the
    main sections set, else Docsy's blog, else the one with the most pages."""
    sections = (
        config.own_params.get("mainsections")
        or config.params.get("mainsections")
        or config.data.get("mainsections")
    )
    if isinstance(sections, str):
        sections = [sections]
    if isinstance(sections, list) and all(isinstance(s, str) for s in sections):
        chosen = f"mainSections ({config.where})"
    elif _is_docsy(config.data) and seen.is_dir(root / content / "blog"):
        sections, chosen = ["blog"], "Docsy's blog section"
    else:
        others_in = (
            _other_language_folders(config.languages, config.default, content)
            if config.languages is not None
            else []
        )
        skipped = frozenset(glob.split("/")[0] for glob in others_in)
        sections = _largest_section(root / content, skipped)
        chosen = "the one with the most pages; no mainSections is set"
        if sections:
            site.notes.append(
                f"main section {sections[0]}/ (the one with the most pages)"
            )
    if sections:
        site.hints["undated"] = _hugo_undated_hint(
            root, config, content, sections, chosen
        )
    return sections


def _hugo_undated_hint(
    root: Path, config: _HugoConfig, content: str, sections: list[str], chosen: str
) -> str:
    """What to do when none of the posts in ``sections`` has a date: they
    are likely not the posts, which another section holds."""
    folders = ", ".join(f"{content}/{s}/" for s in sections)
    others = [
        folder.name
        for folder in sorted((root / content).glob("*"))
        if folder.is_dir()
        and folder.name not in sections
        and not folder.name.startswith((".", "_"))
    ]
    # A folder of the posts' usual names first, else any other one.
    others.sort(key=lambda name: name not in _POST_WORDS)
    example = f"{content}/{others[0] if others else 'posts'}"
    return (
        f"the Hugo preset took the posts from {folders} ({chosen}), and none "
        f"of them has a date; if the posts are in another section, give its "
        f"folder (summitfeed build {example}), or set params.mainSections "
        f"in {config.where}"
    )


def _hugo_other_languages(
    site: GeneratorSite, config: _HugoConfig, content: str
) -> None:
    """A multilingual site's main feed holds its default language's pages:
    the others (post.fr.md) are in /fr/index.xml."""
    if config.languages is None:
        return
    default = config.default
    others = sorted(
        str(k).lower() for k in config.languages if str(k).lower() != default
    )
    excluded = [f"**/*.{code}.{ext}" for code in others for ext in MARKDOWN]
    excluded += _other_language_folders(config.languages, default, content)
    if excluded:
        site.set("exclude", excluded, f"{config.where}: languages")
        site.notes.append(f"pages in {', '.join(others)} left to their own feeds")


def _hugo_permalink(
    site: GeneratorSite, config: _HugoConfig, sections: list[str]
) -> None:
    """The posts' URL rule: the first of their sections' ``permalinks``, else
    Hugo's own (``uglyURLs`` for files), under the default language's
    folder when it has one."""
    data, where = config.data, config.where
    permalinks = _lower_keys(data.get("permalinks") or {})
    if isinstance(permalinks.get("page"), dict):
        permalinks = _lower_keys(permalinks["page"])
    pattern = None
    for section in sections:
        given = _text(permalinks.get(section.lower()))
        if given is not None:
            source = f"{where}: permalinks.{section}"
            pattern = _translate(given, _HUGO_TOKENS, source=source, generator="Hugo")
            _check_pattern(site, pattern, source)
            site.set("permalink", pattern, source)
            break
    if pattern is None:
        if data.get("uglyurls") is True:
            site.set("permalink", "{dir}/{slug}.html", f"{where}: uglyURLs")
        else:
            site.set("permalink", "{dir}/{slug}/", "the Hugo preset")
    if (
        data.get("defaultcontentlanguageinsubdir") is True
        and config.languages is not None
    ):
        # Every page of the default language is under /<language>/.
        site.values["permalink"] = f"{config.default}/" + str(site.values["permalink"])
        site.sources["permalink"] = f"{where}: defaultContentLanguageInSubdir"


def _other_language_folders(
    languages: Mapping[str, Any], default: str, content: str
) -> list[str]:
    """Globs of the other languages' contentDir folders inside ``content``
    (``content/fr`` when the default language's pages are all of
    ``content``): their pages are in those languages' own feeds."""
    globs: list[str] = []
    for code, values in languages.items():
        if str(code).lower() == default or not isinstance(values, dict):
            continue
        folder = _text(_lower_keys(values).get("contentdir"))
        if folder is None:
            continue
        inside = Path(folder.strip("/"))
        if inside.is_relative_to(content) and inside != Path(content):
            globs.append(f"{inside.relative_to(content).as_posix()}/**")
    return globs


def _is_docsy(data: Mapping[str, Any]) -> bool:
    """Whether the site is made with the Docsy theme (as a theme or a module)."""
    theme = data.get("theme")
    themes = theme if isinstance(theme, list) else [theme]
    module = data.get("module")
    imports = module.get("imports") if isinstance(module, dict) else None
    for entry in imports if isinstance(imports, list) else ():
        themes.append(entry.get("path") if isinstance(entry, dict) else entry)
    return any(isinstance(name, str) and "docsy" in name.lower() for name in themes)


def _largest_section(content: Path, skipped: frozenset[str] = frozenset()) -> list[str]:
    """The folder under ``content`` with the most pages (Hugo's main section),
    of those not ``skipped``."""
    return list(seen.largest_section(content, skipped))


_POST_WORDS: Final = frozenset({"posts", "post", "blog"})


# --- Zola -----------------------------------------------------------------


def _zola(site: GeneratorSite, root: Path) -> None:
    data = _read_data(root / site.config) if site.config else {}
    where = site.config or "config.toml"
    site.set("title", _text(data.get("title")), f"{where}: title")
    site.set("description", _text(data.get("description")), f"{where}: description")
    # Zola's config may leave both out: the root section then names the blog.
    section = _zola_root_section(root)
    for key in ("title", "description"):
        if key not in site.values:
            site.set(key, _text(section.get(key)), f"content/_index.md: {key}")
    base = _text(data.get("base_url"))
    if base is not None and base.startswith(("http://", "https://")):
        site.set("base_url", base, f"{where}: base_url")
    else:
        site.hints["base_url"] = f"{where} has no absolute base_url; give --base-url"
    site.set("language", _text(data.get("default_language")), f"{where}: language")
    site.set("author", _person(data.get("author")), f"{where}: author")
    languages = data.get("languages")
    default = (_text(data.get("default_language")) or "en").lower()
    if isinstance(languages, dict):
        # The root feed holds the default language's pages; post.es.md is
        # in /es/atom.xml.
        others = sorted(str(k).lower() for k in languages if str(k).lower() != default)
        excluded = [f"**/*.{code}.{ext}" for code in others for ext in MARKDOWN]
        if excluded:
            site.set("exclude", excluded, f"{where}: languages")
    site.set("content_dir", "content", "the Zola preset")
    site.set("static_dir", "static", "the Zola preset")
    _output(site, _text(data.get("output_dir")), "public", f"{where}: output_dir")
    site.set("permalink", "{dir}/{slug}/", "the Zola preset")


def _zola_root_section(root: Path) -> dict[str, Any]:
    """The TOML front matter of ``content/_index.md``, or nothing."""
    import tomllib

    text = _read_text(root / "content" / "_index.md")
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].rstrip() != "+++":
        return {}
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.rstrip() == "+++")
        return tomllib.loads("\n".join(lines[1:end]))
    except (StopIteration, tomllib.TOMLDecodeError):
        return {}


# --- Astro ----------------------------------------------------------------


def _astro(site: GeneratorSite, root: Path) -> None:
    where = site.config or "astro.config.mjs"
    text = _read_text(root / site.config) if site.config else ""
    base = _literal(text, "site")
    if base is not None and base.startswith(("http://", "https://")):
        site.set("base_url", base, f"{where}: site")
    else:
        site.hints["base_url"] = (
            f"{where} gives no literal site: 'https://…' URL; give --base-url"
        )
    for consts in ("src/consts.ts", "src/consts.js"):
        code = _read_text(root / consts)
        site.set("title", _literal(code, "SITE_TITLE"), f"{consts}: SITE_TITLE")
        site.set(
            "description",
            _literal(code, "SITE_DESCRIPTION"),
            f"{consts}: SITE_DESCRIPTION",
        )
    if "title" not in site.values:
        site.hints["title"] = f"{where} is JavaScript; give --title"
    collections = root / "src" / "content"
    folder = "blog"
    if not seen.is_dir(collections / folder):
        found = [name for name in seen.folders(collections) if name in _POST_WORDS]
        folder = found[0] if found else folder
    site.set("content_dir", f"src/content/{folder}", "the Astro preset")
    # The blog starter's collection: glob({ pattern: '**/*.{md,mdx}' }).
    site.set(
        "include", [f"**/*.{ext}" for ext in (*MARKDOWN, "mdx")], "the Astro preset"
    )
    site.set("static_dir", "public", "the Astro preset")
    _output(site, _literal(text, "outDir"), "dist", f"{where}: outDir")
    # The blog starter's route: src/pages/blog/[...slug].astro, /blog/<id>/.
    site.set("permalink", f"{folder}/{{path}}/", "the Astro preset")


# --- Eleventy -------------------------------------------------------------


def _eleventy(site: GeneratorSite, root: Path) -> None:
    where = site.config or "eleventy.config.js"
    code = _read_text(root / site.config) if site.config else ""
    input_dir = (_literal(code, "input") or ".").strip("/") or "."
    if input_dir.startswith("./"):
        input_dir = input_dir[2:] or "."
    metadata, metadata_source = _eleventy_metadata(root, input_dir, code)
    base = _text(metadata.get("url")) or _literal(code, "base")
    if base is not None and base.startswith(("http://", "https://")):
        site.set("base_url", base, f"{metadata_source or where}: url")
    else:
        site.hints["base_url"] = (
            f"{where} and _data/metadata give no literal site URL; give --base-url"
        )
    site.set("title", _text(metadata.get("title")), f"{metadata_source}: title")
    if "title" not in site.values:
        site.hints["title"] = f"{where} is JavaScript; give --title"
    site.set(
        "description",
        _text(metadata.get("description")),
        f"{metadata_source}: description",
    )
    site.set(
        "language", _text(metadata.get("language")), f"{metadata_source}: language"
    )
    posts = next(
        (
            name
            for name in ("blog", "posts", "post")
            if seen.is_dir(root / input_dir / name)
        ),
        "posts",
    )
    site.set("content_dir", input_dir, "the Eleventy preset")
    _output(site, _literal(code, "output"), "_site", f"{where}: output")
    site.set("include", _markdown_globs(posts), "the Eleventy preset")
    site.set("permalink", "{path}/", "the Eleventy preset")
    _eleventy_permalink(site, root, input_dir, posts)


def _eleventy_metadata(
    root: Path, input_dir: str, code: str
) -> tuple[dict[str, Any], str]:
    """The site's ``metadata`` global data (the base blog's title, URL,
    language and description), and the file it is in; nothing, and "",
    when there is none."""
    data_dirs = ["_data", f"{input_dir}/_data"]
    literal_data = _literal(code, "data")
    if literal_data is not None:
        data_dirs.insert(0, str(Path(input_dir) / literal_data))
    for folder in data_dirs:
        path = root / folder / "metadata.json"
        if seen.is_file(path):
            return _read_data(path), f"{folder}/metadata.json"
        script = root / folder / "metadata.js"
        if seen.is_file(script):
            text = _read_text(script)
            metadata = {
                key: _literal(text, key)
                for key in ("title", "url", "language", "description")
            }
            return metadata, f"{folder}/metadata.js"
    return {}, ""


def _eleventy_permalink(
    site: GeneratorSite, root: Path, input_dir: str, posts: str
) -> None:
    """The URL rule a directory data file gives the posts, where summitfeed
    can fill its template (else a warning, and the posts' paths)."""
    found = _eleventy_folder_permalink(root, input_dir, posts)
    if found is None:
        return
    template, data_file = found
    pattern = _eleventy_pattern(template)
    if pattern is None:
        site.warnings.append(
            f"{data_file}: permalink: {template!r} is a template summitfeed "
            "cannot fill (it fills {{ page.fileSlug }}, "
            "{{ page.filePathStem }} and {{ title | slugify }}); the posts' "
            "URLs are made from their paths (set permalink in summitfeed.toml)"
        )
    else:
        _check_pattern(site, pattern, f"{data_file}: permalink")
        site.set("permalink", pattern, f"{data_file}: permalink")


def _eleventy_folder_permalink(
    root: Path, input_dir: str, posts: str
) -> tuple[str, str] | None:
    """The ``permalink`` a directory data file gives the posts' folder, and
    that file; the folder's own file wins over its parents' (Eleventy's data
    cascade), and in one folder ``.11tydata.js`` over ``.11tydata.json``
    over ``.json``."""
    folder = Path(posts)
    for current in (folder, *folder.parents):
        if not current.name:
            break
        for suffix in (".11tydata.js", ".11tydata.cjs", ".11tydata.json", ".json"):
            relative = Path(input_dir) / current / f"{current.name}{suffix}"
            path = root / relative
            if not seen.is_file(path):
                continue
            if suffix.endswith("js"):
                value: object = _literal(_read_text(path), "permalink")
            else:
                try:
                    value = _read_data(path).get("permalink")
                except ConfigError:
                    value = None  # (Eleventy itself would refuse the file)
            if isinstance(value, str) and value.strip():
                return value.strip(), relative.as_posix()
    return None


_ELEVENTY_EXPRESSION: Final = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")
# The values of a permalink template summitfeed fills, as tokens.
_ELEVENTY_VALUES: Final = {
    "page.fileSlug": "{file_slug}",
    "page.fileSlug|slugify": "{file_slug}",
    "page.fileSlug|slug": "{file_slug}",
    "page.filePathStem": "/{path}",
    "title|slugify": "{title}",
    "title|slug": "{title}",
}


def _eleventy_pattern(template: str) -> str | None:
    """An Eleventy permalink template (Liquid or Nunjucks) as a pattern, or
    None when it uses more than the values summitfeed knows."""
    if "{%" in template:
        return None
    out: list[str] = []
    position = 0
    for match in _ELEVENTY_EXPRESSION.finditer(template):
        expression = re.sub(r"\s*\|\s*", "|", match.group(1))
        token = _ELEVENTY_VALUES.get(expression)
        if token is None:
            return None
        literal = template[position : match.start()]
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        out.append(token)
        position = match.end()
    rest = template[position:]
    if "{" in rest or "}" in rest:
        return None
    out.append(rest)
    return "".join(out)


# --- MkDocs Material ------------------------------------------------------

_BABEL_FIELDS: Final = re.compile(r"yyyy|yy|MM|M|dd|d|'[^']*'|[A-Za-z]+")
_BABEL_TOKENS: Final = {
    "yyyy": "{year}",
    "yy": "{short_year}",
    "MM": "{month}",
    "M": "{i_month}",
    "dd": "{day}",
    "d": "{i_day}",
}


def _babel_pattern(date_format: str, *, source: str) -> str:
    """A Babel date format (``yyyy/MM/dd``) as tokens."""

    def one(match: re.Match[str]) -> str:
        text = match.group()
        if text in _BABEL_TOKENS:
            return _BABEL_TOKENS[text]
        if text.startswith("'"):
            return text[1:-1]
        raise ConfigError(
            f"{source}: {date_format!r}: {text!r} is not a date field summitfeed "
            "can follow (it follows yyyy, yy, MM, M, dd, d); set permalink in "
            "summitfeed.toml"
        )

    return _BABEL_FIELDS.sub(one, date_format)


def _material(site: GeneratorSite, root: Path) -> None:
    data = _read_data(root / site.config) if site.config else {}
    where = site.config or "mkdocs.yml"
    site.set("title", _text(data.get("site_name")), f"{where}: site_name")
    site.set(
        "description", _text(data.get("site_description")), f"{where}: site_description"
    )
    base = _text(data.get("site_url"))
    if base is not None and base.startswith(("http://", "https://")):
        site.set("base_url", base, f"{where}: site_url")
    else:
        site.hints["base_url"] = f"{where} has no site_url; give --base-url"
    theme = data.get("theme")
    if isinstance(theme, dict):
        site.set("language", _text(theme.get("language")), f"{where}: theme.language")
    site.set("author", _person(data.get("site_author")), f"{where}: site_author")
    docs = (_text(data.get("docs_dir")) or "docs").strip("/")
    blog: dict[str, Any] = {}
    for plugin in data.get("plugins") or ():
        if isinstance(plugin, dict):
            for name, options in plugin.items():
                if name in ("blog", "material/blog") and isinstance(options, dict):
                    blog = options
    blog_dir = (_text(blog.get("blog_dir")) or "blog").strip("/")
    blog_dir = "" if blog_dir == "." else blog_dir
    post_dir = _text(blog.get("post_dir")) or "{blog}/posts"
    post_dir = post_dir.replace("{blog}", blog_dir).strip("/")
    url_format = _text(blog.get("post_url_format")) or "{date}/{slug}"
    date_format = _text(blog.get("post_url_date_format")) or "yyyy/MM/dd"
    source = f"{where}: post_url_format"
    date = _babel_pattern(date_format, source=f"{where}: post_url_date_format")
    pattern = (
        url_format.replace("{date}", date)
        .replace("{slug}", "{slug_or_title}")
        .replace("{file}", "{filename}")
    )
    ending = "/" if data.get("use_directory_urls", True) is not False else ".html"
    pattern = (f"{blog_dir}/" if blog_dir else "") + pattern + ending
    _check_pattern(site, pattern, source)
    authors_file = _text(blog.get("authors_file")) or "{blog}/.authors.yml"
    authors_path = Path(docs) / authors_file.replace("{blog}", blog_dir or ".")
    site.author_ids = _material_authors(root / authors_path, str(authors_path))
    site.set("content_dir", docs, "the MkDocs Material preset")
    _output(site, _text(data.get("site_dir")), "site", f"{where}: site_dir")
    site.set("include", _markdown_globs(post_dir), "the MkDocs Material preset")
    site.set(
        "permalink",
        pattern,
        source if "post_url_format" in blog else ("the MkDocs Material preset"),
    )


def _material_authors(path: Path, shown: str) -> dict[str, Person]:
    """The blog's authors by id, from its ``.authors.yml``."""
    if not seen.is_file(path):
        return {}
    data = _read_data(path)
    found: dict[str, Person] = {}
    authors = data.get("authors")
    if not isinstance(authors, dict):
        return found
    for key, entry in authors.items():
        if isinstance(entry, dict) and _text(entry.get("name")):
            url = _text(entry.get("url"))
            email = _text(entry.get("email"))
            found[str(key)] = Person(str(entry["name"]).strip(), email=email, url=url)
    return found


_READERS: Final[Mapping[str, Callable[[GeneratorSite, Path], None]]] = {
    "jekyll": _jekyll,
    "hugo": _hugo,
    "zola": _zola,
    "astro": _astro,
    "eleventy": _eleventy,
    "mkdocs-material": _material,
}

_CONFIGS: Final[Mapping[str, tuple[str, ...]]] = {
    "jekyll": _JEKYLL_CONFIGS,
    "hugo": (*_HUGO_CONFIGS, *_HUGO_OR_ZOLA, *_HUGO_OLD),
    "zola": _HUGO_OR_ZOLA,
    "astro": _ASTRO_CONFIGS,
    "eleventy": _ELEVENTY_CONFIGS,
    "mkdocs-material": _MKDOCS_CONFIGS,
}
