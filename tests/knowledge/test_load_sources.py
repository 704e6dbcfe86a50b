"""Manifests that name folders, globs and a links file, and errors at the manifest's line."""

from __future__ import annotations

import shutil
from pathlib import Path

from knowledge import load
from tests.knowledge.fixtures import FIXTURES


def _manifest(folder: Path, text: str) -> Path:
    path = folder / "manifest.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_folder_a_glob_and_a_links_file_as_sources(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "hugo/content/glossary", tmp_path / "terms")
    shutil.copytree(FIXTURES / "mkdocs", tmp_path / "docs")
    shutil.copytree(FIXTURES / "data", tmp_path / "data")
    manifest = _manifest(
        tmp_path,
        "sources:\n"
        "  - file: terms\n    title: Hugo terms\n"
        "  - file: docs/glossary.md\n    format: markdown\n    links: docs/links.md\n"
        "  - file: data/*.json\n",
    )
    result = load(manifest)
    assert result.glossary is not None, result.errors
    by_name = {e.name: e for e in result.glossary}
    # The Hugo 'LLMs' redirect and the MkDocs abbreviation both became aliases of one entry.
    llm = by_name["Large Language Model"]
    assert {"LLM", "LLMs", "Language model"} <= set(llm.aliases)
    assert {s.path for s in llm.sources} == {
        "terms/large-language-model.md",
        "terms/llms.md",
        "docs/glossary.md",
    }
    assert "Recall" in by_name
    assert [(s.file, s.format, s.entries) for s in result.glossary.sources] == [
        ("terms", "detected", 4),
        ("docs/glossary.md", "markdown", 4),
        ("data/*.json", "detected", 2),
    ]


def test_a_missing_source_names_the_manifest_line(tmp_path: Path) -> None:
    manifest = _manifest(
        tmp_path, "sources:\n  - file: a.csv\n    format: csv\n  - file: nope/*.md\n"
    )
    (tmp_path / "a.csv").write_text("Term,Definition\nEpoch,One pass.\n", encoding="utf-8")
    result = load(manifest)
    assert result.glossary is None
    [error] = result.errors
    assert (error.path, error.line) == (str(manifest), 4)
    assert error.message == "'nope/*.md' matches no file"
    (tmp_path / "manifest.yaml").write_text("sources:\n  - file: gone.txt\n", encoding="utf-8")
    [error] = load(manifest).errors
    assert (error.line, error.message) == (2, f"file not found: {tmp_path / 'gone.txt'}")


def test_check_warns_about_a_cut_off_file_and_an_unclosed_fence(tmp_path: Path) -> None:
    (tmp_path / "cards.txt").write_text(
        "ML flashcards\nEpoch\nOne pass over the data.\nBatch\nThe examples of one step, and",
        encoding="utf-8",
    )
    (tmp_path / "terms.txt").write_text(
        "Epoch#\nOne pass.\n```python\nfor x in data:\n    step(x)\n", encoding="utf-8"
    )
    manifest = _manifest(
        tmp_path,
        "sources:\n  - file: cards.txt\n    format: flashcards\n"
        "  - file: terms.txt\n    format: hashline\n",
    )
    glossary = load(manifest).glossary
    assert glossary is not None
    found = {(d.path, d.line, d.message) for d in glossary.diagnostics}
    assert ("cards.txt", 5, "the file ends mid-sentence: it may have been cut off") in found
    assert ("terms.txt", 3, "code fence never closed") in found


def test_the_bundled_seeds_that_were_cut_off_are_named() -> None:
    glossary = load().glossary
    assert glossary is not None
    cut = sorted((d.path, d.line) for d in glossary.diagnostics if "cut off" in d.message)
    assert cut == [("002_ed67e73b6c3398ec.txt", 359), ("003_363dab5323913602.txt", 39)]
