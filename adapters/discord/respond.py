"""Answering one interaction with the core: who is asking, acknowledging in time, replying.

Discord invalidates an interaction not acknowledged within 3 seconds. Slash commands that
touch the store or reload content defer first (`Ack.PUBLIC` / `Ack.PRIVATE`) and follow
up; fast ones answer directly. A button click may have to open a modal, which must be the
first response, so clicks answer directly unless the core is still busy after
`CLICK_DEADLINE`, when they defer and follow up. Failures anywhere end in `report_failure`:
a friendly private message with a reference, and the traceback in the log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Iterator, Mapping
from enum import Enum
from typing import Any, Protocol, runtime_checkable

import discord
from discord import app_commands

from adapters.discord.components import AnswerModal
from adapters.discord.outbox import DiscordOutbox
from adapters.discord.render import Rendered, render
from bot.config import Config
from bot.context import Context
from bot.core import Core
from bot.errors import UsageError, explain
from bot.replies import Reply, error

log = logging.getLogger(__name__)

PLATFORM = "discord"
CLICK_DEADLINE = 1.5
"""Seconds a click waits for the core before deferring, well inside Discord's 3 s."""
_DEFERRED = "glossbot.deferred"


class Ack(Enum):
    """How a slash command acknowledges: answer at once, or defer (publicly or privately)."""

    DIRECT = "direct"
    PUBLIC = "public"
    PRIVATE = "private"


@runtime_checkable
class Glossbot(Protocol):
    """The client as the interaction handlers see it."""

    core: Core
    config: Config
    inflight: set[asyncio.Task[Any]]
    outbox: DiscordOutbox


def glossbot(interaction: discord.Interaction[Any]) -> Glossbot:
    client = interaction.client
    if not isinstance(client, Glossbot):
        raise TypeError(f"{type(client).__name__} is not a glossbot client")
    return client


def is_admin(interaction: discord.Interaction[Any], admin_roles: tuple[str, ...]) -> bool:
    """Manage Server (or Administrator) in this guild, or a role named in the config."""
    if interaction.guild_id is None:
        return False
    perms = interaction.permissions
    if perms.administrator or perms.manage_guild:
        return True
    wanted = {name.casefold() for name in admin_roles}
    user = interaction.user
    return isinstance(user, discord.Member) and any(
        role.name.casefold() in wanted for role in user.roles
    )


def context_for(interaction: discord.Interaction[Any], app: Glossbot) -> Context:
    guild_id = interaction.guild_id
    channel_id = interaction.channel_id
    return Context(
        platform=PLATFORM,
        workspace=str(guild_id) if guild_id else "dm",
        user_id=str(interaction.user.id),
        channel_id=str(channel_id) if channel_id is not None else "unknown",
        now=app.core.clock.now(),
        display_name=interaction.user.display_name,
        is_admin=is_admin(interaction, app.config.discord.admin_roles),
        in_guild=guild_id is not None,
    )


@contextlib.contextmanager
def _inflight(app: Glossbot) -> Iterator[None]:
    """Count this handler as in flight, so a shutdown waits for its answer."""
    task = asyncio.current_task()
    if task is not None:
        app.inflight.add(task)
    try:
        yield
    finally:
        if task is not None:
            app.inflight.discard(task)


async def run_command(
    interaction: discord.Interaction[Any], name: str, ack: Ack, **options: object
) -> Reply:
    """A slash command: acknowledge as `ack` says, run the core command, deliver its reply."""
    app = glossbot(interaction)
    with _inflight(app):
        if ack is not Ack.DIRECT:
            await interaction.response.defer(ephemeral=ack is Ack.PRIVATE, thinking=True)
            interaction.extras[_DEFERRED] = ack
        ctx = context_for(interaction, app)
        reply = await app.core.run(ctx, name, **options)
        await deliver(interaction, ctx, reply)
        return reply


async def click(interaction: discord.Interaction[Any], action_id: str) -> None:
    """A glossbot button: the core decides; the answer may be a message, an edit or a modal."""
    app = glossbot(interaction)
    with _inflight(app):
        ctx = context_for(interaction, app)
        reply = await _in_time(interaction, app.core.click(ctx, action_id))
        await deliver(interaction, ctx, reply)


async def submit(interaction: discord.Interaction[Any], action_id: str, text: str) -> None:
    """A glossbot modal was submitted: hand the typed text to the core."""
    app = glossbot(interaction)
    with _inflight(app):
        ctx = context_for(interaction, app)
        reply = await _in_time(interaction, app.core.submit(ctx, action_id, text))
        await deliver(interaction, ctx, reply)


async def _in_time(interaction: discord.Interaction[Any], work: Awaitable[Reply]) -> Reply:
    """Wait for the core; if it is slow, acknowledge (invisibly) before the deadline."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=CLICK_DEADLINE)
    if not done:
        await interaction.response.defer()
        interaction.extras[_DEFERRED] = "update"
    return await task


async def deliver(interaction: discord.Interaction[Any], ctx: Context, reply: Reply) -> None:
    """Send `reply` as this interaction's answer, then report a tracked post to the core.

    A tracked reply (a quiz question) that cannot be sent is withdrawn from the core, so
    the channel is not left with an open question nobody can see.
    """
    try:
        await _deliver(interaction, ctx, reply)
    except Exception:
        if reply.track:
            await glossbot(interaction).core.post_failed(reply.track, ctx.place)
        raise
    if reply.followup is not None:  # e.g. "Shared in this channel", after the shared card
        await deliver(interaction, ctx, reply.followup)


async def _deliver(interaction: discord.Interaction[Any], ctx: Context, reply: Reply) -> None:
    rendered = render(reply)
    response = interaction.response
    on_message = interaction.message is not None and interaction.type in (
        discord.InteractionType.component,
        discord.InteractionType.modal_submit,
    )
    if not response.is_done():
        if reply.form is not None:
            modal = AnswerModal(reply.form)
            await response.send_modal(modal)
            # The submission is handled statelessly by the client (`on_interaction`), so
            # no per-process modal is kept: it works after a restart or on another process.
            modal.stop()
            return
        if reply.edit_original and on_message:
            await response.edit_message(**rendered.edit_kwargs())
            return
        sent = await response.send_message(**rendered.send_kwargs(), ephemeral=reply.private)
        message_id = sent.message_id
    elif reply.edit_original and interaction.extras.get(_DEFERRED) == "update":
        await interaction.edit_original_response(**rendered.edit_kwargs())
        return
    elif reply.form is not None:  # too late for a modal: it must be the first response
        message_id = await _follow_up(interaction, render(_TOO_SLOW), private=True)
    else:
        message_id = await _follow_up(interaction, rendered, private=reply.private)
    if reply.track and message_id is not None:
        app = glossbot(interaction)
        app.outbox.remember(message_id, interaction)  # to reveal it even in a hidden channel
        await app.core.posted(reply.track, ctx.place, str(message_id))


_TOO_SLOW = error("That took me too long to open the form. Please press the button again.")


async def _follow_up(
    interaction: discord.Interaction[Any], rendered: Rendered, *, private: bool
) -> int:
    """A follow-up message after a deferral, shown to whom `private` says."""
    deferred = interaction.extras.get(_DEFERRED)
    if isinstance(deferred, Ack) and (deferred is Ack.PRIVATE) != private:
        # The first follow-up would inherit the deferral's visibility and replace its
        # "thinking…" message: remove that message first, so private stays private.
        interaction.extras[_DEFERRED] = "answered"
        with contextlib.suppress(discord.HTTPException):
            await interaction.delete_original_response()
    message = await interaction.followup.send(
        **rendered.send_kwargs(), ephemeral=private, wait=True
    )
    interaction.extras[_DEFERRED] = "answered"
    return message.id


async def report_failure(interaction: discord.Interaction[Any], exc: Exception) -> None:
    """Tell the user what went wrong, privately, by `bot.errors.explain`."""
    mapped = as_usage_error(exc)
    what = f"interaction {interaction.id} ({_describe(interaction)})"
    if mapped is not exc:
        log.warning("%s: %r", what, exc)
    text = explain(mapped, what, log)
    try:
        if interaction.response.is_done():
            await _follow_up(interaction, Rendered(text), private=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not tell the user about failure in interaction %s", interaction.id)


def as_usage_error(error: Exception) -> Exception:
    """discord.py's own errors that are the user's or Discord's doing, as `UsageError`s."""
    match error:
        case app_commands.CommandNotFound() | app_commands.CommandSignatureMismatch():
            message = "That command changed since Discord showed it to you. Try again in a minute."
        case app_commands.TransformerError():
            message = "I couldn't use one of the options you gave. Please check it and try again."
        case app_commands.CheckFailure():
            message = "You can't use that command here."
        case _:
            return error
    return UsageError(message)


def _describe(interaction: discord.Interaction[Any]) -> str:
    command = interaction.command
    if command is not None:
        return f"/{command.qualified_name}"
    data: Mapping[str, Any] = interaction.data if isinstance(interaction.data, dict) else {}
    return str(data.get("custom_id", interaction.type))
