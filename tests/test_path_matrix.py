"""Every way a build can reach its output gives the bytes of the plainest way.

A build reaches the same files by many paths: it reads in this process or on
every core; with nothing changed it answers from the command's record, from
the cache's snapshot or from the documents key; after one edit it takes
the other items from the documents it wrote before, or renders them
again; readers hand their fragments
over in shared memory or as bytes; the command's options are parsed or taken
from its record; and the library has calls of its own. Each case builds one
site along one path and compares every output file, byte for byte, with
``summitfeed build --no-cache`` run in this one process.

The sites: the demo site (whose plainest build is also ``tests/golden``), and
a generated site of several hundred articles (every one published in the
main feed; with tag feeds and archives too; and only the latest fifty).

Which path a build takes is chosen in one place, :func:`take`: for each path,
how it is forced and how the case then tells that the build went that way (a
case that could pass without taking its path would test nothing).
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import feedparser
import pytest

import summitfeed
from summitfeed._cores import can_fork
from tests.conftest import (
    DEMO_CONFIG,
    DEMO_CONTENT,
    NOW,
    NOW_TEXT,
    article_text,
    choose_mode,
    json_feed_problems,
    snapshot,
    write_article,
)

GOLDEN = Path(__file__).resolve().parent / "golden" / "demo"
COMMAND = ("build", "--now", NOW_TEXT, "--quiet")
CACHE_DIR = ".summitfeed-cache"  # (the default: no settings file here names one)
GENERATED_FILES = 440  # forked reading starts at 400 files to read
EDITED_SENTENCE = "\nA late sentence about the descent in falling light.\n"


# --- the sites -------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """A site of the matrix, and the shape that decides which paths it has."""

    name: str
    settings: str | None  # summitfeed.toml (None: the demo site's own)
    edited: str  # the article file an edit changes (display path)
    many_files: bool  # enough files to read on every core
    every_article: bool  # every article published is rendered (limit 0, archives, tags)

    @property
    def large_documents(self) -> bool:
        """Documents of so many items, not yet written, that they are rendered
        on every core."""
        return self.every_article and self.many_files


_GENERATED_SETTINGS = (
    'title = "Long Traverse"\n'
    'base_url = "https://traverse.example.org/"\n'
    'description = "Stage notes of a long alpine traverse."\n'
    'author = "Traverse Desk"\n'
    'timezone = "Europe/Zurich"\n'
    'icon = "/media/hero-0.png"\n'
)

KINDS = {
    kind.name: kind
    for kind in (
        Kind("golden", None, "content/reading-the-foehn.md", False, False),
        Kind(
            "archive",
            _GENERATED_SETTINGS + "limit = 0\n",
            "content/02/note-0209.md",
            True,
            True,
        ),
        Kind(
            "tags-archives",
            _GENERATED_SETTINGS + "limit = 0\ntag_feeds = true\narchive_size = 100\n",
            "content/02/note-0209.md",
            True,
            True,
        ),
        Kind("latest", _GENERATED_SETTINGS, "content/02/note-0209.md", True, False),
    )
}

_TAGS = ("ridges", "huts", "weather", "gear", "glaciers", "trail running", "maps")
_AUTHORS: tuple[object, ...] = (
    "Mara Keller",
    "Nils Brunner <nils@traverse.example.org>",
    ["Ilse Vogt", {"name": "Mara Keller", "url": "https://mara.example.org/"}],
)


def _generated_body(number: int) -> str:
    parts = [f"Stage {number} leaves the *col* early and follows the cairns east.\n"]
    if number % 3 == 0:
        parts.append("- water at the spring\n- a bench at the saddle\n- the hut\n")
    if number % 5 == 0:
        parts.append(
            f"```\nascent {300 + number} m, descent {200 + number % 90} m\n```\n"
        )
    if number % 7 == 0:
        parts.append(
            f"The [stage map](https://maps.example.org/{number}) & a "
            "<b>bold</b> <script>alert(1)</script> note.\n"
        )
    if number % 11 == 0:
        parts.append(f"![Ridge at dawn](/media/hero-{number % 4}.png)\n")
    parts.append("Scree, then grass, then the ridge again. " * (2 + number % 30))
    return "\n".join(parts) + "\n"


def _generated_fields(number: int) -> dict[str, object]:
    year, month, day = 2019 + number % 6, 1 + (number * 7) % 12, 1 + (number * 11) % 28
    fields: dict[str, object] = {
        "title": f"Stage {number:04d}: {'Höhenweg' if number % 4 else 'Col'} & ridge",
        "description": f"Notes on stage {number} of the traverse.",
        "author": _AUTHORS[number % 3],
        "read_time": f"{1 + number % 9} mins",
    }
    if number % 6 == 0:
        fields["publish_date"] = (
            f"{year}-{month:02d}-{day:02d}T{number % 24:02d}:{number % 60:02d}:00+01:00"
        )
    else:
        fields["publish_date"] = f"{year}-{month:02d}-{day:02d}"
    if number % 9 == 0:
        fields["updated_date"] = f"{year + 1}-02-0{1 + number % 9}T08:00:00Z"
    if number % 2 == 0:
        fields["tags"] = sorted({_TAGS[number % 7], _TAGS[(number // 7) % 7]})
    elif number % 5 == 1:
        fields["tags"] = f"{_TAGS[number % 7]}, long days"
    if number % 10 == 3:
        fields["heroImage"] = f"https://cdn.traverse.example.org/stages/{number}.jpg"
    elif number % 10 == 7:
        fields["heroImage"] = f"/media/hero-{number % 4}.png"
    elif number % 20 == 9:
        fields["heroImage"] = {"src": "/media/hero-1.png", "alt": "A cairn in fog"}
    if number % 13 == 2:
        fields["subtitle"] = "A stage with a detour"
    if number % 25 == 4:
        fields["draft"] = True
    if number % 50 == 11:
        fields["publish_date"] = "2031-05-01"  # (after the build's "now")
        fields.pop("updated_date", None)
    if number % 61 == 5:
        fields["feed"] = False
    return fields


def _write_generated(content: Path) -> None:
    """Varied articles, the same every time: YAML mostly, some TOML and JSON
    front matter, drafts, future and hidden ones, local and remote heroes."""
    media = content / "media"
    media.mkdir(parents=True)
    for number in range(4):
        data = b"\x89PNG\r\n\x1a\n" + bytes(40 * (number + 1))
        (media / f"hero-{number}.png").write_bytes(data)
    for number in range(GENERATED_FILES):
        folder = content / f"{number // 100:02d}"
        name = f"note-{number:04d}.md"
        fields = _generated_fields(number)
        body = _generated_body(number)
        if number % 17 == 8:
            toml = "".join(
                f"{key} = {json.dumps(value)}\n"
                for key, value in fields.items()
                if isinstance(value, str | bool)
            )
            write_article(folder, name, text=f"+++\n{toml}+++\n\n{body}")
        elif number % 19 == 12:
            text = json.dumps(fields, indent=2, ensure_ascii=False) + "\n\n" + body
            write_article(folder, name, text=text)
        else:
            write_article(folder, name, text=article_text(fields, body))


@pytest.fixture(scope="module")
def generated_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("generated") / "content"
    _write_generated(content)
    return content


def _make_site(kind: Kind, folder: Path, generated: Path, *, edited: bool) -> Path:
    """A fresh copy of the site in ``folder`` (content and settings, no output)."""
    if kind.settings is None:
        shutil.copytree(DEMO_CONTENT, folder / "content")
        shutil.copy2(DEMO_CONFIG, folder / "summitfeed.toml")
    else:
        shutil.copytree(generated, folder / "content")
        (folder / "summitfeed.toml").write_text(kind.settings, encoding="utf-8")
    if edited:
        _edit(folder, kind)
    return folder


def _edit(folder: Path, kind: Kind) -> None:
    """One edit that keeps the article's dates: a sentence added to its body."""
    path = folder / kind.edited
    path.write_text(path.read_text(encoding="utf-8") + EDITED_SENTENCE, "utf-8")


# --- running a build in this process ----------------------------------------------


def _isolated(patch: pytest.MonkeyPatch) -> None:
    """Module state that a command keeps for the rest of its process, reset:
    each command here runs as if it were a process of its own."""
    from summitfeed._cli import quick as _quick

    patch.setattr(_quick, "_KEYS", {})  # (the key of a command: argv -> key)
    patch.delenv("SOURCE_DATE_EPOCH", raising=False)


def _trust_files_made_until_now(patch: pytest.MonkeyPatch) -> None:
    """The cache trusts a file's change time once it is two seconds old, and
    no test can set a change time back: here the site's files, just copied,
    are trusted as the files of a site older than that are, and a file
    changed from now on is as recent as an edit (its bytes are compared)."""
    from summitfeed._incremental import index as _index

    copied = time.time_ns()
    patch.setattr(_index, "_racy_limit", lambda: copied)


def _command() -> None:
    """``summitfeed build`` as the console script runs it (record and all),
    but for its exit without teardown."""
    from summitfeed._cli.run import main

    with pytest.MonkeyPatch.context() as patch:
        _isolated(patch)
        assert main(list(COMMAND)) == 0


Entry = Literal["run", "command-line", "no-cache", "render-feeds", "build-articles"]


def _build(entry: Entry) -> dict[str, bytes]:
    """The output files of one build, in the working folder, by ``entry``."""
    if entry == "run":
        _command()
    elif entry in ("command-line", "no-cache"):
        from summitfeed._cli.main import main

        extra = ["--no-cache"] if entry == "no-cache" else []
        assert main([*COMMAND, *extra]) == 0
    else:
        site = summitfeed.load_site()
        articles = summitfeed.load_articles(site=site)
        if entry == "render-feeds":
            feeds = summitfeed.build_feeds(site, articles, now=NOW)
            return summitfeed.render_feeds(feeds, formats=site.formats)
        summitfeed.build(site=site, articles=articles, now=NOW)
    return snapshot(Path("public"))


# --- the paths -------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    result: Any
    in_main_thread: bool


def _spy(patch: pytest.MonkeyPatch, owner: object, name: str) -> list[Call]:
    """Record every call of ``owner.name`` made in this process."""
    original = getattr(owner, name)
    calls: list[Call] = []

    def recorded(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        main = threading.current_thread() is threading.main_thread()
        calls.append(Call(args, kwargs, result, main))
        return result

    if isinstance(inspect.getattr_static(owner, name), classmethod | staticmethod):
        patch.setattr(owner, name, staticmethod(recorded))  # (original is bound)
    else:
        patch.setattr(owner, name, recorded)
    return calls


def call_listed(calls: list[Call]) -> object:
    """What the one call in ``calls`` was handed as ``listed``."""
    (call,) = calls
    return call.kwargs.get("listed")


def _named(calls: list[Call], function: str) -> list[Call]:
    """The calls whose first argument is the function named ``function``."""
    return [c for c in calls if getattr(c.args[0], "__name__", None) == function]


Proof = Callable[[], None]


def take(path: str, patch: pytest.MonkeyPatch, kind: Kind) -> Proof:
    """Make the next build in the working folder take ``path``; the function
    returned asserts that it did. The one place that chooses a build's path.

    A path follows from the shape of the site and of its cache, and from
    the build's Mode (summitfeed._incremental.policy), which is where the
    cases below choose one (conftest's ``choose_mode``):

    - no forking (the ``*-serial`` paths, ``edit-in-process``): ``fork``
      false, so reading and rendering groups stay in this process;
    - ``threaded-writes``: ``threads_write_from`` 0;
    - ``edit-no-splice-*``: ``splice`` false: no item taken from the
      documents written before.

    Forced by their causes, not chosen:

    - ``cold-forked-spool-full``: spool parts too small for every fragment;
      ``cold-forked-pipe``: the spool cannot be mapped;
    - ``warm-documents-key``: one article touched (same bytes, new time);
    - ``edit-command-line``: the command's record removed.

    The other paths are what the site and the step before give by themselves
    (a cold build of a large site reads on every core).
    """
    from summitfeed import _parallel, _pipeline
    from summitfeed._cli import main as _cli
    from summitfeed._cli import quick as _quick
    from summitfeed._incremental import documents as _documents
    from summitfeed._incremental import index as _index
    from summitfeed._incremental import snapshot as _snapshot
    from summitfeed._incremental import splice as _splice
    from summitfeed._incremental import spool as _spool
    from summitfeed._incremental import store as _store
    from summitfeed._render import jsonfeed as _jsonfeed
    from summitfeed._render import xml_items as _xml_items
    from summitfeed._write import files as _write

    def no_forking() -> None:
        choose_mode(patch, fork=False)

    _isolated(patch)
    forked = _spy(patch, _parallel, "_fork_map")
    rss_here = _spy(patch, _xml_items, "rss_item")
    json_here = _spy(patch, _jsonfeed, "item_json")
    received = _spy(patch, _index, "_received")

    def read_on_every_core() -> list[Call]:
        reading = _named(forked, "_state_in_worker")
        assert len(reading) == 1, "the files were not read on every core"
        return reading

    def only_the_edited_item_rendered_here() -> None:
        assert [call.args[0].article.source for call in json_here] == [kind.edited]

    proof: Proof
    match path:
        case "no-cache-serial" | "cold-serial":
            no_forking()
            reads = _spy(patch, _index, "read_file")
            indexed = _spy(patch, _pipeline, "read_index")

            def proof() -> None:
                assert forked == []
                (states,) = [call.result.states for call in indexed]
                files = {call.args[0] for call in reads}
                assert files == {state.source for state in states}, (
                    "not every file was read in this process"
                )
                cache = Path(CACHE_DIR).exists()
                assert cache == (path == "cold-serial")

        case "cold-small":

            def proof() -> None:
                assert json_here, "the JSON items were not rendered here"
                assert rss_here, "the RSS items were not rendered here"

        case "cold-forked-spool":
            views = _spy(patch, _spool.FragmentSpool, "view")
            gathered = _spy(patch, _write, "_write_pieces")

            def proof() -> None:
                read_on_every_core()
                assert views, "no fragment came through the spool"
                assert all(isinstance(c.args[1], tuple) for c in views)
                assert len(views) == len(received)
                # Written from the views, a system call for many pieces.
                assert any(len(call.args[1]) > 100 for call in gathered)

        case "cold-forked-spool-full":
            # Parts too small for all: the fragments that do not fit are bytes.
            patch.setattr(_spool, "_ROOM_AT_LEAST", 200_000)
            patch.setattr(_spool, "_ROOM_PER_INPUT_BYTE", 0)
            views = _spy(patch, _spool.FragmentSpool, "view")

            def proof() -> None:
                read_on_every_core()
                kinds = {type(call.args[1]) for call in views}
                assert kinds == {tuple, bytes}, "the spool was not full"

        case "cold-forked-pipe":
            refused: list[int] = []

            def unmappable(*args: object, **kwargs: object) -> None:
                refused.append(1)
                raise OSError(12, "Cannot allocate memory")

            patch.setattr(_spool, "FragmentSpool", unmappable)

            def proof() -> None:
                read_on_every_core()
                assert refused == [1]
                assert received, "no fragment was handed over"
                assert all(call.args[1] is None for call in received)
                assert all(isinstance(call.result, bytes) for call in received)

        case "cold-forked-best":

            def proof() -> None:
                (reading,) = read_on_every_core()
                assert reading.args[2].__name__ == "_render_best"
                _, best_of_shares = reading.result
                assert all(best_of_shares), "a worker rendered none of its best"

        case "threaded-writes":
            choose_mode(patch, threads_write_from=0)
            temps = _spy(patch, _write, "_write_temp")

            def proof() -> None:
                documents = [
                    call for call in temps if call.args[0].name != _write.JOURNAL_NAME
                ]
                assert len(documents) > 1
                assert not any(call.in_main_thread for call in documents)

        case "warm-quick":
            answers = _spy(patch, _quick, "answer")

            def proof() -> None:
                assert [call.result.answered for call in answers] == [True]

        case "warm-snapshot" | "warm-documents-key":
            current = _spy(patch, _snapshot.Snapshot, "is_current")
            pipeline = _spy(patch, _pipeline, "build_from_listing")
            items = _spy(patch, _pipeline, "gather_items")
            if path == "warm-documents-key":
                # The same bytes with a new time: listed anew, read, not rendered.
                os.utime(kind.edited)

            def proof() -> None:
                snapshot_current = path == "warm-snapshot"
                assert [call.result for call in current] == [snapshot_current]
                assert len(pipeline) == (0 if snapshot_current else 1)
                assert items == []

        case "edit-in-process":
            no_forking()

            def proof() -> None:
                assert forked == []
                only_the_edited_item_rendered_here()
                assert [call.args[0].article.source for call in rss_here] == [
                    kind.edited
                ]

        case "edit-splice":
            taken = _spy(patch, _splice, "written_fragments")

            def proof() -> None:
                (call,) = taken
                stamps = call.result
                formats = {fmt for by_format in stamps.values() for fmt in by_format}
                assert formats == {"rss", "atom", "json"}
                assert kind.edited not in {stamp[0] for stamp in stamps}
                only_the_edited_item_rendered_here()
                sources = [call.args[0].article.source for call in rss_here]
                assert sources == [kind.edited]

        case "edit-no-splice-parallel" | "edit-no-splice-serial":
            # As when the documents written before are gone or changed.
            choose_mode(patch, splice=False)
            asked = _spy(patch, _splice, "written_fragments")
            if path == "edit-no-splice-serial":
                no_forking()
            workers = _spy(patch, _documents, "run_in_workers")

            def proof() -> None:
                assert asked == []
                # Every unwritten item is rendered again: on every core, in
                # groups of documents, or here.
                shared = _named(workers, "_render_shared_group")
                assert len(shared) == (path == "edit-no-splice-parallel")
                on_cores = _named(forked, "_render_shared_group")
                sources = [call.args[0].article.source for call in rss_here]
                if path == "edit-no-splice-parallel":
                    assert len(on_cores) == 1
                    assert sources == [kind.edited]  # (as it was read)
                else:
                    assert on_cores == []
                    # Each item here, once (the edited one as it was read).
                    written = json.loads(Path("public/feed.json").read_bytes())
                    assert len(sources) == len(set(sources))
                    assert len(sources) == len(written["items"])

        case "edit-with-record":
            answers = _spy(patch, _quick, "answer")
            parsed = _spy(patch, _cli, "main")
            from summitfeed._read import discover as _discover

            walks = _spy(patch, _discover, "_walk")

            def proof() -> None:
                # The record is read and does not answer: the command line
                # runs, with the settings read again; the build takes the
                # listing the check made (the folder is walked once).
                assert [call.result.answered for call in answers] == [False]
                assert [call.result for call in parsed] == [0]
                assert call_listed(parsed) is not None
                assert len(walks) == 1

        case "edit-command-line":
            (Path(CACHE_DIR) / _store.RECORD).unlink()  # (as before a first run)
            parsed = _spy(patch, _cli, "main")

            def proof() -> None:
                assert [call.result for call in parsed] == [0]

        case "no-cache":

            def proof() -> None:
                assert not Path(CACHE_DIR).exists()

        case "render-feeds":
            from summitfeed._render import document as _document

            assembled = _spy(patch, _document, "render_document")
            executors = _spy(patch, _pipeline, "render_documents")

            def proof() -> None:
                # The library's call: every document assembled here (the
                # articles may have been read on every core), no executor,
                # nothing written.
                assert assembled
                assert all(call.in_main_thread for call in assembled)
                assert executors == []
                assert _named(forked, "_render_shared_group") == []
                assert not Path("public").exists()

        case "build-articles":
            given = _spy(patch, _pipeline, "build_from_articles")

            def proof() -> None:
                assert len(given) == 1

        case _:
            raise AssertionError(f"no such path: {path}")
    return proof


@dataclass(frozen=True)
class Route:
    """A path: the site shapes that have it today, what comes before its
    build, and how that build is run."""

    path: str
    has: Callable[[Kind], bool]
    before: Literal["nothing", "a build", "a build and an edit"]
    entry: Entry
    forks: bool = False  # (needs fork() and two cores)


def _anywhere(kind: Kind) -> bool:
    return True


def _small_documents(kind: Kind) -> bool:
    return not kind.large_documents


def _large_documents(kind: Kind) -> bool:
    return kind.large_documents


ROUTES = (
    Route("cold-serial", _anywhere, "nothing", "command-line"),
    Route("cold-small", _small_documents, "nothing", "command-line"),
    Route("cold-forked-spool", _large_documents, "nothing", "command-line", True),
    Route("cold-forked-spool-full", _large_documents, "nothing", "command-line", True),
    Route("cold-forked-pipe", _large_documents, "nothing", "command-line", True),
    Route(
        "cold-forked-best",
        lambda kind: kind.many_files and not kind.every_article,
        "nothing",
        "command-line",
        True,
    ),
    Route("threaded-writes", _anywhere, "nothing", "command-line"),
    Route("warm-quick", _anywhere, "a build", "run"),
    Route("warm-snapshot", _anywhere, "a build", "command-line"),
    Route("warm-documents-key", _anywhere, "a build", "command-line"),
    Route("edit-in-process", _small_documents, "a build and an edit", "command-line"),
    Route("edit-splice", _anywhere, "a build and an edit", "command-line"),
    Route(
        "edit-no-splice-parallel",
        _large_documents,
        "a build and an edit",
        "command-line",
        True,
    ),
    Route("edit-no-splice-serial", _anywhere, "a build and an edit", "command-line"),
    Route("edit-with-record", _anywhere, "a build and an edit", "run"),
    Route("edit-command-line", _anywhere, "a build and an edit", "run"),
    Route("no-cache", _anywhere, "nothing", "no-cache"),
    Route("render-feeds", _anywhere, "nothing", "render-feeds"),
    Route("build-articles", _anywhere, "nothing", "build-articles"),
)


def _cases() -> list[Any]:
    # (The generated sites' cases take a few tenths of a second each.)
    return [
        pytest.param(
            kind,
            route,
            id=f"{kind.name}-{route.path}",
            marks=[pytest.mark.slow] if kind.many_files else [],
        )
        for kind in KINDS.values()
        for route in ROUTES
        if route.has(kind)
    ]


# --- the plainest build, and the matrix ----------------------------------------


@dataclass
class References:
    """``summitfeed build --no-cache`` in one process, per site and edit."""

    folder: Path
    generated: Path
    built: dict[tuple[str, bool], dict[str, bytes]]

    def of(self, kind: Kind, *, edited: bool) -> dict[str, bytes]:
        key = (kind.name, edited)
        if key not in self.built:
            site = self.folder / f"{kind.name}-{'edited' if edited else 'as-is'}"
            _make_site(kind, site, self.generated, edited=edited)
            with pytest.MonkeyPatch.context() as patch:
                patch.chdir(site)
                proof = take("no-cache-serial", patch, kind)
                files = _build("no-cache")
                proof()
            self.built[key] = files
        return self.built[key]


@pytest.fixture(scope="module")
def references(
    tmp_path_factory: pytest.TempPathFactory, generated_content: Path
) -> References:
    return References(tmp_path_factory.mktemp("references"), generated_content, {})


def _difference(want: dict[str, bytes], got: dict[str, bytes]) -> str | None:
    if sorted(want) != sorted(got):
        return f"other files: {sorted(set(want) ^ set(got))}"
    for name, data in want.items():
        if got[name] != data:
            at = next(
                (
                    i
                    for i, (a, b) in enumerate(zip(data, got[name], strict=False))
                    if a != b
                ),
                min(len(data), len(got[name])),
            )
            return (
                f"{name} differs at byte {at}: want {data[at - 60 : at + 60]!r}, "
                f"got {got[name][at - 60 : at + 60]!r}"
            )
    return None


def test_the_plainest_build_of_the_demo_is_the_golden_output(
    references: References,
) -> None:
    assert (
        _difference(snapshot(GOLDEN), references.of(KINDS["golden"], edited=False))
        is None
    )


@pytest.mark.slow
def test_the_generated_sites_are_as_large_as_their_paths_need(
    references: References,
) -> None:
    # Every published article in the main feed: hundreds of items, the
    # drafts, future and hidden articles left out; tag feeds and archives.
    published = {
        _generated_fields(number)["title"]
        for number in range(GENERATED_FILES)
        if not {"draft", "feed"} & set(_generated_fields(number))
        and not str(_generated_fields(number)["publish_date"]).startswith("2031")
    }
    assert len(published) >= 400
    archive = references.of(KINDS["archive"], edited=False)
    items = json.loads(archive["feed.json"])["items"]
    assert {item["title"] for item in items} == published
    assert json_feed_problems(archive["feed.json"]) == []
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse(archive[name])
        assert not parsed.bozo, name
        assert {entry.title for entry in parsed.entries} == published, name
    tagged = references.of(KINDS["tags-archives"], edited=False)
    archives = len(published) // 100
    assert f"archive/{archives}/feed.xml" in tagged
    assert f"archive/{archives + 1}/feed.xml" not in tagged
    assert "tags/huts/feed.json" in tagged
    latest = references.of(KINDS["latest"], edited=False)
    assert len(json.loads(latest["feed.json"])["items"]) == 50
    sentence = EDITED_SENTENCE.strip().encode()
    assert sentence not in archive["feed.xml"]
    for name in ("archive", "tags-archives", "latest"):
        assert sentence in references.of(KINDS[name], edited=True)["feed.xml"], name


@pytest.mark.parametrize(("kind", "route"), _cases())
def test_every_path_gives_the_bytes_of_the_plainest_build(
    kind: Kind,
    route: Route,
    references: References,
    generated_content: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:

    if route.forks and not can_fork():
        pytest.skip("this path forks: it needs fork() and two cores")
    site = _make_site(kind, tmp_path / "site", generated_content, edited=False)
    _trust_files_made_until_now(monkeypatch)
    monkeypatch.chdir(site)
    if route.before != "nothing":
        _command()
    edited = route.before == "a build and an edit"
    if edited:
        _edit(site, kind)
    want = references.of(kind, edited=edited)
    proof = take(route.path, monkeypatch, kind)
    got = _build(route.entry)
    proof()
    assert _difference(want, got) is None
