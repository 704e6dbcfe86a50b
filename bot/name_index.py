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

import functools
import itertools
import operator
from array import array
from bisect import bisect_left
from collections import defaultdict, deque
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
        by_name = list(map(operator.attrgetter("name"), entries))
        order = sorted(range(len(entries)), key=by_name.__getitem__)
        order.sort(key=list(map(len, by_name)).__getitem__)  # stable: length, then name
        self.entries: tuple[Entry, ...] = tuple(map(entries.__getitem__, order))
        with paused_gc():  # the build frees nothing until it is done: no cycles to find
            self._build()

    def _build(self) -> None:
        """Every form's strings are worked out in one pass per kind over all forms, and
        each map is made in one go (`_keyed`), not one call chain per form. A key that is
        its normal form (nearly all) shares its closed-up spelling with it, and what the
        index does not keep is dropped early, so the build leaves few holes behind."""
        table = names.form_table(self.entries)
        ranks, loose = table.owners, table.loose
        strict = loose.translate(_FLIP)
        normal = names.normalize_all(table.texts)
        written = _closed_all(normal)
        self.verbatim = _keyed(written, ranks, strict)
        keyed = names.keys_of_normal(normal)
        closed_keys = _closed_again(written, normal, keyed)
        del normal, written
        self.strict = _keyed(closed_keys, ranks, strict)
        self.loose = _keyed(closed_keys, ranks, loose)
        del closed_keys
        kept = _each_once(keyed, ranks)
        self.choices = list(itertools.compress(keyed, kept))
        their = list(itertools.compress(ranks, kept))
        self.owners = array("I", their)
        self.starts = _starts(self.owners, len(self.entries))
        self.words = _postings(*_worded(self.choices, their, self.starts))
        firsts = map(operator.ne, ranks, itertools.chain([-1], ranks))
        name_keys = list(itertools.compress(keyed, firsts))  # an entry's name comes first
        self.prefix_ranks = array("I", sorted(range(len(name_keys)), key=name_keys.__getitem__))
        self.prefix_keys = list(map(name_keys.__getitem__, self.prefix_ranks))

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


def _closed_all(keys: Sequence[str]) -> _Closed:
    joined = "\n".join(keys).replace(" ", "").split("\n") if keys else []
    return _Closed(joined, _squashed(keys, joined, range(len(joined))))


def _squashed(
    keys: Sequence[str], joined: list[str], among: Iterable[int]
) -> list[tuple[int, str]]:
    """The joined keys (of those `among`) that fold once more ('ml ops' -> 'mlop' -> ...):
    only a word ending in 's' can, so only those are looked at."""
    ending = map(operator.methodcaller("endswith", "s"), map(joined.__getitem__, among))
    out = []
    for i in itertools.compress(among, ending):
        j = joined[i]
        if j != keys[i]:
            s = names.singular(j)
            if s != j:
                out.append((i, s))
    return out


def _closed_again(written: _Closed, normal: list[str], keyed: list[str]) -> _Closed:
    """`_closed_all` of the keys, given that of the normal forms they come from: a key
    that is its normal form (nearly all) closes up the same way."""
    changed = list(itertools.compress(range(len(keyed)), map(operator.is_not, keyed, normal)))
    fresh = _closed_all([keyed[i] for i in changed])
    joined = list(written.joined)
    for i, j in zip(changed, fresh.joined, strict=True):
        joined[i] = j
    moved = {changed[i]: s for i, s in fresh.squashed}
    kept = [(i, s) for i, s in written.squashed if i not in moved and keyed[i] is normal[i]]
    return _Closed(joined, sorted(kept + list(moved.items())))


def _keyed(
    closed_keys: _Closed, ranks: Sequence[int], chosen: bytes | bytearray
) -> dict[str, Owners]:
    """Each chosen form's spellings, to the entries holding it: a bare rank, or the ranks in
    order when several entries share it. Ranks ascend, so a spelling whose first and last
    owners agree has one."""
    spellings = list(itertools.compress(closed_keys.joined, chosen))
    their = list(itertools.compress(ranks, chosen))
    keys: dict[str, Owners] = dict(zip(spellings, their, strict=True))  # the last owner
    shared: set[str] = set()
    if len(keys) < len(spellings):  # some spelling comes twice: of one entry, or of several
        lasts = map(keys.__getitem__, spellings)
        shared.update(itertools.compress(spellings, map(operator.ne, lasts, their)))
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


def _worded(
    choices: list[str], owners: list[int], starts: array[int]
) -> tuple[list[str], list[int]]:
    """The choices whose words are not all words of their entry's first key (its name's),
    and whose: an entry's name without its type suffix, nearly always its second key, is
    the start of its name's key and adds no word to the postings."""
    names_of = map(choices.__getitem__, map(starts.__getitem__, owners))
    spaced = map(operator.add, choices, itertools.repeat(" "))
    worded = list(map(operator.not_, map(str.startswith, names_of, spaced)))
    return list(itertools.compress(choices, worded)), list(itertools.compress(owners, worded))


_CHUNK = 16_384


def _postings(choices: list[str], owners: list[int]) -> dict[str, array[int]]:
    """The entries holding each word, in rank order: each word's `array` is appended to
    by C-level `map`s, not a Python loop, and only the few that got an entry twice (a
    word twice in one name) are made unique afterwards. Words are split out a chunk of
    choices at a time, so their many short-lived strings reuse the same memory."""
    postings: defaultdict[str, array[int]] = defaultdict(functools.partial(array, "I"))
    for at in range(0, len(choices), _CHUNK):
        some, theirs = choices[at : at + _CHUNK], owners[at : at + _CHUNK]
        counts = map(
            operator.add, map(operator.methodcaller("count", " "), some), itertools.repeat(1)
        )
        each_rank = itertools.chain.from_iterable(map(itertools.repeat, theirs, counts))
        held = map(postings.__getitem__, " ".join(some).split(" "))
        deque(map(array.append, held, each_rank), maxlen=0)
    for word, ranks in postings.items():
        if any(map(operator.eq, ranks, itertools.islice(ranks, 1, None))):  # ranks ascend
            changed = map(operator.ne, ranks, itertools.chain([-1], ranks))
            postings[word] = array("I", itertools.compress(ranks, changed))
    return dict(postings)


def _holds(ranks: array[int], rank: int) -> bool:
    at = bisect_left(ranks, rank)
    return at < len(ranks) and ranks[at] == rank
