"""Daily quiz posts: parsing schedules, finding what is due, and posting each exactly once.

A post is claimed with a unique (channel, local date) row before anything is posted, so
two processes on one database, or a restart, never post twice. A post missed while the
bot was down is made when it comes back, if it is still the same local day and the
schedule already existed at its time (one set at 10:00 for 09:00 starts tomorrow). Times
are IANA zones (zoneinfo, with the `tzdata` package), so a 09:00 post stays at 09:00
local across daylight-saving changes.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import UsageError
from bot.quiz import engine
from bot.quiz.generate import generate
from bot.quiz.render import question_reply
from bot.services import Services
from bot.store import Schedule, ScheduleStore, StoredQuestion

log = logging.getLogger(__name__)

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = tuple(range(7))
_NAMED_DAYS = {
    "daily": EVERY_DAY,
    "everyday": EVERY_DAY,
    "all": EVERY_DAY,
    "weekdays": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
}
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
INSTANCE = f"{socket.gethostname()}:{os.getpid()}"
PAUSE_AFTER = 3
"""Failed daily posts in a row after which a schedule pauses (a deleted channel, lost access:
retrying daily would only earn the bot rate-limit strikes). Scheduling again resumes it."""


def parse_time(text: str) -> time:
    match = _TIME.match(text.strip())
    if not match:
        raise UsageError(f"“{text}” is not a time. Use 24-hour HH:MM, like 09:30.")
    return time(int(match.group(1)), int(match.group(2)))


def parse_zone(text: str) -> ZoneInfo:
    name = text.strip()
    try:
        if name and ".." not in name and not name.startswith("/"):
            return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    raise UsageError(f"“{name}” is not a time zone I know. Use an IANA name like Europe/Paris.")


def is_zone(text: str) -> bool:
    try:
        parse_zone(text)
    except UsageError:
        return False
    return True


def _day(word: str) -> int:
    key = word.strip().lower()[:3]
    if key not in DAY_NAMES:
        raise UsageError(f"“{word}” is not a day. Use mon..sun, weekdays, weekends or daily.")
    return DAY_NAMES.index(key)


def parse_days(text: str) -> tuple[int, ...]:
    """'daily', 'weekdays', 'mon-fri', 'mon,wed,fri', 'fri-mon' -> weekday numbers."""
    spec = text.strip().lower().replace(" ", "")
    if spec in _NAMED_DAYS:
        return _NAMED_DAYS[spec]
    days: set[int] = set()
    for part in filter(None, spec.split(",")):
        if "-" in part:
            first, last = (_day(p) for p in part.split("-", 1))
            span = (last - first) % 7
            days.update((first + i) % 7 for i in range(span + 1))
        else:
            days.add(_day(part))
    if not days:
        raise UsageError("Say which days: mon..sun, weekdays, weekends or daily.")
    return tuple(sorted(days))


def describe_days(days: tuple[int, ...]) -> str:
    for name, named in _NAMED_DAYS.items():
        if days == named and name in ("daily", "weekdays", "weekends"):
            return name
    return ",".join(DAY_NAMES[d] for d in days)


@dataclass(frozen=True, slots=True)
class Slot:
    """One scheduled post: the local date it belongs to, and when it is due in UTC."""

    local_date: date
    due: datetime


def slot_on(schedule: Schedule, local_date: date) -> Slot:
    zone = ZoneInfo(schedule.timezone)
    wall = datetime.combine(local_date, parse_time(schedule.time), tzinfo=zone)
    # A wall time skipped by a DST jump (02:30 on spring-forward day) round-trips to the
    # first real instant after it, as the clocks on the wall would show.
    return Slot(local_date, wall.astimezone(UTC))


def due_slot(schedule: Schedule, now: datetime) -> Slot | None:
    """Today's slot, local to the schedule, if it has come, today is not over, and the
    schedule already existed at that time (a new schedule never catches up a past slot)."""
    today = now.astimezone(ZoneInfo(schedule.timezone)).date()
    if today.weekday() not in schedule.days:
        return None
    slot = slot_on(schedule, today)
    if slot.due > now or (schedule.since is not None and slot.due <= schedule.since):
        return None
    return slot


def next_slot(schedule: Schedule, after: datetime, posted: date | None = None) -> Slot:
    """The first slot after `after` whose local date is later than `posted` (the last
    local date that already had its post)."""
    today = after.astimezone(ZoneInfo(schedule.timezone)).date()
    for offset in range(0, 9):
        day = today + timedelta(days=offset)
        if day.weekday() in schedule.days and (posted is None or day > posted):
            slot = slot_on(schedule, day)
            if slot.due > after:
                return slot
    raise ValueError(f"schedule {schedule.place} has no days")


async def upcoming(store: ScheduleStore, schedule: Schedule, now: datetime) -> Slot:
    """When this schedule really posts next: never again on a day that already had a post."""
    last = await store.last_daily(schedule.place)
    return next_slot(schedule, now, last.daily_date if last else None)


async def tick(services: Services) -> list[str]:
    """Post every daily that is due and not yet claimed; return the places posted to."""
    now = services.clock.now()
    posted: list[str] = []
    for schedule in await services.store.schedules():
        slot = due_slot(schedule, now)
        if slot is None or schedule.failures >= PAUSE_AFTER:
            continue
        if not await services.store.claim_daily(schedule.place, slot.local_date, now, INSTANCE):
            continue
        try:
            await post_daily(services, schedule, slot, now)
        except Exception:
            log.exception("daily post for %s on %s failed", schedule.place, slot.local_date)
            failures = await services.store.post_result(schedule.place, ok=False)
            if failures >= PAUSE_AFTER:
                log.warning(
                    "pausing the daily quiz of %s after %d failures", schedule.place, failures
                )
            continue
        await services.store.post_result(schedule.place, ok=True)
        posted.append(schedule.place)
    return posted


async def post_daily(
    services: Services, schedule: Schedule, slot: Slot, now: datetime
) -> StoredQuestion:
    """Close the previous daily (revealing it), then post today's question.

    It stays open `quiz.daily_close_hours`, or until the next daily, whichever is first.
    """
    close_after = timedelta(hours=services.config.quiz.daily_close_hours)
    previous = await services.store.last_daily(schedule.place)
    if previous is not None and previous.closed is None:
        await engine.close(services, previous, now)
    question = generate(services.content.glossary, services.rng, None)
    stored = StoredQuestion(
        id=engine.new_id(),
        scope=schedule.scope,
        place=schedule.place,
        question=question,
        opened=now,
        closes=min(next_slot(schedule, now, slot.local_date).due, now + close_after),
        daily_date=slot.local_date,
    )
    await services.store.add_question(stored)
    await services.store.set_daily_question(schedule.place, slot.local_date, stored.id)
    if services.outbox is not None:
        ref = await services.outbox.post(schedule.place, question_reply(stored))
        await services.store.set_message_ref(stored.id, ref)
    return stored


async def next_wake(services: Services, cap: timedelta = timedelta(seconds=30)) -> datetime:
    """When the loop should look again: the next post or closing, and at least every `cap`."""
    now = services.clock.now()
    wake = now + cap
    closing = await services.store.next_closing()
    if closing is not None:
        wake = min(wake, closing)
    for schedule in await services.store.schedules():
        if schedule.failures < PAUSE_AFTER:
            wake = min(wake, next_slot(schedule, now).due)
    return max(wake, now)
