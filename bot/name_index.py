"""The resolver's index of one glossary's names, compact enough for a million entries.

Every name form of an entry yields keys (as written, normalised, without its type suffix),
the words it holds and the strings rapidfuzz scores. A glossary of 100,000 entries has
half a million of these, so nothing here is a Python object per form beyond the strings
themselves: a key's owners are a bare int (almost always one entry) or a short tuple, word
postings and choice owners are `array`s, equal strings are interned once. Entries are
numbered by rank (shortest name first), so a posting list is also the order in which
candidates are offered, and an intersection can stop as soon as it has enough.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence

from rapidfuzz import utils

from knowledge import Entry, names

Owners = int | tuple[int, ...]
Forms = Callable[[Entry], tuple[set[str], set[str]]]


def closed(k: str) -> tuple[str, ...]:
    """A key closed up two ways, so 'ml ops', 'ML-Ops' and 'MLOps' meet: without its spaces,
    and singular after joining ('ml op' -> 'mlop'; 'mini batch' -> 'minibatch')."""
    joined = k.replace(" ", "")
    if joined == k:
        return (k,)
    squashed = names.key(joined)
    return (joined,) if squashed == joined else (joined, squashed)


def sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


def word_set(k: str) -> str:
    """The key's distinct words in order, so 'decomposition matrix' meets 'matrix ...'."""
    return " ".join(sorted(set(k.split())))


def owners_of(keys: dict[str, Owners], k: str) -> tuple[int, ...]:
    held = keys.get(k)
    if held is None:
        return ()
    return (held,) if isinstance(held, int) else held


def _add(keys: dict[str, Owners], k: str, rank: int) -> None:
    held = keys.get(k)
    if held is None:
        keys[k] = rank
    elif isinstance(held, int):
        if held != rank:
            keys[k] = (held, rank)
    elif rank not in held:
        keys[k] = (*held, rank)


class NameIndex:
    """Keys, words and fuzzy choices of a glossary's names, entries numbered by rank."""

    def __init__(self, entries: Sequence[Entry], forms: Forms) -> None:
        order = sorted(range(len(entries)), key=lambda i: (len(entries[i].name), entries[i].name))
        self.entries: tuple[Entry, ...] = tuple(entries[i] for i in order)
        self.verbatim: dict[str, Owners] = {}
        self.strict: dict[str, Owners] = {}
        self.loose: dict[str, Owners] = {}
        self.word_sets: dict[str, Owners] = {}
        postings: dict[str, list[int]] = {}
        choices: list[str] = []
        owners = array("I")
        intern = sys.intern
        for rank, entry in enumerate(self.entries):
            strict, loose = forms(entry)
            for form in strict:
                for k in closed(names.normalize(form)):
                    _add(self.verbatim, intern(k), rank)
            seen: set[str] = set()
            tiers = [(f, self.strict) for f in strict] + [(f, self.loose) for f in loose]
            for form, keys in tiers:
                k = names.key(form)
                if not k:
                    continue
                for spelling in closed(k):
                    _add(keys, intern(spelling), rank)
                _add(self.word_sets, intern(word_set(k)), rank)
                for word in k.split():
                    held = postings.setdefault(intern(word), [])
                    if not held or held[-1] != rank:
                        held.append(rank)
                processed = utils.default_process(k)
                for choice in (processed, sorted_words(processed)):
                    if choice not in seen:
                        seen.add(choice)
                        choices.append(intern(choice))
                        owners.append(rank)
        self.words = {w: array("I", ranks) for w, ranks in postings.items()}
        self.choices = choices
        self.owners = owners
        prefixes = sorted((names.key(e.name), rank) for rank, e in enumerate(self.entries))
        self.prefix_keys = [intern(k) for k, _ in prefixes]
        self.prefix_ranks = array("I", (rank for _, rank in prefixes))

    def common(self, words: Iterable[str], enough: int) -> list[int]:
        """Ranks of the entries holding every word, shortest names first, at most `enough`."""
        lists = sorted((self.words.get(w, array("I")) for w in set(words)), key=len)
        if not lists or not lists[0]:
            return []
        rarest, others = lists[0], lists[1:]
        out: list[int] = []
        for rank in rarest:
            if all(_holds(other, rank) for other in others):
                out.append(rank)
                if len(out) >= enough:
                    break
        return out

    def starting_with(self, text: str, limit: int) -> list[int]:
        """Ranks of the entries whose name key starts with `text`, in key order."""
        at = bisect_left(self.prefix_keys, text)
        out: list[int] = []
        window = slice(at, at + limit)
        for k, rank in zip(self.prefix_keys[window], self.prefix_ranks[window], strict=True):
            if not k.startswith(text):
                break
            out.append(rank)
        return out


def _holds(ranks: array[int], rank: int) -> bool:
    at = bisect_left(ranks, rank)
    return at < len(ranks) and ranks[at] == rank
