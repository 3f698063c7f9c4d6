"""Shared helpers: small sites written into ``tmp_path``, and readers of our output.

Articles are written in the shape of the reference article: single-quoted YAML
strings (``''`` escapes), camelCase ``heroImage``, ``read_time: '8 mins'`` and a
date-only ``publish_date``. Expected values in the tests are written by reading
these inputs, never copied from our output.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import settings
from lxml import etree

import summitfeed
from summitfeed import BuildReport, Site
from summitfeed._read.frontmatter import parse_front_matter
from summitfeed._read.normalize import Normalized, normalize_article
from tests.jsonfeed_rules import jsonfeed_rule_violations

# CI runs every property test on the same examples (a red run must be one a
# developer can repeat); elsewhere each run explores new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
DEMO_CONTENT = ROOT / "content"
DEMO_CONFIG = ROOT / "summitfeed.toml"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "jsonfeed-1.1.schema.json"

UTC = dt.UTC
NOW = dt.datetime(2026, 1, 1, tzinfo=UTC)
NOW_TEXT = "2026-01-01T00:00:00Z"

BASE_URL = "https://trails.example.org/"

DEFAULT_BODY = (
    "The ridge path leaves the village behind the chapel and climbs through larch "
    "woods to the first viewpoint.\n\n"
    "Above the tree line the trail turns to scree, and the markers are painted on "
    "boulders every few dozen metres.\n"
)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# --- writing articles ---------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    """A YAML scalar written as is, unquoted (``2025-02-13``, ``8``, ``null``)."""

    text: str


def quoted(text: str) -> str:
    """A single-quoted YAML string, ``'`` written as ``''``."""
    return "'" + text.replace("'", "''") + "'"


def _scalar(value: object) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return quoted(value)
    raise TypeError(f"no YAML form for {value!r}")


def _yaml_lines(key: str, value: object, indent: str) -> list[str]:
    if isinstance(value, Mapping):
        lines = [f"{indent}{key}:"]
        for sub_key, sub_value in value.items():
            lines.extend(_yaml_lines(sub_key, sub_value, indent + "  "))
        return lines
    if isinstance(value, list | tuple):
        lines = [f"{indent}{key}:"]
        for entry in value:
            if isinstance(entry, Mapping):
                first = True
                for sub_key, sub_value in entry.items():
                    prefix = indent + ("  - " if first else "    ")
                    lines.append(f"{prefix}{sub_key}: {_scalar(sub_value)}")
                    first = False
            else:
                lines.append(f"{indent}  - {_scalar(entry)}")
        return lines
    return [f"{indent}{key}: {_scalar(value)}"]


def yaml_front_matter(fields: Mapping[str, object]) -> str:
    """``---`` + one line per field in the reference style + ``---``."""
    lines = ["---"]
    for key, value in fields.items():
        lines.extend(_yaml_lines(key, value, ""))
    lines.append("---")
    return "\n".join(lines) + "\n"


def article_text(fields: Mapping[str, object], body: str = DEFAULT_BODY) -> str:
    return yaml_front_matter(fields) + "\n" + body


def write_article(
    folder: Path,
    name: str,
    fields: Mapping[str, object] | None = None,
    body: str = DEFAULT_BODY,
    *,
    text: str | None = None,
) -> Path:
    """Write ``folder/name`` from ``fields`` (YAML) or a whole ``text``."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    content = text if text is not None else article_text(fields or {}, body)
    path.write_text(content, encoding="utf-8", newline="")
    return path


def basic_fields(title: str, publish_date: str, /, **more: object) -> dict[str, object]:
    """A minimal reference-shaped header; ``more`` adds or replaces keys."""
    fields: dict[str, object] = {
        "title": title,
        "description": f"Notes about {title.lower()}.",
        "author": "Mara Keller",
        "read_time": "3 mins",
        "publish_date": publish_date,
        "created_date": publish_date,
    }
    fields.update(more)
    return {k: v for k, v in fields.items() if v is not None}


def make_site(**overrides: Any) -> Site:
    values: dict[str, Any] = {
        "title": "Trail Log",
        "base_url": BASE_URL,
        "timezone": "Europe/Zurich",
        "description": "Walks and climbs in the Alps.",
    }
    values.update(overrides)
    return Site(**values)


def normalize(
    text: str, *, site: Site | None = None, path: str = "content/a-walk.md"
) -> Normalized:
    """Read an article's text as the build would (without touching the disk)."""
    raw = parse_front_matter(text, path=path)
    return normalize_article(raw, site=site or make_site())


def load(
    fields: Mapping[str, object],
    *,
    site: Site | None = None,
    path: str = "content/a-walk.md",
    body: str = DEFAULT_BODY,
) -> summitfeed.Article:
    return normalize(article_text(fields, body), site=site, path=path).article


def build_to(
    content: Path,
    out: Path,
    *,
    site: Site | None = None,
    now: dt.datetime = NOW,
    **options: Any,
) -> BuildReport:
    # No cache unless asked for: its folder is relative to the working folder.
    options.setdefault("use_cache", False)
    return summitfeed.build(content, out, site=site or make_site(), now=now, **options)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative POSIX path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# --- reading our output with real consumers --------------------------------------


def parse_xml(data: bytes) -> Any:
    """Parse with lxml's strict (non-recovering) parser: raises if not well-formed."""
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    return etree.fromstring(data, parser)


def _rfc3339(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", value
    ):
        return False
    try:
        dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme)) and not any(
        char.isspace() or ord(char) > 126 for char in value
    )


def format_checker() -> jsonschema.FormatChecker:
    """jsonschema's FormatChecker, with date-time and uri checks when its optional
    packages for them are not installed (it would skip those formats silently)."""
    checker = jsonschema.FormatChecker()
    if "date-time" not in checker.checkers:
        checker.checks("date-time")(_rfc3339)
    if "uri" not in checker.checkers:
        checker.checks("uri")(_uri)
    return checker


def json_feed_problems(data: bytes) -> list[str]:
    """Schema errors and JSON Feed 1.1 rule violations of a JSON Feed document."""
    document = json.loads(data.decode("utf-8"))
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=format_checker())
    problems = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(document)
    ]
    return problems + jsonfeed_rule_violations(document)


# --- a sample site: every value form, expectations written from the front matter ---


@dataclass(frozen=True)
class Expected:
    """What the feeds must say about one sample article, read off its front matter."""

    file: str
    title: str
    url: str
    id: str
    authors: tuple[str, ...]
    published: dt.datetime
    updated: dt.datetime
    summary: str
    hero_url: str
    hero_type: str | None
    hero_length: int | None = None
    hero_alt: str | None = None
    tags: tuple[str, ...] = ()
    emails: tuple[str, ...] = field(default=())
    atom_id: str | None = None  # when the id is not an absolute URI


SAMPLE_SITE_AUTHOR = "Trail Log Desk"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 120  # 128 bytes; only the length matters

SAMPLE_FILES: dict[str, str] = {
    # 1. YAML, reference shape, absolute hero, plain author.
    "larch-gold-above-zinal.md": article_text(
        {
            "title": "Larch Gold Above Zinal",
            "subtitle": "An October loop when the slopes turn yellow",
            "description": (
                "A half-day circuit through larch forest with a view of five "
                "four-thousanders."
            ),
            "author": "Mara Keller",
            "read_time": "5 mins",
            "publish_date": "2025-10-14",
            "created_date": "2025-10-10",
            "heroImage": "https://cdn.trails.example.org/zinal/larches.jpg",
            "tags": ["autumn", "Valais", "loop walk"],
            "cta": "Tell us your favourite **autumn** loop.",
        },
        "The loop starts at the cable car station.\n\nIt ends at the bakery.\n",
    ),
    # 2. YAML, same day as 1 but later in the day; site-relative local hero.
    "pass-crossing-at-noon.md": article_text(
        {
            "title": "Crossing the Pass at Noon",
            "description": "Why the midday crossing was the right call on a windy day.",
            "author": "Nils Brunner <nils@trails.example.org>",
            "read_time": "4 mins",
            "publish_date": "2025-10-14T12:00:00+02:00",
            "heroImage": "/media/pass.png",
            "tags": "wind, passes, Valais",
        },
    ),
    # 3. YAML, list of authors (text and mapping), article-relative hero with alt.
    "glacier-tongue-walk.md": article_text(
        {
            "title": "A Walk to the Glacier Tongue",
            "description": "Following the moraine to where the ice now ends.",
            "author": [
                "Mara Keller",
                {"name": "Ilse Vogt", "url": "https://ilse.example.org/"},
            ],
            "read_time": "6 mins",
            "publish_date": "Sat, 04 Oct 2025 08:15:00 +0200",
            "updated_date": "2025-10-06T09:00:00Z",
            "heroImage": {
                "src": "photos/ice-edge.webp",
                "alt": "Grey ice above a field of rubble",
            },
            "categories": ["glaciers", "Valais"],
        },
    ),
    # 4. TOML, custom id (not a URL), month-name date.
    "notes/hut-supper.md": (
        "+++\n"
        "title = 'Supper at the Hut'\n"
        "description = 'What a half-board evening at a high hut looks like.'\n"
        "author = 'Ilse Vogt'\n"
        "read_time = '2 mins'\n"
        "publish_date = 'Sep 20, 2025'\n"
        "id = 'hut-supper-2025'\n"
        "heroImage = 'https://cdn.trails.example.org/huts/supper.jpeg'\n"
        "tags = ['huts']\n"
        "+++\n\n"
        "Soup, then pasta, then a dessert nobody has room for.\n"
    ),
    # 5. JSON, mapping author with e-mail, no description (summary from the body),
    #    no author key handled elsewhere; hero mapping with url and explicit type.
    "notes/scree-technique.md": json.dumps(
        {
            "title": "Scree Technique for Beginners",
            "author": {"name": "Nils Brunner", "email": "nils@trails.example.org"},
            "read_time": "3 mins",
            "publish_date": "2025-08-31T18:30:00Z",
            "heroImage": {
                "url": "https://cdn.trails.example.org/scree/slope?w=1200",
                "type": "image/jpeg",
                "alt": "Loose stones on a steep slope",
            },
            "tags": ["technique"],
        },
        indent=2,
    )
    + "\n\nShort steps and soft knees keep you upright on loose ground.\n\n"
    "Lean slightly forward and let the stones settle.\n",
    # 6. YAML without author (site author), date taken from the file name.
    "2025-07-01-summer-opening.md": article_text(
        {
            "title": "Summer Opening of the High Trails",
            "description": "Most high passes are now free of snow.",
            "read_time": "1 min",
            "heroImage": "https://cdn.trails.example.org/news/opening.gif",
        },
    ),
    # Left out: a draft, a future article and one with feed: false.
    "draft-ridge.md": article_text(
        basic_fields("Ridge Draft", "2025-09-01", draft=True)
    ),
    "future-traverse.md": article_text(basic_fields("Future Traverse", "2027-05-01")),
    "members-only.md": article_text(
        basic_fields("Members Only", "2025-09-02", feed=False)
    ),
}

SAMPLE_EXPECTED: tuple[Expected, ...] = (
    # newest first
    Expected(
        file="pass-crossing-at-noon.md",
        title="Crossing the Pass at Noon",
        url=BASE_URL + "pass-crossing-at-noon/",
        id=BASE_URL + "pass-crossing-at-noon/",
        authors=("Nils Brunner",),
        emails=("nils@trails.example.org",),
        published=utc(2025, 10, 14, 10),
        updated=utc(2025, 10, 14, 10),
        summary="Why the midday crossing was the right call on a windy day.",
        hero_url=BASE_URL + "media/pass.png",
        hero_type="image/png",
        hero_length=len(PNG_BYTES),
        tags=("wind", "passes", "Valais"),
    ),
    Expected(
        file="larch-gold-above-zinal.md",
        title="Larch Gold Above Zinal",
        url=BASE_URL + "larch-gold-above-zinal/",
        id=BASE_URL + "larch-gold-above-zinal/",
        authors=("Mara Keller",),
        # 2025-10-14 00:00 in Zurich (summer time, UTC+2)
        published=utc(2025, 10, 13, 22),
        updated=utc(2025, 10, 13, 22),
        summary=(
            "A half-day circuit through larch forest with a view of five "
            "four-thousanders."
        ),
        hero_url="https://cdn.trails.example.org/zinal/larches.jpg",
        hero_type="image/jpeg",
        tags=("autumn", "Valais", "loop walk"),
    ),
    Expected(
        file="glacier-tongue-walk.md",
        title="A Walk to the Glacier Tongue",
        url=BASE_URL + "glacier-tongue-walk/",
        id=BASE_URL + "glacier-tongue-walk/",
        authors=("Mara Keller", "Ilse Vogt"),
        published=utc(2025, 10, 4, 6, 15),
        updated=utc(2025, 10, 6, 9),
        summary="Following the moraine to where the ice now ends.",
        hero_url=BASE_URL + "glacier-tongue-walk/photos/ice-edge.webp",
        hero_type="image/webp",
        hero_alt="Grey ice above a field of rubble",
        tags=("glaciers", "Valais"),
    ),
    Expected(
        file="notes/hut-supper.md",
        title="Supper at the Hut",
        url=BASE_URL + "hut-supper/",
        id="hut-supper-2025",
        atom_id="tag:trails.example.org,2025-09-19:hut-supper-2025",
        authors=("Ilse Vogt",),
        published=utc(2025, 9, 19, 22),
        updated=utc(2025, 9, 19, 22),
        summary="What a half-board evening at a high hut looks like.",
        hero_url="https://cdn.trails.example.org/huts/supper.jpeg",
        hero_type="image/jpeg",
        tags=("huts",),
    ),
    Expected(
        file="notes/scree-technique.md",
        title="Scree Technique for Beginners",
        url=BASE_URL + "scree-technique/",
        id=BASE_URL + "scree-technique/",
        authors=("Nils Brunner",),
        emails=("nils@trails.example.org",),
        published=utc(2025, 8, 31, 18, 30),
        updated=utc(2025, 8, 31, 18, 30),
        summary="Short steps and soft knees keep you upright on loose ground.",
        hero_url="https://cdn.trails.example.org/scree/slope?w=1200",
        hero_type="image/jpeg",
        hero_alt="Loose stones on a steep slope",
        tags=("technique",),
    ),
    Expected(
        file="2025-07-01-summer-opening.md",
        title="Summer Opening of the High Trails",
        url=BASE_URL + "summer-opening/",
        id=BASE_URL + "summer-opening/",
        authors=(SAMPLE_SITE_AUTHOR,),
        published=utc(2025, 6, 30, 22),
        updated=utc(2025, 6, 30, 22),
        summary="Most high passes are now free of snow.",
        hero_url="https://cdn.trails.example.org/news/opening.gif",
        hero_type="image/gif",
    ),
)


def sample_site(**overrides: Any) -> Site:
    return make_site(author=(summitfeed.Person(SAMPLE_SITE_AUTHOR),), **overrides)


def write_sample_site(root: Path) -> Path:
    """The sample articles under ``root/content`` (with the local hero image)."""
    content = root / "content"
    for name, text in SAMPLE_FILES.items():
        write_article(content, name, text=text)
    (content / "media").mkdir(parents=True, exist_ok=True)
    (content / "media" / "pass.png").write_bytes(PNG_BYTES)
    return content


@dataclass(frozen=True)
class Built:
    content: Path
    out: Path
    report: BuildReport
    files: dict[str, bytes]


@pytest.fixture
def sample(tmp_path: Path) -> Built:
    content = write_sample_site(tmp_path)
    out = tmp_path / "public"
    report = build_to(content, out, site=sample_site())
    return Built(content, out, report, snapshot(out))


def copy_demo(target: Path) -> Path:
    """A copy of the demo site (content and settings) in ``target``."""
    shutil.copytree(DEMO_CONTENT, target / "content")
    shutil.copy2(DEMO_CONFIG, target / "summitfeed.toml")
    return target


@pytest.fixture
def demo_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo site, as the working folder."""
    site_dir = copy_demo(tmp_path / "demo")
    monkeypatch.chdir(site_dir)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return site_dir


def build_demo_cli(site_dir: Path, *extra: str) -> dict[str, bytes]:
    """``summitfeed build --now NOW`` in ``site_dir`` (the working folder)."""
    from summitfeed._cli.main import main

    assert Path.cwd() == site_dir
    status = main(["build", "--now", NOW_TEXT, "--quiet", *extra])
    assert status == 0
    return snapshot(site_dir / "public")


def read_store(path: Path) -> Any:
    """The plain values of a cache store (behind its seal and checksum)."""
    import marshal

    from summitfeed._incremental.store import SEAL

    data = path.read_bytes()
    assert data.startswith(SEAL)
    return marshal.loads(data[len(SEAL) + 32 :])


def choose_mode(patch: pytest.MonkeyPatch, **changes: Any) -> None:
    """Make the builds that follow take another way: the build policy's own
    decision (summitfeed._incremental.policy.decide) with ``changes``."""
    import dataclasses

    from summitfeed._incremental import policy

    decide = policy.decide

    def decided(site: Any, **given: Any) -> Any:
        return dataclasses.replace(decide(site, **given), **changes)

    patch.setattr(policy, "decide", decided)
