"""The operator's endpoints and logs: /livez, /readyz, /metrics, and `log_format: json`."""

from __future__ import annotations

import io
import json
import logging
import socket

import pytest

from adapters import ops
from bot.commands.registry import Registry
from bot.config import Config, from_dict
from bot.content import Content
from bot.context import Context
from bot.core import Core
from bot.errors import ConfigError
from bot.logs import JsonFormatter
from bot.replies import Reply
from bot.store import SqliteStore
from tests.adapters.slack.test_ops import get
from tests.conftest import FakeClock


async def test_the_ops_port_serves_alone_and_nothing_when_zero() -> None:
    async def ready() -> str:
        return ""

    async with ops.serving(0, ready) as bound:
        assert bound == 0
    async with ops.serving(_free_port(), ready, host="127.0.0.1") as bound:
        assert (await get(f"http://127.0.0.1:{bound}/readyz"))[0] == 200
        assert "glossbot_answers_total" in (await get(f"http://127.0.0.1:{bound}/metrics"))[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_json_logs_carry_the_request(content: Content, clock: FakeClock) -> None:
    registry = Registry()

    @registry.command("boom")
    async def boom(services: object, ctx: Context) -> Reply:
        """Fails."""
        raise RuntimeError("kaboom")

    store = SqliteStore(":memory:")
    await store.open()
    core = Core(Config(), content, store, clock=clock, commands=registry)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logging.getLogger("bot").addHandler(handler)
    try:
        ctx = Context(
            platform="slack", workspace="T1", user_id="U1", channel_id="C1", now=clock.now()
        )
        reply = await core.run(ctx, "boom")
    finally:
        logging.getLogger("bot").removeHandler(handler)
        await store.close()
    assert reply.is_error and "Something went wrong" in reply.parts[0].body  # type: ignore[union-attr]
    [line] = [json.loads(raw) for raw in stream.getvalue().splitlines()]
    assert (line["level"], line["platform"], line["workspace"], line["channel"]) == (
        "ERROR",
        "slack",
        "T1",
        "C1",
    )
    assert line["command"] == "boom" and "kaboom" in line["exception"]
    assert line["time"].endswith("+00:00") and line["logger"].startswith("bot")


@pytest.mark.parametrize(
    ("data", "key"),
    [({"log_format": "xml"}, "log_format"), ({"ops": {"port": 70000}}, "ops.port")],
)
def test_ops_settings_are_checked(data: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError, match=key):
        from_dict(data)
    assert from_dict({"log_format": "JSON", "ops": {"port": 9100}}).ops.port == 9100
