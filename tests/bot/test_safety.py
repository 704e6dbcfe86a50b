"""User text is validated before use and made inert before it is echoed."""

from __future__ import annotations

import pytest

from bot.actions import Action
from bot.errors import UsageError
from bot.safety import clean_query, inert


def test_mentions_cannot_ping() -> None:
    for raw in ("@everyone", "@here", "@channel", "<@123>", "<!everyone>", "<@&42>", "<#C1>"):
        out = inert(raw)
        assert out != raw
        assert "@everyone" not in out and "<@" not in out and "<!" not in out


def test_markdown_is_escaped() -> None:
    assert inert("**bold** `code`") == r"\*\*bold\*\* \`code\`"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Tell me what to look up"),
        ("   ", "Tell me"),
        ("x" * 5000, "5,000 characters"),
        ("ml\x00ops", "control characters"),
        ("ml\nops", "control characters"),
    ],
)
def test_bad_queries_are_refused(raw: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        clean_query(raw)


def test_good_query_is_tidied() -> None:
    assert clean_query("  what   is  mlops ") == "what is mlops"
    assert clean_query("x" * 200) == "x" * 200


def test_action_round_trip_and_limits() -> None:
    action = Action.of("answer", "9f3a", 2)
    assert action.encode() == "answer:9f3a:2"
    assert Action.decode("answer:9f3a:2") == action
    with pytest.raises(ValueError):
        Action.of("define", "a:b").encode()
    with pytest.raises(ValueError):
        Action.of("define", "x" * 120).encode()
    for bad in ("", "define::x", "x" * 101):
        with pytest.raises(UsageError):
            Action.decode(bad)
