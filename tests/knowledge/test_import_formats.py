"""Every import format on fixtures shaped like real exports: exact entries, lines and links."""

from __future__ import annotations

import pytest

from knowledge.importing import import_folder
from knowledge.model import Kind
from knowledge.parse import FORMATS
from tests.knowledge.fixtures import FIXTURES, FORMAT_OF, imported, shape

LINKS = "mkdocs/links.md"


@pytest.mark.parametrize("name", sorted(FORMAT_OF))
def test_every_fixture_is_detected_and_imports_cleanly(name: str) -> None:
    result = imported(name, LINKS if name.startswith("mkdocs") else "")
    assert result.format == FORMAT_OF[name]
    assert not result.problem
    assert result.result.entries


def test_a_google_sheets_csv_with_bom_crlf_and_quoted_cells() -> None:
    entries = imported("sheets/ml-glossary.csv").result.entries
    assert [shape(e) for e in entries] == [
        (
            "Epoch",
            (),
            "One full pass of the training data through the model.",
            ("Batch",),
            (("https://developers.google.com/machine-learning/glossary#epoch", ""),),
            2,
        ),
        (
            "Batch",
            ("mini-batch", "minibatch"),
            "The examples used in one training step.\nIts size is the batch size.",
            ("Epoch", "Learning Rate"),
            (),
            3,
        ),
        (
            "Learning Rate",
            ("LR", "step size"),
            "A number that scales each gradient step; too high and training diverges, "
            "too low and it crawls.",
            (),
            (("https://en.wikipedia.org/wiki/Learning_rate", ""),),
            5,
        ),
        (
            "Overfitting, the classic",
            (),
            'When a model learns the noise of its training data, "memorising" rather than '
            "generalising.",
            ("Regularization",),
            (),
            6,
        ),
    ]


def test_an_excel_unicode_text_export_is_utf16_tsv() -> None:
    assert (FIXTURES / "excel/metrics.txt").read_bytes()[:2] == b"\xff\xfe"
    entries = imported("excel/metrics.txt").result.entries
    assert [(e.name, e.aliases, e.see_also) for e in entries] == [
        ("Mean Squared Error", ("MSE",), ("Mean Absolute Error",)),
        ("Mean Absolute Error", ("MAE",), ("Mean Squared Error",)),
        ("Réseau de neurones", (), ()),
    ]


def test_a_headerless_two_column_csv_is_term_and_definition() -> None:
    result = FORMATS["csv"]("Epoch,One pass.\nBatch,Some rows.\n", "x.csv")
    assert [(e.name, e.definition, e.sources[0].line) for e in result.entries] == [
        ("Epoch", "One pass.", 1),
        ("Batch", "Some rows.", 2),
    ]


def test_an_anki_export_gives_cards_without_html_or_cloze_markup() -> None:
    entries = imported("anki/ml-deck.txt").result.entries
    assert all(e.kind is Kind.CARD for e in entries)
    assert [(e.name, e.definition, e.sources[0].line) for e in entries] == [
        (
            "What is gradient descent?",
            "An optimisation method that steps against the gradient.\nIt needs a learning rate.",
            4,
        ),
        (
            "Dropout",
            "Randomly zeroes activations during training so the network cannot rely on any "
            "one unit & overfits less.",
            5,
        ),
        (
            "Backpropagation computes gradients",
            "By the chain rule, layer by layer from the loss backwards.",
            6,
        ),
    ]


def test_json_records_and_an_18f_style_yaml_mapping() -> None:
    json_entries = imported("data/terms.json").result.entries
    assert [(e.name, e.see_also, e.sources[0].line) for e in json_entries] == [
        ("Precision", (), 2),
        ("Recall", ("Precision", "F1 Score"), 6),
    ]
    yaml_entries = imported("data/glossary.yml").result.entries
    assert [(e.name, e.redirect, e.sources[0].line) for e in yaml_entries] == [
        ("AUC", "Area Under the Curve", 2),
        ("Area Under the Curve", "", 5),
        ("ROC curve", "", 9),
    ]
    assert yaml_entries[1].definition.startswith("The area under the ROC curve; 1.0 is")


def test_an_mkdocs_material_page_with_abbreviations_admonitions_snippets_and_links() -> None:
    result = imported("mkdocs/glossary.md", LINKS).result
    assert [shape(e) for e in result.entries] == [
        (
            "Large Language Model (LLM)",
            ("Large Language Model", "LLM", "Language model"),
            "A neural network trained on a lot of text to predict the next token.\n"
            "See the GPT-4 report for a famous one.\n\nRule of thumb:\n"
            "Bigger models need more memory, not always more data.",
            ("Token",),
            (("https://arxiv.org/abs/2303.08774", "GPT-4 report"),),
            11,
        ),
        (
            "Token",
            (),
            "The unit a tokenizer splits text into; often a word piece.\n\nExample:\n"
            '"unbelievable" becomes un, believ, able.',
            (),
            (("https://huggingface.co/docs/tokenizers", "tokenizer"),),
            19,
        ),
        ("Tokenizer", (), "How to load one:\n\nTurns text into tokens and back.", (), (), 26),
        (
            "Retrieval-Augmented Generation",
            ("RAG",),
            "An LLM answers from documents fetched for the question.",
            (),
            (),
            39,
        ),
    ]
    assert result.entries[2].code == (
        'from transformers import AutoTokenizer\ntok = AutoTokenizer.from_pretrained("gpt2")',
    )
    [missing] = result.diagnostics
    assert (missing.line, missing.message) == (
        43,
        "snippet 'includes/missing.md' not found next to the page; left out",
    )


def test_a_sphinx_glossary_with_roles_literal_blocks_and_targets() -> None:
    entries = imported("sphinx/glossary.rst").result.entries
    assert [(e.name, e.aliases, e.see_also, e.sources[0].line) for e in entries] == [
        ("Embedding", ("Vector embedding",), ("Cosine Similarity",), 12),
        ("Cosine Similarity", (), (), 17),
        ("Fine-tuning", (), (), 26),
        ("Batch size", (), (), 35),
    ]
    assert entries[0].definition.endswith("similar things are close. See cosine similarity.")
    assert entries[1].definition.endswith("Read more in the scikit-learn guide.\n\nExample:")
    assert entries[1].code == ("from numpy import dot\nsim = dot(a, b) / (norm(a) * norm(b))",)
    assert entries[2].definition.endswith(
        "\n\n- needs far less data\n- keeps what the model already knows"
    )


def test_markdown_tables_and_definition_lists() -> None:
    table = imported("markdown/table.md").result.entries
    assert [shape(e) for e in table] == [
        ("Confusion matrix", (), "A table of predicted against actual classes.", (), (), 7),
        (
            "F1 Score",
            ("F1", "F-score"),
            "The harmonic mean of precision and recall.\nRanges from 0 to 1.",
            (),
            (),
            8,
        ),
        (
            "Baseline",
            (),
            "A simple model to beat, such as always the majority class.",
            (),
            (
                (
                    "https://en.wikipedia.org/wiki/Baseline_(configuration_management)",
                    "always the majority class",
                ),
            ),
            9,
        ),
    ]
    deflist = imported("markdown/deflist.md").result.entries
    assert [(e.name, e.aliases, e.definition, e.sources[0].line) for e in deflist] == [
        ("Learning rate", ("LR",), "How big a step each update takes.\nToo big diverges.", 3),
        (
            "Momentum",
            (),
            "Keeps part of the previous update, so steps speed up along a consistent direction."
            "\n\nAlso a name for the coefficient that says how much.",
            8,
        ),
    ]


def test_a_hugo_folder_one_term_per_file_with_front_matter() -> None:
    folder = FIXTURES / "hugo/content/glossary"
    pages = [
        (p.name, p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.md"))
        if not p.name.startswith("_")
    ]
    entries = import_folder(pages).entries
    assert [(e.name, e.aliases, e.see_also, e.redirect) for e in entries] == [
        ("Fine-tuning", (), ("Large Language Model",), ""),
        ("Large Language Model", ("LLM",), ("Token", "Fine-tuning"), ""),
        ("LLMs", (), (), "Large Language Model"),
        ("Token", (), (), ""),
    ]
    llm = entries[1]
    assert llm.definition == (
        "A neural network trained on a very large amount of text to predict the next token."
    )
    assert llm.code == (
        'from transformers import pipeline\ngenerate = pipeline("text-generation", model="gpt2")',
    )
    assert [(k.url, k.label) for k in llm.links] == [
        ("https://en.wikipedia.org/wiki/Large_language_model", ""),
        ("https://arxiv.org/abs/2303.08774", "GPT-4 technical report"),
    ]
