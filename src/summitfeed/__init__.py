"""summitfeed: Markdown articles in; RSS 2.0, Atom 1.0 and JSON Feed 1.1 out.

Importing this package is cheap: the feed libraries load when a feed is rendered.
"""

from typing import TYPE_CHECKING

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
from ._pipeline import BuildReport as BuildReport
from ._pipeline import NothingToPublish as NothingToPublish
from ._pipeline import build as build
from ._pipeline import build_feeds as build_feeds
from ._pipeline import load_article as load_article
from ._pipeline import load_articles as load_articles
from ._pipeline import read_articles as read_articles
from ._pipeline import render_feeds as render_feeds
from ._preview import autodiscovery_tags as autodiscovery_tags
from ._settings import load_site as load_site
from ._settings import parse_now as parse_now

if TYPE_CHECKING:
    from ._websub import ping_hubs as ping_hubs

__all__ = [
    "Article",
    "ArticleError",
    "BuildError",
    "BuildReport",
    "ConfigError",
    "Feed",
    "FeedItem",
    "FeedLink",
    "FrontMatterError",
    "HeroImage",
    "MetadataError",
    "NothingToPublish",
    "OutputError",
    "Person",
    "PingError",
    "Site",
    "SummitfeedError",
    "autodiscovery_tags",
    "build",
    "build_feeds",
    "load_article",
    "load_articles",
    "load_site",
    "parse_now",
    "ping_hubs",
    "read_articles",
    "render_feeds",
]


def __getattr__(name: str) -> object:
    # The WebSub client pulls in urllib.request and ssl: load it on first use.
    if name == "ping_hubs":
        from ._websub import ping_hubs

        return ping_hubs
    raise AttributeError(f"module 'summitfeed' has no attribute {name!r}")
