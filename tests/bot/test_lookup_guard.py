"""The not-found guard (bot/cover.py, Resolver._fair): an everyday phrase near a name stays
not found however large the glossary, while a typo of a name still finds it."""

from __future__ import annotations

import pytest

from bot import lookup
from bot.cover import covers
from bot.lookup import Found, NotFound, Resolver
from knowledge import Entry, Glossary

NAMES = (
    "Cheaper Algorithm",
    "Cheaper Benchmark",
    "Cheaper Nice",
    "Ends Cheaper Loss Function",
    "Larger Armed Model",
    "James Unlearn Care Dataset",
    "Near Helps Valuation Model",
    "Applications Near Company",
    "Child Markovian Algorithm",
    "Product Puts Openai Company",
    "Product Spend Company",
    "Resources Scenarios Loss Function",
)


@pytest.fixture(params=["every name scored", "narrowed by words"])
def resolver(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Resolver:
    """Both paths: a small glossary scores every name, a large one narrows first."""
    if request.param == "narrowed by words":
        monkeypatch.setattr(lookup, "NARROW_ABOVE", 0)
    return Resolver(Glossary(tuple(Entry(name=n, definition=f"About {n}.") for n in NAMES)))


@pytest.mark.parametrize(
    "query",
    [
        "cheap keys",  # 'cheap' is in 'Cheaper', 'keys' in neither name
        "cheap oven",
        "charger near me",  # 'charger' is two edits from 'larger', and an English word
        "cheap niece",  # two English words no name holds: not typos of 'Cheaper Nice'
        "vacation near me",  # 'vacation' is one edit from 'valuation', but an English word
        "where can I buy cheaper",
    ],
)
def test_an_everyday_phrase_near_a_name_is_not_found(resolver: Resolver, query: str) -> None:
    assert isinstance(resolver.resolve(query), NotFound), query


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("cheaper algoritm", "Cheaper Algorithm"),
        ("cheaper benchmrak", "Cheaper Benchmark"),
        ("chid markovian algorithm", "Child Markovian Algorithm"),  # 'chid' is English
        ("product ptus openai company", "Product Puts Openai Company"),  # 'ptus' ~ 'puts'
        ("resources scenarios lss function", "Resources Scenarios Loss Function"),
        ("larger armedmodel", "Larger Armed Model"),  # a space dropped
        ("james unlearn ca re dataset", "James Unlearn Care Dataset"),  # a space added
    ],
)
def test_a_typo_of_a_name_still_finds_it(resolver: Resolver, query: str, name: str) -> None:
    outcome = resolver.resolve(query)
    assert isinstance(outcome, Found), (query, outcome)
    assert outcome.entry.name == name


def test_a_not_found_phrase_still_names_the_closest_entries(resolver: Resolver) -> None:
    outcome = resolver.resolve("cheap niece")
    assert isinstance(outcome, NotFound)
    assert "Cheaper Nice" in {e.name for e in outcome.closest}


def test_a_name_covers_a_query_word_by_word_give_or_take_a_typo() -> None:
    assert not covers(["cheap", "key"], ["cheaper algorithm", "cheaper"])
    assert not covers(["charger", "near"], ["larger model"])  # no 'near'
    # Two edits from 'larger': only the English-word rule keeps 'charger near me' out.
    assert covers(["charger", "near"], ["larger armed near model"])
    assert covers(["modl"], ["foo model"])  # one edit
    assert covers(["modeel"], ["foo model bar"])
    assert covers(["orchsetartion"], ["orchestration model"])  # two edits in a long word
    assert not covers(["orchsetartoin"], ["orchestration model"])  # three
    assert covers(["rpeortd"], ["reported"])  # two in a word of seven letters
    assert not covers(["mzdxl"], ["model"])  # two in a word of five
    assert covers(["barmodel"], ["foo bar model"])  # a space dropped
    assert covers(["fo", "obar"], ["foo bar"])  # a space moved
    assert covers(["ab"], ["a bc"])  # the name's spaces are closed up: 'abc'
    assert not covers(["xy"], ["xz model"])  # two letters must be there as typed
