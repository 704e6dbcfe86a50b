"""/quizadmin suggest: the weekly "What should we define next?" post, and its vote buttons."""

from __future__ import annotations

from bot import scheduler, suggest
from bot.commands.admin import _real_channel
from bot.commands.registry import REGISTRY as registry
from bot.commands.registry import Channel
from bot.context import Context
from bot.errors import UsageError
from bot.replies import Reply, text
from bot.services import Services
from bot.store import SuggestSchedule

OFF = "off"


@registry.command(
    "quizadmin suggest",
    admin=True,
    guild_only=True,
    describe={
        "channel": "Where to post",
        "day": "The weekday, e.g. mon (default), or off to stop",
        "time": "UTC time, 24-hour HH:MM (default 09:00)",
    },
)
async def suggest_schedule(
    services: Services, ctx: Context, channel: Channel, day: str = "mon", time: str = "09:00"
) -> Reply:
    """Ask a channel each week which missing terms to define next."""
    channel = _real_channel(ctx, channel)
    place = f"{ctx.scope}:{channel}"
    if day.strip().lower() == OFF:
        removed = await services.store.remove_suggest(place)
        said = "will no longer get" if removed else "was not getting"
        return text(f"<#{channel}> {said} the weekly suggestion post.", private=True)
    days = scheduler.parse_days(day)
    if len(days) != 1:
        raise UsageError("The suggestion post is weekly: give one day, e.g. `mon`.")
    at = scheduler.parse_time(time)
    entry = SuggestSchedule(place, ctx.scope, days[0], at, ctx.now)
    await services.store.set_suggest(entry)
    slot = suggest.last_slot(entry, ctx.now) + suggest.WEEK
    return text(
        f"Every {scheduler.DAY_NAMES[days[0]]} at {at:%H:%M} UTC, <#{channel}> gets "
        f"“{suggest.QUESTION}” with the week's top queries that found nothing. "
        f"First post: {slot:%Y-%m-%d %H:%M} UTC.",
        private=True,
    )


@registry.action("vote")
async def vote(services: Services, ctx: Context, post_id: str, choice: str) -> Reply:
    post = await services.store.suggest_post(post_id)
    if post is None or post.scope != ctx.scope or not choice.isdigit():
        raise UsageError("That vote is not one of mine.")
    number = int(choice)
    if number >= len(post.options):
        raise UsageError("That is not one of the options.")
    await services.store.vote(post.id, ctx.user, number)
    return text(f"Thanks: your vote for “{post.options[number]}” is counted.", private=True)
