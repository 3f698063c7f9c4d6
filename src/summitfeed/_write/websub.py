"""WebSub publish notifications: tell each hub that a feed has new content.

A hub (https://www.w3.org/TR/websub/) pushes new items to subscribers as soon as
it hears that a feed changed. The notification is a form POST to the hub with
``hub.mode=publish`` and the feed's URL, sent as ``hub.url`` (what most hubs
read) and ``hub.topic`` (the WebSub name). A hub accepts with any 2xx status.

Every hub is told about every topic, even after a failure; then one
:class:`~summitfeed.PingError` lists every refusal. The notifications are
sent a few at a time by a fixed set of threads, taking the hubs in turn and
never more than a few to one hub at once, so that a silent hub cannot hold
up the others; the whole ping has one deadline (``ping_timeout``, 30 s by
default). A hub that has not answered by then, because it is silent or
sends its answer a byte at a time, is reported as not answering in time; a
notification not yet sent at the deadline as not sent. At the deadline the
connections still open are shut, so that no thread of the ping outlives it.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlencode

from summitfeed._errors import PingError
from summitfeed._version import __version__

__all__ = ["DEFAULT_TIMEOUT", "Ping", "ping_hubs", "publish_body"]

DEFAULT_TIMEOUT: Final = 30.0
_AT_ONCE: Final = 16  # notifications under way at the same time
_PER_HUB: Final = 4  # ... and to one hub
_GRACE: Final = 1.0  # seconds the threads have to end once their sockets are shut
_BODY_SHOWN: Final = 200


@dataclass(frozen=True, slots=True)
class Ping:
    """One notification that a hub accepted."""

    hub: str
    topic: str
    status: int


def _user_agent() -> str:
    return f"summitfeed/{__version__}"


def publish_body(topic: str) -> bytes:
    """The form body of a publish notification for ``topic``."""
    fields = [("hub.mode", "publish"), ("hub.url", topic), ("hub.topic", topic)]
    return urlencode(fields).encode("ascii")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirected POST would arrive as a GET without its body: refuse it."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class _Connections:
    """The connections of one notification, so that they can be shut from
    another thread at the deadline (a blocked read then ends at once)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: list[http.client.HTTPConnection] = []
        self._shut = False

    def add(self, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            self._open.append(connection)
            shut = self._shut
        if shut:
            _shut(connection)

    def shut(self) -> None:
        with self._lock:
            self._shut = True
            connections = list(self._open)
        for connection in connections:
            _shut(connection)


def _shut(connection: http.client.HTTPConnection) -> None:
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, connections: _Connections) -> None:
        super().__init__()
        self._connections = connections

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        def connect(host: str, **options: Any) -> http.client.HTTPConnection:
            made = http.client.HTTPConnection(host, **options)
            self._connections.add(made)
            return made

        return self.do_open(connect, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, connections: _Connections) -> None:
        super().__init__()
        self._connections = connections

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        def connect(host: str, **options: Any) -> http.client.HTTPConnection:
            made = http.client.HTTPSConnection(host, **options)
            self._connections.add(made)
            return made

        context = self._context  # type: ignore[attr-defined]
        return self.do_open(connect, req, context=context)


def _notify(
    hub: str, topic: str, *, timeout: float, connections: _Connections | None = None
) -> int | str:
    """The hub's status when it accepted, else what went wrong."""
    tracked = _Connections() if connections is None else connections
    opener = urllib.request.build_opener(
        _NoRedirect(), _HTTPHandler(tracked), _HTTPSHandler(tracked)
    )
    request = urllib.request.Request(
        hub,
        data=publish_body(topic),
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": _user_agent(),
        },
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as exc:
        text = exc.read(_BODY_SHOWN * 2).decode("utf-8", "replace")
        detail = " ".join(text.split())[:_BODY_SHOWN]
        location = exc.headers.get("Location") if exc.headers else None
        if 300 <= exc.code < 400 and location:
            return (
                f"answered {exc.code} {exc.reason}, a redirect to {location} "
                "(put that address in hubs)"
            )
        return f"refused with {exc.code} {exc.reason}" + (
            f": {detail}" if detail else ""
        )
    except TimeoutError:
        return f"did not answer within {timeout:g} s"
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            return f"did not answer within {timeout:g} s"
        return f"could not be reached: {reason}"
    except (OSError, ValueError, http.client.HTTPException) as exc:
        return f"could not be reached: {type(exc).__name__}: {exc}"


def ping_hubs(
    hubs: Sequence[str],
    topics: Iterable[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[Ping]:
    """Send a publish notification for every topic to every hub, all within
    ``timeout`` seconds in total.

    Returns the accepted notifications, hub by hub, topic by topic. The
    notifications are sent by a few threads, taking the hubs in turn (no
    more than a few to one hub at once); at the deadline the connections
    still open are shut, and the threads end before this returns (all but
    one still looking up a hub's name, which no socket can cut short: a
    daemon thread, it ends with that lookup or with the process).

    Raises:
        PingError: a hub refused a notification, could not be reached, did
            not answer in time, or was not sent one before the deadline
            (after every other notification was sent); its message lists
            them all.
    """
    topic_list = list(topics)
    jobs = [(hub, topic) for hub in hubs for topic in topic_list]
    sending = _Sending(jobs, len(topic_list), deadline=time.monotonic() + timeout)
    workers = [
        threading.Thread(target=sending.work, name=f"summitfeed-ping-{n}", daemon=True)
        for n in range(min(_AT_ONCE, len(jobs)))
    ]
    for worker in workers:
        worker.start()
    final = sending.wait_then_shut()
    ended = time.monotonic() + _GRACE
    for worker in workers:
        worker.join(max(ended - time.monotonic(), 0))
    return _accepted(jobs, final, sending.waiting, timeout)


class _Sending:
    """The notifications of one ping as the threads share them: those
    waiting, the hubs' notifications under way, and what each one gave."""

    def __init__(
        self, jobs: list[tuple[str, str]], topics: int, *, deadline: float
    ) -> None:
        self.jobs = jobs
        self.results: list[int | str | None] = [None] * len(jobs)
        self.deadline = deadline
        # Topic by topic, each hub in turn: every hub's first notification
        # leaves before any hub's second.
        self.waiting = sorted(
            range(len(jobs)), key=lambda index: index % max(topics, 1)
        )
        self.busy: dict[str, int] = {}
        self.under_way: dict[int, _Connections] = {}
        self.state = threading.Condition()
        self.closing = False

    def next_job(self) -> int | None:
        """A job whose hub has room (waits for one); None when done."""
        with self.state:
            while True:
                # (Past the deadline no job leaves, whichever thread wakes first.)
                if (
                    self.closing
                    or not self.waiting
                    or time.monotonic() >= self.deadline
                ):
                    return None
                for at, index in enumerate(self.waiting):
                    hub = self.jobs[index][0]
                    if self.busy.get(hub, 0) < _PER_HUB:
                        del self.waiting[at]
                        self.busy[hub] = self.busy.get(hub, 0) + 1
                        self.under_way[index] = _Connections()
                        return index
                self.state.wait(max(self.deadline - time.monotonic(), 0))
                if time.monotonic() >= self.deadline:
                    return None

    def work(self) -> None:
        """One thread's part: send jobs until none is left or the deadline."""
        while (index := self.next_job()) is not None:
            hub, topic = self.jobs[index]
            left = self.deadline - time.monotonic()
            result: int | str = _LATE
            if left > 0:
                connections = self.under_way[index]
                result = _notify(hub, topic, timeout=left, connections=connections)
            with self.state:
                self.results[index] = result
                self.busy[hub] -= 1
                del self.under_way[index]
                self.state.notify_all()

    def wait_then_shut(self) -> list[int | str | None]:
        """What each job gave once all are done or the deadline passed (None:
        not done); then no job leaves, and the connections open are shut."""
        with self.state:
            while any(result is None for result in self.results):
                left = self.deadline - time.monotonic()
                if left <= 0:
                    break
                self.state.wait(left)
            self.closing = True
            final = list(self.results)
            self.state.notify_all()
            for connections in self.under_way.values():
                connections.shut()
        return final


def _accepted(
    jobs: list[tuple[str, str]],
    final: list[int | str | None],
    waiting: list[int],
    timeout: float,
) -> list[Ping]:
    """The notifications the hubs accepted.

    Raises:
        PingError: any other, each told (see :func:`ping_hubs`).
    """
    accepted: list[Ping] = []
    failures: list[str] = []
    for index, ((hub, topic), result) in enumerate(zip(jobs, final, strict=True)):
        if isinstance(result, int):
            accepted.append(Ping(hub=hub, topic=topic, status=result))
            continue
        if (result is None and index in waiting) or result is _LATE:
            result = f"was not notified before the {timeout:g} s deadline"
        elif result is None or result.startswith("did not"):
            result = f"did not answer within {timeout:g} s"
        failures.append(f"hub {hub} {result} (topic {topic})")
    if failures:
        count = len(failures)
        head = f"{count} WebSub notification{'s' if count != 1 else ''} failed:"
        raise PingError("\n".join([head, *failures]))
    return accepted


_LATE: Final = "taken at the deadline, never sent"
