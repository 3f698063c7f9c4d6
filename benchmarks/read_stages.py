"""Where reading and checking one article goes: µs per stage, per article.

Usage: python benchmarks/read_stages.py SITE [--rounds 9]

SITE is a folder written by make_site.py (its site.json lists up to 300
files of each front-matter style). Each stage of a cold build's read runs on
its own over every listed file, in rounds; the best round gives µs per
article. The last row is the whole check (parse_article_bytes) as a build
runs it, one file after the other: more than the sum of its stages, as each
file then runs every stage's code in turn (the processor's caches hold less
of it).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from summitfeed import Site
from summitfeed._fs import file_digest, read_article_file
from summitfeed._read import frontmatter
from summitfeed._read.files import parse_article_bytes
from summitfeed._read.normalize import normalize_article
from summitfeed._templates import has_template_syntax


def stages(site_dir: Path) -> tuple[dict[str, Callable[[], object]], int]:
    """Each stage, as a function that runs it over every listed file, and
    how many files are listed."""
    content = site_dir / "content"
    listed = json.loads((site_dir / "site.json").read_text())["style_samples"]
    names = [name for files in listed.values() for name in files]
    paths = [str(content / name) for name in names]
    datas = [Path(path).read_bytes() for path in paths]
    texts = [frontmatter.decode_article(data, path="x") for data in datas]
    parts = [frontmatter.split_front_matter(text, path="x") for text in texts]
    raws = [frontmatter.parse_front_matter(text, path="x") for text in texts]
    site = Site(title="Summit Bench", base_url="https://bench.example.org/")
    zone = ZoneInfo(site.timezone)

    def fields(fmt: str, block: str) -> object:
        """The fields of a block, as parse_front_matter reads them."""
        if fmt == "yaml":
            return frontmatter.read_simple_yaml(block, first_line=2)
        return frontmatter._load_toml(block, path="x")

    def body_limits(body: str, line: int) -> bool:
        frontmatter.check_body(body, path="x", first_line=line)
        return True

    return {
        "file read (open, fstat, read)": lambda: [
            read_article_file(path, str(content)) for path in paths
        ],
        "hashing (SHA-256)": lambda: [file_digest(data) for data in datas],
        "decoding": lambda: [
            frontmatter.decode_article(data, path="x") for data in datas
        ],
        "front-matter split": lambda: [
            frontmatter.split_front_matter(text, path="x") for text in texts
        ],
        "YAML / TOML fields": lambda: [
            fields(fmt, block) for fmt, block, _, _ in parts
        ],
        "body limits": lambda: [body_limits(body, line) for _, _, body, line in parts],
        "field checks and Article": lambda: [
            normalize_article(raw, site=site, tz=zone) for raw in raws
        ],
        "template syntax test": lambda: [
            has_template_syntax(body) for _, _, body, _ in parts
        ],
        "parse_article_bytes (all but read and hash)": lambda: [
            parse_article_bytes(data, display=name, site=site, probe=None)
            for data, name in zip(datas, names, strict=True)
        ],
    }, len(names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args(argv)
    runs, count = stages(args.site)
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(args.rounds):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - start)
    print(f"{count} articles; µs per article, best of {args.rounds} rounds")
    for name, seconds in best.items():
        print(f"  {name:<46} {seconds / count * 1e6:6.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
