"""Starting glossbot for many Slack workspaces: what it needs, and a real process installed
into a workspace through the mock Web API, then answering it."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from adapters.cli import main
from adapters.slack.manifest import build_manifest
from bot.commands import REGISTRY
from tests.adapters.slack.harness import CLIENT_ID, CLIENT_SECRET, GENERAL, SECRET, signed
from tests.adapters.slack.mock_api import MockSlackApi
from tests.adapters.slack.test_oauth import install
from tests.adapters.slack.test_run import SLACK_ENV, glossbot_process, stop

OAUTH_ENV = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")
BOTH = {"SLACK_CLIENT_ID": CLIENT_ID, "SLACK_CLIENT_SECRET": CLIENT_SECRET}


@pytest.mark.parametrize(
    ("args", "present", "error"),
    [
        (
            ["--http"],
            {"SLACK_CLIENT_ID": CLIENT_ID},
            "set the SLACK_CLIENT_SECRET environment variable",
        ),
        (["--http"], {"SLACK_CLIENT_SECRET": "s"}, "set the SLACK_CLIENT_ID environment variable"),
        (
            ["--http"],
            {**BOTH, "SLACK_BOT_TOKEN": "xoxb-1"},
            "set SLACK_BOT_TOKEN for one workspace or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
            "for many, not both",
        ),
        ([], BOTH, "SLACK_CLIENT_ID (many workspaces) needs HTTP mode: add --http"),
        (["--http"], BOTH, "set the SLACK_SIGNING_SECRET environment variable"),
    ],
)
def test_a_half_configured_install_flow_is_one_clear_line(
    args: list[str],
    present: dict[str, str],
    error: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in SLACK_ENV + OAUTH_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in present.items():
        monkeypatch.setenv(name, value)
    assert main(["slack", *args]) == 2
    assert capsys.readouterr().err == f"glossbot: config: {error}\n"


def test_the_http_manifest_names_the_redirect_url_and_asks_for_uninstall_events() -> None:
    manifest = build_manifest(REGISTRY, request_url="https://bot.example/slack/events")
    assert manifest["oauth_config"]["redirect_urls"] == ["https://bot.example/slack/oauth_redirect"]
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert {"app_uninstalled", "tokens_revoked"} <= set(events)
    assert "redirect_urls" not in build_manifest(REGISTRY)["oauth_config"]  # Socket Mode


async def test_a_process_for_many_workspaces_installs_one_and_answers_it(
    api: MockSlackApi, tmp_path: Path
) -> None:
    env = {**BOTH, "SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": SECRET}
    args = ("--http", "--host", "127.0.0.1", "--port", "0")
    async with glossbot_process(api, tmp_path, *args, **env) as (process, ready):
        url = ready.split("listening on ")[1].split()[0].removesuffix("/slack/events")
        async with aiohttp.ClientSession() as session, session.get(url + "/readyz") as r:
            assert r.status == 200  # no token to check at start: each request's is checked
        await install(url, api, "T0ACME")
        body = f"command=%2Fdefine&text=mlops&team_id=T0ACME&user_id=U0ALICE&channel_id={GENERAL}"
        body += f"&response_url={api.response_url()}&trigger_id=t1"
        headers = {"Content-Type": "application/x-www-form-urlencoded", **signed(body)}
        async with (
            aiohttp.ClientSession() as session,
            session.post(url + "/slack/events", data=body, headers=headers) as r,
        ):
            assert r.status == 200
        [answer] = await api.wait_for("respond")
        assert "MLOps" in answer.text()
        assert {api.teams[c.token] for c in api.of("auth.test")} == {"T0ACME"}
        assert "install page on http://127.0.0.1:" in await stop(process)
