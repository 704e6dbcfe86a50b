"""Running the bot: secrets, the API URL, /healthz, Socket Mode, the manifest, and both modes
started as a real process and stopped with SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest
import yaml
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from adapters.cli import main
from adapters.slack.app import DEFAULT_API_URL, Settings, SlackBot, api_url, connect
from adapters.slack.main import serve
from adapters.slack.manifest import SCOPES, build_manifest
from adapters.slack.payloads import top_level_names
from bot.commands import REGISTRY
from bot.config import Config, SlackConfig
from bot.core import Core
from bot.errors import GlossbotError
from tests.adapters.slack.harness import APP_TOKEN, BOT_TOKEN, GENERAL, SECRET, SlackHarness, signed
from tests.adapters.slack.mock_api import TEAM, WAIT, MockSlackApi
from tests.conftest import ROOT

MANIFEST = ROOT / "deploy" / "slack-manifest.yaml"
SLACK_ENV = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL")


async def test_healthz(slack: SlackHarness) -> None:
    async with aiohttp.ClientSession() as session, session.get(slack.url + "/healthz") as r:
        assert r.status == 200
        assert await r.json() == {"ok": True, "entries": len(slack.bot.core.content.glossary)}


@pytest.mark.parametrize(
    ("args", "present", "missing"),
    [
        (["slack"], {}, "SLACK_BOT_TOKEN"),
        (["slack"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_APP_TOKEN"),
        (["slack", "--http"], {"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
    ],
)
def test_a_missing_secret_is_named_in_one_line(
    args: list[str],
    present: dict[str, str],
    missing: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in SLACK_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in present.items():
        monkeypatch.setenv(name, value)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err == f"glossbot: config: set the {missing} environment variable\n"


def test_the_api_url_comes_from_the_environment_then_the_config() -> None:
    configured = Config(slack=SlackConfig(api_url="http://proxy.internal/api"))
    assert api_url(Config(), {}) == DEFAULT_API_URL
    assert api_url(configured, {}) == "http://proxy.internal/api/"
    assert (
        api_url(configured, {"SLACK_API_URL": "http://127.0.0.1:9/api/"})
        == "http://127.0.0.1:9/api/"
    )
    assert "xoxb" not in repr(Settings("xoxb-secret", signing_secret="s", api_url="u"))


def test_the_committed_manifest_is_the_generated_one() -> None:
    committed = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert committed == build_manifest(REGISTRY), "run: glossbot slack --manifest > " + str(
        MANIFEST
    )
    commands = {c["command"] for c in committed["features"]["slash_commands"]}
    assert commands == {f"/{n}" for n in top_level_names(REGISTRY)} | {"/glossbot"}
    assert committed["oauth_config"]["scopes"]["bot"] == list(SCOPES)
    assert committed["settings"]["socket_mode_enabled"] is True
    assert committed["settings"]["interactivity"]["is_enabled"] is True
    assert committed["features"]["app_home"]["home_tab_enabled"] is True
    http = build_manifest(REGISTRY, request_url="https://bot.example/slack/events")
    assert http["settings"]["socket_mode_enabled"] is False
    assert (
        http["settings"]["event_subscriptions"]["request_url"] == "https://bot.example/slack/events"
    )
    assert {c["url"] for c in http["features"]["slash_commands"]} == {
        "https://bot.example/slack/events"
    }


@pytest.mark.parametrize(
    ("settings", "refused", "named"),
    [
        (Settings(BOT_TOKEN, signing_secret=SECRET), "auth.test", "SLACK_BOT_TOKEN"),
        (Settings(BOT_TOKEN, app_token=APP_TOKEN), "apps.connections.open", "SLACK_APP_TOKEN"),
    ],
)
async def test_a_token_slack_refuses_stops_the_bot_before_it_runs(
    settings: Settings, refused: str, named: str, api: MockSlackApi, tmp_path: Path
) -> None:
    api.fail_next(refused, {"ok": False, "error": "invalid_auth"})
    settings = replace(settings, api_url=api.api_url)
    http = ("127.0.0.1", 0) if settings.signing_secret else None
    with pytest.raises(GlossbotError, match=f"Slack refused {named} \\(invalid_auth\\)"):
        await serve(Config(data_dir=str(tmp_path)), settings, http=http)


async def test_a_port_in_use_is_one_clear_error(api: MockSlackApi, tmp_path: Path) -> None:
    taken = int(api.url.rsplit(":", 1)[1].strip("/"))
    settings = Settings(BOT_TOKEN, signing_secret=SECRET, api_url=api.api_url)
    with pytest.raises(GlossbotError, match=f"cannot listen on 127.0.0.1:{taken}"):
        await serve(Config(data_dir=str(tmp_path)), settings, http=("127.0.0.1", taken))


async def test_socket_mode_answers_a_slash_command(core: Core, api: MockSlackApi) -> None:
    settings = Settings(BOT_TOKEN, app_token=APP_TOKEN, api_url=api.api_url)
    bot = SlackBot(core, connect(settings, core.store, core.clock))
    handler = AsyncSocketModeHandler(bot.app, APP_TOKEN)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    try:
        [opened] = api.of("apps.connections.open")
        assert opened.token == APP_TOKEN
        await api.wait_until(lambda: bool(api.sockets))
        payload = {
            "command": "/define",
            "text": "mlops",
            "team_id": TEAM,
            "user_id": "U0ALICE",
            "user_name": "alice",
            "channel_id": GENERAL,
            "response_url": api.response_url(),
            "trigger_id": "trigger-socket",
        }
        envelope = {"envelope_id": "env-1", "type": "slash_commands", "payload": payload}
        await api.sockets[0].send_str(json.dumps({**envelope, "accepts_response_payload": True}))
        await api.wait_until(
            lambda: any(m.get("envelope_id") == "env-1" for m in api.socket_messages)
        )
        [answer] = await api.wait_for("respond")
        assert "MLOps" in answer.text()
        async with asyncio.timeout(WAIT):
            await bot.idle()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


@asynccontextmanager
async def glossbot_process(
    api: MockSlackApi, tmp_path: Path, *args: str, **env: str
) -> AsyncIterator[tuple[asyncio.subprocess.Process, str]]:
    """`glossbot slack ...` as a child process against the mock; yields it and its first log
    line that mentions Slack (a start warns about nothing), and makes sure it is gone
    afterwards."""
    config = tmp_path / "glossbot.yaml"
    config.write_text(f"data_dir: {tmp_path}\nlog_level: INFO\n", encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if k not in SLACK_ENV}
    environ |= {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_API_URL": api.api_url, **env}
    environ = {k: v for k, v in environ.items() if v}  # env={"NAME": ""} unsets NAME
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "slack", "--config", str(config), *args,
        cwd=ROOT, env=environ, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert process.stderr is not None
    try:
        async with asyncio.timeout(20):
            lines = [(await process.stderr.readline()).decode()]
            while "Slack" not in lines[-1]:
                assert lines[-1], "glossbot exited before it was ready"
                lines.append((await process.stderr.readline()).decode())
        assert [line for line in lines[:-1] if not line.startswith("INFO:")] == []
        yield process, lines[-1]
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def stop(process: asyncio.subprocess.Process) -> str:
    process.send_signal(signal.SIGTERM)
    assert process.stderr is not None
    async with asyncio.timeout(20):
        rest = (await process.stderr.read()).decode()
        assert await process.wait() == 0, rest
    return rest


async def test_http_mode_serves_slack_and_stops_on_sigterm(
    api: MockSlackApi, tmp_path: Path
) -> None:
    env = {"SLACK_SIGNING_SECRET": SECRET}
    args = ("--http", "--host", "127.0.0.1", "--port", "0")
    async with glossbot_process(api, tmp_path, *args, **env) as (process, ready):
        assert "listening on http://127.0.0.1:" in ready
        url = ready.split("listening on ")[1].split()[0].removesuffix("/slack/events")
        body = f"command=%2Fdefine&text=mlops&team_id={TEAM}&user_id=U0ALICE&channel_id={GENERAL}"
        body += f"&response_url={api.response_url()}&trigger_id=t1"
        headers = {"Content-Type": "application/x-www-form-urlencoded", **signed(body)}
        async with aiohttp.ClientSession() as session:
            async with session.get(url + "/healthz") as health:
                assert health.status == 200
            async with session.post(url + "/slack/events", data=body, headers=headers) as r:
                assert r.status == 200
        [answer] = await api.wait_for("respond")
        assert "MLOps" in answer.text()
        assert "stopped" in await stop(process)


async def test_socket_mode_connects_and_stops_on_sigterm(api: MockSlackApi, tmp_path: Path) -> None:
    async with glossbot_process(api, tmp_path, SLACK_APP_TOKEN=APP_TOKEN) as (process, ready):
        assert "Socket Mode: connected" in ready
        assert api.of("apps.connections.open")[0].token == APP_TOKEN
        await api.wait_until(lambda: bool(api.sockets))
        assert "stopped" in await stop(process)
