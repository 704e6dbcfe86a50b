"""One-shot queries for `glossbot define` and `glossbot search`.

One query from the arguments, or a batch from stdin (one per line, blank lines skipped),
printed as the console shows replies (styled on a terminal, plain in a pipe) or as JSON
lines. A one-shot run needs only the content: no event loop, no database (lookups would
only pollute the lookup log), no quiz machinery, so it starts fast and stays small. The
parsed glossary is cached between runs (`knowledge.cache`) while its files are unchanged.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from adapters.console.render import render, terminal_width
from bot.config import Config
from bot.content import Content, build_content
from bot.errors import GlossbotError
from bot.replies import Reply, Text
from bot.safety import clean_query
from knowledge.cache import cache_folder, load_cached

EXIT_OK, EXIT_USAGE = 0, 2
Answer = Callable[[Content, str], Reply]
"""The reply a chat command gives for one query."""
ToJson = Callable[[Content, str], dict[str, object]]


def add_arguments(parser: argparse.ArgumentParser, words: str, help_: str) -> None:
    parser.add_argument("query", nargs="*", metavar=words, help=help_)
    parser.add_argument("--json", action="store_true", help="one JSON object per query")


def run(
    config: Config, args: argparse.Namespace, command: str, answer: Answer, to_json: ToJson
) -> int:
    if not args.query and sys.stdin.isatty():
        # Waiting silently for stdin looks like a hang to someone who typed the bare command.
        words = "TERM" if command == "define" else "WORDS"
        print(
            f"usage: glossbot {command} {words}... [--json], or pipe queries in, one per line",
            file=sys.stderr,
        )
        return EXIT_USAGE
    result = load_cached(config.manifest_path, cache_folder())
    if result.glossary is None:
        details = "\n".join(str(d) for d in result.errors)
        raise GlossbotError(f"The glossary has errors and cannot load:\n{details}")
    content = build_content(result.glossary, datetime.now(UTC))
    try:
        lines = sys.stdin if not args.query else [" ".join(args.query)]
        return _answer(
            content,
            lines,
            batch=not args.query,
            command=command,
            answer=answer,
            to_json=to_json if args.json else None,
        )
    finally:
        content.search.close()


def _answer(
    content: Content,
    lines: Iterable[str],
    *,
    batch: bool,
    command: str,
    answer: Answer,
    to_json: ToJson | None,
) -> int:
    styled, width = sys.stdout.isatty(), terminal_width(sys.stdout)
    status = EXIT_OK
    for raw in lines:
        if batch and not raw.strip():
            continue
        try:
            query = clean_query(raw.rstrip("\n"), usage=f"glossbot {command} ...")
        except GlossbotError as exc:
            if to_json is not None:
                failed = {"query": raw.rstrip("\n"), "status": "error", "message": exc.message}
                print(json.dumps(failed))
            else:
                print(f"glossbot: {exc.message}", file=sys.stderr)
            status = EXIT_OK if batch else EXIT_USAGE
            continue
        if to_json is not None:
            print(json.dumps(to_json(content, query), ensure_ascii=False), flush=True)
        else:
            reply = _for_cli(answer(content, query))
            print(render(reply, width=width, styled=styled), end="\n\n", flush=True)
    return status


def _for_cli(reply: Reply) -> Reply:
    """Hints name the command line's own search, not the chat's `/search`."""
    parts = tuple(
        Text(p.body.replace("`/search`", "`glossbot search`")) if isinstance(p, Text) else p
        for p in reply.parts
    )
    return dataclasses.replace(reply, parts=parts)
