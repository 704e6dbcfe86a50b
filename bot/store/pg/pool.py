"""Connecting to PostgreSQL: a pool, one-line errors, and backoff while the server is away.

At start, an unreachable server or a wrong password is a `StoreUnavailable` naming the
host and the reason (never the password), which the CLI prints before exiting 2. At run
time a lost connection fails the current operation (its transaction rolls back, so nothing
is half-written) with a short "try again"; the pool opens fresh connections when the
server is back, and until the next retry time operations fail fast instead of piling up.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

import asyncpg

from bot.store.errors import TRY_AGAIN, StoreUnavailable

log = logging.getLogger(__name__)

GONE: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.OperatorInterventionError,
)
"""What a server that went away (or is restarting) looks like to a client."""


def where(url: str) -> str:
    """The URL without its password, for messages: `postgresql://glossbot@db:5432/glossbot`."""
    parts = urlsplit(url)
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{user}{parts.hostname or 'localhost'}{port}{parts.path}"


def reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


class Pool:
    """An asyncpg pool with a backoff gate: after a failure, wait before trying again."""

    def __init__(self, url: str, *, size: int = 10, backoff: tuple[float, float] = (0.5, 30.0)):
        self.url = url
        self.size = size
        self._first, self._longest = backoff
        self._delay = self._first
        self._retry_at = 0.0
        self._pool: Any = None

    async def open(self) -> None:
        try:
            self._pool = await asyncpg.create_pool(
                self.url, min_size=1, max_size=self.size, timeout=10, command_timeout=60
            )
        except (*GONE, asyncpg.PostgresError) as exc:
            raise StoreUnavailable(f"cannot connect to {where(self.url)}: {reason(exc)}") from exc

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Any]:
        """A pooled connection; a lost server becomes `StoreUnavailable` and starts backoff."""
        if self._pool is None:
            raise RuntimeError("store is not open")
        if time.monotonic() < self._retry_at:
            raise StoreUnavailable(TRY_AGAIN)
        try:
            async with self._pool.acquire(timeout=10) as conn:
                yield conn
        except GONE as exc:
            self._failed(exc)
            raise StoreUnavailable(TRY_AGAIN) from exc
        self._delay = self._first

    def _failed(self, exc: BaseException) -> None:
        log.warning(
            "PostgreSQL at %s is unreachable (%s); retrying in %.1fs",
            where(self.url),
            reason(exc),
            self._delay,
        )
        self._retry_at = time.monotonic() + self._delay
        self._delay = min(self._delay * 2, self._longest)
