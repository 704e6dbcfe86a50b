"""The PostgreSQL schema as numbered migrations, applied under an advisory lock.

The same tables as the SQLite store (`bot.store.schema`) in native types: timestamps are
`timestamptz`, dates `date`, flags `boolean`; `user` is reserved in PostgreSQL, so the
column is `user_id`. `glossbot_schema` records how far a database got. Two processes that
start at once serialise on the advisory lock, so the second finds the work done.
"""

from __future__ import annotations

from typing import Any

from bot.store.errors import check_version

MIGRATE_LOCK = 0x676C6F7373626F74
"""The advisory lock key every glossbot process takes to migrate ("glossbot" in ASCII)."""

MIGRATIONS: tuple[str, ...] = (
    # 1: questions, answers, scores, schedules, daily claims, lookups, reviews.
    """
    CREATE TABLE questions (
        id text PRIMARY KEY,
        scope text NOT NULL,
        place text NOT NULL,
        type text NOT NULL,
        prompt text NOT NULL,
        options text NOT NULL,
        correct integer NOT NULL,
        answer text NOT NULL,
        accepted text NOT NULL,
        entry_id text NOT NULL,
        entry_name text NOT NULL,
        opened timestamptz NOT NULL,
        closes timestamptz NOT NULL,
        daily date,
        private_to text NOT NULL DEFAULT '',
        closed timestamptz,
        message_ref text NOT NULL DEFAULT ''
    );
    -- One open public question per channel and kind (daily or ad hoc), across processes.
    CREATE UNIQUE INDEX questions_one_open ON questions (place, (daily IS NOT NULL))
        WHERE closed IS NULL AND private_to = '';
    CREATE INDEX questions_open_closes ON questions (closes) WHERE closed IS NULL;
    CREATE TABLE users (
        user_id text PRIMARY KEY,
        name text NOT NULL
    );
    CREATE TABLE answers (
        question_id text NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        user_id text NOT NULL,
        name text NOT NULL,
        choice integer NOT NULL,
        text text NOT NULL,
        correct boolean NOT NULL,
        points integer NOT NULL,
        practice boolean NOT NULL,
        scope text NOT NULL,
        place text NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (question_id, user_id)
    );
    CREATE INDEX answers_scope_at ON answers (scope, at);
    -- Points are summed from answers when ranking; scores keeps only the daily streak.
    CREATE TABLE scores (
        scope text NOT NULL,
        user_id text NOT NULL,
        streak integer NOT NULL DEFAULT 0,
        best_streak integer NOT NULL DEFAULT 0,
        last_daily date,
        last_daily_place text NOT NULL DEFAULT '',
        PRIMARY KEY (scope, user_id)
    );
    CREATE TABLE schedules (
        place text PRIMARY KEY,
        scope text NOT NULL,
        time text NOT NULL,
        timezone text NOT NULL,
        days text NOT NULL,
        created_by text NOT NULL DEFAULT '',
        failures integer NOT NULL DEFAULT 0,
        since timestamptz
    );
    CREATE TABLE daily_posts (
        place text NOT NULL,
        local_date date NOT NULL,
        claimed_at timestamptz NOT NULL,
        claimed_by text NOT NULL,
        question_id text,
        PRIMARY KEY (place, local_date)
    );
    CREATE TABLE lookups (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        scope text NOT NULL,
        user_id text NOT NULL,
        query text NOT NULL,
        outcome text NOT NULL,
        entry_id text NOT NULL
    );
    CREATE INDEX lookups_scope ON lookups (scope, outcome);
    CREATE INDEX lookups_at ON lookups (at);
    -- Flags on entries ("wrong", "outdated", "unclear", a note); one open flag per user.
    CREATE TABLE flags (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        scope text NOT NULL,
        entry_id text NOT NULL,
        user_id text NOT NULL,
        reason text NOT NULL,
        note text NOT NULL DEFAULT '',
        at timestamptz NOT NULL,
        resolved timestamptz
    );
    CREATE UNIQUE INDEX flags_open ON flags (scope, entry_id, user_id) WHERE resolved IS NULL;
    -- Weekly "What should we define next?" posts: schedules, posts, one vote per user.
    CREATE TABLE suggest_schedules (
        place text PRIMARY KEY,
        scope text NOT NULL,
        weekday integer NOT NULL,
        at time NOT NULL,
        since timestamptz NOT NULL,
        last_week date
    );
    CREATE TABLE suggest_posts (
        id text PRIMARY KEY,
        scope text NOT NULL,
        place text NOT NULL,
        options text NOT NULL,
        posted timestamptz NOT NULL,
        message_ref text NOT NULL DEFAULT ''
    );
    CREATE TABLE suggest_votes (
        post_id text NOT NULL REFERENCES suggest_posts (id),
        user_id text NOT NULL,
        choice integer NOT NULL,
        PRIMARY KEY (post_id, user_id)
    );
    CREATE TABLE reviews (
        user_id text NOT NULL,
        entry_id text NOT NULL,
        card text NOT NULL,
        due timestamptz NOT NULL,
        lapses integer NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, entry_id)
    );
    """,
    # 2: request identities already handled (Slack retries and replays), with an expiry,
    # so every instance acks a repeat instead of running it again.
    """
    CREATE TABLE seen_requests (
        key text PRIMARY KEY,
        expires timestamptz NOT NULL
    );
    """,
    # 3: named leases with an expiry (the scheduler leader, a Discord standby): one holder
    # at a time across every instance.
    """
    CREATE TABLE leases (
        name text PRIMARY KEY,
        holder text NOT NULL,
        expires timestamptz NOT NULL
    );
    """,
    # 4: an app's installations in many workspaces (the platform's record as JSON; user_id
    # '' is the workspace's own) and the one-time states of its install flow.
    """
    CREATE TABLE installations (
        platform text NOT NULL,
        enterprise text NOT NULL,
        team text NOT NULL,
        user_id text NOT NULL,
        data jsonb NOT NULL,
        saved timestamptz NOT NULL,
        PRIMARY KEY (platform, team, enterprise, user_id)
    );
    CREATE TABLE oauth_states (
        state text PRIMARY KEY,
        expires timestamptz NOT NULL
    );
    """,
    # 5: forgetting expired request identities reads only those, through an index, not
    # every identity of the last ten minutes (SQLite's migration 11 does the same; its
    # WITHOUT ROWID has no PostgreSQL counterpart: a heap table is the only kind).
    """
    CREATE INDEX seen_requests_expires ON seen_requests (expires);
    """,
)


async def migrate(conn: Any, where: str) -> int:
    """Bring the database to the newest version in one transaction; return that version."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATE_LOCK)
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS glossbot_schema (version integer PRIMARY KEY, "
            "applied timestamptz NOT NULL DEFAULT now())"
        )
        found = int(await conn.fetchval("SELECT COALESCE(max(version), 0) FROM glossbot_schema"))
        check_version(where, found, len(MIGRATIONS))
        for number, script in enumerate(MIGRATIONS[found:], start=found + 1):
            await conn.execute(script)
            await conn.execute("INSERT INTO glossbot_schema (version) VALUES ($1)", number)
    return len(MIGRATIONS)
