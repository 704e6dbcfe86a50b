"""The console REPL driven through stdin and stdout, as `glossbot console` runs it."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from adapters.console import ConsoleSession
from adapters.console.repl import run_repl
from tests.conftest import ROOT


async def drive(session: ConsoleSession, typed: str) -> str:
    out = io.StringIO()
    await run_repl(session, io.StringIO(typed), out)
    return out.getvalue()


async def test_define_then_press_a_button(session: ConsoleSession) -> None:
    out = await drive(session, "/define masked vision modeling\n1\n")
    assert "== Masked Vision Modeling (MVM) ==" in out
    assert "[1] Masked Language Modeling (MLM)" in out
    assert "== Masked Language Modeling (MLM) ==" in out
    assert out.rstrip().endswith("bye")


async def test_errors_keep_the_console_running(session: ConsoleSession) -> None:
    out = await drive(session, "/frobnicate\n\n/define\n/define mlops\n")
    assert "! I don't know `/frobnicate`" in out
    assert "! Missing <term>" in out
    assert "== MLOps ==" in out


async def test_quit_command_stops_reading(session: ConsoleSession) -> None:
    out = await drive(session, "/quit\n/define mlops\n")
    assert "MLOps" not in out


def test_glossbot_console_process_exits_cleanly_on_eof(tmp_path: Path) -> None:
    config = tmp_path / "glossbot.yaml"
    config.write_text(f"data_dir: {tmp_path / 'data'}\n")
    env = {**os.environ, "GLOSSBOT_CONFIG": str(config)}
    done = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "console"],
        input="/define mlops\n/glossary reload\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "entries loaded" in done.stdout
    assert "== MLOps ==" in done.stdout
    assert "Reloaded:" in done.stdout
    assert done.stdout.rstrip().endswith("bye")
