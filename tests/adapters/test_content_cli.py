"""`glossbot import` and `glossbot export`, run as a user would run them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from knowledge import load
from tests.adapters.test_cli import glossbot
from tests.conftest import ROOT, SOURCES

HASHLINE = str(SOURCES / "000_b4c5ef14848505af.txt")


def test_import_explain_names_the_parser_the_reason_and_the_runner_up() -> None:
    done = glossbot("import", HASHLINE, "--explain")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "format: hashline"
    assert lines[1] == "why: 171 lines end in '#' like 'Term#'"
    assert any(line.startswith("runner-up: ") for line in lines)
    assert "entries: 168 (168 terms)" in lines


def test_import_summarises_on_stderr_and_keeps_stdout_yaml() -> None:
    done = glossbot("import", HASHLINE)
    assert done.returncode == 0, done.stderr
    first = done.stderr.splitlines()[0]
    assert first == "000_b4c5ef14848505af.txt: 168 entries (168 terms), format hashline (detected)"
    assert len(yaml.safe_load(done.stdout)["entries"]) == 168


def test_a_wrong_forced_format_exits_1_naming_the_format_to_try() -> None:
    done = glossbot("import", HASHLINE, "--format", "notes")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines()[-1].endswith("try --format hashline")


def test_import_of_a_missing_file_is_one_line(tmp_path: Path) -> None:
    done = glossbot("import", str(tmp_path / "nope.csv"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "file not found" in done.stderr


def test_export_csv_imports_back_and_anki_writes_a_deck(tmp_path: Path) -> None:
    out = tmp_path / "glossary.csv"
    done = glossbot("export", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().startswith("exported ") and str(out) in done.stderr
    back = glossbot("import", str(out))
    assert back.returncode == 0, back.stderr
    glossary = load().glossary
    assert glossary is not None
    counts = Counter(e.kind for e in glossary)
    kinds = f"{counts['term']} terms, {counts['card']} cards, {counts['note']} notes"
    expected = f"glossary.csv: {len(glossary)} entries ({kinds}), format csv (detected)"
    assert back.stderr.splitlines()[0] == expected
    deck = tmp_path / "deck.apkg"
    assert glossbot("export", "--format", "anki", "-o", str(deck)).returncode == 0
    assert deck.read_bytes()[:2] == b"PK"
    refused = glossbot("export", "--format", "anki")
    assert refused.returncode == 2
    assert refused.stderr == "glossbot: an Anki deck is a binary file: give -o FILE.apkg\n"


def test_import_a_folder_of_one_term_pages() -> None:
    folder = ROOT / "tests" / "fixtures" / "hugo" / "content" / "glossary"
    done = glossbot("import", str(folder))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == "glossary/: 4 pages, 4 entries (4 terms)"
    names = [e["name"] for e in yaml.safe_load(done.stdout)["entries"]]
    assert names == ["Fine-tuning", "Large Language Model", "LLMs", "Token"]


def test_an_empty_file_and_a_binary_file_are_one_plain_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    done = glossbot("import", str(empty))
    assert done.returncode == 1
    assert (
        done.stderr.splitlines()[-1] == "glossbot: empty.txt: the file is empty: nothing to import"
    )
    binary = tmp_path / "deck.apkg"
    binary.write_bytes(b"PK\x03\x04\x00\x00\xff\xfe\xd8\x00" * 20)
    done = glossbot("import", str(binary))
    assert done.returncode == 2
    assert done.stderr == f"glossbot: cannot read {binary}: it is not UTF-8 or UTF-16 text\n"


def test_export_and_quiz_of_a_broken_glossary_name_the_error_and_write_nothing(
    tmp_path: Path,
) -> None:
    (tmp_path / "manifest.yaml").write_text("sources:\n  - file: bad.yaml\n    format: canonical\n")
    (tmp_path / "bad.yaml").write_text("entries:\n  - name: Fine\n  - colour: red\n")
    config = tmp_path / "glossbot.yaml"
    config.write_text(f"glossary:\n  manifest: {tmp_path / 'manifest.yaml'}\n")
    out = tmp_path / "out.csv"
    for args in (("export", "-o", str(out)), ("quiz", "--sample", "1")):
        done = glossbot(*args, "--config", str(config))
        assert done.returncode == 1, args
        assert "bad.yaml:3: error:" in done.stderr
        assert done.stdout == ""
    assert not out.exists()
