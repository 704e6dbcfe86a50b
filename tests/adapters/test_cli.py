"""The `glossbot` command line, run as a user would run it."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT, SOURCES


def start(*args: str, config: str = "", **streams: Any) -> subprocess.Popen[Any]:
    """`glossbot ARGS` as a running process; `streams` are Popen's stdin, stdout, text..."""
    return subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", *args],
        cwd=ROOT,
        env={**os.environ, "GLOSSBOT_CONFIG": config, "TERM": "xterm"},
        **streams,
    )


Done = subprocess.CompletedProcess[str]


def glossbot(*args: str, stdin: str = "") -> Done:
    env = {**os.environ, "GLOSSBOT_CONFIG": ""}
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def with_config(tmp_path: Path, text: str, *args: str, stdin: str = "") -> Done:
    """`glossbot ARGS --config F`, where F is a glossbot.yaml holding `text`."""
    config = tmp_path / "glossbot.yaml"
    config.write_text(text)
    return glossbot(*args, "--config", str(config), stdin=stdin)


def check_canonical(tmp_path: Path, name: str, yaml_text: str) -> Done:
    """`glossbot check` of a glossary whose one source is the canonical file `name`."""
    (tmp_path / "manifest.yaml").write_text(
        f"sources:\n  - file: {name}\n    format: canonical\n    title: T\n"
    )
    (tmp_path / name).write_text(yaml_text)
    return with_config(tmp_path, f"glossary:\n  manifest: {tmp_path / 'manifest.yaml'}\n", "check")


def test_define_json_one_shot() -> None:
    done = glossbot("define", "mlm", "--json")
    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    answer = json.loads(line)
    assert answer["status"] == "found"
    assert answer["entry"]["name"] == "Masked Language Modeling (MLM)"
    assert {"file": "001_a171e23aa927abb3.txt", "line": 175} in answer["entry"]["sources"]
    for key in ("aliases", "kind", "summary", "definition", "see_also", "links"):
        assert key in answer["entry"]


def test_define_batch_from_stdin_goes_on_after_a_bad_line() -> None:
    queries = "mrkl\n\n  \n" + "x" * 300 + "\npizza\nmlops\n"
    done = glossbot("define", "--json", stdin=queries)
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    # Blank lines are skipped, not reported: a trailing newline is not a query.
    assert [a["status"] for a in answers] == ["ambiguous", "error", "not_found", "found"]
    assert {s["name"] for s in answers[0]["suggestions"]} == {
        "Modular Reasoning Knowledge and Language (MRKL) Agent",
        "Modular Reasoning Knowledge and Language (MRKL) System",
    }
    assert "characters" in answers[1]["message"]


def test_define_plain_text_and_bad_query_exit_code() -> None:
    done = glossbot("define", "what", "is", "mlops")
    assert done.returncode == 0
    assert "== MLOps ==" in done.stdout
    bad = glossbot("define", "ml\x07ops")
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1
    assert "control characters" in bad.stderr


def test_check_reports_sources_and_warnings() -> None:
    done = glossbot("check")
    assert done.returncode == 0, done.stderr
    assert "000_b4c5ef14848505af.txt: 168 entries" in done.stdout
    assert "001_a171e23aa927abb3.txt: 69 entries" in done.stdout
    assert "003_363dab5323913602.txt: 15 entries" in done.stdout
    assert "warning: empty definition for 'Matrix Determinant'" in done.stdout
    assert "merged: Model + Models (singular and plural)\n" in done.stdout
    report = json.loads(glossbot("check", "--json").stdout)
    assert report["ok"] is True
    assert report["errors"] == []
    assert any(w["message"].startswith("see-also") for w in report["warnings"])
    assert {"names": ["Model", "Models"], "reason": "singular and plural"} in report["merges"]


def test_check_fails_on_errors_with_file_and_line(tmp_path: Path) -> None:
    done = check_canonical(tmp_path, "bad.yaml", "entries:\n  - name: Fine\n  - colour: red\n")
    assert done.returncode == 1
    assert "bad.yaml:3: error:" in done.stdout


def test_import_writes_canonical_yaml_that_loads_back() -> None:
    done = glossbot("import", str(SOURCES / "003_363dab5323913602.txt"))
    assert done.returncode == 0, done.stderr
    data = yaml.safe_load(done.stdout)
    assert len(data["entries"]) == 15
    assert data["entries"][0]["kind"] == "card"


def test_bad_config_is_one_line_naming_the_key(tmp_path: Path) -> None:
    done = with_config(tmp_path, "quiz:\n  close_minutes: soon\n", "define", "mlops")
    assert done.returncode == 2
    assert done.stderr.strip() == "glossbot: config: quiz.close_minutes: expected a whole number"


def test_quiz_sample_json_is_reviewable_and_reproducible() -> None:
    done = glossbot("quiz", "--sample", "6", "--seed", "3", "--json")
    assert done.returncode == 0, done.stderr
    questions = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(questions) == 6
    for q in questions:
        assert set(q) == {"type", "prompt", "options", "correct", "entry"}
        if q["options"]:
            assert isinstance(q["correct"], int) and 0 <= q["correct"] < len(q["options"])
        else:
            assert q["type"] == "free" and q["correct"] == q["entry"]
    again = glossbot("quiz", "--sample", "6", "--seed", "3", "--json")
    assert again.stdout == done.stdout


def test_quiz_sample_of_one_type_and_bad_arguments() -> None:
    done = glossbot("quiz", "--sample", "3", "--type", "acronym", "--seed", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("[acronym]") == 3
    assert "stand for" in done.stdout
    assert glossbot("quiz", "--sample", "0").returncode == 2
    assert glossbot("quiz", "--type", "essay").returncode == 2


def test_bad_config_value_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = with_config(tmp_path, "log_level: LOUD\n", "console", stdin="/quit\n")
    assert done.returncode == 2
    assert done.stderr == (
        "glossbot: config: log_level: expected one of debug, info, warning, error, critical, "
        "not 'LOUD'\n"
    )


def test_debug_logging_does_not_dump_sql_or_parser_steps(tmp_path: Path) -> None:
    settings = f"log_level: debug\ndata_dir: {tmp_path / 'data'}\n"
    done = with_config(tmp_path, settings, "console", stdin="/define mlm\n/quit\n")
    assert done.returncode == 0, done.stderr
    assert "Masked Language Modeling" in done.stdout
    assert "CREATE TABLE" not in done.stderr
    assert "markdown_it" not in done.stderr
    assert len(done.stderr.splitlines()) < 20


def test_version() -> None:
    done = glossbot("--version")
    assert done.returncode == 0
    assert done.stdout.startswith("glossbot ")


def test_search_prints_ranked_matches_and_json() -> None:
    done = glossbot("search", "masked", "tokens")
    assert done.returncode == 0, done.stderr
    assert "Best matches for “masked tokens”:" in done.stdout
    assert "1. Masked" in done.stdout
    assert "**" not in done.stdout  # Markdown is rendered, not printed raw
    [line] = glossbot("search", "masked", "tokens", "--json").stdout.splitlines()
    report = json.loads(line)
    assert report["status"] == "found"
    assert {"name", "id", "snippet"} <= set(report["hits"][0])
    missing = json.loads(glossbot("search", "zzqqxx", "--json").stdout)
    assert missing == {"query": "zzqqxx", "status": "not_found", "hits": []}


def test_not_found_points_at_the_search_command() -> None:
    done = glossbot("define", "zzqqxx")
    assert done.returncode == 0
    assert "glossbot search" in done.stdout
    assert "`" not in done.stdout


def test_piping_into_head_ends_silently() -> None:
    pipe = subprocess.PIPE
    process = start("define", stdin=pipe, stdout=pipe, stderr=pipe)
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"mlm\n" * 200)
    process.stdin.close()
    assert process.stdout.readline().startswith(b"== Masked")  # what `head -1` reads
    process.stdout.close()  # ... and then `head` exits
    assert process.wait(timeout=120) == 0
    assert process.stderr is not None
    assert process.stderr.read() == b""


def test_bare_define_on_a_terminal_prints_usage_instead_of_waiting() -> None:
    keyboard, terminal = pty.openpty()
    try:
        process = start("define", stdin=terminal, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = process.communicate(timeout=120)
    finally:
        os.close(keyboard)
        os.close(terminal)
    assert process.returncode == 2
    assert err.decode().startswith("usage: glossbot define TERM...")
    assert out == b""


PLATFORM_LIBRARIES = ("discord", "slack_bolt", "slack_sdk", "aiohttp")
CORE_MACHINERY = ("aiosqlite", "fsrs", "bot.core", "bot.store", "asyncio", "genanki")
"""What a one-shot lookup never needs: the database, spaced repetition, the core's loops,
an event loop, the export formats."""
QUIZ_MACHINERY = ("lemminflect", "numpy")
"""Nor quiz masking's inflection tables (numpy and all, a third of a second)."""


def loaded_by(*argv: str) -> list[str]:
    """Which of those modules `glossbot ARGV` imported, run in a fresh interpreter."""
    watched = (*PLATFORM_LIBRARIES, *CORE_MACHINERY, *QUIZ_MACHINERY)
    probe = (
        "import sys\n"
        "from adapters.cli import main\n"
        "code = main(sys.argv[1:])\n"
        f"watched = {watched!r}\n"
        "loaded = sorted(w for w in watched if w in sys.modules)\n"
        "print('LOADED', code, *loaded, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "GLOSSBOT_CONFIG": ""},
        timeout=120,
    )
    last = done.stderr.splitlines()[-1].split()
    assert last[:2] == ["LOADED", "0"], done.stderr
    return last[2:]


def test_content_commands_never_import_a_platform_library(tmp_path: Path) -> None:
    """Start-up time: define, check and import must not pay for discord.py or slack_bolt."""
    sample = tmp_path / "sample.yaml"
    sample.write_text("entries:\n  - name: Thing\n    definition: A thing.\n")
    for argv in (["check"], ["import", str(sample)], ["quiz", "--sample", "1"]):
        assert not set(loaded_by(*argv)) & set(PLATFORM_LIBRARIES), argv
    # One-shot lookups need the content only: no event loop, database or quiz machinery.
    assert loaded_by("define", "mlm") == []
    assert loaded_by("search", "mask") == []


def test_check_warns_about_control_characters_in_sources(tmp_path: Path) -> None:
    odd = 'entries:\n  - name: Fine\n    definition: "All \\e[31mred\\e[0m now \\u202Eevil."\n'
    done = check_canonical(tmp_path, "odd.yaml", odd)
    assert done.returncode == 0, done.stdout
    assert "odd.yaml:2: warning: 'Fine' contains control characters or bidi overrides" in (
        done.stdout
    )
    assert "\x1b" not in done.stdout


def test_the_console_screen_holds_the_conversation_not_info_logs(tmp_path: Path) -> None:
    typed = "mlops\n/glossary reload\n/quit\n"
    done = with_config(tmp_path, f"data_dir: {tmp_path / 'data'}\n", "console", stdin=typed)
    assert done.returncode == 0, done.stderr
    assert "== MLOps ==" in done.stdout
    assert "INFO" not in done.stdout + done.stderr
