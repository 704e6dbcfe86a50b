"""Cutting text to fit: sentences first, then words, never over the limit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.text import cut_point, shorten


def test_short_text_is_kept_whole() -> None:
    assert cut_point("One. Two.", 50) == len("One. Two.")


def test_cuts_after_the_last_sentence_that_fits() -> None:
    text = "First sentence here. Second one is here. Third sentence runs long past the limit."
    assert text[: cut_point(text, 45)] == "First sentence here. Second one is here."


def test_falls_back_to_a_word_when_no_sentence_ends_late_enough() -> None:
    text = "Tiny. " + "word " * 30
    kept = text[: cut_point(text, 60)]
    assert kept.endswith("word") and len(kept) <= 60


def test_measure_counts_as_the_platform_does() -> None:
    text = "a & b. " * 20

    def escaped(s: str) -> int:
        return len(s.replace("&", "&amp;"))

    n = cut_point(text, 50, escaped)
    assert escaped(text[:n]) <= 50
    assert text[:n].endswith(".")


@given(st.text(max_size=400), st.integers(min_value=1, max_value=300))
def test_never_exceeds_the_limit(text: str, limit: int) -> None:
    n = cut_point(text, limit)
    assert 0 <= n <= len(text)
    assert len(text[:n]) <= limit
    if len(text) > limit and limit > 1:
        assert n > 0 or not text[:limit].strip()


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("one two three four", 12) == "one two…"
    assert shorten("short", 12) == "short"
