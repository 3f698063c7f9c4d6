"""The obvious feed build, as a baseline for the benchmarks.

It uses python-frontmatter (with tomllib for TOML between ``+++`` lines),
python-dateutil, markdown-it-py and feedgen. It reads the keys the benchmark
corpus writes (see make_site.py: a few spellings of the date and the image,
an author as text or a mapping), as such a script written for one site would.

Usage: python benchmarks/naive_build.py CONTENT OUTDIR [--limit 50]   (0 = all)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import frontmatter
from dateutil import parser as dateparser
from feedgen.feed import FeedGenerator
from frontmatter.default_handlers import YAMLHandler
from markdown_it import MarkdownIt

BASE = "https://bench.example.org/"


class TOMLHandler(YAMLHandler):
    """python-frontmatter's TOML handler, on the standard library's tomllib."""

    FM_BOUNDARY = re.compile(r"^\+{3}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)


HANDLERS = [YAMLHandler(), TOMLHandler()]


def _load(path: Path) -> frontmatter.Post:
    text = path.read_text(encoding="utf-8")
    handler = next(h for h in HANDLERS if h.detect(text))
    return frontmatter.loads(text, handler=handler)


def _first(meta: dict[str, Any], *keys: str) -> Any:
    return next((meta[k] for k in keys if k in meta), None)


def _author(meta: dict[str, Any]) -> str:
    author = meta["author"]
    return str(author["name"] if isinstance(author, dict) else author)


def _image(meta: dict[str, Any]) -> str:
    image = _first(meta, "heroImage", "image", "featured_image")
    return str(image["src"] if isinstance(image, dict) else image)


def _tags(meta: dict[str, Any]) -> list[str]:
    return [*meta.get("categories", []), *meta.get("tags", [])]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("content", type=Path)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--limit", type=int, default=50)
    args = ap.parse_args(argv)
    md = MarkdownIt("commonmark").enable("table")
    posts: list[dict[str, Any]] = []
    for path in sorted(args.content.rglob("*.md")):
        post = _load(path)
        date = _first(post.metadata, "publish_date", "date", "pubDate")
        if not isinstance(date, dt.datetime):
            date = dateparser.parse(str(date))
        if date.tzinfo is None:
            date = date.replace(tzinfo=dt.UTC)
        url = f"{BASE}{path.stem}/"
        html = md.render(post.content)
        posts.append({"meta": post.metadata, "date": date, "url": url, "html": html})
    posts.sort(key=lambda p: (p["date"], p["url"]), reverse=True)
    if args.limit:
        posts = posts[: args.limit]

    fg = FeedGenerator()
    fg.load_extension("media")
    fg.id(BASE)
    fg.title("Summit Bench")
    fg.description("A synthetic site for the summitfeed benchmarks")
    fg.link(href=BASE + "atom.xml", rel="self")
    fg.link(href=BASE, rel="alternate")
    fg.language("en")
    for p in posts:
        m = p["meta"]
        fe = fg.add_entry(order="append")
        fe.id(p["url"])
        fe.title(m["title"])
        fe.link(href=p["url"])
        fe.description(m.get("description", ""))
        fe.content(p["html"], type="CDATA")
        fe.author(name=_author(m))
        fe.published(p["date"])
        fe.updated(p["date"])
        fe.enclosure(_image(m), "0", "image/jpeg")
    args.outdir.mkdir(parents=True, exist_ok=True)
    fg.rss_file(str(args.outdir / "feed.xml"), pretty=False)
    fg.atom_file(str(args.outdir / "atom.xml"), pretty=False)
    items = [
        {
            "id": p["url"],
            "url": p["url"],
            "title": p["meta"]["title"],
            "summary": p["meta"].get("description", ""),
            "content_html": p["html"],
            "image": _image(p["meta"]),
            "date_published": p["date"].isoformat(),
            "authors": [{"name": _author(p["meta"])}],
            "tags": _tags(p["meta"]),
        }
        for p in posts
    ]
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Summit Bench",
        "home_page_url": BASE,
        "feed_url": BASE + "feed.json",
        "items": items,
    }
    (args.outdir / "feed.json").write_text(json.dumps(feed, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
