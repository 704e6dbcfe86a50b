"""The notes parser, on the real 002 seed and on arbitrary text."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.model import Entry, Kind, Level, ParseResult
from knowledge.parse.notes import parse
from tests.knowledge import seeds

NAME = seeds.NOTES
OUTLINE = (
    "Applications",
    "Data",
    "Good Practice? What’s the right word here",
    "Supervised",
    "Unsupervised",
    "Visualization",
    "Learning Theory",
    "Overfitting",
    "Bayesian Shit",
    "Deep Learning",
    "Verification",
    "Famous Models",
    "Hugging Face",
    "Reinforcement Learning",
    "Verification",
    "Old Reinforcement learning",
)
SUB_HEADINGS = (
    "Regularization",
    "Tasks",
    "LoRA",
    "Stable Diffusion",
    "Mixed Precision",
    "renting gpu",
    "prompt engineering",
    "Transformers",
    "Large Language Models",
    "finetunes",
    "Data sets",
    "Openai",
    "langchain",
    "Vector Databases",
    "Q learning vs SARSA",
)


def text() -> str:
    return seeds.text(NAME)


def seed() -> ParseResult:
    return seeds.parsed(NAME)


def entry(name: str) -> Entry:
    return seeds.only(NAME, name)


def test_the_title_lists_the_sections() -> None:
    title = seed().entries[0]
    assert title.name == "Machine Learning"
    assert title.sources[0].line == 1
    assert title.definition.startswith("Notes on:\n- Applications\n- Data\n")
    assert "Optimization" not in title.definition  # named under 'See also:', has no section
    assert title.see_also == tuple(dict.fromkeys(OUTLINE))


def test_every_outline_section_is_an_entry_in_order() -> None:
    names = {e.name for e in seed().entries}
    sections = [e for e in seed().entries if e.name in OUTLINE]
    assert set(OUTLINE) <= names
    assert [e.name for e in sections] == list(OUTLINE)
    first, second = (e for e in sections if e.name == "Verification")
    assert first.sources[0].line < second.sources[0].line
    assert "Adversarial examples" in first.definition
    assert "Neural Network Verification with Proof Production" in second.definition
    assert seed().diagnostics == ()


def test_sub_headings_are_entries_with_text() -> None:
    for name in ("LoRA", "Stable Diffusion", "Mixed Precision", "Vector Databases"):
        assert entry(name).definition.strip(), name
    names = [e.name for e in seed().entries]
    for name in SUB_HEADINGS:
        assert name in names, name
    assert all(e.kind is Kind.NOTE for e in seed().entries)


def test_list_items_are_not_sub_headings() -> None:
    names = {e.name for e in seed().entries}
    for item in ("SVM", "Kernel", "decision trees", "outliers", "Convolutional", "Julia"):
        assert item not in names, item


def test_lora_is_found_by_its_expansion_and_has_its_text() -> None:
    lora = entry("LoRA")
    assert lora.aliases == ("Low rank adaptation",)
    assert "fine tune big models by injecting in small layers" in lora.definition
    assert "https://arxiv.org/abs/2106.09685" in {link.url for link in lora.links}
    assert lora.summary.startswith("Low rank adaptation")


def test_every_entry_points_at_the_line_holding_its_name() -> None:
    lines = text().split("\n")
    for e in seed().entries:
        assert len(e.sources) == 1
        assert e.sources[0].path == NAME
        assert lines[e.sources[0].line - 1].strip() == e.name


def test_a_sub_heading_body_stops_before_the_next_heading() -> None:
    lines = text().split("\n")
    entries = seed().entries
    for e, after in itertools.pairwise(entries):
        if e.name in OUTLINE or e.name == "Machine Learning":
            continue  # sections contain their sub-headings by design
        own = lines[e.sources[0].line : after.sources[0].line - 1]
        assert after.name not in e.definition.split("\n"), (e.name, after.name)
        assert all(line.strip() != after.name for line in own), e.name
    assert entry("Stable Diffusion").definition.find("Mixed Precision") == -1
    assert "Mixed Precision" in entry("Famous Models").definition.split("\n")


def test_urls_are_links_not_text() -> None:
    for e in seed().entries:
        assert "http://" not in e.definition and "https://" not in e.definition, e.name
        assert all(link.url.startswith(("http://", "https://")) for link in e.links)
    applications = entry("Applications")
    assert [link.url for link in applications.links] == [
        "http://pranavgarg.com/papers/cav14.pdf",
        "https://www.cs.purdue.edu/homes/suresh/papers/pldi18.pdf",
    ]
    assert applications.links[0].label == "learning program invariants"
    assert "- learning program invariants" in applications.definition.split("\n")
    supervised = entry("Supervised")
    assert "https://en.wikipedia.org/wiki/Boosting_(machine_learning)" in {
        link.url for link in supervised.links
    }


def test_indented_lines_become_list_items() -> None:
    tasks = entry("Tasks").definition.split("\n")
    assert "- question answering" in tasks
    assert "- text 2 speech" in tasks


def test_code_moves_out_of_the_text() -> None:
    openai = entry("Openai")
    assert len(openai.code) == 2
    assert openai.code[0].startswith("import openai\n# list models\n")
    assert "openai api models.list" in openai.code[0]
    assert openai.code[1].endswith("print(embedding)")
    assert "import openai" not in openai.definition
    assert openai.definition.startswith("Embeddings embedding tricks.")
    langchain = entry("langchain")
    assert langchain.definition == ""
    assert langchain.code[0].splitlines()[5:9] == [
        "prompt = PromptTemplate(",
        'input_variables=["product"],',
        'template="What is a good name for a company that makes {product}?",',
        ")",
    ]
    assert entry("Hugging Face").code[0].startswith("from peft import PeftModel")
    # A LaTeX line with '=' is prose, not code.
    assert "Classification discrete output" in entry("Supervised").definition


def test_summaries_are_one_short_sentence() -> None:
    for e in seed().entries:
        assert len(e.summary) <= 200, e.name
        assert bool(e.summary) == bool(e.definition.strip()), e.name
    assert entry("Q learning vs SARSA").summary == "Q learning is off policy."


def test_sections_and_sub_headings_point_at_each_other() -> None:
    assert entry("LoRA").see_also == ("Famous Models",)
    assert "LoRA" in entry("Famous Models").see_also


def test_a_missing_section_is_a_warning() -> None:
    result = parse("Title\n Alpha\n Beta\nAlpha\nsome alpha text here\n", "n.txt")
    assert [e.name for e in result.entries] == ["Title", "Alpha"]
    (warning,) = result.diagnostics
    assert warning.level is Level.WARNING
    assert (warning.line, "'Beta'" in warning.message) == (3, True)


def test_notes_without_an_outline_are_one_note_split_at_sub_headings() -> None:
    doc = (
        "My notes\nAn opening line of prose, long enough.\n"
        "Topic One\nthis is the first topic with enough words\nmore text\n"
    )
    result = parse(doc, "n.txt")
    assert [e.name for e in result.entries] == ["My notes", "Topic One"]
    assert result.entries[0].see_also == ("Topic One",)
    assert result.entries[1].see_also == ("My notes",)
    assert result.entries[1].definition == "this is the first topic with enough words\nmore text"
    assert parse("", "n.txt") == ParseResult()
    assert parse("\n \n", "n.txt") == ParseResult()


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(doc: str) -> None:
    result = parse(doc, "x.txt")
    assert isinstance(result, ParseResult)
    for e in result.entries:
        assert e.name and e.name == e.name.strip()
        assert e.name not in e.aliases


LINE = st.sampled_from(
    [
        "Title",
        " Alpha",
        " Beta",
        "Alpha",
        "Beta",
        "See also:",
        "LoRA",
        "import os",
        "x = f(",
        ")",
        "# comment",
        "https://example.com/a_(b) label",
        "a line of plain prose with several words in it.",
        "",
        "   ",
        "Short Title",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=40))
def test_note_shaped_text_never_raises(lines: list[str]) -> None:
    doc = "\n".join(lines)
    result = parse(doc, "x.txt")
    total = len(doc.split("\n"))
    for e in result.entries:
        assert 1 <= e.sources[0].line <= total
