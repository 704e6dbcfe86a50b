"""`glossbot define QUERY... [--json]`: look terms up as `/define` would."""

from __future__ import annotations

import argparse

from adapters.tools import oneshot
from bot.config import Config
from bot.core import Core
from bot.lookup import Ambiguous, Found, NotFound
from knowledge import entry_to_dict

HELP = "look terms up"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    oneshot.add_arguments(parser, "TERM", "a term; with none, read one per line from stdin")


def run(config: Config, args: argparse.Namespace) -> int:
    return oneshot.run(config, args, "define", lookup_json)


def lookup_json(core: Core, query: str) -> dict[str, object]:
    """`status` is found, ambiguous or not_found; `suggestions` are candidates, best first."""
    match core.content.resolver.resolve(query):
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
