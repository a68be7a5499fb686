"""A long run of the fast YAML reader's differential fuzzer (issue 12; the suite runs a short one).

Each document is compared as `tests/yaml_fuzz.py` says: `fastyaml.read` against the reference
reader, and `load_bytes` with and without the fast path. By default every document is read
behind enough comment lines to pass the loader's real threshold (128 KB), so each example costs
a full read of that size; `--no-pad` lowers the threshold instead (many times faster).

Usage: `.venv/bin/python benchmarks/fuzz_fastyaml.py [--examples 20000] [--no-pad] [--seed N]`
Prints the count of examples, of those the fast reader answered, and of divergences (each shown);
the exit code is 1 when there is any divergence.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from yaml_fuzz import divergence, documents, padded

from briefing import fastyaml


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--no-pad", action="store_true", help="lower the threshold instead of padding")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed (random when absent)")
    args = parser.parse_args()
    counts = {"examples": 0, "answered": 0, "divergences": 0}
    found: list[tuple[str, str]] = []

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(documents)
    def run(text: str) -> None:
        counts["examples"] += 1
        counts["answered"] += fastyaml.read(text, text.encode("utf-8")) is not None
        problem = divergence(text, threshold=0) if args.no_pad else divergence(padded(text))
        if problem is not None:
            counts["divergences"] += 1
            found.append((text, problem))

    if args.seed is not None:
        run = seed(args.seed)(run)
    started = time.perf_counter()
    run()
    for text, problem in found[:20]:
        print(f"{problem}\n  in {text!r:.400}")
    print(
        f"{counts['examples']} examples, {counts['answered']} answered by the fast reader, "
        f"{counts['divergences']} divergences ({'threshold lowered' if args.no_pad else 'padded past 128 KB'}"
        f", {time.perf_counter() - started:.0f} s)"
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
