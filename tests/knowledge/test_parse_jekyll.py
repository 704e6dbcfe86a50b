"""The Jekyll Markdown parser, on the real 001 seed and on arbitrary text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.model import Entry, Kind, Level, Link, ParseResult
from knowledge.parse.jekyll import parse
from tests.knowledge import seeds

NAME = seeds.JEKYLL


def seed() -> ParseResult:
    return seeds.parsed(NAME)


def entry(name: str) -> Entry:
    return seeds.only(NAME, name)


def test_level_one_headings_give_entries() -> None:
    result = seed()
    assert len(result.entries) == 69
    assert result.diagnostics == ()
    assert all(e.kind is Kind.TERM for e in result.entries)
    names = [e.name for e in result.entries]
    assert len(set(names)) == len(names)


def test_front_matter_comments_are_not_headings() -> None:
    first = seed().entries[0]
    assert (first.name, first.sources[0].line) == ("M3GAN Movie", 32)
    assert not any("layout" in e.name or "=" in e.name for e in seed().entries)


def test_consecutive_headings_are_one_entry() -> None:
    assert entry("Masked Language Modeling").aliases == ("MLM",)
    assert entry("Masked Vision Modeling").aliases == ("MVM",)
    assert entry("Microsoft Common Object In Context Caption Dataset").aliases == (
        "Microsoft COCO Caption Dataset",
        "MSFT COCO Caption Dataset",
    )
    assert entry("Mean Absolute Error").aliases == ("MAE",)
    assert entry("Mean Absolute Error Loss Function").aliases == ("MAE Loss Function",)
    assert entry("Masked Language Modeling").sources[0].line == 175
    aliases = {a for e in seed().entries for a in e.aliases}
    assert aliases.isdisjoint(e.name for e in seed().entries)


def test_fenced_code_is_code_and_its_comments_are_not_headings() -> None:
    names = {e.name for e in seed().entries}
    assert names.isdisjoint({"MAE loss function", "Helper class for MLP", "Must guess the word"})
    (mae,) = entry("Mean Absolute Error Loss Function").code
    assert mae.startswith("# MAE loss function\ndef mae_loss(y_pred, y_true):\n    abs_error")
    assert "def mae_loss" not in entry("Mean Absolute Error Loss Function").definition
    (mlp,) = entry("Multilayer Perceptron").code
    assert "\n\n# Helper class for MLP\nclass MLP(nn.Module):\n" in mlp
    assert "\n        super(MLP, self).__init__()\n" in mlp  # indentation kept as written
    assert mlp.endswith("        return x")
    assert len(entry("Masked Language Modeling").code) == 2
    assert entry("Multiple Linear Regression").code == ("Y = a + b.X1 + c.X2",)


def test_see_redirects() -> None:
    meta = entry("Meta Company")
    assert (meta.redirect, meta.definition, meta.summary) == ("Facebook Company", "", "")
    assert [e.name for e in seed().entries if e.redirect] == ["Meta Company"]


def test_see_also_is_cleaned() -> None:
    assert entry("M3GAN Movie").see_also == ("AI Movie",)
    assert entry("Mixed Reality").see_also == ()
    assert entry("ML Flow").see_also == ()
    for e in seed().entries:
        assert not {"M", "...", ""} & set(e.see_also), e.name
        assert not any("[" in s or "]" in s for s in e.see_also), e.name


def test_more_at_lists_become_links() -> None:
    assert entry("M3GAN Movie").links == (Link("https://en.wikipedia.org/wiki/M3GAN"),)
    assert entry("Metropolis Movie").links == (
        Link("https://en.wikipedia.org/wiki/Metropolis_(1927_film)"),
    )
    assert entry("Mechanical Turk").links == (
        Link("https://www.figure-eight.com/", "figure-eight company"),
    )
    labels = [link.label for link in entry("MusicLM Model").links]
    assert labels == ["twitter", "paper", "example", "dataset", "techcrunch article"]
    assert entry("MindPong Game").links == ()  # '* ...'
    assert len(entry("ML Flow").links) == 1  # an indented 'More at:'
    (muzero,) = entry("MuZero Model").links
    assert muzero.label == "nature article" and "|" not in muzero.url


def test_definitions_hold_no_markup() -> None:
    for e in seed().entries:
        for marker in (
            "{%",
            "{{",
            "{:",
            "![",
            "](",
            ":warning:",
            "`",
            "See also",
            "More at",
            "```",
        ):
            assert marker not in e.definition, (e.name, marker)
        assert e.definition == e.definition.strip(), e.name
    assert entry("Machine Learning Framework").definition.startswith(
        "- pytorch\n- tensorflow\n- JAX\nWatch for:\n"
    )
    pipeline = entry("Machine Learning Pipeline").definition
    assert pipeline.startswith("1. ML problem framing (aka discovery phase)\n2. data collection")
    assert "\n   - data-set can be incomplete and therefore misleading\n" in pipeline
    assert pipeline.endswith("\n7. model evaluation\n   - confusion matrix\n8. prediction")
    assert entry("Mixed Reality").definition.endswith("the midpoint in the Virtual Continuum")


def test_highlight_blocks_are_code_and_their_comments_are_not_entries() -> None:
    page = (
        "# Tokenizer\n\nSplits text.\n\n{% highlight python %}\n# load it\n"
        "tok = load()\n{% endhighlight %}\n\nAfter the code.\n"
    )
    [tokenizer] = parse(page, "p.md").entries
    assert tokenizer.code == ("# load it\ntok = load()",)
    assert tokenizer.definition == "Splits text.\n\nAfter the code."


def test_full_reference_links_show_their_text_and_record_the_target() -> None:
    page = (
        "# GPT\n\nSee how [GPT-4][GPT-4 Model] compares with [the paper][paper].\n\n"
        "[paper]: https://arxiv.org/abs/2303.08774\n"
    )
    [gpt] = parse(page, "p.md").entries
    assert gpt.definition == "See how GPT-4 compares with the paper."
    assert gpt.see_also == ("GPT-4 Model",)
    assert gpt.links == (Link("https://arxiv.org/abs/2303.08774", "the paper"),)


def test_ordered_and_nested_lists_keep_their_shape() -> None:
    page = "# Steps\n\n1. collect\n   * clean\n     - dedupe\n1. train\n\nDone.\n"
    [steps] = parse(page, "p.md").entries
    assert steps.definition == "1. collect\n   - clean\n     - dedupe\n2. train\n\nDone."


def test_summaries() -> None:
    assert entry("Multi-Head Attention").summary == (
        "the brains of the Transformer and responsible for performance through parallelism."
    )
    assert entry("Multi-Head Attention").definition.startswith("the brains of the Transformer")
    assert entry("Machine Learning").summary == "Part of AI, AI with first a learning phase!"
    for e in seed().entries:
        assert len(e.summary) <= 201, e.name
        assert bool(e.summary) == e.has_definition, e.name


def test_sources_point_at_the_heading() -> None:
    lines = seeds.text(NAME).split("\n")
    for e in seed().entries:
        (source,) = e.sources
        assert source.path == NAME
        assert lines[source.line - 1] == f"# {e.name}"


def test_unclosed_fences_and_stray_text_are_warned_about() -> None:
    text = "---\ntitle: x\n# not a heading\n---\nstray\n# Term\n\nText\n```\n# code\n"
    result = parse(text, "x.md")
    (term,) = result.entries
    assert (term.name, term.definition, term.code) == ("Term", "Text", ("# code",))
    assert [(d.line, d.level) for d in result.diagnostics] == [
        (5, Level.WARNING),
        (9, Level.WARNING),
    ]


def test_lower_headings_are_body_text() -> None:
    result = parse("# Term\n\n## Part\n\nText [Other](https://x.y).\n", "x.md")
    (term,) = result.entries
    assert term.definition == "Part\n\nText Other."


def test_unclosed_front_matter_is_warned_about() -> None:
    result = parse("---\n# Term\nText\n", "x.md")
    assert [e.name for e in result.entries] == ["Term"]
    assert [d.line for d in result.diagnostics] == [1]


LINES = st.sampled_from(
    [
        "---",
        "# Term",
        "# MT",
        "## Sub",
        "#",
        "Term\n===",
        "```",
        " ```python",
        "~~~",
        "    indented code",
        "> # quoted",
        "* [https://x.y](https://x.y)",
        "* label [u](https://x.y(1))",
        " More at:",
        " See also [M], [X], ...",
        " See [Other]",
        "{% include x %}",
        '![]( {{site.assets}}/a.png ){: width="100%"}',
        " ~ summary",
        " 1. item",
        ":warning:",
        "",
        "[",
        "](",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.lists(st.one_of(LINES, st.text()), max_size=30).map("\n".join)))
def test_any_text_parses_without_raising(text: str) -> None:
    seeds.assert_well_formed(parse(text, "any.md"), text)
