"""`glossbot discord`: run the bot, sync its slash commands, or print its invite URL.

glossbot discord                  run until SIGTERM/SIGINT (needs DISCORD_TOKEN)
glossbot discord --shard-count N --shard-ids 0,1 [--standby]
                                  run only these of the bot's N shards; a second process
                                  on the same shards waits as their standby
glossbot discord --sync [--guild ID] [--clear]
                                  register the slash commands globally, or in one server
                                  (instant; for testing), then exit; --clear removes them
glossbot discord --invite-url [--application-id ID]
                                  print the URL that adds the bot to a server
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import binascii
import contextlib
import logging
import signal
import sys
from collections.abc import Coroutine
from typing import Any

import discord
from discord import app_commands

from adapters import ops
from adapters.discord.client import GlossbotClient, TextClient
from adapters.discord.commands import install
from adapters.discord.shards import ALL_SHARDS, ShardPlan, chosen
from adapters.discord.standby import ShardLease, State
from adapters.discord.sync import sync_commands
from bot import heap
from bot.clock import Clock, SystemClock
from bot.config import Config, secret
from bot.core import Core
from bot.leader import INSTANCE

log = logging.getLogger(__name__)

HELP = "run the bot on Discord (needs DISCORD_TOKEN)"
TOKEN = "DISCORD_TOKEN"
EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
SCOPES = ("bot", "applications.commands")
PERMISSIONS = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)
"""All the bot needs. Replies to commands, buttons and modals go through the interaction
webhook, which needs no channel permission; only the core's own posts (daily questions,
reveals) are channel messages: View Channel and Send Messages to post, Embed Links for
their embeds. Editing its own posts needs nothing, and it never reads history."""


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def _fail(text: str) -> None:
    sys.stderr.write(f"glossbot: {text}\n")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--sync", action="store_true", help="register the slash commands, then exit"
    )
    action.add_argument("--invite-url", action="store_true", help="print the bot's invite URL")
    parser.add_argument("--guild", type=int, metavar="ID", help="with --sync: only this server")
    parser.add_argument("--clear", action="store_true", help="with --sync: remove the commands")
    ops.add_port_argument(parser)
    parser.add_argument(
        "--shard-count",
        type=int,
        metavar="N",
        help="the bot's total number of shards (default: config discord.shard_count, "
        "else as Discord advises)",
    )
    parser.add_argument(
        "--shard-ids",
        metavar="IDS",
        help="the shards this process runs, e.g. 0,1 or 0-3 (default: all; needs --shard-count)",
    )
    parser.add_argument(
        "--standby",
        action="store_true",
        help="wait as a standby until the process running these shards stops",
    )
    parser.add_argument(
        "--application-id",
        type=int,
        metavar="ID",
        help="with --invite-url (default: from the token)",
    )


def run(config: Config, args: argparse.Namespace) -> int:
    if (args.guild is not None or args.clear) and not args.sync:
        _fail("--guild and --clear only go with --sync")
        return EXIT_USAGE
    sharded = args.shard_count is not None or args.shard_ids is not None or args.standby
    if sharded and (args.sync or args.invite_url):
        _fail("--shard-count, --shard-ids and --standby are for running the bot, not with "
              + ("--sync" if args.sync else "--invite-url"))  # fmt: skip
        return EXIT_USAGE
    plan = chosen(config.discord, args.shard_count, args.shard_ids)  # UsageError: exit 2
    if args.invite_url:
        return _print_invite(args.application_id)
    token = secret(TOKEN)  # raises ConfigError naming the variable: one line, exit 2
    try:
        if args.sync:
            return asyncio.run(_sync(token, args.guild, clear=args.clear))
        return asyncio.run(
            serve(
                config,
                token,
                ops_port=ops.port_from(config, args),
                shards=plan,
                standby=args.standby or config.discord.standby,
                settle_heap=True,
            )
        )
    except discord.LoginFailure:
        _fail(f"Discord refused the token in {TOKEN}")
        return EXIT_USAGE


def invite_url(application_id: int) -> str:
    """Adds the bot to a server (Discord's guild install, `integration_type=0`)."""
    url = discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)
    return f"{url}&integration_type=0"


def user_install_url(application_id: int) -> str:
    """Installs the app to a person's account (`integration_type=1`): /define, /search,
    /random, /help and "Define terms" then work in any server, DM or group DM."""
    url = discord.utils.oauth_url(application_id, scopes=("applications.commands",))
    return f"{url}&integration_type=1"


def application_id_from_token(token: str) -> int | None:
    """A bot token starts with its user id in base64; for bots that is the application id."""
    head = token.split(".", 1)[0]
    try:
        text = base64.b64decode(head + "=" * (-len(head) % 4), validate=False).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return int(text) if text.isdigit() else None


def _print_invite(application_id: int | None) -> int:
    if application_id is None:
        application_id = application_id_from_token(secret(TOKEN))
    if application_id is None:
        _fail(f"cannot read the application id from {TOKEN}; pass --application-id")
        return EXIT_USAGE
    _say(f"Add to a server:      {invite_url(application_id)}")
    _say(f"Install for yourself: {user_install_url(application_id)}")
    return EXIT_OK


async def _sync(token: str, guild_id: int | None, *, clear: bool) -> int:
    client = TextClient()
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
    install(tree)
    async with client:
        await client.login(token)  # HTTP only; no gateway connection
        synced = await sync_commands(tree, guild_id, clear=clear)
    where = f"server {guild_id}" if guild_id else "all servers (global)"
    shown = (
        f"/{c.name}" if c.type is discord.AppCommandType.chat_input else f"“{c.name}” (Apps menu)"
        for c in synced
    )
    _say(f"Synced {len(synced)} commands to {where}: " + ", ".join(shown))
    return EXIT_OK


async def _problem(client: GlossbotClient, core: Core, lease: ShardLease) -> str:
    """Why this process should not get traffic ("" when it should), for /readyz."""
    return lease.problem() or client.gateway_problem() or await ops.store_problem(core.store)


async def serve(
    config: Config,
    token: str,
    *,
    ops_port: int = 0,
    shards: ShardPlan = ALL_SHARDS,
    standby: bool = False,
    clock: Clock | None = None,
    holder: str = INSTANCE,
    settle_heap: bool = False,
) -> int:
    """Run `shards` until SIGTERM/SIGINT, then finish the answers in flight and close
    everything (exit 0). First take the shards' lease, waiting as a standby while another
    process holds it; exit 1 if the lease is ever lost (another process serves them now).
    `clock` and `holder` (this process, as a lease holder) are for tests that run two.
    `settle_heap` (the process's own run, not a test's): once the gateway is ready, freeze
    what start-up loaded (`bot.heap`), as the Slack server does once it listens."""
    clock = clock or SystemClock()
    client = GlossbotClient(config, clock, shards)
    core = await Core.start(config, clock=clock, outbox=client.outbox)
    client.attach(core)
    lease = ShardLease(core.store, shards.lease_name, clock, holder=holder)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):  # not on Windows; Ctrl-C still works
            loop.add_signal_handler(signum, stop.set)
    try:
        async with (
            client,
            ops.serving(ops_port, lambda: _problem(client, core, lease)),
        ):
            stopping = asyncio.create_task(stop.wait(), name="glossbot-stop")
            if not await _first(lease.acquire(standby=standby), stopping):
                log.info("shutting down (was on standby)")
                return EXIT_OK
            return await _run(client, token, lease, stopping, settle_heap=settle_heap)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(signum)
        await lease.release()
        await core.close()


async def _settle_once_ready(client: GlossbotClient) -> None:
    """Once every shard is ready (the content, its index and discord.py's caches are
    built), settle the heap."""
    await client.wait_until_ready()
    heap.settle()


async def _first(work: Coroutine[Any, Any, None], stopping: asyncio.Task[bool]) -> bool:
    """Run `work` until done (True), or until `stopping` is (False; `work` is cancelled)."""
    task = asyncio.create_task(work)
    await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        task.result()
        return True
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return False


async def _run(
    client: GlossbotClient,
    token: str,
    lease: ShardLease,
    stopping: asyncio.Task[bool],
    *,
    settle_heap: bool,
) -> int:
    """Serve, holding the lease, until told to stop or the lease is lost."""
    runner = asyncio.create_task(client.start(token), name="discord-gateway")
    keeper = asyncio.create_task(lease.keep(), name="discord-lease")
    others = [stopping, keeper]
    if settle_heap:
        others.append(asyncio.create_task(_settle_once_ready(client), name="discord-heap"))
    await asyncio.wait({runner, stopping, keeper}, return_when=asyncio.FIRST_COMPLETED)
    if stopping.done() or keeper.done():
        log.info("shutting down")
        await client.drain()
    for task in others:
        task.cancel()
    await client.close()
    if runner.done():
        runner.result()  # a login failure or a fatal gateway error
    else:
        await runner
    return EXIT_ERRORS if lease.state is State.LOST else EXIT_OK
