"""What a person sees in a browser: the feeds' preview stylesheet and ``feeds.html``.

- ``feed.css``: the RSS and Atom documents name it in an
  ``<?xml-stylesheet type="text/css"?>`` processing instruction (a relative
  ``href``), so a feed opened in a browser reads as a page: the feed's title and
  description, a note on what a feed is and the address to subscribe with, and
  each item's title, date and author. Feed readers and validators ignore the
  instruction. CSS, not XSLT: browsers are dropping XSLT.
- ``feeds.html``: a subscribe page with the site's feeds, their addresses and
  copy buttons, the autodiscovery ``<link rel="alternate">`` tags in its head
  and the latest items with their hero images.
- :func:`autodiscovery_tags`: the same ``<link>`` tags, to paste into a site's
  own pages.

The setting ``preview = false`` leaves out all three.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Final

from summitfeed._model import Feed, FeedFormat, FeedItem, Site

__all__ = [
    "FEEDS_PAGE",
    "PREVIEW_CSS",
    "autodiscovery_tags",
    "preview_documents",
    "render_feeds_page",
    "stylesheet_href",
]

PREVIEW_CSS: Final = "feed.css"
FEEDS_PAGE: Final = "feeds.html"
LATEST_ITEMS: Final = 10

MEDIA_TYPES: Final[dict[FeedFormat, str]] = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
FORMAT_NAMES: Final[dict[FeedFormat, str]] = {
    "rss": "RSS",
    "atom": "Atom",
    "json": "JSON Feed",
}
_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

FEED_NOTE: Final = (
    "This is a web feed. Feed readers (news apps such as NetNewsWire, Feedly, "
    "Inoreader or Thunderbird) check it for new articles, so that you never miss "
    "one. To subscribe, copy the address below and paste it into your feed "
    "reader\\2019s \\201C add feed\\201D  or \\201C subscribe\\201D  box."
)

# Selectors without a namespace prefix match elements of any namespace; "atom|"
# picks Atom's elements (the RSS document's atom:link, the whole Atom feed).
FEED_CSS: Final = (
    """@charset "UTF-8";
/* Shown when a person opens an RSS or Atom feed in a browser; feed readers
   ignore it. */
@namespace atom url("http://www.w3.org/2005/Atom");
@namespace dc url("http://purl.org/dc/elements/1.1/");

:root {
  max-width: 46rem;
  margin: 0 auto;
  padding: 2rem 1.25rem 3rem;
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2328;
  background: #ffffff;
}
rss { display: block; }
channel, atom|feed { display: flex; flex-direction: column; }
channel > *, atom|feed > * { display: none; }

channel > title, atom|feed > atom|title {
  display: block;
  order: 1;
  margin: 0 0 0.5rem;
  font-size: 2rem;
  font-weight: 700;
  line-height: 1.2;
}
channel > description, atom|feed > atom|subtitle {
  display: block;
  order: 2;
  margin: 0 0 1.25rem;
  font-size: 1.1rem;
  color: #424a53;
}
channel > atom|link[rel="self"], atom|feed > atom|link[rel="self"] {
  display: block;
  order: 3;
  margin: 0 0 2rem;
  padding: 1rem 1.25rem;
  border: 1px solid #d0d7de;
  border-radius: 0.5rem;
  background: #f6f8fa;
}
channel > atom|link[rel="self"]::before,
atom|feed > atom|link[rel="self"]::before {
  display: block;
  margin: 0 0 0.75rem;
  content: "FEED_NOTE";
}
channel > atom|link[rel="self"]::after,
atom|feed > atom|link[rel="self"]::after {
  display: block;
  padding: 0.5rem 0.75rem;
  border: 1px solid #d0d7de;
  border-radius: 0.375rem;
  background: #ffffff;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: 0.95rem;
  overflow-wrap: anywhere;
  user-select: all;
  content: attr(href);
}

item, atom|entry {
  display: flex;
  flex-wrap: wrap;
  align-items: baseline;
  order: 4;
  margin: 0;
  padding: 1rem 0;
  border-top: 1px solid #d8dee4;
}
item > *, atom|entry > * { display: none; }
item > title, atom|entry > atom|title {
  display: block;
  flex: 0 0 100%;
  margin: 0 0 0.25rem;
  font-size: 1.2rem;
  font-weight: 600;
}
item > pubDate, atom|entry > atom|published,
item > dc|creator, item > author, atom|entry > atom|author {
  display: block;
  order: 3;
  font-size: 0.95rem;
  color: #57606a;
}
item > pubDate, atom|entry > atom|published { order: 2; }
item > pubDate::before, atom|entry > atom|published::before {
  content: "Published ";
}
item > dc|creator::before, item > author::before,
atom|entry > atom|author::before {
  content: "\\00A0\\00B7\\00A0 by\\00A0";
}
item > dc|creator ~ dc|creator::before,
atom|entry > atom|author ~ atom|author::before {
  content: ",\\00A0";
}
atom|author > * { display: none; }
atom|author > atom|name { display: inline; }

@media (prefers-color-scheme: dark) {
  :root { color: #e6edf3; background: #0d1117; }
  channel > description, atom|feed > atom|subtitle { color: #b1bac4; }
  channel > atom|link[rel="self"], atom|feed > atom|link[rel="self"] {
    border-color: #30363d;
    background: #161b22;
  }
  channel > atom|link[rel="self"]::after,
  atom|feed > atom|link[rel="self"]::after {
    border-color: #30363d;
    background: #0d1117;
  }
  item, atom|entry { border-color: #30363d; }
  item > pubDate, atom|entry > atom|published,
  item > dc|creator, item > author, atom|entry > atom|author { color: #9198a1; }
}
"""
).replace("FEED_NOTE", FEED_NOTE)


def stylesheet_href(document: str) -> str:
    """The stylesheet's address relative to ``document`` (a path in the output)."""
    return "../" * document.count("/") + PREVIEW_CSS


def autodiscovery_tags(site: Site) -> str:
    """The ``<link rel="alternate">`` tags for a page's ``<head>``, one a line.

    One tag per format the site writes, pointing at the main feeds, so that
    browsers and feed readers find them from any page that carries the tags.
    """
    lines = []
    for fmt in site.formats:
        title = f"{site.title} ({FORMAT_NAMES[fmt]})"
        url = (
            site.base_url
            + {
                "rss": site.rss_file,
                "atom": site.atom_file,
                "json": site.json_file,
            }[fmt]
        )
        lines.append(
            f'<link rel="alternate" type="{MEDIA_TYPES[fmt]}" '
            f'title="{html.escape(title)}" href="{html.escape(url)}">'
        )
    return "\n".join(lines) + "\n"


def _date_text(moment: dt.datetime) -> str:
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def _feed_row(label: str, url: str, fmt: FeedFormat) -> str:
    address = html.escape(url)
    return (
        "<li>"
        f'<span class="format">{html.escape(label)}</span>'
        f'<input type="text" readonly value="{address}" '
        f'aria-label="{html.escape(label)} address">'
        f'<button type="button" data-copy="{address}">Copy</button>'
        f'<a href="{address}" type="{MEDIA_TYPES[fmt]}">Open</a>'
        "</li>"
    )


def _item_card(item: FeedItem) -> str:
    article = item.article
    parts = ['<li class="item">']
    hero = article.hero
    if hero is not None:
        alt = html.escape(hero.alt or article.title)
        parts.append(
            f'<img src="{html.escape(hero.url)}" alt="{alt}" '
            'width="120" height="80" loading="lazy">'
        )
    else:
        parts.append('<span class="no-image" aria-hidden="true"></span>')
    parts.append("<div>")
    parts.append(
        f'<a class="title" href="{html.escape(article.url)}">'
        f"{html.escape(article.title)}</a>"
    )
    byline = (
        f'<time datetime="{article.published.isoformat()}">'
        f"{_date_text(article.published)}</time>"
    )
    if article.authors:
        names = ", ".join(html.escape(person.name) for person in article.authors)
        byline += f" · {names}"
    parts.append(f'<p class="byline">{byline}</p>')
    parts.append(f'<p class="summary">{html.escape(item.summary)}</p>')
    parts.append("</div></li>")
    return "".join(parts)


_PAGE_CSS: Final = """
:root { color-scheme: light dark; }
body { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 3rem;
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 0.5rem; }
.lead { font-size: 1.1rem; opacity: 0.85; }
ul { list-style: none; padding: 0; }
.feeds li { display: grid; grid-template-columns: minmax(6rem, 11rem) 1fr auto auto;
  gap: 0.5rem; align-items: center; margin: 0 0 0.6rem; }
.format { font-weight: 600; overflow-wrap: anywhere; }
.feeds input { min-width: 0; font: 0.95rem ui-monospace, Menlo, Consolas,
  monospace; padding: 0.35rem 0.5rem; }
button { font: inherit; padding: 0.3rem 0.8rem; cursor: pointer; }
.item { display: flex; gap: 1rem; padding: 1rem 0; border-top: 1px solid #8884; }
.item img, .no-image { flex: none; width: 120px; height: 80px; object-fit: cover;
  border-radius: 0.375rem; background: #8882; }
.title { font-weight: 600; font-size: 1.1rem; }
.byline, .summary { margin: 0.25rem 0 0; }
.byline { opacity: 0.75; font-size: 0.95rem; }
"""

_PAGE_SCRIPT: Final = """
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  button.addEventListener("click", function () {
    var text = button.getAttribute("data-copy");
    var done = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    };
    var fallback = function () {
      var input = button.parentNode.querySelector("input");
      input.focus();
      input.select();
      try { document.execCommand("copy"); } catch (e) {}
      done();
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  });
});
"""


def render_feeds_page(feeds: Sequence[Feed], *, formats: Sequence[FeedFormat]) -> bytes:
    """``feeds.html``: the site's feeds with copy buttons and the latest items."""
    from summitfeed._render.plan import PlannedFeed

    site = feeds[0].site
    main = next(feed for feed in feeds if feed.path == "")
    tags = [
        feed
        for feed in feeds
        if isinstance(feed, PlannedFeed) and feed.kind == "tag" and feed.tag
    ]
    shown = [fmt for fmt in site.formats if fmt in formats]
    title = html.escape(site.title)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(site.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Subscribe to {title}</title>",
        autodiscovery_tags(site).rstrip("\n"),
        f"<style>{_PAGE_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>Subscribe to {title}</h1>",
        f'<p class="lead">{html.escape(site.feed_description)}</p>',
        "<p>A feed brings every new article to your feed reader (an app such as "
        "NetNewsWire, Feedly, Inoreader or Thunderbird), so that you never miss "
        "one. Copy an address below and paste it into your reader\u2019s "
        "\u201cadd feed\u201d or \u201csubscribe\u201d box. Not sure which one? "
        "Take the first.</p>",
        "<h2>Feeds</h2>",
        '<ul class="feeds">',
    ]
    for fmt in shown:
        out.append(_feed_row(FORMAT_NAMES[fmt], main.url(fmt), fmt))
    out.append("</ul>")
    out.append("<h2>Latest articles</h2>")
    out.append('<ul class="items">')
    for item in main.items[:LATEST_ITEMS]:
        out.append(_item_card(item))
    out.append("</ul>")
    if tags and shown:
        out.append("<h2>Feeds by tag</h2>")
        out.append('<ul class="feeds">')
        first = shown[0]
        for feed in sorted(tags, key=lambda f: ((f.tag or "").casefold(), f.path)):
            out.append(_feed_row(feed.tag or "", feed.url(first), first))
        out.append("</ul>")
    out.append("</main>")
    out.append(f"<script>{_PAGE_SCRIPT}</script>")
    out.append("</body>")
    out.append("</html>")
    return ("\n".join(out) + "\n").encode("utf-8")


def preview_documents(
    feeds: Sequence[Feed], *, formats: Sequence[FeedFormat]
) -> dict[str, bytes]:
    """The stylesheet (when RSS or Atom is written) and ``feeds.html``."""
    documents: dict[str, bytes] = {}
    if not feeds:
        return documents
    if any(fmt in formats for fmt in ("rss", "atom")):
        documents[PREVIEW_CSS] = FEED_CSS.encode("utf-8")
    documents[FEEDS_PAGE] = render_feeds_page(feeds, formats=formats)
    return documents
