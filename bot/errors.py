"""Exceptions that stop a command, each carrying a message that is safe to show the user.

    GlossbotError          user-safe `message`; shown privately as is
    ├── UsageError         the input was wrong: empty query, unknown command, bad time
    ├── NotAllowed         the caller may not do this (`action` names what)
    ├── ConfigError        the configuration file or environment is wrong (`key` names it)
    └── StoreError         the database file cannot be used (the message names it and the fix)

Anything else raised in a command is a bug: adapters log it with its traceback and show
a generic "Something went wrong (ref ...)" instead of the exception text.
"""

from __future__ import annotations


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
