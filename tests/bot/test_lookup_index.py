"""The resolver's compact index and its large-glossary path (bot/name_index.py, bot/narrow.py)."""

from __future__ import annotations

from array import array

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from bot import lookup, narrow
from bot.content import Content
from bot.lookup import Found, NotFound, Resolver
from bot.name_index import NameIndex, closed
from bot.narrow import WordIndex
from knowledge import Entry, Glossary
from tests.bot.test_lookup_cases import load_cases


def glossary_of(*names_: str) -> Glossary:
    return Glossary(tuple(Entry(name=n, definition=f"About {n}.") for n in names_))


def test_a_word_lists_its_entries_shortest_name_first() -> None:
    index = NameIndex(
        glossary_of("Markov Random Field", "Markov Chain", "Markov Chain Monte Carlo").entries
    )
    ranks = index.common(["markov"], enough=5)
    assert [index.entries[r].name for r in ranks] == [
        "Markov Chain",
        "Markov Random Field",
        "Markov Chain Monte Carlo",
    ]
    assert len(index.common(["markov"], enough=2)) == 2
    assert index.common(["markov", "chain"], enough=5) == [ranks[0], ranks[2]]
    assert index.common(["pizza"], enough=5) == []


def test_keys_close_up_spaces_and_fold_the_joined_word() -> None:
    assert closed("ml op") == ("mlop",)
    assert closed("mini batch") == ("minibatch",)
    assert closed("mlop") == ("mlop",)


@pytest.mark.parametrize(("group", "query", "expect"), load_cases(), ids=lambda v: str(v)[:40])
def test_narrowing_never_changes_an_answer_of_the_query_set(
    content: Content, monkeypatch: pytest.MonkeyPatch, group: str, query: str, expect: object
) -> None:
    """The path large glossaries take (candidates narrowed by shared words) answers every
    case of the query set as scoring every name does (a not-found may name fewer closest)."""
    monkeypatch.setattr(lookup, "NARROW_ABOVE", 0)
    narrowed = Resolver(content.glossary).resolve(query)
    whole = content.resolver.resolve(query)
    if isinstance(whole, NotFound):
        assert isinstance(narrowed, NotFound), (group, query, narrowed)
    else:
        assert narrowed == whole, (group, query)


def test_two_typos_in_the_rare_word_still_narrow_to_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lookup, "NARROW_ABOVE", 0)
    resolver = Resolver(
        glossary_of("Discovery Model", "Benchmark Model", "Tradeoff Model", "Orchestration Model")
    )
    outcome = resolver.resolve("orchsetartion model")
    assert isinstance(outcome, Found)
    assert outcome.entry.name == "Orchestration Model"


def test_an_english_word_is_not_corrected_into_a_near_name() -> None:
    resolver = Resolver(glossary_of("Better Model", "Driver Dataset"))
    assert isinstance(resolver.resolve("butter"), NotFound)
    assert isinstance(resolver.resolve("river"), NotFound)
    typo = resolver.resolve("bettr")
    assert isinstance(typo, Found)
    assert typo.entry.name == "Better Model"


def test_a_word_in_every_name_does_not_flood_the_candidates() -> None:
    """A type suffix held by hundreds of names narrows nothing: once the rarer word has
    found its entry, the entries merely sharing 'model' are not scored at all."""
    many = [f"Item{i} Model" for i in range(800)]
    index = NameIndex(glossary_of(*many, "Orchestration Model").entries)
    ranks = WordIndex(index.words, len(index.entries)).candidates("orchestraton model")
    assert [index.entries[r].name for r in ranks] == ["Orchestration Model"]


_LETTERS = "abcde"


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=_LETTERS, min_size=4, max_size=14),
    st.lists(st.text(alphabet=_LETTERS, min_size=1, max_size=14), max_size=40, unique=True),
)
@example("abcdabcd", ["abcdabcdeeee", "abcdabe"])  # a tie (80) between a longer and a shorter word
def test_a_word_far_from_every_name_word_meets_the_same_words_as_scoring_all(
    word: str, vocabulary: list[str]
) -> None:
    """Words two typos away are looked for only among name words of a length that can
    score `NEAR_WORD_SCORE`: the same words, in the same order, as scoring every word."""
    index = WordIndex({w: array("I", [i]) for i, w in enumerate(vocabulary)}, 100)
    every = process.extract(
        word, vocabulary, scorer=fuzz.ratio, score_cutoff=narrow.NEAR_WORD_SCORE, limit=8
    )
    assert index.near_words(word) == [hit for hit, _, _ in every]


def test_every_word_of_every_key_posts_its_entry_once(content: Content) -> None:
    """Postings skip a key whose words start the name's key, yet each word of each key
    (aliases, acronyms, names without suffix) still lists its entry, once, in rank order."""
    extra = Entry(name="Foo Bar (FB) Model", aliases=("Baz Qux", "Bar Foo Bar"))
    index = NameIndex((*content.glossary.entries, extra))
    for rank in range(len(index.entries)):
        for choice in index.choices_of(rank):
            for word in choice.split():
                assert rank in index.words[word], (choice, word)
    for word, ranks in index.words.items():
        assert list(ranks) == sorted(set(ranks)), word
    fb = index.entries.index(extra)
    assert {w: list(index.words[w]) for w in ("fb", "baz", "qux")} == {
        "fb": [fb],
        "baz": [fb],
        "qux": [fb],
    }
