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

import math
from array import array
from bisect import bisect_left
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
        vocabulary = list(postings)
        places = sorted(range(len(vocabulary)), key=[len(w) for w in vocabulary].__getitem__)
        self._by_length = [vocabulary[i] for i in places]
        self._places = array("I", places)  # where each word is in the vocabulary's own order
        longest = max(map(len, vocabulary), default=0)
        self._length_starts = [bisect_left(self._by_length, n, key=len) for n in range(longest + 2)]

    def similar(self, word: str) -> set[str]:
        """Indexed words within about two edits of `word`."""
        out: set[str] = set()
        for variant in _variants(word):
            out.update(self._near.get(variant, ()))
        if not out and len(word) >= 4:
            out.update(self.near_words(word))
        return out

    def near_words(self, word: str) -> list[str]:
        """The vocabulary's words closest to `word` by rapidfuzz ratio, at most 8, scored
        only among the words whose length lets them reach `NEAR_WORD_SCORE`: a ratio of
        70 needs the two lengths within 7:13 of each other (the difference in length is a
        floor for the edits), so a long word is never compared with the many two- and
        three-letter acronyms of a large glossary."""
        share = NEAR_WORD_SCORE / (200.0 - NEAR_WORD_SCORE)
        shortest = math.ceil(len(word) * share - 1e-9)  # 1e-9: never narrower than exact
        longest = math.floor(len(word) / share + 1e-9)
        starts = self._length_starts
        last = len(starts) - 1
        lo, hi = starts[min(shortest, last)], starts[min(longest + 1, last)]
        hits = process.extract(
            word,
            self._by_length[lo:hi],
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=NEAR_WORD_SCORE,
            limit=None,
        )
        # Best first, ties in vocabulary order, as one `extract` over the whole list gives.
        places = self._places
        ranked = sorted(hits, key=lambda hit: (-hit[1], places[lo + hit[2]]))
        return [hit for hit, _, _ in ranked[:8]]

    def candidates(self, query: str) -> list[int]:
        """Ranks of the entries worth scoring for `query`: those holding the most words
        close to its words, counted rarest words first. Once a rarer word has found
        candidates, a word too common to narrow anything (`COMMON_SHARE`) is not counted."""
        groups: list[tuple[int, str, list[array[int]]]] = []
        for word in set(query.split()):
            lists = [self._postings[w] for w in sorted(self.similar(word))]  # a fixed order
            size = sum(map(len, lists))
            if size:
                groups.append((size, word, lists))
        held: Counter[int] = Counter()
        counted = 0
        for size, _, lists in sorted(groups, key=itemgetter(0, 1)):
            if counted and (size > self._common or counted + size > COUNTED):
                break
            for postings in lists:
                held.update(postings)
            counted += size
        if len(held) <= BUDGET:
            return sorted(held)
        most = sorted(held, key=held.__getitem__, reverse=True)  # stable: rarest words first
        return sorted(most[:BUDGET])
