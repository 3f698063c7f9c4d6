"""WebSub: hubs advertised in every format; publish pings to a local hub."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import feedparser
import pytest

from summitfeed import PingError
from summitfeed._cli.main import main
from summitfeed._write import websub
from summitfeed._write.websub import ping_hubs
from tests.conftest import (
    BASE_URL,
    NOW_TEXT,
    basic_fields,
    build_to,
    make_site,
    parse_xml,
    write_article,
)

ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass
class Received:
    path: str
    content_type: str
    form: dict[str, list[str]]


@dataclass
class Hub:
    """A WebSub hub on the loopback address that records what it receives."""

    status: int = 204
    delay: float = 0.0
    location: str | None = None
    received: list[Received] = field(default_factory=list)
    url: str = ""

    def topics(self) -> list[str]:
        return sorted(r.form["hub.url"][0] for r in self.received)


@pytest.fixture
def hub() -> Iterator[Hub]:
    state = Hub()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("ascii")
            with lock:
                state.received.append(
                    Received(
                        path=self.path,
                        content_type=self.headers.get("Content-Type", ""),
                        form=parse_qs(body, keep_blank_values=True),
                    )
                )
            if state.delay:
                time.sleep(state.delay)
            message = b"" if state.status < 300 else b"topic not allowed here"
            self.send_response(state.status)
            if state.location:
                self.send_header("Location", state.location)
            self.send_header("Content-Length", str(len(message)))
            self.end_headers()
            self.wfile.write(message)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hub"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# --- the library -----------------------------------------------------------------


def test_publish_notification_form(hub: Hub) -> None:
    topic = f"{BASE_URL}feed.xml"
    pings = ping_hubs([hub.url], [topic])
    assert [(p.hub, p.topic, p.status) for p in pings] == [(hub.url, topic, 204)]
    (received,) = hub.received
    assert received.path == "/hub"
    assert received.content_type == "application/x-www-form-urlencoded"
    assert received.form == {
        "hub.mode": ["publish"],
        "hub.url": [topic],
        "hub.topic": [topic],
    }


def test_every_topic_to_every_hub(hub: Hub) -> None:
    topics = [f"{BASE_URL}feed.xml", f"{BASE_URL}atom.xml"]
    pings = ping_hubs([hub.url, hub.url + "2"], topics)
    assert len(pings) == 4
    assert sorted(r.path for r in hub.received) == ["/hub", "/hub", "/hub2", "/hub2"]


def test_a_refusing_hub_is_a_ping_error(hub: Hub) -> None:
    hub.status = 403
    with pytest.raises(PingError) as caught:
        ping_hubs([hub.url], [f"{BASE_URL}feed.xml", f"{BASE_URL}atom.xml"])
    message = str(caught.value)
    assert "2 WebSub notifications failed" in message
    assert f"hub {hub.url} refused with 403" in message
    assert "topic not allowed here" in message
    assert len(hub.received) == 2  # the second topic was still sent


def test_a_redirect_is_refused_not_followed(hub: Hub) -> None:
    hub.status = 301
    hub.location = "https://elsewhere.example.net/hub"
    with pytest.raises(PingError, match="redirect to https://elsewhere"):
        ping_hubs([hub.url], [f"{BASE_URL}feed.xml"])
    assert len(hub.received) == 1


def test_a_slow_hub_times_out(hub: Hub) -> None:
    hub.delay = 2.0
    started = time.monotonic()
    with pytest.raises(PingError, match=r"did not answer within 0\.3 s"):
        ping_hubs([hub.url], [f"{BASE_URL}feed.xml"], timeout=0.3)
    assert time.monotonic() - started < 1.8


def test_an_unreachable_hub_is_a_ping_error() -> None:
    with pytest.raises(PingError, match="could not be reached"):
        ping_hubs(["http://127.0.0.1:9/hub"], [f"{BASE_URL}feed.xml"], timeout=2)


# --- hubs in the feeds -------------------------------------------------------------


def test_hubs_advertised_in_every_format(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "a.md", basic_fields("Larch Woods", "2025-03-01"))
    hubs = ("https://hub.example.net/", "https://push.example.com/hub")
    build_to(content, tmp_path / "out", site=make_site(hubs=hubs))
    out = tmp_path / "out"
    rss = parse_xml((out / "feed.xml").read_bytes())
    channel_hubs = [
        link.get("href")
        for link in rss.find("channel").findall(f"{ATOM}link")
        if link.get("rel") == "hub"
    ]
    assert channel_hubs == list(hubs)
    atom = parse_xml((out / "atom.xml").read_bytes())
    atom_hubs = [
        link.get("href")
        for link in atom.findall(f"{ATOM}link")
        if link.get("rel") == "hub"
    ]
    assert atom_hubs == list(hubs)
    feed = json.loads((out / "feed.json").read_bytes())
    assert feed["hubs"] == [{"type": "WebSub", "url": hub} for hub in hubs]
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((out / name).read_bytes())
        assert not parsed.bozo
        assert [link.href for link in parsed.feed.links if link.rel == "hub"] == list(
            hubs
        )


def test_no_hub_links_without_hubs(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_article(content, "a.md", basic_fields("Larch Woods", "2025-03-01"))
    build_to(content, tmp_path / "out", site=make_site())
    assert b'rel="hub"' not in (tmp_path / "out" / "feed.xml").read_bytes()
    assert b'rel="hub"' not in (tmp_path / "out" / "atom.xml").read_bytes()
    assert "hubs" not in json.loads((tmp_path / "out" / "feed.json").read_bytes())


# --- the command line --------------------------------------------------------------


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    write_article(
        content, "a.md", basic_fields("Larch Woods", "2025-03-01", tags=["Ridge"])
    )
    write_article(
        content, "b.md", basic_fields("Scree Fields", "2025-04-01", tags=["Snow"])
    )
    return content


def _args(tmp_path: Path, hub: Hub, *more: str) -> list[str]:
    return [
        str(tmp_path / "content"),
        "--title",
        "Trail Log",
        "--base-url",
        BASE_URL,
        "--hubs",
        hub.url,
        "--now",
        NOW_TEXT,
        *more,
    ]


MAIN_TOPICS = [f"{BASE_URL}atom.xml", f"{BASE_URL}feed.json", f"{BASE_URL}feed.xml"]


def _tag_topics(*tags: str) -> list[str]:
    return [
        f"{BASE_URL}tags/{tag}/{name}"
        for tag in tags
        for name in ("atom.xml", "feed.json", "feed.xml")
    ]


def test_ping_command_pings_every_feed(
    tmp_path: Path, hub: Hub, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    _content(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["ping", *_args(tmp_path, hub, "--tag-feeds")]) == 0
    assert hub.topics() == sorted(MAIN_TOPICS + _tag_topics("ridge", "snow"))
    assert f"pinged {hub.url}: 9 feeds" in capsys.readouterr().out
    assert not (tmp_path / "public").exists()  # ping writes no feed


def test_ping_command_refused_exits_1(
    tmp_path: Path, hub: Hub, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    _content(tmp_path)
    monkeypatch.chdir(tmp_path)
    hub.status = 500
    assert main(["ping", *_args(tmp_path, hub)]) == 1
    err = capsys.readouterr().err
    assert "summitfeed: 3 WebSub notifications failed" in err
    assert "refused with 500" in err
    assert "Traceback" not in err


def test_ping_without_hubs_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    _content(tmp_path)
    monkeypatch.chdir(tmp_path)
    argv = ["ping", "content", "--title", "T", "--base-url", BASE_URL]
    assert main(argv) == 2
    assert "no WebSub hubs" in capsys.readouterr().err
    build = ["build", "content", "--title", "T", "--base-url", BASE_URL, "--ping"]
    assert main([*build, "--now", NOW_TEXT]) == 2


def test_build_ping_notifies_only_changed_feeds(
    tmp_path: Path, hub: Hub, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    content = _content(tmp_path)
    monkeypatch.chdir(tmp_path)
    argv = ["build", *_args(tmp_path, hub, "--tag-feeds", "--ping", "-o", "out")]
    assert main(argv) == 0
    assert hub.topics() == sorted(MAIN_TOPICS + _tag_topics("ridge", "snow"))
    hub.received.clear()

    assert main(argv) == 0  # nothing changed
    assert hub.received == []
    assert "no feed changed; no hub pinged" in capsys.readouterr().out

    write_article(
        content,
        "b.md",
        basic_fields("Scree Fields", "2025-04-01", tags=["Snow"], subtitle="Loose"),
    )
    assert main(argv) == 0
    assert hub.topics() == sorted(MAIN_TOPICS + _tag_topics("snow"))


def test_build_ping_refused_exits_1_after_writing(
    tmp_path: Path, hub: Hub, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    _content(tmp_path)
    monkeypatch.chdir(tmp_path)
    hub.status = 410
    argv = ["build", *_args(tmp_path, hub, "--ping", "-o", "out")]
    assert main(argv) == 1
    assert "refused with 410" in capsys.readouterr().err
    assert (tmp_path / "out" / "feed.xml").is_file()


def test_dry_run_never_pings(
    tmp_path: Path, hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    _content(tmp_path)
    monkeypatch.chdir(tmp_path)
    argv = ["build", *_args(tmp_path, hub, "--ping", "--dry-run", "-o", "out")]
    assert main(argv) == 0
    assert hub.received == []


@pytest.fixture
def trickling_hub() -> Iterator[str]:
    """A hub on the loopback address that answers one byte at a time, never
    finishing: stopped (and its connections closed) when the test ends."""
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    connections: list[socket.socket] = []

    def trickle(connection: socket.socket) -> None:
        with contextlib.suppress(OSError):
            connection.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"z" * 10_000:
                if stop.wait(0.2):
                    break
                connection.sendall(bytes([byte]))

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            connections.append(connection)
            threading.Thread(target=trickle, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/hub"
    finally:
        stop.set()
        thread.join(5)
        listener.close()
        for connection in connections:
            connection.close()


def test_one_deadline_for_the_whole_ping(hub: Hub, trickling_hub: str) -> None:
    topics = [f"{BASE_URL}{name}" for name in ("feed.xml", "atom.xml", "feed.json")]
    started = time.monotonic()
    with pytest.raises(PingError) as caught:
        ping_hubs([trickling_hub, hub.url], topics, timeout=1)
    elapsed = time.monotonic() - started
    # Three notifications to a hub that trickles, sent at once: one second
    # in all, not one per socket read or per topic.
    assert elapsed < 2.5
    message = str(caught.value)
    assert message.startswith("3 WebSub notifications failed")
    assert message.count(f"hub {trickling_hub} did not answer within 1 s") == 3
    assert hub.topics() == sorted(topics)  # the other hub was told meanwhile


@pytest.fixture
def silent_hub() -> Iterator[str]:
    """A hub on the loopback address that takes connections and never says
    a word (closed when the test ends)."""
    listener = socket.create_server(("127.0.0.1", 0), backlog=128)
    taken: list[socket.socket] = []
    stop = threading.Event()
    listener.settimeout(0.1)

    def take() -> None:
        while not stop.is_set():
            try:
                taken.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                break

    thread = threading.Thread(target=take, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/hub"
    finally:
        stop.set()
        thread.join(5)
        listener.close()
        for connection in taken:
            connection.close()


def test_a_silent_hub_holds_up_no_other_hub(hub: Hub, silent_hub: str) -> None:
    topics = [f"{BASE_URL}tags/t{number}.xml" for number in range(20)]
    started = time.monotonic()
    with pytest.raises(PingError) as caught:
        ping_hubs([silent_hub, hub.url], topics, timeout=2)
    assert time.monotonic() - started < 4.5
    # Every notification to the hub that answers arrived, though the silent
    # one was listed first and has as many as there are threads.
    assert hub.topics() == sorted(topics)
    lines = str(caught.value).splitlines()
    assert lines[0] == "20 WebSub notifications failed:"
    assert all(line.startswith(f"hub {silent_hub} ") for line in lines[1:])
    answered_late = [line for line in lines if "did not answer within 2 s" in line]
    not_sent = [
        line for line in lines if "not notified before the 2 s deadline" in line
    ]
    assert len(answered_late) + len(not_sent) == 20
    assert not_sent  # (never more than a few to one hub at once)
    # The connections left open were shut: no thread of the ping is left.
    alive = [t.name for t in threading.enumerate() if t.name.startswith("summitfeed-")]
    assert alive == []


def test_each_outcome_at_the_deadline_is_told_as_what_happened() -> None:
    """What the threads leave at the deadline, told one by one: an answer
    that came late, a notification taken but never sent, one still waiting
    for its hub, and one under way with no answer yet."""
    hub = "https://hub.example.net/"
    jobs = [(hub, f"{BASE_URL}{name}") for name in ("a.xml", "b.xml", "c.xml", "d.xml")]
    late = "did not answer within 0.25 s"  # (the time left when it was sent)
    final: list[int | str | None] = [late, websub._LATE, None, None]
    with pytest.raises(PingError) as caught:
        websub._accepted(jobs, final, waiting=[2], timeout=3)
    assert str(caught.value).splitlines() == [
        "4 WebSub notifications failed:",
        f"hub {hub} did not answer within 3 s (topic {BASE_URL}a.xml)",
        f"hub {hub} was not notified before the 3 s deadline (topic {BASE_URL}b.xml)",
        f"hub {hub} was not notified before the 3 s deadline (topic {BASE_URL}c.xml)",
        f"hub {hub} did not answer within 3 s (topic {BASE_URL}d.xml)",
    ]


def test_accepted_notifications_are_returned_in_order() -> None:
    jobs = [("https://hub.example.net/", f"{BASE_URL}{n}") for n in ("a", "b")]
    accepted = websub._accepted(jobs, [202, 204], waiting=[], timeout=3)
    assert [(ping.topic, ping.status) for ping in accepted] == [
        (f"{BASE_URL}a", 202),
        (f"{BASE_URL}b", 204),
    ]
