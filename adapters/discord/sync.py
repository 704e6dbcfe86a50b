"""Registering the slash commands with Discord: on demand (`--sync`), or at start when the
registered ones are out of date.

A bulk overwrite (`tree.sync`) replaces what Discord shows; commands it has not seen before
count against 200 creations a day per server, so a running bot never syncs blindly. The
process that holds shard 0 (one process, however many share the bot) compares what Discord
has (one GET) with its own tree once per login, and syncs only when they differ: after an
upgrade that changed a command, nobody has to remember `--sync`.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

log = logging.getLogger(__name__)

_IGNORED = frozenset({"dm_permission"})
"""Sent for old clients only; Discord answers `contexts`, which says the same."""


async def sync_commands(
    tree: app_commands.CommandTree[Any], guild_id: int | None, *, clear: bool = False
) -> list[app_commands.AppCommand]:
    """Register the tree's commands globally, or copied into one guild (instant updates).

    With `clear`, register none there instead: how a test guild is cleaned up.
    """
    guild = discord.Object(id=guild_id) if guild_id is not None else None
    if clear:
        tree.clear_commands(guild=guild)
    elif guild is not None:
        tree.copy_global_to(guild=guild)
    return await tree.sync(guild=guild)


async def sync_if_changed(tree: app_commands.CommandTree[Any]) -> bool:
    """Sync the global commands if Discord's differ from the tree's; True when it synced."""
    client = tree.client
    if client.application_id is None:
        return False
    registered = await client.http.get_global_commands(client.application_id)
    ours = [command.to_dict(tree) for command in tree.get_commands()]
    if same_commands(ours, registered):
        log.info("the %d registered slash commands are up to date", len(ours))
        return False
    synced = await tree.sync()
    log.info("registered slash commands were out of date: synced %d", len(synced))
    return True


def same_commands(ours: list[dict[str, Any]], registered: Any) -> bool:
    """Whether Discord's `registered` commands are the ones in `ours` (what a sync sends),
    comparing the fields we send, with unset and default values alike."""
    if not isinstance(registered, list) or len(registered) != len(ours):
        return False
    theirs = {(c.get("type", 1), c.get("name")): c for c in registered if isinstance(c, dict)}
    for command in ours:
        other = theirs.get((command.get("type", 1), command.get("name")))
        if other is None or _shape(command) != _shape(_only(other, command)):
            return False
    return True


def _only(theirs: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
    """Discord's command, without the fields it adds (id, version, ...)."""
    return {key: theirs.get(key) for key in ours}


def _shape(value: Any) -> Any:
    """A payload with empty and default values dropped (Discord omits `required: false`,
    empty `options`, ...) and permission bits as text, so equal commands compare equal."""
    if isinstance(value, dict):
        kept = {
            key: _shape(item if key != "default_member_permissions" else str(item))
            for key, item in value.items()
            if key not in _IGNORED and item not in (None, False, "", [], {})
        }
        return kept
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return value
