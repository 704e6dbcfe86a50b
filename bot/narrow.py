"""Narrowing fuzzy matching in a large glossary to the names that share a word with the query.

Scoring every name costs about 60 ns each in rapidfuzz: fine for a few thousand names,
too slow for 100,000 entries. Typos rarely touch every word, so we index name words and,
SymSpell-style, every word with one letter deleted: two words within two edits share such
a variant. A query word with no such neighbour (two typos in one word) is matched against
the list of name words itself with rapidfuzz, which is small beside the names. A query's
candidates are the entries holding the most words close to its words, counted rarest
words first; a word too common to narrow anything ("model", a type suffix in one name in
seven) is left out once a rarer one has found candidates. The postings are the name
index's own `array`s of entry numbers.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Mapping
from operator import itemgetter

from rapidfuzz import fuzz, process

BUDGET = 500
"""At most this many candidate entries are scored: those holding the most query words."""
COUNTED = 40_000
"""Postings counted per query, rarest words first; a word as common as a type suffix is
left out once rarer ones have been counted."""
COMMON_SHARE = 0.02
"""A word near this share of all entries or more (and more than `BUDGET`) is too common to
narrow anything once a rarer word has found candidates: a type suffix is in one in seven."""
NEAR_WORD_SCORE = 70.0
"""A name word at least this close to a query word (rapidfuzz ratio) may hold a typo of it."""


def _variants(word: str) -> set[str]:
    if len(word) < 4:
        return {word}
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


class WordIndex:
    """Words within about two edits of a query word, and the entries holding the most of them.

    Postings are the name index's own (`NameIndex.words`: entry ranks per word); this adds
    only the one-deletion variants of the vocabulary, which is small beside the names.
    """

    def __init__(self, postings: Mapping[str, array[int]], entries: int) -> None:
        near: dict[str, list[str]] = {}
        for word in postings:
            for variant in _variants(word):
                held = near.get(variant)
                if held is None:
                    near[variant] = [word]
                else:
                    held.append(word)
        self._postings = postings
        self._common = max(BUDGET, int(entries * COMMON_SHARE))
        self._near = {v: tuple(ws) for v, ws in near.items()}
        self._vocabulary = list(postings)

    def similar(self, word: str) -> set[str]:
        """Indexed words within about two edits of `word`."""
        out: set[str] = set()
        for variant in _variants(word):
            out.update(self._near.get(variant, ()))
        if not out and len(word) >= 4:
            hits = process.extract(
                word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=NEAR_WORD_SCORE, limit=8
            )
            out.update(hit for hit, _, _ in hits)
        return out

    def candidates(self, query: str) -> list[int]:
        """Ranks of the entries worth scoring for `query`: those holding the most words
        close to its words, counted rarest words first. Once a rarer word has found
        candidates, a word too common to narrow anything (`COMMON_SHARE`) is not counted."""
        groups: list[tuple[int, list[array[int]]]] = []
        for word in set(query.split()):
            lists = [self._postings[w] for w in self.similar(word)]
            size = sum(len(p) for p in lists)
            if size:
                groups.append((size, lists))
        held: Counter[int] = Counter()
        counted = 0
        for size, lists in sorted(groups, key=itemgetter(0)):
            if counted and (size > self._common or counted + size > COUNTED):
                break
            for postings in lists:
                held.update(postings)
            counted += size
        if len(held) <= BUDGET:
            return sorted(held)
        most = sorted(held.items(), key=itemgetter(1), reverse=True)  # stable: rarest first
        return sorted(c for c, _ in most[:BUDGET])
