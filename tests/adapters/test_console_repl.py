"""The console REPL driven through stdin and stdout, as `glossbot console` runs it."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

from adapters.console import ConsoleSession
from adapters.console.render import render
from adapters.console.repl import run_repl
from tests.conftest import ROOT, FakeClock


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


async def test_a_scheduled_post_appears_in_the_console_and_numbers_answer_it(
    session: ConsoleSession, clock: FakeClock
) -> None:
    posted = asyncio.Event()
    finished = threading.Event()

    class Screen(io.StringIO):
        def write(self, text: str) -> int:
            if "[posted]" in text:
                posted.set()
            return super().write(text)

    class Keyboard(io.StringIO):
        """Types the schedule command, then waits (as a person would) until told to stop."""

        def __init__(self, first: str) -> None:
            super().__init__()
            self.first: str | None = first

        def readline(self, size: int | None = -1) -> str:
            if self.first is not None:
                line, self.first = self.first, None
                return line
            finished.wait(timeout=30)
            return ""

    slot = clock.now() + timedelta(minutes=1)
    screen = Screen()
    repl = asyncio.create_task(
        run_repl(session, Keyboard(f"/quizadmin schedule #terminal {slot:%H:%M}\n"), screen)
    )
    try:
        while not await session.core.store.schedules():
            await asyncio.sleep(0)  # let the typed command reach the store
        await clock.someone_asleep()
        await clock.advance(timedelta(minutes=1))
        await asyncio.wait_for(posted.wait(), timeout=5)
        assert "Daily quiz" in screen.getvalue()
        assert session.buttons and not session.buttons[0].disabled
        [answered] = await session.send("1")
        if answered.form is not None:  # a free-answer daily: the button asks for the text
            [answered] = await session.send("mlops")
        assert "Correct" in render(answered) or "Not quite" in render(answered)
    finally:
        finished.set()
        await repl


def test_ctrl_c_leaves_cleanly_while_waiting_for_input(tmp_path: Path) -> None:
    config = tmp_path / "glossbot.yaml"
    config.write_text(f"data_dir: {tmp_path / 'data'}\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "console"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "GLOSSBOT_CONFIG": str(config)},
    )
    try:
        assert process.stdout is not None
        assert "entries loaded" in process.stdout.readline()  # up, and waiting for a line
        process.send_signal(signal.SIGINT)
        # stdin stays open, as a terminal's does: exiting must not wait for another line.
        returncode = process.wait(timeout=20)
        out, err = process.stdout.read(), process.stderr.read()  # type: ignore[union-attr]
    finally:
        process.kill()
    assert returncode == 0, err
    assert out.rstrip().endswith("bye")
    assert "Traceback" not in err
