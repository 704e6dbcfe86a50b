"""Requests Slack did not sign, requests Slack sent twice, and admin commands by members."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from adapters.slack.app import Bolt
from bot.config import SlackConfig
from bot.core import Core
from tests.adapters.slack.harness import (
    ALICE,
    BOB,
    GENERAL,
    SlackHarness,
    running_bot,
)
from tests.adapters.slack.mock_api import TEAM, MockSlackApi
from tests.adapters.slack.test_commands import buttons_of, reply_of
from tests.conftest import FakeClock


@pytest.mark.parametrize(
    "forgery",
    [
        {"secret": "not-the-secret"},
        {"timestamp": int(time.time()) - 301},  # replayed outside Slack's 5-minute window
    ],
    ids=["forged-signature", "stale-timestamp"],
)
async def test_unsigned_requests_are_refused_and_change_nothing(
    forgery: dict[str, object], slack: SlackHarness, api: MockSlackApi, core: Core
) -> None:
    api.admins.add(ALICE.id)
    for command, text in [("/quiz", ""), ("/glossary", "reload"), ("/define", "mlops")]:
        sent = await slack.post(slack.slash_body(command, text), **forgery)  # type: ignore[arg-type]
        assert sent.status == 401
        assert sent.body == '{"error": "invalid request"}'
    await slack.settled()
    assert api.calls == []
    assert await core.store.open_question_in(f"slack:{TEAM}:{GENERAL}", daily=False) is None
    assert await core.store.top_entries(None, 5) == []


async def test_a_retried_command_posts_once(slack: SlackHarness, api: MockSlackApi) -> None:
    body = slack.slash_body("/quiz", "definition")
    first = await slack.post(body)
    retry = await slack.post(
        body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    )
    await slack.settled()
    assert (first.status, retry.status) == (200, 200)
    assert retry.headers.get("x-slack-no-retry") == "1"
    assert len(api.of("chat.postMessage")) == 1
    assert slack.bot.seen.ignored == 1


async def test_a_retried_answer_counts_once(
    slack: SlackHarness, api: MockSlackApi, core: Core
) -> None:
    await slack.command("/quiz", "term")
    first_button = str(buttons_of(api.of("chat.postMessage")[0])[0]["action_id"])
    body = slack.click_body(first_button, user=BOB)
    await slack.post(body)
    await slack.post(body, headers={"X-Slack-Retry-Num": "1"})
    await slack.post(body)  # a replay within the signature window is the same request
    await slack.settled()
    assert len(api.of("respond")) == 1
    assert len(await core.store.answers(first_button.split(":")[1])) == 1


async def test_a_retried_event_is_handled_once(slack: SlackHarness, api: MockSlackApi) -> None:
    body = slack.event_body({"type": "app_home_opened", "user": BOB.id, "tab": "home"}, "Ev0SAME")
    await slack.post(body, "application/json")
    await slack.post(body, "application/json", headers={"X-Slack-Retry-Num": "2"})
    await slack.settled()
    assert len(api.of("views.publish")) == 1


async def test_admin_commands_by_a_member_are_refused(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    for text in ("reload", "status"):
        await slack.command("/glossary", text, user=BOB)
    await slack.command("/quizadmin", "schedule <#C0DAILY|daily> 09:00", user=BOB)
    refusals = api.of("respond")
    assert all(c.params["response_type"] == "ephemeral" for c in refusals)
    assert all("Only admins can use" in reply_of(c) for c in refusals)
    assert len(api.of("users.info")) == 1  # asked once, then cached
    assert api.of("users.info")[0].params["user"] == BOB.id


async def test_workspace_admins_are_recognised_and_members_only_ask_for_admin_commands(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    await slack.command("/define", "mlops", user=BOB)
    await slack.command("/quiz", user=BOB)
    assert api.of("users.info") == []  # no Slack call for commands anyone may run
    api.admins.add(ALICE.id)
    await slack.command("/glossary", "reload")
    assert "Reloaded:" in reply_of(api.of("respond")[-1])


async def test_configured_admins_need_no_lookup(
    core: Core, bolt: Bolt, api: MockSlackApi, clock: FakeClock
) -> None:
    core.config = replace(core.config, slack=SlackConfig(admin_users=(BOB.id,)))
    async with running_bot(core, bolt, api, clock) as slack:
        await slack.command("/glossary", "status", user=BOB)
    assert api.of("users.info") == []
    assert "Glossary status" in reply_of(api.of("respond")[0])
