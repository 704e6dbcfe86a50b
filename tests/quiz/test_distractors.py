"""Distractors: plausible, eligible, distinct, and never the answer under another name."""

from __future__ import annotations

import random

import pytest

from bot.material import eligible
from bot.quiz.distractors import distractors, family, name_keys
from bot.quiz.mask import OPTION_LIMIT, snippet
from knowledge import Entry, Glossary, Kind, names

PROSE = "is a long enough sentence that explains what this thing really does for the team"


def _term(name: str, *aliases: str, definition: str = "", see_also: tuple[str, ...] = ()) -> Entry:
    return Entry(
        name, aliases=aliases, definition=definition or f"{name} {PROSE}.", see_also=see_also
    )


def _eligible(glossary: Glossary) -> list[Entry]:
    return [e for e in glossary if eligible(e)]


def test_every_eligible_entry_gets_three_good_distractors(glossary: Glossary) -> None:
    for entry in _eligible(glossary):
        picked = distractors(glossary, entry, 3, random.Random(entry.id))
        assert len(picked) == 3, entry.name
        ids = [e.id for e in picked]
        assert entry.id not in ids
        assert len(set(ids)) == 3
        shown = {names.key(e.name) for e in picked} | {names.key(entry.name)}
        assert len(shown) == 4, (entry.name, [e.name for e in picked])
        seen_keys = set(name_keys(entry))
        for other in picked:
            assert eligible(other) and other.kind is not Kind.NOTE
            assert not name_keys(other) & seen_keys, (entry.name, other.name)
            seen_keys |= name_keys(other)


def test_definitions_shown_as_options_are_distinct(glossary: Glossary) -> None:
    for entry in _eligible(glossary):

        def back(e: Entry, subject: Entry = entry) -> str:
            return snippet(e, OPTION_LIMIT, () if e.id == subject.id else (subject,))

        picked = distractors(glossary, entry, 3, random.Random(1), display=back)
        texts = {names.key(back(e)) for e in [entry, *picked]}
        assert len(texts) == 4 and "" not in texts, entry.name


def test_same_kind_of_thing_comes_first(glossary: Glossary) -> None:
    by_name = {e.name: e for e in glossary}
    for name in (
        "Mixtral Model",
        "Majority Vote Algorithm",
        "Mean Square Error (MSE) Loss Function",
    ):
        entry = by_name[name]
        picked = distractors(glossary, entry, 1, random.Random(0))
        assert family(picked[0]) == family(entry), (name, picked[0].name)
    mixtral = by_name["Mixtral Model"]
    assert all(family(e) == "model" for e in distractors(glossary, mixtral, 3, random.Random(5)))


def test_definitions_that_begin_alike_are_never_distractors(glossary: Glossary) -> None:
    by_name = {e.name: e for e in glossary}
    free = by_name["Model-Free Reinforcement Learning"]
    based = by_name["Model-Based Reinforcement Learning"]
    assert free.definition[:300] == based.definition[:300]
    for seed in range(30):
        picked = distractors(glossary, free, 3, random.Random(seed))
        assert based not in picked


def test_the_answer_under_another_name_is_never_offered() -> None:
    answer = _term("Mean Absolute Error (MAE) Loss Function", "MAE")
    same = _term("Mean Absolute Error", "MAE")
    spaced = _term("MeanAbsolute Error Loss Function")
    others = [_term(f"Other Thing {i} Loss Function") for i in range(4)]
    glossary = Glossary((answer, same, spaced, *others))
    for seed in range(20):
        picked = distractors(glossary, answer, 5, random.Random(seed))
        assert same not in picked
        assert len(picked) == 4


def test_two_names_of_one_other_thing_are_not_both_offered() -> None:
    answer = _term("Alpha Model")
    agent = _term("Modular Reasoning (MRKL) Agent", "MRKL")
    system = _term("Modular Reasoning (MRKL) System", "MRKL")
    glossary = Glossary((answer, agent, system, _term("Beta Model")))
    picked = distractors(glossary, answer, 3, random.Random(0))
    assert len(picked) == 2
    assert not (agent in picked and system in picked)


def test_only_eligible_entries_and_no_notes() -> None:
    answer = _term("Alpha Model")
    note = Entry("Beta Model", kind=Kind.NOTE, definition=f"Beta {PROSE}")
    empty = Entry("Gamma Model")
    redirect = Entry("Delta Model", definition=f"Delta {PROSE}", redirect="Alpha Model")
    see = Entry("Epsilon Model", definition="See Alpha Model")
    good = _term("Zeta Model")
    glossary = Glossary((answer, note, empty, redirect, see, good))
    assert distractors(glossary, answer, 3, random.Random(0)) == [good]


def test_duplicate_and_empty_displays_are_skipped() -> None:
    entries = [_term(f"Thing {i}") for i in range(6)]
    glossary = Glossary(tuple(entries))

    def display(e: Entry) -> str:
        return {"thing-1": "Same", "thing-2": "same", "thing-3": "", "thing-0": "Answer"}.get(
            e.id, e.name
        )

    picked = distractors(glossary, entries[0], 5, random.Random(0), display=display)
    shown = [display(e) for e in picked]
    assert "" not in shown and "Answer" not in shown
    assert len({s.lower() for s in shown}) == len(shown) == 3


def test_related_terms_come_before_strangers() -> None:
    answer = _term("Gradient Descent", see_also=("Learning Rate",))
    related = _term("Learning Rate")
    sharing = _term("Stochastic Gradient Noise")
    strangers = [_term(f"Zebra Crossing {i}") for i in range(5)]
    glossary = Glossary((answer, *strangers, related, sharing))
    for seed in range(10):
        picked = distractors(glossary, answer, 2, random.Random(seed))
        assert picked == [related, sharing]
    backlink = _term("Momentum", see_also=("Gradient Descent",))
    glossary = Glossary((answer, *strangers, backlink))
    assert distractors(glossary, answer, 1, random.Random(0)) == [backlink]


def test_similar_names_come_before_the_rest() -> None:
    answer = _term("Kolmogorov Network")
    close = _term("Kolmogorow Netwerk")
    strangers = [_term(f"Zebra Crossing {i}") for i in range(5)]
    glossary = Glossary((answer, *strangers, close))
    for seed in range(10):
        assert distractors(glossary, answer, 1, random.Random(seed)) == [close]


def test_exclude_where_and_count() -> None:
    entries = [_term(f"Thing {i} Model") for i in range(6)]
    glossary = Glossary(tuple(entries))
    picked = distractors(
        glossary,
        entries[0],
        10,
        random.Random(0),
        exclude=["thing-1-model"],
        where=lambda e: e.id != "thing-2-model",
    )
    assert {e.id for e in picked} == {"thing-3-model", "thing-4-model", "thing-5-model"}
    assert distractors(glossary, entries[0], 0, random.Random(0)) == []


def test_deterministic_whatever_the_load_order(glossary: Glossary) -> None:
    reordered = Glossary(tuple(reversed(glossary.entries)))
    for entry in _eligible(glossary)[:40]:
        first = distractors(glossary, entry, 3, random.Random(42))
        again = distractors(glossary, entry, 3, random.Random(42))
        other_order = distractors(reordered, entry, 3, random.Random(42))
        assert [e.id for e in first] == [e.id for e in again] == [e.id for e in other_order]


@pytest.mark.parametrize("seed", range(5))
def test_seeds_vary_the_choice(glossary: Glossary, seed: int) -> None:
    mixtral = next(e for e in glossary if e.name == "Mixtral Model")
    choices = {
        tuple(e.id for e in distractors(glossary, mixtral, 3, random.Random(seed * 100 + i)))
        for i in range(10)
    }
    assert len(choices) > 1
