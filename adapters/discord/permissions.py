"""Warning up front when the bot's role cannot post in a channel it is asked to use.

Slash commands answer through the interaction, which needs no channel permission, so
`/quiz` works in a channel the bot cannot see; what comes later does not (a daily post,
a reveal after the interaction's 15 minutes). The asker is told at once, privately.
"""

from __future__ import annotations

from typing import Any

import discord

from adapters.discord.outbox import missing


def permissions_in(
    interaction: discord.Interaction[Any], channel: int
) -> discord.Permissions | None:
    """The bot's permissions in `channel`: Discord sends them for the interaction's own
    channel (`app_permissions`); another one is worked out from the guild cache, if known."""
    if channel == interaction.channel_id:
        return interaction.app_permissions
    guild = interaction.guild
    found = guild.get_channel(channel) if guild is not None else None
    if guild is None or guild.me is None or found is None:
        return None
    return found.permissions_for(guild.me)


async def warn_if_blind(
    interaction: discord.Interaction[Any], channel: int, consequence: str
) -> None:
    """Tell the asker privately when the bot's role lacks what posting in `channel` needs."""
    permissions = permissions_in(interaction, channel)
    lacking = missing(permissions) if permissions is not None else []
    if not lacking:
        return
    await interaction.followup.send(
        f"Heads-up: my role lacks {', '.join(lacking)} in <#{channel}>, so {consequence} "
        "Grant them in that channel's permissions to fix it.",
        ephemeral=True,
        allowed_mentions=discord.AllowedMentions.none(),
    )
