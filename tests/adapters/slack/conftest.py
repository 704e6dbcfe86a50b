"""Fixtures for the Slack tests: the mock Web API and glossbot's running HTTP-mode server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.core import Core
from tests.adapters.slack.harness import SettlingClock, SlackHarness, running_bot
from tests.adapters.slack.mock_api import MockSlackApi


@pytest.fixture
def clock() -> SettlingClock:
    """Replaces the shared fake clock, so the core's timers can be waited on."""
    return SettlingClock()


@pytest.fixture
async def api() -> AsyncIterator[MockSlackApi]:
    async with MockSlackApi().running() as mock:
        yield mock


@pytest.fixture
async def slack(core: Core, api: MockSlackApi, clock: SettlingClock) -> AsyncIterator[SlackHarness]:
    async with running_bot(core, api, clock) as harness:
        yield harness
