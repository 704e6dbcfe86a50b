"""Reading Slack payloads: the command a slash command means, and where it came from."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from adapters.slack.payloads import from_command, from_interaction, parse_command, top_level_names
from bot.commands import REGISTRY
from bot.errors import UsageError


@pytest.mark.parametrize(
    ("command", "text", "line"),
    [
        ("/define", "mlops", "/define mlops"),
        ("/define", "shh what is mlops", "/define what is mlops private"),
        ("/define", "SHH mlops", "/define mlops private"),
        ("/define", "", "/help define"),
        ("/define", "shh", "/help define"),
        ("/define", "help", "/help define"),
        ("/define", "help me", "/define help me"),
        ("/search", "  gradient   descent ", "/search gradient descent"),
        ("/random", "", "/random"),
        ("/help", "", "/help"),
        ("/help", "quiz", "/help quiz"),
        ("/glossary", "", "/help glossary"),
        ("/glossary", "reload", "/glossary reload"),
        ("/quizadmin", "schedule <#C1|general> 09:00", "/quizadmin schedule <#C1|general> 09:00"),
        ("/score", "", "/score"),
        ("/glossbot", "", "/help"),
        ("/glossbot", "define shh mlops", "/define mlops private"),
        ("/glossbot", "/search adam", "/search adam"),
    ],
)
def test_slash_commands_mean_what_the_typed_line_means(command: str, text: str, line: str) -> None:
    assert parse_command(REGISTRY, command, text) == REGISTRY.parse_line(line)


@pytest.mark.parametrize(
    ("command", "text", "message"),
    [
        ("/glossbot", "frobnicate now", "I don't know `/frobnicate`"),
        ("/quiz", "essay", "<type> must be one of"),
        ("/glossary", "frobnicate", "Unknown subcommand “frobnicate” of `/glossary`"),
    ],
)
def test_what_cannot_be_read_says_why(command: str, text: str, message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        parse_command(REGISTRY, command, text)


def test_every_top_level_name_is_one_slash_command() -> None:
    names = top_level_names(REGISTRY)
    assert len(names) == len(set(names))
    assert {"define", "search", "random", "help", "glossary"} <= set(names)
    assert all(" " not in n and n.islower() and len(n) <= 31 for n in names)


def test_origins_carry_what_is_needed_to_answer() -> None:
    command = from_command(
        {
            "team_id": "T1",
            "user_id": "U1",
            "user_name": "ann",
            "channel_id": "D1",
            "trigger_id": "t",
            "response_url": "https://hooks/1",
        }
    )
    ctx = command.context(datetime(2026, 1, 1, tzinfo=UTC), is_admin=True)
    assert (ctx.user, ctx.place, ctx.name, ctx.is_admin) == (
        "slack:T1:U1",
        "slack:T1:D1",
        "ann",
        True,
    )
    assert ctx.in_guild  # a Slack DM still belongs to a workspace
    home_click = from_interaction(
        {
            "type": "block_actions",
            "user": {"id": "U1", "username": "ann", "team_id": "T1"},
            "container": {"type": "view", "view_id": "V1"},
            "view": {"id": "V1", "type": "home"},
            "trigger_id": "t",
        }
    )
    assert (home_click.view_type, home_click.response_url, home_click.team_id) == ("home", "", "T1")
