"""`glossbot discord`: the token check, the invite URL and syncing the command tree."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import textwrap
from urllib.parse import parse_qs, urlsplit

import discord
from discord import app_commands

from adapters.discord.commands import install
from adapters.discord.main import PERMISSIONS, application_id_from_token, invite_url, sync_commands
from tests.adapters.discord.fake_discord import APP_ID, FakeDiscord
from tests.conftest import ROOT


def glossbot(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean, "GLOSSBOT_CONFIG": "", **env},
        timeout=60,
    )


def test_a_missing_token_is_one_line_naming_the_variable() -> None:
    done = glossbot("discord")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "DISCORD_TOKEN" in done.stderr


def test_the_invite_urls_add_to_a_server_with_three_permissions_or_install_for_a_user() -> None:
    done = glossbot("discord", "--invite-url", "--application-id", "123456789012345678")
    assert done.returncode == 0, done.stderr
    server, user = done.stdout.splitlines()
    assert server.startswith("Add to a server:") and user.startswith("Install for yourself:")
    query = parse_qs(urlsplit(server.split()[-1]).query)
    assert query["client_id"] == ["123456789012345678"]
    assert query["scope"] == ["bot applications.commands"]
    assert query["integration_type"] == ["0"]
    personal = parse_qs(urlsplit(user.split()[-1]).query)
    assert personal["scope"] == ["applications.commands"]
    assert personal["integration_type"] == ["1"] and "permissions" not in personal
    granted = discord.Permissions(int(query["permissions"][0]))
    assert (
        granted
        == PERMISSIONS
        == discord.Permissions(view_channel=True, send_messages=True, embed_links=True)
    )
    assert bin(granted.value).count("1") == 3


def test_the_application_id_is_read_from_the_token() -> None:
    head = base64.b64encode(b"123456789012345678").decode().rstrip("=")
    token = f"{head}.GhIjKl.not-a-real-secret"
    assert application_id_from_token(token) == 123456789012345678
    assert application_id_from_token("garbage") is None
    assert "client_id=123456789012345678" in invite_url(123456789012345678)
    done = glossbot("discord", "--invite-url", DISCORD_TOKEN=token)
    assert done.returncode == 0 and "client_id=123456789012345678" in done.stdout


async def test_sync_registers_every_command_globally_or_in_one_guild() -> None:
    fake = FakeDiscord()
    client = discord.Client(intents=discord.Intents.none())
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
    install(tree)
    client.http.request = fake.rest  # type: ignore[method-assign]
    async with client:
        await client.login("fake-token")
        everywhere = await sync_commands(tree, None)
        one = await sync_commands(tree, 910000000000000001)
        cleared = await sync_commands(tree, 910000000000000001, clear=True)
    puts = [(c.path, c.json) for c in fake.calls if c.method == "PUT"]
    assert [path for path, _ in puts] == [
        f"/applications/{APP_ID}/commands",
        f"/applications/{APP_ID}/guilds/910000000000000001/commands",
        f"/applications/{APP_ID}/guilds/910000000000000001/commands",
    ]
    assert puts[2][1] == [] and cleared == []
    names = sorted(c["name"] for c in puts[0][1])
    assert names == sorted(c.name for c in everywhere) == sorted(c.name for c in one)
    assert names == [
        "Define terms", "define", "glossary", "help", "leaderboard", "practice",
        "quiz", "quizadmin", "random", "score", "search", "terms",
    ]  # fmt: skip
    admin = {c["name"]: c["default_member_permissions"] for c in puts[0][1]}
    manage_guild = discord.Permissions(manage_guild=True).value
    assert int(admin["glossary"]) == int(admin["quizadmin"]) == manage_guild
    assert admin["define"] is None


SYNC_OFFLINE = textwrap.dedent(
    """
    import sys
    import discord
    from adapters.cli import main
    from tests.adapters.discord.fake_discord import FakeDiscord

    fake = FakeDiscord()

    discord.http.HTTPClient.request = fake.every_client()
    sys.exit(main(["discord", "--sync"]))
    """
)


def test_sync_prints_no_warnings() -> None:
    """A fresh process, as discord.py warns once per process: the command's whole stderr."""
    clean = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    done = subprocess.run(
        [sys.executable, "-c", SYNC_OFFLINE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean, "GLOSSBOT_CONFIG": "", "PYTHONPATH": str(ROOT), "DISCORD_TOKEN": "fake"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Synced 12 commands to all servers (global): /define")
    assert done.stdout.rstrip().endswith("/quizadmin, “Define terms” (Apps menu)")
    assert "WARNING" not in done.stderr
    for noise in ("intent", "PyNaCl", "davey", "voice"):
        assert noise not in done.stderr
