"""`briefing serve`: the reader in web browsers, for colleagues who do not live in a terminal.

textual-serve (Textualize's) serves a page whose terminal (xterm.js) talks over a websocket to one
reader process per browser session. The reader is started with a shell command string, so every
part of it goes through `shlex.quote`: a file name is never shell syntax.

The server only answers pages from its own origin: a websocket must come from the page this
server gave out (`Origin` equals `Host`), so another web site open in the same browser cannot
drive a reader; bound to a loopback address, it also refuses any `Host` but a loopback name, so
a site that rebinds its DNS name to 127.0.0.1 gets nothing either.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from briefing.cli import EXIT_OK, EXIT_USAGE
from briefing.text import clean_line

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})


def child_command(path: Path, *, allow_edit: bool) -> str:
    """The shell command textual-serve runs for each browser: this Python, the served reader,
    the brief's absolute path (after `--`), every word quoted."""
    words = [sys.executable, "-m", "briefing.served", *(["--allow-edit"] if allow_edit else [])]
    return shlex.join([*words, "--", str(path.absolute())])


def is_loopback(host: str) -> bool:
    """Whether `host` (as given to --host) is this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed(host_header: str, origin: str | None, *, loopback: bool, websocket: bool) -> bool:
    """Whether a request may be answered: its `Host` a loopback name when the server is bound to
    loopback, and a websocket's `Origin` the server's own."""
    name = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
    if loopback and name.lower() not in LOOPBACK_NAMES:
        return False
    if websocket:
        return origin in (f"http://{host_header}", f"https://{host_header}")
    return True


def banner(path: Path, host: str, port: int, *, allow_edit: bool) -> list[str]:
    """What the server says when it starts: where, to whom, and what browsers may do."""
    shown_host = f"[{host}]" if ":" in host else host
    address = f"http://{shown_host}:{port}"
    where = clean_line(str(path))
    lines = [f"briefing: serving {where} at {address}"]
    if is_loopback(host):
        lines.append("Listening on this machine only; use --host 0.0.0.0 to share it on the network.")
    else:
        lines.append(f"Listening on {clean_line(host)}: anyone who can reach port {port} can read the brief.")
    if allow_edit:
        lines.append(
            f"WARNING: --allow-edit: anyone who can reach {address} can change {where} "
            "(quick edits: question status and answers, event status, new questions)."
        )
    else:
        lines.append(
            "Read-only: no editing and no quick edits; exports arrive as browser downloads. "
            "--allow-edit turns the quick edits on."
        )
    lines.append("Press Ctrl+C to stop.")
    return lines


def run(args: argparse.Namespace) -> int:
    """`briefing serve [PATH] [--host H] [--port N] [--allow-edit]`: serve until Ctrl+C."""
    from briefing.locations import bundled_briefs_dir

    path: Path = args.path if args.path is not None else bundled_briefs_dir()
    if not path.exists():
        print(f"briefing serve: {clean_line(str(path))}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    server = _server(child_command(path, allow_edit=args.allow_edit), args.host, args.port)
    for text in banner(path, args.host, args.port, allow_edit=args.allow_edit):
        print(text, file=sys.stderr, flush=True)
    try:
        server.serve()
    except OSError as error:
        print(
            f"briefing serve: cannot listen on {clean_line(args.host)}:{args.port}: "
            f"{error.strerror or error}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return EXIT_OK


def _server(command: str, host: str, port: int) -> Any:
    """textual-serve's server, with its own start-up text left out (it prints the command, file
    name included, as Rich markup) and the origin checks of this module's docstring added."""
    from aiohttp import web
    from textual_serve.server import Server

    loopback = is_loopback(host)

    @web.middleware
    async def same_origin(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        websocket = request.headers.get("Upgrade", "").lower() == "websocket" or request.path == "/ws"
        if not allowed(request.host, request.headers.get("Origin"), loopback=loopback, websocket=websocket):
            raise web.HTTPForbidden(text="briefing serve: this address or origin is not served here\n")
        return await handler(request)

    class BriefingServer(Server):
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(same_origin)
            return app

        async def on_startup(self, app: web.Application) -> None:
            """Our banner is printed before; textual-serve's would show the command as markup."""

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            # The page's websocket address is the one the browser used (--host 0.0.0.0 would
            # otherwise send ws://0.0.0.0:…); the middleware has checked the Host already.
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

    return BriefingServer(command, host=host, port=port, title="briefing")
