"""A real headless Chromium, driven over the DevTools protocol through a pipe.

``--remote-debugging-pipe`` makes Chromium read commands on file descriptor 3
and write answers on 4, as NUL-terminated JSON; no WebSocket client is needed.
:meth:`Browser.open` loads a page and returns what a person would see: the
text of the accessibility tree, which includes CSS-generated content (an XML
feed styled with CSS has no other visible text), plus a screenshot.

Debian's ``chromium`` package puts the browser at ``/usr/lib/chromium/chromium``
behind a shell launcher; the binary is used directly when it is there.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Browser", "Page", "find_chromium"]

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--window-size=1000,1400",
)


def find_chromium() -> str | None:
    """The Chromium binary, or None when no browser is installed."""
    for candidate in ("/usr/lib/chromium/chromium",):
        if os.access(candidate, os.X_OK):
            return candidate
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass(frozen=True)
class Page:
    """What the browser showed for one URL."""

    url: str
    texts: tuple[str, ...]
    """Visible text of the accessibility tree, in tree order."""
    png: bytes

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


class Browser:
    """One headless Chromium with a fresh profile; close it when done."""

    def __init__(self, binary: str, *, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="summitfeed-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def child_fds() -> None:
            # dup first: the pipe ends may already be 3 or 4, and os.pipe()
            # makes them close-on-exec.
            read_end, write_end = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self._process = subprocess.Popen(
            [
                binary,
                *FLAGS,
                f"--user-data-dir={self._profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            preexec_fn=child_fds,
            close_fds=False,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0

    def _send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {
            "id": self._next_id,
            "method": method,
            "params": params or {},
        }
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                answer: dict[str, Any] = json.loads(raw)
                if answer.get("id") == self._next_id:
                    if "error" in answer:
                        raise RuntimeError(f"{method}: {answer['error']}")
                    result: dict[str, Any] = answer.get("result", {})
                    return result
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(0.0, left))
            if not ready:
                raise TimeoutError(f"{method}: no answer from the browser")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise EOFError("the browser closed its pipe")
            self._buffer += chunk

    def evaluate(self, session: str, expression: str) -> Any:
        result = self._send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session,
        )
        return result["result"].get("value")

    def open(
        self, url: str, *, screenshot: Path | None = None, check: str | None = None
    ) -> tuple[Page, Any]:
        """Load ``url``; return what it shows and the value of ``check`` (JS)."""
        target = self._send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self._send(
            "Target.attachToTarget", {"targetId": target, "flatten": True}
        )["sessionId"]
        self._send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1000, "height": 1400, "deviceScaleFactor": 1, "mobile": False},
            session,
        )
        self._send("Page.enable", {}, session)
        self._send("Page.navigate", {"url": url}, session)
        deadline = time.monotonic() + self.timeout
        loaded = f"location.href === {json.dumps(url)} && document.readyState"
        while self.evaluate(session, loaded) != "complete":
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not finish loading")
            time.sleep(0.05)
        # Let images decode and layout settle.
        self.evaluate(
            session,
            "Promise.all(Array.from(document.images || [], i => i.decode()"
            ".catch(() => null))).then(() => new Promise(r => setTimeout(r, 100)))",
        )
        tree = self._send("Accessibility.getFullAXTree", {}, session)
        texts = tuple(
            node["name"]["value"]
            for node in tree["nodes"]
            if not node.get("ignored")
            and node.get("role", {}).get("value") == "StaticText"
            and node.get("name", {}).get("value", "").strip()
        )
        shot = self._send(
            "Page.captureScreenshot",
            {"format": "png"},
            session,
        )
        png = base64.b64decode(shot["data"])
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            screenshot.write_bytes(png)
        value = self.evaluate(session, check) if check else None
        self._send("Target.closeTarget", {"targetId": target})
        return Page(url=url, texts=texts, png=png), value

    def close(self) -> None:
        with contextlib.suppress(OSError, TimeoutError, EOFError, RuntimeError):
            self._send("Browser.close")
        try:
            self._process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait(10)
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self._profile, ignore_errors=True)
