"""Question generation over the whole bundled glossary: every eligible entry, every type."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from bot.quiz.distractors import name_keys
from bot.quiz.generate import (
    acronym,
    check_free_answer,
    eligible,
    generate,
    generate_for,
    supported,
)
from bot.quiz.mask import OPTION_LIMIT, PROMPT_LIMIT, leaks, mentions, snippet
from bot.quiz.question import Question, QuestionType
from knowledge import Entry, Glossary, Kind, names

PROSE = "is a long enough sentence that explains what this thing really does for the team"
MULTIPLE = (QuestionType.DEFINITION, QuestionType.TERM, QuestionType.FLASHCARD)


def _pairs(glossary: Glossary) -> Iterator[tuple[Entry, QuestionType]]:
    for entry in glossary:
        for kind in supported(entry):
            yield entry, kind


def _by_name(glossary: Glossary, name: str) -> Entry:
    return next(e for e in glossary if e.name == name)


def _check_shape(q: Question, entry: Entry, kind: QuestionType) -> None:
    assert q.type is kind
    assert q.entry_id == entry.id and q.entry_name == entry.name
    assert q.prompt.strip()
    if kind is QuestionType.FREE:
        assert q.options == () and q.correct == -1 and q.is_free
        assert q.accepted == entry.names and q.answer == entry.name
        return
    expected = 2 if kind is QuestionType.TRUE_FALSE else 4
    assert len(q.options) == expected
    assert all(o.strip() for o in q.options)
    assert len({names.key(o) for o in q.options}) == expected, q.options
    assert 0 <= q.correct < expected and q.options[q.correct] == q.answer
    assert sum(o == q.answer for o in q.options) == 1


def test_supported_types(glossary: Glossary) -> None:
    for entry in glossary:
        kinds = supported(entry)
        if entry.kind is Kind.NOTE or not eligible(entry):
            assert kinds == ()
        elif entry.kind is Kind.CARD:
            assert QuestionType.FLASHCARD in kinds and QuestionType.DEFINITION not in kinds
        else:
            assert {QuestionType.DEFINITION, QuestionType.TERM} <= set(kinds)
            assert {QuestionType.TRUE_FALSE, QuestionType.FREE} <= set(kinds)
            assert QuestionType.FLASHCARD not in kinds
        assert (QuestionType.ACRONYM in kinds) == bool(kinds and acronym(entry)[0])
    eligible_count = sum(1 for e in glossary if eligible(e))
    assert eligible_count >= 100


def test_every_entry_every_type_is_well_formed_and_never_leaks(glossary: Glossary) -> None:
    count = refused = 0
    for entry, kind in _pairs(glossary):
        try:
            q = generate_for(glossary, entry, kind, random.Random(count))
        except ValueError as exc:
            # Refused rather than gamed: only the answer spells the acronym, or too few
            # definitions are masked like the answer's (see tests/quiz/test_no_giveaway.py).
            assert kind in (QuestionType.ACRONYM, QuestionType.FLASHCARD), (entry.name, kind)
            assert "initials" in str(exc) or "not enough" in str(exc), str(exc)
            refused += 1
            continue
        count += 1
        _check_shape(q, entry, kind)
        if kind in (QuestionType.DEFINITION, QuestionType.FREE):
            assert not leaks(q.prompt, entry), (entry.name, q.prompt)
            assert len(q.prompt) <= PROMPT_LIMIT + 1
        if kind is QuestionType.DEFINITION:
            _check_definition(glossary, entry, q)
        elif kind in (QuestionType.TERM, QuestionType.FLASHCARD):
            _check_picked_definitions(glossary, entry, q)
        elif kind is QuestionType.ACRONYM:
            _check_acronym(glossary, entry, q)
        elif kind is QuestionType.TRUE_FALSE:
            statement = q.prompt.removeprefix(f"**{entry.name}**: ")
            assert statement != q.prompt and statement.endswith(" — true or false?")
            assert not leaks(statement.removesuffix(" — true or false?"), entry), q.prompt
    assert count > 480 and refused < 40


def _check_definition(glossary: Glossary, entry: Entry, q: Question) -> None:
    assert q.answer == entry.name
    by_name = {e.name: e for e in glossary if eligible(e)}
    taken = set(name_keys(entry))
    for option in q.options:
        other = by_name[option]
        assert other.kind is entry.kind
        if other.id != entry.id:
            assert not name_keys(other) & taken, (entry.name, other.name)
            taken |= name_keys(other)


def _check_picked_definitions(glossary: Glossary, entry: Entry, q: Question) -> None:
    """Each option is some entry's masked definition, naming neither it nor the prompt."""
    assert q.prompt == entry.name
    assert q.answer == snippet(entry, OPTION_LIMIT)
    sources = {snippet(e, OPTION_LIMIT, (entry,)): e for e in glossary if eligible(e)}
    sources[q.answer] = entry
    for option in q.options:
        source = sources[option]
        assert source.kind is entry.kind
        assert not leaks(option, source), (source.name, option)
        assert not leaks(option, entry), (entry.name, option)
        assert len(option) <= OPTION_LIMIT + 1
        if source.id != entry.id:
            assert not name_keys(source) & name_keys(entry)


def _check_acronym(glossary: Glossary, entry: Entry, q: Question) -> None:
    short, expansion = acronym(entry)
    assert f"**{short}**" in q.prompt
    assert not mentions(q.prompt, expansion)
    assert q.answer == expansion
    # Wrong options are other entries' names without parenthetical or type suffix.
    phrases: dict[str, Entry] = {}
    for e in glossary:
        for n in e.names:
            phrases.setdefault(names.split_suffix(names.parse_heading(n).plain)[0], e)
    for option in q.options:
        if option != q.answer:
            other = phrases[option]
            assert not name_keys(other) & name_keys(entry), (entry.name, other.name)


def test_true_false_says_both_and_false_ones_come_from_elsewhere(glossary: Glossary) -> None:
    for entry in glossary:
        if QuestionType.TRUE_FALSE not in supported(entry):
            continue
        seen: set[str] = set()
        own = snippet(entry, OPTION_LIMIT)
        for seed in range(12):
            q = generate_for(glossary, entry, QuestionType.TRUE_FALSE, random.Random(seed))
            statement = q.prompt.removeprefix(f"**{entry.name}**: ")
            statement = statement.removesuffix(" — true or false?")
            seen.add(q.answer)
            if q.answer == "True":
                assert statement == own
            else:
                assert names.key(statement) != names.key(own)
            if len(seen) == 2:
                break
        assert seen == {"True", "False"}, entry.name


def test_generate_is_deterministic(glossary: Glossary) -> None:
    for seed in range(30):
        assert generate(glossary, random.Random(seed)) == generate(glossary, random.Random(seed))
    for kind in QuestionType:
        a = generate(glossary, random.Random(7), kind)
        assert a == generate(glossary, random.Random(7), kind)
        assert a.type is kind
    reordered = Glossary(tuple(reversed(glossary.entries)))
    assert generate(glossary, random.Random(3)) == generate(reordered, random.Random(3))


def test_generate_covers_types_and_never_uses_notes(glossary: Glossary) -> None:
    rng = random.Random(11)
    kinds = set()
    notes = {e.name for e in glossary if e.kind is Kind.NOTE}
    for _ in range(150):
        q = generate(glossary, rng)
        kinds.add(q.type)
        entry = glossary.get(q.entry_id)
        assert entry is not None and entry.kind is not Kind.NOTE and eligible(entry)
        if q.type is QuestionType.DEFINITION:
            assert not set(q.options) & notes
    assert kinds == set(QuestionType)


def test_notes_and_ineligible_entries_raise(glossary: Glossary) -> None:
    note = next(e for e in glossary if e.kind is Kind.NOTE)
    stub = next(e for e in glossary if e.kind is Kind.TERM and not e.has_definition)
    term = _by_name(glossary, "Mixtral Model")
    card = next(e for e in glossary if e.kind is Kind.CARD and eligible(e))
    with pytest.raises(ValueError, match="cannot be asked"):
        generate_for(glossary, note, QuestionType.DEFINITION, random.Random(0))
    with pytest.raises(ValueError, match="cannot be asked"):
        generate_for(glossary, stub, QuestionType.FREE, random.Random(0))
    with pytest.raises(ValueError, match="cannot be asked"):
        generate_for(glossary, term, QuestionType.FLASHCARD, random.Random(0))
    with pytest.raises(ValueError, match="cannot be asked"):
        generate_for(glossary, term, QuestionType.ACRONYM, random.Random(0))
    with pytest.raises(ValueError, match="cannot be asked"):
        generate_for(glossary, card, QuestionType.DEFINITION, random.Random(0))


def test_a_glossary_that_cannot_make_the_type_raises(glossary: Glossary) -> None:
    no_cards = Glossary(tuple(e for e in glossary if e.kind is not Kind.CARD))
    with pytest.raises(ValueError, match="flashcard"):
        generate(no_cards, random.Random(0), QuestionType.FLASHCARD)
    with pytest.raises(ValueError):
        generate(Glossary(()), random.Random(0))
    notes_only = Glossary(tuple(e for e in glossary if e.kind is Kind.NOTE))
    with pytest.raises(ValueError):
        generate(notes_only, random.Random(0))
    tiny = Glossary(tuple(Entry(f"Thing {i}", definition=f"Thing {i} {PROSE}.") for i in range(3)))
    with pytest.raises(ValueError, match="not enough"):
        generate(tiny, random.Random(0), QuestionType.DEFINITION)
    with pytest.raises(ValueError, match="not enough"):
        generate_for(tiny, tiny.entries[0], QuestionType.TERM, random.Random(0))
    # A true/false question needs no other entry: it falls back to a true statement.
    q = generate(tiny, random.Random(0), QuestionType.TRUE_FALSE)
    assert q.options == ("True", "False")
    assert generate(tiny, random.Random(0), QuestionType.FREE).is_free


# --- free answers ----------------------------------------------------------------------


def _free(glossary: Glossary, name: str) -> Question:
    return generate_for(glossary, _by_name(glossary, name), QuestionType.FREE, random.Random(0))


@pytest.mark.parametrize(
    "typed",
    [
        "Mixtral Model",
        "mixtral",
        "MIXTRAL",
        "mixtrl",
        "Mixtral models",
        "mixtral modle",
        " mixtral ",
    ],
)
def test_free_answer_forgives_typos_and_suffixes(glossary: Glossary, typed: str) -> None:
    assert check_free_answer(typed, _free(glossary, "Mixtral Model"), glossary)


@pytest.mark.parametrize(
    "typed", ["", "   ", "?", "Mistral Model", "mistral", "Magi Model", "model"]
)
def test_free_answer_rejects_others(glossary: Glossary, typed: str) -> None:
    assert not check_free_answer(typed, _free(glossary, "Mixtral Model"), glossary)


def test_another_entrys_name_is_wrong(glossary: Glossary) -> None:
    q = _free(glossary, "Mistral AI Company")
    assert not check_free_answer("Mistral Model", q, glossary)
    assert not check_free_answer("mistral model", q, glossary)
    assert check_free_answer("Mistral AI", q, glossary)
    assert check_free_answer("mistral ai compny", q, glossary)
    assert check_free_answer("Mistral AI Company", q, glossary)


def test_acronyms_and_aliases_are_accepted(glossary: Glossary) -> None:
    q = _free(glossary, "Mean Absolute Error (MAE) Loss Function")
    for typed in ("MAE", "mae", "Mean Absolute Error", "mean absolut error", "MAE loss function"):
        assert check_free_answer(typed, q, glossary), typed
    assert not check_free_answer("MSE", q, glossary)
    assert not check_free_answer("Mean Square Error", q, glossary)


def test_family_name_when_unambiguous(glossary: Glossary) -> None:
    person = _by_name(glossary, "Mark Zuckerberg Person")
    q = Question(QuestionType.FREE, "?", (), -1, person.name, person.id, person.name, person.names)
    assert check_free_answer("zuckerberg", q, glossary)
    assert check_free_answer("Mark Zuckerberg", q, glossary)


def test_every_free_question_accepts_its_names_and_rejects_its_distractors(
    glossary: Glossary,
) -> None:
    for entry in glossary:
        if QuestionType.FREE not in supported(entry):
            continue
        q = generate_for(glossary, entry, QuestionType.FREE, random.Random(0))
        for name in entry.names:
            assert check_free_answer(name, q, glossary), (entry.name, name)
        wrong = generate_for(glossary, entry, QuestionType.DEFINITION, random.Random(0))
        for option in wrong.options:
            if option != entry.name:
                assert not check_free_answer(option, q, glossary), (entry.name, option)


def test_free_answer_survives_a_reloaded_glossary(glossary: Glossary) -> None:
    q = _free(glossary, "Mixtral Model")
    smaller = Glossary(tuple(e for e in glossary if e.id != q.entry_id))
    assert check_free_answer("mixtrl", q, smaller)
    assert not check_free_answer("Mistral Model", q, smaller)
