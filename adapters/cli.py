"""The `glossbot` command line: run the bot on a platform, or work with the content.

glossbot console                 chat with the bot in this terminal
glossbot define QUERY... [--json] one-shot lookups (stdin, one per line, with no QUERY)
glossbot check [--json]           validate every source; exit 1 on errors
glossbot import FILE|DIR [--format F] [--explain]  a glossary file as canonical YAML
glossbot export [--format F] [-o FILE]    the glossary out as yaml, csv, markdown or anki
glossbot quiz --sample N [--json] print generated questions for curators to review
glossbot discord | slack          run on a platform (see deploy/)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path

from adapters import content_cli
from adapters.console import ConsoleSession, render
from adapters.console.repl import run_repl
from bot.config import Config, configure_logging, load_config
from bot.core import Core
from bot.errors import GlossbotError
from bot.lookup import Ambiguous, Found, NotFound, Outcome
from bot.quiz.generate import generate
from bot.quiz.question import QuestionType
from bot.safety import clean_query
from bot.store import SqliteStore
from knowledge import Diagnostic, entry_to_dict, load

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
PLATFORMS = tuple(
    name for name in ("discord", "slack") if (Path(__file__).parent / name / "main.py").exists()
)
"""Each platform adapter offers `HELP`, `add_arguments(parser)` and `run(config, args)`."""


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help="path to glossbot.yaml (or set GLOSSBOT_CONFIG)")
    parser = argparse.ArgumentParser(
        prog="glossbot", description="A chat bot that teaches a team its ML vocabulary."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    console = sub.add_parser("console", parents=[common], help="chat with the bot here")
    console.add_argument("--user", help="your display name in the console")
    define = sub.add_parser("define", parents=[common], help="look terms up")
    define.add_argument("query", nargs="*", help="a term; with none, read one per line")
    define.add_argument("--json", action="store_true", help="one JSON object per query")
    check = sub.add_parser("check", parents=[common], help="validate the content")
    check.add_argument("--json", action="store_true", help="print a JSON report")
    quiz = sub.add_parser("quiz", parents=[common], help="print generated questions for review")
    quiz.add_argument("--sample", type=int, default=10, metavar="N", help="how many (default 10)")
    quiz.add_argument("--type", choices=[t.value for t in QuestionType], help="default: any")
    quiz.add_argument("--seed", type=int, help="reproduce a sample")
    quiz.add_argument("--json", action="store_true", help="one JSON object per question")
    content_cli.add_commands(sub, common)
    for platform in PLATFORMS:
        adapter = import_module(f"adapters.{platform}.main")
        adapter.add_arguments(sub.add_parser(platform, parents=[common], help=adapter.HELP))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        config = load_config(args.config)
        configure_logging(config)
        match args.command:
            case "console":
                return _console(config, args.user)
            case "define":
                return asyncio.run(_define(config, args.query, args.json))
            case "check":
                return _check(config, args.json)
            case "import" | "export":
                return content_cli.run(config, args)
            case "quiz":
                return _quiz(config, args.sample, args.type, args.seed, args.json)
            case platform if platform in PLATFORMS:
                runner: int = import_module(f"adapters.{platform}.main").run(config, args)
                return runner
    except GlossbotError as exc:
        print(f"glossbot: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_USAGE


def _console(config: Config, user: str | None) -> int:
    async def run() -> None:
        core = await Core.start(config)
        try:
            await run_repl(ConsoleSession(core, user or config.console.user))
        finally:
            await core.close()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        print("\nbye")
    return EXIT_OK


def _outcome_json(query: str, outcome: Outcome) -> dict[str, object]:
    match outcome:
        case Found(entry=entry):
            return {
                "query": query,
                "status": "found",
                "entry": entry_to_dict(entry),
                "suggestions": [],
            }
        case Ambiguous(candidates=found):
            status, suggestions = "ambiguous", found
        case NotFound(closest=found):
            status, suggestions = "not_found", found
    return {
        "query": query,
        "status": status,
        "entry": None,
        "suggestions": [entry_to_dict(e) for e in suggestions],
    }


async def _define(config: Config, queries: list[str], as_json: bool) -> int:
    # One-shot lookups keep no state: they would only pollute the lookup log.
    core = await Core.start(config, store=SqliteStore(":memory:"))
    try:
        return await _lookups(core, queries, as_json)
    finally:
        await core.close()


async def _lookups(core: Core, queries: list[str], as_json: bool) -> int:
    batch = not queries
    lines = sys.stdin if batch else [" ".join(queries)]
    session = ConsoleSession(core)
    status = EXIT_OK
    for raw in lines:
        raw = raw.rstrip("\n")
        if batch and not raw.strip() and not as_json:
            continue
        try:
            query = clean_query(raw)
        except GlossbotError as exc:
            if as_json:
                print(json.dumps({"query": raw, "status": "error", "message": exc.message}))
            else:
                print(f"glossbot: {exc.message}", file=sys.stderr)
            status = EXIT_OK if batch else EXIT_USAGE
            continue
        if as_json:
            outcome = core.content.resolver.resolve(query)
            print(json.dumps(_outcome_json(query, outcome), ensure_ascii=False), flush=True)
        else:
            for reply in await session.send(f"/define {query}"):
                print(render(reply), end="\n\n", flush=True)
    return status


def _check(config: Config, as_json: bool) -> int:
    result = load(config.manifest_path)
    if as_json:
        report = {
            "ok": result.glossary is not None,
            "entries": len(result.glossary) if result.glossary else 0,
            "sources": [
                {"file": s.file, "format": s.format, "title": s.title, "entries": s.entries}
                for s in (result.glossary.sources if result.glossary else ())
            ],
            "errors": [_diag(d) for d in result.errors],
            "warnings": [_diag(d) for d in result.warnings],
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        if result.glossary is not None:
            for s in result.glossary.sources:
                print(f"{s.file}: {s.entries} entries ({s.format}: {s.title})")
            print(f"{len(result.glossary)} entries after merging")
        for d in (*result.errors, *result.warnings):
            print(d)
        print(f"{len(result.errors)} errors, {len(result.warnings)} warnings")
    return EXIT_ERRORS if result.errors else EXIT_OK


def _quiz(config: Config, count: int, kind: str | None, seed: int | None, as_json: bool) -> int:
    if count < 1:
        print("glossbot: --sample must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    result = load(config.manifest_path)
    if result.glossary is None:
        for d in result.errors:
            print(d, file=sys.stderr)
        return EXIT_ERRORS
    rng = random.Random(seed)
    wanted = QuestionType(kind) if kind else None
    for n in range(1, count + 1):
        try:
            q = generate(result.glossary, rng, wanted)
        except ValueError as exc:
            print(f"glossbot: {exc}", file=sys.stderr)
            return EXIT_ERRORS
        if as_json:
            correct: object = q.correct if q.options else q.answer
            print(
                json.dumps(
                    {
                        "type": str(q.type),
                        "prompt": q.prompt,
                        "options": list(q.options),
                        "correct": correct,
                        "entry": q.entry_name,
                    },
                    ensure_ascii=False,
                )
            )
            continue
        print(f"{n}. [{q.type}] {q.prompt}")
        for i, option in enumerate(q.options):
            print(f"   {'*' if i == q.correct else ' '} {chr(65 + i)}. {option}")
        if not q.options:
            print(f"   answer: {q.answer} (also: {', '.join(q.accepted[1:]) or '-'})")
        print(f"   entry: {q.entry_name}\n")
    return EXIT_OK


def _diag(d: Diagnostic) -> dict[str, object]:
    return {"file": d.path, "line": d.line, "level": str(d.level), "message": d.message}


if __name__ == "__main__":
    sys.exit(main())
