"""Export round trips: what `glossbot export` writes, `glossbot import` reads back the same."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from knowledge import Entry, load
from knowledge.export import render, to_anki
from knowledge.parse import anki, canonical, markdown, tabular

READERS = {"yaml": canonical.parse, "csv": tabular.parse, "markdown": markdown.parse}


def view(entries: Sequence[Entry]) -> list[tuple[object, ...]]:
    return [
        (e.name, e.aliases, e.definition, e.see_also, tuple((k.url, k.label) for k in e.links))
        for e in entries
    ]


@pytest.fixture(scope="module")
def bundled() -> tuple[Entry, ...]:
    glossary = load().glossary
    assert glossary is not None
    return glossary.entries


@pytest.mark.parametrize("fmt", ["yaml", "csv"])
def test_the_bundled_glossary_round_trips_exactly(fmt: str, bundled: tuple[Entry, ...]) -> None:
    back = READERS[fmt](str(render(fmt, bundled)), f"glossary.{fmt}")
    assert back.diagnostics == ()
    assert view(back.entries) == view(bundled)
    assert [e.kind for e in back.entries] == [e.kind for e in bundled]


def test_markdown_round_trips_all_but_latex_brackets(bundled: tuple[Entry, ...]) -> None:
    back = markdown.parse(str(render("markdown", bundled)), "glossary.md")
    assert len(back.entries) == len(bundled)
    differ = [a[0] for a, b in zip(view(bundled), view(back.entries), strict=True) if a != b]
    # '\[\hat{y}...\]' loses its brackets: '[...]' is a cross-reference in Markdown glossaries.
    assert differ == ["Supervised"]
    assert [e.code for e in back.entries] == [e.code for e in bundled]


def test_an_entry_without_a_body_stays_its_own_entry_in_markdown() -> None:
    entries = (Entry("Empty One"), Entry("Full", definition="Has text."))
    back = markdown.parse(str(render("markdown", entries)), "g.md").entries
    assert [(e.name, e.aliases, e.definition) for e in back] == [
        ("Empty One", (), ""),
        ("Full", (), "Has text."),
    ]


def _notes(deck: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    with zipfile.ZipFile(io.BytesIO(deck)) as archive:
        (tmp_path / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        rows = db.execute("SELECT flds, tags FROM notes ORDER BY id").fetchall()
    return [(str(flds), str(tags)) for flds, tags in rows]


def test_anki_export_is_a_real_deck_that_reads_back(
    bundled: tuple[Entry, ...], tmp_path: Path
) -> None:
    notes = _notes(to_anki(bundled), tmp_path)
    assert len(notes) == len(bundled)
    fronts = [flds.split("\x1f")[0] for flds, _ in notes]
    assert fronts[0] == "Machine Learning (ML)"
    assert "term" in notes[0][1].split() and "000_b4c5ef14848505af" in notes[0][1].split()
    # As Anki's own text export would give them: the fields, tab-separated, with HTML.
    text = "#separator:tab\n#html:true\n" + "\n".join(
        "\t".join(f.replace("\t", " ").replace("\n", " ") for f in flds.split("\x1f"))
        for flds, _ in notes
    )
    back = anki.parse(text, "deck.txt").entries
    names = [e.name.replace("\n", " ") for e in bundled]
    assert [e.name for e in back] == [" ".join(n.split()) for n in names]
    plain = [e for e in bundled if e.definition and not e.code and not e.links]
    by_name = {e.name: e for e in back}
    for entry in plain:
        expected = "\n".join(" ".join(line.split()) for line in entry.definition.split("\n"))
        assert by_name[entry.name].definition == "\n".join(filter(None, expected.split("\n")))


def test_an_id_the_source_gives_survives_loading_merging_and_export(tmp_path: Path) -> None:
    """A curator who renames a term keeps its old `id:` so that its scores stay with it."""
    (tmp_path / "terms.yaml").write_text(
        "entries:\n"
        "  - name: Widget Model\n    id: gadget\n    definition: A part.\n"
        "  - name: Sprocket\n    definition: A wheel.\n"
        "  - name: Cog\n    id: Old Cog Name!\n    definition: A tooth.\n",
        encoding="utf-8",
    )
    (tmp_path / "more.csv").write_text("Term,Aliases\nWidget,Thingamajig\n", encoding="utf-8")
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text("sources:\n  - file: terms.yaml\n  - file: more.csv\n", encoding="utf-8")
    glossary = load(manifest).glossary
    assert glossary is not None
    assert [(e.id, e.name, e.aliases) for e in glossary.entries] == [
        ("gadget", "Widget Model", ("Widget", "Thingamajig")),
        ("sprocket", "Sprocket", ()),
        ("old-cog-name", "Cog", ()),  # an id is kept as a slug: it goes into button ids
    ]
    back = canonical.parse(str(render("yaml", glossary.entries)), "glossary.yaml").entries
    assert [e.id for e in back] == ["gadget", "sprocket", "old-cog-name"]
