"""MkDocs snippets as MkDocs Material documents them, spliced into a glossary page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from knowledge.model import Diagnostic
from knowledge.parse import markdown
from knowledge.parse.snippets import splice

FILES = {
    "terms/epoch.md": "## Epoch\n\nOne full pass over the training data.\n",
    "terms/batch.md": "## Batch\n\nThe examples of one step.\n",
    "parts.md": "intro line\n--8<-- [start:lr]\n## Learning Rate\n\nThe step size.\n"
    "--8<-- [end:lr]\noutro line\n",
    "lines.md": "one\ntwo\nthree\nfour\n",
}


def include(name: str) -> str | None:
    return FILES.get(name)


def spliced(page: str) -> tuple[list[str], list[int], list[str]]:
    diagnostics: list[Diagnostic] = []
    lines, origin = splice(page.split("\n"), "glossary.md", include, diagnostics)
    return lines, origin, [f"{d.line}: {d.message}" for d in diagnostics]


def names(page: str) -> list[str]:
    return [e.name for e in markdown.parse(page, "glossary.md", include).entries]


def test_a_block_of_snippet_names_includes_each_file_in_order() -> None:
    page = "# Glossary\n\n--8<--\nterms/epoch.md\n\n;terms/skipped.md\nterms/batch.md\n--8<--\n"
    assert names(page) == ["Epoch", "Batch"]
    lines, origin, warnings = spliced(page)
    assert warnings == []
    assert "One full pass over the training data." in lines
    # Included lines cite the page line of the block that brought them in.
    assert origin[lines.index("## Batch")] == 3


def test_a_line_range_and_a_named_section() -> None:
    lines, _, warnings = spliced('--8<-- "lines.md:2:3"\n--8<-- "parts.md:lr"')
    assert warnings == []
    assert lines == ["two", "three", "## Learning Rate", "", "The step size."]
    assert spliced('--8<-- "lines.md:3"')[0] == ["three", "four", ""]
    assert spliced('--8<-- "lines.md::2"')[0] == ["one", "two"]


def test_a_whole_file_does_not_show_its_section_markers() -> None:
    assert spliced('--8<-- "parts.md"')[0] == [
        "intro line",
        "## Learning Rate",
        "",
        "The step size.",
        "outro line",
        "",
    ]


def test_an_escaped_marker_is_shown_as_written() -> None:
    assert spliced(';--8<-- "terms/epoch.md"')[0] == ['--8<-- "terms/epoch.md"']


def test_what_cannot_be_included_is_a_warning_with_the_page_line() -> None:
    page = 'a\n--8<-- "https://example.com/x.md"\n--8<-- "parts.md:nope"\n--8<--\nterms/epoch.md'
    lines, _, warnings = spliced(page)
    assert lines == ["a"]
    assert warnings == [
        "2: snippet 'https://example.com/x.md' is a URL, which glossbot does not fetch; left out",
        "3: snippet 'parts.md:nope': no section 'nope' in 'parts.md'; left out",
        "4: snippet block '--8<--' is never closed; left out",
    ]


def test_a_snippet_that_includes_itself_stops() -> None:
    files = {"loop.md": 'x\n--8<-- "loop.md"\n'}
    diagnostics: list[Diagnostic] = []
    lines, _ = splice(['--8<-- "loop.md"'], "p.md", files.get, diagnostics)
    assert lines == ["x", ""]
    assert [d.message for d in diagnostics] == [
        "snippet 'loop.md' not found next to the page; left out"
    ]


def test_import_dir_resolves_a_glossary_pages_snippets(tmp_path: Path) -> None:
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "more.md").write_text("## Dropout\n\nZeroes units at random.\n")
    (tmp_path / "glossary.md").write_text(
        "# Glossary\n\n## Epoch\n\nOne full pass.\n\n## Batch\n\nOne step's examples.\n\n"
        '--8<-- "includes/more.md"\n'
    )
    run = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "import", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "name: Dropout" in run.stdout
    assert "not found" not in run.stderr
