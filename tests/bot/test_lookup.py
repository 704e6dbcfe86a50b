"""The resolver's promises, checked over the whole bundled glossary and arbitrary input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content import Content
from bot.lookup import Ambiguous, Found, NotFound, Resolver, strip_question
from knowledge import Entry, Glossary, names


def carriers(glossary: Glossary, name: str) -> set[str]:
    """Entries that carry `name` as written (a name, an alias or a form of one), spaces and
    hyphens aside; a plural or singular of another entry's name does not count."""

    def written(text: str) -> str:
        return names.normalize(text).replace(" ", "")

    return {e.id for e in glossary if written(name) in {written(f) for f in names.forms(e)[0]}}


def test_every_name_and_alias_resolves_to_its_entry(content: Content) -> None:
    """The exact-name rule: 'Models' is the entry of that name even though 'Model' is
    its singular; only a name two entries both carry ('MAE') offers a choice."""
    glossary = content.glossary
    checked = 0
    for entry in glossary:
        for name in entry.names:
            owners = carriers(glossary, name)
            outcome = content.resolver.resolve(name)
            if owners == {entry.id}:
                assert isinstance(outcome, Found), (name, outcome)
                assert outcome.entry.id == entry.id, (name, outcome.entry.name)
            else:
                assert isinstance(outcome, Ambiguous), (name, outcome)
                assert {e.id for e in outcome.candidates} == owners, name
            checked += 1
    assert checked > 300


def test_shared_acronym_offers_exactly_its_carriers(content: Content) -> None:
    outcome = content.resolver.resolve("MRKL")
    assert isinstance(outcome, Ambiguous)
    assert {e.name for e in outcome.candidates} == {
        "Modular Reasoning Knowledge and Language (MRKL) Agent",
        "Modular Reasoning Knowledge and Language (MRKL) System",
    }


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_no_query_crashes_the_resolver(content: Content, query: str) -> None:
    outcome = content.resolver.resolve(query)
    assert isinstance(outcome, Found | Ambiguous | NotFound)
    if isinstance(outcome, Ambiguous):
        assert 2 <= len(outcome.candidates) <= 5


def test_not_found_never_answers_with_an_entry(content: Content) -> None:
    outcome = content.resolver.resolve("how do I reset my password")
    assert isinstance(outcome, NotFound)


def test_question_phrasing_is_dropped() -> None:
    assert strip_question("What's a Mixture of Experts?") == "Mixture of Experts"
    assert strip_question("what is mlops?") == "mlops"
    assert strip_question("define  machine unlearning") == "machine unlearning"
    assert strip_question("what does MDP stand for?") == "MDP"
    assert strip_question("mlops") == "mlops"


def test_suggestions_start_with_prefix_matches(content: Content) -> None:
    names_ = [e.name for e in content.resolver.suggest("mark", limit=25)]
    assert names_[0].lower().startswith("mark")
    assert len(names_) <= 25
    assert "Markov Chain" in names_


def test_empty_glossary_finds_nothing() -> None:
    resolver = Resolver(Glossary(()))
    assert resolver.resolve("mlops") == NotFound(())


def test_small_glossary_typo_and_acronym() -> None:
    glossary = Glossary(
        (
            Entry(name="Retrieval Augmented Generation (RAG)", definition="Fetch, then write."),
            Entry(name="Mixtral Model", definition="A sparse mixture of experts."),
        )
    )
    resolver = Resolver(glossary)
    found = resolver.resolve("rag")
    assert isinstance(found, Found)
    assert found.entry.name.startswith("Retrieval")
    typo = resolver.resolve("mixtrall")
    assert isinstance(typo, Found)
    assert typo.entry.name == "Mixtral Model"
