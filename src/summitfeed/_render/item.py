"""Choose, order and render the articles that go into a feed. Pure: no I/O."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from summitfeed._model import Article, FeedItem, Site
from summitfeed._read.files import body_from_bytes
from summitfeed._read.normalize import Normalized

if TYPE_CHECKING:
    from summitfeed._read.templates import LinkLookup


WORDS_PER_MINUTE = 230


def _read_time(article: Article, body: str) -> str:
    if article.read_time is not None:
        return article.read_time
    minutes = max(1, math.ceil(len(body.split()) / WORDS_PER_MINUTE))
    return f"{minutes} min"


READ_TIME_LABELS: Final[Mapping[str, str]] = {
    "ca": "Temps de lectura",
    "cs": "Doba čtení",
    "da": "Læsetid",
    "de": "Lesezeit",
    "en": "Reading time",
    "es": "Tiempo de lectura",
    "fi": "Lukuaika",
    "fr": "Temps de lecture",
    "it": "Tempo di lettura",
    "ja": "読了時間",
    "nl": "Leestijd",
    "no": "Lesetid",
    "nb": "Lesetid",
    "pl": "Czas czytania",
    "pt": "Tempo de leitura",
    "ru": "Время чтения",
    "sv": "Lästid",
    "tr": "Okuma süresi",
    "uk": "Час читання",
    "zh": "阅读时间",
}
"""The read time line's words by language, when ``read_time_label`` is not set."""


def read_time_label(site: Site, language: str) -> str:
    """The words before the read time: the setting, else the article's language's."""
    if site.read_time_label is not None:
        return site.read_time_label
    primary = language.split("-", 1)[0].lower()
    return READ_TIME_LABELS.get(primary, READ_TIME_LABELS["en"])


def render_item(
    article: Article, body: str, *, site: Site, links: LinkLookup | None = None
) -> FeedItem:
    """Render an article's body and compose its feed content.

    The content starts with the hero image, the subtitle and the read time,
    and ends with the call to action, so that every reader shows them.
    ``links`` finds the articles that template tags link to (by default,
    those of the site's content folder).
    """
    # Imported here: a build whose feeds are cached never loads the renderer.
    from summitfeed._render.markdown import (
        render_inline,
        render_markdown,
        summary_from_body,
        summary_of_description,
    )

    if article.title_from_body:  # the heading is the item's title, not content
        from summitfeed._read.frontmatter import without_title_heading

        body = without_title_heading(body)
    from summitfeed._read.templates import expand_templates, has_template_syntax

    if article.source.endswith(".mdx"):
        from summitfeed._read.templates import without_mdx_statements

        body = without_mdx_statements(body)
    if has_template_syntax(body):
        if links is None:
            from summitfeed._read.links import site_links

            links = site_links(site)
        body = expand_templates(body, base_url=site.base_url, links=links)
    body_html = render_markdown(body, base_url=article.url)
    if article.summary:
        summary = summary_of_description(article.summary, base_url=article.url)
    else:
        summary = summary_from_body(body, body_html, base_url=article.url)
    if not site.full_content:
        return FeedItem(
            article=article,
            summary=summary.text,
            summary_html=summary.html,
            content_html=None,
        )
    parts: list[str] = []
    hero = article.hero
    if hero is not None:
        alt = html.escape(hero.alt or article.title)
        size = ""
        if hero.width and hero.height:
            size = f' width="{hero.width}" height="{hero.height}"'
        parts.append(f'<p><img src="{html.escape(hero.url)}" alt="{alt}"{size}></p>')
    if article.subtitle:
        parts.append(f"<p><strong>{html.escape(article.subtitle)}</strong></p>")
    if site.show_read_time:
        label = html.escape(read_time_label(site, article.language))
        read_time = html.escape(_read_time(article, body))
        parts.append(f"<p><em>{label}: {read_time}</em></p>")
    parts.append(body_html.strip())
    if article.cta:
        parts.append(f"<p>{render_inline(article.cta, base_url=article.url)}</p>")
    content = "\n".join(part for part in parts if part)
    return FeedItem(
        article=article,
        summary=summary.text,
        summary_html=summary.html,
        content_html=content,
    )


LARGE_DOCUMENT: Final = 5_000_000
"""Bytes over which a feed document is warned about: the W3C Feed Validation
Service refuses larger ones, and many readers fetch no more."""


def large_document_warnings(sizes: Mapping[str, int], site: Site) -> tuple[str, ...]:
    """One warning for each feed document over :data:`LARGE_DOCUMENT` bytes."""
    names = (site.rss_file, site.atom_file, site.json_file)
    return tuple(
        f"{name}: {size:,} bytes, over {LARGE_DOCUMENT:,} (the most the W3C "
        "validator reads, and more than many readers fetch); lower limit, or "
        "set archive_size to split a full archive into pages"
        for name, size in sorted(sizes.items())
        if size > LARGE_DOCUMENT and name.rsplit("/", 1)[-1] in names
    )


def render_from_bytes(outcome: Normalized, data: bytes, *, site: Site) -> FeedItem:
    """The feed item of an article, its body taken from the bytes it was read from."""
    from summitfeed._render.item import render_item

    body = body_from_bytes(data, path=outcome.article.source)
    return render_item(outcome.article, body, site=site)
