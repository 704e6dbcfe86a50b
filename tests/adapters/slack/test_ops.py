"""Slack HTTP mode serves the ops endpoints on its own port, beside /slack/events."""

from __future__ import annotations

import aiohttp

from adapters.slack.main import _check_bot_token
from tests.adapters.slack.harness import SlackHarness


async def get(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, response.headers["Content-Type"], await response.text()


async def test_slack_http_serves_livez_readyz_and_metrics_on_its_own_port(
    slack: SlackHarness,
) -> None:
    assert (await get(slack.url + "/livez"))[0] == 200
    status, _, body = await get(slack.url + "/readyz")
    assert status == 503 and "bot token" in body  # not until Slack accepted the token
    await _check_bot_token(slack.bot)
    assert (await get(slack.url + "/readyz"))[:1] == (200,)
    await slack.command("/define", "mlops")
    await slack.command("/define", "pizza")
    status, content_type, text = await get(slack.url + "/metrics")
    assert status == 200 and content_type == "text/plain; version=0.0.4; charset=utf-8"
    assert 'glossbot_commands_total{command="define",outcome="ok"}' in text
    assert 'glossbot_lookups_total{result="not_found"}' in text
    assert "glossbot_command_seconds_bucket" in text and "glossbot_store_seconds_bucket" in text
    assert "process_resident_memory_bytes" in text  # the client library's process metrics


async def test_readyz_says_503_when_the_store_is_gone(slack: SlackHarness) -> None:
    await _check_bot_token(slack.bot)
    await slack.bot.core.store.close()
    status, _, body = await get(slack.url + "/readyz")
    assert status == 503 and body.startswith("not ready: store")
