"""Format detection: every bundled source and fixture goes to the parser that reads it."""

from __future__ import annotations

import pytest

from knowledge.detect import detect_format, rank
from knowledge.importing import import_text
from tests.knowledge import seeds


@pytest.mark.parametrize("name", sorted(seeds.FORMAT_OF))
def test_every_bundled_source_is_detected_as_its_manifest_format(name: str) -> None:
    assert detect_format(seeds.text(name), name) == seeds.FORMAT_OF[name]


def test_python_comments_in_hashline_code_are_not_markdown_headings() -> None:
    guesses = rank(seeds.text(seeds.HASHLINE), seeds.HASHLINE)
    assert guesses[0].format == "hashline"
    assert "end in '#'" in guesses[0].reason
    assert all(g.format != "jekyll" for g in guesses)


def test_the_notes_file_gives_all_its_sections() -> None:
    imported = import_text(seeds.text(seeds.NOTES), seeds.NOTES)
    assert imported.format == "notes"
    assert len(imported.result.entries) == 39
    assert not imported.problem


def test_a_page_read_by_the_wrong_parser_is_refused_with_advice() -> None:
    page = "# Glossary\n\n" + "".join(
        f"## Term {i}\n\nTerm {i} is a thing that matters for reason {i}, said at length.\n\n"
        for i in range(60)
    )
    imported = import_text(page, "glossary.md", "jekyll")
    assert imported.problem == "one entry, 'Glossary', holds most of the file"
    assert imported.failed


def test_an_empty_result_is_a_problem() -> None:
    imported = import_text("just one line\n", "x.txt", "hashline")
    assert imported.problem == "no entries found"
    assert imported.suggestion == "notes"
