"""Replies to `response_url`s in HTTP mode: acked before the work starts, one kept-alive
session, a rendered message reused, nothing lost in a burst or at stop."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qs, quote

import pytest

from adapters.slack.blocks import render
from adapters.slack.delivery import encoded
from bot.cards import term_card
from bot.content import Content
from bot.core import Core
from bot.store import Store
from tests.adapters.slack.harness import Bolt, SlackHarness, oauth_bolt, running_bot
from tests.adapters.slack.mock_api import MockSlackApi
from tests.conftest import FakeClock


async def test_the_ack_goes_out_as_the_listener_returns_and_its_work_is_still_waited_for(
    slack: SlackHarness, api: MockSlackApi, store: Store, clock: FakeClock
) -> None:
    """bolt answers once a listener returns (`process_before_response`), not by polling for
    the ack every 10 ms, and each listener returns right after its ack; what it left running
    still counts as in flight, so a shutdown (or this test) waits for the reply."""
    assert slack.bot.app.process_before_response
    assert oauth_bolt(api, store, clock).app.process_before_response  # many workspaces too
    api.replying.clear()
    sent = await slack.post(slack.slash_body("/define", "mlops"))
    assert (sent.status, sent.body) == (200, "")
    idle = asyncio.create_task(slack.bot.idle())
    await api.wait_for("held")  # the reply is on its way, held by Slack
    assert not idle.done() and not api.of("respond")
    api.replying.set()
    await asyncio.wait_for(idle, 5)
    [answer] = api.of("respond")
    assert "MLOps" in answer.params["blocks"][0]["text"]["text"]


async def test_replies_share_one_kept_alive_connection(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    for term in ("mlops", "what is mlops", "shh mlops"):
        await slack.command("/define", term)
    answers = api.of("respond")
    assert [a.params["response_type"] for a in answers] == ["in_channel"] * 2 + ["ephemeral"]
    assert all("MLOps" in a.params["blocks"][0]["text"]["text"] for a in answers)
    assert len({a.peer for a in answers}) == 1, "each reply opened a new connection"


async def test_a_reply_still_being_made_when_the_server_stops_arrives(
    core: Core, bolt: Bolt, api: MockSlackApi, clock: FakeClock
) -> None:
    async with running_bot(core, bolt, api, clock) as slack:
        sent = await slack.post(slack.slash_body("/define", "mlops"))
        assert sent.status == 200  # acked; the answer is still on its way
    # The server has stopped (the web app cleaned up) and the session is closed.
    [answer] = api.of("respond")
    assert "MLOps" in answer.params["blocks"][0]["text"]["text"]
    assert slack.bot.listeners.replies is None


async def test_a_reply_whose_connection_drops_is_posted_again(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    """As slack-sdk's webhook client does by default: a kept-alive connection the other
    side closed is not a lost reply."""
    api.drop_replies = 1
    await slack.command("/define", "mlops")
    [dropped] = api.of("dropped")
    [answer] = api.of("respond")
    assert answer.params["blocks"] == dropped.params["blocks"]
    assert "MLOps" in answer.params["blocks"][0]["text"]["text"]


async def test_replies_go_through_the_proxy_the_environment_names(
    slack: SlackHarness, api: MockSlackApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`HTTPS_PROXY` and the like, read as slack-sdk's clients read them: here the mock
    stands in for the proxy, and the response_url's own host does not exist."""
    monkeypatch.setenv("HTTP_PROXY", api.url)
    body = slack.slash_body("/define", "mlops").replace(
        quote(api.url, safe=""), quote("http://slack.invalid/", safe="")
    )
    assert "slack.invalid" in body
    await slack.post(body)
    await slack.settled()
    [answer] = api.of("respond")
    assert answer.params["url"].startswith("http://slack.invalid/respond/")
    assert "MLOps" in answer.params["blocks"][0]["text"]["text"]


@pytest.mark.parametrize(
    ("kind", "replace", "options"),
    [
        ("ephemeral", None, {"response_type": "ephemeral"}),
        ("in_channel", False, {"response_type": "in_channel", "replace_original": False}),
        (None, True, {"replace_original": True}),
    ],
)
def test_a_reply_is_posted_as_slack_sdks_webhook_client_would_post_it(
    kind: str | None, replace: bool | None, options: dict[str, object], content: Content
) -> None:
    reply = term_card(content, next(iter(content.glossary)))
    sent = json.loads(encoded(reply, kind, replace))
    assert sent == {**render(reply), **options}


async def test_a_card_asked_for_again_is_sent_as_rendered_the_first_time(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    """Repeated lookups share one rendered and encoded message, and sending it leaves it as
    it was."""
    hits = encoded.cache_info().hits
    for _ in range(3):
        await slack.command("/define", "mlops")
    first, *again = api.of("respond")
    assert "MLOps" in first.params["blocks"][0]["text"]["text"]
    assert [a.params["blocks"] for a in again] == [first.params["blocks"]] * 2
    assert encoded.cache_info().hits - hits >= 2  # (the "shared" notice after it too)


async def test_a_burst_of_lookups_is_each_acked_answered_once_and_logged(
    core: Core, bolt: Bolt, api: MockSlackApi, clock: FakeClock, store: Store
) -> None:
    """Forty `/define`s at once: every one acked, answered on its own response_url once,
    and in the lookup log (retry checks and log rows are written in batches)."""
    queries = ["mlops", "mlpos", "what is mlops", "pizza"] * 10
    async with running_bot(core, bolt, api, clock) as slack:
        bodies = [slack.slash_body("/define", q) for q in queries]
        sent = await asyncio.gather(*(slack.post(body) for body in bodies))
        assert [s.status for s in sent] == [200] * len(queries)
        await slack.settled()
    asked = [parse_qs(body)["response_url"][0] for body in bodies]
    assert sorted(a.params["url"] for a in api.of("respond")) == sorted(asked)
    assert await store.top_entries(None, 5) == [("mlops", 30)]
    assert await store.top_misses(None, 5) == [("pizza", 10)]
