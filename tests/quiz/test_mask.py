"""Masking: a definition shown as a prompt must never spell its term."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.material import eligible
from bot.quiz.mask import (
    MASK,
    OPTION_LIMIT,
    PROMPT_LIMIT,
    clean,
    forms,
    leaks,
    mask,
    mentions,
    prose_words,
    shorten,
    snippet,
)
from knowledge import Entry, Glossary, Kind, Link, names

PROSE = "a long enough sentence that explains what this thing really does for a team"


def test_name_and_variants_are_masked() -> None:
    entry = Entry("Multi-Head Attention")
    text = (
        "Multi-Head Attention, multi head attention, Multihead-Attentions and MULTI-HEAD ATTENTION."
    )
    assert mask(text, entry) == f"{MASK}, {MASK}, {MASK} and {MASK}."


def test_suffixless_base_is_masked() -> None:
    entry = Entry("Mixtral Model")
    masked = mask("Mixtral is small; Mixtral's weights; two Mixtral models.", entry)
    assert "mixtral" not in masked.lower()
    assert not leaks(masked, entry)


def test_short_base_is_kept_unless_an_acronym() -> None:
    phi = Entry("Phi Model")
    assert mask("the phi of a Phi Model", phi) == f"the phi of a {MASK}"
    jax = Entry("JAX ML Framework")
    assert mask("JAX compiles; the JAX ML Framework", jax) == f"{MASK} compiles; the {MASK}"


def test_word_boundaries() -> None:
    ml = Entry("Machine Learning (ML)", aliases=("Machine Learning", "ML"))
    assert mask("HTML and XML are not ML; ML-based, (ML), MLs", ml) == (
        f"HTML and XML are not {MASK}; {MASK}-based, ({MASK}), {MASK}"
    )
    assert not leaks("HTML", ml)
    assert leaks("an ML model", ml)


def test_plurals_and_singulars() -> None:
    assert mask("queries and a query", Entry("Query")) == f"{MASK} and a {MASK}"
    assert mask("losses", Entry("Loss")) == MASK
    assert mask("matrices and matrixes", Entry("Matrix")) == f"{MASK} and {MASK}"
    assert mask("a large language model", Entry("Large Language models")) == f"a {MASK}"


def test_acronyms_and_their_parentheses() -> None:
    entry = Entry(
        "Mean Absolute Error (MAE) Loss Function",
        aliases=("Mean Absolute Error Loss Function", "MAE Loss Function", "MAE"),
    )
    text = "The Mean Absolute Error (MAE) loss function differs from MSE. Compute the MAE."
    assert mask(text, entry) == f"The {MASK} differs from MSE. Compute the {MASK}."
    nlp = Entry("Natural Language Processing")
    masked = mask("Natural language processing (NLP) is a branch. NLP includes tasks.", nlp)
    assert masked == f"{MASK} is a branch. {MASK} includes tasks."


def test_initials_match_capitals_only() -> None:
    entry = Entry("Interactive Sampling")
    _, initials = forms(entry)
    assert "IS" in initials
    assert mask("This is it, IS is not", entry) == f"This is it, {MASK} is not"


def test_person_family_name_and_company_tail() -> None:
    person = Entry("Mark Zuckerberg Person")
    assert mask("Zuckerberg said", person) == f"{MASK} said"
    company = Entry("Mistral AI Company")
    assert mask("Mistral AI builds Mistral models", company) == f"{MASK} builds {MASK} models"


def test_leaks_agrees_with_mask() -> None:
    entry = Entry("Retrieval-augmented generation (RAG)", aliases=("RAG",))
    text = "RAG: retrieval augmented generation, Retrieval-Augmented-Generation."
    assert leaks(text, entry)
    assert not leaks(mask(text, entry), entry)


def test_mentions() -> None:
    assert mentions("what does Mean Absolute Error mean", "mean absolute errors")
    assert not mentions("what does MAE stand for", "Mean Absolute Error")
    assert not mentions("anything", "--")


def test_clean_drops_links_code_and_see_lines() -> None:
    text = (
        "Agents that talk\nFramework\n- MetaGPT - https://github.com/x/y\n- [ChatDev](https://x.y)"
        "\n```python\nprint(1)\n```\nSee also: Agents\n<!> careful `now`"
    )
    assert clean(text) == "Agents that talk. Framework: MetaGPT, ChatDev. careful now"


def test_shorten() -> None:
    text = "First sentence is here. " + "word " * 100
    assert shorten(text, 60) == "First sentence is here."
    cut = shorten("word " * 100, 50)
    assert len(cut) <= 51 and cut.endswith("…") and "wor…" not in cut
    assert shorten("short", 50) == "short"


def test_eligibility_rules() -> None:
    good = Entry("Good Term", definition=PROSE)
    assert eligible(good)
    assert not eligible(Entry("Note", kind=Kind.NOTE, definition=PROSE))
    assert not eligible(Entry("Moved", definition=PROSE, redirect="Good Term"))
    assert not eligible(Entry("Empty"))
    assert not eligible(Entry("Pointer", definition="See Good Term"))
    assert not eligible(Entry("Pointer Also", definition="See also: Good Term, Other Term"))
    links = "- https://example.com/a\n- https://example.com/b\n- [x](https://example.com/c)"
    assert not eligible(Entry("Links", definition=links, links=(Link("https://example.com"),)))
    assert not eligible(
        Entry("Code", definition="```\nimport torch\nmodel = torch.nn.Linear(2, 3)\n```")
    )
    named = "Self Naming Thing: a Self Naming Thing is a Self Naming Thing, self naming things"
    assert not eligible(Entry("Self Naming Thing", definition=named))


def test_snippets_of_every_entry_never_leak(glossary: Glossary) -> None:
    for entry in glossary:
        for limit in (PROMPT_LIMIT, OPTION_LIMIT):
            text = snippet(entry, limit)
            assert len(text) <= limit + 1
            assert not leaks(text, entry), (entry.name, text)
        assert not leaks(mask(entry.definition, entry), entry)
        if eligible(entry):
            assert prose_words(snippet(entry, PROMPT_LIMIT)) >= 8


def test_real_examples(glossary: Glossary) -> None:
    by_name = {e.name: e for e in glossary}
    mixtral = by_name["Mixtral Model"]
    assert mask("Mixtral beats Llama", mixtral) == f"{MASK} beats Llama"
    mae = by_name["Mean Absolute Error (MAE) Loss Function"]
    assert "MAE" not in snippet(mae, PROMPT_LIMIT)
    assert "Absolute Error" not in snippet(mae, PROMPT_LIMIT)


# --- property tests --------------------------------------------------------------------

_word = st.from_regex(r"[A-Za-z][a-z]{1,8}", fullmatch=True)
_sep = st.sampled_from([" ", "-", ""])


@st.composite
def _name_and_text(draw: st.DrawFn) -> tuple[str, str]:
    words = draw(st.lists(_word, min_size=1, max_size=4))
    name = " ".join(words)
    variants = []
    for _ in range(draw(st.integers(1, 3))):
        sep = draw(_sep)
        spelled = sep.join(words)
        spelled = draw(st.sampled_from([spelled, spelled.upper(), spelled.lower()]))
        spelled += draw(st.sampled_from(["", "s", "es"]))
        variants.append(spelled)
    filler = draw(st.lists(st.sampled_from(["the", "a", "HTML", "is", ",", ".", "(", ")"])))
    pieces = variants + filler
    order = draw(st.permutations(pieces))
    return name, " ".join(order)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.text(max_size=40), aliases=st.lists(st.text(max_size=20), max_size=3), text=st.text()
)
def test_mask_never_raises_and_never_leaks(name: str, aliases: list[str], text: str) -> None:
    entry = Entry(name, aliases=tuple(aliases))
    masked = mask(text, entry)
    assert not leaks(masked, entry)
    assert not leaks(mask(text + " " + name + " " + " ".join(aliases), entry), entry)


@settings(max_examples=150, deadline=None)
@given(_name_and_text())
def test_masked_text_never_spells_the_name(case: tuple[str, str]) -> None:
    name, text = case
    entry = Entry(name)
    masked = mask(text, entry)
    assert not leaks(masked, entry)
    # An independent check: no run of words, however spaced or hyphenated, spells the name.
    target = names.compact(name)
    words = re.findall(r"[a-z]+", masked.lower())
    for size in range(1, len(name.split()) + 1):
        for i in range(len(words) - size + 1):
            assert names.compact(" ".join(words[i : i + size])) != target, (name, text, masked)


@pytest.mark.parametrize("text", ["", MASK, f"{MASK} {MASK}", "(((", "____ (AB)"])
def test_degenerate_texts(text: str) -> None:
    entry = Entry("AB Model", aliases=("AB",))
    assert not leaks(mask(text, entry), entry)
