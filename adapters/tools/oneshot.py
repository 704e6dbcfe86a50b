"""One-shot queries for `glossbot define` and `glossbot search`.

One query from the arguments, or a batch from stdin (one per line, blank lines skipped),
printed as the console shows replies (styled on a terminal, plain in a pipe) or as JSON
lines. Nothing is stored: one-shot lookups would only pollute the lookup log.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys
from collections.abc import Callable, Iterable

from adapters.console import ConsoleSession, render
from adapters.console.render import terminal_width
from bot.config import Config
from bot.core import Core
from bot.errors import GlossbotError
from bot.replies import Reply, Text
from bot.safety import clean_query
from bot.store import SqliteStore

EXIT_OK, EXIT_USAGE = 0, 2
ToJson = Callable[[Core, str], dict[str, object]]


def add_arguments(parser: argparse.ArgumentParser, words: str, help_: str) -> None:
    parser.add_argument("query", nargs="*", metavar=words, help=help_)
    parser.add_argument("--json", action="store_true", help="one JSON object per query")


def run(config: Config, args: argparse.Namespace, command: str, to_json: ToJson) -> int:
    if not args.query and sys.stdin.isatty():
        # Waiting silently for stdin looks like a hang to someone who typed the bare command.
        print(
            f"usage: glossbot {command} {'TERM' if command == 'define' else 'WORDS'}... "
            f"[--json], or pipe queries in, one per line",
            file=sys.stderr,
        )
        return EXIT_USAGE
    lines = sys.stdin if not args.query else [" ".join(args.query)]
    return asyncio.run(
        _answer(
            config,
            lines,
            batch=not args.query,
            command=command,
            to_json=to_json if args.json else None,
        )
    )


async def _answer(
    config: Config, lines: Iterable[str], *, batch: bool, command: str, to_json: ToJson | None
) -> int:
    core = await Core.start(config, store=SqliteStore(":memory:"))
    session = ConsoleSession(core)
    styled, width = sys.stdout.isatty(), terminal_width(sys.stdout)
    status = EXIT_OK
    try:
        for raw in lines:
            if batch and not raw.strip():
                continue
            try:
                query = clean_query(raw.rstrip("\n"), usage=f"glossbot {command} ...")
            except GlossbotError as exc:
                if to_json is not None:
                    print(
                        json.dumps(
                            {"query": raw.rstrip("\n"), "status": "error", "message": exc.message}
                        )
                    )
                else:
                    print(f"glossbot: {exc.message}", file=sys.stderr)
                status = EXIT_OK if batch else EXIT_USAGE
                continue
            if to_json is not None:
                print(json.dumps(to_json(core, query), ensure_ascii=False), flush=True)
                continue
            for reply in await session.send(f"/{command} {query}"):
                print(render(_for_cli(reply), width=width, styled=styled), end="\n\n", flush=True)
    finally:
        await core.close()
    return status


def _for_cli(reply: Reply) -> Reply:
    """Hints name the command line's own search, not the chat's `/search`."""
    parts = tuple(
        Text(p.body.replace("`/search`", "`glossbot search`")) if isinstance(p, Text) else p
        for p in reply.parts
    )
    return dataclasses.replace(reply, parts=parts)
