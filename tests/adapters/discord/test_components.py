"""Discord recognises a button id by the core's own grammar, not a copy of it."""

from __future__ import annotations

import pytest

from adapters.discord.components import ActionButton
from bot.actions import PATTERN, Action
from bot.errors import UsageError

IDS = ("define:mlops", "answer:9f3a:2", "practice", "Define:x", "define::x", "", "x" * 101)


def test_the_button_template_is_the_action_grammar() -> None:
    assert ActionButton.__discord_ui_compiled_template__ is PATTERN


@pytest.mark.parametrize("text", IDS)
def test_what_discord_routes_is_what_the_core_decodes(text: str) -> None:
    try:
        Action.decode(text)
    except UsageError:
        assert PATTERN.fullmatch(text) is None
    else:
        assert PATTERN.fullmatch(text) is not None
        assert ActionButton(text).action_id == text


def test_a_button_id_the_codec_refuses_cannot_be_built() -> None:
    with pytest.raises(ValueError):
        ActionButton("x" * 101)
