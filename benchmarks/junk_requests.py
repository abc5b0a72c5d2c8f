"""Junk at the public URL: 1,000 unsigned and 1,000 signed malformed requests to the real served bot.

Anyone who finds the bot's URL can POST to it; Slack itself may deliver a
payload of a shape the bot did not expect. This starts `clinic-bot serve`
(HTTP, demo clinic, Web API on the Slack stand-in; tests/e2e/harness.py) and
sends it malformed requests made from Slack-shaped ones (slash commands, DMs
and @mentions, button clicks) by one random mutation each: a field removed or
given the wrong type, a lone surrogate or control characters in the text,
broken JSON, bytes that are not UTF-8, a truncated body, the wrong content
type, an unknown action, a button value edited or oversized, a body over the
size limit. Half are sent unsigned (or badly signed, or stale), half signed
with the bot's secret. It prints, for each half, the count of 2xx / 4xx / 5xx
answers, and the number of traceback lines and log lines per request in the
bot's log, beside a floor measured in the same run: the same bot answering
well-formed signed requests (its log lines per request).

Targets: 0 5xx, 0 tracebacks; unsigned: every answer a 4xx.

    .venv/bin/python benchmarks/junk_requests.py [--requests 1000] [--concurrency 8] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bot.cli.http_edge import MAX_BODY_BYTES  # noqa: E402
from bot.engine.buttons import ACTION_PREFIX  # noqa: E402
from bot.local.slack import (  # noqa: E402
    block_actions_payload,
    dm_event,
    event_callback,
    mention_event,
    slash_command_payload,
)
from tests.e2e.harness import CHANNEL, FRONT_DESK, OUTSIDER, Clinic, ServedBot, clinic_slack  # noqa: E402
from tests.faults.edge_support import signature_headers  # noqa: E402

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
AWKWARD = ["\ud800", "\udfff", "\x00", "\x1b[2J", "\x7f", "\u202e", "\ufeff"]
WRONG_TYPES: list[Any] = [None, 7, 1.5, True, [], {}, [1, "x"], {"id": None}, "", "x" * 300]


@dataclass
class Junk:
    body: bytes
    content_type: str
    what: str


# -- Slack-shaped requests, then broken -------------------------------------------------------------------


def command(rng: random.Random, response_url: str) -> dict[str, Any]:
    name = rng.choice(["/reschedule", "/cancel"])
    fields = slash_command_payload(
        name,
        "maria lopez tue to fri morning",
        user_id=rng.choice([FRONT_DESK, OUTSIDER]),
        channel_id=CHANNEL,
        response_url=response_url,
    )
    return dict(fields)


def event(rng: random.Random) -> dict[str, Any]:
    inner = rng.choice(
        [
            dm_event("hello there", user_id=FRONT_DESK),
            mention_event("cancel john", user_id=FRONT_DESK, channel_id=CHANNEL),
        ]
    )
    return event_callback(inner, event_id=f"Ev{rng.getrandbits(48):012X}")


def click(rng: random.Random, response_url: str) -> dict[str, Any]:
    value = json.dumps({"c": f"{rng.getrandbits(64):016x}", "v": 1, "k": "confirm", "s": "0" * 12})
    return block_actions_payload(
        ACTION_PREFIX + "confirm:0",
        value,
        user_id=FRONT_DESK,
        response_url=response_url,
        channel_id="D" + FRONT_DESK,
        container={"type": "message", "message_ts": "1.000100", "channel_id": "D" + FRONT_DESK},
    )


def mutate_fields(rng: random.Random, fields: dict[str, Any]) -> str:
    """Break one field of `fields` in place (or of its event / first action); says which, in a few words."""
    target = fields
    if isinstance(fields.get("event"), dict) and rng.random() < 0.6:
        target = fields["event"]
    elif isinstance(fields.get("actions"), list) and rng.random() < 0.6:
        target = fields["actions"][0]
    name = rng.choice(sorted(target))
    kind = rng.choice(["remove", "wrong type", "awkward text", "unknown action", "oversized"])
    if kind == "remove":
        del target[name]
    elif kind == "wrong type":
        target[name] = rng.choice(WRONG_TYPES)
    elif kind == "awkward text":
        target[name] = f"{target.get(name, '')}{rng.choice(AWKWARD)}{rng.choice(AWKWARD)}"
    elif kind == "unknown action":
        target[name] = rng.choice(["other_app:thing", ACTION_PREFIX + "nope:9", ""])
    else:
        target[name] = "x" * rng.choice([2_001, 5_000, 40_000])
    return f"{kind} {name}"


def encoded(fields: dict[str, Any], shape: str, surrogates_ok: bool) -> tuple[bytes, str]:
    if shape == "click":
        return urlencode({"payload": json.dumps(fields)}).encode(), FORM
    if shape == "event":
        return json.dumps(fields).encode(), JSON
    text = {
        key: str(value).encode("utf-8", "surrogatepass" if surrogates_ok else "replace")
        for key, value in fields.items()
    }
    return urlencode(text).encode(), FORM


def make_junk(rng: random.Random, response_url: str) -> Junk:
    shape = rng.choice(["command", "event", "click"])
    fields = {
        "command": lambda: command(rng, response_url),
        "event": lambda: event(rng),
        "click": lambda: click(rng, response_url),
    }[shape]()
    damage = rng.choice(
        ["field"] * 30 + ["bytes"] * 5 + ["json"] * 5 + ["content type"] * 5 + ["truncated"] * 5 + ["huge"]
    )
    what = f"{shape}: {damage}"
    if damage == "field":
        what = f"{shape}: {mutate_fields(rng, fields)}"
    body, content_type = encoded(fields, shape, surrogates_ok=damage == "bytes")
    if damage == "bytes":
        cut = rng.randrange(len(body))
        body = body[:cut] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x80"]) + body[cut:]
    elif damage == "json":
        body = rng.choice([b"{bad json", b"[1, 2, 3]", b'"a string"', b"null", b"{" * 50])
        content_type = JSON if rng.random() < 0.5 else content_type
        if content_type == FORM:
            body = urlencode({"payload": body.decode()}).encode()
    elif damage == "content type":
        content_type = rng.choice(["text/plain", "", "multipart/form-data", "application/xml"])
    elif damage == "huge":
        body = body + b"&pad=" + b"x" * (MAX_BODY_BYTES + 1)
    elif damage == "truncated":
        body = body[: rng.randrange(1, max(2, len(body) // 2))]
    return Junk(body, content_type, what)


def unsigned_headers(rng: random.Random, secret: str, body: bytes) -> dict[str, str]:
    return rng.choice(
        [
            lambda: {},
            lambda: signature_headers(body, secret + "-forged"),
            lambda: signature_headers(body, secret, timestamp=int(time.time()) - 6 * 60),
            lambda: {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": "v0=00"},
        ]
    )()


# -- sending --------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    statuses: Counter[str]
    examples_5xx: list[str]
    log_lines: int
    tracebacks: int
    sent: int

    def line(self, name: str) -> str:
        per = self.log_lines / self.sent if self.sent else 0.0
        return (
            f"{name:<34} sent {self.sent:5d}   2xx {self.statuses['2xx']:5d}   4xx {self.statuses['4xx']:5d}   "
            f"5xx {self.statuses['5xx']:5d}   other {self.statuses['other']:3d}   tracebacks {self.tracebacks:3d}   "
            f"log lines/request {per:4.2f}"
        )


def status_class(code: int) -> str:
    return {2: "2xx", 4: "4xx", 5: "5xx"}.get(code // 100, "other")


def fire(
    bot: ServedBot, requests: list[tuple[bytes, str, dict[str, str], str]], concurrency: int
) -> tuple[Counter[str], list[str]]:
    statuses: Counter[str] = Counter()
    failures: list[str] = []

    local = threading.local()

    def one(request: tuple[bytes, str, dict[str, str], str]) -> tuple[str, str]:
        body, content_type, headers, what = request
        sent = {"Content-Type": content_type, **headers} if content_type else headers
        client = getattr(local, "client", None) or httpx.Client(timeout=30)
        local.client = client
        try:
            code = client.post(bot.events_url, content=body, headers=sent).status_code
        except httpx.HTTPError as error:
            return "other", f"{what}: {type(error).__name__}"
        return status_class(code), f"{what}: HTTP {code}"

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for kind, said in pool.map(one, requests):
            statuses[kind] += 1
            if kind in {"5xx", "other"}:
                failures.append(said)
    return statuses, failures


def measured(
    bot: ServedBot, name: str, requests: list[tuple[bytes, str, dict[str, str], str]], concurrency: int, settle: float
) -> Tally:
    before = bot.log().splitlines()
    statuses, failures = fire(bot, requests, concurrency)
    time.sleep(settle)  # the work some signed requests started writes its own lines after the ack
    after = bot.log().splitlines()[len(before) :]
    tracebacks = sum(1 for line in after if "Traceback" in line)
    return Tally(statuses, failures, len(after), tracebacks, len(requests))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000, help="malformed requests of each kind (default 1000)")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight at once (default 8)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="junk-requests-") as tmp, clinic_slack() as slack:
        bot = ServedBot(slack, Clinic(Path(tmp)).seed(), settings={"LOG_LEVEL": "INFO"}).start()
        try:
            diary = bot.clinic.appointments()
            response_url = slack.url + "/response/junk"  # the stand-in says 404: no retries, never the network

            def batch(
                signed: bool, count: int, make: Callable[[], Junk]
            ) -> list[tuple[bytes, str, dict[str, str], str]]:
                out = []
                for _ in range(count):
                    junk = make()
                    headers = (
                        signature_headers(junk.body, bot.secret)
                        if signed
                        else unsigned_headers(rng, bot.secret, junk.body)
                    )
                    out.append((junk.body, junk.content_type, headers, junk.what))
                return out

            def well_formed() -> Junk:
                fields = event(rng)
                return Junk(json.dumps(fields).encode(), JSON, "well-formed DM")

            floor = measured(bot, "floor: well-formed signed DMs", batch(True, 100, well_formed), args.concurrency, 3.0)
            unsigned = measured(
                bot,
                "unsigned / forged / stale",
                batch(False, args.requests, lambda: make_junk(rng, response_url)),
                args.concurrency,
                0.5,
            )
            signed = measured(
                bot,
                "signed malformed",
                batch(True, args.requests, lambda: make_junk(rng, response_url)),
                args.concurrency,
                3.0,
            )
            unchanged = bot.clinic.appointments() == diary
            audited = len(bot.clinic.audit())
        finally:
            bot.stop()
        whole_log_tracebacks = bot.log().count("Traceback")

    print(f"junk at /slack/events of the served bot, {args.concurrency} concurrent, seed {args.seed}")
    for name, tally in (
        ("floor: well-formed signed DMs", floor),
        ("unsigned / forged / stale", unsigned),
        ("signed malformed", signed),
    ):
        print(tally.line(name))
    for name, tally in (("unsigned", unsigned), ("signed", signed)):
        for said in tally.examples_5xx[:5]:
            print(f"  {name} 5xx/other: {said}")
    print(
        f"tracebacks in the whole log: {whole_log_tracebacks}; appointments unchanged: {unchanged}; "
        f"audit rows: {audited}"
    )
    print(
        "target: 0 5xx, 0 tracebacks; every unsigned answer a 4xx "
        f"(got {unsigned.statuses['5xx'] + signed.statuses['5xx']} 5xx, {whole_log_tracebacks} tracebacks, "
        f"{unsigned.sent - unsigned.statuses['4xx']} unsigned not 4xx)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
