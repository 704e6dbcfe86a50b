"""The one codec for button ids: a verb and its arguments, so buttons outlive the process."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import UsageError

MAX_LENGTH = 100
"""Discord's custom_id limit, the tightest of the platforms."""
_SEP = ":"


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
        if len(text) > MAX_LENGTH:
            raise ValueError(f"action id longer than {MAX_LENGTH}: {text[:40]}…")
        return text

    @classmethod
    def decode(cls, text: str) -> Action:
        parts = text.split(_SEP)
        if not text or len(text) > MAX_LENGTH or not all(parts):
            raise UsageError("That button is not one of mine.")
        return cls(parts[0], tuple(parts[1:]))
