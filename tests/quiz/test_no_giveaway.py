"""A quiz that cannot be gamed, checked over every eligible entry of the bundled glossary.

The checks here are written independently of the masking code: a prompt or right option
must not hold two consecutive content words of its answer's name (in any inflection) nor a
near-spelling of it; `____` must not single out an option; acronym options must share the
acronym's initials; a free answer must name the entry, never a bare type word.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from functools import cache
from itertools import pairwise

import pytest
from lemminflect import getAllLemmas
from rapidfuzz import fuzz

from bot.quiz.generate import acronym, check_free_answer, generate_for, supported
from bot.quiz.mask import MASK, OPTION_LIMIT, PROMPT_LIMIT, snippet
from bot.quiz.question import Question, QuestionType
from knowledge import Entry, Glossary, names

_WORD = re.compile(r"[^\W_]+")
_BREAK = re.compile(rf"[.,;:!?()\[\]\"“”‘’—–]|{re.escape(MASK)}")
_LITTLE = {"of", "and", "the", "a", "an", "in", "on", "for", "to", "with", "from", "by", "or"}
GENERIC = ("a company", "ai model", "a metric", "the model", "an algorithm", "a dataset", "ai")


@cache
def _lemmas(word: str) -> frozenset[str]:
    lowered = word.lower()
    found = {lowered}
    for group in getAllLemmas(lowered).values():
        found.update(g.lower() for g in group)
    return frozenset(found)


def _content(words: list[str]) -> list[frozenset[str]]:
    return [_lemmas(w) for w in words if w.lower() not in _LITTLE]


def _pairs_of_name(name: str) -> list[tuple[frozenset[str], frozenset[str]]]:
    words = _content(_WORD.findall(names.parse_heading(name).plain))
    return list(pairwise(words))


def _pairs_of_text(text: str) -> Iterator[tuple[frozenset[str], frozenset[str]]]:
    """Consecutive content words within each stretch of text between punctuation or masks."""
    for stretch in _BREAK.split(text):
        words = _content(_WORD.findall(stretch))
        yield from pairwise(words)


def names_its_answer(text: str, entry: Entry) -> str:
    """What in `text` still names `entry` (two consecutive content words of its name, or a
    near-spelling of its name), or ''."""
    for first, second in _pairs_of_name(entry.name):
        for a, b in _pairs_of_text(text):
            if a & first and b & second:
                return f"{sorted(a)[0]} {sorted(b)[0]}"
    plain = " ".join(_WORD.findall(names.parse_heading(entry.name).plain.lower()))
    size = len(plain.split())
    if size >= 2 and len(plain) >= 8:
        words = _WORD.findall(text.lower())
        for i in range(len(words) - size + 1):
            window = " ".join(words[i : i + size])
            if fuzz.ratio(window, plain) >= 88:
                return window
    return ""


def _questions(glossary: Glossary, kinds: tuple[QuestionType, ...]) -> Iterator[Question]:
    seed = 0
    for entry in glossary:
        for kind in supported(entry):
            if kind in kinds:
                seed += 1
                try:
                    yield generate_for(glossary, entry, kind, random.Random(seed))
                except ValueError:
                    continue  # refused, which is the point when it would give itself away


def _entry(glossary: Glossary, q: Question) -> Entry:
    entry = glossary.get(q.entry_id)
    assert entry is not None
    return entry


def test_no_prompt_or_right_option_names_its_answer(glossary: Glossary) -> None:
    checked = 0
    for q in _questions(glossary, tuple(QuestionType)):
        entry = _entry(glossary, q)
        if q.type in (QuestionType.DEFINITION, QuestionType.FREE):
            shown = q.prompt
        elif q.type is QuestionType.TRUE_FALSE:
            shown = q.prompt.removeprefix(f"**{entry.name}**: ")
        elif q.type in (QuestionType.TERM, QuestionType.FLASHCARD):
            shown = q.answer
        else:
            continue
        assert not names_its_answer(shown, entry), (entry.name, names_its_answer(shown, entry))
        checked += 1
    assert checked > 450


@pytest.mark.parametrize(
    ("name", "kind", "giveaway"),
    [
        ("Matrix QR Decomposition", QuestionType.DEFINITION, "qr decomposition"),
        ("Membership Inference Attack", QuestionType.TERM, "membership inference"),
        ("Maximum Marginal Relevance (MMR)", QuestionType.DEFINITION, "marginal relevance"),
        ("Milvus Vector Database", QuestionType.DEFINITION, "vector database"),
    ],
)
def test_the_reported_giveaways_are_masked(
    glossary: Glossary, name: str, kind: QuestionType, giveaway: str
) -> None:
    entry = next(e for e in glossary if e.name == name)
    assert giveaway in entry.definition.lower()
    q = generate_for(glossary, entry, kind, random.Random(1))
    shown = q.answer if kind is QuestionType.TERM else q.prompt
    assert giveaway not in shown.lower() and MASK in shown, shown
    assert "maximal marginal" not in shown.lower()


def test_the_mask_tells_nothing_in_term_and_flashcard_questions(glossary: Glossary) -> None:
    checked = 0
    for q in _questions(glossary, (QuestionType.TERM, QuestionType.FLASHCARD)):
        with_mask = [MASK in option for option in q.options]
        assert all(with_mask) or not any(with_mask), (q.entry_name, q.options)
        checked += 1
    assert checked > 120


def _spells(option: str, letters: str) -> bool:
    words = _WORD.findall(option)
    return letters in {
        "".join(w[0] for w in words).lower(),
        "".join(w[0] for w in words if w.lower() not in _LITTLE).lower(),
    }


def test_acronym_options_share_the_acronyms_initials(glossary: Glossary) -> None:
    asked = 0
    for q in _questions(glossary, (QuestionType.ACRONYM,)):
        short, _ = acronym(_entry(glossary, q))
        letters = "".join(ch for ch in short.removesuffix("s") if ch.isalpha()).lower()
        assert all(o[:1].lower() == letters[0] for o in q.options), q.options

        if _spells(q.answer, letters):
            wrong = [o for o in q.options if o != q.answer]
            assert any(_spells(o, letters) for o in wrong), (short, q.options)
        asked += 1
    assert asked >= 4


def test_no_acronym_question_when_only_the_answer_fits(glossary: Glossary) -> None:
    mse = next(e for e in glossary if e.name == "Mean Square Error (MSE) Loss Function")
    with pytest.raises(ValueError, match="initials"):
        generate_for(glossary, mse, QuestionType.ACRONYM, random.Random(0))


def _free(glossary: Glossary, name: str) -> Question:
    entry = next(e for e in glossary if e.name == name)
    return generate_for(glossary, entry, QuestionType.FREE, random.Random(0))


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("Meta Company", "a company"),
        ("Magi Model", "ai model"),
        ("Mean Average Precision (MAP) Metric", "a metric"),
    ],
)
def test_a_bare_type_word_never_scores(glossary: Glossary, name: str, typed: str) -> None:
    assert not check_free_answer(typed, _free(glossary, name), glossary)


def _typo(text: str) -> str:
    """The text with one inner letter dropped, a typo anyone makes."""
    middle = len(text) // 2
    return text[:middle] + text[middle + 1 :]


def test_every_free_answer_takes_its_names_and_refuses_generic_phrases(
    glossary: Glossary,
) -> None:
    checked = 0
    for q in _questions(glossary, (QuestionType.FREE,)):
        entry = _entry(glossary, q)
        own = {names.key(n) for n in entry.names}
        for name in entry.names:
            assert check_free_answer(name, q, glossary), (entry.name, name)
        base, suffix = names.split_suffix(names.parse_heading(entry.name).plain)
        someone_else = {names.key(n) for e in glossary if e.id != entry.id for n in e.names}
        if suffix and names.key(base) not in someone_else:
            assert check_free_answer(base, q, glossary), (entry.name, base)
        if suffix:
            assert not check_free_answer(suffix, q, glossary), (entry.name, suffix)
            assert not check_free_answer(f"a {suffix}", q, glossary), (entry.name, suffix)
        if (
            len(base) >= 8
            and names.key(base) not in someone_else
            and names.key(_typo(base)) not in own
        ):
            assert check_free_answer(_typo(base), q, glossary), (entry.name, _typo(base))
        for phrase in GENERIC:
            if names.key(phrase) not in own:
                assert not check_free_answer(phrase, q, glossary), (entry.name, phrase)
        checked += 1
    assert checked >= 100


def test_masking_leaves_no_half_parenthesis(glossary: Glossary) -> None:
    """'Model Denial Of Service (MDoS) is' must become '____ is', not '____) is'."""
    for entry in glossary:
        for limit in (PROMPT_LIMIT, OPTION_LIMIT):
            text = snippet(entry, limit)
            for at in (m.end() for m in re.finditer(re.escape(f"{MASK})"), text)):
                assert text[:at].count("(") >= text[:at].count(")"), (entry.name, text)
            for at in (m.start() for m in re.finditer(re.escape(f"({MASK}"), text)):
                assert ")" in text[at:], (entry.name, text)
