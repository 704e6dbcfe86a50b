"""The looser ways a text can still name an entry: word groups, inflections, near-spellings.

A masked definition that keeps "membership inference" of "Membership Inference Attack",
"decompositions" of "Matrix Decomposition" or "Maximal Marginal Relevance" of "Maximum
Marginal Relevance" gives its answer away as surely as the name itself. These helpers say
which word groups of a name matter, every inflected form of a word (lemminflect, not a hand
list), and where a text nearly spells a name (rapidfuzz).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz

from knowledge import names

STOPWORDS = frozenset(
    {"of", "and", "the", "a", "an", "in", "on", "for", "to", "with", "from", "by", "vs", "or"}
)
NEAR_SCORE = 88.0
"""A stretch of text this close (rapidfuzz ratio) to a name of two or more words spells it."""
NEAR_MIN_CHARS = 8
"""Shorter names are matched exactly only: 'Model Hub' is not nearly 'model but'."""

_SCREEN_SCORE = 80.0
"""Below this partial ratio, no run of words in a text comes near a name."""
_WORD = re.compile(r"[^\W_]+")


def content_words(name: str) -> list[str]:
    """The words of a name that say something: 'Matrix QR Decomposition' -> all three;
    'Mixture Of Experts' -> 'Mixture', 'Experts'. The parenthetical is left out."""
    plain = names.parse_heading(name).plain
    return [w for w in _WORD.findall(plain) if w.lower() not in STOPWORDS]


def word_groups(name: str) -> list[tuple[str, str]]:
    """Every two consecutive content words of a name of three or more content words."""
    words = content_words(name)
    if len(words) < 3:
        return []
    return list(pairwise(words))


@lru_cache(maxsize=16_384)
def inflections(word: str) -> tuple[str, ...]:
    """Every inflected form of `word` and of its lemmas, the word itself first, lower case.

    'Decomposition' -> ('decomposition', 'decompositions'); 'Matrix' -> ('matrix',
    'matrices', 'matrixes'); 'Attack' -> ('attack', 'attacks', 'attacked', 'attacking').
    """
    # Here, not at the top: lemminflect pulls in numpy and its tables on import, and one-shot
    # tools (`glossbot define`) import this module without ever masking a question.
    from lemminflect import getAllInflections, getAllLemmas

    lowered = word.lower()
    if not lowered.isalpha():
        return (lowered,)
    found: dict[str, None] = {lowered: None}
    # Per part of speech: asked for all at once, lemminflect tries every tag's rules (slow).
    lemmas = {lowered} | {
        lemma
        for upos in ("NOUN", "VERB")
        for group in getAllLemmas(lowered, upos).values()
        for lemma in group
    }
    for lemma in sorted(lemmas):
        found[lemma.lower()] = None
        for forms in getAllInflections(lemma).values():
            found.update((f.lower(), None) for f in forms)
    return tuple(found)


def near_spellings(text: str, form: str) -> Iterator[tuple[int, int]]:
    """Spans of `text` (whole words) that nearly spell `form`, a name of two or more words.

    rapidfuzz's partial ratio screens the text; then each run of as many words as the name
    counts when it is at least `NEAR_SCORE` alike ('Maximal Marginal Relevance' for
    'Maximum Marginal Relevance', 'an AI model' for 'Magi Model').
    """
    target = " ".join(_WORD.findall(form.lower()))
    size = len(target.split())
    if size < 2 or len(target) < NEAR_MIN_CHARS:
        return
    lowered = text.lower()
    if fuzz.partial_ratio(target, lowered) < _SCREEN_SCORE:
        return
    words = list(_WORD.finditer(lowered))
    i = 0
    while i + size <= len(words):
        run = words[i : i + size]
        if fuzz.ratio(target, " ".join(w.group(0) for w in run)) >= NEAR_SCORE:
            yield run[0].start(), run[-1].end()
            i += size
        else:
            i += 1
