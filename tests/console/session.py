"""Drives `clinic-bot console` as a person at the keyboard: one line, then read what came back.

The console runs in a thread; its stdin is a line queue that notes when the
console is waiting for the next line, so each `type()` returns exactly what
was drawn in answer to that line.
"""

from __future__ import annotations

import io
import queue
import re
import threading
from pathlib import Path

from bot.backends.sandbox import SandboxBackend
from bot.local.console import run_console

CLINIC_TZ = "America/Chicago"
REPLY_TIMEOUT = 30.0


def sandbox(db: Path) -> SandboxBackend:
    return SandboxBackend(db)


class _Keyboard(io.TextIOBase):
    def __init__(self) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.waiting = threading.Event()

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        self.waiting.set()
        line = self.lines.get(timeout=REPLY_TIMEOUT)
        self.waiting.clear()
        return line


class _Screen(io.TextIOBase):
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.lock = threading.Lock()

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:  # type: ignore[override]
        with self.lock:
            self.parts.append(text)
        return len(text)

    def text(self) -> str:
        with self.lock:
            return "".join(self.parts)


class ConsoleSession:
    """A console running in a thread, typed into line by line."""

    def __init__(self, db: Path, **overrides: object) -> None:
        self.keyboard, self.screen = _Keyboard(), _Screen()
        self.exit_code: int | None = None
        self.thread = threading.Thread(target=self._run, args=(db, overrides), daemon=True)
        self.thread.start()
        self.banner = self._until_waiting()

    def _run(self, db: Path, overrides: dict[str, object]) -> None:
        self.exit_code = run_console(stdin=self.keyboard, stdout=self.screen, clinic_bot_db=db, **overrides)

    def _until_waiting(self) -> str:
        start = len(self.screen.text())
        assert self.keyboard.waiting.wait(REPLY_TIMEOUT), "the console never asked for the next line"
        return self.screen.text()[start:]

    def type(self, line: str) -> str:
        """Type a line; returns what the console drew in answer (up to its next prompt)."""
        start = len(self.screen.text())
        self.keyboard.waiting.clear()
        self.keyboard.lines.put(line + "\n")
        assert self.keyboard.waiting.wait(REPLY_TIMEOUT), f"no prompt after {line!r}"
        return self.screen.text()[start:]

    def close(self, line: str | None = "quit") -> int | None:
        self.keyboard.lines.put("" if line is None else line + "\n")
        self.thread.join(REPLY_TIMEOUT)
        assert not self.thread.is_alive(), "the console did not leave"
        return self.exit_code


def button(reply: str, label: str) -> str:
    """The number of the button labelled `label` in `reply` (the last card drawn)."""
    numbers = re.findall(r"\[(\d+)\] " + re.escape(label), reply)
    assert numbers, f"no [n] {label} button in:\n{reply}"
    return numbers[-1]


def buttons(reply: str) -> list[tuple[str, str]]:
    """(number, label) of every button in the reply, labels up to the next button or line end."""
    return re.findall(r"\[(\d+)\] (.+?)(?=\s{3}\[\d+\]|$)", reply, flags=re.MULTILINE)
