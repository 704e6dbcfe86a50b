""" "Define terms" as a Slack message shortcut: a signed `message_action` through AsyncApp."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from adapters.slack.manifest import build_manifest
from bot.commands import REGISTRY
from tests.adapters.slack.harness import ALICE, GENERAL, SlackHarness
from tests.adapters.slack.mock_api import TEAM, MockSlackApi
from tests.adapters.slack.test_commands import buttons_of, last_answer, reply_of


def shortcut_body(slack: SlackHarness, text: str, callback_id: str = "define_terms") -> str:
    """A message shortcut payload as Slack sends it: the message comes with its text."""
    payload = {
        "type": "message_action",
        "callback_id": callback_id,
        "trigger_id": slack.trigger(),
        "response_url": slack.api.response_url(),
        "team": {"id": TEAM, "domain": "ml-club"},
        "channel": {"id": GENERAL, "name": "general"},
        "user": {"id": ALICE.id, "username": ALICE.name, "team_id": TEAM},
        "message_ts": "1700000000.000100",
        "message": {"type": "message", "user": "U0BOB", "ts": "1700000000.000100", "text": text},
    }
    return urlencode({"payload": json.dumps(payload)})


async def test_define_terms_answers_ephemerally_with_a_button_per_term(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    sent = await slack.post(shortcut_body(slack, "we moved to *MLOps* <@U0BOB>, not HTML"))
    await slack.settled()
    assert sent.status == 200 and sent.body == ""  # acked at once
    answer = await last_answer(api)
    assert answer.method == "respond"
    assert answer.params["response_type"] == "ephemeral"
    assert "MLOps" in reply_of(answer) and "Machine Learning Operations" in reply_of(answer)
    assert [b["text"]["text"] for b in buttons_of(answer)] == ["MLOps"]  # type: ignore[index]


async def test_define_terms_on_a_message_without_terms(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    await slack.post(shortcut_body(slack, "lunch at noon?"))
    await slack.settled()
    assert "No glossary terms found in that message." in reply_of(await last_answer(api))


async def test_a_forged_shortcut_is_refused_and_answers_nothing(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    sent = await slack.post(shortcut_body(slack, "MLOps"), secret="not-the-secret")
    assert sent.status == 401
    assert not [c for c in api.calls if c.method == "respond"]


def test_the_manifest_declares_the_message_shortcut() -> None:
    [shortcut] = build_manifest(REGISTRY)["features"]["shortcuts"]
    assert shortcut["type"] == "message" and shortcut["callback_id"] == "define_terms"
    assert shortcut["name"] == "Define terms"
