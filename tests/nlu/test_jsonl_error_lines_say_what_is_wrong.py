"""`clinic-bot parse --jsonl`: a bad input line answers with its id and a sentence naming the line and the fault.

Whoever runs a batch through the parser needs to find and fix the bad line without reading a traceback, and
the error must never repeat the request text (patient data).
"""

from __future__ import annotations

import argparse
import io
import json
import sys

import pytest

from bot.cli import parse as cli

NOW = "2026-03-05T10:00"


def _run(monkeypatch: pytest.MonkeyPatch, lines: list[str]) -> list[dict[str, object]]:
    parser = argparse.ArgumentParser(prog="clinic-bot")
    cli.add_subcommand(parser.add_subparsers(dest="command"))
    stdout = io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    monkeypatch.setattr(sys, "stdout", stdout)
    args = parser.parse_args(["parse", "--jsonl"])
    assert args.handler(args) == 0
    return [json.loads(line) for line in stdout.getvalue().splitlines()]


def _line(**fields: object) -> str:
    return json.dumps(fields)


def test_a_broken_json_line_keeps_its_readable_id_and_names_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    good = _line(id="ok", text="cancel pt jones tmrw", now=NOW, tz="UTC")
    out = _run(monkeypatch, [good, '{"id": "r2", "text": "can'])
    assert out[1] == {"id": "r2", "error": "line 2 is not valid JSON: unterminated string starting at column 22"}


def test_a_line_that_is_not_an_object_says_what_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(monkeypatch, ["[1, 2]"]) == [{"id": None, "error": "line 1 is not a JSON object but a list"}]


def test_blank_lines_count_in_the_line_numbers_but_get_no_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _run(monkeypatch, ["", "   ", "oops"])
    assert out == [{"id": None, "error": "line 3 is not valid JSON: expecting value at column 1"}]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"now": NOW, "tz": "UTC"}, 'line 1 has no "text": it must be the request as a string'),
        (
            {"text": 42, "now": NOW, "tz": "UTC"},
            'line 1 has a number as its "text": it must be the request as a string',
        ),
        (
            {"text": "move Ann to fri", "now": NOW, "tz": "Mars/Olympus"},
            "line 1: unknown time zone 'Mars/Olympus' (use an IANA name like America/Chicago)",
        ),
        (
            {"text": "move Ann to fri", "now": "tomorrow", "tz": "UTC"},
            "line 1: \"now\" must be a local date and time like 2026-03-05T10:00, not 'tomorrow'",
        ),
        (
            {"text": "move Ann to fri", "now": NOW, "tz": "UTC", "date_order": "YMD"},
            "line 1: \"date_order\" must be MDY or DMY, not 'YMD'",
        ),
    ],
)
def test_a_bad_field_is_named_with_what_it_should_be(
    monkeypatch: pytest.MonkeyPatch, fields: dict[str, object], error: str
) -> None:
    assert _run(monkeypatch, [_line(id=7, **fields)]) == [{"id": 7, "error": error}]


def test_an_error_never_repeats_the_request_text(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _run(monkeypatch, [_line(id=1, text="cancel Maria Lopez DOB 4/5/1980", now=NOW, tz="Nowhere/Land")])
    assert "Maria" not in out[0]["error"] and "1980" not in out[0]["error"]


def test_a_parser_failure_on_one_line_does_not_end_the_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    real = cli.parse_request

    def failing(text: str, *rest: object) -> object:
        if text == "boom":
            raise RuntimeError("internal")
        return real(text, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "parse_request", failing)
    out = _run(monkeypatch, [_line(id=1, text="boom", now=NOW, tz="UTC"), _line(id=2, text="hi", now=NOW, tz="UTC")])
    assert out[0] == {"id": 1, "error": "line 1 could not be parsed (RuntimeError); please report it"}
    assert out[1]["intent"] == "unknown"
