"""The SQLite schema as numbered migrations; `PRAGMA user_version` records how far a file got."""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: questions, answers, scores, schedules, daily claims, lookups, reviews.
    """
    CREATE TABLE questions (
        id TEXT PRIMARY KEY,
        scope TEXT NOT NULL,
        place TEXT NOT NULL,
        type TEXT NOT NULL,
        prompt TEXT NOT NULL,
        options TEXT NOT NULL,
        correct INTEGER NOT NULL,
        answer TEXT NOT NULL,
        accepted TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        entry_name TEXT NOT NULL,
        opened TEXT NOT NULL,
        closes TEXT NOT NULL,
        daily TEXT NOT NULL DEFAULT '',
        private_to TEXT NOT NULL DEFAULT '',
        closed TEXT,
        message_ref TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX questions_open_place ON questions (place, private_to) WHERE closed IS NULL;
    CREATE INDEX questions_open_closes ON questions (closes) WHERE closed IS NULL;
    CREATE TABLE users (
        user TEXT PRIMARY KEY,
        name TEXT NOT NULL
    );
    CREATE TABLE answers (
        question_id TEXT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        user TEXT NOT NULL,
        name TEXT NOT NULL,
        choice INTEGER NOT NULL,
        text TEXT NOT NULL,
        correct INTEGER NOT NULL,
        points INTEGER NOT NULL,
        practice INTEGER NOT NULL,
        scope TEXT NOT NULL,
        place TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (question_id, user)
    );
    CREATE INDEX answers_scope_at ON answers (scope, at);
    CREATE TABLE scores (
        scope TEXT NOT NULL,
        user TEXT NOT NULL,
        points INTEGER NOT NULL DEFAULT 0,
        answered INTEGER NOT NULL DEFAULT 0,
        correct INTEGER NOT NULL DEFAULT 0,
        streak INTEGER NOT NULL DEFAULT 0,
        best_streak INTEGER NOT NULL DEFAULT 0,
        last_daily TEXT NOT NULL DEFAULT '',
        last_daily_place TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (scope, user)
    );
    -- Scores follow answers inside the answer's own transaction: one statement per answer.
    CREATE TRIGGER answers_score AFTER INSERT ON answers BEGIN
        INSERT INTO users (user, name) VALUES (NEW.user, NEW.name)
            ON CONFLICT (user) DO UPDATE SET name = excluded.name;
        INSERT INTO scores (scope, user, points, answered, correct)
            SELECT NEW.scope, NEW.user, NEW.points, 1, NEW.correct WHERE NEW.practice = 0
            ON CONFLICT (scope, user) DO UPDATE SET points = points + excluded.points,
                answered = answered + 1, correct = correct + excluded.correct;
    END;
    CREATE TABLE schedules (
        place TEXT PRIMARY KEY,
        scope TEXT NOT NULL,
        time TEXT NOT NULL,
        timezone TEXT NOT NULL,
        days TEXT NOT NULL,
        created_by TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE daily_posts (
        place TEXT NOT NULL,
        local_date TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        claimed_by TEXT NOT NULL,
        question_id TEXT,
        PRIMARY KEY (place, local_date)
    );
    CREATE TABLE lookups (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        scope TEXT NOT NULL,
        user TEXT NOT NULL,
        query TEXT NOT NULL,
        outcome TEXT NOT NULL,
        entry_id TEXT NOT NULL
    );
    CREATE INDEX lookups_scope ON lookups (scope, outcome);
    CREATE TABLE reviews (
        user TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        card TEXT NOT NULL,
        due TEXT NOT NULL,
        lapses INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (user, entry_id)
    );
    """,
    # 2: schedules remember failed posts in a row, so a dead channel can be paused.
    """
    ALTER TABLE schedules ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
    """,
    # 3: points, answered and correct per user are summed from answers when ranking, so the
    # copies in scores (kept by the trigger, read by nothing) go; scores keeps the streak.
    """
    DROP TRIGGER answers_score;
    ALTER TABLE scores DROP COLUMN points;
    ALTER TABLE scores DROP COLUMN answered;
    ALTER TABLE scores DROP COLUMN correct;
    CREATE TRIGGER answers_score AFTER INSERT ON answers BEGIN
        INSERT INTO users (user, name) VALUES (NEW.user, NEW.name)
            ON CONFLICT (user) DO UPDATE SET name = excluded.name;
        INSERT INTO scores (scope, user) SELECT NEW.scope, NEW.user WHERE NEW.practice = 0
            ON CONFLICT (scope, user) DO NOTHING;
    END;
    """,
    # 4: schedules remember when they were set, so a new one never catches up a past slot.
    """
    ALTER TABLE schedules ADD COLUMN since TEXT;
    """,
    # 5: flags on entries ("wrong", "outdated", "unclear", a note); one open flag per user.
    """
    CREATE TABLE flags (
        id INTEGER PRIMARY KEY,
        scope TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        user TEXT NOT NULL,
        reason TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        resolved TEXT
    );
    CREATE UNIQUE INDEX flags_open ON flags (scope, entry_id, user) WHERE resolved IS NULL;
    """,
    # 6: weekly "What should we define next?" posts: schedules, posts, one vote per user.
    """
    CREATE TABLE suggest_schedules (
        place TEXT PRIMARY KEY,
        scope TEXT NOT NULL,
        weekday INTEGER NOT NULL,
        at TEXT NOT NULL,
        since TEXT NOT NULL,
        last_week TEXT
    );
    CREATE TABLE suggest_posts (
        id TEXT PRIMARY KEY,
        scope TEXT NOT NULL,
        place TEXT NOT NULL,
        options TEXT NOT NULL,
        posted TEXT NOT NULL,
        message_ref TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE suggest_votes (
        post_id TEXT NOT NULL REFERENCES suggest_posts (id),
        user TEXT NOT NULL,
        choice INTEGER NOT NULL,
        PRIMARY KEY (post_id, user)
    );
    """,
    # 7: one open public question per channel and kind (daily or ad hoc), kept by the
    # database, so two processes on one file cannot both open one. Older files may hold
    # extra open ones from that race: all but the newest of each are closed first.
    """
    UPDATE questions SET closed = closes WHERE closed IS NULL AND private_to = ''
        AND rowid NOT IN (SELECT max(rowid) FROM questions WHERE closed IS NULL
            AND private_to = '' GROUP BY place, daily <> '');
    CREATE UNIQUE INDEX questions_one_open ON questions (place, (daily <> ''))
        WHERE closed IS NULL AND private_to = '';
    """,
    # 8: request identities already handled (Slack retries and replays), with an expiry,
    # so every instance on this file acks a repeat instead of running it again.
    """
    CREATE TABLE seen_requests (
        key TEXT PRIMARY KEY,
        expires TEXT NOT NULL
    );
    """,
    # 9: named leases with an expiry (the scheduler leader, a Discord standby): one holder
    # at a time across every process on this file.
    """
    CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires TEXT NOT NULL
    );
    """,
    # 10: an app's installations in many workspaces (the platform's record as JSON; user ''
    # is the workspace's own) and the one-time states of its install flow.
    """
    CREATE TABLE installations (
        platform TEXT NOT NULL,
        enterprise TEXT NOT NULL,
        team TEXT NOT NULL,
        user TEXT NOT NULL,
        data TEXT NOT NULL,
        saved TEXT NOT NULL,
        PRIMARY KEY (platform, team, enterprise, user)
    );
    CREATE TABLE oauth_states (
        state TEXT PRIMARY KEY,
        expires TEXT NOT NULL
    );
    """,
    # 11: seen_requests is written on every Slack request: stored by its key alone (WITHOUT
    # ROWID: no separate rowid table behind the key's index), with an index on expires, so
    # forgetting the expired identities reads only those, not every one of the last ten
    # minutes (a full scan: 33 ms at 300,000 rows, i.e. 500 requests/s, holding the write).
    """
    CREATE TABLE seen_requests_by_key (
        key TEXT PRIMARY KEY,
        expires TEXT NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO seen_requests_by_key (key, expires) SELECT key, expires FROM seen_requests;
    DROP TABLE seen_requests;
    ALTER TABLE seen_requests_by_key RENAME TO seen_requests;
    CREATE INDEX seen_requests_expires ON seen_requests (expires);
    """,
)
