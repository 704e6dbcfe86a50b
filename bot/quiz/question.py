"""A quiz question as generated from the glossary: prompt, options and the right answer."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class QuestionType(StrEnum):
    DEFINITION = "definition"
    """The definition (masked) is shown; pick the term among four."""
    TERM = "term"
    """The term is shown; pick its definition among four."""
    ACRONYM = "acronym"
    """An acronym is shown; pick its expansion among four."""
    TRUE_FALSE = "truefalse"
    """'X is ...: true or false?' with X's own definition or a plausible other's."""
    FREE = "free"
    """The masked definition is shown; the user types the term."""
    FLASHCARD = "flashcard"
    """A flashcard's front is shown; pick its back among four."""


@dataclass(frozen=True, slots=True)
class Question:
    """Everything needed to ask and to check a question, and nothing platform-specific.

    `options` is empty for a free answer; then `correct` is -1 and `accepted` holds the
    names that count as right (the entry's name and aliases). For multiple choice,
    `correct` indexes `options`, and `answer` is the correct option's text.
    """

    type: QuestionType
    prompt: str
    options: tuple[str, ...]
    correct: int
    answer: str
    entry_id: str
    entry_name: str
    accepted: tuple[str, ...] = ()

    @property
    def is_free(self) -> bool:
        return not self.options
