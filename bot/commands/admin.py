"""Admin commands: /glossary status and the /quizadmin group (daily schedules, closing)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from bot import scheduler, suggest
from bot.broadcast import instances_line
from bot.commands.feedback import flag_lines
from bot.commands.registry import REGISTRY as registry
from bot.commands.registry import Channel
from bot.context import Context
from bot.errors import UsageError
from bot.quiz import engine
from bot.replies import Card, Field, Reply
from bot.safety import inert
from bot.services import Services
from bot.store import Schedule
from bot.text import shorten
from knowledge import Diagnostic, Level

TOP = 5
Which = Literal["quiz", "daily"]


@registry.command("glossary status", admin=True)
async def glossary_status(services: Services, ctx: Context) -> Reply:
    """Entries per source, last reload, warnings, top lookups and what people fail to find."""
    content = services.content
    sources = "\n".join(f"{s.title or s.file}: {s.entries}" for s in content.glossary.sources)
    # The warnings of the glossary being served, whatever a failed reload found since.
    warnings = [d for d in content.glossary.diagnostics if d.level is Level.WARNING]
    loaded = f"{content.loaded_at:%Y-%m-%d %H:%M} UTC"
    if warnings:
        loaded += f", {len(warnings)} warnings, e.g.\n" + _examples(warnings)
    fields = [Field("Entries per source", sources), Field("Loaded", loaded)]
    everywhere = services.last_everywhere
    if everywhere is not None and everywhere.elsewhere is not None:
        at = f"{everywhere.here.at:%Y-%m-%d %H:%M} UTC"
        fields.append(
            Field("Last reload from this instance", f"{at}: {instances_line(everywhere)}")
        )
    report = services.last_reload
    if report is not None and not report.ok:
        fields.append(
            Field(
                "Last reload FAILED",
                f"{report.at:%Y-%m-%d %H:%M} UTC, {len(report.errors)} errors; still serving "
                "the glossary loaded above. First errors:\n" + _examples(report.errors),
            )
        )
    top = await services.store.top_entries(ctx.scope, TOP)
    looked_up = [f"{(e.name if (e := content.entry(i)) else i)} ({n})" for i, n in top] or [
        "nothing yet"
    ]
    misses = [f"“{inert(q)}” ({n})" for q, n in await services.store.top_misses(ctx.scope, TOP)]
    fields.append(Field("Most looked up", "\n".join(looked_up)))
    fields.append(Field("Not found (add these?)", "\n".join(misses) or "nothing yet"))
    flagged = await flag_lines(services, ctx, TOP)
    fields.append(Field("Open flags (/glossary flags)", "\n".join(flagged) or "none"))
    votes = await suggest.standings(services, ctx.scope)
    fields.append(Field("Define next? (this week's votes)", votes or "no suggestion post yet"))
    card = Card(title=f"Glossary status: {len(content.glossary)} entries", fields=tuple(fields))
    return Reply((card,), private=True)


def _examples(diagnostics: Sequence[Diagnostic]) -> str:
    return "\n".join(shorten(str(d), 160) for d in diagnostics[:3])


@registry.command(
    "quizadmin schedule",
    admin=True,
    guild_only=True,
    describe={
        "channel": "Where to post",
        "time": "Local time, 24-hour HH:MM",
        "timezone": "IANA zone like Europe/Paris (default UTC)",
        "days": "daily, weekdays, weekends, mon-fri or mon,wed,fri (default daily)",
    },
)
async def schedule(
    services: Services,
    ctx: Context,
    channel: Channel,
    time: str,
    timezone: str = "UTC",
    days: str = "",
) -> Reply:
    """Post a daily quiz question in a channel at a local time."""
    channel = _real_channel(ctx, channel)
    parsed_time = scheduler.parse_time(time)
    zone, parsed_days = scheduler.parse_zone_and_days(timezone, days)
    entry = Schedule(
        place=f"{ctx.scope}:{channel}",
        scope=ctx.scope,
        time=f"{parsed_time:%H:%M}",
        timezone=zone.key,
        days=parsed_days,
        created_by=ctx.user,
        since=ctx.now,
    )
    await services.store.set_schedule(entry)
    upcoming = (await scheduler.upcoming(services.store, entry, ctx.now)).due
    return Reply(
        (
            Card(
                title="Daily quiz scheduled",
                body=(
                    f"<#{channel}> at {entry.time} {entry.timezone}, "
                    f"{scheduler.describe_days(parsed_days)}. "
                    f"Next post: {upcoming:%Y-%m-%d %H:%M} UTC."
                ),
            ),
        ),
        private=True,
    )


@registry.command("quizadmin unschedule", admin=True, guild_only=True)
async def unschedule(services: Services, ctx: Context, channel: Channel) -> Reply:
    """Stop a channel's daily quiz."""
    if not await services.store.remove_schedule(f"{ctx.scope}:{channel}"):
        raise UsageError(f"<#{channel}> has no daily quiz.")
    return Reply(
        (Card(title="Daily quiz removed", body=f"No more daily posts in <#{channel}>."),),
        private=True,
    )


_CHANNEL_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}", re.IGNORECASE)


def _real_channel(ctx: Context, channel: Channel) -> Channel:
    """A channel of this workspace: on Discord and Slack one the platform linked (a picker,
    a #mention), since a plain name there is a typo or no channel; the console's channels
    are plain names."""
    if ctx.platform == "console":
        if not _CHANNEL_NAME.fullmatch(channel):
            raise UsageError(
                f"“{inert(channel)}” is not a channel name: use letters, digits, - and _."
            )
    elif not channel.linked:
        raise UsageError(
            f"“#{inert(channel)}” is not a channel here. Type # and pick the channel "
            "from the list, so it becomes a link."
        )
    return channel


@registry.command("quizadmin schedules", admin=True, guild_only=True)
async def schedules(services: Services, ctx: Context) -> Reply:
    """List this workspace's daily quizzes."""
    found = await services.store.schedules(ctx.scope)
    if not found:
        return Reply(
            (Card(title="Daily quizzes", body="None yet. Add one with `/quizadmin schedule`."),),
            private=True,
        )
    lines = []
    for entry in found:
        channel = entry.place.rsplit(":", 1)[1]
        upcoming = (await scheduler.upcoming(services.store, entry, ctx.now)).due
        state = f"next {upcoming:%Y-%m-%d %H:%M} UTC"
        if entry.failures >= scheduler.PAUSE_AFTER:
            state = f"paused after {entry.failures} failed posts; schedule it again to resume"
        lines.append(
            f"<#{channel}>: {entry.time} {entry.timezone}, "
            f"{scheduler.describe_days(entry.days)} ({state})"
        )
    return Reply((Card(title="Daily quizzes", body="\n".join(lines)),), private=True)


@registry.command(
    "quizadmin close",
    admin=True,
    guild_only=True,
    describe={"which": "quiz or daily (default: the quiz if one is open, else the daily)"},
)
async def close_question(services: Services, ctx: Context, which: Which | None = None) -> Reply:
    """Close this channel's open question now and reveal the answer."""
    return await engine.close_here(services, ctx, None if which is None else which == "daily")
