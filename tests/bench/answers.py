"""Answers recorded per second into SQLite under concurrency, and questions generated per second.

Baseline for answers: the naive way, one connection and one transaction per answer
(default journal settings), measured in the same run on the same machine.
Target: at least 2,000 recorded answers per second, none lost or double-counted.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite

from bot.quiz.generate import generate
from bot.quiz.question import Question, QuestionType
from bot.store import Accepted, Answer, SqliteStore, StoredQuestion
from knowledge import load

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
USERS = 2_000
QUESTIONS = 3
CONCURRENCY = 200


def stored(n: int) -> StoredQuestion:
    q = Question(QuestionType.DEFINITION, "p", ("a", "b", "c", "d"), 1, "b", "e", "E")
    return StoredQuestion(f"q{n}", "bench:ws", "bench:ws:c", q, T0, T0 + timedelta(hours=1))


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
    work = answers()
    for q in {q.id: q for q, _ in work}.values():
        await store.add_question(q)
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(q: StoredQuestion, a: Answer) -> bool:
        async with gate:
            return isinstance(await store.record_answer(q, a), Accepted)

    start = time.perf_counter()
    results = await asyncio.gather(*(one(q, a) for q, a in work))
    elapsed = time.perf_counter() - start
    board = await store.leaderboard("bench:ws", limit=USERS)
    await store.close()
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
    with tempfile.TemporaryDirectory() as tmp:
        rate = asyncio.run(ours(Path(tmp) / "ours.db"))
        base = asyncio.run(naive(Path(tmp) / "naive.db", 600))
    print(
        f"{'glossbot store':<34}  {rate:8,.0f} answers/s vs naive {base:8,.0f} answers/s "
        f"(x{rate / base:.1f}); target >= 2,000/s; {USERS * QUESTIONS:,} answers, none lost"
    )
    gen, floor = generation_rate()
    print(
        f"{'question generation':<34}  {gen:8,.0f} questions/s "
        f"(random.sample of 4 entries alone: {floor:,.0f}/s, x{floor / gen:,.0f} of ours)"
    )


if __name__ == "__main__":
    main()
