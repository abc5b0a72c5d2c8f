"""A pasted or repeated long message is answered at once, not after seconds of regex backtracking.

Slack allows messages of tens of thousands of characters; a request like that must not stall the bot for
everyone else. Each shape below once made a rule scan the rest of the text for every word.

The guard is CPU time of this thread (not wall time, which a loaded CI machine stretches) with a
generous bound: a backtracking rule costs seconds to minutes on these shapes, a healthy parse
milliseconds. Speed figures come from benchmarks/parse_speed.py, not from here.
"""

from __future__ import annotations

import time
from datetime import datetime

import pytest

from bot.nlu import parse_request

CPU_SECONDS = 2.0
"""Far above a healthy parse of these texts (~0.1 s at most), far below what a backtracking rule costs."""

SHAPES = [
    "move maria lopez from tue 3pm to fri morning " * 200,
    "Mr. " * 1000,
    "de la " * 1000 + "cruz",
    "maria lopez " * 1000,
    "Maria Lopez's " * 500,
    "pt " * 2000,
    "1/2/3/4/5/" * 500,
    "555-" * 1000,
    "<@U1|" * 500,
    "take " * 500 + "off",
    # the shapes message.py and the v2 rules read: lists, quotes, headers, sign-offs, shorthand, headings
    "1) cancel " * 1000 + "2) x",
    "> quoted line\n" * 2000,
    "From: a\nSent: b\n" * 500,
    "thanks, " * 1000 + "Sarah",
    "x out r/s mv " * 500,
    "12/03-14:30 " * 500,
    "\n" * 5000 + "cancel",
    "- item\n" * 2000,
    "lopez, maria " * 1000,
    "called this morning " * 500,
]


@pytest.mark.parametrize("text", SHAPES, ids=[s[:16] for s in SHAPES])
def test_a_long_message_parses_without_runaway_backtracking(text: str) -> None:
    started = time.thread_time()
    result = parse_request(text, datetime(2026, 3, 5, 10), "America/Chicago")
    assert time.thread_time() - started < CPU_SECONDS
    assert result.intent in ("reschedule", "cancel", "unknown")
