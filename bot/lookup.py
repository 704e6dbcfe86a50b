"""Resolving what a user typed to a glossary entry: exact, then normalised, then fuzzy.

The stages run cheapest first and stop at the first confident answer:
1. exact: the query's key is a name or alias (`MAE` names two entries: ambiguous).
2. normalised: question phrasing dropped ("what's a ..."), plurals, hyphens, a missing type
   suffix ("mixtral" for "Mixtral Model"), a person's family name ("zuckerberg").
3. words: every word of the query is a word of a name ("markov" -> the Markov entries).
4. fuzzy: rapidfuzz over every name form, with word order folded in, so typos resolve.
A query that none of these answers confidently is `NotFound`, with the closest names as
suggestions, never a random entry. Everything here is pure and in memory.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.cover import covers
from bot.fold import is_english_word, letters_for_digits, noun_forms
from bot.name_index import NameIndex, Owners, closed, owners_of, sorted_words, word_set
from bot.narrow import WordIndex
from knowledge import Entry, Glossary, names

FOUND_SCORE = 86.0
"""A fuzzy score at or above this, clear of the runner-up, is an answer."""
CLOSE_SCORE = 74.0
"""Fuzzy candidates at or above this are offered as "did you mean"."""
MARGIN = 4.0
"""How far the best fuzzy candidate must lead the next entry to be answered alone."""
CLOSEST_SCORE = 62.0
"""A not-found answer names the closest entries only when they score at least this."""
ONE_EDIT_FROM = 4
"""A query this long that is one edit (a transposition too) from a single entry's name,
and no closer to any other, is an answer even when its fuzzy score is low ('mlpos')."""
ONE_EDIT_SCORE = 60.0
TWO_TYPOS_FROM = 12
"""A query this long (letters) may hold two typos beside an English word no name holds."""
MAX_CHOICES = 5
SAME_WORDS_AMONG = 100
"""A query whose words are all name words is the one entry with exactly those words, if
there is one among this many shortest names holding them all ('decomposition matrix')."""
NARROW_ABOVE = 20_000
"""Above this many name forms, fuzzy matching first narrows candidates by shared words."""

_QUESTION = re.compile(
    r"^(?:(?:what|who)\s*(?:is|are|was|were|'s|s)|whats|define|definition\s+of|meaning\s+of|"
    r"explain|describe|tell\s+me\s+about|what\s+does|what\s+do\s+you\s+mean\s+by|"
    r"do\s+you\s+know|have\s+you\s+heard\s+of|look\s+up|lookup)\b\s*",
)
_TRAILING = re.compile(r"\s*(?:\bmean\b|\bstand\s+for\b|\bplease\b|[?!.\s])*$")
_ARTICLE = re.compile(r"^(?:a|an|the)\s+")
_STOPWORDS = frozenset(
    {"a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "is", "are"}
    | {"what", "who", "how", "do", "i", "my", "me"}
)


@dataclass(frozen=True, slots=True)
class Found:
    entry: Entry
    stage: str


@dataclass(frozen=True, slots=True)
class Ambiguous:
    candidates: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class NotFound:
    closest: tuple[Entry, ...]


Outcome = Found | Ambiguous | NotFound


def strip_question(query: str) -> str:
    """'What's a Mixture of Experts?' -> 'Mixture of Experts'."""
    text = " ".join(query.replace("’", "'").split())
    lowered = text.lower()
    for _ in range(2):
        match = _QUESTION.match(lowered)
        if not match:
            break
        text, lowered = text[match.end() :], lowered[match.end() :]
        article = _ARTICLE.match(lowered)
        if article:
            text, lowered = text[article.end() :], lowered[article.end() :]
    trailing = _TRAILING.search(lowered)
    if trailing and trailing.start() > 0:
        text = text[: trailing.start()]
    return text.strip(" '\"")


def _strip_suffix(text: str) -> str:
    """The key of a query without its own type suffix: 'mixtral model' -> 'mixtral'."""
    base, suffix = names.split_suffix(text)
    return names.key(base) if suffix else ""


@dataclass(frozen=True, slots=True)
class Scored:
    """A fuzzy candidate and its best score over its forms."""

    entry: Entry
    score: float
    rank: int


def _edits(typed: Sequence[str], forms: set[str]) -> int:
    """The fewest edits (a transposition is one) from what was typed to one of `forms`,
    compared as written (not singularised, so 'mlpos' is one edit from 'mlops' only)."""
    spellings = {s for t in typed for s in (t, sorted_words(t))}
    return min((OSA.distance(t, _written(f)) for t in spellings for f in forms), default=99)


@lru_cache(maxsize=16_384)
def _written(form: str) -> str:
    return names.normalize(form)


def _answer(hits: tuple[Entry, ...], stage: str) -> Outcome:
    return Found(hits[0], stage) if len(hits) == 1 else Ambiguous(hits[:MAX_CHOICES])


class Resolver:
    """An index of one glossary's names; build once per glossary, then `resolve` freely."""

    def __init__(self, glossary: Glossary) -> None:
        self._index = index = NameIndex(glossary.entries)
        self._entries = index.entries
        narrow = len(index.choices) > NARROW_ABOVE
        self._narrow = WordIndex(index.words, len(index.entries)) if narrow else None

    def resolve(self, query: str) -> Outcome:
        """The best answer for a query; the query must already be validated (not empty)."""
        stripped = strip_question(query)
        for stage, text in (("exact", query), ("normalised", stripped)):
            hit = self.exact(text)
            if hit is not None:
                return _answer(hit, stage)
        respelt = self._respellings(stripped)
        for text in respelt:
            hit = self.exact(text)
            if hit is not None:
                return _answer(hit, "normalised")
        texts = tuple(dict.fromkeys(names.key(t) for t in (stripped, *respelt)))
        for text in texts:
            by_words = self._by_words(text)
            if by_words:
                return _answer(tuple(by_words), "words")
        typed = (names.normalize(stripped), *respelt)
        scored = self._fuzzy_all(texts)
        outcome = self._judge(typed, self._fair(typed, texts, scored))
        if isinstance(outcome, NotFound) and not outcome.closest:
            return NotFound(_closest(scored))
        return outcome

    def suggest(self, query: str, limit: int = 25) -> list[Entry]:
        """Names for autocomplete: entries whose forms best match a partial query."""
        text = names.key(query)
        if not text:
            return list(self._entries[:limit])
        starts = [self._entries[r] for r in self._index.starting_with(text, limit)]
        ranked = [s.entry for s in self._fuzzy(text, cutoff=50.0, limit=limit * 2)]
        return _unique(starts + ranked)[:limit]

    def exact(self, text: str) -> tuple[Entry, ...] | None:
        """Entries that `text` names outright, else those it names loosely (no suffix)."""
        k = names.key(text)
        if not k:
            return None
        found = (
            self._lookup(self._index.verbatim, names.normalize(text))
            or self._lookup(self._index.strict, k)
            or self._lookup(self._index.strict, _strip_suffix(text))
            or self._lookup(self._index.loose, k)
            or self._lookup(self._index.loose, _strip_suffix(text))
        )
        return tuple(self._entries[i] for i in found) if found else None

    def related(self, entry: Entry) -> list[Entry]:
        """Entries whose name, shorn of its suffix, is this entry's name: for a bare stub
        like 'Mean Absolute Error', the 'Mean Absolute Error (MAE) Loss Function'."""
        found = self._lookup(self._index.loose, names.key(entry.name))
        return [self._entries[i] for i in found if self._entries[i].id != entry.id]

    @staticmethod
    def _lookup(keys: dict[str, Owners], k: str) -> tuple[int, ...]:
        for spelling in closed(k) if k else ():
            found = owners_of(keys, spelling)
            if found:
                return found
        return ()

    def _respellings(self, text: str) -> tuple[str, ...]:
        """The query with each word the glossary does not know swapped for another form of
        it that the glossary does know: an irregular plural or singular ('matrices' ->
        'matrix'), or letters for look-alike digits ('ml0ps' -> 'mlops')."""
        words = names.normalize(text).split()
        options: list[list[str]] = []
        for word in words:
            known = [word]
            if names.key(word) not in self._index.words:
                known += letters_for_digits(word)
                known += [f for f in noun_forms(word) if names.key(f) in self._index.words]
            options.append(known)
        if all(len(o) == 1 for o in options):
            return ()
        spellings = (" ".join(p) for p in itertools.product(*options))
        return tuple(itertools.islice((t for t in spellings if t != " ".join(words)), 8))

    def _fair(
        self, typed: Sequence[str], texts: Sequence[str], scored: list[Scored]
    ) -> list[Scored]:
        """The fuzzy candidates that could be what was meant, given a typo or two.

        Each must hold every word of the query, nearly letter for letter (`covers`). An
        English word that no name holds ('niece', 'lake') was most likely meant as typed:
        a query with two of them, or that is one of them, is about something else; one
        such word is taken for a typo only when the whole query is that close to a name
        (one edit, two in a query of `TWO_TYPOS_FROM` letters or more), so 'cheap niece'
        is not 'Cheaper Nice' while 'chid markovian algorithm' is 'Child Markovian ...'.
        """
        fair = [s for s in scored if self._covers(typed, texts, s)]
        meant = [w for w in texts[0].split() if self._meant(w)]
        if not meant or not fair:
            return fair
        if len(meant) > 1 or " " not in texts[0]:
            return []
        typos = 2 if len(typed[0].replace(" ", "")) >= TWO_TYPOS_FROM else 1
        return [s for s in fair if _edits(typed, _all_forms(s.entry)) <= typos]

    def _meant(self, word: str) -> bool:
        """An English word that no name holds: not a typo of one ('butter', 'niece')."""
        return word not in _STOPWORDS and word not in self._index.words and is_english_word(word)

    def _by_words(self, text: str) -> list[Entry]:
        words = [w for w in text.split() if w not in _STOPWORDS]
        if not words or len(words) < len(text.split()) - 1:
            return []
        held = self._index.common(words, SAME_WORDS_AMONG)
        target = word_set(text)
        same = [r for r in held if any(word_set(c) == target for c in self._index.choices_of(r))]
        if len(same) == 1:
            return [self._entries[same[0]]]
        return [self._entries[r] for r in held[:MAX_CHOICES]]

    def _covers(self, typed: Sequence[str], texts: Sequence[str], scored: Scored) -> bool:
        """Whether the candidate holds every significant word of one spelling of the query:
        keys beside keys, else as written beside its forms as written ('ptus' is one edit
        from 'puts', two from its key 'put')."""
        keys = self._index.choices_of(scored.rank)
        if any(covers(_significant(t), keys) for t in texts):
            return True
        written = [_written(f) for f in _all_forms(scored.entry)]
        return any(covers(_significant(t), written) for t in typed)

    def _fuzzy_all(self, texts: Sequence[str]) -> list[Scored]:
        """The best fuzzy candidates for any of several spellings of one query."""
        best: dict[str, Scored] = {}
        for text in texts:
            for scored in self._fuzzy(text):
                held = best.get(scored.entry.id)
                if held is None or scored.score > held.score:
                    best[scored.entry.id] = scored
        return sorted(best.values(), key=lambda s: -s.score)

    def _fuzzy(self, text: str, cutoff: float = 40.0, limit: int = 12) -> list[Scored]:
        """The entries whose keys best match a key (`text`), in either word order."""
        if not text:
            return []
        choices: Sequence[str] = self._index.choices
        owners: Sequence[int] = self._index.owners
        if self._narrow is not None:
            choices, owners = self._index.choices_among(self._narrow.candidates(text))
        best: dict[int, float] = {}
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
            hits = process.extract(
                text, choices, scorer=scorer, processor=None, limit=limit * 4, score_cutoff=cutoff
            )
            for _, score, c in hits:
                if score > best.get(owners[c], 0.0):
                    best[owners[c]] = score
        top = heapq.nlargest(limit, best.items(), key=lambda item: (item[1], -item[0]))
        return [Scored(self._entries[i], score, i) for i, score in top]

    def _judge(self, typed: Sequence[str], scored: list[Scored]) -> Outcome:
        """Found only when the best candidate is clearly ahead: by score, or by being the
        only entry one edit away; near misses are offered, the rest is not found."""
        if not scored:
            return NotFound(())
        best = scored[0]
        runner_up = scored[1].score if len(scored) > 1 else 0.0
        if best.score >= FOUND_SCORE and best.score - runner_up >= MARGIN:
            return Found(best.entry, "fuzzy")
        if len(typed[0].replace(" ", "")) >= ONE_EDIT_FROM:
            # One edit costs an Indel ratio of at most 2/len: weaker candidates cannot be one.
            pool = [s for s in scored if s.score >= ONE_EDIT_SCORE]
            forms = [names.forms(s.entry) for s in pool]
            for strict_only in (True, False):
                near = [
                    s.entry
                    for s, (strict, loose) in zip(pool, forms, strict=True)
                    if _edits(typed, strict if strict_only else strict | loose) <= 1
                ]
                if len(near) == 1:
                    return Found(near[0], "fuzzy")
                if near:
                    break
        floor = max(CLOSE_SCORE, best.score - 10.0)
        close = [s.entry for s in scored if s.score >= floor][:MAX_CHOICES]
        if len(close) >= 2:
            return Ambiguous(tuple(close))
        if close and best.score >= FOUND_SCORE:
            return Found(best.entry, "fuzzy")
        return NotFound(_closest(scored))


def _significant(text: str) -> list[str]:
    return [w for w in text.split() if w not in _STOPWORDS]


def _all_forms(entry: Entry) -> set[str]:
    strict, loose = names.forms(entry)
    return strict | loose


def _closest(scored: Sequence[Scored]) -> tuple[Entry, ...]:
    return tuple(s.entry for s in scored[:3] if s.score >= CLOSEST_SCORE)


def _unique(entries: Iterable[Entry]) -> list[Entry]:
    seen: set[str] = set()
    out: list[Entry] = []
    for entry in entries:
        if entry.id not in seen:
            seen.add(entry.id)
            out.append(entry)
    return out
