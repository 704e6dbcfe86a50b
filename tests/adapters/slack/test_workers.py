"""Slack HTTP workers behind one load balancer share one store: a retry is a repeat on any."""

from __future__ import annotations

import random

import pytest

from adapters.slack.outbox import SlackOutbox
from bot.config import Config
from bot.content import Content
from bot.core import Core
from bot.store import Store
from tests.adapters.slack.harness import http_bolt, running_bot
from tests.adapters.slack.mock_api import MockSlackApi
from tests.conftest import FakeClock

pytestmark = pytest.mark.both_stores


async def test_a_retry_that_lands_on_another_worker_is_not_run_again(
    content: Content, store: Store, api: MockSlackApi, clock: FakeClock
) -> None:
    bolts = [http_bolt(api, store, clock) for _ in range(2)]
    workers = [
        Core(
            Config(),
            content,
            store,
            clock=clock,
            rng=random.Random(n),
            outbox=SlackOutbox(bolt.client),
        )
        for n, bolt in enumerate(bolts, 1)
    ]
    async with (
        running_bot(workers[0], bolts[0], api, clock) as a,
        running_bot(workers[1], bolts[1], api, clock) as b,
    ):
        body = a.slash_body("/quiz", "definition")
        first = await a.post(body)
        retry = await b.post(body, headers={"X-Slack-Retry-Num": "1"})
        await a.settled()
        await b.settled()
        assert (first.status, retry.status) == (200, 200)
        assert retry.headers.get("x-slack-no-retry") == "1"
        assert len(api.of("chat.postMessage")) == 1
        assert (a.bot.seen.ignored, b.bot.seen.ignored) == (0, 1)
