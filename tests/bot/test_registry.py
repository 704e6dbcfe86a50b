"""Typed commands: the signature is the option list, and typed lines bind to it."""

from __future__ import annotations

from typing import Literal

import pytest

from bot.commands import REGISTRY
from bot.commands.registry import Registry
from bot.errors import UsageError


def test_define_spec_comes_from_the_signature() -> None:
    spec = REGISTRY.get("define")
    assert spec is not None
    assert [(p.name, p.kind, p.required) for p in spec.params] == [
        ("term", str, True),
        ("private", bool, False),
    ]
    assert spec.usage == "/define <term> [private]"
    assert spec.description.startswith("Look a term up")


def test_line_binds_greedy_text_and_trailing_flag() -> None:
    spec, kwargs = REGISTRY.parse_line("/define what is mlops private")
    assert spec.name == "define"
    assert kwargs == {"term": "what is mlops", "private": True}


def test_flag_word_inside_a_term_stays_in_the_term() -> None:
    _, kwargs = REGISTRY.parse_line("/define private key")
    assert kwargs == {"term": "private key"}


def test_multiword_command_names() -> None:
    spec, kwargs = REGISTRY.parse_line("/glossary reload")
    assert spec.name == "glossary reload"
    assert spec.admin
    assert kwargs == {}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/frobnicate now", "I don't know `/frobnicate`. Try `/help`"),
        ("/defne mlops", "I don't know `/defne`. Did you mean `/define`?"),
        ("/glossary", "needs a subcommand"),
        ("/glossary foo", "Unknown subcommand “foo” of `/glossary`: use `/glossary"),
        ("/define", "Missing <term>"),
        ("/random extra words", "Too many words"),
        ("", "Type a command"),
    ],
)
def test_bad_lines_explain_themselves(line: str, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(")):
        REGISTRY.parse_line(line)


def test_choices_and_numbers_bind_and_validate() -> None:
    registry = Registry()

    @registry.command("board")
    async def board(
        services: object, ctx: object, period: Literal["week", "all"] = "all", top: int = 10
    ) -> None:
        """Show a board."""

    assert registry.parse_line("/board week 5")[1] == {"period": "week", "top": 5}
    assert registry.parse_line("/board 3")[1] == {"top": 3}
    with pytest.raises(UsageError, match="whole number"):
        registry.parse_line("/board week lots")


def test_unannotated_option_is_rejected_at_definition() -> None:
    registry = Registry()
    with pytest.raises(TypeError, match="needs a type"):

        @registry.command("bad")
        async def bad(services: object, ctx: object, term) -> None:  # type: ignore[no-untyped-def]
            """Bad."""


def test_a_wrong_choice_names_the_option_it_was_meant_for() -> None:
    with pytest.raises(UsageError, match="<type> must be one of definition, term"):
        REGISTRY.parse_line("/quiz essay")
    with pytest.raises(UsageError, match="<period> must be one of week, month, all"):
        REGISTRY.parse_line("/leaderboard yearly")
    assert REGISTRY.parse_line("/leaderboard channel")[1] == {"scope": "channel"}
