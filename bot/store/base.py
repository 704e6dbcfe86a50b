"""The state glossbot keeps, as values, and the async interfaces every store implements.

The interface comes in one protocol per concern (questions and answers, schedules,
lookups, reviews), so code that needs one concern can say so and a store can be read one
concern at a time; `Store` is their union plus opening and closing. SQLite
(`bot.store.sqlite`) is the default; a PostgreSQL store must pass the same contract tests
(`tests/store/test_contract.py`). Outcomes are values, not exceptions: recording an
answer says `Accepted`, `AlreadyAnswered` or `Closed`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from bot.quiz.question import Question


@dataclass(frozen=True, slots=True)
class StoredQuestion:
    """A question as asked: where, when, until when, and for whom (practice is private)."""

    id: str
    scope: str
    place: str
    question: Question
    opened: datetime
    closes: datetime
    daily_date: date | None = None
    """For a daily question, the local date it was posted for (its streak day)."""
    private_to: str = ""
    closed: datetime | None = None
    message_ref: str = ""

    @property
    def daily(self) -> bool:
        return self.daily_date is not None


@dataclass(frozen=True, slots=True)
class Answer:
    user: str
    name: str
    choice: int
    text: str
    correct: bool
    at: datetime
    points: int = 0
    """What this answer earns, decided by the quiz engine; a store only adds it up."""


@dataclass(frozen=True, slots=True)
class Accepted:
    correct: bool
    points: int
    streak: int


@dataclass(frozen=True, slots=True)
class AlreadyAnswered:
    correct: bool


@dataclass(frozen=True, slots=True)
class Closed:
    pass


Recorded = Accepted | AlreadyAnswered | Closed


@dataclass(frozen=True, slots=True)
class Score:
    user: str
    name: str
    points: int
    answered: int
    correct: int
    streak: int = 0
    best_streak: int = 0
    rank: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class Schedule:
    """A daily post: `place` at `time` (HH:MM) local to `timezone`, on `days` (0=Monday)."""

    place: str
    scope: str
    time: str
    timezone: str
    days: tuple[int, ...]
    created_by: str = ""
    failures: int = 0
    """Daily posts that failed in a row (the channel is gone, the bot lost access)."""
    since: datetime | None = None
    """When it was set or last changed: only slots after this are posted (or caught up), so
    a schedule for a time already past today starts tomorrow. None: no such limit."""


@dataclass(frozen=True, slots=True)
class Review:
    """Spaced-repetition state of one user and entry: the fsrs card as JSON, and when due."""

    entry_id: str
    card: str
    due: datetime
    lapses: int = 0


class QuestionStore(Protocol):
    """Questions asked, the answers they got, and the scores and streaks those add up to."""

    async def add_question(self, question: StoredQuestion) -> bool:
        """Store a new question; False (and nothing stored) when a public question of its
        kind (daily or not) is already open in its place: the database keeps that rule."""
        ...

    async def question(self, question_id: str) -> StoredQuestion | None: ...
    async def open_question_in(self, place: str, *, daily: bool) -> StoredQuestion | None:
        """The newest unclosed public question of one kind (daily or not) in `place`.

        One question of each kind may be open per channel: an ad-hoc `/quiz` can run next
        to the day's daily question.
        """
        ...

    async def set_message_ref(self, question_id: str, ref: str) -> None: ...
    async def close_question(self, question_id: str, now: datetime) -> bool:
        """Mark closed; True only for the one caller that closed it."""
        ...

    async def due_questions(self, now: datetime) -> list[StoredQuestion]: ...
    async def next_closing(self) -> datetime | None: ...
    async def answers(self, question_id: str) -> list[Answer]: ...
    async def record_answer(self, question: StoredQuestion, answer: Answer) -> Recorded:
        """Record a user's first answer, its points and a daily's streak in one transaction."""
        ...

    async def end_daily(self, question: StoredQuestion, daily_date: date) -> int:
        """Reset the streak of users who follow this place's daily but missed this one."""
        ...

    async def score(self, scope: str, user: str) -> Score | None: ...
    async def leaderboard(
        self, scope: str, since: datetime | None = None, place: str | None = None, limit: int = 10
    ) -> list[Score]: ...
    async def rank(
        self, scope: str, user: str, since: datetime | None = None, place: str | None = None
    ) -> Score | None: ...


class ScheduleStore(Protocol):
    """Daily posts: which channel posts when, and the one claim per channel and day."""

    async def set_schedule(self, schedule: Schedule) -> None: ...
    async def remove_schedule(self, place: str) -> bool: ...
    async def schedules(self, scope: str | None = None) -> list[Schedule]: ...
    async def post_result(self, place: str, ok: bool) -> int:
        """Count a failed daily post (or clear the count); return failures in a row."""
        ...

    async def claim_daily(self, place: str, local_date: date, now: datetime, by: str) -> bool:
        """Claim the one daily post of `place` for `local_date`; True for one caller only."""
        ...

    async def set_daily_question(self, place: str, local_date: date, question_id: str) -> None: ...
    async def last_daily(self, place: str) -> StoredQuestion | None: ...


class LookupStore(Protocol):
    """The lookup log behind `/glossary status`: what was found, what was missed."""

    async def log_lookup(
        self, scope: str, user: str, query: str, outcome: str, entry_id: str, now: datetime
    ) -> None: ...
    async def prune_lookups(self, before: datetime) -> int:
        """Forget lookups older than `before`; return how many."""
        ...

    async def top_entries(self, scope: str | None, limit: int) -> list[tuple[str, int]]: ...
    async def top_misses(
        self, scope: str | None, limit: int, since: datetime | None = None
    ) -> list[tuple[str, int]]:
        """The queries that found nothing most often (since `since`, when given)."""
        ...


class ReviewStore(Protocol):
    """Spaced-repetition cards, one per user and entry."""

    async def reviews(self, user: str) -> dict[str, Review]: ...
    async def save_review(self, user: str, review: Review) -> None: ...


@dataclass(frozen=True, slots=True)
class FlagSummary:
    """The open flags on one entry: how many people flagged it, and the latest reason."""

    entry_id: str
    count: int
    latest_reason: str
    latest_note: str
    latest_at: datetime


class FlagStore(Protocol):
    """Readers' reports that an entry is wrong, outdated or unclear, until a curator acts."""

    async def add_flag(
        self, scope: str, entry_id: str, user: str, reason: str, note: str, now: datetime
    ) -> bool:
        """Record a user's flag on an entry; False when that user's flag is already open."""
        ...

    async def open_flags(self, scope: str, limit: int = 25) -> list[FlagSummary]:
        """Flagged entries, the most flagged first."""
        ...

    async def resolve_flags(self, scope: str, entry_id: str, now: datetime) -> int:
        """Close every open flag on an entry; return how many."""
        ...


@dataclass(frozen=True, slots=True)
class SuggestSchedule:
    """A channel's weekly "What should we define next?" post: a weekday (0 = Monday) and a
    UTC time; `since` is when it was set, so a new schedule never posts for a past slot."""

    place: str
    scope: str
    weekday: int
    at: time
    since: datetime


@dataclass(frozen=True, slots=True)
class SuggestPost:
    id: str
    scope: str
    place: str
    options: tuple[str, ...]
    posted: datetime
    message_ref: str = ""


class SuggestStore(Protocol):
    """Weekly suggestion posts: where they go, each post's options, and one vote per user."""

    async def set_suggest(self, schedule: SuggestSchedule) -> None: ...
    async def remove_suggest(self, place: str) -> bool: ...
    async def suggest_schedules(self, scope: str | None = None) -> list[SuggestSchedule]: ...
    async def claim_suggest(self, place: str, week: date) -> bool:
        """Claim the one post of `place` for the week starting `week`; True for one caller."""
        ...

    async def add_suggest_post(self, post: SuggestPost) -> None: ...
    async def suggest_post(self, post_id: str) -> SuggestPost | None: ...
    async def suggest_post_at(self, place: str, ref: str) -> SuggestPost | None: ...
    async def set_suggest_ref(self, post_id: str, ref: str) -> None: ...
    async def vote(self, post_id: str, user: str, choice: int | None) -> None:
        """A user's vote on a post (a second vote replaces the first; None withdraws it)."""
        ...

    async def suggest_results(self, scope: str) -> list[tuple[str, int]]:
        """The latest post's options in `scope` with their votes, the most voted first."""
        ...


class DeliveryStore(Protocol):
    """Request identities already handled, shared by every instance (Slack retries)."""

    async def first_delivery(self, key: str, now: datetime, window: timedelta) -> bool:
        """Remember `key` for `window`; False when any instance saw it within its window."""
        ...


class LeaseStore(Protocol):
    """Named leases with an expiry: one holder at a time across every instance (the
    scheduler leader, a Discord standby). A holder that dies loses its lease when it expires.
    """

    async def hold_lease(self, name: str, holder: str, ttl: timedelta, now: datetime) -> bool:
        """Take `name` if it is free or expired, or renew it if `holder` has it; True when
        `holder` holds it until `now + ttl` after the call. One statement, atomic in the
        database, so two instances asking at once never both get True."""
        ...

    async def release_lease(self, name: str, holder: str) -> None:
        """Give `name` up if `holder` has it (a clean shutdown), so another takes it at once."""
        ...


@dataclass(frozen=True, slots=True)
class InstallKey:
    """Where one installation record is filed. `user` "" is the workspace's own record (its
    bot); a user id, that user's. `enterprise` is "" outside an enterprise organisation."""

    platform: str
    team: str
    enterprise: str = ""
    user: str = ""


class InstallationStore(Protocol):
    """An app's installations in many workspaces, and the one-time states of its install flow.

    A record is the platform's own (for Slack, slack-sdk's installation as a dict), kept as
    JSON, so the store knows only its key; every instance on the database shares them.
    `enterprise=None` in a lookup matches any enterprise (a channel id knows its workspace,
    not its organisation).
    """

    async def save_installation(
        self, key: InstallKey, data: Mapping[str, Any], now: datetime
    ) -> None:
        """File `data` (JSON-serialisable) under `key`, replacing what was there."""
        ...

    async def find_installation(
        self, platform: str, team: str, *, enterprise: str | None = None, user: str | None = ""
    ) -> dict[str, Any] | None:
        """The record filed for `user` ("" the workspace's own); `user=None`: the newest
        user's record in the workspace."""
        ...

    async def delete_installations(
        self, platform: str, team: str, *, enterprise: str | None = None, user: str | None = None
    ) -> int:
        """Forget `user`'s record ("" the workspace's own), or with `user=None` every record
        of the workspace; return how many."""
        ...

    async def issue_state(self, state: str, now: datetime, ttl: timedelta) -> None:
        """Remember an install flow's state for `ttl` (and forget expired ones)."""
        ...

    async def consume_state(self, state: str, now: datetime) -> bool:
        """True once for a state issued and not expired at `now`; it is forgotten either way."""
        ...


class Store(
    QuestionStore,
    ScheduleStore,
    LookupStore,
    ReviewStore,
    FlagStore,
    SuggestStore,
    DeliveryStore,
    LeaseStore,
    InstallationStore,
    Protocol,
):
    """Everything glossbot keeps, behind one connection that is opened and closed once."""

    async def open(self) -> None: ...
    async def close(self) -> None: ...
