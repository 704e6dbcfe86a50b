"""Scores: /score and /leaderboard."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from bot.commands.registry import REGISTRY as registry
from bot.commands.registry import User
from bot.context import Context
from bot.replies import Card, Field, Reply, Text
from bot.safety import inert
from bot.services import Services
from bot.store import Score

Period = Literal["week", "month", "all"]
Scope = Literal["workspace", "channel"]
_PERIOD_TITLE = {"week": "the last 7 days", "month": "the last 30 days", "all": "all time"}


def since(period: Period, now: datetime) -> datetime | None:
    days = {"week": 7, "month": 30}.get(period)
    return now - timedelta(days=days) if days else None


def _line(score: Score, *, me: str) -> str:
    marker = " ← you" if score.user == me else ""
    return (
        f"{score.rank}. **{inert(score.name)}**: {score.points} pts, "
        f"{score.correct}/{score.answered} right ({score.accuracy:.0%}){marker}"
    )


@registry.command("score", guild_only=True, describe={"user": "Whose score (default: yours)"})
async def score(services: Services, ctx: Context, user: User | None = None) -> Reply:
    """Points, answers, accuracy, daily streak and rank."""
    who = f"{ctx.scope}:{user}" if user else ctx.user
    found = await services.store.score(ctx.scope, who)
    if found is None:
        subject = "You haven't" if who == ctx.user else "They haven't"
        return Reply((Text(f"{subject} answered any quiz question here yet. Try `/quiz`."),))
    card = Card(
        title=f"Score: {inert(found.name)}",
        fields=(
            Field("Points", str(found.points), inline=True),
            Field("Answered", str(found.answered), inline=True),
            Field("Accuracy", f"{found.accuracy:.0%}", inline=True),
            Field("Daily streak", f"{found.streak} (best {found.best_streak})", inline=True),
            Field("Rank", f"#{found.rank}", inline=True),
        ),
    )
    return Reply((card,))


@registry.command(
    "leaderboard",
    guild_only=True,
    describe={"period": "week, month or all (default: all)", "scope": "workspace or channel"},
)
async def leaderboard(
    services: Services, ctx: Context, period: Period = "all", scope: Scope = "workspace"
) -> Reply:
    """The top 10 players, for this workspace or this channel."""
    start = since(period, ctx.now)
    place = ctx.place if scope == "channel" else None
    top = await services.store.leaderboard(ctx.scope, start, place, limit=10)
    where = "this channel" if place else "this workspace"
    title = f"Leaderboard: {where}, {_PERIOD_TITLE[period]}"
    if not top:
        return Reply((Card(title=title, body="No answers yet. Start with `/quiz`."),))
    lines = [_line(s, me=ctx.user) for s in top]
    if all(s.user != ctx.user for s in top):
        mine = await services.store.rank(ctx.scope, ctx.user, start, place)
        if mine is not None:
            lines += ["…", _line(mine, me=ctx.user)]
    return Reply((Card(title=title, body="\n".join(lines)),))
