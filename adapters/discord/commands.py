"""The slash commands: one typed discord.py definition per core command, each a one-line call.

Descriptions come from the core registry (`bot.commands.REGISTRY`), so `/help` and Discord
say the same thing; a parity test fails when the registry gains a command that has no
definition here. Multi-word core commands are subcommands of a group (`/glossary reload`,
`/quizadmin schedule`), because a Discord command that has subcommands cannot itself run.
Each definition also says how it acknowledges (see `respond.Ack`): the ones that touch the
store or reload content defer first.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.enums import AppCommandOptionType, ChannelType

from adapters.discord.permissions import warn_if_blind
from adapters.discord.respond import Ack, glossbot, run_command
from bot.commands import REGISTRY, Channel, CommandSpec, User
from bot.commands.admin import Which
from bot.commands.quiz import QuizType
from bot.commands.scores import Period, Scope
from bot.core import Core
from bot.safety import MAX_QUERY
from bot.scheduler import PAUSE_AFTER
from bot.text import shorten

log = logging.getLogger(__name__)

Interaction = discord.Interaction[Any]
DESCRIPTION = 100
CHOICES = 25
CHOICE_NAME = 100
DEFINE_TERMS = "Define terms"
ADMIN = discord.Permissions(manage_guild=True)
"""Who sees the admin groups by default; only a hint (server admins can change it), so
the core also checks every call against `Context.is_admin`."""


def spec(name: str) -> CommandSpec:
    found = REGISTRY.get(name)
    if found is None:
        raise LookupError(f"the core has no command {name!r}")
    return found


def about(name: str) -> str:
    return shorten(spec(name).description, DESCRIPTION)


def options(name: str) -> dict[str, str]:
    return {p.name: shorten(p.description, DESCRIPTION) for p in spec(name).params if p.description}


class ChannelOption(app_commands.Transformer):
    """A text or announcement channel, passed on as its id. Read from the interaction's
    resolved data, so it works without the channel in the cache."""

    @property
    def type(self) -> AppCommandOptionType:
        return AppCommandOptionType.channel

    @property
    def channel_types(self) -> list[ChannelType]:
        return [ChannelType.text, ChannelType.news]

    async def transform(self, interaction: Interaction, value: Any, /) -> Channel:
        return Channel(str(value.id))


ChannelId = app_commands.Transform[Channel, ChannelOption]


def user_id(user: discord.abc.User | None) -> User | None:
    return User(str(user.id)) if user is not None else None


def suggestions(core: Core, current: str) -> list[app_commands.Choice[str]]:
    """Entry names for what is typed so far, from memory: at most 25, each <= 100 chars."""
    try:
        entries = core.content.resolver.suggest(current[:MAX_QUERY], CHOICES)
    except Exception:
        log.exception("autocomplete failed for %r", current[:40])
        return []
    names = dict.fromkeys(shorten(e.name, CHOICE_NAME) for e in entries)
    return [app_commands.Choice(name=n, value=n) for n in list(names)[:CHOICES]]


@app_commands.command(name="define", description=about("define"))
@app_commands.describe(**options("define"))
async def define(interaction: Interaction, term: str, private: bool = False) -> None:
    await run_command(interaction, "define", Ack.DIRECT, term=term, private=private)


@define.autocomplete("term")
async def define_term(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    return suggestions(glossbot(interaction).core, current)


@app_commands.command(name="search", description=about("search"))
@app_commands.describe(**options("search"))
async def search(interaction: Interaction, words: str) -> None:
    await run_command(interaction, "search", Ack.DIRECT, words=words)


@app_commands.command(name="random", description=about("random"))
async def random_term(interaction: Interaction) -> None:
    await run_command(interaction, "random", Ack.DIRECT)


@app_commands.command(name="help", description=about("help"))
@app_commands.describe(**options("help"))
async def help_command(interaction: Interaction, command: str = "") -> None:
    await run_command(interaction, "help", Ack.DIRECT, command=command)


@app_commands.command(name="terms", description=about("terms"))
@app_commands.describe(**options("terms"))
async def terms(interaction: Interaction, text: str) -> None:
    await run_command(interaction, "terms", Ack.DIRECT, text=text)


@app_commands.context_menu(name=DEFINE_TERMS)
async def define_terms(interaction: Interaction, message: discord.Message) -> None:
    """Right-click a message -> Apps -> Define terms. The message comes with the interaction
    (resolved data), so this needs no message-content intent."""
    await run_command(interaction, "terms", Ack.DIRECT, text=message.content)


@app_commands.command(name="quiz", description=about("quiz"))
@app_commands.describe(**options("quiz"))
async def quiz(interaction: Interaction, type: QuizType | None = None) -> None:
    reply = await run_command(interaction, "quiz", Ack.PUBLIC, type=type)
    if reply.track and interaction.channel_id is not None:
        await warn_if_blind(
            interaction,
            interaction.channel_id,
            "I can reveal this question only through your command, within 15 minutes.",
        )


@app_commands.command(name="practice", description=about("practice"))
async def practice(interaction: Interaction) -> None:
    await run_command(interaction, "practice", Ack.PRIVATE)


@app_commands.command(name="score", description=about("score"))
@app_commands.describe(**options("score"))
async def score(interaction: Interaction, user: discord.User | None = None) -> None:
    await run_command(interaction, "score", Ack.PUBLIC, user=user_id(user))


@app_commands.command(name="leaderboard", description=about("leaderboard"))
@app_commands.describe(**options("leaderboard"))
async def leaderboard(
    interaction: Interaction, period: Period = "all", scope: Scope = "workspace"
) -> None:
    await run_command(interaction, "leaderboard", Ack.PUBLIC, period=period, scope=scope)


glossary = app_commands.Group(
    name="glossary",
    description="Reload and inspect the glossary (admins)",
    default_permissions=ADMIN,
)


@glossary.command(name="reload", description=about("glossary reload"))
async def glossary_reload(interaction: Interaction) -> None:
    await run_command(interaction, "glossary reload", Ack.PRIVATE)


@glossary.command(name="status", description=about("glossary status"))
async def glossary_status(interaction: Interaction) -> None:
    await run_command(interaction, "glossary status", Ack.PRIVATE)


@glossary.command(name="flags", description=about("glossary flags"))
async def glossary_flags(interaction: Interaction) -> None:
    await run_command(interaction, "glossary flags", Ack.PRIVATE)


quizadmin = app_commands.Group(
    name="quizadmin",
    description="Daily quiz posts and closing questions (admins)",
    default_permissions=ADMIN,
)


@quizadmin.command(name="schedule", description=about("quizadmin schedule"))
@app_commands.describe(**options("quizadmin schedule"))
async def quizadmin_schedule(
    interaction: Interaction, channel: ChannelId, time: str, timezone: str = "UTC", days: str = ""
) -> None:
    reply = await run_command(
        interaction,
        "quizadmin schedule",
        Ack.PRIVATE,
        channel=channel,
        time=time,
        timezone=timezone,
        days=days,
    )
    if not reply.is_error:
        await warn_if_blind(
            interaction,
            int(channel),
            f"its daily posts will fail, and pause after {PAUSE_AFTER} failures in a row.",
        )


@quizadmin.command(name="unschedule", description=about("quizadmin unschedule"))
@app_commands.describe(**options("quizadmin unschedule"))
async def quizadmin_unschedule(interaction: Interaction, channel: ChannelId) -> None:
    await run_command(interaction, "quizadmin unschedule", Ack.PRIVATE, channel=channel)


@quizadmin.command(name="schedules", description=about("quizadmin schedules"))
async def quizadmin_schedules(interaction: Interaction) -> None:
    await run_command(interaction, "quizadmin schedules", Ack.PRIVATE)


@quizadmin.command(name="suggest", description=about("quizadmin suggest"))
@app_commands.describe(**options("quizadmin suggest"))
async def quizadmin_suggest(
    interaction: Interaction, channel: ChannelId, day: str = "mon", time: str = "09:00"
) -> None:
    await run_command(
        interaction, "quizadmin suggest", Ack.PRIVATE, channel=channel, day=day, time=time
    )


@quizadmin.command(name="close", description=about("quizadmin close"))
@app_commands.describe(**options("quizadmin close"))
async def quizadmin_close(interaction: Interaction, which: Which | None = None) -> None:
    await run_command(interaction, "quizadmin close", Ack.PRIVATE, which=which)


COMMANDS: tuple[app_commands.Command[Any, ..., Any] | app_commands.Group, ...] = (
    define,
    search,
    random_term,
    help_command,
    terms,
    quiz,
    practice,
    score,
    leaderboard,
    glossary,
    quizadmin,
)


ANYWHERE = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)
EVERY_INSTALL = app_commands.AppInstallationType(guild=True, user=True)
SERVERS = app_commands.AppCommandContext(guild=True)
SERVER_INSTALL = app_commands.AppInstallationType(guild=True)


def works_anywhere(command: app_commands.Command[Any, ..., Any] | app_commands.Group) -> bool:
    """Whether every core command under it runs outside a server (no scores, no admin)."""
    names = (
        [c.qualified_name for c in command.walk_commands()]
        if isinstance(command, app_commands.Group)
        else [command.name]
    )
    return not any(spec(n).guild_only or spec(n).admin for n in names)


def install(tree: app_commands.CommandTree[Any]) -> None:
    """Add every glossbot command to `tree` (global scope; `--sync --guild` copies them).

    Lookups (and "Define terms") may be used anywhere and by a user who installed the app
    to their account; the rest is registered for servers only, so Discord does not offer
    commands in DMs that the bot would refuse there.
    """
    for command in COMMANDS:
        anywhere = works_anywhere(command)
        command.allowed_contexts = ANYWHERE if anywhere else SERVERS
        command.allowed_installs = EVERY_INSTALL if anywhere else SERVER_INSTALL
        tree.add_command(command)
    define_terms.allowed_contexts, define_terms.allowed_installs = ANYWHERE, EVERY_INSTALL
    tree.add_command(define_terms)
