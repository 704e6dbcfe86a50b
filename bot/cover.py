"""Whether a name accounts for every word of a query, give or take a typo.

A fuzzy score compares whole strings, so in a large glossary an everyday phrase scores
well against some name that shares half of it: 'cheap keys' is 75 against 'Cheaper
Algorithm', 'charger near me' against 'Larger Armed Model'. A typo changes a letter or two
of a word, never a whole word, so a name is a fair answer only if each of the query's
words is in it, nearly letter for letter: within one edit of some stretch of the name
(two edits from six letters on), and a word of one or two letters as typed.
The name is compared with its spaces closed up, so a word typed into its neighbour
('barmodel') or split in two ('fo obar') still counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

SHORT = 2
"""Words this short must be in the name as typed: one edit would make them anything."""
TWO_EDITS_FROM = 6
"""Words this long may be two edits from the name."""


def covers(words: Sequence[str], choices: Iterable[str]) -> bool:
    """Whether one of the choices (the keys of one entry) holds every word."""
    for choice in choices:
        closed = choice.replace(" ", "")
        if all(_within(w, closed) for w in words):
            return True
    return False


def _within(word: str, closed: str) -> bool:
    if len(word) <= SHORT:
        return word in closed
    edits = 2 if len(word) >= TWO_EDITS_FROM else 1  # 'lss' for 'loss' is one edit
    # partial_ratio aligns the word with the name's stretches of its own length: an edit
    # costs one matched letter, so a word n long within k edits scores 100 * (n - k) / n.
    cutoff = 100.0 * (len(word) - edits) / len(word) - 0.5
    return fuzz.partial_ratio(word, closed, score_cutoff=cutoff) > 0
