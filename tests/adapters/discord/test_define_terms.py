""" "Define terms" (a message context-menu command) and where each command may be installed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import discord
from discord import app_commands

from adapters.discord.commands import install
from bot.content import Content
from tests.adapters.discord.harness import ALICE, BOB, CHANNEL_ID, buttons, running_bot

MESSAGE_ID = 990000000000000001


def message(content: str) -> dict[str, Any]:
    """A message as `resolved.messages` carries it to a context-menu interaction."""
    return {
        "id": str(MESSAGE_ID),
        "channel_id": str(CHANNEL_ID),
        "author": BOB.user(),
        "content": content,
        "timestamp": "2026-03-02T09:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
    }


def define_terms(content: str) -> dict[str, Any]:
    """The `data` of a type-2 interaction for a message command (`data.type` 3)."""
    return {
        "id": "980000000000000099",
        "type": 3,
        "name": "Define terms",
        "target_id": str(MESSAGE_ID),
        "resolved": {"messages": {str(MESSAGE_ID): message(content)}},
    }


async def test_define_terms_answers_privately_with_each_term(
    content: Content, tmp_path: Path
) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        payload = bot._payload(
            2, define_terms("ship it with MLOps, not HTML"), ALICE, CHANNEL_ID, False
        )
        done = await bot.dispatch(payload)
    assert done.ephemeral
    assert "MLOps" in done.text and "Machine Learning Operations" in done.text
    assert [b["label"] for b in buttons(done.message)] == ["MLOps"]


async def test_define_terms_on_a_message_without_terms(content: Content, tmp_path: Path) -> None:
    async with running_bot(content, tmp_path / "g.db") as bot:
        payload = bot._payload(2, define_terms("lunch at noon?"), ALICE, CHANNEL_ID, False)
        done = await bot.dispatch(payload)
    assert done.ephemeral
    assert done.text == "No glossary terms found in that message."


def registered() -> dict[str, dict[str, Any]]:
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(
        discord.Client(intents=discord.Intents.none())
    )
    install(tree)
    commands = [*tree.get_commands(), *tree.get_commands(type=discord.AppCommandType.message)]
    return {c.name: c.to_dict(tree) for c in commands}


def test_lookups_install_anywhere_and_server_commands_only_in_servers() -> None:
    payloads = registered()
    anywhere = {"define", "search", "random", "help", "terms", "Define terms"}
    servers = {"quiz", "practice", "score", "leaderboard", "glossary", "quizadmin"}
    assert set(payloads) == anywhere | servers
    for name in anywhere:
        assert payloads[name]["contexts"] == [0, 1, 2], name  # guild, bot DM, private channel
        assert payloads[name]["integration_types"] == [0, 1], name  # server and user install
    for name in servers:
        assert payloads[name]["contexts"] == [0], name
        assert payloads[name]["integration_types"] == [0], name
    assert payloads["Define terms"]["type"] == 3  # a message command
