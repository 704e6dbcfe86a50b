"""Fixtures for the Slack tests: the mock Web API and glossbot's running HTTP-mode server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.slack.app import Bolt
from adapters.slack.outbox import SlackOutbox
from bot.core import Core
from bot.store import Store
from tests.adapters.slack.harness import SlackHarness, http_bolt, running_bot
from tests.adapters.slack.mock_api import MockSlackApi
from tests.conftest import FakeClock


@pytest.fixture
async def api() -> AsyncIterator[MockSlackApi]:
    async with MockSlackApi().running() as mock:
        yield mock


@pytest.fixture
def bolt(api: MockSlackApi, store: Store, clock: FakeClock) -> Bolt:
    return http_bolt(api, store, clock)


@pytest.fixture
def outbox(bolt: Bolt) -> SlackOutbox:
    """Here the shared `core` fixture posts on Slack, through the bot's own client."""
    return SlackOutbox(bolt.client)


@pytest.fixture
async def slack(
    core: Core, bolt: Bolt, api: MockSlackApi, clock: FakeClock
) -> AsyncIterator[SlackHarness]:
    async with running_bot(core, bolt, api, clock) as harness:
        yield harness
