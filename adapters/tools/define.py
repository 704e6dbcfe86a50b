"""`glossbot define QUERY... [--json]`: look terms up as `/define` would."""

from __future__ import annotations

import argparse

from adapters.tools import oneshot
from bot.cards import lookup_reply
from bot.config import Config
from bot.content import Content
from bot.lookup import Ambiguous, Found, NotFound
from bot.replies import Reply
from knowledge import entry_to_dict

HELP = "look terms up"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    oneshot.add_arguments(parser, "TERM", "a term; with none, read one per line from stdin")


def run(config: Config, args: argparse.Namespace) -> int:
    return oneshot.run(config, args, "define", lookup, lookup_json)


def lookup(content: Content, query: str) -> Reply:
    return lookup_reply(content, query, content.resolver.resolve(query))


def lookup_json(content: Content, query: str) -> dict[str, object]:
    """`status` is found, ambiguous or not_found; `suggestions` are candidates, best first."""
    match content.resolver.resolve(query):
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
