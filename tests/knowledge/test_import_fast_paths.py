"""The import's fast paths give exactly what the straightforward code gives.

A spreadsheet row is read straight from its cells instead of through a mapping of cells by
field, and an entry derives its id and summary when first asked rather than when built;
each is checked here against the plain formulation, or against what a user sees.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.detect import oversized
from knowledge.model import Entry, Kind, Link, ParseResult, SourceRef, is_derived, slugify
from knowledge.parse import canonical
from knowledge.parse.fields import Field, row_reader, split_list, to_entry, to_link
from knowledge.summary import summarize


def test_an_entry_derives_its_id_and_summary_when_first_read() -> None:
    entry = Entry("Mean Absolute Error (MAE)", definition="The mean of |y - p|. Robust.")
    assert is_derived(entry, "id") and is_derived(entry, "summary")
    assert entry.id == slugify(entry.name) == "mean-absolute-error-mae"
    assert entry.summary == summarize(entry.definition) == "The mean of |y - p|."
    assert not is_derived(entry, "id") and not is_derived(entry, "summary")


def test_a_given_id_or_summary_is_kept_and_an_empty_id_is_derived() -> None:
    given_both = Entry("Token", definition="A piece. Of text.", summary="", id="tok")
    assert (given_both.summary, given_both.id) == ("", "tok")
    assert Entry("Token", id="").id == "token"
    assert Entry("Token", definition="A piece. Of text.", summary="Mine.").summary == "Mine."


def test_derived_fields_compare_hash_copy_and_replace_as_given_ones() -> None:
    lazy = Entry("Token", kind=Kind.CARD, definition="A piece. Of text.")
    eager = Entry("Token", kind=Kind.CARD, definition="A piece. Of text.", summary="A piece.")
    assert lazy == eager
    assert hash(Entry("Token", kind=Kind.CARD, definition="A piece. Of text.")) == hash(eager)
    assert eager == dataclasses.replace(eager, id="token")
    assert Entry("x", definition="One.") != Entry("x", definition="One.", summary="")
    for twin in (pickle.loads(pickle.dumps(lazy)), copy.deepcopy(lazy), copy.copy(lazy)):
        assert twin == eager and (twin.id, twin.summary) == ("token", "A piece.")
    renamed = dataclasses.replace(Entry("Token", definition="One. Two."), name="Word")
    assert (renamed.id, renamed.summary) == ("token", "One.")  # replace copies, as before
    assert "summary='A piece.'" in repr(Entry("Token", definition="A piece. Of text."))
    try:
        lazy.id = "other"  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("an entry must stay frozen")
    assert lazy.id == "token"


def test_canonical_yaml_writes_only_what_was_given() -> None:
    entries = [
        Entry("Token", definition="A piece. Of text."),
        Entry("Word", definition="A unit. Of text.", summary="", id="w"),
    ]
    text = canonical.dump(entries)
    token, word = text.split("entries:\n")[1].split("  - name: Word\n")
    assert token == "  - name: Token\n    definition: A piece. Of text.\n"
    assert word == "    id: w\n    summary: ''\n    definition: A unit. Of text.\n"
    assert [e for e in canonical.parse(text, "g.yaml").entries] == [
        dataclasses.replace(e, sources=(SourceRef("g.yaml", line),))
        for e, line in zip(entries, (8, 10), strict=True)
    ]


def link_by_search(item: str) -> Link | None:
    """`to_link` as first written: the first URL in the item, the text before it the label."""
    if (match := re.search(r"https?://\S+", item)) is None:
        return None
    url = match.group(0).rstrip(".,;")
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return Link(url, item[: match.start()].strip(" -:([").removesuffix("]").strip())


LINKISH = st.lists(
    st.sampled_from(["http://", "https://", "x", "(", ")", ".", " ", "\u00a0", "[a]", "://"]),
    max_size=8,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(LINKISH)
def test_a_link_cell_reads_as_the_first_url_in_it(item: str) -> None:
    assert to_link(item) == link_by_search(item)
    assert to_link("https://") is None and to_link("http://x") == Link("http://x")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b c", ";", "|", "\n", " ", "\r", "\u2028", "\t"])).map("".join)
)
def test_a_list_cell_splits_as_by_its_separator_pattern(value: str) -> None:
    by_pattern = [item for item in re.split(r"\s*[;|\n]\s*", value.strip()) if item]
    assert split_list(value) == list(dict.fromkeys(by_pattern))


def gathered(cells: list[str], columns: list[Field | None]) -> dict[Field, list[str]]:
    """A row's cells by field, as the table parser first gathered them."""
    values: dict[Field, list[str]] = {}
    for cell, column in zip(cells, columns, strict=False):
        if column is not None:
            values.setdefault(column, []).append(cell)
    return values


CELL = st.sampled_from(
    ["", " ", "Token", " Term 1 ", "T1; term 1", "a | b | a", "x\r\ny", "  \n ", "Token; T",
     "term", "card", " NOTE ", "https://example.org/a.", "see [paper](https://x.org/p))",
     "nlp, vision", "One. Two.", "1. a\n2. b"]
)  # fmt: skip
COLUMN = st.sampled_from([None, *Field])


@settings(max_examples=300, deadline=None)
@given(st.lists(COLUMN, min_size=1, max_size=7), st.lists(CELL, max_size=9))
def test_a_row_reads_as_its_cells_gathered_by_field(
    columns: list[Field | None], cells: list[str]
) -> None:
    read = row_reader(columns)
    assert read(cells, "g.csv", 3) == to_entry(gathered(cells, columns), "g.csv", 3)


def test_a_header_with_one_column_per_field_reads_rows_straight() -> None:
    columns = [Field.TERM, None, Field.DEFINITION, Field.ALIASES, Field.SEE_ALSO, Field.KIND]
    read = row_reader(columns)
    entry = read([" Token ", "junk", "A piece.\r\nOf text.", "T; Token; tok", "Word"], "g", 2)
    assert entry == Entry(
        "Token",
        aliases=("T", "tok"),
        definition="A piece.\nOf text.",
        see_also=("Word",),
        sources=(SourceRef("g", 2),),
    )
    assert read(["", "x", "A definition without its term"], "g", 4) is None
    assert read(["Card", "", "", "", "", " card "], "g", 5).kind is Kind.CARD  # type: ignore[union-attr]


def test_one_entry_holding_most_of_a_file_is_found_at_the_smallest_size_that_counts() -> None:
    big = "word " * 250  # 1,249 characters once stripped
    result = ParseResult((Entry("Big", definition=big.strip()), Entry("Small", definition="x")))
    assert oversized(result, big + "\n" + "x" * 800) is not None  # 2,049 characters
    assert oversized(result, big + "\n" + "x" * 740) is None  # under 2,000, nothing counts
    for length, found in ((1200, False), (1201, True)):  # 60% of 2,000 is the edge
        one = ParseResult((Entry("Big", definition="w" * length),))
        assert (oversized(one, "w" * length + "\n" + "x" * (2000 - length)) is not None) is found
