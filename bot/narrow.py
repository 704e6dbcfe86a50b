"""Narrowing fuzzy matching in a large glossary to the names that share a word with the query.

Scoring every name costs about 60 ns each in rapidfuzz: fine for a few thousand names,
too slow for 100,000 entries. Typos rarely touch every word, so we index name words and,
SymSpell-style, every word with one letter deleted: two words within two edits share such
a variant. A query's candidates are the names holding a word close to one of its words,
taking the rarest words first and stopping at a budget, so a common word ("model") cannot
flood the candidate list when a rarer one already narrowed it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

BUDGET = 4_000
"""At most this many candidate names are scored, unless one word alone brings more."""


def _variants(word: str) -> set[str]:
    if len(word) < 4:
        return {word}
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


class WordIndex:
    def __init__(self, choices: Sequence[str]) -> None:
        postings: dict[str, list[int]] = defaultdict(list)
        for c, choice in enumerate(choices):
            for word in set(choice.split()):
                postings[word].append(c)
        near: dict[str, set[str]] = defaultdict(set)
        for word in postings:
            for variant in _variants(word):
                near[variant].add(word)
        self._postings = {w: tuple(p) for w, p in postings.items()}
        self._near = {v: tuple(ws) for v, ws in near.items()}

    def similar(self, word: str) -> set[str]:
        """Indexed words within about two edits of `word`."""
        out: set[str] = set()
        for variant in _variants(word):
            out.update(self._near.get(variant, ()))
        return out

    def candidates(self, query: str) -> list[int]:
        """Indexes of the choices worth scoring for `query`, rarest words' names first."""
        groups: list[tuple[int, set[str]]] = []
        for word in set(query.split()):
            near = self.similar(word)
            size = sum(len(self._postings[w]) for w in near)
            if size:
                groups.append((size, near))
        picked: set[int] = set()
        for size, near in sorted(groups, key=lambda g: g[0]):
            if picked and len(picked) + size > BUDGET:
                break
            for word in near:
                picked.update(self._postings[word])
        return sorted(picked)
