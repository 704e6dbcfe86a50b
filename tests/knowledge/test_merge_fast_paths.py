"""The short cuts that let a big glossary merge and check in seconds give what the long
way gives: folding an entry alone, a heading's base name, the unsafe-text scan and the
"ends mid-sentence" check (knowledge/fold.py, names.py, check.py)."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge import Entry, names
from knowledge.check import UNSAFE_CHARACTERS, file_warnings, validate
from knowledge.fold import fold
from knowledge.model import Kind, Link, SourceRef

_WORDS = st.sampled_from(["Foo", "foo", " Foo", "Foo ", "FOO!", "", " ", "Bar-baz", "bar baz"])
_CODE = st.sampled_from(["x = 1", "x=1", "# a\nx = 1", "## a\nx = 1", "y = 2\n"])
_URLS = st.sampled_from(["https://a.example", "https://b.example"])
_SOURCES = st.sampled_from([SourceRef("a.md", 1), SourceRef("a.md", 2), SourceRef("b.md", 1)])


@st.composite
def _entries(draw: st.DrawFn) -> Entry:
    """Entries with every blemish folding cleans: repeated or padded names, untrimmed note
    text, a redirect beside a definition, repeated links, sources and code."""
    return Entry(
        name=draw(st.sampled_from(["Foo", "Widget Model", "Zoë"])),
        kind=draw(st.sampled_from(list(Kind))),
        aliases=tuple(draw(st.lists(_WORDS, max_size=3))),
        definition=draw(st.sampled_from(["", "A part.", " A part.\n", "See Foo."])),
        code=tuple(draw(st.lists(_CODE, max_size=3))),
        links=tuple(Link(u) for u in draw(st.lists(_URLS, max_size=3))),
        see_also=tuple(draw(st.lists(_WORDS, max_size=3))),
        sources=tuple(draw(st.lists(_SOURCES, min_size=1, max_size=3))),
        redirect=draw(st.sampled_from(["", "Foo"])),
        tags=tuple(draw(st.lists(_WORDS, max_size=3))),
        id=draw(st.sampled_from(["", "custom"])),
    )


@settings(max_examples=400, deadline=None)
@given(_entries())
def test_an_entry_folded_alone_is_what_folding_it_with_its_twin_gives(entry: Entry) -> None:
    """Folding an entry with an equal copy takes the long way and can add nothing; alone,
    the entry is handed back as it is only when that is what the long way gives."""
    assert fold([entry]) == fold([entry, entry])


_SUFFIXES = st.sampled_from([*names.TYPE_SUFFIXES, "model", "LOSS FUNCTION", "Functions"])
_HEADING = st.lists(
    st.one_of(_SUFFIXES, st.sampled_from(["x", "Foo", "(FM)", "(Fm", " ", "\t", "", "Bar)"])),
    max_size=4,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_HEADING)
def test_base_and_suffix_splits_the_plain_heading(text: str) -> None:
    assert names.base_and_suffix(text) == names.split_suffix(names.parse_heading(text).plain)


@settings(max_examples=400, deadline=None)
@given(_HEADING)
def test_a_type_suffix_alone_is_told_as_by_splitting_it_off_a_word(text: str) -> None:
    expected = names.split_suffix(f"x {text}")[1].lower() == text.lower()
    assert names.is_type_suffix(text) is expected


_UNSAFE = [chr(c) for c in range(sys.maxunicode + 1) if UNSAFE_CHARACTERS.match(chr(c))]


def test_every_unsafe_character_is_reported_in_a_glossary_of_clean_entries() -> None:
    clean = [
        Entry(f"Clean {i}", definition="Fine text.\n\tIndented. Zoë, naïve, 東京.")
        for i in range(3)
    ]
    assert validate(clean) == []
    assert len(_UNSAFE) == 72  # 30 C0 controls (not tab, newline), DEL, 32 C1, 9 bidi
    for ch in _UNSAFE:
        odd = Entry("Odd", definition="Fine.", links=(Link("https://a.example", f"a{ch}b"),))
        warnings = [d.message for d in validate([*clean, odd])]
        assert warnings == [
            "'Odd' contains control characters or bidi overrides (they are removed when shown)"
        ], repr(ch)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["Epoch", "One pass,", "", "  ", "\t"]), min_size=1, max_size=5),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from(["", " ", "\n", "\n  ", "\r\n\t"]),
)
def test_a_file_that_stops_mid_sentence_is_reported_at_its_last_written_line(
    lines: list[str], newline: str, tail: str
) -> None:
    text = newline.join(lines) + tail
    written = [n for n, line in enumerate(lines, start=1) if line.strip()]
    cut = bool(written) and not text.endswith("\n") and lines[written[-1] - 1].endswith(",")
    found = [(d.line, d.message) for d in file_warnings(text, "cards.txt", "flashcards")]
    message = "the file ends mid-sentence: it may have been cut off"
    assert found == ([(written[-1], message)] if cut else [])
