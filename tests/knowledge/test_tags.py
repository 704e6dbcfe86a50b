"""Tags a team gave its entries survive import, merging and every export that can carry them."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest

from knowledge.export import render, to_anki
from knowledge.fold import fold
from knowledge.importing import import_folder
from knowledge.model import Entry, SourceRef
from knowledge.parse import canonical, tabular
from tests.knowledge.fixtures import FIXTURES, imported


def tags_by_name(entries: tuple[Entry, ...]) -> dict[str, tuple[str, ...]]:
    return {e.name: e.tags for e in entries}


def test_a_sheets_tags_column_becomes_each_rows_tags() -> None:
    entries = imported("sheets/ml-glossary.csv").result.entries
    assert tags_by_name(entries) == {
        "Epoch": ("training",),
        "Batch": ("training",),
        "Learning Rate": ("optimization",),
        "Overfitting, the classic": (),
    }


def test_a_tags_cell_splits_on_commas_pipes_and_semicolons() -> None:
    text = 'Term,Definition,Category\nBERT,An encoder.,"nlp, models | transformers; nlp"\n'
    (entry,) = tabular.parse(text, "t.csv").entries
    assert entry.tags == ("nlp", "models", "transformers")


def test_an_anki_tags_column_gives_the_cards_tags() -> None:
    entries = imported("anki/ml-deck.txt").result.entries
    assert [e.tags for e in entries[:3]] == [
        ("ml::optimisation",),
        ("ml::regularisation",),
        ("ml",),
    ]


def test_front_matter_tags_in_a_folder() -> None:
    folder = FIXTURES / "hugo" / "content" / "glossary"
    pages = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.md"))]
    tags = tags_by_name(import_folder(pages).entries)
    assert tags["Token"] == ("nlp",)
    assert tags["Large Language Model"] == ("nlp", "models")


def test_merged_entries_keep_the_tags_of_every_part() -> None:
    parts = [
        Entry("Model", definition="A thing.", tags=("basics",), sources=(SourceRef("a", 1),)),
        Entry("Models", tags=("basics", "training"), sources=(SourceRef("b", 1),)),
    ]
    merged = fold(parts)
    assert merged.tags == ("basics", "training")


@pytest.mark.parametrize("fmt, reader", [("yaml", canonical.parse), ("csv", tabular.parse)])
def test_tags_round_trip_through_export(fmt: str, reader: object) -> None:
    entries = (
        Entry("Epoch", definition="One pass.", tags=("training", "deep learning")),
        Entry("Token", definition="A unit of text."),
    )
    back = reader(str(render(fmt, entries)), f"glossary.{fmt}")  # type: ignore[operator]
    assert back.diagnostics == ()
    assert [e.tags for e in back.entries] == [("training", "deep learning"), ()]


def test_a_yaml_tags_value_that_is_not_a_list_is_refused_with_its_line() -> None:
    result = canonical.parse("entries:\n- name: A\n  tags: {x: 1}\n", "g.yaml")
    assert result.entries == ()
    assert [(d.line, "'tags'" in d.message) for d in result.diagnostics] == [(3, True)]


def test_anki_export_carries_the_entrys_tags_without_spaces(tmp_path: Path) -> None:
    entry = Entry("Epoch", definition="One pass.", tags=("deep learning", "training"))
    with zipfile.ZipFile(io.BytesIO(to_anki((entry,)))) as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "c.anki2") as db:
        (tags,) = db.execute("SELECT tags FROM notes").fetchone()
    assert str(tags).split() == ["deep_learning", "training", "term"]
