"""Telling the other instances to reload: the seam, its one-process default, the outcome and
the line that tells the admin how it went.

`/glossary reload` reloads this instance and, through a `Broadcast`, asks every other
instance sharing the database to reload its own sources and answer. One process (SQLite,
the default) has no one to tell: `LocalBroadcast` does nothing. The PostgreSQL one
(`bot.store.pg.notify`) uses `LISTEN/NOTIFY`; this module never imports it, so the core
stays testable without PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.content import ReloadReport

OnReload = Callable[[str], Awaitable[ReloadReport]]
"""Reload this instance because the instance named by the argument asked."""


@dataclass(frozen=True, slots=True)
class InstanceReload:
    """How one other instance's reload went, as it answered."""

    instance: str
    ok: bool
    entries: int
    """The entries it serves now: the new ones, or the old ones it kept after a failure."""
    warnings: int
    error: str = ""
    """Its first error when it failed."""


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """What the other instances said within the window, and how many the database saw."""

    answers: tuple[InstanceReload, ...] = ()
    listening: int = 0
    """Other instances connected and listening when the request went out."""
    window: float = 0.0
    """Seconds the answers were waited for."""
    problem: str = ""
    """Why the request could not go out ("" when it did)."""

    @property
    def others(self) -> int:
        """The other instances known to exist: listening, or answering though not yet
        counted (one that connected just after the count)."""
        return max(self.listening, len(self.answers))

    @property
    def silent(self) -> int:
        """Instances counted as listening that did not answer in time."""
        return self.others - len(self.answers)


@dataclass(frozen=True, slots=True)
class Everywhere:
    """A reload here, and what the others did (None: one process, nobody to ask)."""

    here: ReloadReport
    instance: str
    elsewhere: Elsewhere | None


def instances_line(done: Everywhere) -> str:
    """How many instances reloaded, of those PostgreSQL saw listening, and the first error."""
    elsewhere = done.elsewhere
    if elsewhere is None or elsewhere.problem:
        why = elsewhere.problem if elsewhere else "one process"
        return f"Reloaded on this instance only: {why}, so no other instance was asked."
    here, answers = done.here, elsewhere.answers
    total = 1 + elsewhere.others
    reloaded = int(here.ok) + sum(a.ok for a in answers)
    if reloaded == total:
        differ = [f"{a.entries} on {a.instance}" for a in answers if a.entries != here.entries]
        if differ:
            return f"Reloaded on {total} instances: {here.entries} here, " + ", ".join(differ) + "."
        sole = " (the only one connected)" if total == 1 else ""
        return f"Reloaded {here.entries} entries on {total} instance{'s' * (total != 1)}{sole}."
    parts = [f"Reloaded on {reloaded} of {total} instances"]
    failed = int(not here.ok) + sum(not a.ok for a in answers)
    if failed:
        errors = [f"this instance: {e}" for e in here.errors[:1]]
        errors += [f"{a.instance}: {a.error}" for a in answers if not a.ok]
        parts.append(f"{failed} failed: {errors[0] if errors else 'no error given'}")
    if elsewhere.silent:
        parts.append(f"{elsewhere.silent} did not answer within {elsewhere.window:g} s")
    kept = " An instance that failed keeps serving its previous glossary." if failed else ""
    return "; ".join(parts) + "." + kept


class Broadcast(Protocol):
    @property
    def instance(self) -> str:
        """This instance's name in logs and replies (host, pid and a short random tag)."""
        ...

    async def start(self, on_reload: OnReload) -> None:
        """Listen for other instances' reload requests; `on_reload` handles each one."""
        ...

    async def reload_others(self) -> Elsewhere | None:
        """Ask every other instance to reload; return their answers (None: no others)."""
        ...

    async def close(self) -> None:
        """Stop listening; safe to call twice."""
        ...


@runtime_checkable
class Broadcasting(Protocol):
    """A store that can carry a broadcast to the other instances sharing it."""

    def broadcast(self) -> Broadcast: ...


def instance_name() -> str:
    """Unique per process and per core: two cores in one test process differ too."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(2)}"


class LocalBroadcast:
    """One process: nobody else to tell."""

    def __init__(self) -> None:
        self._instance = instance_name()

    @property
    def instance(self) -> str:
        return self._instance

    async def start(self, on_reload: OnReload) -> None:
        return None

    async def reload_others(self) -> Elsewhere | None:
        return None

    async def close(self) -> None:
        return None


def broadcast_for(store: object) -> Broadcast:
    """The broadcast the store can carry (PostgreSQL's), else the one-process one."""
    if isinstance(store, Broadcasting):
        return store.broadcast()
    return LocalBroadcast()
