"""Every command over real HTTP: signed slash commands in, Web API and response_url calls out."""

from __future__ import annotations

import json

import pytest

from adapters.slack.blocks import READ_MORE
from bot.commands import REGISTRY
from bot.commands.registry import CommandSpec
from bot.content import Content
from tests.adapters.slack.harness import ALICE, BOB, SlackHarness
from tests.adapters.slack.mock_api import Call, MockSlackApi
from tests.adapters.slack.test_blocks import MENTIONS, assert_within_limits

SAMPLES = {
    "define": "mlops",
    "search": "gradient descent",
    "random": "",
    "help": "define",
    "terms": "our MLOps setup",
    "glossary reload": "",
    "glossary status": "",
    "glossary flags": "",
    "quiz": "definition",
    "practice": "",
    "score": "",
    "leaderboard": "week channel",
    "quizadmin schedule": "<#C0DAILY|daily> 09:30 Europe/Paris weekdays",
    "quizadmin unschedule": "<#C0NONE|none>",
    "quizadmin suggest": "<#C0DAILY|daily> fri 16:00",
    "quizadmin schedules": "",
    "quizadmin close": "",
}
"""A typical line for each command; a new command must add one (see the test below)."""


def reply_of(call: Call) -> str:
    """The visible text of a respond/chat call: fallback text plus every block's text."""
    return call.text()


def buttons_of(call: Call) -> list[dict[str, object]]:
    blocks = call.params.get("blocks") or []
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


async def last_answer(api: MockSlackApi) -> Call:
    """The bot's answer to the last interaction: a response_url call or a chat call."""
    answers = [
        c for c in api.calls if c.method in ("respond", "chat.postMessage", "chat.postEphemeral")
    ]
    assert answers, [c.method for c in api.calls]
    return answers[-1]


def test_every_registered_command_has_a_sample_here() -> None:
    assert {spec.name for spec in REGISTRY} <= set(SAMPLES)


@pytest.mark.parametrize("spec", list(REGISTRY), ids=lambda s: s.name)
async def test_every_command_answers(
    spec: CommandSpec, slack: SlackHarness, api: MockSlackApi
) -> None:
    api.admins.add(ALICE.id)
    head, _, sub = spec.name.partition(" ")
    text = " ".join(filter(None, [sub, SAMPLES[spec.name]]))
    sent = await slack.command(f"/{head}", text)
    assert sent.status == 200 and sent.body == ""  # the ack: empty, at once
    answer = await last_answer(api)
    shown = reply_of(answer)
    assert "I don't know" not in shown and "Something went wrong" not in shown, shown
    if spec.name == "quizadmin unschedule":
        assert "has no daily quiz" in shown
    elif spec.name == "quizadmin close":
        assert "no open question" in shown
    else:
        assert ":warning:" not in shown, shown


async def test_define_answers_in_the_channel_with_a_term_card(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    await slack.command("/define", "what is mlops")
    [answer] = api.of("respond")
    assert answer.params["response_type"] == "in_channel"
    assert answer.params["blocks"][0]["type"] == "header"
    assert "MLOps" in answer.params["blocks"][0]["text"]["text"]
    assert_within_limits(answer.params)


async def test_shh_and_private_answer_only_the_caller(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    await slack.command("/define", "shh mlops")
    await slack.command("/define", "mlops private")
    assert [c.params["response_type"] for c in api.of("respond")] == ["ephemeral", "ephemeral"]


async def test_define_with_no_term_shows_usage(slack: SlackHarness, api: MockSlackApi) -> None:
    await slack.command("/define")
    await slack.command("/define", "help")
    first, second = api.of("respond")
    assert first.params["response_type"] == "ephemeral"
    assert "/define &lt;term&gt;" in reply_of(first)
    assert first.params["blocks"] == second.params["blocks"]


async def test_did_you_mean_buttons_open_the_entry_privately(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    await slack.command("/define", "mrkl")
    [choices] = api.of("respond")
    buttons = buttons_of(choices)
    assert len(buttons) >= 2 and all(str(b["action_id"]).startswith("define:") for b in buttons)
    await slack.click(str(buttons[1]["action_id"]), user=BOB)
    opened = api.of("respond")[-1]
    assert opened.params["response_type"] == "ephemeral"
    assert opened.params["replace_original"] is False
    assert opened.params["blocks"][0]["type"] == "header"


async def test_see_also_buttons_open_the_entry(
    slack: SlackHarness, api: MockSlackApi, content: Content
) -> None:
    entry = next(e for e in content.glossary if e.name == "Machine Learning (ML)")
    await slack.command("/define", entry.name)
    see_also = [
        b for b in buttons_of(api.of("respond")[0]) if str(b["action_id"]).startswith("define:")
    ]
    assert len(see_also) >= 5
    await slack.click(str(see_also[0]["action_id"]))
    opened = api.of("respond")[-1]
    target = content.entry(str(see_also[0]["action_id"]).split(":")[1])
    assert target is not None
    assert opened.params["blocks"][0]["text"]["text"] == target.name


async def test_the_longest_entry_fits_and_the_rest_is_a_click_away(
    slack: SlackHarness, api: MockSlackApi, content: Content
) -> None:
    longest = max(content.glossary, key=lambda e: len(e.definition))
    await slack.command("/define", longest.name)
    [card] = api.of("respond")
    assert_within_limits(card.params)
    more = buttons_of(card)[0]
    assert more["text"] == {"type": "plain_text", "text": READ_MORE, "emoji": True}
    await slack.click(str(more["action_id"]))
    rest = api.of("respond")[-1]
    assert rest.params["response_type"] == "ephemeral"
    assert f"*{longest.name}* (continued)" in reply_of(rest)
    assert_within_limits(rest.params)


@pytest.mark.parametrize("command", ["/define", "/search"])
async def test_mentions_in_a_query_come_back_inert(
    command: str, slack: SlackHarness, api: MockSlackApi
) -> None:
    # With should_escape, Slack sends "@channel" as <!channel>; a user can type <@U…> too.
    await slack.command(command, "<!channel> @here <!everyone> <@U0BOB|bob> zzqx")
    shown = json.dumps([c.params for c in api.calls], ensure_ascii=False)
    for mention in MENTIONS:
        assert mention not in shown
    assert "@here" not in shown.replace("@\u200b", "")
    assert "&lt;" in shown


async def test_an_unknown_slash_command_gets_an_answer_not_a_timeout(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    await slack.command("/frobnicate", "x")
    assert "I don't know `/frobnicate`" in reply_of(api.of("respond")[0])


async def test_a_schedule_needs_a_channel_slack_linked(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    """A `#name` Slack left as text is no channel of this workspace (Slack links real ones)."""
    api.admins.add(ALICE.id)
    await slack.command("/quizadmin", "schedule #nowhere 09:00")
    shown = reply_of(await last_answer(api))
    assert "“#nowhere” is not a channel here" in shown
    assert await slack.bot.core.store.schedules() == []
    await slack.command("/quizadmin", "schedule <#C0DAILY|daily> 09:00 utc")
    assert "Daily quiz scheduled" in reply_of(await last_answer(api))
