"""Merging: one concept, one entry, every source cited; what joined and why is reported."""

from __future__ import annotations

from pathlib import Path

from knowledge import Entry, Glossary, Kind, Link, SourceRef, load
from knowledge.fold import code_key
from knowledge.merge import Merge, merge
from tests.conftest import SOURCES
from tests.knowledge import seeds


def _holding(glossary: Glossary, name: str) -> list[Entry]:
    """Every glossary entry that answers to `name` as its name or an alias."""
    return [e for e in glossary if name in e.names]


def _term(name: str, path: str, line: int, definition: str = "", **more: object) -> Entry:
    return Entry(name, definition=definition, sources=(SourceRef(path, line),), **more)


def test_a_stub_joins_the_entry_it_names(glossary: Glossary) -> None:
    [mae] = _holding(glossary, "Mean Absolute Error")
    assert mae.name == "Mean Absolute Error (MAE) Loss Function"
    assert {"MAE", "Mean Absolute Error", "Mean Absolute Error Loss Function"} <= set(mae.aliases)
    assert SourceRef(seeds.JEKYLL, 227) in mae.sources  # the stub
    assert SourceRef(seeds.JEKYLL, 234) in mae.sources
    assert SourceRef(seeds.HASHLINE, 343) in mae.sources


def test_a_shared_acronym_with_a_shared_paper_is_one_entry(glossary: Glossary) -> None:
    [moe] = _holding(glossary, "Mixture Of Local Experts")
    assert moe.name == "Mixture-Of-Experts (MOE) Architecture"
    assert {s.path for s in moe.sources} == {seeds.HASHLINE, seeds.JEKYLL}
    assert [link.url for link in moe.links].count(
        "http://www.cs.toronto.edu/~fritz/absps/jjnh91.pdf"
    ) == 1


def test_a_shared_acronym_alone_keeps_two_concepts_apart(glossary: Glossary) -> None:
    assert len(_holding(glossary, "M-RAG")) == 2
    assert len(_holding(glossary, "MRKL")) == 2


def test_singular_and_plural_names_are_one_entry(glossary: Glossary) -> None:
    [model] = _holding(glossary, "Models")
    assert model.name == "Model"
    assert {s.path for s in model.sources} == {seeds.HASHLINE, seeds.JEKYLL, seeds.NOTES}
    # Its only text is the notes section's, so it is shown (and never quizzed) as a note.
    assert model.kind is Kind.NOTE and "gpt3" in model.definition
    # A bare type word is not the base of another name: 'Model Benchmark' stays itself.
    assert _holding(glossary, "Model Benchmark")[0].name == "Model Benchmark"


def test_a_card_acronym_in_parentheses_becomes_an_alias(glossary: Glossary) -> None:
    [nlp] = _holding(glossary, "NLP")
    assert nlp.name == "Natural Language Processing"


def test_same_named_notes_sections_keep_all_their_text(glossary: Glossary) -> None:
    [verification] = _holding(glossary, "Verification")
    assert "Adversarial examples" in verification.definition  # line 79
    assert "Neural Network Verification with Proof Production" in verification.definition  # 288
    [resources] = _holding(glossary, "Resources")
    assert "Deep Learning Book" in resources.definition
    assert "Sutton and Barto" in resources.definition


def test_the_same_code_is_kept_once_in_its_best_formatted_copy(glossary: Glossary) -> None:
    for name in ("MSE", "MAE", "MLP"):
        [entry] = _holding(glossary, name)
        [code] = entry.code
        assert "\n    " in code, name  # the indented copy from the Markdown source


def test_code_key_ignores_whitespace_and_comment_markers() -> None:
    assert code_key("## MAE\ndef f(x):\nreturn x") == code_key("# MAE\ndef f(x):\n    return x")
    assert code_key("return x") != code_key("return y")


def test_every_bundled_heading_lands_in_exactly_one_entry(glossary: Glossary) -> None:
    for name in (seeds.HASHLINE, seeds.JEKYLL, seeds.FLASHCARDS, seeds.NOTES):
        for raw in seeds.parsed(name).entries:
            holders = [e for e in glossary if raw.sources[0] in e.sources]
            assert len(holders) == 1, raw.name


def test_merges_are_reported_with_their_reason() -> None:
    merges = {str(m) for m in load().merges}
    assert "merged: Model + Models (singular and plural)" in merges
    assert (
        "merged: Mean Absolute Error (MAE) Loss Function + Mean Absolute Error (empty stub)"
        in merges
    )
    assert (
        "merged: Mixture-Of-Experts (MOE) Architecture + Mixture Of Local Experts "
        "(same acronym MOE and the same link)"
    ) in merges
    # The same name in two files is no news to a curator and is not listed.
    assert not any(m.first == m.second for m in load().merges)


def test_no_merge_keeps_a_pair_apart() -> None:
    parts = [
        _term(
            "Mixture-Of-Experts (MOE) Architecture",
            "a.txt",
            1,
            "Experts. " * 3,
            aliases=("MOE",),
            links=(Link("https://paper"),),
        ),
        _term(
            "Mixture Of Local Experts",
            "b.txt",
            1,
            "Local.",
            aliases=("MoE",),
            links=(Link("https://paper"),),
        ),
    ]
    assert len(merge(parts).entries) == 1
    kept = merge(parts, [["Mixture Of Local Experts", "Mixture-Of-Experts (MOE) Architecture"]])
    assert len(kept.entries) == 2 and kept.merges == ()


def test_a_stub_with_two_possible_partners_stays_a_stub() -> None:
    parts = [
        _term("Mean Absolute Error", "a.txt", 1),
        _term("Mean Absolute Error Loss Function", "a.txt", 3, "A loss."),
        _term("Mean Absolute Error Metric", "a.txt", 5, "A metric."),
    ]
    assert len(merge(parts).entries) == 3


def test_two_defined_entries_of_one_file_stay_apart_despite_a_suffix() -> None:
    parts = [
        _term("Model Evaluation", "a.txt", 1, "Judging a model."),
        _term("Model Evaluation Metric", "a.txt", 3, "A number for it."),
    ]
    assert len(merge(parts).entries) == 2


def test_merge_sentence_overlap_joins_a_shared_acronym() -> None:
    paragraph = "In 1991 the idea was first introduced by a research group in Toronto."
    parts = [
        _term(
            "Mixture Of Experts (MOE)", "a.txt", 1, f"An ensemble. {paragraph}", aliases=("MOE",)
        ),
        _term("Mixture Of Local Experts", "b.txt", 1, paragraph, aliases=("MoE",)),
    ]
    [one] = merge(parts).entries
    assert "Mixture Of Local Experts" in one.aliases
    assert merge(parts).merges == (
        Merge(
            "Mixture Of Experts (MOE)",
            "Mixture Of Local Experts",
            "same acronym MOE and the same sentence",
        ),
    )


def _manifest(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "manifest.yaml"
    path.write_text(
        f"sources:\n  - file: {SOURCES / seeds.HASHLINE}\n    format: hashline\n"
        f"  - file: {SOURCES / seeds.JEKYLL}\n    format: jekyll\n{extra}",
        encoding="utf-8",
    )
    return path


def test_the_manifest_vetoes_a_merge(tmp_path: Path) -> None:
    veto = "no_merge:\n  - [Mixture-Of-Experts (MOE) Architecture, Mixture Of Local Experts]\n"
    result = load(_manifest(tmp_path, veto))
    assert result.glossary is not None
    assert len(_holding(result.glossary, "Mixture Of Local Experts")) == 1
    assert (
        _holding(result.glossary, "Mixture Of Local Experts")[0].name == "Mixture Of Local Experts"
    )
    assert not any(m.second == "Mixture Of Local Experts" for m in result.merges)


def test_a_bad_or_unknown_veto_is_explained(tmp_path: Path) -> None:
    bad = load(_manifest(tmp_path, "no_merge: [Model, Models]\n"))
    assert bad.glossary is None
    [error] = bad.errors
    assert error.line == 6 and "no_merge" in error.message
    typo = load(_manifest(tmp_path, "no_merge:\n  - [Modle, Models]\n"))
    assert typo.glossary is not None
    assert any("'Modle'" in w.message for w in typo.warnings)


def test_an_id_a_source_gave_is_kept_even_where_another_names_slug_is_the_same() -> None:
    """'Sprocket' was renamed 'Cog' with its old id: its scores stay with it, and the new
    entry that happens to be called 'Sprocket' gets the next free id instead."""
    entries = merge(
        [
            _term("Sprocket", "a.yaml", 1, "A new wheel."),
            _term("Cog", "a.yaml", 2, "A toothed wheel.", id="sprocket"),
            _term("Gear", "a.yaml", 3, "Another wheel.", id="gear"),  # its own slug
        ]
    ).entries
    assert [(e.name, e.id) for e in entries] == [
        ("Sprocket", "sprocket-2"),
        ("Cog", "sprocket"),
        ("Gear", "gear"),
    ]
