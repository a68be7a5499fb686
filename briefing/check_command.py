"""`briefing check PATH...`: the quality rules of `briefing.quality` over briefs, as text, JSON or
SARIF 2.1.0 (what GitHub code scanning and editors read). Warnings never make the exit code fail
unless `--strict`; an invalid brief is reported with `validate`'s errors and exits 1."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import quote

from briefing import __version__
from briefing.cache import BriefCache
from briefing.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, write_document
from briefing.commands import brief_files
from briefing.errors import BriefError
from briefing.loader import LoadResult, decode, load_bytes, read_bytes
from briefing.quality import RULES, Options, QualityWarning, check, unknown_rule
from briefing.text import json_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INVALID_RULE = "invalid-brief"
"""The SARIF rule id of `validate`'s errors (and of mistakes in a brief's own check settings)."""


def rule_ids(values: list[str]) -> list[str]:
    """The rule ids of `--select`/`--ignore` (each repeatable, each a comma-separated list)."""
    ids = [part.strip() for value in values for part in value.split(",") if part.strip()]
    for rule in ids:
        if rule not in RULES:
            raise UsageError(f"briefing check: {unknown_rule(rule)}")
    return ids


def run(args: argparse.Namespace) -> int:
    """Check every brief named; exit 0 (warnings or none), 1 when one is invalid or `--strict`
    finds a warning, 2 on a usage error or a missing path."""
    if args.list_rules:
        for rule, finds in RULES.items():
            print(f"{rule:26} {finds}")
        return EXIT_OK
    if not args.paths:
        raise UsageError("briefing check: name at least one brief file or folder")
    selected = rule_ids(args.select) or list(RULES)
    ignored = set(rule_ids(args.ignore))
    rules = [rule for rule in selected if rule not in ignored]
    missing = [path for path in args.paths if not path.exists()]
    if missing:
        for path in missing:
            print(f"briefing check: {path}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    files = list(brief_files(args.paths))
    options = Options() if args.stale_days is None else Options(stale_days=args.stale_days)
    cache = BriefCache()
    warnings: list[QualityWarning] = []
    errors: list[BriefError] = []
    invalid = 0
    for file in files:
        data = read_bytes(file, args.max_size)
        result = data if isinstance(data, LoadResult) else load_bytes(data, str(file), cache=cache)
        if result.loaded is None or result.errors:
            invalid += 1
            errors.extend(result.errors)
            continue
        assert isinstance(data, bytes)
        report = check(result.loaded, decode(data), rules=rules, options=options)
        warnings.extend(report.warnings)
        if report.errors:
            invalid += 1
            errors.extend(report.errors)
    if args.format == "json":
        document = {
            "files": len(files),
            "invalid": invalid,
            "warnings": [warning.as_dict() for warning in warnings],
            "errors": [error.as_dict() for error in errors],
        }
        write_document(json_text(document) + "\n")
    elif args.format == "sarif":
        write_document(json_text(sarif(warnings, errors)) + "\n")
    else:
        _print_text(len(files), invalid, warnings, errors)
    if invalid or (args.strict and warnings):
        return EXIT_INVALID
    return EXIT_OK


def _print_text(files: int, invalid: int, warnings: list[QualityWarning], errors: list[BriefError]) -> None:
    for error in errors:
        print(error)
    for warning in warnings:
        print(warning)
    noun = "brief" if files == 1 else "briefs"
    said = [f"{len(warnings)} warning{'' if len(warnings) == 1 else 's'}"]
    if invalid:
        said.append(f"{invalid} invalid ({len(errors)} error{'' if len(errors) == 1 else 's'})")
    print(f"{files} {noun} checked: {', '.join(said)}")


def sarif(warnings: list[QualityWarning], errors: list[BriefError]) -> dict[str, object]:
    """One SARIF 2.1.0 run: every rule described, each warning and error a result at its place.
    Columns count Unicode code points, as every position of briefing does."""
    rules = [*RULES, INVALID_RULE]
    descriptions = {**RULES, INVALID_RULE: "a brief that does not validate, or a mistake in its settings"}
    results = [_result(rules, warning, warning.rule, "warning") for warning in warnings]
    results += [_result(rules, error, INVALID_RULE, "error") for error in errors]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "briefing",
                        "version": __version__,
                        "rules": [
                            {
                                "id": rule,
                                "shortDescription": {"text": descriptions[rule]},
                                "defaultConfiguration": {
                                    "level": "error" if rule == INVALID_RULE else "warning"
                                },
                            }
                            for rule in rules
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _result(rules: list[str], found: QualityWarning | BriefError, rule: str, level: str) -> dict[str, object]:
    return {
        "ruleId": rule,
        "ruleIndex": rules.index(rule),
        "level": level,
        "message": {"text": found.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": file_uri(found.path)},
                    "region": {"startLine": found.line, "startColumn": found.column},
                }
            }
        ],
    }


def file_uri(path: str) -> str:
    """A file name as a URI reference: relative names stay relative (percent-encoded, any byte
    the system gave undecoded included), absolute ones become `file://` URIs."""
    encoded = quote(os.fsencode(Path(path).as_posix()))
    return f"file://{encoded}" if os.path.isabs(path) else encoded
