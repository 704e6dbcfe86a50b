"""`glossbot console [--user NAME]`: chat with the bot in this terminal."""

from __future__ import annotations

import argparse
import asyncio
import logging

from adapters.console.outbox import ConsoleOutbox
from adapters.console.repl import run_repl
from adapters.console.session import ConsoleSession
from bot.config import Config
from bot.core import Core

HELP = "chat with the bot here"
EXIT_OK = 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", help="your display name in the console")


def run(config: Config, args: argparse.Namespace) -> int:
    if config.log_level == "INFO":
        # The terminal is the conversation: the operator's INFO lines (lease gained, reloaded)
        # would land between a user's prompts. Warnings still show; `debug` shows everything.
        logging.getLogger().setLevel(logging.WARNING)

    async def chat() -> None:
        outbox = ConsoleOutbox()
        core = await Core.start(config, outbox=outbox)
        try:
            await run_repl(ConsoleSession(core, args.user or config.console.user), outbox)
        finally:
            await core.close()

    try:
        asyncio.run(chat())
    except KeyboardInterrupt:
        print("\nbye")
    return EXIT_OK
