"""The benchmark corpus: mixed front-matter styles, all read, read fast, read right.

A site written by benchmarks/make_site.py in every style must build to the
same bytes whether its front matter is read by summitfeed._read.yaml_subset and
summitfeed._read.toml_subset or by PyYAML and tomllib,
and with or without the cache; each feed item's title is what PyYAML (or
tomllib) reads from the article's front matter.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import feedparser
import pytest
import yaml

import summitfeed
import summitfeed._read.frontmatter
import summitfeed._read.toml_subset
from summitfeed import Site
from summitfeed._read.frontmatter import split_front_matter
from summitfeed._read.toml_subset import read_toml_subset
from summitfeed._read.yaml_subset import read_yaml_subset
from tests.conftest import snapshot

REPO = Path(__file__).resolve().parent.parent
NOW = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
ARTICLES = 60  # three rounds of the twenty-article mix


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_site", REPO / "benchmarks" / "make_site.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_site = _generator()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("corpus")
    manifest = make_site.make_site(ARTICLES, root, seed=3)
    return root, manifest


def _site(root: Path, **more: Any) -> Site:
    return Site(
        title="Summit Bench",
        base_url="https://bench.example.org/",
        description="A synthetic site for the summitfeed benchmarks",
        **more,
    )


def test_the_mix_has_the_documented_proportions(corpus):
    _, manifest = corpus
    rounds = ARTICLES // sum(make_site.MIX.values())
    assert manifest["style_counts"] == {
        style: share * rounds for style, share in make_site.MIX.items()
    }
    assert set(make_site.MIX) == {"reference", "plain", "double", "nested", "toml"}


def test_the_generator_is_deterministic(tmp_path, corpus):
    root, _ = corpus
    make_site.make_site(ARTICLES, tmp_path, seed=3)
    assert snapshot(tmp_path / "content") == snapshot(root / "content")


def test_one_style_gives_a_single_shape_corpus(tmp_path):
    manifest = make_site.make_site(20, tmp_path, seed=3, styles=["reference"])
    assert manifest["style_counts"] == {"reference": 20}
    for path in (tmp_path / "content").rglob("*.md"):
        header = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        assert all(
            line.endswith("'") or line.endswith(":") or line == "---"
            for line in header.splitlines()
        ), path


def test_every_article_takes_the_fast_reading(corpus):
    root, _ = corpus
    for path in (root / "content").rglob("*.md"):
        fmt, block, _, _ = split_front_matter(path.read_text("utf-8"), path=str(path))
        if fmt == "yaml":
            assert read_yaml_subset(block, first_line=2) is not None, path
        else:
            assert read_toml_subset(block) is not None, path


def _build(root: Path, out: Path, **site: Any) -> summitfeed.BuildReport:
    return summitfeed.build(
        root / "content",
        out,
        site=_site(root, **site),
        now=NOW,
        use_cache="cache_dir" in site,
    )


def test_fast_reading_pyyaml_reading_and_the_cache_give_the_same_bytes(
    tmp_path, corpus, monkeypatch
):
    root, _ = corpus
    fast = _build(root, tmp_path / "fast", limit=0)
    cached = _build(root, tmp_path / "cold", limit=0, cache_dir=str(tmp_path / "c"))
    warm = _build(root, tmp_path / "cold", limit=0, cache_dir=str(tmp_path / "c"))
    assert fast.skipped == cached.skipped == ()
    assert warm.cached == ARTICLES
    # Every block read by PyYAML and tomllib instead (forked readers inherit it).
    monkeypatch.setattr(
        summitfeed._read.frontmatter, "read_simple_yaml", lambda *a, **k: None
    )
    monkeypatch.setattr(
        summitfeed._read.toml_subset, "read_toml_subset", lambda b: None
    )
    _build(root, tmp_path / "pyyaml", limit=0)
    expected = snapshot(tmp_path / "pyyaml")
    assert snapshot(tmp_path / "fast") == expected
    assert snapshot(tmp_path / "cold") == expected


def _front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    fence = text[:3]
    block = text[4:].split(f"\n{fence}\n", 1)[0]
    if fence == "+++":
        return tomllib.loads(block)
    loaded: dict[str, Any] = yaml.safe_load(block)
    return loaded


def test_feed_items_carry_what_pyyaml_and_tomllib_read(tmp_path, corpus):
    root, manifest = corpus
    _build(root, tmp_path / "out", limit=0)
    feed = json.loads((tmp_path / "out" / "feed.json").read_text(encoding="utf-8"))
    titles = {item["url"]: item["title"] for item in feed["items"]}
    rss = feedparser.parse((tmp_path / "out" / "feed.xml").read_bytes())
    assert not rss.bozo
    assert len(rss.entries) == ARTICLES
    rss_titles = {entry.link: entry.title for entry in rss.entries}
    for rels in manifest["style_samples"].values():
        for rel in rels:
            path = root / "content" / rel
            url = f"https://bench.example.org/{path.stem}/"
            written = _front_matter(path)["title"].strip()
            assert titles[url] == written, rel
            assert rss_titles[url] == written, rel
