"""Exceptions that stop a command, each carrying a message that is safe to show the user.

    GlossbotError          user-safe `message`; shown privately as is
    ├── UsageError         the input was wrong: empty query, unknown command, bad time
    ├── NotAllowed         the caller may not do this (`action` names what)
    ├── ConfigError        the configuration file or environment is wrong (`key` names it)
    └── StoreError         the database file cannot be used (the message names it and the fix)

Anything else raised in a command is a bug: it is logged with its traceback and the user
sees a generic "Something went wrong (ref ...)" instead of the exception text. `explain`
is that rule, the only copy of it: the core and both platform adapters call it.
"""

from __future__ import annotations

import logging
import secrets


class GlossbotError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(GlossbotError):
    """The request cannot be served as given; the message says how to fix it."""


class NotAllowed(GlossbotError):
    def __init__(self, action: str, message: str = "") -> None:
        super().__init__(message or f"Only admins can {action}.")
        self.action = action


class ConfigError(GlossbotError):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"config: {key}: {message}" if key else f"config: {message}")
        self.key = key


class StoreError(GlossbotError):
    """The state database cannot be opened or written; raised at start, before serving."""


def explain(error: BaseException, what: str, log: logging.Logger) -> str:
    """What to tell the user about `error`, raised while doing `what`.

    A `GlossbotError` says its own message. Anything else is a bug: it goes to `log` with
    its traceback under a short reference, and the user gets that reference to quote.
    """
    if isinstance(error, GlossbotError):
        return error.message
    ref = secrets.token_hex(2)
    log.error("%s failed (ref %s)", what, ref, exc_info=error)
    return f"Something went wrong (ref {ref}). It has been logged."
