"""find_terms: the glossary terms inside a message, as a reader would point them out."""

from __future__ import annotations

import itertools
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.terms import MAX_TERMS, TermFinder
from knowledge import Entry, Glossary, Kind
from knowledge.names import key


def _glossary(*entries: Entry) -> Glossary:
    return Glossary(entries)


GLOSSARY = _glossary(
    Entry("Machine Learning", aliases=("ML",), definition="Learning from data."),
    Entry("Large Language Model", aliases=("LLM",), definition="A big text model."),
    Entry("Language Model", definition="Predicts the next word."),
    Entry("Mean Average Precision", aliases=("MAP",), definition="A ranking metric."),
    Entry("Mixtral Model", definition="A mixture-of-experts model."),
    Entry("Multi-Class Classification", definition="More than two classes."),
    Entry("Matrix", aliases=("Matrices",), definition="A grid of numbers."),
    Entry("Query", definition="What you ask."),
    Entry("Resources", kind=Kind.NOTE, definition="Links."),
    Entry("Empty Stub"),
)
FINDER = TermFinder(GLOSSARY)


def names(text: str) -> list[str]:
    return [found.entry.name for found in FINDER.find(text)]


def test_names_aliases_and_acronyms_in_reading_order() -> None:
    assert names("Our LLM uses machine learning.") == ["Large Language Model", "Machine Learning"]


def test_a_term_inside_a_word_is_not_a_match() -> None:
    assert names("HTML and XML are markup, not ML.") == ["Machine Learning"]
    assert names("HTML5 everywhere") == []


def test_acronyms_match_only_as_written_but_names_in_any_case() -> None:
    assert names("we map the data and report MAP") == ["Mean Average Precision"]
    assert names("MACHINE LEARNING, shouted") == ["Machine Learning"]


def test_the_longest_match_wins_and_spans_do_not_overlap() -> None:
    found = FINDER.find("A large language model is a language model.")
    assert [f.entry.name for f in found] == ["Large Language Model", "Language Model"]
    assert [f.said for f in found] == ["large language model", "language model"]
    assert found[0].span.end <= found[1].span.start


def test_plurals_singulars_suffixless_names_and_separators() -> None:
    assert names("LLMs and queries") == ["Large Language Model", "Query"]
    assert names("we run mixtral") == ["Mixtral Model"]
    assert names("multi class classification, or multi_class classification") == [
        "Multi-Class Classification"
    ]
    assert names("two matrices") == ["Matrix"]


def test_code_urls_and_mentions_are_skipped() -> None:
    text = "`ML` and ```\nLLM\n``` and https://example.com/ML <@U123|ML> <#C1|llm>"
    assert names(text) == []


def test_each_entry_once_notes_and_empty_entries_never() -> None:
    assert names("ML, ML and machine learning; Resources; Empty Stub") == ["Machine Learning"]


def test_at_most_ten_terms() -> None:
    entries = tuple(Entry(f"Term{letter}", definition="x y z") for letter in string.ascii_lowercase)
    finder = TermFinder(_glossary(*entries))
    found = finder.find(" ".join(f"term{letter}" for letter in string.ascii_lowercase))
    assert len(found) == MAX_TERMS
    assert [f.entry.name for f in found] == [f"Term{c}" for c in string.ascii_lowercase[:10]]


def test_an_empty_glossary_or_message_finds_nothing() -> None:
    assert TermFinder(_glossary()).find("machine learning") == []
    assert FINDER.find("") == []


def test_every_bundled_term_is_found_in_a_sentence_that_contains_it(glossary: Glossary) -> None:
    finder = TermFinder(glossary)
    owners: dict[str, set[str]] = {}
    for entry in glossary:
        for name in entry.names:
            owners.setdefault(key(name), set()).add(entry.id)
    missed = []
    for entry in glossary:
        if entry.kind is Kind.NOTE or not entry.has_definition:
            continue
        text = f"Yesterday we talked about {entry.name} for an hour."
        at = text.index(entry.name)
        hits = [f for f in finder.find(text) if f.span.start == at]
        if not hits or hits[0].entry.id not in owners[key(entry.name)]:
            missed.append(entry.name)
    assert missed == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_no_input_crashes_and_spans_never_overlap(text: str) -> None:
    found = FINDER.find(text)
    assert len(found) <= MAX_TERMS
    spans = sorted((f.span.start, f.span.end) for f in found)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start
    for f in found:
        assert 0 <= f.span.start < f.span.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([e for e in GLOSSARY if e.has_definition and e.kind is Kind.TERM]))
def test_every_name_is_found_between_arbitrary_words(entry: Entry) -> None:
    assert entry.name in names(f"so, about {entry.name}: what now?")
