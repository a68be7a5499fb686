"""Headless Chromium driven over the DevTools protocol, for the tests of `briefing serve`.

A small client of Chrome's DevTools protocol over a websocket (aiohttp, which textual-serve
depends on): pages in separate browser contexts (two contexts are two browsers: no shared
cookies, storage or sessions), key presses as real key events, screenshots, and downloads saved
to a folder (`Browser.setDownloadBehavior`).

What a page shows: textual-serve draws the terminal with xterm.js on a canvas, so the DOM holds
no text. A script added before the page's own keeps each xterm `Terminal` the page creates (it
catches the assignment `this.terminal = new Terminal(…)` with a setter on `Object.prototype`), and
`Page.screen_text` reads the terminal's screen buffer: the rows xterm.js draws on the canvas.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import os
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

KEEP_TERMINALS = """
(() => {
  window.__terminals = [];
  Object.defineProperty(Object.prototype, "terminal", {
    configurable: true,
    get() { return undefined; },
    set(value) {
      const own = { value, writable: true, configurable: true, enumerable: true };
      Object.defineProperty(this, "terminal", own);
      if (value && value.buffer && value.buffer.active) window.__terminals.push(value);
    },
  });
})();
"""

SCREEN_TEXT = """
(() => {
  const terminal = window.__terminals && window.__terminals[0];
  if (!terminal) return null;
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let row = 0; row < terminal.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
})()
"""

KEYS = {"enter": ("Enter", "\r", 13), "escape": ("Escape", "", 27), "tab": ("Tab", "\t", 9)}


class BrowserError(AssertionError):
    """The browser did not do what a test waited for."""


class Chromium:
    """One headless Chromium process and a DevTools connection to it."""

    def __init__(self, program: str, downloads: Path) -> None:
        self.program = program
        self.downloads = downloads
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []

    async def __aenter__(self) -> Chromium:
        # Chromium's helper processes (crash handler, renderers) may still be writing the profile
        # for a moment after the browser itself has gone: its removal must not fail the test.
        self._profile = tempfile.TemporaryDirectory(prefix="briefing-chromium-", ignore_cleanup_errors=True)
        arguments = [
            self.program,
            "--headless",
            "--remote-debugging-port=0",
            f"--user-data-dir={self._profile.name}",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-popup-blocking",
            "--disable-background-networking",
            "--window-size=1280,900",
            *(["--no-sandbox"] if os.geteuid() == 0 else []),  # Chromium's sandbox refuses root
            "about:blank",
        ]
        self.process = subprocess.Popen(
            arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        port_file = Path(self._profile.name) / "DevToolsActivePort"
        for _ in range(600):
            if port_file.exists() and len(port_file.read_text().splitlines()) >= 2:
                break
            if self.process.poll() is not None:
                raise BrowserError(f"chromium exited with {self.process.returncode} before listening")
            await asyncio.sleep(0.1)
        else:
            raise BrowserError("chromium never wrote DevToolsActivePort")
        port, path = port_file.read_text().splitlines()[:2]
        self._http = aiohttp.ClientSession()
        self._socket = await self._http.ws_connect(f"ws://127.0.0.1:{port}{path}", max_msg_size=0)
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._reader.cancel()
        with contextlib.suppress(Exception):
            await self._socket.close()
            await self._http.close()
        # The browser and every helper it started are one process group (its own session): all
        # of them go, so none outlives the test or keeps writing into the profile.
        group = self.process.pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
        self._profile.cleanup()

    async def _read(self) -> None:
        async for message in self._socket:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._pending:
                self._pending.pop(data["id"]).set_result(data)
            else:
                self.events.append(data)

    async def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> Any:
        """One DevTools command; its result (a bounded wait)."""
        message_id = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[message_id] = future
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        await self._socket.send_str(json.dumps(message))
        reply = await asyncio.wait_for(future, 60)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def new_browser(self) -> str:
        """A new browser context (its own cookies, storage and downloads): a second browser."""
        context = (await self.send("Target.createBrowserContext"))["browserContextId"]
        await self.send(
            "Browser.setDownloadBehavior",
            {
                "behavior": "allow",
                "browserContextId": context,
                "downloadPath": str(self.downloads),
                "eventsEnabled": True,
            },
        )
        return context

    async def open(self, url: str, context: str) -> Page:
        """A page in `context`, its terminal kept, navigated to `url`."""
        target = (
            await self.send("Target.createTarget", {"url": "about:blank", "browserContextId": context})
        )["targetId"]
        session = (await self.send("Target.attachToTarget", {"targetId": target, "flatten": True}))[
            "sessionId"
        ]
        page = Page(self, session)
        await page.send("Page.enable")
        await page.send("Page.addScriptToEvaluateOnNewDocument", {"source": KEEP_TERMINALS})
        await page.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
        await page.send("Page.navigate", {"url": url})
        return page

    async def download(self, rounds: int = 300) -> Path:
        """The next download to complete, once it is complete."""
        for _ in range(rounds):
            for event in self.events:
                if (
                    event.get("method") == "Browser.downloadProgress"
                    and event["params"]["state"] == "completed"
                ):
                    self.events.remove(event)
                    guid = event["params"]["guid"]
                    begun = [
                        e["params"]
                        for e in self.events
                        if e.get("method") == "Browser.downloadWillBegin" and e["params"]["guid"] == guid
                    ]
                    return self.downloads / begun[0]["suggestedFilename"]
            await asyncio.sleep(0.1)
        raise BrowserError(f"no download completed; events: {[e.get('method') for e in self.events][-20:]}")


class Page:
    """One tab, attached with its own DevTools session."""

    def __init__(self, browser: Chromium, session: str) -> None:
        self.browser = browser
        self.session = session

    async def send(self, method: str, params: dict[str, Any] | None = None) -> Any:
        return await self.browser.send(method, params, self.session)

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result["result"].get("value")

    async def screen_text(self) -> str:
        """The rows of the page's terminal, as xterm.js holds them to draw ("" before it exists)."""
        return await self.evaluate(SCREEN_TEXT) or ""

    async def wait_for(self, *texts: str, rounds: int = 600) -> str:
        """The screen, once it shows every one of `texts` (polled; a bound on rounds)."""
        screen = ""
        for _ in range(rounds):
            screen = await self.screen_text()
            if all(text in screen for text in texts):
                return screen
            await asyncio.sleep(0.1)
        raise BrowserError(f"never saw {texts!r}; the terminal shows:\n{screen}")

    async def press(self, key: str) -> None:
        """A key as the user types it: a character (typed as text input, as a keyboard layout
        would produce it), or a named key in KEYS (a key event)."""
        await self.evaluate("window.__terminals[0].focus()")
        if key not in KEYS:
            await self.send("Input.insertText", {"text": key})
            return
        name, text, code = KEYS[key]
        down = {"type": "keyDown", "key": name, "code": name, "windowsVirtualKeyCode": code, "text": text}
        await self.send("Input.dispatchKeyEvent", down)
        up = {"type": "keyUp", "key": name, "code": name, "windowsVirtualKeyCode": code}
        await self.send("Input.dispatchKeyEvent", up)

    async def screenshot(self, path: Path) -> bytes:
        data = base64.b64decode((await self.send("Page.captureScreenshot", {"format": "png"}))["data"])
        path.write_bytes(data)
        return data
