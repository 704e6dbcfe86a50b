"""Answers recorded per second into SQLite under concurrency, and questions generated per second.

Ours: 200 players answering at once through `SqliteStore.record_answer` (group commit: one
transaction and one multi-row INSERT per group), then every answer checked on the board.
Beside it, in the same run: the floor, one stdlib-sqlite3 transaction of the same number of
simple inserts (what SQLite can do with no concurrency, no checks and no trigger), and the
naive way, one aiosqlite connection and transaction per answer.
Target: at least 20,000 recorded answers per second, none lost or double-counted. Rates
are the best of a few runs: the machine is shared, and the best run is the least disturbed.
"""

from __future__ import annotations

import asyncio
import random
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite

from bot.quiz.generate import generate
from bot.quiz.question import Question, QuestionType
from bot.store import Accepted, Answer, SqliteStore, Store, StoredQuestion
from knowledge import load

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
USERS = 2_000
QUESTIONS = 3
CONCURRENCY = 200


def stored(n: int) -> StoredQuestion:
    q = Question(QuestionType.DEFINITION, "p", ("a", "b", "c", "d"), 1, "b", "e", "E")
    # One channel each: a channel has one open question at a time.
    return StoredQuestion(f"q{n}", "bench:ws", f"bench:ws:c{n}", q, T0, T0 + timedelta(hours=1))


def answers() -> list[tuple[StoredQuestion, Answer]]:
    questions = [stored(n) for n in range(QUESTIONS)]
    return [
        (q, Answer(f"bench:ws:u{u}", f"u{u}", u % 4, "", u % 4 == 1, T0, 10 * (u % 4 == 1)))
        for q in questions
        for u in range(USERS)
    ]


async def ours(path: Path) -> float:
    store = SqliteStore(path)
    await store.open()
    try:
        return await play(store)
    finally:
        await store.close()


async def play(store: Store) -> float:
    """CONCURRENCY players answer every question into an open store; answers per second."""
    work = answers()
    for q in {q.id: q for q, _ in work}.values():
        await store.add_question(q)
    queue = iter(work)
    results: list[bool] = []

    async def player() -> None:  # one of CONCURRENCY clients, each answering in turn
        for q, a in queue:
            results.append(isinstance(await store.record_answer(q, a), Accepted))

    start = time.perf_counter()
    await asyncio.gather(*(player() for _ in range(CONCURRENCY)))
    elapsed = time.perf_counter() - start
    board = await store.leaderboard("bench:ws", limit=USERS)
    assert all(results) and len(board) == USERS
    assert sum(s.answered for s in board) == len(work)
    return len(work) / elapsed


async def naive(path: Path, count: int) -> float:
    async with aiosqlite.connect(path) as db:
        await db.execute(
            "CREATE TABLE answers (q TEXT, user TEXT, choice INT, correct INT, "
            "PRIMARY KEY (q, user))"
        )
        await db.execute("CREATE TABLE scores (user TEXT PRIMARY KEY, points INT, answered INT)")
        await db.commit()
    work = answers()[:count]
    start = time.perf_counter()
    for q, a in work:
        async with aiosqlite.connect(path) as db:
            cursor = await db.execute(
                "INSERT INTO answers VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (q.id, a.user, a.choice, int(a.correct)),
            )
            if cursor.rowcount == 1:
                await db.execute(
                    "INSERT INTO scores VALUES (?, ?, 1) ON CONFLICT (user) DO UPDATE SET "
                    "points = points + excluded.points, answered = answered + 1",
                    (a.user, 10 if a.correct else 0),
                )
            await db.commit()
    return len(work) / (time.perf_counter() - start)


def floor(path: Path, count: int) -> float:
    """One stdlib transaction of `count` plain inserts: the most SQLite does here."""
    rows = [(q.id, a.user, a.choice, int(a.correct)) for q, a in answers()[:count]]
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("CREATE TABLE answers (q TEXT, user TEXT, choice INT, correct INT)")
    start = time.perf_counter()
    db.execute("BEGIN")
    db.executemany("INSERT INTO answers VALUES (?, ?, ?, ?)", rows)
    db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return count / elapsed


def best(runs: int, rate: Callable[[Path], float]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        return max(rate(Path(tmp) / f"run{n}.db") for n in range(runs))


def generation_rate() -> tuple[float, float]:
    glossary = load().glossary
    assert glossary is not None
    rng = random.Random(1)
    count = 300
    start = time.perf_counter()
    for _ in range(count):
        generate(glossary, rng)
    ours_rate = count / (time.perf_counter() - start)
    # Baseline: the least a question costs, picking an entry and three others at random.
    pool = list(glossary)
    start = time.perf_counter()
    for _ in range(count):
        rng.sample(pool, 4)
    return ours_rate, count / (time.perf_counter() - start)


def main() -> None:
    print("== answers recorded per second (SQLite, 200 concurrent) ==")
    total = USERS * QUESTIONS
    rate = best(3, lambda path: asyncio.run(ours(path)))
    lowest = best(3, lambda path: floor(path, total))
    base = best(1, lambda path: asyncio.run(naive(path, 600)))
    print(
        f"{'glossbot store (group commit)':<34}  {rate:8,.0f} answers/s; target >= 20,000/s; "
        f"{total:,} answers, none lost"
    )
    print(
        f"{'  floor: one sqlite3 transaction':<34}  {lowest:8,.0f} inserts/s "
        f"(ours is {rate / lowest:.2f} of it)"
    )
    print(
        f"{'  naive: a transaction per answer':<34}  {base:8,.0f} answers/s "
        f"(ours x{rate / base:.1f})"
    )
    gen, sample = generation_rate()
    print(
        f"{'question generation':<34}  {gen:8,.0f} questions/s "
        f"(random.sample of 4 entries alone: {sample:,.0f}/s, x{sample / gen:,.0f} of ours)"
    )


if __name__ == "__main__":
    main()
