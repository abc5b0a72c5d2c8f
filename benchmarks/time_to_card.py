"""How long a person waits for each card: request sent -> card received by Slack, per step, under load.

A whole /reschedule is three requests, each answered by a card in the person's DM:
the command (a new card offering times), the click on a time (the card redrawn to
ask for confirmation) and the click on Confirm (the card redrawn with the outcome,
after the booking system has moved the appointment). This drives whole conversations
against (a) the real bot (`clinic-bot serve`, HTTP, sandbox backend, Web API pointed
at the Slack stand-in) and (b) a bare Bolt app on the same server stack that acks
and posts (or updates) a static card with the same buttons, at concurrency 1, 10 and
50 (each worker its own Slack user and its own appointments, one conversation after
another). The Slack stand-in (bot/local/slack) runs in a third process and notes the
moment each card arrives, on the machine's monotonic clock, which this process reads
too. Prints p50/p95/p99 per step for both side by side, the ratios, whole conversations
per second and the server's CPU per conversation. Figures only, never pass/fail.

Targets (issue 12): p50 at concurrency 1 within 3x of the bare app, p99 at
concurrency 50 within 2x, >= 50 whole conversations/s from one process.

    .venv/bin/python benchmarks/time_to_card.py [--conversations 100] [--levels 1,10,50] [--rounds 3] [--threads 16]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.ack_latency import (  # noqa: E402
    CLINIC_TZ,
    add_child_roles,
    base_env,
    child_role,
    clinic_bot,
    free_port,
    percentile,
    piped,
    running,
    serve_on_waitress,
    served_settings,
)
from bot.cli.slack_http import PerThreadHttp  # noqa: E402
from bot.local.slack import block_actions_body, sign, slash_command_body  # noqa: E402

CHANNEL = "C0FRONTDESK"
STEPS = ("command", "choose slot", "confirm")
WAIT_SECONDS = 30.0
WARM_UP = 3
MAX_CLICKS = 6
CLICKS: tuple[tuple[int | None, str], ...] = ((2, "confirm"), (1, "choose_slot"), (None, "choose_appointment"))
"""What a card asks, in the order the driver answers it, and the step its click's wait counts under. Moves can
leave one patient with two bookings at one time (different practitioners): the bot then asks which, and the
driver picks one as staff would (that wait is not one of the three steps)."""
WORKING = "Working on it"
TARGET_P50_RATIO_AT_1 = 3.0
TARGET_P99_RATIO_AT_50 = 2.0
TARGET_CONVERSATIONS_PER_SECOND = 50.0


def user_of(worker: int) -> str:
    return f"U0BENCH{worker:03d}"


# -- the Slack stand-in, in its own process, with a control port for the load ------------------------


def serve_slack(users: int) -> int:
    """--serve-slack USERS: the stand-in plus a control server; prints both URLs, serves until stdin closes.

    Control routes (JSON in, JSON out): /url {user} (a fresh command response_url), /count {channel} (cards
    so far), /wait {channel, after, want} (blocks until the channel's `after`-th or later card offers a `want`
    button, or is a final card), /press {...} (a click's response_url, container and message, as Slack sends them).
    """
    from bot.local.slack import SlackStandIn, buttons_in

    cards: dict[str, list[dict[str, Any]]] = {}
    calls: dict[str, int] = {}
    arrived = threading.Lock()
    watchers: dict[str, threading.Condition] = {}
    """One condition per channel (all on `arrived`): a card wakes only the worker waiting for that channel."""

    def watcher(channel: str) -> threading.Condition:
        found = watchers.get(channel)
        if found is None:
            found = watchers[channel] = threading.Condition(arrived)
        return found

    class Timed(SlackStandIn):
        def deliver(self, target: str, payload: dict[str, Any], answer: dict[str, Any]) -> None:
            super().deliver(target, payload, answer)
            method = "response_url" if "/response/" in target else target
            with arrived:
                calls[method] = calls.get(method, 0) + 1
            if "/response/" in target:  # a reply to a response_url: the person is told where the card is
                with arrived:
                    cards.setdefault(target, []).append({"at": time.monotonic(), "method": "response_url"})
                    watcher(target).notify_all()
                return
            if target not in ("chat.postMessage", "chat.update") or not answer.get("ok"):
                return
            blocks = payload.get("blocks")
            card = {
                "at": time.monotonic(),
                "method": target,
                "ts": answer.get("ts"),
                "text": str(payload.get("text") or ""),
                "buttons": [
                    {"action_id": b.get("action_id"), "value": b.get("value")}
                    for b in buttons_in(blocks if isinstance(blocks, list) else [])
                ],
            }
            channel = str(answer.get("channel") or payload.get("channel"))
            with arrived:
                cards.setdefault(channel, []).append(card)
                watcher(channel).notify_all()

    def matches(card: dict[str, Any], want: str) -> bool:
        """'posted': a new card; 'redraw:<ts>': that card redrawn with something to read (not 'Working on it')."""
        if want in ("posted", "reply"):
            return bool(card["method"] == ("chat.postMessage" if want == "posted" else "response_url"))
        return card["method"] == "chat.update" and want == f"redraw:{card['ts']}" and WORKING not in card["text"]

    people = {user_of(n): CLINIC_TZ for n in range(users)}
    with Timed(users=people) as slack:

        def new_url(asked: dict[str, str]) -> dict[str, Any]:
            return {"url": slack.new_response_url(user_id=asked["user"], channel_id=CHANNEL)}

        def wait(asked: dict[str, str]) -> dict[str, Any]:
            channel, want, seen = asked["channel"], asked["want"], int(asked.get("after") or 0)
            deadline = time.monotonic() + WAIT_SECONDS
            with arrived:
                while True:
                    mine = cards.get(channel, [])
                    for index in range(seen, len(mine)):
                        if matches(mine[index], want):
                            return {**mine[index], "seq": index}
                    seen = len(mine)
                    left = deadline - time.monotonic()
                    if left <= 0:
                        last = mine[-1] if mine else {}
                        kinds = sorted({str(b["action_id"]).split(":")[1] for b in last.get("buttons", [])})
                        return {"timeout": True, "seq": len(mine), "last": f"{last.get('method')} {kinds}"}
                    watcher(channel).wait(left)

        def count(asked: dict[str, str]) -> dict[str, Any]:
            with arrived:
                return {"seq": len(cards.get(asked["channel"], []))}

        def counted(asked: dict[str, str]) -> dict[str, Any]:
            with arrived:
                return dict(calls)

        def press(asked: dict[str, str]) -> dict[str, Any]:
            pressed = slack.press(
                asked["user"], asked["action_id"], asked["value"], message_ts=asked["ts"], channel_id=asked["channel"]
            )
            return {"response_url": pressed.response_url, "container": pressed.container, "message": pressed.message}

        routes: dict[str, Callable[[dict[str, str]], dict[str, Any]]] = {
            "/url": new_url,
            "/wait": wait,
            "/count": count,
            "/press": press,
            "/calls": counted,
        }

        class Controlled(BaseHTTPRequestHandler):
            """The load's questions, each on its own thread (a /wait may block for a while)."""

            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                answer = json.dumps(routes[self.path](json.loads(self.rfile.read(length)))).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

        class ControlServer(ThreadingHTTPServer):
            request_queue_size = 256  # fifty workers connect at once; the default backlog of 5 resets some

        control = ControlServer(("127.0.0.1", 0), Controlled)
        control.daemon_threads = True
        threading.Thread(target=control.serve_forever, daemon=True).start()
        print(slack.api_url, flush=True)
        print(f"http://127.0.0.1:{control.server_address[1]}", flush=True)
        for _line in sys.stdin:
            pass
        control.shutdown()
    return 0


class Control:
    def __init__(self, url: str) -> None:
        self.url = url
        self.http = PerThreadHttp(timeout=WAIT_SECONDS + 10)  # the bot's own lean client: the load takes little CPU

    def call(self, route: str, asked: dict[str, Any]) -> dict[str, Any]:
        body, headers = json.dumps(asked).encode(), {"Content-Type": "application/json"}
        status, _reason, _headers, answer = self.http.request("POST", self.url + route, content=body, headers=headers)
        if status != 200:
            raise RuntimeError(f"the stand-in's control answered HTTP {status} to {route}")
        decoded: dict[str, Any] = json.loads(answer)
        return decoded


@contextmanager
def slack_stand_in(workdir: Path, users: int) -> Iterator[tuple[str, Control]]:
    """The stand-in (and its control port) in its own process: (its api_url, the control)."""
    with piped(__file__, "--serve-slack", str(users), workdir=workdir) as process:
        assert process.stdout is not None
        api_url, control_url = process.stdout.readline().strip(), process.stdout.readline().strip()
        if not control_url:
            raise SystemExit("the Slack stand-in did not start")
        yield api_url, Control(control_url)


# -- the bare app: ack, then a static card through the same stand-in ------------------------------------


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _buttons(*kinds: str) -> dict[str, Any]:
    return {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "text": {"type": "plain_text", "text": kind},
                "action_id": f"clinic_bot:{kind}:0",
                "value": kind,
            }
            for kind in kinds
        ],
    }


STATIC_CARDS = {
    "command": ("Pick a new time", [_section("Pick a new time"), _buttons("choose_slot")]),
    "choose_slot": ("Please check and confirm the move", [_section("Move this appointment?"), _buttons("confirm")]),
    "confirm": ("Moved.", [_section(":white_check_mark: Moved.")]),
}


def serve_bare(port: int, threads: int) -> int:
    """--serve-bare PORT: Bolt on waitress that acks, then posts (or updates) a static card (and answers a command's
    response_url, as the bot does): the floor."""
    from slack_bolt import Ack, App
    from slack_sdk import WebClient
    from slack_sdk.webhook import WebhookClient

    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])
    dms: dict[str, str] = {}

    @app.command("/reschedule")
    def card(ack: Ack, command: dict[str, Any]) -> None:
        ack()
        user = command["user_id"]
        if user not in dms:
            dms[user] = client.conversations_open(users=user)["channel"]["id"]
        text, blocks = STATIC_CARDS["command"]
        client.chat_postMessage(channel=dms[user], text=text, blocks=blocks)
        WebhookClient(command["response_url"]).send(text="Continued in your DM.", response_type="ephemeral")

    @app.action(re.compile("^clinic_bot:"))
    def redraw(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        text, blocks = STATIC_CARDS[str(action["value"])]
        client.chat_update(channel=body["channel"]["id"], ts=body["container"]["message_ts"], text=text, blocks=blocks)

    return serve_on_waitress(app, port, threads)


# -- the diary: each worker moves its own appointments, one conversation after another ------------------


@dataclass
class Diary:
    """Which appointments each worker moves, and where each one is now (read from the sandbox's own table)."""

    db: Path
    patients: dict[str, str]
    today: date
    local: threading.local = field(default_factory=threading.local)

    def start_of(self, appointment_id: str) -> datetime:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=30)
        (start,) = conn.execute("SELECT start_utc FROM sandbox_appointments WHERE id = ?", (appointment_id,)).fetchone()
        moment = datetime.fromisoformat(start)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def text_for(self, appointment_id: str, number: int) -> str:
        """'<patient> from <where it is now> to <another weekday soon>', as staff type it."""
        start = self.start_of(appointment_id).astimezone(ZoneInfo(CLINIC_TZ))
        # Spread over four weeks: fifty desks all asking for the same few days would mostly measure the bot
        # re-offering times another desk just took (benchmarks/two_staff_races.py measures that on purpose).
        day = self.today + timedelta(days=2 + number % 28)
        while day.weekday() >= 5 or day == start.date():
            day += timedelta(days=1)
        when = f"{start:%m/%d} {start:%I:%M%p}".lower()
        return f"{self.patients[appointment_id]} from {when} to {day:%m/%d}"


def movable(rows: list[dict[str, Any]], today: date) -> dict[str, str]:
    """Appointment id -> patient: booked, single, from two days ahead (so every move stays in the future)."""
    zone = ZoneInfo(CLINIC_TZ)
    found = {}
    for row in rows:
        start = datetime.fromisoformat(row["start"])
        local = start.astimezone(zone)
        ahead = local.date() > today + timedelta(days=1) and start.utcoffset() == local.utcoffset()
        if row["status"] == "booked" and not row["repeats"] and ahead:
            found[row["id"]] = row["patient"]
    return found


# -- one conversation -----------------------------------------------------------------------------------


@dataclass
class Driver:
    url: str
    secret: str
    control: Control
    diary: Diary | None
    """None for the bare app, which needs no real appointment."""
    http: PerThreadHttp = field(init=False)

    def __post_init__(self) -> None:
        self.http = PerThreadHttp(timeout=30)

    def _post(self, body: bytes) -> float:
        headers = {**sign(body, self.secret), "Content-Type": "application/x-www-form-urlencoded"}
        sent = time.monotonic()
        status, _reason, _headers, _answer = self.http.request("POST", self.url, content=body, headers=headers)
        if status != 200:
            raise RuntimeError(f"HTTP {status}")
        return sent

    def _card(self, dm: str, after: int, want: str) -> dict[str, Any]:
        card = self.control.call("/wait", {"channel": dm, "after": after, "want": want})
        if card.get("timeout"):
            raise TimeoutError(f"no {want} card within {WAIT_SECONDS:.0f} s (last: {card.get('last')})")
        return card

    def _click(self, user: str, dm: str, card: dict[str, Any], kind: str, rng: random.Random) -> float:
        offered = [b for b in card["buttons"] if str(b["action_id"]).startswith(f"clinic_bot:{kind}:")]
        if not offered:
            kinds = sorted({str(b["action_id"]).split(":")[1] for b in card["buttons"]})
            raise LookupError(f"the card offers no {kind} button, only {kinds}")
        button = rng.choice(offered)
        pressed = self.control.call(
            "/press", {"user": user, "channel": dm, "ts": card["ts"], **button}
        )  # fmt: skip
        body = block_actions_body(
            button["action_id"],
            button["value"],
            user_id=user,
            response_url=pressed["response_url"],
            channel_id=dm,
            container=pressed["container"],
            message=pressed["message"],
        )
        return self._post(body)

    def conversation(self, worker: int, appointment_id: str, number: int) -> tuple[list[tuple[int, float]], str]:
        """(step, seconds to its card) for each request sent, and how it ended ('moved', 'not moved', or why not).

        A time someone else took meanwhile is offered again: that is the click's card, and another is chosen.
        """
        rng = random.Random(number)
        user, dm = user_of(worker), "D" + user_of(worker)
        text = self.diary.text_for(appointment_id, number) if self.diary else "Maria Lopez to friday"
        response_url = self.control.call("/url", {"user": user})["url"]
        seen = self.control.call("/count", {"channel": dm})["seq"]
        body = slash_command_body("/reschedule", text, user_id=user, channel_id=CHANNEL, response_url=response_url)
        waits: list[tuple[int, float]] = []
        try:
            sent = self._post(body)
            card = self._card(dm, seen, "posted")
            waits.append((0, card["at"] - sent))
            # The person reads "I've sent you a DM" before clicking in it: the bot has stored the conversation by then.
            self._card(response_url, 0, "reply")
            for _attempt in range(MAX_CLICKS):
                kinds = {str(b["action_id"]).split(":")[1] for b in card["buttons"]}
                step, kind = next(((step, kind) for step, kind in CLICKS if kind in kinds), (1, "choose_slot"))
                if not card["buttons"] and card["method"] == "chat.update":
                    return waits, "moved" if card["text"].startswith("Moved") else "not moved"
                sent = self._click(user, dm, card, kind, rng)
                card = self._card(dm, card["seq"] + 1, f"redraw:{card['ts']}")
                if step is not None:
                    waits.append((step, card["at"] - sent))
        except (TimeoutError, LookupError) as stopped:
            return waits, f"stopped: {stopped}"
        return waits, f"stopped: not done after {MAX_CLICKS} clicks"


@dataclass
class Level:
    name: str
    concurrency: int
    waits: list[list[float]]
    endings: dict[str, int]
    wall: float
    cpu: float
    slack_calls: dict[str, int]
    """Web API methods and response_url posts the server made during the level, by name."""
    rates: list[float] = field(default_factory=list)
    """Whole conversations per second of each round, sorted (one round: empty)."""

    def ms(self, step: int, share: float) -> float:
        return percentile(self.waits[step], share) * 1000 if self.waits[step] else float("nan")

    @property
    def whole(self) -> int:
        return sum(count for ending, count in self.endings.items() if not ending.startswith("stopped"))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time so far of a process and its children (the bot's work process) (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    children = [
        int(child) for listing in Path(f"/proc/{pid}/task").glob("*/children") for child in listing.read_text().split()
    ]
    return own + sum(cpu_seconds(child) for child in children)


def run_level(name: str, driver: Driver, owned: list[str], concurrency: int, conversations: int, pid: int) -> Level:
    """`conversations` whole conversations, `concurrency` at a time, each worker with its own appointments."""
    per_worker = max(1, conversations // concurrency)
    mine = [owned[worker::concurrency] or owned[:1] for worker in range(concurrency)]
    waits: list[list[float]] = [[], [], []]
    endings: dict[str, int] = {}
    lock = threading.Lock()

    def worker(number: int) -> None:
        for turn in range(per_worker):
            appointments = mine[number]
            got, ending = driver.conversation(number, appointments[turn % len(appointments)], turn * 1000 + number)
            with lock:
                for step, seconds in got:
                    waits[step].append(seconds)
                endings[ending] = endings.get(ending, 0) + 1

    calls_before = driver.control.call("/calls", {})
    cpu_before, started = cpu_seconds(pid), time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(worker, range(concurrency)))
    wall, cpu = time.perf_counter() - started, cpu_seconds(pid) - cpu_before
    calls = {method: count - calls_before.get(method, 0) for method, count in driver.control.call("/calls", {}).items()}
    return Level(name, concurrency, waits, endings, wall, cpu, {method: n for method, n in calls.items() if n})


@dataclass
class Served:
    """One server under test, up for the whole run: its name, its process and the load's driver for it."""

    name: str
    process: subprocess.Popen[bytes]
    driver: Driver


def merged(rounds: list[Level]) -> Level:
    """Several rounds of one level pooled: every wait, every ending, the total time and CPU (rates per round kept)."""
    first = rounds[0]
    endings: dict[str, int] = {}
    calls: dict[str, int] = {}
    for level in rounds:
        for ending, count in level.endings.items():
            endings[ending] = endings.get(ending, 0) + count
        for method, count in level.slack_calls.items():
            calls[method] = calls.get(method, 0) + count
    waits = [[wait for level in rounds for wait in level.waits[step]] for step in range(len(STEPS))]
    pooled = Level(
        first.name, first.concurrency, waits, endings, sum(r.wall for r in rounds), sum(r.cpu for r in rounds), calls
    )
    pooled.rates = sorted(level.whole / level.wall for level in rounds)
    return pooled


def measure_side_by_side(
    servers: list[Served], owned: list[str], levels: list[int], conversations: int, rounds: int
) -> dict[str, list[Level]]:
    """Each level run `rounds` times, the servers taking turns (bot, bare, bot, …), so a spell of noise on the
    machine falls on both alike; each server's rounds of a level pooled."""
    for server in servers:
        run_level(server.name, server.driver, owned, 1, WARM_UP, server.process.pid)
    found: dict[str, list[Level]] = {server.name: [] for server in servers}
    for level in levels:
        done: dict[str, list[Level]] = {server.name: [] for server in servers}
        for _round in range(rounds):
            for server in servers:
                count = max(conversations, level)
                done[server.name].append(run_level(server.name, server.driver, owned, level, count, server.process.pid))
        for name, levels_run in done.items():
            found[name].append(merged(levels_run))
    return found


def median_rate(level: Level) -> float:
    """Whole conversations per second: the median round's (the only round's when there was one)."""
    return level.rates[len(level.rates) // 2] if level.rates else level.whole / level.wall


def report(bot: list[Level], bare: list[Level]) -> None:
    print("time to card (ms), request sent -> card received by the Slack stand-in")
    for ours, floor in zip(bot, bare, strict=True):
        print(f"\nconcurrency {ours.concurrency}:")
        for step, name in enumerate(STEPS):
            for level in (ours, floor):
                print(
                    f"  {name:<12} {level.name:<10} p50 {level.ms(step, 0.5):7.1f}   p95 {level.ms(step, 0.95):7.1f}"
                    f"   p99 {level.ms(step, 0.99):7.1f}   (n={len(level.waits[step])})"
                )
            print(
                f"  {name:<12} ratio      p50 {ours.ms(step, 0.5) / floor.ms(step, 0.5):6.2f}x"
                f"  p99 {ours.ms(step, 0.99) / floor.ms(step, 0.99):6.2f}x"
            )
        for level in (ours, floor):
            per_second = median_rate(level)
            cpu_ms = level.cpu / max(1, level.whole) * 1000
            rounds = f" (rounds {', '.join(f'{rate:.1f}' for rate in level.rates)})" if len(level.rates) > 1 else ""
            print(
                f"  whole conversations {level.name:<10} {per_second:6.1f}/s{rounds}   server CPU {cpu_ms:5.1f} ms each"
                f" ({level.cpu / level.wall * 100:3.0f}% of a core)   endings {dict(sorted(level.endings.items()))}"
            )
            started = max(1, sum(level.endings.values()))
            made = ", ".join(f"{method} {n / started:.1f}" for method, n in sorted(level.slack_calls.items()))
            print(f"  Slack calls per conversation {level.name:<10} {made}")
    first, last = (bot[0], bare[0]), (bot[-1], bare[-1])
    p50 = max(first[0].ms(s, 0.5) / first[1].ms(s, 0.5) for s in range(3))
    p99 = max(last[0].ms(s, 0.99) / last[1].ms(s, 0.99) for s in range(3))
    best = max(median_rate(level) for level in bot)
    print(
        f"\ntargets: worst step p50 ratio at concurrency {first[0].concurrency}: {p50:.2f}x "
        f"(<= {TARGET_P50_RATIO_AT_1:g}x); worst step p99 ratio at concurrency {last[0].concurrency}: {p99:.2f}x "
        f"(<= {TARGET_P99_RATIO_AT_50:g}x); best whole conversations/s: {best:.1f} "
        f"(>= {TARGET_CONVERSATIONS_PER_SECOND:g})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100, help="whole conversations per level (default 100)")
    parser.add_argument("--levels", default="1,10,50", help="concurrency levels (default 1,10,50)")
    parser.add_argument("--threads", type=int, default=16, help="server threads, both servers (default 16)")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each level per server, taking turns (3)")
    parser.add_argument("--shared-file", action="store_true", help="the demo clinic in the bot's own SQLite file")
    add_child_roles(parser, "USERS")
    args = parser.parse_args()
    if (role := child_role(args, serve_slack, serve_bare)) is not None:
        return role

    levels = [int(level) for level in args.levels.split(",")]
    users = max(levels)
    today = datetime.now(ZoneInfo(CLINIC_TZ)).date()
    with tempfile.TemporaryDirectory(prefix="time-to-card-") as tmp, slack_stand_in(Path(tmp), users) as (api, ctl):
        workdir = Path(tmp)
        db = workdir / "clinic-bot.sqlite3"
        # The demo clinic stands in for a booking system, which has a database of its own: its own file, so its
        # writes never queue behind the bot's (pass --shared-file to measure one file for both, the demo default).
        clinic = db if args.shared_file else workdir / "sandbox.sqlite3"
        env = base_env(db, BOOKING_BACKEND="sandbox", SANDBOX_DB=str(clinic))
        run = [*clinic_bot(), "sandbox"]
        subprocess.run(
            [*run, "seed", "--today", today.isoformat()], env=env, cwd=workdir, check=True, capture_output=True
        )
        listed = subprocess.run([*run, "appointments", "--json"], env=env, cwd=workdir, check=True, capture_output=True)
        patients = movable(json.loads(listed.stdout), today)
        owned = sorted(patients)
        secret = secrets.token_hex(16)
        common = served_settings(api, secret, args.threads, (user_of(n) for n in range(users)))
        diary = Diary(clinic, patients, today)
        bot_port, bare_port = free_port(), free_port()
        served = base_env(db, **common, BOOKING_BACKEND="sandbox", SANDBOX_DB=str(clinic), PORT=str(bot_port))
        bare_command = [sys.executable, __file__, "--serve-bare", str(bare_port), "--threads", str(args.threads)]
        health = "http://127.0.0.1:{}/healthz".format
        events = "http://127.0.0.1:{}/slack/events".format
        with (
            running([*clinic_bot(), "serve"], served, health(bot_port), "bot", workdir) as bot_process,
            running(bare_command, base_env(db, **common), health(bare_port), "bare Bolt", workdir) as bare_process,
        ):
            servers = [
                Served("bot", bot_process, Driver(events(bot_port), secret, ctl, diary)),
                Served("bare Bolt", bare_process, Driver(events(bare_port), secret, ctl, None)),
            ]
            found = measure_side_by_side(servers, owned, levels, args.conversations, args.rounds)
        bot, bare = found["bot"], found["bare Bolt"]
    print(
        f"{len(owned)} movable appointments in the sandbox diary, {args.threads} server threads, levels {levels}, "
        f"{args.rounds} rounds each (servers taking turns; waits pooled, rates the median round's)"
    )
    report(bot, bare)
    return 0


if __name__ == "__main__":
    sys.exit(main())
