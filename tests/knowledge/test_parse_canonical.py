"""The canonical YAML format: reading, writing, round trips and error reports."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.model import Entry, Kind, Level, Link, ParseResult, SourceRef
from knowledge.parse import flashcards, notes
from knowledge.parse.canonical import HEADER, dump, parse, summarize

SOURCES = Path(__file__).parents[2] / "knowledge" / "sources"

HAND_MADE = (
    Entry(
        name="Mean Absolute Error (MAE) Loss Function",
        aliases=("MAE", "Mean Absolute Error Loss Function", "NO"),
        definition="The mean of |y - ŷ|.\nRobust to outliers: see Huber.\n\n  indented second part",
        summary="The mean of |y - ŷ|.",
        code=("def mae(y, p):\n    return abs(y - p).mean()", "# just a comment: ok"),
        links=(Link("https://example.com/mae", "paper"), Link("https://example.com/bare")),
        see_also=("Huber Loss Function", "Mean Squared Error (MSE) Loss Function"),
        sources=(SourceRef("000.txt", 12),),
    ),
    Entry(
        name="Model Fusion",
        redirect="Model Merging",
        sources=(SourceRef("000.txt", 40),),
    ),
    Entry(
        name="Ünïcödé — “quotes” & 日本語",
        kind=Kind.CARD,
        definition="Line one: «guillemets».\n- item: with colon\n1. numbered # not a comment",
        summary="",
    ),
    Entry(name="1984", kind=Kind.NOTE, definition="yes", summary="custom summary"),
    Entry(name="null", definition="# starts like a comment", id="custom-id"),
)


def without_sources(entries: Iterable[Entry]) -> list[Entry]:
    return [dataclasses.replace(e, sources=()) for e in entries]


def round_trip(entries: tuple[Entry, ...]) -> ParseResult:
    result = parse(dump(entries), "glossary.yaml")
    assert result.diagnostics == ()
    assert without_sources(result.entries) == without_sources(entries)
    return result


def test_hand_made_entries_round_trip() -> None:
    result = round_trip(HAND_MADE)
    assert all(e.sources[0].path == "glossary.yaml" for e in result.entries)


def dump_name(name: str) -> str:
    return dump([Entry(name=name)]).split("- name: ", 1)[1].split("\n", 1)[0]


def test_sources_point_at_each_entry_in_the_new_file() -> None:
    text = dump(HAND_MADE)
    lines = text.split("\n")
    for e in parse(text, "g.yaml").entries:
        (source,) = e.sources
        assert lines[source.line - 1].strip() == f"- name: {dump_name(e.name)}"


def test_seed_parsers_entries_round_trip() -> None:
    for name, parser in (
        ("003_363dab5323913602.txt", flashcards.parse),
        ("002_ed67e73b6c3398ec.txt", notes.parse),
    ):
        entries = parser((SOURCES / name).read_text(encoding="utf-8"), name).entries
        assert entries
        round_trip(entries)


def test_dump_is_readable() -> None:
    text = dump(HAND_MADE)
    assert text.startswith(HEADER)
    assert text.startswith("# glossbot canonical glossary v1\n")
    assert "\nentries:\n  - name: Mean Absolute Error (MAE) Loss Function\n" in text
    assert "    definition: |-\n      The mean of |y - ŷ|.\n" in text
    assert "日本語" in text  # unicode as is, not escaped
    assert "kind: term" not in text and "sources" not in text
    first = text.split("  - name: Model Fusion")[0]
    assert "summary:" not in first  # the derived summary is left out
    fusion = text.split("  - name: Model Fusion\n")[1].split("  - name:")[0]
    assert fusion == "    redirect: Model Merging\n"
    assert "      - https://example.com/bare\n" in text
    assert "      - url: https://example.com/mae\n        label: paper\n" in text


def test_a_minimal_document_and_defaults() -> None:
    doc = "entries:\n  - name: Overfitting\n    definition: Memorising. Not learning.\n"
    (entry,) = parse(doc, "g.yaml").entries
    assert entry == Entry(
        name="Overfitting",
        definition="Memorising. Not learning.",
        summary="Memorising.",
        sources=(SourceRef("g.yaml", 2),),
    )


def test_a_bare_list_and_scalars_as_written() -> None:
    doc = "- name: Norway\n  aliases: [NO, ON, 1.0, yes]\n- {name: 2001, kind: CARD}\n"
    result = parse(doc, "g.yaml")
    assert result.diagnostics == ()
    norway, odyssey = result.entries
    assert norway.aliases == ("NO", "ON", "1.0", "yes")
    assert (odyssey.name, odyssey.kind, odyssey.sources[0].line) == ("2001", Kind.CARD, 3)


def test_empty_documents_have_no_entries() -> None:
    for doc in ("", "# only a comment\n", "entries:\n", "entries: []\n", "[]"):
        assert parse(doc, "g.yaml") == ParseResult(), doc


def errors(doc: str) -> list[tuple[int, str]]:
    result = parse(doc, "g.yaml")
    assert all(d.level is Level.ERROR and d.path == "g.yaml" for d in result.diagnostics)
    return [(d.line, d.message) for d in result.diagnostics]


def test_yaml_syntax_errors_carry_their_line() -> None:
    doc = "entries:\n  - name: Ok\n  - name: [unclosed\n    definition: x\n"
    ((line, message),) = errors(doc)
    assert line in (3, 4, 5)
    assert message.startswith("YAML syntax error")
    ((line, _),) = errors("entries:\n  - name: a\n bad indent: here\n")
    assert line == 3


def test_an_unknown_key_is_an_error_naming_it_and_its_line() -> None:
    doc = "entries:\n  - name: Good\n  - name: Bad\n    definiton: typo\n  - name: Also good\n"
    result = parse(doc, "g.yaml")
    assert [e.name for e in result.entries] == ["Good", "Also good"]
    ((line, message),) = errors(doc)
    assert line == 4
    assert "'definiton'" in message


def test_a_wrong_type_is_an_error_naming_the_key() -> None:
    cases = {
        "entries:\n  - name: A\n    aliases: just one\n": (3, "'aliases'"),
        "entries:\n  - name: A\n    definition: [a, b]\n": (3, "'definition'"),
        "entries:\n  - name: A\n    see_also: [[nested]]\n": (3, "'see_also'"),
        "entries:\n  - name: A\n    links: {url: x}\n": (3, "'links'"),
        "entries:\n  - name: A\n    kind: glossary\n": (3, "'kind'"),
        "entries:\n  - name: {a: b}\n": (2, "'name'"),
    }
    for doc, (line, key) in cases.items():
        assert parse(doc, "g.yaml").entries == (), doc
        ((found_line, message),) = errors(doc)
        assert (found_line, key in message) == (line, True), (doc, message)


def test_a_missing_or_empty_name_is_an_error() -> None:
    for doc in (
        "entries:\n  - definition: nameless\n",
        "entries:\n  - name: ''\n",
        "entries:\n  - name:\n",
    ):
        ((line, message),) = errors(doc)
        assert (line, "name" in message) == (2, True), doc


def test_bad_links_and_shapes_are_errors() -> None:
    assert errors("entries:\n  - name: A\n    links: [{url: ''}]\n")[0][0] == 3
    assert errors("entries:\n  - name: A\n    links: [{href: x}]\n")[0][0] == 3
    assert errors("entries:\n  - just a string\n")[0][0] == 2
    assert errors("entries:\n  - name: A\n    name: B\n")[0][0] == 3
    assert errors("glossary:\n  - name: A\n")[0][0] == 1
    assert errors("just text")[0][0] == 1
    assert errors("entries: 3\n")[0][0] == 1


def test_summarize_takes_the_first_sentence_and_cuts_at_a_word() -> None:
    assert summarize("") == ""
    assert summarize("One. Two.") == "One."
    assert summarize("Uses e.g. this. Then.") == "Uses e.g. this."
    assert summarize("It involves\n1. a\n2. b\nOther line.") == "It involves a, b"
    long = " ".join(["word"] * 80)
    cut = summarize(long)
    assert len(cut) <= 200 and cut.endswith("word…")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_gives_a_result(doc: str) -> None:
    result = parse(doc, "x.yaml")
    assert isinstance(result, ParseResult)
    assert all(d.level is Level.ERROR for d in result.diagnostics)


YAMLISH = st.lists(
    st.sampled_from(
        [
            "entries:",
            "- name: a",
            "  - name: b",
            "    aliases: [x, y]",
            "    links:",
            "      - url: u",
            "      - [1]",
            "    kind: note",
            "    definition: |",
            "      text",
            "  - &a {name: c}",
            "  - *a",
            "  - *missing",
            "? [k]",
            ": v",
            "  ~: 1",
            "!!binary x",
            "---",
            "\t",
            '"unterminated',
            "key: 2001-02-30",
        ]
    ),
    max_size=25,
).map("\n".join)


@settings(max_examples=500, deadline=None)
@given(YAMLISH)
def test_yaml_shaped_text_gives_a_result(doc: str) -> None:
    result = parse(doc, "x.yaml")
    total = len(doc.split("\n"))
    for d in result.diagnostics:
        assert 1 <= d.line <= total + 1
    for e in result.entries:
        assert e.name


CLEAN = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1)
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.builds(
            Entry,
            name=CLEAN,
            kind=st.sampled_from(Kind),
            aliases=st.lists(CLEAN, max_size=3, unique=True).map(tuple),
            definition=st.lists(CLEAN, max_size=4).map("\n".join),
            see_also=st.lists(CLEAN, max_size=2, unique=True).map(tuple),
            links=st.lists(st.builds(Link, CLEAN, st.just("") | CLEAN), max_size=2).map(tuple),
            redirect=st.just("") | CLEAN,
        ),
        max_size=3,
    )
)
def test_any_clean_entries_round_trip(entries: list[Entry]) -> None:
    entries = [
        dataclasses.replace(e, aliases=tuple(a for a in e.aliases if a != e.name)) for e in entries
    ]
    result = parse(dump(entries), "g.yaml")
    assert result.diagnostics == ()
    assert without_sources(result.entries) == without_sources(entries)
