"""What is worth showing or asking: which entries the bot puts forward on its own.

`well_defined` entries are worth showing unprompted (`/random`, the term of the day): a
real definition of a few words, not a note. `eligible` entries are worth asking about: a
term or card whose definition still says something once cleaned of links and code and
masked of its own names, as a player would read it.
"""

from __future__ import annotations

from functools import lru_cache

from bot.quiz.mask import (
    MIN_OPTION_WORDS,
    MIN_PROMPT_WORDS,
    OPTION_LIMIT,
    PROMPT_LIMIT,
    prose_words,
    snippet,
)
from knowledge import Entry, Glossary, Kind

SHOWN_WORDS = 8
"""Fewest words of definition for an entry to be shown unprompted."""


def well_defined(glossary: Glossary) -> list[Entry]:
    """Terms worth showing on their own: a real definition of a few words, not a note."""
    return [
        e
        for e in glossary
        if e.kind is not Kind.NOTE and e.has_definition and len(e.definition.split()) >= SHOWN_WORDS
    ]


@lru_cache(maxsize=8192)
def eligible(entry: Entry) -> bool:
    """Whether an entry is quiz material: a term or card with a real definition.

    Notes are personal jottings and redirects point elsewhere; a definition that is only
    "See ...", links or code leaves nothing to ask about once cleaned and masked.
    """
    if entry.kind is Kind.NOTE or entry.redirect or not entry.has_definition:
        return False
    prompt = snippet(entry, PROMPT_LIMIT)
    option = snippet(entry, OPTION_LIMIT)
    return prose_words(prompt) >= MIN_PROMPT_WORDS and prose_words(option) >= MIN_OPTION_WORDS
