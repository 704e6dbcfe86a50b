"""The console REPL driven through stdin and stdout, as `glossbot console` runs it."""

from __future__ import annotations

import asyncio
import io
import os
import pty
import select
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

from adapters.console import ConsoleSession
from adapters.console.outbox import ConsoleOutbox
from adapters.console.render import render
from adapters.console.repl import run_repl
from tests.adapters.test_cli import start
from tests.conftest import ROOT, FakeClock


async def drive(session: ConsoleSession, typed: str) -> str:
    """Type `typed` into the REPL; what the core posts meanwhile goes to the same screen."""
    outbox = session.core.outbox
    assert isinstance(outbox, ConsoleOutbox)  # the `outbox` fixture
    out = io.StringIO()
    await run_repl(session, outbox, io.StringIO(typed), out)
    return out.getvalue()


async def test_define_then_press_a_button(session: ConsoleSession) -> None:
    out = await drive(session, "/define masked vision modeling\n1\n")
    assert "== Masked Vision Modeling (MVM) ==" in out
    assert "[1] Masked Language Modeling (MLM)" in out
    assert "== Masked Language Modeling (MLM) ==" in out
    assert out.rstrip().endswith("bye")


async def test_errors_keep_the_console_running(session: ConsoleSession) -> None:
    out = await drive(session, "/frobnicate\n\n/define\n/define mlops\n")
    assert "! I don't know /frobnicate" in out
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


class Screen(io.StringIO):
    """The terminal's output; `posted` is set once a daily question has been printed."""

    def __init__(self) -> None:
        super().__init__()
        self.posted = asyncio.Event()

    def write(self, text: str) -> int:
        if "[posted in #" in text:
            self.posted.set()
        return super().write(text)


class Keyboard(io.StringIO):
    """Types some lines, then waits (as a person would) until told to stop."""

    def __init__(self, *lines: str) -> None:
        super().__init__()
        self.typed = list(lines)
        self.finished = threading.Event()

    def readline(self, size: int | None = -1) -> str:
        if self.typed:
            return self.typed.pop(0)
        self.finished.wait(timeout=30)
        return ""


async def post_daily(
    session: ConsoleSession,
    outbox: ConsoleOutbox,
    clock: FakeClock,
    channel: str,
    *before: str,
) -> tuple[Screen, Keyboard, asyncio.Task[None]]:
    """Start the REPL, type `before`, schedule a daily in `channel`, and let it post."""
    slot = clock.now() + timedelta(minutes=1)
    screen = Screen()
    keyboard = Keyboard(*before, f"/quizadmin schedule #{channel} {slot:%H:%M}\n")
    repl = asyncio.create_task(run_repl(session, outbox, keyboard, screen))
    while not await session.core.store.schedules():
        await asyncio.sleep(0)  # let the typed command reach the store
    await clock.someone_asleep()
    await clock.advance(timedelta(minutes=1))
    await asyncio.wait_for(screen.posted.wait(), timeout=5)
    return screen, keyboard, repl


async def test_a_scheduled_post_appears_in_the_console_and_numbers_answer_it(
    session: ConsoleSession, outbox: ConsoleOutbox, clock: FakeClock
) -> None:
    screen, keyboard, repl = await post_daily(session, outbox, clock, "terminal")
    try:
        assert "[posted in #terminal]" in screen.getvalue()
        assert "Daily quiz" in screen.getvalue()
        assert session.buttons and not session.buttons[0].disabled
        [answered] = await session.send("1")
        if answered.form is not None:  # a free-answer daily: the button asks for the text
            [answered] = await session.send("mlops")
        assert "Correct" in render(answered) or "Not quite" in render(answered)
    finally:
        keyboard.finished.set()
        await repl


async def test_a_post_names_its_channel_and_keeps_the_buttons_on_screen(
    session: ConsoleSession, outbox: ConsoleOutbox, clock: FakeClock
) -> None:
    screen, keyboard, repl = await post_daily(
        session, outbox, clock, "general", "/define masked vision modeling\n"
    )
    try:
        shown = screen.getvalue()
        assert "[1] Masked Language Modeling (MLM)" in shown
        before, daily = shown.split("[posted in #general]")
        assert "Daily quiz" in daily
        first = before.count("  [") + 1  # numbered after the buttons on screen
        assert "[1]" not in daily and f"[{first}]" in daily
        [answered] = await session.send(str(first))  # the daily's first option
        if answered.form is not None:
            [answered] = await session.send("mlops")
        assert "Correct" in render(answered) or "Not quite" in render(answered)
        [opened] = await session.send("1")  # still the button the user was looking at
        assert "== Masked Language Modeling (MLM) ==" in render(opened)
    finally:
        keyboard.finished.set()
        await repl


def test_ctrl_c_leaves_cleanly_while_waiting_for_input(tmp_path: Path) -> None:
    config = tmp_path / "glossbot.yaml"
    config.write_text(f"data_dir: {tmp_path / 'data'}\n")
    pipe = subprocess.PIPE
    process = start("console", config=str(config), stdin=pipe, stdout=pipe, stderr=pipe, text=True)
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


def test_arrow_keys_edit_the_line_and_history_is_kept(tmp_path: Path) -> None:
    """In a real terminal (a pty): Left moves the cursor, Up recalls, history persists."""
    config = tmp_path / "glossbot.yaml"
    config.write_text(f"data_dir: {tmp_path / 'data'}\n")
    keyboard, terminal = pty.openpty()
    process = start("console", config=str(config), stdin=terminal, stdout=terminal, stderr=terminal)
    os.close(terminal)
    try:
        screen = read_until(keyboard, "entries loaded")
        os.write(keyboard, b"mlps\x1b[D\x1b[Do\r")  # type mlps, Left Left, o: "mlops"
        screen += read_until(keyboard, "== MLOps ==")
        os.write(keyboard, b"\x1b[A\r")  # Up: the same line again
        screen += read_until(keyboard, "== MLOps ==")
        os.write(keyboard, b"quit\r")
        screen += read_until(keyboard, "bye")
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        os.close(keyboard)
    assert "control characters" not in screen
    history = (tmp_path / "data" / "console_history").read_text().splitlines()
    assert history == ["mlops", "quit"]  # a repeated line is kept once


def read_until(fd: int, wanted: str, limit: float = 60) -> str:
    """What the terminal shows until `wanted` appears (a guard against hanging, not a timing)."""
    seen = b""
    deadline = time.monotonic() + limit
    while wanted.encode() not in seen:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"never saw {wanted!r}; the screen shows:\n{seen.decode()}")
        seen += os.read(fd, 4096)
    return seen.decode(errors="replace")
