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
from pathlib import Path


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


def _article(rng: random.Random, p: _Pools, n: int) -> tuple[dt.date, str, str]:
    """Return (publish date, relative path, file text) for article n."""
    published = START + dt.timedelta(days=rng.randrange(DAYS))
    created = published - dt.timedelta(days=rng.choice((0, 0, 0, 1, 2, 5)))
    title = _sentence(rng, p.words, 3, 8)
    if rng.random() < 0.1:
        title = f"{rng.choice(_FIRST)}'s {title[0].lower()}{title[1:]}"
    slug = "-".join(title.lower().replace("'", "").split()[:5]) + f"-{n:06d}"
    body = _body(rng, p, n)
    words = body.count(" ") + 1
    lines = [
        "---",
        f"title: {_q(title)}",
        f"subtitle: {_q(_sentence(rng, p.words, 5, 11))}",
        f"description: {_q(' '.join(rng.choices(p.sentences, k=2)))}",
        f"author: {_q(rng.choice(p.names))}",
        f"read_time: '{max(1, round(words / 230))} mins'",
        f"publish_date: '{published.isoformat()}'",
        f"created_date: '{created.isoformat()}'",
        f"heroImage: 'https://img.example.net/hero/{slug}.jpg'",
        f"cta: {_q(rng.choice(p.sentences))}",
    ]
    if rng.random() < 0.6:
        tags = sorted(set(rng.choices(_TAGS, k=rng.randint(1, 4))))
        lines.append("tags:")
        lines.extend(f"  - {_q(t)}" for t in tags)
    lines.append("---")
    rel = f"{published.year}/{published.month:02d}/{slug}.md"
    return published, rel, "\n".join(lines) + "\n\n" + body


def make_site(n: int, outdir: Path, seed: int = 1) -> dict[str, object]:
    """Write the site and return its manifest."""
    pools = _Pools(seed)
    rng = random.Random(seed * 7919 + 17)
    content = outdir / "content"
    content.mkdir(parents=True, exist_ok=True)
    made_dirs: set[str] = set()
    newest: tuple[dt.date, str] | None = None
    total = 0
    for i in range(n):
        published, rel, text = _article(rng, pools, i)
        folder = rel.rsplit("/", 1)[0]
        if folder not in made_dirs:
            (content / folder).mkdir(parents=True, exist_ok=True)
            made_dirs.add(folder)
        data = text.encode("utf-8")
        (content / rel).write_bytes(data)
        total += len(data)
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
        "bytes": total,
        "newest": newest[1] if newest else None,
    }
    (outdir / "site.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    manifest = make_site(args.n, args.outdir, args.seed)
    print(
        f"{manifest['articles']} articles, {manifest['bytes']} bytes"
        f" -> {args.outdir / 'content'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
