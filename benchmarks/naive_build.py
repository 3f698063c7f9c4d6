"""The obvious feed build, as a baseline for the benchmarks.

It uses python-frontmatter, python-dateutil, markdown-it-py and feedgen.

Usage: python benchmarks/naive_build.py CONTENT OUTDIR [--limit 50]   (0 = all)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

import frontmatter
from dateutil import parser as dateparser
from feedgen.feed import FeedGenerator
from markdown_it import MarkdownIt

BASE = "https://bench.example.org/"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("content", type=Path)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--limit", type=int, default=50)
    args = ap.parse_args(argv)
    md = MarkdownIt("commonmark").enable("table")
    posts: list[dict[str, Any]] = []
    for path in sorted(args.content.rglob("*.md")):
        post = frontmatter.load(path)
        date = dateparser.parse(str(post["publish_date"])).replace(tzinfo=dt.UTC)
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
        fe.author(name=m["author"])
        fe.published(p["date"])
        fe.updated(p["date"])
        fe.enclosure(m["heroImage"], "0", "image/jpeg")
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
            "image": p["meta"]["heroImage"],
            "date_published": p["date"].isoformat(),
            "authors": [{"name": p["meta"]["author"]}],
            "tags": p["meta"].get("tags", []),
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
