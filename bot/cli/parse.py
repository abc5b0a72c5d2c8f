"""`clinic-bot parse`: the parser's debugging command, one request or a JSON-lines stream.

The only module of bot.nlu that does I/O. It prints the contract's JSON and
never logs request text (patient data).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from datetime import datetime
from typing import IO, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.nlu.parser import parse_request

SUMMARY = "parse one request (or JSON lines on stdin) and print the contract JSON"
DESCRIPTION = """Print the structured intent of a staff request as JSON (see the parsing contract). Reads no booking
system and changes nothing. Settings: CLINIC_TZ (the zone when --tz is not given)."""
"""What `clinic-bot parse --help` says (argparse re-wraps it)."""


def add_subcommand(subparsers: argparse._SubParsersAction) -> None:
    """Register `parse` on the `clinic-bot` command line."""
    parser = subparsers.add_parser("parse", help=SUMMARY, description=DESCRIPTION)
    parser.add_argument("--now", help="local wall time in --tz, e.g. 2026-03-05T10:00 (default: now)")
    parser.add_argument("--tz", help="IANA zone (default: the configured clinic zone, CLINIC_TZ)")
    parser.add_argument("--date-order", choices=("MDY", "DMY"), default="MDY", dest="date_order")
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help='read {"id","text","now","tz"[,"date_order"]} lines on stdin, write one result per line',
    )
    parser.add_argument("text", nargs="?", help="the request text")
    parser.set_defaults(handler=run_parse)


def _default_zone() -> str:
    from bot.config import Settings, load  # settings only when --tz is not given

    return load(Settings).clinic_timezone


def _local_now(value: object, zone: str) -> datetime:
    if value is None or value == "":
        return datetime.now(ZoneInfo(zone)).replace(tzinfo=None)
    if not isinstance(value, str):
        raise ValueError(f'"now" must be a local date and time like 2026-03-05T10:00, not {_kind(value)}')
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f'"now" must be a local date and time like 2026-03-05T10:00, not {value!r}') from None
    return parsed.astimezone(ZoneInfo(zone)).replace(tzinfo=None) if parsed.tzinfo else parsed


def _check_zone(zone: object) -> str:
    if not isinstance(zone, str):
        raise ValueError(f'"tz" must be an IANA zone name like America/Chicago, not {_kind(zone)}')
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {zone!r} (use an IANA name like America/Chicago)") from None
    return zone


def _kind(value: object) -> str:
    """What a JSON value is, in words, for an error line (`a number`, `a list`)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _parse_one(text: str, now: object, zone: object, order: object) -> dict[str, object]:
    if order not in ("MDY", "DMY"):
        raise ValueError(f'"date_order" must be MDY or DMY, not {order!r}')
    checked = _check_zone(zone)
    result = parse_request(text, _local_now(now, checked), checked, order)
    return result.to_contract_json()


# The id of a line that is not valid JSON, when its start can still be read: {"id": "r7", "text": "...
_LEADING_ID = re.compile(r'^\s*\{\s*"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)')


def _readable_id(line: str) -> Any:
    match = _LEADING_ID.match(line)
    if match is None:
        return None
    try:
        return json.loads(match.group(1))
    except ValueError:
        return None


def _answer(line: str, number: int, default_zone: Callable[[], str], args: argparse.Namespace) -> dict[str, object]:
    """One output object for one input line: the contract JSON with its id, or {"id", "error"} in words.

    An error names the line and what is wrong with it, never the request text (patient data).
    """
    try:
        item = json.loads(line.strip())
    except ValueError as error:
        detail = error.msg.lower().removesuffix(" at") if isinstance(error, json.JSONDecodeError) else "unreadable"
        column = f" at column {error.colno}" if isinstance(error, json.JSONDecodeError) else ""
        return {"id": _readable_id(line), "error": f"line {number} is not valid JSON: {detail}{column}"}
    if not isinstance(item, dict):
        return {"id": None, "error": f"line {number} is not a JSON object but {_kind(item)}"}
    ident = item.get("id")
    text = item.get("text")
    if not isinstance(text, str):
        missing = "has no" if text is None else f"has {_kind(text)} as its"
        return {"id": ident, "error": f'line {number} {missing} "text": it must be the request as a string'}
    try:
        zone = item.get("tz") or args.tz or default_zone()
        order = item.get("date_order") or args.date_order
        return {"id": ident, **_parse_one(text, item.get("now") or args.now, zone, order)}
    except ValueError as error:
        return {"id": ident, "error": f"line {number}: {error}"}
    except Exception as error:  # one bad line must not end the stream
        from bot.config import ConfigError  # settings are read only when a line gives no zone

        if isinstance(error, ConfigError):
            return {"id": ident, "error": f"line {number} gives no tz and the clinic zone is not set: {error}"}
        return {"id": ident, "error": f"line {number} could not be parsed ({type(error).__name__}); please report it"}


def _run_lines(stdin: IO[str], stdout: IO[str], default_zone: str | None, args: argparse.Namespace) -> int:
    zones: list[str] = [default_zone] if default_zone else []

    def zone() -> str:
        if not zones:
            zones.append(_default_zone())
        return zones[0]

    for number, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        stdout.write(json.dumps(_answer(line, number, zone, args), ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def run_parse(args: argparse.Namespace) -> int:
    """Print the contract JSON for TEXT, or one line per input line with --jsonl; exit 0."""
    if args.jsonl:
        return _run_lines(sys.stdin, sys.stdout, args.tz, args)
    zone = args.tz or _default_zone()
    text = args.text if args.text is not None else sys.stdin.read()
    try:
        output = _parse_one(text, args.now, zone, args.date_order)
    except ValueError as error:
        print(f"clinic-bot parse: {error}", file=sys.stderr)
        return 2
    print(json.dumps(output, ensure_ascii=False))
    return 0
