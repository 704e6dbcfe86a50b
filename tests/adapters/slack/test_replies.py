"""Replies to `response_url`s in HTTP mode: acked before the work starts, one kept-alive
session, a rendered message reused, nothing lost in a burst or at stop."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

from adapters.slack.delivery import rendered
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


async def test_a_card_asked_for_again_is_sent_as_rendered_the_first_time(
    slack: SlackHarness, api: MockSlackApi
) -> None:
    """Repeated lookups share one rendered message, and sending it leaves it as it was."""
    hits = rendered.cache_info().hits
    for _ in range(3):
        await slack.command("/define", "mlops")
    first, *again = api.of("respond")
    assert "MLOps" in first.params["blocks"][0]["text"]["text"]
    assert [a.params["blocks"] for a in again] == [first.params["blocks"]] * 2
    assert rendered.cache_info().hits - hits >= 2  # (the "shared" notice after it too)


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
