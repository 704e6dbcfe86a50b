"""The caller's standing at a glance (Slack's App Home): score, practice due, term of the day."""

from __future__ import annotations

import random
from datetime import date

from bot.actions import Action
from bot.cards import term_card
from bot.commands.registry import REGISTRY as registry
from bot.context import Context
from bot.material import eligible, well_defined
from bot.replies import Button, Card, Field, Reply, Style
from bot.services import Services
from knowledge import Entry, Glossary


def term_of_the_day(glossary: Glossary, scope: str, day: date) -> Entry | None:
    """The same term all day for everyone in a workspace, a different one tomorrow."""
    pool = sorted(well_defined(glossary), key=lambda e: e.id)
    return random.Random(f"{scope}:{day.isoformat()}").choice(pool) if pool else None


@registry.action("home")
async def home(services: Services, ctx: Context) -> Reply:
    """Your points, streak and rank, what is due for practice, and today's term."""
    score = await services.store.score(ctx.scope, ctx.user)
    reviews = await services.store.reviews(ctx.user)
    due = sum(1 for r in reviews.values() if r.due <= ctx.now)
    unseen = sum(1 for e in services.content.glossary if eligible(e) and e.id not in reviews)
    if score is None:
        standing = "No quiz answers yet: try `/quiz` in a channel."
    else:
        standing = (
            f"{score.points} points, {score.correct}/{score.answered} right "
            f"({score.accuracy:.0%}), rank #{score.rank}"
        )
    streak = f"{score.streak} (best {score.best_streak})" if score else "0"
    card = Card(
        title="Your glossbot",
        fields=(
            Field("Your score", standing),
            Field("Daily streak", streak, inline=True),
            Field("Due for practice", f"{due} due, {unseen} not seen yet", inline=True),
        ),
    )
    parts: list[Card] = [card]
    buttons = [Button("Practice now", Action.of("practice"), Style.PRIMARY)]
    term = term_of_the_day(services.content.glossary, ctx.scope, ctx.now.date())
    if term is not None:
        today = term_card(services.content, term)
        parts += [p for p in today.parts if isinstance(p, Card)]
        buttons += list(today.buttons)
    return Reply(tuple(parts), tuple(buttons), private=True)
