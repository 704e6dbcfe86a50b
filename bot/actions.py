"""The one codec for button ids: a verb and its arguments, so buttons outlive the process.

`PATTERN` is the whole grammar: a lower-case verb, then `:`-separated non-empty arguments,
at most `MAX_LENGTH` characters. `encode` and `decode` check against it, and adapters that
must recognise an id themselves (Discord's `DynamicItem` template) use it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import UsageError

MAX_LENGTH = 100
"""Discord's custom_id limit, the tightest of the platforms."""
_SEP = ":"

PATTERN = re.compile(rf"(?=[\s\S]{{1,{MAX_LENGTH}}}\Z)[a-z][a-z0-9_-]*(?:{_SEP}[^{_SEP}]+)*")
"""Every id `Action.encode` can produce, and nothing else (use with `fullmatch`)."""


@dataclass(frozen=True, slots=True)
class Action:
    """`Action("answer", "9f3a", "2").encode() == "answer:9f3a:2"`."""

    verb: str
    args: tuple[str, ...] = ()

    @classmethod
    def of(cls, verb: str, *args: object) -> Action:
        return cls(verb, tuple(str(a) for a in args))

    def encode(self) -> str:
        parts = (self.verb, *self.args)
        if any(_SEP in p or not p for p in parts):
            raise ValueError(f"action parts must be non-empty and free of {_SEP!r}: {parts}")
        text = _SEP.join(parts)
        if not PATTERN.fullmatch(text):
            raise ValueError(
                f"not an action id (lower-case verb, {MAX_LENGTH} at most): {text[:40]}…"
            )
        return text

    @classmethod
    def decode(cls, text: str) -> Action:
        if not PATTERN.fullmatch(text):
            raise UsageError("That button is not one of mine.")
        verb, *args = text.split(_SEP)
        return cls(verb, tuple(args))
