"""Reload every instance over PostgreSQL `LISTEN/NOTIFY`: ask, reload, answer, count.

Each instance keeps one dedicated connection (not a pooled one: a pooled connection is
reset and shared, and would drop the `LISTEN`) listening on a channel named for the
database schema, so deployments sharing a server in different schemas never hear each
other. The connection's `application_name` is the channel too, which lets the asking
instance count the listeners in `pg_stat_activity`: the total in the admin's reply is the
number PostgreSQL saw, never a guess. Requests and answers are JSON on the same channel;
they go out through the store's pool. A lost listening connection (a restart, a
failover, `pg_terminate_backend`) is noticed at once, or within `PING` seconds when the
network fails silently, and reopened with backoff; a reload asked while it is down is
not heard (the asker does not count this instance then).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import secrets
from dataclasses import dataclass
from typing import Any

import asyncpg

from bot.broadcast import Elsewhere, InstanceReload, OnReload, instance_name
from bot.content import ReloadReport
from bot.store.errors import StoreUnavailable
from bot.store.pg.pool import GONE, Pool, reason, where

log = logging.getLogger(__name__)

WINDOW = 10.0
"""Seconds the asker waits for answers: a reload takes a few seconds, and both platforms
were answered before the reload started (Slack acked, Discord deferred), so the reply
may come this late."""
PING = 30.0
"""Seconds of silence after which the listening connection is asked whether it is alive."""
MAX_ERROR = 300
"""Characters of an instance's first error sent back (a NOTIFY payload is under 8,000 bytes)."""

COUNT_LISTENERS = (
    "SELECT count(*) FROM pg_stat_activity "
    "WHERE datname = current_database() AND application_name = $1 AND pid <> $2"
)
NOTIFY = "SELECT pg_notify($1, $2)"


def channel_for(schema: str) -> str:
    """`glossbot_reload_<schema>`, hashed when longer than an identifier may be (63 bytes)."""
    name = f"glossbot_reload_{schema}"
    if len(name.encode()) <= 63:
        return name
    return f"glossbot_reload_{hashlib.sha256(schema.encode()).hexdigest()[:16]}"


@dataclass(frozen=True, slots=True)
class Request:
    id: str
    origin: str


@dataclass(frozen=True, slots=True)
class Answer:
    id: str
    result: InstanceReload


def encode(message: Request | Answer) -> str:
    if isinstance(message, Request):
        return json.dumps({"kind": "reload", "id": message.id, "from": message.origin})
    r = message.result
    return json.dumps(
        {
            "kind": "reloaded",
            "id": message.id,
            "instance": r.instance,
            "ok": r.ok,
            "entries": r.entries,
            "warnings": r.warnings,
            "error": r.error[:MAX_ERROR],
        }
    )


def decode(payload: str) -> Request | Answer | None:
    """The message, or None for anything else someone sent on the channel."""
    try:
        data = json.loads(payload)
        if data["kind"] == "reload":
            return Request(str(data["id"]), str(data["from"]))
        if data["kind"] == "reloaded":
            result = InstanceReload(
                str(data["instance"]),
                bool(data["ok"]),
                int(data["entries"]),
                int(data["warnings"]),
                str(data["error"]),
            )
            return Answer(str(data["id"]), result)
    except (ValueError, TypeError, KeyError):
        pass
    return None


def result_of(instance: str, report: ReloadReport) -> InstanceReload:
    first = str(report.errors[0]) if report.errors else ""
    return InstanceReload(instance, report.ok, report.entries, len(report.warnings), first)


class _Answers:
    """The answers to one request, complete once every counted listener has answered."""

    def __init__(self) -> None:
        self.results: dict[str, InstanceReload] = {}
        self.expected: int | None = None
        self.complete = asyncio.Event()

    def add(self, result: InstanceReload) -> None:
        self.results.setdefault(result.instance, result)
        self._check()

    def expect(self, count: int) -> None:
        self.expected = count
        self._check()

    def _check(self) -> None:
        if self.expected is not None and len(self.results) >= self.expected:
            self.complete.set()


class PostgresBroadcast:
    def __init__(
        self,
        url: str,
        pool: Pool,
        *,
        window: float = WINDOW,
        ping: float = PING,
        backoff: tuple[float, float] = (0.5, 30.0),
    ) -> None:
        self.url = url
        self.pool = pool
        self.window = window
        self.ping = ping
        self._first, self._longest = backoff
        self._instance = instance_name()
        self.channel = ""
        self._conn: Any = None
        self._pid = 0
        self._lost = asyncio.Event()
        self._changed = asyncio.Condition()
        self._on_reload: OnReload | None = None
        self._waiting: dict[str, _Answers] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._keeper: asyncio.Task[None] | None = None

    @property
    def instance(self) -> str:
        return self._instance

    async def start(self, on_reload: OnReload) -> None:
        """Listen now (a server that refuses is a one-line `StoreUnavailable`), and keep
        listening across connection losses until `close`."""
        self._on_reload = on_reload
        try:
            await self._connect()
        except (*GONE, asyncpg.PostgresError) as exc:
            raise StoreUnavailable(f"cannot connect to {where(self.url)}: {reason(exc)}") from exc
        self._keeper = asyncio.create_task(self._keep_listening(), name="glossbot-reload-listener")

    async def listening(self, other_than: int = 0) -> int:
        """The server pid of the listening connection, once one is up (and not `other_than`)."""
        async with self._changed:
            await self._changed.wait_for(lambda: self._pid not in (0, other_than))
            return self._pid

    async def reload_others(self) -> Elsewhere:
        if not self._pid:
            return Elsewhere(problem="this instance is reconnecting to the database")
        request = Request(secrets.token_hex(8), self.instance)
        answers = self._waiting[request.id] = _Answers()
        try:
            try:
                async with self.pool.connection() as conn:
                    listening = int(await conn.fetchval(COUNT_LISTENERS, self.channel, self._pid))
                    if listening:
                        await conn.execute(NOTIFY, self.channel, encode(request))
            except (StoreUnavailable, asyncpg.PostgresError) as exc:
                log.warning("could not ask the other instances to reload: %s", reason(exc))
                return Elsewhere(problem="the database is not reachable")
            answers.expect(listening)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.window):
                    await answers.complete.wait()
            return Elsewhere(tuple(answers.results.values()), listening, self.window)
        finally:
            del self._waiting[request.id]

    async def close(self) -> None:
        tasks = [t for t in (self._keeper, *self._tasks) if t is not None]
        self._keeper = None
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self._drop()

    # The listening connection

    async def _connect(self) -> None:
        conn = await asyncpg.connect(self.url, timeout=10)
        try:
            schema = await conn.fetchval("SELECT current_schema()")
            channel = channel_for(schema or "public")
            await conn.execute("SELECT set_config('application_name', $1, false)", channel)
            await conn.add_listener(channel, self._heard)
        except BaseException:
            await conn.close()
            raise
        lost = self._lost = asyncio.Event()
        conn.add_termination_listener(lambda _conn: self._gone(lost))
        async with self._changed:
            self._conn, self.channel, self._pid = conn, channel, conn.get_server_pid()
            self._changed.notify_all()
        log.info("listening for reloads on %s as %s", channel, self.instance)

    def _gone(self, lost: asyncio.Event) -> None:
        self._pid = 0
        lost.set()

    async def _drop(self) -> None:
        conn, self._conn, self._pid = self._conn, None, 0
        if conn is not None:
            with contextlib.suppress(*GONE, asyncpg.PostgresError):
                await conn.close(timeout=5)

    async def _keep_listening(self) -> None:
        while True:
            await self._until_lost()
            await self._drop()
            delay = self._first
            log.warning("the reload listener lost its PostgreSQL connection; reconnecting")
            while True:
                try:
                    await self._connect()
                    break
                except (*GONE, asyncpg.PostgresError) as exc:
                    log.warning("reload listener: %s; retrying in %.1fs", reason(exc), delay)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, self._longest)

    async def _until_lost(self) -> None:
        """Return once the connection is gone: closed by the server, or silent and dead."""
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.ping):
                    await self._lost.wait()
                return
            try:
                async with asyncio.timeout(10):
                    await self._conn.fetchval("SELECT 1")
            except (*GONE, asyncpg.PostgresError):
                return

    # Requests and answers

    def _heard(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        match decode(payload):
            case Request(asked, origin) if origin != self.instance:
                task = asyncio.create_task(self._answer(asked, origin), name="glossbot-reload")
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            case Answer(asked, result) if asked in self._waiting:
                self._waiting[asked].add(result)
            case _:
                return

    async def _answer(self, request_id: str, origin: str) -> None:
        assert self._on_reload is not None  # set by start, before anything is heard
        try:
            result = result_of(self.instance, await self._on_reload(origin))
        except Exception:
            log.exception("reload asked by %s crashed; still serving the previous glossary", origin)
            result = InstanceReload(self.instance, False, 0, 0, "it crashed (see its log)")
        try:
            async with self.pool.connection() as conn:
                await conn.execute(NOTIFY, self.channel, encode(Answer(request_id, result)))
        except (StoreUnavailable, asyncpg.PostgresError) as exc:
            log.warning("could not tell %s how the reload went: %s", origin, reason(exc))
