"""The resolver's index of one glossary's names, compact and quick to build at a million entries.

Every name form of an entry yields keys (as written, normalised, without its type suffix),
the words it holds and the string rapidfuzz scores. A glossary of 100,000 entries has
a quarter of a million forms, so nothing here is a Python object per form beyond its
strings, and those are derived for all forms at once (`names.normalize_all`), not one
call chain per form: a key's owners are a bare int (almost always one entry) or a short
tuple, word postings and choice owners are `array`s. Entries are numbered by rank
(shortest name first), so a posting list is also the order in which candidates are
offered, and an intersection can stop as soon as it has enough.
"""

from __future__ import annotations

import itertools
import operator
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from knowledge import Entry, names
from knowledge.gcpause import paused_gc

Owners = int | tuple[int, ...]
_FLIP = bytes.maketrans(b"\0\1", b"\1\0")


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


class NameIndex:
    """Keys, words and fuzzy choices of a glossary's names, entries numbered by rank.

    `choices[starts[r]:starts[r + 1]]` are entry r's keys, the strings fuzzy matching scores;
    `owners[c]` is the entry of choice c.
    """

    def __init__(self, entries: Sequence[Entry]) -> None:
        by_name = [e.name for e in entries]
        order = sorted(range(len(entries)), key=by_name.__getitem__)
        order.sort(key=[len(n) for n in by_name].__getitem__)  # stable: length, then name
        self.entries: tuple[Entry, ...] = tuple(entries[i] for i in order)
        with paused_gc():  # the build frees nothing until it is done: no cycles to find
            self._build()

    def _build(self) -> None:
        """Every form's strings are worked out in one pass per kind over all forms, and
        each map is made in one go (`_keyed`), not one call chain per form. Equal strings
        are kept once (`pool`), and what the index does not keep is dropped early, so the
        build leaves few holes behind."""
        table = names.form_table(self.entries)
        ranks, loose = table.owners, table.loose
        strict = loose.translate(_FLIP)
        pool: dict[str, str] = {}
        normal = names.normalize_all(table.texts)
        self.verbatim = _keyed(_closed_all(normal, pool), ranks, strict)
        keyed = names.keys_of_normal(normal)
        keyed = list(map(pool.setdefault, keyed, keyed))
        del normal
        closed_keys = _closed_all(keyed, pool)
        self.strict = _keyed(closed_keys, ranks, strict)
        self.loose = _keyed(closed_keys, ranks, loose)
        del closed_keys, pool
        kept = _each_once(keyed, ranks)
        self.choices = list(itertools.compress(keyed, kept))
        their = list(itertools.compress(ranks, kept))
        self.owners = array("I", their)
        self.starts = _starts(self.owners, len(self.entries))
        self.words = _postings(self.choices, their)
        firsts = map(operator.ne, ranks, itertools.chain([-1], ranks))
        name_keys = list(itertools.compress(keyed, firsts))  # an entry's name comes first
        self.prefix_ranks = array("I", sorted(range(len(name_keys)), key=name_keys.__getitem__))
        self.prefix_keys = [name_keys[r] for r in self.prefix_ranks]

    def choices_of(self, rank: int) -> list[str]:
        """An entry's keys."""
        return self.choices[self.starts[rank] : self.starts[rank + 1]]

    def choices_among(self, ranks: Sequence[int]) -> tuple[list[str], list[int]]:
        """The choices of some entries, and the entry of each."""
        starts = self.starts
        spans = list(map(slice, [starts[r] for r in ranks], [starts[r + 1] for r in ranks]))
        texts = list(itertools.chain.from_iterable(map(self.choices.__getitem__, spans)))
        counts = [s.stop - s.start for s in spans]
        owners = list(itertools.chain.from_iterable(map(itertools.repeat, ranks, counts)))
        return texts, owners

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


@dataclass(frozen=True, slots=True)
class _Closed:
    """`closed` of many keys: each key's joined spelling, and the few singular ones beside."""

    joined: list[str]
    squashed: list[tuple[int, str]]


def _closed_all(keys: list[str], pool: dict[str, str]) -> _Closed:
    joined = "\n".join(keys).replace(" ", "").split("\n") if keys else []
    joined = list(map(pool.setdefault, joined, joined))
    squashed = names.keys_of_normal(joined)
    extra = [
        (i, s)
        for i, (k, j, s) in enumerate(zip(keys, joined, squashed, strict=True))
        if s != j and j != k
    ]
    return _Closed(joined, extra)


def _keyed(
    closed_keys: _Closed, ranks: Sequence[int], chosen: bytes | bytearray
) -> dict[str, Owners]:
    """Each chosen form's spellings, to the entries holding it: a bare rank, or the ranks in
    order when several entries share it. Ranks ascend, so a spelling whose first and last
    owners agree has one."""
    spellings = list(itertools.compress(closed_keys.joined, chosen))
    their = list(itertools.compress(ranks, chosen))
    keys: dict[str, Owners] = dict(zip(spellings, their, strict=True))
    first = dict(zip(reversed(spellings), reversed(their), strict=True))
    shared = {s for s, _ in keys.items() - first.items()}
    if shared:
        held: defaultdict[str, dict[int, None]] = defaultdict(dict)
        pairs = zip(spellings, their, strict=True)
        for s, r in itertools.compress(pairs, map(shared.__contains__, spellings)):
            held[s][r] = None
        keys.update((s, tuple(rs)) for s, rs in held.items())
    for i, s in closed_keys.squashed:
        if chosen[i]:
            _file(keys, s, ranks[i])
    keys.pop("", None)
    return keys


def _file(keys: dict[str, Owners], k: str, rank: int) -> None:
    held = keys.setdefault(k, rank)
    if held == rank:
        return
    if isinstance(held, int):
        keys[k] = (min(held, rank), max(held, rank))
    elif rank not in held:
        keys[k] = tuple(sorted((*held, rank)))


def _starts(owners: array[int], count: int) -> array[int]:
    """Where each entry's choices start (`owners` ascends), and the end after the last."""
    changes = map(operator.ne, owners, itertools.chain([-1], owners))
    starts = array("I", itertools.compress(range(len(owners)), changes))
    if len(starts) != count:  # some entry has no key at all (a name of punctuation)
        starts = array("I", [bisect_left(owners, r) for r in range(count)])
    starts.append(len(owners))
    return starts


def _each_once(keyed: list[str], ranks: list[int]) -> bytearray:
    """Which forms to keep as choices: each entry's every key once ('Model' and its alias
    'Models' share one), none empty."""
    kept = bytearray(len(keyed))
    previous = -1
    held: set[str] = set()
    for i, (k, rank) in enumerate(zip(keyed, ranks, strict=True)):
        if rank != previous:
            previous = rank
            held = set()
        if k and k not in held:
            held.add(k)
            kept[i] = 1
    return kept


_CHUNK = 16_384


def _postings(choices: list[str], owners: list[int]) -> dict[str, array[int]]:
    """The entries holding each word, in rank order. Words are split out a chunk of
    choices at a time, so their many short-lived strings reuse the same memory."""
    postings: defaultdict[str, list[int]] = defaultdict(list)
    for at in range(0, len(choices), _CHUNK):
        some, theirs = choices[at : at + _CHUNK], owners[at : at + _CHUNK]
        counts = [k.count(" ") + 1 for k in some]
        each_rank = itertools.chain.from_iterable(map(itertools.repeat, theirs, counts))
        for word, rank in zip(" ".join(some).split(" "), each_rank, strict=True):
            postings[word].append(rank)
    return {w: array("I", dict.fromkeys(held)) for w, held in postings.items()}


def _holds(ranks: array[int], rank: int) -> bool:
    at = bisect_left(ranks, rank)
    return at < len(ranks) and ranks[at] == rank
