"""Daily quiz posts: parsing schedules, finding what is due, and posting each exactly once.

A post is claimed with a unique (channel, local date) row before anything is posted, so
two processes on one database, or a restart, never post twice. A post missed while the
bot was down is made when it comes back, if it is still the same local day and the
schedule already existed at its time (one set at 10:00 for 09:00 starts tomorrow). Times
are IANA zones (zoneinfo, with the `tzdata` package), so a 09:00 post stays at 09:00
local across daylight-saving changes. With several instances, only the scheduler leader
(the holder of the "scheduler" lease, `bot.leader`) runs `tick`; the claim row stays the
last guard should two ever believe they lead.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from rapidfuzz import fuzz, process, utils

from bot import metrics
from bot.errors import UsageError
from bot.leader import INSTANCE
from bot.quiz import engine
from bot.quiz.generate import generate
from bot.quiz.replies import question_reply
from bot.services import Services
from bot.store import Schedule, ScheduleStore, StoredQuestion

log = logging.getLogger(__name__)

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_EXAMPLES = "daily, weekdays, weekends, mon-fri or mon,wed,fri"
ZONE_EXAMPLES = "e.g. Europe/Paris, America/New_York, UTC"
EVERY_DAY = tuple(range(7))
_NAMED_DAYS = {
    "daily": EVERY_DAY,
    "everyday": EVERY_DAY,
    "all": EVERY_DAY,
    "weekdays": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
}
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
PAUSE_AFTER = 3
"""Failed daily posts in a row after which a schedule pauses (a deleted channel, lost access:
retrying daily would only earn the bot rate-limit strikes). Scheduling again resumes it."""


def parse_time(text: str) -> time:
    match = _TIME.match(text.strip())
    if not match:
        raise UsageError(f"“{text}” is not a time. Use 24-hour HH:MM, like 09:30.")
    return time(int(match.group(1)), int(match.group(2)))


@cache
def _zones() -> dict[str, str]:
    """Every IANA zone name by its lower-case spelling, so `europe/paris` finds Europe/Paris."""
    return {name.lower(): name for name in available_timezones()}


def find_zone(text: str) -> ZoneInfo | None:
    name = _zones().get(text.strip().lower())
    return ZoneInfo(name) if name else None


def close_zones(text: str, limit: int = 3) -> list[str]:
    """Zone names that look like `text` (a typo, a city alone), best first."""
    found = process.extract(
        text,
        list(_zones().values()),
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=85,
    )
    best = found[0][1] if found else 0
    return [name for name, score, _ in found if score >= best - 5]


def unknown_zone(text: str) -> UsageError:
    message = f"unknown time zone '{text}' ({ZONE_EXAMPLES})"
    if near := close_zones(text):
        message += f". Did you mean {' or '.join(near)}?"
    return UsageError(message)


def parse_zone(text: str) -> ZoneInfo:
    zone = find_zone(text)
    if zone is None:
        raise unknown_zone(text.strip())
    return zone


def parse_zone_and_days(zone_text: str, days_text: str) -> tuple[ZoneInfo, tuple[int, ...]]:
    """The optional zone, then the optional days: `Europe/Paris weekdays`, `mon,wed`, ``.

    A first word that is no zone but reads as days means the zone was left out (UTC).
    """
    words = f"{zone_text} {days_text}".split()
    if not words:
        return ZoneInfo("UTC"), EVERY_DAY
    zone = find_zone(words[0])
    if zone is not None:
        words.pop(0)
    elif _reads_as_days(words[0]):
        zone = ZoneInfo("UTC")
    elif "/" in words[0] or close_zones(words[0]):
        raise unknown_zone(words[0])
    else:
        raise UsageError(
            f"“{words[0]}” is neither a time zone ({ZONE_EXAMPLES}) nor days ({DAY_EXAMPLES})."
        )
    for word in words:
        if find_zone(word) is not None and not _reads_as_days(word):
            raise UsageError(f"Give the time zone before the days, like `09:00 {word} daily`.")
    return zone, parse_days(" ".join(words) or "daily")


def _reads_as_days(word: str) -> bool:
    return any(_day_or_none(part) is not None for part in re.split(r"[,\-]", word)) or (
        word.lower() in _NAMED_DAYS
    )


def _day_or_none(word: str) -> int | None:
    """mon..sun, full names and prefixes of at least three letters (`tues`, `thurs`)."""
    key = word.strip().lower()
    if len(key) < 3:
        return None
    return next((n for n, full in enumerate(_FULL_DAYS) if full.startswith(key)), None)


def _day(word: str, spec: str) -> int:
    if not word:
        raise UsageError(f"“{spec}” is a range with a missing end: give both, like mon-fri.")
    day = _day_or_none(word)
    if day is None:
        raise UsageError(f"“{word}” is not a day. Use {DAY_EXAMPLES}.")
    return day


def parse_days(text: str) -> tuple[int, ...]:
    """'daily', 'weekdays', 'mon-fri', 'mon,wed,fri', 'mon wed', 'fri-mon' -> weekday numbers.

    Case-insensitive; named sets and days may be combined (`weekends,wed`).
    """
    days: set[int] = set()
    for part in re.split(r"[,\s]+", text.strip().lower()):
        if part in _NAMED_DAYS:
            days.update(_NAMED_DAYS[part])
        elif "-" in part:
            first, last = (_day(p, part) for p in part.split("-", 1))
            days.update((first + i) % 7 for i in range((last - first) % 7 + 1))
        elif part:
            days.add(_day(part, part))
    if not days:
        raise UsageError(f"Say which days: {DAY_EXAMPLES}.")
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


async def tick(services: Services, leading: Callable[[], bool] = lambda: True) -> list[str]:
    """Post every daily that is due and not yet claimed; return the places posted to.

    `leading` is asked before each post: a leader whose lease ran out mid-tick stops there.
    """
    now = services.clock.now()
    posted: list[str] = []
    for schedule in await services.store.schedules():
        if not leading():
            break
        slot = due_slot(schedule, now)
        if slot is None or schedule.failures >= PAUSE_AFTER:
            continue
        if not await services.store.claim_daily(schedule.place, slot.local_date, now, INSTANCE):
            continue
        try:
            await post_daily(services, schedule, slot, now)
        except Exception:
            log.exception("daily post for %s on %s failed", schedule.place, slot.local_date)
            metrics.DAILY_POSTS.labels("failed").inc()
            failures = await services.store.post_result(schedule.place, ok=False)
            if failures >= PAUSE_AFTER:
                log.warning(
                    "pausing the daily quiz of %s after %d failures", schedule.place, failures
                )
            continue
        await services.store.post_result(schedule.place, ok=True)
        metrics.DAILY_POSTS.labels("posted").inc()
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
    closes = min(next_slot(schedule, now, slot.local_date).due, now + close_after)
    stored = await engine.pose(
        services, schedule.scope, schedule.place, question, now, closes, daily_date=slot.local_date
    )
    if stored is None:
        raise RuntimeError(f"a daily question is still open in {schedule.place}")
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
