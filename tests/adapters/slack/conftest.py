"""Fixtures for the Slack tests: the mock Web API and glossbot's running HTTP-mode server."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.core import Core
from tests.adapters.slack.harness import SlackHarness, running_bot
from tests.adapters.slack.mock_api import MockSlackApi
from tests.conftest import FakeClock


@pytest.fixture
async def api() -> AsyncIterator[MockSlackApi]:
    async with MockSlackApi().running() as mock:
        yield mock


@pytest.fixture
async def slack(core: Core, api: MockSlackApi, clock: FakeClock) -> AsyncIterator[SlackHarness]:
    async with running_bot(core, api, clock) as harness:
        yield harness
