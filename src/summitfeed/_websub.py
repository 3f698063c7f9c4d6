"""WebSub publish notifications: tell each hub that a feed has new content.

A hub (https://www.w3.org/TR/websub/) pushes new items to subscribers as soon as
it hears that a feed changed. The notification is a form POST to the hub with
``hub.mode=publish`` and the feed's URL, sent as ``hub.url`` (what most hubs
read) and ``hub.topic`` (the WebSub name). A hub accepts with any 2xx status.

Every hub is told about every topic, even after a failure; then one
:class:`~summitfeed.PingError` lists every refusal. The notifications are
sent at the same time, and the whole ping has one deadline (``ping_timeout``,
30 s by default): a hub that has not answered by then, because it is silent
or sends its answer a byte at a time, is reported as not answering in time.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlencode

from ._errors import PingError
from ._version import __version__

__all__ = ["DEFAULT_TIMEOUT", "Ping", "ping_hubs", "publish_body"]

DEFAULT_TIMEOUT: Final = 30.0
_AT_ONCE: Final = 16  # notifications under way at the same time
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


_OPENER: Final = urllib.request.build_opener(_NoRedirect())


def _notify(hub: str, topic: str, *, timeout: float) -> int | str:
    """The hub's status when it accepted, else what went wrong."""
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
        with _OPENER.open(request, timeout=timeout) as response:
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
    notifications are sent from threads of their own (a few at a time); one
    still unanswered at the deadline is left to end with the process.

    Raises:
        PingError: a hub refused a notification, could not be reached or did
            not answer in time (after every other notification was sent); its
            message lists them all.
    """
    topic_list = list(topics)
    jobs = [(hub, topic) for hub in hubs for topic in topic_list]
    results: list[int | str | None] = [None] * len(jobs)
    deadline = time.monotonic() + timeout
    slots = threading.BoundedSemaphore(_AT_ONCE)
    done = threading.Condition()

    def send(index: int) -> None:
        with slots:
            left = deadline - time.monotonic()
            hub, topic = jobs[index]
            result = _notify(hub, topic, timeout=left) if left > 0 else None
        with done:
            results[index] = result if result is not None else _LATE
            done.notify_all()

    for index in range(len(jobs)):
        name = f"summitfeed-ping-{index}"
        threading.Thread(target=send, args=(index,), name=name, daemon=True).start()
    with done:
        while any(result is None for result in results):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            done.wait(left)
        final = list(results)
    accepted: list[Ping] = []
    failures: list[str] = []
    for (hub, topic), result in zip(jobs, final, strict=True):
        if isinstance(result, int):
            accepted.append(Ping(hub=hub, topic=topic, status=result))
        else:
            if result is None or result is _LATE or result.startswith("did not"):
                result = f"did not answer within {timeout:g} s"
            failures.append(f"hub {hub} {result} (topic {topic})")
    if failures:
        count = len(failures)
        head = f"{count} WebSub notification{'s' if count != 1 else ''} failed:"
        raise PingError("\n".join([head, *failures]))
    return accepted


_LATE: Final = "did not answer in time"
