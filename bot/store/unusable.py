"""What an operator reads when the database file cannot serve: one line, the path, the fix."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.errors import StoreError


def unusable(path: str, exc: OSError | sqlite3.Error) -> StoreError:
    """One line for an operator: what is wrong with the database file, and what to do."""
    folder = str(Path(path).parent)
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return StoreError(f"{folder} is a file, not a directory: set data_dir to a directory")
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        return StoreError(f"cannot create {folder} ({reason}): set data_dir to a writable one")
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return StoreError(
            f"{path} is damaged or not a glossbot database: restore a backup, "
            "or move it aside to start with empty scores"
        )
    if name.startswith("SQLITE_READONLY"):
        return StoreError(
            f"{path} is read-only: make it (and its folder) writable by this user, "
            "or set data_dir to a writable directory"
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreError(f"{path} is locked by another process: is glossbot already running?")
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM")):
        return StoreError(f"cannot open {path}: make {folder} writable by this user")
    return StoreError(f"cannot use {path}: {exc}")
