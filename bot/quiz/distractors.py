"""Wrong options worth a second look, drawn from the glossary itself.

A multiple-choice question is only as good as its wrong options: three random terms make
the answer obvious. So candidates are tried in tiers, most plausible first:
1. the same kind of thing (the same type suffix: another Model for a Model);
2. related terms: "see also" links either way, then names sharing a significant word;
3. the most similar names, by rapidfuzz;
4. anything else eligible, so a small glossary still yields a question.
Never the answer itself, nor the answer under another name (a shared name or alias key),
nor an entry whose definition begins the same way (a true statement would pass as false),
nor two options that read the same. Candidates are sorted by id before `rng` touches them,
so the same seed gives the same options whatever order the glossary was loaded in.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

from rapidfuzz import process, utils

from bot.material import eligible
from bot.quiz.mask import clean
from knowledge import Entry, Glossary, names

_WORD = re.compile(r"[^\W_]+")

SAME_START = 120
"""Two definitions whose first this many normalised characters agree count as the same."""

Display = Callable[[Entry], str]
Where = Callable[[Entry], bool]

_STOPWORDS = frozenset(
    {"of", "and", "the", "a", "an", "in", "on", "for", "to", "with", "from", "by", "vs", "what"}
    | {"are", "is"}
)


def distractors(
    glossary: Glossary,
    entry: Entry,
    count: int,
    rng: random.Random,
    *,
    exclude: Iterable[str] = (),
    display: Display | None = None,
    where: Where | None = None,
) -> list[Entry]:
    """Up to `count` plausible wrong answers for `entry`, most plausible first.

    `exclude` holds entry ids to leave out; `display` is the text an option will show (the
    name by default), used to keep options distinct and non-empty; `where` narrows the
    candidates further (only cards for a flashcard, only acronyms for an acronym).
    """
    if count <= 0:
        return []
    show: Display = display or _name
    skip = {*exclude, entry.id}
    taken_keys = set(name_keys(entry))
    definition = _definition_key(entry)
    pool = [
        e
        for e in _eligible_sorted(glossary)
        if e.id not in skip
        and (where is None or where(e))
        and not name_keys(e) & taken_keys
        and not (definition and _definition_key(e) == definition)
    ]
    seen_texts = {_text_key(show(entry))}
    chosen: list[Entry] = []
    for tier in _tiers(glossary, entry, pool, rng):
        for candidate in tier:
            if len(chosen) == count:
                return chosen
            keys = name_keys(candidate)
            text = _text_key(show(candidate))
            if not text or text in seen_texts or keys & taken_keys:
                continue
            chosen.append(candidate)
            seen_texts.add(text)
            taken_keys |= keys
    return chosen


@lru_cache(maxsize=8192)
def name_keys(entry: Entry) -> frozenset[str]:
    """The comparison keys of every strict name form: two entries sharing one are one
    thing under two names (for a question, at least), so never options of each other."""
    strict, _ = names.forms(entry)
    keys = {names.key(f) for f in strict}
    keys |= {k.replace(" ", "") for k in keys}
    keys.discard("")
    return frozenset(keys)


def family(entry: Entry) -> str:
    """The kind of thing, from the type suffix: 'model', 'company', 'function', or ''.

    'ML Framework' and 'Framework', 'Python Module' and 'Module' are one family."""
    suffix = names.split_suffix(names.parse_heading(entry.name).plain)[1]
    return names.singular(suffix.split()[-1].lower()) if suffix else ""


def significant_words(entry: Entry) -> frozenset[str]:
    """The name's words that say what it is about: no type suffix, no little words."""
    base = names.split_suffix(names.parse_heading(entry.name).plain)[0]
    return frozenset(w for w in names.key(base).split() if len(w) >= 3 and w not in _STOPWORDS)


def _tiers(
    glossary: Glossary, entry: Entry, pool: list[Entry], rng: random.Random
) -> Iterable[list[Entry]]:
    kind = family(entry)
    yield _shuffled([e for e in pool if kind and family(e) == kind], rng)

    index = _key_index(glossary)
    linked = {i for ref in entry.see_also for i in index.get(names.key(ref), ())}
    own = name_keys(entry)
    yield _shuffled(
        [e for e in pool if e.id in linked or any(names.key(r) in own for r in e.see_also)], rng
    )

    words = significant_words(entry)
    sharing = _shuffled([e for e in pool if words & significant_words(e)], rng)
    sharing.sort(key=lambda e: -len(words & significant_words(e)))
    yield sharing

    if pool:
        scored = process.extract(
            entry.name,
            [e.name for e in pool],
            processor=utils.default_process,
            limit=len(pool),
        )
        ranked = sorted(scored, key=lambda hit: (-hit[1], pool[hit[2]].id))
        yield [pool[i] for _, _, i in ranked]

    yield _shuffled(pool, rng)


def _shuffled(entries: list[Entry], rng: random.Random) -> list[Entry]:
    ordered = sorted(entries, key=lambda e: e.id)
    rng.shuffle(ordered)
    return ordered


@lru_cache(maxsize=8)
def _eligible_sorted(glossary: Glossary) -> tuple[Entry, ...]:
    return tuple(sorted((e for e in glossary if eligible(e)), key=lambda e: e.id))


@lru_cache(maxsize=8)
def _key_index(glossary: Glossary) -> Mapping[str, frozenset[str]]:
    """Entry ids by name key, to resolve "see also" references to entries."""
    index: dict[str, set[str]] = defaultdict(set)
    for e in glossary:
        for k in name_keys(e):
            index[k].add(e.id)
    return {k: frozenset(v) for k, v in index.items()}


@lru_cache(maxsize=8192)
def _definition_key(entry: Entry) -> str:
    """Definitions that begin alike are alike: a prompt or option shows only the start."""
    return names.normalize(clean(entry.definition))[:SAME_START]


def _text_key(text: str) -> str:
    return names.key(text)


def _name(entry: Entry) -> str:
    return entry.name


def acronym_letters(acronym: str) -> str:
    """The letters an acronym abbreviates: 'GANs' -> 'gan', 'M-RAG' -> 'mrag'."""
    if acronym.endswith("s") and acronym[:-1].isupper():
        acronym = acronym[:-1]
    return "".join(ch for ch in acronym if ch.isalpha()).lower()


def initials(phrase: str) -> frozenset[str]:
    """The initials of a phrase, with and without its little words: 'Mixture-Of-Experts'
    -> {'moe', 'me'}."""
    words = _WORD.findall(phrase)
    every = "".join(w[0] for w in words).lower()
    content = "".join(w[0] for w in words if w.lower() not in _STOPWORDS).lower()
    return frozenset({every, content} - {""})


def expansion_distractors(
    glossary: Glossary, entry: Entry, expansion: str, acronym: str, count: int, rng: random.Random
) -> tuple[list[str], int]:
    """Wrong expansions for an acronym question, and how many of them spell the acronym.

    Phrases from the glossary's names (without type suffix, two words or more) whose
    initials spell the acronym come first ('Meta-Learning', 'Model Leaderboard' for ML),
    then phrases with its first letter, so the initials alone never give the answer away.
    Never the answer under another name, never two that read the same.
    """
    letters = acronym_letters(acronym)
    taken = set(name_keys(entry))
    seen = {names.key(expansion)}
    fitting: list[str] = []
    others: list[str] = []
    for candidate in sorted(glossary, key=lambda e: e.id):
        if candidate.id == entry.id or name_keys(candidate) & taken:
            continue
        for phrase in _phrases(candidate):
            k = names.key(phrase)
            if k in seen:
                continue
            if letters in initials(phrase):
                fitting.append(phrase)
            elif phrase[:1].lower() == letters[:1]:
                others.append(phrase)
            else:
                continue
            seen.add(k)
            break
    rng.shuffle(fitting)
    rng.shuffle(others)
    chosen = (fitting + others)[:count]
    return chosen, min(len(fitting), count)


def _phrases(entry: Entry) -> list[str]:
    """What an entry's name could pass for as an expansion: its name's words without the
    parenthetical or type suffix, when two words or more."""
    out: list[str] = []
    for name in entry.names:
        base = names.split_suffix(names.parse_heading(name).plain)[0]
        if len(_WORD.findall(base)) >= 2 and base not in out:
            out.append(base)
    return out
