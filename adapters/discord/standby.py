"""One active process per shard set, and standbys that take over when it dies: a lease.

Two processes on the same shards would both answer every interaction (Discord's
`40060 already acknowledged` / `10062 Unknown interaction`), so before connecting to the
gateway a process takes the store's lease named for its shard set
(`discord:shards:<count>:<ids>`). If another process holds it, this one is a standby: it
connects to nothing and asks again every `ttl / 3`. The active process renews the lease as
often while it runs and releases it on a clean shutdown (a standby takes over at once); if
it dies, its lease expires within `ttl` (30 s) and a standby takes over then. An active
process whose lease is gone (a renewal refused because another took it, or none got through
before it expired) must stop serving at once: `keep` returns, and the caller disconnects.

The lease is a row with an expiry in the database (`Store.hold_lease`), so it works the
same on SQLite (processes on one file) and PostgreSQL (processes anywhere).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from enum import Enum

from bot.clock import Clock
from bot.leader import INSTANCE, Leader
from bot.store import LeaseStore

log = logging.getLogger(__name__)

TTL = timedelta(seconds=30)


class State(Enum):
    STARTING = "starting"
    STANDBY = "standby"
    ACTIVE = "active"
    LOST = "lost"
    RELEASED = "released"


class ShardLease:
    """The lease on one shard set, as this process holds it (or waits for it): a patient
    `Leader` (a failed renewal is tried again while the lease lasts), and the gate the
    process waits at before connecting."""

    def __init__(
        self,
        store: LeaseStore,
        name: str,
        clock: Clock,
        *,
        holder: str = INSTANCE,
        ttl: timedelta = TTL,
    ) -> None:
        self.name = name
        self.clock = clock
        self.ttl = ttl
        self.leader = Leader(store, name, clock, ttl, holder, patient=True)
        self.state = State.STARTING

    @property
    def every(self) -> timedelta:
        """How often the active process renews, and a standby asks: a third of the ttl, so
        two renewals can fail before the lease runs out."""
        return self.leader.renew_every

    def problem(self) -> str:
        """Why this process serves no traffic because of the lease ("" when it may), for
        /readyz: a standby is alive (/livez) but not ready."""
        if self.state is State.STANDBY:
            return f"standby: another process holds {self.name}"
        if self.state is State.LOST:
            return f"lost the lease {self.name}"
        return ""

    async def acquire(self, *, standby: bool = False) -> None:
        """Return once this process holds the lease: at once when it is free. With
        `standby`, first wait one ttl, so that an active process starting at the same
        moment takes it, and one that just died is given time to come back."""
        if standby:
            self._become_standby("started with --standby")
            await self.clock.sleep_until(self.clock.now() + self.ttl)
        while True:
            asked = self.clock.now()
            if await self.leader.check():
                how = "taking over" if self.state is State.STANDBY else "holding"
                log.info("active: %s %s; connecting", how, self.name)
                self.state = State.ACTIVE
                return
            self._become_standby("another process holds it")
            await self.clock.sleep_until(asked + self.every)

    async def keep(self) -> None:
        """Renew the lease every `every` while active; return when it is lost (another
        process took it, or the store has not answered and the lease is running out)."""
        while True:
            await self.clock.sleep_until(self.clock.now() + self.every)
            try:
                async with asyncio.timeout(self.every.total_seconds()):
                    held = await self.leader.check()
            except TimeoutError:
                held = False  # the store hangs: a lease can run out meanwhile
            if not held:
                self.state = State.LOST
                log.error(
                    "lost %s: another process may serve these shards; disconnecting", self.name
                )
                return

    async def release(self) -> None:
        """Give the lease up (a clean shutdown), so a standby takes over at once."""
        if self.state is State.ACTIVE:
            self.state = State.RELEASED
            await self.leader.release()

    def _become_standby(self, why: str) -> None:
        if self.state is not State.STANDBY:
            log.info("standby for %s (%s): waiting, not connected", self.name, why)
        self.state = State.STANDBY
