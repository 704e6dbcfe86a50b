"""The console's terminal: line editing and history, a prompt, and notices that arrive
while the user is typing.

On a real terminal lines are read with the standard `readline` module, so arrow keys,
Home/End and Ctrl-R edit and recall lines instead of arriving as escape sequences, and the
history is kept in the data directory across sessions. A notice (a daily question posted
meanwhile) is printed above the prompt, and the prompt is drawn again with what the user
had typed so far. Piped input (tests, scripts) is read plainly, with no prompt.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from adapters.console.render import terminal_width

PROMPT = "> "
HISTORY_LENGTH = 1000
_CLEAR_LINE = "\r\x1b[K"


class Terminal:
    def __init__(self, stdin: TextIO, stdout: TextIO, history: Path | None = None) -> None:
        self.stdin, self.stdout = stdin, stdout
        self.styled = stdout.isatty()
        # `input()` edits lines only on the process's own terminal.
        self.interactive = stdin is sys.stdin and stdin.isatty() and stdout.isatty()
        self._history = history
        self._readline: ModuleType | None = None
        self._saved_mode: list[Any] | None = None
        self._at_prompt = False
        self._lock = threading.Lock()
        self._ready = threading.Event()
        if self.interactive:
            self._start_editing()

    @property
    def width(self) -> int:
        return terminal_width(self.stdout)  # read each time: the window may be resized

    def _start_editing(self) -> None:
        with contextlib.suppress(ImportError, OSError):  # no termios or readline: plain input
            import termios

            self._saved_mode = termios.tcgetattr(self.stdin.fileno())
        try:
            import readline
        except ImportError:
            return
        self._readline = readline
        readline.set_history_length(HISTORY_LENGTH)
        if self._history is not None:
            with contextlib.suppress(OSError):
                readline.read_history_file(self._history)

    def close(self) -> None:
        """Give the terminal back as it was, even if a read was cut short by Ctrl-C, and
        trim the history file to its last `HISTORY_LENGTH` lines."""
        if self._readline is not None and self._history is not None:
            with contextlib.suppress(OSError):
                self._readline.write_history_file(self._history)
        if self._saved_mode is not None:
            import termios

            with contextlib.suppress(OSError):
                termios.tcsetattr(self.stdin.fileno(), termios.TCSADRAIN, self._saved_mode)

    def say(self, text: str) -> None:
        """Print a reply to what the user typed (no prompt is shown meanwhile)."""
        print(text, file=self.stdout, flush=True)

    def notice(self, text: str) -> None:
        """Print something that arrived on its own, above the prompt, which is redrawn."""
        with self._lock:
            if not (self.interactive and self._at_prompt):
                self.say(text)
                return
            typed = self._readline.get_line_buffer() if self._readline else ""
            self.stdout.write(f"{_CLEAR_LINE}{text}\n{PROMPT}{typed}")
            self.stdout.flush()

    def ready(self) -> None:
        """The last line has been answered: show the prompt and read the next one."""
        self._ready.set()

    def lines(self) -> asyncio.Queue[str]:
        """Lines typed ("" at the end), read by a daemon thread: a blocked read never
        holds up exit (in the default executor, asyncio would wait for it on Ctrl-C)."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[str] = asyncio.Queue()

        def read() -> None:
            while True:
                line = self._read()
                try:
                    loop.call_soon_threadsafe(queue.put_nowait, line)
                except RuntimeError:  # the loop is gone: the console has exited
                    return
                if not line:
                    return
                self._ready.wait()
                self._ready.clear()

        threading.Thread(target=read, name="glossbot-stdin", daemon=True).start()
        return queue

    def _read(self) -> str:
        if not self.interactive:
            return self.stdin.readline()
        with self._lock:
            self._at_prompt = True
        known = self._readline.get_current_history_length() if self._readline else 0
        try:
            line = input(PROMPT)
        except EOFError:
            print(file=self.stdout)
            return ""
        finally:
            with self._lock:
                self._at_prompt = False
        self._remember(known)
        return line + "\n"

    def _remember(self, known: int) -> None:
        """Append a line readline added to its history (it skips blanks and repeats) to
        the history file now, so that a crash or Ctrl-C keeps it."""
        if self._readline is None or self._history is None:
            return
        if self._readline.get_current_history_length() <= known:
            return
        with contextlib.suppress(OSError):
            self._history.parent.mkdir(parents=True, exist_ok=True)
            self._history.touch()
            self._readline.append_history_file(1, self._history)
