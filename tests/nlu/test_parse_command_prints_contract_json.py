"""`clinic-bot parse`: one request, and a JSON-lines stream that survives a bad line."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import parse as cli

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = (
    "import sys, argparse\n"
    "from bot.cli import parse as cli\n"
    "parser = argparse.ArgumentParser(prog='clinic-bot')\n"
    "cli.add_subcommand(parser.add_subparsers(dest='command'))\n"
    "args = parser.parse_args(sys.argv[1:])\n"
    "sys.exit(args.handler(args))\n"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clinic-bot")
    cli.add_subcommand(parser.add_subparsers(dest="command"))
    return parser


def test_single_request_prints_one_json_object(capsys: pytest.CaptureFixture[str]) -> None:
    args = _parser().parse_args(
        [
            "parse",
            "--now",
            "2026-03-05T10:00",
            "--tz",
            "America/Chicago",
            "Move Maria Lopez from Tue 3pm to Friday morning",
        ]
    )
    assert args.handler(args) == 0
    assert json.loads(capsys.readouterr().out) == {
        "intent": "reschedule",
        "patient": {"name": "Maria Lopez", "date_of_birth": None, "phone": None, "booking_ref": None},
        "current": {"start": "2026-03-10T15:00:00-05:00", "end": "2026-03-10T15:00:00-05:00"},
        "target": {"start": "2026-03-06T08:00:00-06:00", "end": "2026-03-06T12:00:00-06:00"},
        "reason": None,
    }


def test_unknown_text_still_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    args = _parser().parse_args(["parse", "--now", "2026-03-05T10:00", "--tz", "UTC", "thanks!"])
    assert args.handler(args) == 0
    assert json.loads(capsys.readouterr().out)["intent"] == "unknown"


def test_tz_defaults_to_the_clinic_zone(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLINIC_TZ", "Europe/Berlin")
    args = _parser().parse_args(["parse", "--now", "2026-03-05T10:00", "move pt Lee asap"])
    assert args.handler(args) == 0
    assert json.loads(capsys.readouterr().out)["target"] == {"start": "2026-03-05T10:00:00+01:00", "end": None}


def test_jsonl_answers_every_line_in_order_and_survives_a_bad_line(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [
        {"id": "a", "text": "cancel pt jones tmrw, she's sick", "now": "2026-03-05T10:00", "tz": "America/Chicago"},
        "this is not json",
        {
            "id": "c",
            "text": "move Ann to 16/3 at 9",
            "now": "2026-03-05T10:00",
            "tz": "Europe/Berlin",
            "date_order": "DMY",
        },
        {"id": "d", "text": 42, "now": "2026-03-05T10:00", "tz": "UTC"},
        {"id": "e", "text": "move Ann to Friday", "now": "2026-03-05T10:00", "tz": "Mars/Olympus"},
        {"id": "f", "text": "hello", "now": "2026-03-05T10:00", "tz": "UTC"},
    ]
    stdin = io.StringIO("\n".join(json.dumps(x) if isinstance(x, dict) else x for x in lines) + "\n")
    stdout = io.StringIO()
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", stdout)
    args = _parser().parse_args(["parse", "--jsonl"])
    assert args.handler(args) == 0
    out = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert [o.get("id") for o in out] == ["a", None, "c", "d", "e", "f"]
    assert out[0]["intent"] == "cancel" and out[0]["reason"] == "Sick"
    assert out[0]["current"] == {"start": "2026-03-06T00:00:00-06:00", "end": "2026-03-07T00:00:00-06:00"}
    assert set(out[1]) == {"id", "error"}
    assert out[2]["target"] == {"start": "2026-03-16T09:00:00+01:00", "end": "2026-03-16T09:00:00+01:00"}
    assert "error" in out[3] and "error" in out[4]
    assert out[5]["intent"] == "unknown"


def test_jsonl_in_a_real_process_flushes_each_line() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, "parse", "--jsonl"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(json.dumps({"id": 1, "text": "cancel #48213", "now": "2026-03-05T10:00", "tz": "UTC"}) + "\n")
    process.stdin.flush()
    first = json.loads(process.stdout.readline())  # answered before stdin closes: flushed per line
    assert first == {
        "id": 1,
        "intent": "cancel",
        "patient": {"name": None, "date_of_birth": None, "phone": None, "booking_ref": "48213"},
        "current": None,
        "target": None,
        "reason": None,
    }
    process.stdin.write("{broken\n")
    process.stdin.close()
    assert json.loads(process.stdout.readline())["error"]
    assert process.wait(timeout=30) == 0
