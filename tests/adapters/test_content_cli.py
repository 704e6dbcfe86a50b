"""`glossbot import` and `glossbot export`, run as a user would run them."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.adapters.test_cli import glossbot
from tests.conftest import SOURCES

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
