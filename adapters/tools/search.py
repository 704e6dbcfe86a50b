"""`glossbot search WORDS... [--json]`: full-text search, as `/search` ranks it."""

from __future__ import annotations

import argparse

from adapters.tools import oneshot
from bot.cards import SEARCH_LIMIT, search_reply
from bot.config import Config
from bot.content import Content

HELP = "search names and definitions"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    oneshot.add_arguments(parser, "WORDS", "words to look for; with none, read queries from stdin")


def run(config: Config, args: argparse.Namespace) -> int:
    return oneshot.run(config, args, "search", search_reply, search_json)


def search_json(content: Content, query: str) -> dict[str, object]:
    """`status` is found or not_found; `hits` are the best matches with a snippet each."""
    hits = content.search.search(query, limit=SEARCH_LIMIT)
    return {
        "query": query,
        "status": "found" if hits else "not_found",
        "hits": [{"name": h.entry.name, "id": h.entry.id, "snippet": h.snippet} for h in hits],
    }
