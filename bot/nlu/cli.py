"""`clinic-bot parse`: the parser's debugging command, one request or a JSON-lines stream.

The only module of bot.nlu that does I/O. It prints the contract's JSON and
never logs request text (patient data).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import IO, Any, Literal, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.nlu.parser import parse_request

DateOrder = Literal["MDY", "DMY"]


def add_subcommand(subparsers: argparse._SubParsersAction) -> None:
    """Register `parse` on the `clinic-bot` command line."""
    parser = subparsers.add_parser(
        "parse",
        help="parse one request (or JSON lines on stdin) and print the contract JSON",
        description="Print the structured intent of a staff request as JSON (see the parsing contract).",
    )
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


def _local_now(value: str | None, zone: str) -> datetime:
    if not value:
        return datetime.now(ZoneInfo(zone)).replace(tzinfo=None)
    parsed = datetime.fromisoformat(value)
    return parsed.astimezone(ZoneInfo(zone)).replace(tzinfo=None) if parsed.tzinfo else parsed


def _check_zone(zone: str) -> str:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {zone!r}") from error
    return zone


def _parse_one(text: str, now: str | None, zone: str, order: str) -> dict[str, object]:
    if order not in ("MDY", "DMY"):
        raise ValueError(f"date_order must be MDY or DMY, not {order!r}")
    zone = _check_zone(zone)
    result = parse_request(text, _local_now(now, zone), zone, cast(DateOrder, order))
    return result.to_contract_json()


def _run_lines(stdin: IO[str], stdout: IO[str], default_zone: str | None, args: argparse.Namespace) -> int:
    zone_cache: list[str] = [default_zone] if default_zone else []
    for line in stdin:
        if not line.strip():
            continue
        ident: Any = None
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("each line must be a JSON object")
            ident = item.get("id")
            text = item.get("text")
            if not isinstance(text, str):
                raise ValueError("`text` must be a string")
            zone = item.get("tz") or args.tz
            if zone is None:
                if not zone_cache:
                    zone_cache.append(_default_zone())
                zone = zone_cache[0]
            now = item.get("now") or args.now
            order = item.get("date_order") or args.date_order
            output: dict[str, object] = {"id": ident, **_parse_one(text, now, str(zone), str(order))}
        except (ValueError, TypeError) as error:
            output = {"id": ident, "error": str(error)}
        stdout.write(json.dumps(output, ensure_ascii=False) + "\n")
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
