"""Other spellings of a query word (bot/fold.py): irregular noun forms and look-alike digits."""

from __future__ import annotations

from bot.content import Content
from bot.fold import letters_for_digits, noun_forms
from bot.lookup import Found, NotFound


def test_irregular_plurals_and_singulars_come_from_the_noun_tables() -> None:
    assert "matrix" in noun_forms("matrices")
    assert "matrices" in noun_forms("matrix")
    assert "criterion" in noun_forms("criteria")
    assert "data" in noun_forms("datum")
    assert "curriculum" in noun_forms("curricula")
    assert "hierarchy" in noun_forms("hierarchies")


def test_words_the_tables_do_not_know_have_no_other_forms() -> None:
    assert noun_forms("mlops") == ()
    assert noun_forms("ml") == ()
    assert noun_forms("gpt4") == ()


def test_digits_read_as_letters_only_inside_words_that_mix_them() -> None:
    assert letters_for_digits("ml0ps") == ("mlops",)
    assert set(letters_for_digits("l1ama")) == {"llama", "liama"}
    assert letters_for_digits("2024") == ()
    assert letters_for_digits("mlops") == ()


def test_a_real_name_with_a_digit_is_not_respelt(content: Content) -> None:
    outcome = content.resolver.resolve("M3GAN")
    assert isinstance(outcome, Found)
    assert outcome.entry.name == "M3GAN Movie"


def test_an_unknown_word_with_no_other_form_stays_unknown(content: Content) -> None:
    assert isinstance(content.resolver.resolve("vertices"), NotFound)
