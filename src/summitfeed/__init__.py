"""summitfeed: Markdown articles in; RSS 2.0, Atom 1.0 and JSON Feed 1.1 out.

Importing this package is cheap: each name loads its module on first use
(PEP 562), so the command line, and a build with nothing changed, load only
what they need.
"""

from __future__ import annotations

from ._version import __version__ as __version__

TYPE_CHECKING = False  # (typing loads re, enum and more: see _lean)

if TYPE_CHECKING:
    from summitfeed._build import build as build
    from summitfeed._errors import ArticleError as ArticleError
    from summitfeed._errors import BuildError as BuildError
    from summitfeed._errors import ConfigError as ConfigError
    from summitfeed._errors import FrontMatterError as FrontMatterError
    from summitfeed._errors import MetadataError as MetadataError
    from summitfeed._errors import NoContentFolder as NoContentFolder
    from summitfeed._errors import NothingToPublish as NothingToPublish
    from summitfeed._errors import OutputError as OutputError
    from summitfeed._errors import PingError as PingError
    from summitfeed._errors import SummitfeedError as SummitfeedError
    from summitfeed._model import Article as Article
    from summitfeed._model import BuildReport as BuildReport
    from summitfeed._model import Feed as Feed
    from summitfeed._model import FeedItem as FeedItem
    from summitfeed._model import FeedLink as FeedLink
    from summitfeed._model import HeroImage as HeroImage
    from summitfeed._model import Person as Person
    from summitfeed._model import Site as Site
    from summitfeed._read.articles import LoadResult as LoadResult
    from summitfeed._read.articles import article_from_mapping as article_from_mapping
    from summitfeed._read.articles import article_from_post as article_from_post
    from summitfeed._read.articles import load_article as load_article
    from summitfeed._read.articles import load_articles as load_articles
    from summitfeed._read.articles import parse_article as parse_article
    from summitfeed._read.articles import read_articles as read_articles
    from summitfeed._read.normalize import Normalized as Normalized
    from summitfeed._render.document import render_feeds as render_feeds
    from summitfeed._render.plan import build_feeds as build_feeds
    from summitfeed._render.preview import autodiscovery_tags as autodiscovery_tags
    from summitfeed._site.settings import load_site as load_site
    from summitfeed._site.settings import parse_now as parse_now
    from summitfeed._write.serve import content_type as content_type
    from summitfeed._write.serve import etag as etag
    from summitfeed._write.serve import etag_matches as etag_matches
    from summitfeed._write.websub import ping_hubs as ping_hubs

# Each public name and the module that defines it.
_HOMES = {
    "ArticleError": "_errors",
    "BuildError": "_errors",
    "ConfigError": "_errors",
    "FrontMatterError": "_errors",
    "MetadataError": "_errors",
    "NoContentFolder": "_errors",
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
    "BuildReport": "_model",
    "NothingToPublish": "_errors",
    "build": "_build",
    "build_feeds": "_render.plan",
    "load_article": "_read.articles",
    "load_articles": "_read.articles",
    "LoadResult": "_read.articles",
    "Normalized": "_read.normalize",
    "read_articles": "_read.articles",
    "render_feeds": "_render.document",
    "autodiscovery_tags": "_render.preview",
    "article_from_mapping": "_read.articles",
    "article_from_post": "_read.articles",
    "parse_article": "_read.articles",
    "content_type": "_write.serve",
    "etag": "_write.serve",
    "etag_matches": "_write.serve",
    "load_site": "_site.settings",
    "parse_now": "_site.settings",
    "ping_hubs": "_write.websub",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'summitfeed' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{home}", __name__), name)
    globals()[name] = value  # found directly next time
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
