"""summitfeed: Markdown articles in; RSS 2.0, Atom 1.0 and JSON Feed 1.1 out.

Importing this package is cheap: each name loads its module on first use
(PEP 562), so the command line, and a build with nothing changed, load only
what they need.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from ._version import __version__ as __version__

if TYPE_CHECKING:
    from ._articles import article_from_mapping as article_from_mapping
    from ._articles import article_from_post as article_from_post
    from ._articles import parse_article as parse_article
    from ._build import BuildReport as BuildReport
    from ._build import build as build
    from ._errors import ArticleError as ArticleError
    from ._errors import BuildError as BuildError
    from ._errors import ConfigError as ConfigError
    from ._errors import FrontMatterError as FrontMatterError
    from ._errors import MetadataError as MetadataError
    from ._errors import OutputError as OutputError
    from ._errors import PingError as PingError
    from ._errors import SummitfeedError as SummitfeedError
    from ._model import Article as Article
    from ._model import Feed as Feed
    from ._model import FeedItem as FeedItem
    from ._model import FeedLink as FeedLink
    from ._model import HeroImage as HeroImage
    from ._model import Person as Person
    from ._model import Site as Site
    from ._pipeline import NothingToPublish as NothingToPublish
    from ._pipeline import build_feeds as build_feeds
    from ._pipeline import load_article as load_article
    from ._pipeline import load_articles as load_articles
    from ._pipeline import read_articles as read_articles
    from ._pipeline import render_feeds as render_feeds
    from ._preview import autodiscovery_tags as autodiscovery_tags
    from ._serve import content_type as content_type
    from ._serve import etag as etag
    from ._serve import etag_matches as etag_matches
    from ._settings import load_site as load_site
    from ._settings import parse_now as parse_now
    from ._websub import ping_hubs as ping_hubs

# Each public name and the module that defines it.
_HOMES = {
    "ArticleError": "_errors",
    "BuildError": "_errors",
    "ConfigError": "_errors",
    "FrontMatterError": "_errors",
    "MetadataError": "_errors",
    "OutputError": "_errors",
    "PingError": "_errors",
    "SummitfeedError": "_errors",
    "Article": "_model",
    "Feed": "_model",
    "FeedItem": "_model",
    "FeedLink": "_model",
    "HeroImage": "_model",
    "Person": "_model",
    "Site": "_model",
    "BuildReport": "_build",
    "NothingToPublish": "_pipeline",
    "build": "_build",
    "build_feeds": "_pipeline",
    "load_article": "_pipeline",
    "load_articles": "_pipeline",
    "read_articles": "_pipeline",
    "render_feeds": "_pipeline",
    "autodiscovery_tags": "_preview",
    "article_from_mapping": "_articles",
    "article_from_post": "_articles",
    "parse_article": "_articles",
    "content_type": "_serve",
    "etag": "_serve",
    "etag_matches": "_serve",
    "load_site": "_settings",
    "parse_now": "_settings",
    "ping_hubs": "_websub",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'summitfeed' has no attribute {name!r}")
    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value  # found directly next time
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
