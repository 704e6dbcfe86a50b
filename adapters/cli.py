"""The `glossbot` command line: run the bot on a platform, or work with the content.

glossbot console                  chat with the bot in this terminal
glossbot define QUERY... [--json] one-shot lookups (stdin, one per line, with no QUERY)
glossbot search WORDS... [--json] full-text search of names and definitions
glossbot terms [TEXT] [--json]    the glossary terms a message uses (stdin with no TEXT)
glossbot check [--json]           validate every source; exit 1 on errors
glossbot import FILE|DIR [--format F] [--explain]  a glossary file as canonical YAML
glossbot export [--format F] [-o FILE]    the glossary out as yaml, csv, markdown or anki
glossbot quiz --sample N [--json] print generated questions for curators to review
glossbot discord | slack          run on a platform (see deploy/)

Each subcommand lives in its own module, imported only when that subcommand runs, so
`glossbot define` never pays for discord.py, slack_bolt or aiohttp. A module offers
`add_arguments(parser)` and `run(config, args) -> exit code`. A registrar module adds
several subcommands itself (`add_commands(sub, common)`) and runs them all.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from types import ModuleType

from bot.config import configure_logging, load_config
from bot.errors import GlossbotError

EXIT_USAGE = 2

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "console": ("adapters.console.main", "chat with the bot here"),
    "define": ("adapters.tools.define", "look terms up"),
    "search": ("adapters.tools.search", "search names and definitions"),
    "check": ("adapters.tools.check", "validate the content"),
    "terms": ("adapters.tools.terms", "define the glossary terms a message uses"),
    "quiz": ("adapters.tools.quiz", "print generated questions for review"),
}
"""name -> (module, one-line help). Add a subcommand with one line here."""
REGISTRARS = ("adapters.content_cli",)
"""Modules that register their own subcommands (import, export); they load no platform SDK."""
PLATFORMS: dict[str, tuple[str, str]] = {
    "discord": ("adapters.discord.main", "run the bot on Discord (needs DISCORD_TOKEN)"),
    "slack": (
        "adapters.slack.main",
        "run the bot on Slack (Socket Mode, or HTTP mode with --http)",
    ),
}


class _Version(argparse.Action):
    """`--version`; reads the installed metadata only when asked (it is slow to import)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("glossbot")
        except PackageNotFoundError:  # run from a checkout that was never installed
            found = "(not installed)"
        print(f"glossbot {found}")
        parser.exit()


def _parser(argv: Sequence[str]) -> tuple[argparse.ArgumentParser, ModuleType | None]:
    """The parser, with the arguments of the one subcommand named in `argv` (if any)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help="path to glossbot.yaml (or set GLOSSBOT_CONFIG)")
    parser = argparse.ArgumentParser(
        prog="glossbot", description="A chat bot that teaches a team its ML vocabulary."
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    chosen = next((a for a in argv if not a.startswith("-")), None)
    owner = _add_table(sub, common, SUBCOMMANDS, chosen)
    # Registrars import what their commands need (export: genanki) to list them, so only
    # when the command may be theirs, or a full listing is wanted (--help, a typo).
    if chosen not in SUBCOMMANDS and chosen not in PLATFORMS:
        for path in REGISTRARS:
            registrar = import_module(path)
            known = set(sub.choices)
            registrar.add_commands(sub, common)
            if chosen in set(sub.choices) - known:
                owner = registrar
    return parser, _add_table(sub, common, PLATFORMS, chosen) or owner


def _add_table(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    table: dict[str, tuple[str, str]],
    chosen: str | None,
) -> ModuleType | None:
    """Add a table's subcommands; import only the chosen one's module, for its arguments."""
    owner = None
    for name, (path, help_) in table.items():
        command = sub.add_parser(name, parents=[common], help=help_, description=help_)
        if name == chosen:
            owner = import_module(path)
            owner.add_arguments(command)
    return owner


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser, module = _parser(argv)
    args = parser.parse_args(argv)
    assert module is not None  # argparse has refused anything but a known subcommand
    try:
        config = load_config(args.config)
        configure_logging(config)
        code: int = module.run(config, args)
        sys.stdout.flush()
        return code
    except GlossbotError as exc:
        print(f"glossbot: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader left (`glossbot define ... | head`): stop quietly, as other tools do.
        # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
