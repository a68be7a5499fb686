"""A stand-in for the user's editor in tests: records how it was called, then edits the file.

Copied into a test's folder under an editor's name (`vim`, `code`, `hx`, ...) so that the family
is recognised; `FAKE_EDITOR_LOG` names the JSON file its arguments are appended to. It finds
the file it was given (after `+LINE`, or inside `FILE:LINE[:COL]`), and appends a comment line
to it, as a user saving a change would.
"""

import json
import os
import re
import sys
from pathlib import Path


def target(args: list[str]) -> str:
    """The file named in the arguments, whatever the family's form."""
    candidates = [arg for arg in args if not arg.startswith(("+", "-"))]
    name = candidates[-1]
    if not Path(name).exists():
        name = re.sub(r"(:\d+){1,2}$", "", name)
    return name


def main() -> int:
    args = sys.argv[1:]
    log = Path(os.environ["FAKE_EDITOR_LOG"])
    calls = json.loads(log.read_text()) if log.exists() else []
    calls.append({"program": Path(sys.argv[0]).name, "args": args})
    log.write_text(json.dumps(calls))
    with open(target(args), "a", encoding="utf-8") as handle:
        handle.write(os.environ.get("FAKE_EDITOR_APPEND", "# edited by the fake editor\n"))
    return int(os.environ.get("FAKE_EDITOR_EXIT", "0"))


if __name__ == "__main__":
    sys.exit(main())
