"""Store failures a user or operator can act on, each a one-line `GlossbotError`.

`NewerDatabase`: the database was written by a newer glossbot; opening it with this one
could corrupt it, so it is refused. `StoreUnavailable`: the database cannot be reached
right now (at start the CLI exits 2 with this line; at run time the user is asked to try
again, and nothing was written).
"""

from __future__ import annotations

from bot.errors import StoreError


class NewerDatabase(StoreError):
    def __init__(self, where: str, found: int, known: int) -> None:
        super().__init__(
            f"{where} has schema version {found}, but this glossbot knows only up to {known}:"
            " it was written by a newer glossbot. Upgrade glossbot to use it."
        )


class StoreUnavailable(StoreError):
    """The database went away; the operation did nothing and can be retried."""


TRY_AGAIN = "The database is not reachable right now. Nothing was saved; try again in a moment."


def check_version(where: str, found: int, known: int) -> None:
    """Refuse a database from a newer glossbot (its version is past our last migration)."""
    if found > known:
        raise NewerDatabase(where, found, known)
