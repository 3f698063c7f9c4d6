"""Generate a seeded synthetic site of Markdown articles for the benchmarks.

Usage: python benchmarks/make_site.py N OUTDIR [--seed 1]

Writes OUTDIR/content/YYYY/MM/*.md (N articles with the reference front-matter
shape and Markdown bodies of about 5 KB), OUTDIR/summitfeed.toml and
OUTDIR/site.json (a manifest with the newest article, used by run.py).
The same N and seed always give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple


def _split(text: str) -> list[str]:
    return text.split()


# Made-up vocabulary: pronounceable, unlikely to collide with real prose.
_SYLLABLES = _split(
    "ka lo ri ven tas mor eli quo dra fen sul pa tor nim ax bel cu dor"
    " est fli gar hov ist jum kel lun mab nor osk pell quin ros sib tum"
    " ulm vor wen xan yel zor bra cle dwi fro gli pro stra thu"
)
_FIRST = _split(
    "Avery Blake Corin Dana Ellis Farah Gideon Hana Ivo Juno Keira Lior"
    " Mara Nilo Orla Pita Quinn Rosa Sami Tove Uma Vito Wren Yara Zane"
)
_LAST = _split(
    "Abernathy Brightwater Castellan Dunmore Everly Fairbank Greystone"
    " Holloway Ingram Jessup Kingsley Lockhart Merriwether Northcott"
    " O'Hara Pemberton Quayle Redfern Sterling Thistlewood"
)
_TAGS = _split(
    "policy research tooling ethics hardware startups open-source security"
    " climate health education robotics markets privacy design"
)

BODY_TARGET = 5000  # bytes of Markdown per article, roughly
DAYS = 3652  # ten years of publish dates
START = dt.date(2016, 1, 1)


def _make_words(rng: random.Random, count: int) -> list[str]:
    words: set[str] = set()
    while len(words) < count:
        n = rng.choice((1, 2, 2, 3, 3, 4))
        words.add("".join(rng.choices(_SYLLABLES, k=n)))
    return sorted(words)


def _sentence(rng: random.Random, words: list[str], lo: int, hi: int) -> str:
    chosen = rng.choices(words, k=rng.randint(lo, hi))
    chosen[0] = chosen[0].capitalize()
    return " ".join(chosen)


def _rich_sentence(rng: random.Random, words: list[str]) -> str:
    """A sentence that may carry emphasis, code or a link."""
    parts = rng.choices(words, k=rng.randint(9, 22))
    parts[0] = parts[0].capitalize()
    roll = rng.random()
    i = rng.randrange(1, len(parts))
    if roll < 0.15:
        parts[i] = f"*{parts[i]}*"
    elif roll < 0.25:
        parts[i] = f"**{parts[i]}**"
    elif roll < 0.32:
        parts[i] = f"`{parts[i]}`"
    elif roll < 0.42:
        parts[i] = f"[{parts[i]}](https://{rng.choice(words)}.example.com/{parts[i]})"
    elif roll < 0.46:
        parts[i] = f"[{parts[i]}](/notes/{rng.choice(words)}/)"
    end = rng.choice((".", ".", ".", ".", "?", "!"))
    return " ".join(parts) + end


class _Pools:
    """Pre-generated sentences so that a 100,000-article site stays fast."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.words = _make_words(rng, 900)
        self.sentences = [_rich_sentence(rng, self.words) for _ in range(30000)]
        self.headings = [_sentence(rng, self.words, 2, 6) for _ in range(3000)]
        self.items = [_sentence(rng, self.words, 3, 10) for _ in range(5000)]
        self.names = [f"{f} {la}" for f in _FIRST for la in _LAST]


def _q(text: str) -> str:
    """A single-quoted YAML scalar, with '' escapes."""
    return "'" + text.replace("'", "''") + "'"


def _dq(text: str) -> str:
    """A double-quoted YAML (or TOML basic) string, with backslash escapes."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _body(rng: random.Random, p: _Pools, n: int) -> str:
    out: list[str] = []
    size = 0
    sentences = p.sentences
    while size < BODY_TARGET:
        roll = rng.random()
        if roll < 0.12:
            block = "## " + rng.choice(p.headings)
        elif roll < 0.20:
            marker = "1." if rng.random() < 0.4 else "-"
            block = "\n".join(
                f"{marker} {it}" for it in rng.choices(p.items, k=rng.randint(3, 6))
            )
        elif roll < 0.23:
            alt = rng.choice(p.headings)
            if rng.random() < 0.5:
                src = f"https://img.example.net/{n % 997}/{rng.randrange(10**6)}.jpg"
            else:
                src = f"/images/{rng.choice(p.words)}-{rng.randrange(1000)}.png"
            block = f"![{alt}]({src})"
        elif roll < 0.25:
            cols = rng.randint(2, 4)
            head = "| " + " | ".join(rng.choices(p.words, k=cols)) + " |"
            rule = "|" + "---|" * cols
            rows = [
                "| "
                + " | ".join(
                    str(rng.randrange(1000)) if c else rng.choice(p.words)
                    for c in range(cols)
                )
                + " |"
                for _ in range(rng.randint(2, 5))
            ]
            block = "\n".join([head, rule, *rows])
        elif roll < 0.27:
            block = "> " + " ".join(rng.choices(sentences, k=rng.randint(1, 3)))
        else:
            block = " ".join(rng.choices(sentences, k=rng.randint(3, 7)))
        out.append(block)
        size += len(block) + 2
    return "\n\n".join(out) + "\n"


class _Common(NamedTuple):
    """What every style writes for one article, drawn in one fixed order."""

    published: dt.date
    created: dt.date
    title: str
    subtitle: str
    description: str
    author: str
    read_time: int
    hero: str
    cta: str
    tags: list[str]
    slug: str


def _draw(rng: random.Random, p: _Pools, n: int) -> tuple[_Common, str]:
    """The article's values and body (the reference shape's order of draws)."""
    published = START + dt.timedelta(days=rng.randrange(DAYS))
    created = published - dt.timedelta(days=rng.choice((0, 0, 0, 1, 2, 5)))
    title = _sentence(rng, p.words, 3, 8)
    if rng.random() < 0.1:
        title = f"{rng.choice(_FIRST)}'s {title[0].lower()}{title[1:]}"
    slug = "-".join(title.lower().replace("'", "").split()[:5]) + f"-{n:06d}"
    body = _body(rng, p, n)
    words = body.count(" ") + 1
    subtitle = _sentence(rng, p.words, 5, 11)
    description = " ".join(rng.choices(p.sentences, k=2))
    author = rng.choice(p.names)
    cta = rng.choice(p.sentences)
    tags: list[str] = []
    if rng.random() < 0.6:
        tags = sorted(set(rng.choices(_TAGS, k=rng.randint(1, 4))))
    common = _Common(
        published,
        created,
        title,
        subtitle,
        description,
        author,
        max(1, round(words / 230)),
        f"https://img.example.net/hero/{slug}.jpg",
        cta,
        tags,
        slug,
    )
    return common, body


def _reference(rng: random.Random, a: _Common) -> list[str]:
    """The reference article's shape: single-quoted values, block lists."""
    lines = [
        "---",
        f"title: {_q(a.title)}",
        f"subtitle: {_q(a.subtitle)}",
        f"description: {_q(a.description)}",
        f"author: {_q(a.author)}",
        f"read_time: '{a.read_time} mins'",
        f"publish_date: '{a.published.isoformat()}'",
        f"created_date: '{a.created.isoformat()}'",
        f"heroImage: '{a.hero}'",
        f"cta: {_q(a.cta)}",
    ]
    if a.tags:
        lines.append("tags:")
        lines.extend(f"  - {_q(t)}" for t in a.tags)
    lines.append("---")
    return lines


def _moment(rng: random.Random, day: dt.date) -> tuple[dt.datetime, str]:
    """A time on ``day`` and a zone written as an offset (``+02:00``)."""
    hours = rng.choice((0, 1, 2, -5, -8, 9))
    zone = dt.timezone(dt.timedelta(hours=hours))
    moment = dt.datetime.combine(day, dt.time(rng.randrange(6, 22), rng.randrange(60)))
    moment = moment.replace(tzinfo=zone)
    return moment, moment.strftime("%z")[:3] + ":" + moment.strftime("%z")[3:]


def _yaml_date(rng: random.Random, day: dt.date) -> str:
    """An unquoted YAML date or timestamp, in the forms generators write."""
    moment, offset = _moment(rng, day)
    form = rng.randrange(5)
    if form == 0:
        return day.isoformat()  # a YAML date
    if form == 1:
        return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if form == 2:
        return moment.strftime("%Y-%m-%d %H:%M:%S ") + offset  # Jekyll, YAML 1.1
    if form == 3:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + offset
    return moment.strftime("%Y-%m-%d %H:%M:%S")  # no zone: the site's


def _plain(rng: random.Random, a: _Common) -> list[str]:
    """Jekyll / Hugo YAML as people type it: unquoted, comments, flow lists."""
    lines = ["---"]
    if rng.random() < 0.5:
        lines.append("# imported from the old site")
    lines += [
        "layout: post",
        f"title: {a.title}",
        f"subtitle: {a.subtitle}",
        f"description: {a.description}",
        f"author: {a.author}",
        f"date: {_yaml_date(rng, a.published)}",
    ]
    if rng.random() < 0.5:
        lines.append(f"read_time: {a.read_time}")
    else:
        lines.append(f"read_time: {a.read_time} mins")
    lines += [
        f"heroImage: {a.hero}",
        f"cta: {a.cta}",
    ]
    if a.tags:
        comment = "  # shown on the archive page" if rng.random() < 0.3 else ""
        lines.append(f"tags: [{', '.join(a.tags)}]{comment}")
    lines += [f"draft: {rng.choice(('false', 'no', 'False'))}", "---"]
    return lines


def _curly(text: str) -> str:
    """Text as editors that write double quotes keep it: typographic apostrophes
    written as YAML escapes, and a quoted word."""
    text = text.replace("'", "\\u2019")
    words = text.split(" ")
    if len(words) > 3:
        words[2] = f'\\"{words[2]}\\"'
    return '"' + " ".join(words) + '"'


def _double(rng: random.Random, a: _Common) -> list[str]:
    """Astro / Eleventy style: double-quoted text with escapes, block lists."""
    title = _curly(a.title) if rng.random() < 0.3 else _dq(a.title)
    lines = [
        "---",
        f"title: {title}",
        f'subtitle: "{a.subtitle} \u2014 {a.author.split()[0]}"',
        f"description: {_dq(a.description)}",
        f"author: {_dq(a.author)}",
        f'pubDate: "{a.published.isoformat()}"',
        f'updatedDate: "{a.published.isoformat()}T12:00:00Z"',
        f'heroImage: "{a.hero}"',
        f'read_time: "{a.read_time} mins"',
        f"cta: {_dq(a.cta)}",
    ]
    if a.tags:
        lines.append("tags:")
        lines.extend(f'  - "{t}"' for t in a.tags)
    lines.append("---")
    return lines


def _nested(rng: random.Random, a: _Common) -> list[str]:
    """Mappings for the author and the image, block or flow."""
    first, _, last = a.author.partition(" ")
    email = f"{first}.{last}@example.org".lower().replace("'", "")
    alt = " ".join(a.subtitle.split()[:4])
    lines = ["---", f"title: {a.title}", f"date: {_yaml_date(rng, a.published)}"]
    if rng.random() < 0.5:
        lines += [
            "author:",
            f"  name: {a.author}",
            f"  email: {email}",
            "image:",
            f"  src: {a.hero}",
            f"  alt: {alt}",
        ]
    else:
        lines += [
            f"author: {{name: {a.author}, email: {email}}}",
            f"image: {{src: {a.hero}, alt: {alt}}}",
        ]
    lines.append(f"description: {_q(a.description)}")
    if a.tags:
        lines.append("categories:")
        lines.extend(f"  - {t}" for t in a.tags[:1])
        lines.append(f"tags: [{', '.join(a.tags[1:])}]")
    lines += [f"cta: {a.cta}", "---"]
    return lines


def _toml(rng: random.Random, a: _Common) -> list[str]:
    """Hugo's TOML between +++ lines: typed dates, arrays."""
    if rng.random() < 0.5:
        date = a.published.isoformat()  # a TOML local date
    else:
        date = _moment(rng, a.published)[0].isoformat()  # an offset date-time
    lines = [
        "+++",
        f"title = {_dq(a.title)}",
        f"date = {date}",
        "draft = false",
        f"author = {_dq(a.author)}",
        f"description = {_dq(a.description)}",
        f'featured_image = "{a.hero}"',
        f'read_time = "{a.read_time} mins"',
    ]
    if a.tags:
        lines.append("tags = [" + ", ".join(f'"{t}"' for t in a.tags) + "]")
    lines += [f"cta = {_dq(a.cta)}", "+++"]
    return lines


_Style = Callable[[random.Random, _Common], list[str]]
STYLES: dict[str, _Style] = {
    "reference": _reference,
    "plain": _plain,
    "double": _double,
    "nested": _nested,
    "toml": _toml,
}
# Articles in each style per twenty, in the default mix (see the README).
MIX: dict[str, int] = {"reference": 4, "plain": 7, "double": 5, "nested": 2, "toml": 2}


def style_cycle(styles: Sequence[str]) -> list[str]:
    """The styles of articles 0, 1, 2, ... in turn, interleaved evenly."""
    weights = {s: MIX[s] for s in styles}
    total = sum(weights.values())
    slots = sorted(((k + 0.5) / w, s) for s, w in weights.items() for k in range(w))
    cycle = [s for _, s in slots]
    assert len(cycle) == total
    return cycle


def _article(
    rng: random.Random, p: _Pools, n: int, style: str
) -> tuple[dt.date, str, str]:
    """Return (publish date, relative path, file text) for article n."""
    common, body = _draw(rng, p, n)
    lines = STYLES[style](rng, common)
    published = common.published
    rel = f"{published.year}/{published.month:02d}/{common.slug}.md"
    return published, rel, "\n".join(lines) + "\n\n" + body


SAMPLE_PER_STYLE = 300  # files per style listed in the manifest, for run.py


def make_site(
    n: int, outdir: Path, seed: int = 1, styles: Sequence[str] = tuple(MIX)
) -> dict[str, object]:
    """Write the site and return its manifest."""
    pools = _Pools(seed)
    rng = random.Random(seed * 7919 + 17)
    cycle = style_cycle(styles)
    content = outdir / "content"
    content.mkdir(parents=True, exist_ok=True)
    made_dirs: set[str] = set()
    newest: tuple[dt.date, str] | None = None
    total = 0
    counts = dict.fromkeys(cycle, 0)
    samples: dict[str, list[str]] = {s: [] for s in counts}
    for i in range(n):
        style = cycle[i % len(cycle)]
        published, rel, text = _article(rng, pools, i, style)
        folder = rel.rsplit("/", 1)[0]
        if folder not in made_dirs:
            (content / folder).mkdir(parents=True, exist_ok=True)
            made_dirs.add(folder)
        data = text.encode("utf-8")
        (content / rel).write_bytes(data)
        total += len(data)
        counts[style] += 1
        if len(samples[style]) < SAMPLE_PER_STYLE:
            samples[style].append(rel)
        if newest is None or (published, rel) > newest:
            newest = (published, rel)
    (outdir / "summitfeed.toml").write_text(
        'title = "Summit Bench"\n'
        'description = "A synthetic site for the summitfeed benchmarks"\n'
        'base_url = "https://bench.example.org/"\n'
        'content_dir = "content"\n'
        'output_dir = "public"\n',
        encoding="utf-8",
    )
    manifest: dict[str, object] = {
        "articles": n,
        "seed": seed,
        "styles": list(styles),
        "bytes": total,
        "newest": newest[1] if newest else None,
        "style_counts": counts,
        "style_samples": samples,
    }
    (outdir / "site.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--styles",
        default=",".join(MIX),
        help="comma-separated front-matter styles, mixed in the default"
        f" proportions (default: all of {', '.join(MIX)}); one name writes a"
        " single-shape corpus, e.g. --styles reference",
    )
    args = ap.parse_args(argv)
    styles = [s for s in args.styles.split(",") if s]
    unknown = [s for s in styles if s not in STYLES]
    if unknown or not styles:
        ap.error(f"unknown style {', '.join(unknown)}; choose from {', '.join(MIX)}")
    manifest = make_site(args.n, args.outdir, args.seed, styles)
    print(
        f"{manifest['articles']} articles, {manifest['bytes']} bytes"
        f" -> {args.outdir / 'content'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
