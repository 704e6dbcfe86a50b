"""Which instance leads: a named lease in the store, renewed every third of its life.

Several instances may share one database; some work must happen in one of them only (the
daily and weekly posts, a Discord shard set). `Leader` holds a `LeaseStore` lease for its
process: `check` takes or renews it and says whether this instance leads now. A leader
that dies stops renewing, so another instance takes the lease once it expires (within
`ttl` plus one renewal interval). A leader that cannot renew (the store is down) or finds
another holder stops leading at once; and it counts itself leader only until `ttl` after
its last successful renewal began, so a stalled leader stops before anyone else can start.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from datetime import timedelta

from bot import metrics
from bot.clock import Clock
from bot.store import LeaseStore

log = logging.getLogger(__name__)

INSTANCE = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
"""This process, as a lease holder: host and pid for people, a random tail so a restarted
process that gets the same pid (pid 1 in a container) is never taken for its predecessor."""


class Leader:
    def __init__(
        self,
        store: LeaseStore,
        name: str,
        clock: Clock,
        ttl: timedelta,
        holder: str = INSTANCE,
        *,
        patient: bool = False,
    ) -> None:
        """`patient`: when the store does not answer, keep leading while the lease still
        outlasts the next check (nobody else can take it before it runs out); for work that
        is dear to stop and restart, like a Discord shard set's gateway connection."""
        self.store = store
        self.patient = patient
        self.name = name
        self.clock = clock
        self.ttl = ttl
        self.holder = holder
        self._until = clock.now() - ttl  # not leading until a renewal says so
        self._held = False
        metrics.LEADER.labels(name).set(0)

    @property
    def renew_every(self) -> timedelta:
        """How often to call `check`: three renewals fit in one lease."""
        return self.ttl / 3

    @property
    def leading(self) -> bool:
        """True while the last renewal held the lease and its time has not run out."""
        return self._held and self.clock.now() < self._until

    async def check(self) -> bool:
        """Take or renew the lease; True when this instance leads until the next check."""
        asked = self.clock.now()
        try:
            held = await self.store.hold_lease(self.name, self.holder, self.ttl, asked)
        except Exception as exc:
            if self._held:
                log.warning("cannot renew the %s lease (%s)", self.name, exc)
            if self.patient and self._held and self._until > asked + self.renew_every:
                return True
            held, why = False, "the store did not answer"
        else:
            why = "another instance holds it"
        self._until = asked + self.ttl
        self._changed(held, why)
        return held

    async def release(self) -> None:
        """Give the lease up (a clean shutdown), so a standby takes over at once."""
        if not self._held:
            return
        log.info("%s lease released: this instance (%s) is stopping", self.name, self.holder)
        self._held = False
        metrics.LEADER.labels(self.name).set(0)
        try:
            await self.store.release_lease(self.name, self.holder)
        except Exception as exc:
            log.warning("could not release the %s lease (%s); it expires by itself", self.name, exc)

    def _changed(self, held: bool, why: str) -> None:
        if held and not self._held:
            log.info(
                "%s lease gained: this instance (%s) leads, renewing every %ss",
                self.name,
                self.holder,
                f"{self.renew_every.total_seconds():g}",
            )
        elif self._held and not held:
            log.info(
                "%s lease lost (%s): this instance (%s) stands by", self.name, why, self.holder
            )
        self._held = held
        metrics.LEADER.labels(self.name).set(1 if held else 0)
