"""Time to first frame in a real terminal: tmux, driven through one control-mode client.

Each run is a fresh detached tmux session (120×40) whose command is a bash script that writes
`$EPOCHREALTIME` (no fork) and then `exec`s the program: that stamp is the process start. The
screen is then read with `capture-pane` every few milliseconds through the control-mode client
(one long-lived `tmux -C` process, so polling forks nothing and steals little CPU from the
program being measured) until it shows the expected text; the time of that capture is the
first frame. The error of the measurement is the polling interval, the same for floor and subject.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

WIDTH, HEIGHT = 120, 40
POLL_SECONDS = 0.005


class TmuxError(RuntimeError):
    """tmux refused a command or the control client went away."""


@dataclass
class Frame:
    """What one run of a program in tmux gave: when its first matching frame came, or why not."""

    seconds: float | None
    screen: str
    failure: str | None = None


class Tmux:
    """A private tmux server (its own socket) and a control-mode client to command it."""

    def __init__(self) -> None:
        self.socket = f"briefing-bench-{os.getpid()}"
        self.scratch = Path(tempfile.mkdtemp(prefix="briefing-bench-tmux-"))
        base = ["tmux", "-L", self.socket, "-f", "/dev/null"]
        subprocess.run(
            [*base, "new-session", "-d", "-s", "host", "-x", str(WIDTH), "-y", str(HEIGHT)], check=True
        )
        self.client = subprocess.Popen(
            [*base, "-u", "-C", "attach-session", "-t", "host"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.runs = 0
        self.command("set-option -g default-shell /bin/bash")
        self.command("set-option -g remain-on-exit on")
        self.command("set-option -g history-limit 0")

    def command(self, line: str) -> list[str]:
        """Send one tmux command and return its output lines (raises on %error)."""
        assert self.client.stdin is not None and self.client.stdout is not None
        token = f"bench-{time.monotonic_ns()}"
        self.client.stdin.write(f"{line}\ndisplay-message -p {token}\n".encode())
        self.client.stdin.flush()
        blocks: list[tuple[bool, list[str]]] = []
        current: list[str] | None = None
        while True:
            raw = self.client.stdout.readline()
            if not raw:
                raise TmuxError("the tmux control client exited")
            text = raw.decode("utf-8", "replace").rstrip("\n")
            if current is None:
                if text.startswith("%begin"):
                    current = []
                continue
            if text.startswith(("%end", "%error")):
                blocks.append((text.startswith("%error"), current))
                if current == [token]:
                    break
                current = None
                continue
            current.append(text)
        # Blocks before ours are leftovers of the attach; the last two are our command and the token.
        failed, output = blocks[-2] if len(blocks) >= 2 else (False, [])
        if failed:
            raise TmuxError(f"tmux {line.split(maxsplit=1)[0]}: {' '.join(output)}")
        return output

    def first_frame(
        self,
        argv: list[str],
        ready: Callable[[str], bool],
        *,
        env: Mapping[str, str],
        cwd: Path,
        timeout: float = 60.0,
        after: Callable[[str, Callable[[], str]], float | None] | None = None,
        linger: float = 0.0,
    ) -> Frame:
        """Start `argv` in a fresh session and wait until `ready(screen)`.

        With `after`, once the first frame is there, `after(session, capture)` runs and its result
        (seconds, or None) replaces the time to first frame: the reload benchmark edits the file
        there and waits for the screen to change. `linger` keeps the program running that many
        seconds after its first frame (so that it can finish writing its cache).
        """
        self.runs += 1
        name = f"run{self.runs}"
        stamp = self.scratch / f"{name}.start"
        script = self.scratch / f"{name}.sh"
        # The session starts from the tmux server's environment (ours when it started): what
        # `env` leaves out (PYTHONDONTWRITEBYTECODE, XDG_…) is removed, so the program sees `env`.
        unsets = "".join(f"unset {key}\n" for key in sorted(set(os.environ) - set(env)) if key.isidentifier())
        exports = unsets + "".join(f"export {key}={shlex.quote(value)}\n" for key, value in env.items())
        script.write_text(
            f"cd {shlex.quote(str(cwd))}\n{exports}echo $EPOCHREALTIME > {shlex.quote(str(stamp))}\n"
            f"exec {shlex.join(argv)}\n"
        )
        pid = int(
            self.command(
                f"new-session -d -P -F '#{{pane_pid}}' -s {name} -x {WIDTH} -y {HEIGHT} 'exec bash {script}'"
            )[0]
        )
        target = f"{name}:0.0"

        def capture() -> str:
            return "\n".join(self.command(f"capture-pane -p -t {target}"))

        try:
            deadline = time.monotonic() + timeout
            polls = 0
            screen = ""
            while time.monotonic() < deadline:
                screen = capture()
                seen = time.time()
                if ready(screen):
                    start = float(stamp.read_text())
                    time.sleep(linger)
                    if after is not None:
                        return Frame(after(name, capture), capture())
                    return Frame(seen - start, screen)
                polls += 1
                if polls % 20 == 0 and self.command(f"display-message -p -t {target} '#{{pane_dead}}'") == [
                    "1"
                ]:
                    return Frame(None, capture(), "the program exited before its first frame")
                time.sleep(POLL_SECONDS)
            return Frame(None, screen, f"no matching frame within {timeout:.0f} s")
        finally:
            self.command(f"kill-session -t {name}")
            _reap(pid)

    def close(self) -> None:
        """Stop the private server and the control client."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], check=False, capture_output=True)
        self.client.wait(timeout=5)
        for path in self.scratch.iterdir():
            path.unlink()
        self.scratch.rmdir()


def _reap(pid: int) -> None:
    """Make sure the measured program is gone before the next run (it is the server's child)."""
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
