"""`glossbot check [--json]`: validate every source; exit 1 on errors, 0 with warnings."""

from __future__ import annotations

import argparse
import json

from bot.config import Config
from knowledge import Diagnostic, load

HELP = "validate the content"
EXIT_OK, EXIT_ERRORS = 0, 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON report")


def run(config: Config, args: argparse.Namespace) -> int:
    result = load(config.manifest_path)
    if args.json:
        report = {
            "ok": result.glossary is not None,
            "entries": len(result.glossary) if result.glossary else 0,
            "sources": [
                {"file": s.file, "format": s.format, "title": s.title, "entries": s.entries}
                for s in (result.glossary.sources if result.glossary else ())
            ],
            "merges": [{"names": [m.first, m.second], "reason": m.reason} for m in result.merges],
            "errors": [_diag(d) for d in result.errors],
            "warnings": [_diag(d) for d in result.warnings],
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        if result.glossary is not None:
            for s in result.glossary.sources:
                print(f"{s.file}: {s.entries} entries ({s.format}: {s.title})")
            print(f"{len(result.glossary)} entries after merging")
        for merged in result.merges:
            print(merged)
        for d in (*result.errors, *result.warnings):
            print(d)
        print(f"{len(result.errors)} errors, {len(result.warnings)} warnings")
    return EXIT_ERRORS if result.errors else EXIT_OK


def _diag(d: Diagnostic) -> dict[str, object]:
    return {"file": d.path, "line": d.line, "level": str(d.level), "message": d.message}
