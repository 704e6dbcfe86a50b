"""The weekly "What should we define next?" post: last week's top misses, put to a vote.

An admin opts a channel in (`/quizadmin suggest`); once a week, at its weekday and UTC
time, the core posts the five queries that found nothing most often in the workspace over
the past seven days. Discord shows them as a native poll, Slack and the console as
buttons; every vote lands in the store, and `/glossary status` shows the standings to
curators. Like daily posts, each week's post is claimed in the store first, so restarts
and several processes never post it twice, and a new schedule never posts for a past slot.
"""

from __future__ import annotations

import logging
import secrets
from datetime import date, datetime, timedelta

from bot.actions import Action
from bot.replies import Button, Poll, Reply, Style, Text
from bot.services import Services
from bot.store import SuggestPost, SuggestSchedule
from bot.text import shorten

log = logging.getLogger(__name__)

WEEK = timedelta(days=7)
CATCH_UP = timedelta(days=1)
"""A slot missed while the bot was down is still posted within a day; later, it waits."""
OPTIONS = 5
QUESTION = "What should we define next?"
POLL_HOURS = 7 * 24 - 1
OPTION_CHARS = 55  # Discord's limit for a poll answer


def last_slot(schedule: SuggestSchedule, now: datetime) -> datetime:
    """The latest slot at or before `now`: this week's weekday and time, else last week's."""
    midnight = datetime.combine(now.date(), schedule.at, tzinfo=now.tzinfo)
    slot = midnight + timedelta(days=(schedule.weekday - now.weekday()))
    return slot if slot <= now else slot - WEEK


def due(schedule: SuggestSchedule, now: datetime) -> datetime | None:
    """The slot to post now, if any: one strictly after the schedule was set, within a day
    (a schedule set at 09:00 for 09:00 starts next week, as its reply says)."""
    slot = last_slot(schedule, now)
    if slot <= schedule.since or now - slot > CATCH_UP:
        return None
    return slot


def week_of(slot: datetime) -> date:
    """The Monday of the slot's week: what a post is claimed for."""
    return slot.date() - timedelta(days=slot.weekday())


async def tick(services: Services) -> list[str]:
    """Post every weekly suggestion that is due; return the places posted to."""
    now = services.clock.now()
    posted: list[str] = []
    outbox = services.outbox
    if outbox is None:
        return posted
    for schedule in await services.store.suggest_schedules():
        slot = due(schedule, now)
        if slot is None or not await services.store.claim_suggest(schedule.place, week_of(slot)):
            continue
        reply = await build(services, schedule, now)
        if reply is None:
            log.info("no missed queries in %s this week: no suggestion post", schedule.scope)
            continue
        try:
            ref = await outbox.post(schedule.place, reply)
        except Exception:
            log.exception("could not post the weekly suggestion in %s", schedule.place)
            continue
        assert reply.poll is not None
        await services.store.set_suggest_ref(reply.poll.post_id, ref)
        posted.append(schedule.place)
    return posted


async def build(services: Services, schedule: SuggestSchedule, now: datetime) -> Reply | None:
    """The post, stored first so votes have something to count; None when nothing was missed."""
    misses = await services.store.top_misses(schedule.scope, OPTIONS, since=now - WEEK)
    if not misses:
        return None
    options = tuple(shorten(query, OPTION_CHARS) for query, _ in misses)
    post = SuggestPost(secrets.token_hex(4), schedule.scope, schedule.place, options, now)
    await services.store.add_suggest_post(post)
    lines = [f"**{QUESTION}** These were looked up this week and found nothing; vote for one:"]
    lines += [
        f"{n}. {option} ({count} lookups)"
        for n, (option, (_, count)) in enumerate(zip(options, misses, strict=True), 1)
    ]
    buttons = tuple(
        Button(option, Action.of("vote", post.id, n), Style.PRIMARY)
        for n, option in enumerate(options)
    )
    poll = Poll(QUESTION, options, POLL_HOURS, post.id)
    return Reply((Text("\n".join(lines)),), buttons=buttons, poll=poll)


async def poll_vote(
    services: Services, place: str, ref: str, user: str, choice: int | None
) -> bool:
    """A vote cast in a platform's own poll (Discord); False when the poll is not ours."""
    post = await services.store.suggest_post_at(place, ref)
    if post is None or (choice is not None and not 0 <= choice < len(post.options)):
        return False
    await services.store.vote(post.id, user, choice)
    return True


async def standings(services: Services, scope: str) -> str:
    """The latest post's votes, for `/glossary status`."""
    results = await services.store.suggest_results(scope)
    return "\n".join(f"{option}: {votes} vote{'s' * (votes != 1)}" for option, votes in results)
