"""The hash-line parser, on the real 000 seed and on arbitrary text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.model import Entry, Kind, Level, Link, ParseResult
from knowledge.parse.hashline import parse
from tests.knowledge import seeds

NAME = seeds.HASHLINE


def seed() -> ParseResult:
    return seeds.parsed(NAME)


def entry(name: str) -> Entry:
    return seeds.only(NAME, name)


def test_every_heading_after_the_page_title_gives_one_entry() -> None:
    result = seed()
    assert len(result.entries) == 168
    assert result.diagnostics == ()
    assert all(e.kind is Kind.TERM for e in result.entries)
    assert "M" not in {e.name for e in result.entries}


def test_names_are_unique_and_trimmed() -> None:
    names = [e.name for e in seed().entries]
    assert len(set(names)) == len(names)
    assert all(name == name.strip() and name for name in names)


def test_consecutive_headings_for_one_concept_are_one_entry() -> None:
    mlflow = entry("MLflow Tool")
    assert mlflow.aliases == ("MLflow Python Module", "MLflow")
    assert mlflow.sources[0].line == 555
    assert mlflow.definition.startswith("MLflow is an open-source MLOps platform.")
    assert {e.name for e in seed().entries}.isdisjoint({"MLflow", "MLflow Python Module"})


def test_bodiless_headings_for_different_concepts_stay_apart() -> None:
    for name in (
        "Matrix Determinant",
        "Matrix Multiplication",
        "Monte Carlo Policy Gradient Algorithm",
    ):
        empty = entry(name)
        assert (empty.definition, empty.summary, empty.aliases) == ("", "", ())
        assert not empty.has_definition
    assert entry("Max-Pooling Layer").has_definition
    assert entry("Monte Carlo Tree Search (MCTS) Algorithm").has_definition


def test_acronyms_and_plain_forms_become_aliases() -> None:
    mae = entry("Mean Absolute Error (MAE) Loss Function")
    assert set(mae.aliases) == {"MAE", "MAE Loss Function", "Mean Absolute Error Loss Function"}
    assert mae.name not in mae.aliases
    assert entry("Machine Learning (ML)").aliases == ("Machine Learning", "ML")


def test_comment_lines_are_code_not_headings() -> None:
    names = {e.name for e in seed().entries}
    assert not any(name.startswith("#") or "loss function" in name for name in names)
    mae = entry("Mean Absolute Error (MAE) Loss Function")
    assert mae.code == (
        "## MAE loss function\n"
        "def mae_loss(y_pred, y_true):\n"
        "abs_error = np.abs(y_pred - y_true)\n"
        "sum_abs_error = np.sum(abs_error)\n"
        "loss = sum_abs_error / y_true.size\n"
        "return loss",
    )
    assert "def mae_loss" not in mae.definition
    assert "equation:\nPros and Cons:" in mae.definition


def test_unfenced_code_runs_become_blocks() -> None:
    (mlp,) = entry("Multilayer Perceptron (MLP) Architecture").code
    lines = mlp.split("\n")
    assert lines[:4] == [
        "import torch",
        "import torch.nn as nn",
        "# Helper class for MLP",
        "class MLP(nn.Module):",
    ]
    assert lines[-1] == "return x"
    assert "super(MLP, self).__init__()" in lines and ")" in lines
    (plot,) = entry("Matplotlib Python Module").code
    assert plot.startswith("import matplotlib.pyplot as plt\n") and plot.endswith("\nplt.show()")
    assert "# make the data" in plot
    assert entry("Matplotlib Python Module").definition == (
        "A python module used for visualization\nSimple X,Y plot"
    )
    (spectral,) = entry("Matrix Spectral Decomposition").code
    assert spectral.startswith("S = Q D Qt\n# where\n")
    (mse,) = entry("Mean Square Error (MSE) Loss Function").code
    assert mse.startswith("def mse_loss(") and mse.endswith("return loss")


def test_prose_that_merely_contains_equals_is_not_code() -> None:
    ml = entry("Machine Learning (ML)")
    assert ml.code == ()
    assert ml.definition.endswith("==> That's a multi-class classification problem!")
    assert entry("MLOps").code == ()
    assert "MLOps = People + Technology + Process" in entry("MLOps").definition
    assert entry("Manhattan Distance").code == ()
    code_entries = {e.name for e in seed().entries if e.code}
    assert code_entries == {
        "Matplotlib Python Module",
        "Matrix Spectral Decomposition",
        "Mean Absolute Error (MAE) Loss Function",
        "Mean Square Error (MSE) Loss Function",
        "Multilayer Perceptron (MLP) Architecture",
    }


def test_a_bare_see_line_is_a_redirect() -> None:
    fusion = entry("Model Fusion")
    assert (fusion.redirect, fusion.definition, fusion.summary) == ("Model Merging", "", "")
    assert entry("Model Robustness").redirect == "Model Stability"
    redirects = {e.name for e in seed().entries if e.redirect}
    assert redirects == {"Model Fusion", "Model Robustness", "Model Size Efficient Frontier"}


def test_see_also_is_cleaned() -> None:
    assert entry("Machine Learning (ML)").see_also == (
        "Artificial Neural Network (ANN)",
        "Deep Learning",
        "Machine Learning Framework",
        "Machine Learning Pipeline",
        "Prediction",
    )
    assert entry("Machine Learning Framework").see_also == ()
    assert entry("Multidimensional Scaling (MDS)").see_also == ()  # 'See alse M, ...'
    assert entry("Model Risk Management (MRM)").see_also == ("NIST AI Risk Management Framework",)
    for e in seed().entries:
        assert not {"M", "...", ""} & set(e.see_also), e.name
        assert not any("[" in s or "]" in s for s in e.see_also), e.name


def test_more_at_lists_become_links() -> None:
    assert entry("Machine Unlearning").links == (
        Link("https://arxiv.org/abs/1912.03817", "paper"),
        Link("https://www.kaggle.com/competitions/neurips-2023-machine-unlearning", "kaggle"),
    )
    mmr = entry("Maximum Marginal Relevance (MMR)").links
    assert mmr[0] == Link(
        "https://community.fullstackretrieval.com/retrieval-methods/maximum-marginal-relevance-mmr"
    )
    assert mmr[1].label == "code"
    assert entry("Mechanical Turk").links == (
        Link("https://www.figure-eight.com/", "figure-eight company"),
    )
    assert entry("Missingness").links == (Link("https://youtu.be/oMc9StPVzOU?t=201"),)
    assert entry("Machine Learning Framework").links == ()  # 'More at :' with nothing after


def test_more_at_glued_to_prose_is_still_a_section() -> None:
    matrix_range = entry("Matrix Range").definition
    assert matrix_range.endswith(
        "we will always have 0 in the third entry of any linear combination!"
    )


def test_summaries_come_from_tilde_lines() -> None:
    mamba = entry("Mamba Mechanism")
    expected = (
        "does not use the transformer, but much cheaper to train and use than transformers. "
        "Scale to very long sequences."
    )
    assert mamba.summary == expected
    assert mamba.definition.startswith(expected + "\nA LLM that does not used")
    assert entry("Massive Multitask Language Understanding (MMLU) Benchmark").summary == (
        "a measure of intelligence and knowledge at the undergraduate level. "
        "a benchmark used to compare large language models on many language understanding tasks."
    )


def test_summaries_fall_back_to_the_first_sentence() -> None:
    assert entry("Majority Vote Algorithm").summary == (
        "When you crowdsource a labeling task, how can you be certain that the label is correct?"
    )
    assert entry("Machine Learning Pipeline").summary == (
        "ML problem framing (aka discovery phase), data collection and integration"
    )
    for e in seed().entries:
        assert len(e.summary) <= 201, e.name
        assert bool(e.summary) == e.has_definition, e.name


def test_definitions_are_clean_prose() -> None:
    for e in seed().entries:
        for marker in ("See also", "See alse", "More at", "///", "{%", "{{", "!["):
            assert marker not in e.definition, (e.name, marker)
        lines = e.definition.split("\n")
        assert "." not in lines and not any(line.startswith("~") for line in lines), e.name
        assert e.definition == e.definition.strip(), e.name
    mamba = entry("Mamba Mechanism").definition
    assert "but a Recurrent Neural Network !" in mamba and "[" not in mamba
    assert "special [MASK] token" in entry("Masked Language Modeling (MLM)").definition
    assert "V=[0,0,0,...,0]" in entry("Matrix Null Space").definition


def test_lists_and_questions() -> None:
    assert (
        "Possible fix:\n- Means\n- Median\n- KNN\n- Regression\n" in entry("Missingness").definition
    )
    assert entry("Mini-Batch").definition.endswith(
        "\nQuestion: sampling with replacement or without replacement?"
    )
    mnist = entry("Modified National Institute of Standards and Technology (MNIST) Dataset")
    assert (
        "\nQuestion: weren't the image 28 x 28 or 784 pixels (matrix elements)?\n"
        "- number of images were 60.000\n" in mnist.definition
    )
    assert (
        "\n- Data\n" in entry("Model Risk Management (MRM)").definition
    )  # a bullet alone on a line


def test_sources_point_at_the_heading() -> None:
    lines = seeds.text(NAME).split("\n")
    for e in seed().entries:
        (source,) = e.sources
        assert source.path == NAME
        assert lines[source.line - 1] == f"{e.name}#"


def test_stray_text_and_unclosed_details_are_warned_about() -> None:
    text = "preamble\nTerm#\n/// details | why? type:question\n- because\nOther#\nbody"
    result = parse(text, "x.txt")
    assert [e.name for e in result.entries] == ["Term", "Other"]
    assert result.entries[0].definition == "Question: why?\n- because"
    assert [(d.line, d.level) for d in result.diagnostics] == [
        (1, Level.WARNING),
        (3, Level.WARNING),
    ]


def test_an_acronym_heading_joins_its_expansion() -> None:
    result = parse("Mean Absolute Error (MAE)#\nMAE#\nA loss.\n", "x.txt")
    (mae,) = result.entries
    assert mae.aliases == ("Mean Absolute Error", "MAE")
    assert mae.definition == "A loss."


LINES = st.sampled_from(
    [
        "M#",
        "Term (T) Model#",
        "Term Model#",
        "#",
        "# comment",
        "## heading",
        "See also M, [X], ...",
        "See Other",
        "More at:",
        "More at: * a * https://x.y",
        "- paper - https://x.y",
        "- ",
        "-",
        "```",
        "---",
        "~ summary",
        "~",
        "/// details | q? type:question",
        "///",
        "def f(x):",
        "x = 1",
        ")",
        ".",
        "",
        "[",
        "](",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.lists(st.one_of(LINES, st.text()), max_size=30).map("\n".join)))
def test_any_text_parses_without_raising(text: str) -> None:
    seeds.assert_well_formed(parse(text, "any.txt"), text, name_on_its_line=True)
