"""Name normal forms for a whole glossary at once (knowledge/names.py): the batch functions
the resolver's index is built with give what the one-at-a-time functions give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content import Content
from knowledge import Entry, names

# Headings as written, and the characters that make normalising hard: accents, dashes,
# apostrophes, '&', newlines, tabs and other white space, digits and underscores.
_TRICKY = st.text(
    alphabet=st.sampled_from(list("aAbBsSeEiIyY019 -_/&'’.()\n\t\x0b\x1céÉßİΣ–")), max_size=30
)
_TEXTS = st.lists(st.one_of(_TRICKY, st.text(max_size=20)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_normalize_all_is_normalize_of_each(texts: list[str]) -> None:
    assert names.normalize_all(texts) == [names.normalize(t) for t in texts]


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_keys_of_normal_is_key_of_each(texts: list[str]) -> None:
    assert names.keys_of_normal(names.normalize_all(texts)) == [names.key(t) for t in texts]


def _forms_of_table(entries: list[Entry]) -> list[tuple[set[str], set[str]]]:
    table = names.form_table(entries)
    out: list[tuple[set[str], set[str]]] = [(set(), set()) for _ in entries]
    for text, owner, loose in zip(table.texts, table.owners, table.loose, strict=True):
        out[owner][1 if loose else 0].add(text)
    return out


def test_form_table_lists_the_forms_of_every_bundled_entry(content: Content) -> None:
    entries = list(content.glossary.entries)
    assert _forms_of_table(entries) == [names.forms(e) for e in entries]
    table = names.form_table(entries)
    firsts = [
        t for t, o, p in zip(table.texts, table.owners, [-1, *table.owners], strict=False) if o != p
    ]
    assert firsts == [e.name for e in entries]  # each entry's name comes first


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(
                _TRICKY,
                st.sampled_from(["Jane Doe Person", "Mistral AI Company", "Foo (FM) Model"]),
            ),
            st.lists(_TRICKY, max_size=2),
        ),
        max_size=6,
    )
)
def test_form_table_is_forms_of_each(headings: list[tuple[str, list[str]]]) -> None:
    entries = [
        Entry(name=n or "x", aliases=tuple(a), id=str(i)) for i, (n, a) in enumerate(headings)
    ]
    assert _forms_of_table(entries) == [names.forms(e) for e in entries]
    table = names.form_table(entries)
    assert len(set(zip(table.texts, table.owners, strict=True))) == len(table.texts)  # once each


# Plain headings (no alias, no parenthetical): the short path nearly every entry takes.
_HEADING_WORDS = st.sampled_from(
    [
        *("Foo", "ml", "ML", "Framework", "model", "MODEL", "Models", "Loss", "Function"),
        *("Doe", "Person", "AI", "Company", "Labs", "Vector", "Database", "", " ", "Zoë", "x\ny"),
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_HEADING_WORDS, min_size=1, max_size=4).map(" ".join), max_size=8))
def test_form_table_cuts_the_suffix_of_plain_headings_as_forms_does(headings: list[str]) -> None:
    entries = [Entry(name=n or "x", id=str(i)) for i, n in enumerate(headings)]
    assert _forms_of_table(entries) == [names.forms(e) for e in entries]


@settings(max_examples=200, deadline=None)
@given(_TEXTS, _TEXTS)
def test_a_remembered_block_answers_as_without_it(known: list[str], asked: list[str]) -> None:
    """A load merges and checks inside `names.remembered` (its tables built in one batch):
    every text, given beforehand or not, gets the normal form and key it gets outside."""
    plain = [(names.normalize(t), names.key(t), names.compact(t)) for t in known + asked]
    with names.remembered(known):
        inside = [(names.normalize(t), names.key(t), names.compact(t)) for t in known + asked]
        again = [(names.normalize(t), names.key(t), names.compact(t)) for t in known + asked]
        batch = list(zip(names.normals(known + asked), names.keys(known + asked), strict=True))
    assert inside == plain and again == plain
    assert batch == [(n, k) for n, k, _ in plain]
    assert names.keys(known + asked) == [k for _, k, _ in plain]  # and outside a block
    assert not names._remembered  # the tables go with the block


def test_folding_leaves_an_untouched_summary_to_be_derived_from_the_same_text() -> None:
    from knowledge.fold import fold
    from knowledge.model import Kind, is_derived

    term = Entry("Widget", definition="A part. It spins.")
    folded = fold([term])
    assert is_derived(folded, "summary") and folded.summary == term.summary == "A part."
    notes = [
        Entry("Widget", kind=Kind.NOTE, definition="First jotting. More."),
        Entry("Widget", kind=Kind.NOTE, definition="Second jotting."),
    ]
    joined = fold(notes)
    assert joined.definition == "First jotting. More.\n\nSecond jotting."
    assert joined.summary == notes[0].summary == "First jotting."
