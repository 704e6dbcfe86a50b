"""No text crashes a parser or the detector; whatever they return is well formed."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from knowledge.detect import rank
from knowledge.importing import import_text
from knowledge.parse import FORMATS
from tests.knowledge.seeds import assert_well_formed

NEW = ("markdown", "mdtable", "page", "csv", "json", "rst", "anki")
# Text made of the characters these formats give meaning to, so the fuzzing reaches them.
MARKUP = st.text(
    alphabet=st.sampled_from([*"ab \t\n#*-:|[](){}!?/\\<>\"',;=`~.+^1\r\ufeff\x00"]),
    max_size=300,
)
TEXT = st.one_of(MARKUP, st.text(max_size=200))


@pytest.mark.parametrize("fmt", NEW)
@settings(max_examples=60, deadline=None)
@given(text=TEXT)
@example(text="\x850")  # YAML breaks lines at U+0085; the line cited must still exist
def test_no_text_crashes_a_new_parser(fmt: str, text: str) -> None:
    result = FORMATS[fmt](text, "fuzz.txt")
    assert_well_formed(result, text)


@settings(max_examples=60, deadline=None)
@given(text=TEXT, name=st.sampled_from(["x.txt", "x.md", "x.csv", "x.json", "x.rst", "x"]))
def test_no_text_crashes_the_detector_or_the_import(text: str, name: str) -> None:
    guesses = rank(text, name)
    assert all(0 < g.score <= 100 and g.reason for g in guesses)
    imported = import_text(text, name)
    assert imported.format in FORMATS
