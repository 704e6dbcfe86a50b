"""The flashcards parser, on the real 003 seed and on arbitrary text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.model import Entry, Kind, Level, ParseResult, SourceRef
from knowledge.parse.flashcards import parse
from tests.knowledge import seeds

NAME = seeds.FLASHCARDS
FRONTS = (
    "What are Neutral Networks",
    "Computer vision",
    "Natural Language Processing",
    "Diffusion models",
    "Forward diffusion",
    "Reverse diffusion",
    "Multimodal models",
    "Generative adversarial networks (GANs0",
    "Large Language models",
    "Variational Autoencoders (VAEs)",
    "Reinforcement learning from human feedback (RLHF)",
    "Instruction fine-tuning",
    "Retrieval-augmented generation (RAG)",
    "FM (Foundational Model) Lifecycle",
    "Amazon SageMaker",
)


def text() -> str:
    return seeds.text(NAME)


def seed() -> ParseResult:
    return seeds.parsed(NAME)


def card(name: str) -> Entry:
    return seeds.only(NAME, name)


def test_fifteen_cards_in_order_and_no_title_card() -> None:
    assert not text().endswith("\n")
    result = seed()
    assert tuple(e.name for e in result.entries) == FRONTS
    assert result.diagnostics == ()
    assert all(e.kind is Kind.CARD for e in result.entries)


def test_every_card_cites_its_front_line() -> None:
    lines = text().split("\n")
    for e in seed().entries:
        (source,) = e.sources
        assert source.path == NAME
        assert lines[source.line - 1] == e.name
    assert card("What are Neutral Networks").sources == (SourceRef(NAME, 2),)


def test_the_vae_back_keeps_its_encoder_and_decoder_lines() -> None:
    lines = card("Variational Autoencoders (VAEs)").definition.split("\n")
    assert len(lines) == 3
    assert lines[0].startswith("VAEs are a type of generative model")
    assert lines[1].startswith("Encoder: This neural network takes the input data")
    assert lines[2].startswith("Decoder: This neural network takes the latent representation")


def test_the_lifecycle_back_has_six_numbered_steps() -> None:
    lifecycle = card("FM (Foundational Model) Lifecycle")
    lines = lifecycle.definition.split("\n")
    assert lines[0].endswith("that involves")
    assert lines[1:] == [
        "1. Data selection",
        "2. pre-training",
        "3. optimization",
        "4. evaluation",
        "5. deployment",
        "6. feedback and continuous improvement",
    ]
    assert lifecycle.summary.endswith(
        "involves Data selection, pre-training, optimization, "
        "evaluation, deployment, feedback and continuous improvement"
    )


def test_the_last_back_ends_with_the_last_text_of_the_file() -> None:
    last = seed().entries[-1]
    assert last.name == "Amazon SageMaker"
    assert text().endswith(last.definition)
    assert last.definition.endswith("in a single toolset,")


def test_single_line_backs_are_whole_lines() -> None:
    lines = text().split("\n")
    for e in seed().entries:
        first = e.definition.split("\n")[0]
        assert lines[e.sources[0].line] == first, e.name


def test_aliases_come_from_parentheses_and_questions() -> None:
    assert card("Generative adversarial networks (GANs0").aliases == (
        "Generative adversarial networks",
        "GANs",
    )
    assert card("FM (Foundational Model) Lifecycle").aliases == (
        "FM Lifecycle",
        "Foundational Model Lifecycle",
    )
    neural = card("What are Neutral Networks")
    assert neural.aliases == ("Neutral Networks", "Neural networks")
    assert card("Computer vision").aliases == ()
    for e in seed().entries:
        assert e.name not in e.aliases


def test_summaries_are_first_sentences() -> None:
    assert card("Diffusion models").summary == (
        "Diffusion is a deep learning architecture system that starts with pure noise"
        " or random data."
    )
    assert all(0 < len(e.summary) <= 200 for e in seed().entries)


def test_question_fronts_give_their_subject() -> None:
    doc = "Deck\nWhat is Overfitting?\nWhen a model memorises.\nDefine MLOps\nOps for ML.\n"
    result = parse(doc, "d.txt")
    assert [e.aliases for e in result.entries] == [("Overfitting",), ("MLOps",)]


def test_a_continuation_never_swallows_the_next_front() -> None:
    doc = "Deck\nTerm A\nIt involves:\n1. one\n2. two\nTerm B\nback b\nTerm C\nback c"
    result = parse(doc, "d.txt")
    assert [(e.name, e.definition) for e in result.entries] == [
        ("Term A", "It involves:\n1. one\n2. two"),
        ("Term B", "back b"),
        ("Term C", "back c"),
    ]


def test_a_front_without_a_back_is_a_warning() -> None:
    result = parse("Deck\nLonely front", "d.txt")
    assert [e.name for e in result.entries] == ["Lonely front"]
    (warning,) = result.diagnostics
    assert (warning.level, warning.line) == (Level.WARNING, 2)
    assert parse("", "d.txt") == ParseResult()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(doc: str) -> None:
    result = parse(doc, "x.txt")
    for e in result.entries:
        assert e.name and e.name not in e.aliases


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Deck",
                "Term",
                "What is X",
                "1. step",
                "Label: three more words",
                "and so:",
                "low",
                "",
            ]
        ),
        max_size=30,
    )
)
def test_card_shaped_text_keeps_every_line(lines: list[str]) -> None:
    doc = "\n".join(lines)
    result = parse(doc, "x.txt")
    kept = sum(1 + e.definition.count("\n") + bool(e.definition) for e in result.entries)
    assert kept == max(0, sum(1 for line in lines if line.strip()) - 1)
