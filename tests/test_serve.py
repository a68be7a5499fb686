"""`briefing serve` for real: the server started as a user starts it, read in headless Chromium.

Chromium is Debian's `chromium` (`make test` installs it and requires it); in a plain pytest run
without it the browser test skips, naming it (tests/programs.py). tests/browser.py drives it over
the DevTools protocol and reads what the page's terminal shows. The server binds to 127.0.0.1 on a
free port and is always stopped.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import pytest
from browser import Chromium
from programs import program

from briefing.export import ExportOptions, export_brief
from briefing.index import BriefIndex
from briefing.loader import load
from briefing.serve import allowed, banner, child_command, is_loopback

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "briefs" / "ukraine-peace-plan-2025-11-19.yaml"
TITLE = "US–Russian peace plan for Ukraine"
QUOTE = " ".join(
    (BriefIndex(load(BUNDLED).loaded.brief).statements_by_date[0].quote or "").split()[:4]  # type: ignore[union-attr]
)
"""The first words of the statement the reader shows first, short enough to fit on one line of the pane."""
HOSTILE_NAME = '-x "q" \'s; $(touch PWNED) `touch PWNED2` & | > {a,b}.yaml'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(path: Path, *options: str, log: Path) -> Iterator[str]:
    """`briefing serve PATH` on a free loopback port, until the block ends; its address."""
    port = free_port()
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "briefing", "serve", str(path), "--port", str(port), *options],
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=log.parent,
        )
        try:
            for _ in range(600):
                if server.poll() is not None:
                    raise AssertionError(f"the server exited: {log.read_text(errors='replace')}")
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        break
                asyncio.run(asyncio.sleep(0.1))
            else:
                raise AssertionError(f"the server never listened: {log.read_text(errors='replace')}")
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def test_two_browsers_each_get_their_own_reader_and_an_export_downloads(tmp_path: Path) -> None:
    chromium = program("chromium")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    log = tmp_path / "server.log"

    async def browse(address: str) -> None:
        async with Chromium(chromium, downloads) as browser:
            first = await browser.open(address, await browser.new_browser())
            await first.wait_for(TITLE, QUOTE, "Read-only")
            shot = await first.screenshot(tmp_path / "first.png")
            assert shot.startswith(b"\x89PNG") and len(shot) > 20_000  # a drawn terminal, not a blank page
            # The first browser searches; the second, opened after, starts from a fresh reader.
            await first.press("/")
            await first.wait_for("Search names")
            for key in "zelensky":
                await first.press(key)
            await first.wait_for("search “zelensky”")
            second = await browser.open(address, await browser.new_browser())
            screen = await second.wait_for(TITLE, QUOTE)
            assert "search “" not in screen
            assert "search “zelensky”" in await first.screen_text()
            # An export from the second browser arrives as a download, byte for byte the export.
            await second.press("x")
            await second.wait_for("Download as")
            await second.press("enter")
            saved = await browser.download()
            assert saved.name == "-x__q___s____touch_PWNED___touch_PWNED2_________a_b_.md"
            assert saved.read_text(encoding="utf-8") == export_brief(
                load(BRIEF).loaded, "md", ExportOptions()
            )  # type: ignore[arg-type]

    BRIEF = tmp_path / HOSTILE_NAME
    BRIEF.write_bytes(BUNDLED.read_bytes())
    with serving(BRIEF, log=log) as address:
        asyncio.run(browse(address))
    assert not list(tmp_path.glob("PWNED*")), "the file name ran as shell syntax"
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [HOSTILE_NAME, "server.log", "downloads", "first.png"]
    ), "a served reader wrote next to the brief"


def test_a_hostile_file_name_is_one_quoted_argument(tmp_path: Path) -> None:
    """The command textual-serve runs through a shell: split back, it is exactly our words."""
    path = tmp_path / HOSTILE_NAME
    for allow_edit in (False, True):
        words = shlex.split(child_command(path, allow_edit=allow_edit))
        assert words == [
            sys.executable,
            "-m",
            "briefing.served",
            *(["--allow-edit"] if allow_edit else []),
            "--",
            str(path),
        ]
    # and a real shell runs it as such: `echo` in place of the reader prints the name unchanged
    command = child_command(path, allow_edit=False).replace(shlex.quote(sys.executable), "printf '%s\\n'", 1)
    run = subprocess.run(["sh", "-c", command], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert run.stdout.splitlines()[-1] == str(path)
    assert not list(tmp_path.glob("PWNED*"))


def test_a_relative_name_with_a_leading_dash_becomes_an_absolute_path(tmp_path: Path) -> None:
    words = shlex.split(child_command(Path("-rf"), allow_edit=False))
    assert words[-2:] == ["--", str(Path.cwd() / "-rf")]


@pytest.mark.parametrize(
    ("host", "origin", "loopback", "websocket", "expected"),
    [
        ("127.0.0.1:8000", None, True, False, True),
        ("localhost:8000", None, True, False, True),
        ("[::1]:8000", None, True, False, True),
        ("evil.example:8000", None, True, False, False),  # DNS rebinding onto 127.0.0.1
        ("127.0.0.1.evil.example:8000", None, True, False, False),
        ("127.0.0.1:8000", "http://127.0.0.1:8000", True, True, True),
        ("127.0.0.1:8000", "http://evil.example", True, True, False),  # another site's page
        ("127.0.0.1:8000", None, True, True, False),
        ("127.0.0.1:8000", "null", True, True, False),
        ("10.0.0.5:8000", "http://10.0.0.5:8000", False, True, True),
        ("10.0.0.5:8000", "http://evil.example", False, True, False),
        ("reader.lan:8000", None, False, False, True),
    ],
)
def test_requests_are_answered_only_from_the_servers_own_origin(
    host: str, origin: str | None, loopback: bool, websocket: bool, expected: bool
) -> None:
    assert allowed(host, origin, loopback=loopback, websocket=websocket) is expected


def test_the_real_server_refuses_foreign_hosts_and_origins(tmp_path: Path) -> None:
    async def probe(address: str) -> None:
        async with aiohttp.ClientSession() as session:
            async with session.get(address) as page:
                assert page.status == 200
                assert f"ws://{address.split('//')[1]}ws" in await page.text()
            async with session.get(address, headers={"Host": "evil.example"}) as page:
                assert page.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await session.ws_connect(address + "ws", headers={"Origin": "http://evil.example"})
            socket_ = await session.ws_connect(address + "ws", headers={"Origin": address.rstrip("/")})
            await socket_.close()

    with serving(BUNDLED, log=tmp_path / "server.log") as address:
        asyncio.run(probe(address))


def test_the_banner_says_where_and_what_browsers_may_do() -> None:
    local = "\n".join(banner(BUNDLED, "127.0.0.1", 8000, allow_edit=False))
    assert "at http://127.0.0.1:8000" in local and "this machine only" in local and "Read-only" in local
    shared = "\n".join(banner(BUNDLED, "0.0.0.0", 8080, allow_edit=True))
    assert "anyone who can reach port 8080 can read" in shared
    assert "WARNING: --allow-edit: anyone who can reach http://0.0.0.0:8080 can change" in shared
    hostile = "\n".join(banner(Path("a\x1b]0;x\x07[bold].yaml"), "::1", 1, allow_edit=False))
    assert "\x1b" not in hostile and "\x07" not in hostile and "http://[::1]:1" in hostile
    assert is_loopback("localhost") and is_loopback("::1") and is_loopback("127.5.0.1")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")


def test_serve_usage_errors_exit_2(tmp_path: Path) -> None:
    def serve(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "briefing", "serve", *arguments],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
            env={**os.environ, "NO_COLOR": "1"},
        )

    missing = serve("nothing-here.yaml")
    assert missing.returncode == 2 and "nothing-here.yaml: no such file or folder" in missing.stderr
    for port in ("0", "65536", "http"):
        assert serve(str(BUNDLED), "--port", port).returncode == 2
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = serve(str(BUNDLED), "--port", str(taken.getsockname()[1]))
    assert busy.returncode == 2 and "cannot listen on 127.0.0.1" in busy.stderr
    assert "Traceback" not in busy.stderr
