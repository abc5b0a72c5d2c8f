"""How fast Slack hears back: time-to-acknowledgement of /reschedule under concurrent load.

Slack drops a request not acknowledged within 3 s, and at a busy front desk many
arrive together. This fires N concurrent signed `/reschedule <realistic text>`
commands at (a) the real bot (`clinic-bot serve`, HTTP mode, sandbox backend,
Web API pointed at the Slack stand-in) and (b) a bare Bolt app on the same
server stack (waitress + slack_bolt's WSGI adapter, a listener that only acks,
the same thread count), each in its own process, with the Slack stand-in in a
third. It prints p50/p95/p99 of the time until the HTTP response is received,
and p99(bot)/p99(bare). Figures only, never pass/fail.

Target: bot p99 < 300 ms at 50 concurrent, and <= 1.5x the bare app's p99.

    .venv/bin/python benchmarks/ack_latency.py [--concurrency 50] [--requests 500] [--threads 16]

Keep-alive: `--keep-alive` (default 200 clients) opens one persistent
connection per client up front and keeps every one of them open for the whole
run, each client sending its share of the commands one after another with a
short pause between (as a busy workspace's deliveries do). An ack is counted
late when it takes 3 s or more, or never comes (a connection the server would
not take); the bare app runs on the very same waitress settings as the bot.
Target: every ack under 3 s.

    .venv/bin/python benchmarks/ack_latency.py --keep-alive [--concurrency 200] [--requests 2000]

Slow vendors: `--backend cliniko --backend-delay 2` points the bot at the
Cliniko stand-in (tests/fakes/cliniko_server.py) answering every call 2 s
late; the acknowledgements must not notice. Cards then take many seconds
each, so the run stops waiting for them after a minute (the count says so).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bot.cli.slack_http import PerThreadHttp  # noqa: E402
from bot.local.slack import sign, slash_command_body  # noqa: E402
from tests.e2e.harness import clinic_bot, free_port  # noqa: E402  (one way to start our processes)

CLINIC_TZ = "America/Chicago"
USERS = tuple(f"U0STAFF{n:02d}" for n in range(10))
CHANNEL = "C0FRONTDESK"
TARGET_P99_MS = 300.0
TARGET_RATIO = 1.5
WARM_UP = 20
START_TIMEOUT = 60.0


# -- the processes ---------------------------------------------------------------------------------


def base_env(db: Path, **extra: str) -> dict[str, str]:
    # WORK_PROCESS passes through: `WORK_PROCESS=false benchmarks/...` measures the bot in one process.
    keep = ("PATH", "HOME", "LANG", "TMPDIR", "VIRTUAL_ENV", "PYTHONPATH", "WORK_PROCESS")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update({"CLINIC_BOT_DB": str(db), "CLINIC_TZ": CLINIC_TZ, "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def wait_until_up(url: str, process: subprocess.Popen[bytes], what: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{what} exited at start-up:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(url, timeout=0.5).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    raise SystemExit(f"{what} did not come up in {START_TIMEOUT:.0f} s")


@contextmanager
def running(
    command: list[str], env: dict[str, str], health_url: str, what: str, workdir: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """`command` as its own process, once it answers `health_url`; yields the process, stops it with SIGTERM."""
    log = workdir / f"{what.replace(' ', '-')}.log"
    with log.open("ab") as out:
        process = subprocess.Popen(command, env=env, cwd=workdir, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(health_url, process, what, log)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class StandIn:
    api_url: str
    response_urls: list[str]
    process: subprocess.Popen[str]

    def cards_posted(self) -> int:
        """How many response_urls the bot has answered so far."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("count\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def wait_for_cards(self, expected: int, timeout: float = 60.0) -> tuple[int, float]:
        """(cards posted, seconds waited) once all `expected` arrived or `timeout` passed."""
        started = time.perf_counter()
        posted = self.cards_posted()
        while posted < expected and time.perf_counter() - started < timeout:
            time.sleep(0.1)
            posted = self.cards_posted()
        return posted, time.perf_counter() - started


@contextmanager
def piped(script: str, *args: str, workdir: Path) -> Iterator[subprocess.Popen[str]]:
    """`script` run by this interpreter with `args`, talking over stdin/stdout; stopped by closing its stdin."""
    process = subprocess.Popen(
        [sys.executable, script, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=workdir, text=True
    )
    try:
        yield process
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def slack_stand_in(workdir: Path, response_urls: int) -> Iterator[StandIn]:
    """The Slack stand-in in its own process (so its work does not share the load generator's GIL).

    Yields its api_url and `response_urls` fresh response_urls, one per command,
    so every card the bot posts is received as Slack would receive it.
    """
    with piped(__file__, "--serve-slack", str(response_urls), workdir=workdir) as process:
        assert process.stdout is not None
        api_url = process.stdout.readline().strip()
        if not api_url:
            raise SystemExit("the Slack stand-in did not start")
        yield StandIn(api_url, [process.stdout.readline().strip() for _ in range(response_urls)], process)


def serve_slack(response_urls: int) -> int:
    """--serve-slack N: print the stand-in's api_url and N response_urls, serve until stdin closes."""
    from bot.local.slack import SlackStandIn

    with SlackStandIn(users={user: CLINIC_TZ for user in USERS}) as slack:
        print(slack.api_url, flush=True)
        urls = [slack.new_response_url() for _ in range(response_urls)]
        print("\n".join(urls), flush=True)
        for _line in sys.stdin:  # any line asks: how many of the response_urls got a card?
            print(sum(1 for url in urls if slack.posts_to(url)), flush=True)
    return 0


def serve_bare(port: int, threads: int) -> int:
    """--serve-bare: Bolt with a /reschedule listener that only acks, on waitress, like `clinic-bot serve`."""
    from slack_bolt import Ack, App
    from slack_sdk import WebClient

    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    @app.command("/reschedule")
    def only_ack(ack: Ack) -> None:
        ack()

    return serve_on_waitress(app, port, threads)


def serve_on_waitress(app: Any, port: int, threads: int) -> int:
    """A Bolt `app` at /slack/events (and 200 at /healthz) on waitress, as `clinic-bot serve` runs; until SIGTERM."""
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from waitress.server import create_server

    bolt = SlackRequestHandler(app, path="/slack/events")

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        return bolt(environ, start_response)

    from bot.cli.serve import waitress_options

    server: Any = create_server(wsgi, host="127.0.0.1", port=port, **{**waitress_options(), "threads": threads})
    signal.signal(signal.SIGTERM, lambda *_: server.close())
    with suppress(OSError, ValueError):  # waitress's loop ends this way after close()
        server.run()
    return 0


# -- the bot's booking system: the hook for slow vendors -------------------------------------------


@dataclass
class BackendSetup:
    env: dict[str, str]
    texts: list[str]
    stop: Callable[[], None] = lambda: None


def sandbox_backend(workdir: Path, db: Path, delay: float) -> BackendSetup:
    if delay:
        raise SystemExit("--backend-delay needs a vendor stand-in; the sandbox answers from SQLite")
    today = datetime.now(ZoneInfo(CLINIC_TZ)).date()
    env = base_env(db, BOOKING_BACKEND="sandbox")
    run = [*clinic_bot(), "sandbox"]
    subprocess.run([*run, "seed", "--today", today.isoformat()], env=env, cwd=workdir, check=True, capture_output=True)
    listed = subprocess.run([*run, "appointments", "--json"], env=env, cwd=workdir, check=True, capture_output=True)
    return BackendSetup(env={"BOOKING_BACKEND": "sandbox"}, texts=realistic_texts(json.loads(listed.stdout), today))


def cliniko_backend(workdir: Path, db: Path, delay: float) -> BackendSetup:
    """The Cliniko stand-in (in this process, its own threads), answering every call `delay` seconds late."""
    from tests.fakes.cliniko_server import ClinikoStandIn

    today = datetime.now(ZoneInfo(CLINIC_TZ)).date()
    server = ClinikoStandIn.with_demo_data(today).start()
    server.latency = delay
    texts = [
        f"{name} to {today + timedelta(days=days):%m/%d} {part}"
        for name in ("maria lopez", "john smith")
        for days in (4, 5, 6)
        for part in ("morning", "afternoon")
    ]
    return BackendSetup(env=server.environment(), texts=texts, stop=server.stop)


BACKENDS: dict[str, Callable[[Path, Path, float], BackendSetup]] = {
    "sandbox": sandbox_backend,
    "cliniko": cliniko_backend,
}
"""Name -> start the booking system the bot talks to. A vendor entry starts its stand-in (with the delay)."""


def realistic_texts(rows: list[dict[str, Any]], today: date) -> list[str]:
    """What staff type: '<patient> from <when it is> to <a few days later> morning', from the real diary."""
    zone = ZoneInfo(CLINIC_TZ)
    texts = []
    for row in rows:
        start = datetime.fromisoformat(row["start"]).astimezone(zone)
        if row["status"] != "booked" or start.date() <= today:
            continue
        target = start.date() + timedelta(days=3)
        when = f"{start:%m/%d} {start:%I:%M%p}".lower()
        texts.append(f"{row['patient']} from {when} to {target:%m/%d} morning")
    return texts or ["Maria Lopez from tue 3pm to fri morning"]


# -- the load ---------------------------------------------------------------------------------------


def fire(url: str, secret: str, response_urls: list[str], texts: list[str], concurrency: int) -> list[float]:
    """Seconds from sending each signed command to receiving its HTTP response (non-200s raise).

    The first WARM_UP commands (connections, caches) are sent but not counted.
    """
    http = PerThreadHttp(timeout=30)  # the bot's own lean client (http.client): the load takes little of the cores
    rng = random.Random(7)
    jobs = [(rng.choice(texts), USERS[n % len(USERS)], response_url) for n, response_url in enumerate(response_urls)]

    def one(job: tuple[str, str, str]) -> float:
        text, user, response_url = job
        body = slash_command_body("/reschedule", text, user_id=user, channel_id=CHANNEL, response_url=response_url)
        headers = {**sign(body, secret), "Content-Type": "application/x-www-form-urlencoded"}
        started = time.perf_counter()
        status, _reason, _headers, answer = http.request("POST", url, content=body, headers=headers)
        elapsed = time.perf_counter() - started
        if status != 200:
            raise RuntimeError(f"HTTP {status}: {answer[:200]!r}")
        return elapsed

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, jobs[:WARM_UP]))
        return list(pool.map(one, jobs[WARM_UP:]))


SLACK_GIVES_UP = 3.0
KEEP_ALIVE_PAUSE = (0.0, 0.05)
"""Seconds each keep-alive client waits between its commands (uniform): its connection sits idle meanwhile."""


def fire_keep_alive(url: str, secret: str, response_urls: list[str], texts: list[str], clients: int) -> list[float]:
    """`clients` persistent connections, all opened before the first measured command and held to the end.

    Each client sends its share of the commands in turn. A command that is refused, times out or finds no
    connection counts as SLACK_GIVES_UP * 10 seconds (late), so it shows in the percentiles and the late count.
    """
    rng = random.Random(7)
    jobs = [(rng.choice(texts), USERS[n % len(USERS)], response_url) for n, response_url in enumerate(response_urls)]
    shares = [jobs[n::clients] for n in range(clients)]
    opened = threading.Barrier(clients)
    seconds: list[float] = []
    lock = threading.Lock()

    def client(share: list[tuple[str, str, str]], seed: int) -> None:
        pause = random.Random(seed)
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=None)
        with httpx.Client(timeout=SLACK_GIVES_UP * 10, limits=limits) as http:
            with suppress(httpx.HTTPError):
                http.get(url.replace("/slack/events", "/healthz"))  # the connection, opened and kept
            opened.wait()
            for text, user, response_url in share:
                body = slash_command_body(
                    "/reschedule", text, user_id=user, channel_id=CHANNEL, response_url=response_url
                )
                headers = {**sign(body, secret), "Content-Type": "application/x-www-form-urlencoded"}
                started = time.perf_counter()
                try:
                    ok = http.post(url, content=body, headers=headers).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = time.perf_counter() - started if ok else SLACK_GIVES_UP * 10
                with lock:
                    seconds.append(elapsed)
                time.sleep(pause.uniform(*KEEP_ALIVE_PAUSE))

    threads = [threading.Thread(target=client, args=(share, n)) for n, share in enumerate(shares)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return seconds


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))  # nearest rank
    return ordered[rank]


@dataclass
class Figures:
    name: str
    seconds: list[float]
    wall: float

    def ms(self, share: float) -> float:
        return percentile(self.seconds, share) * 1000

    @property
    def late(self) -> int:
        return sum(1 for value in self.seconds if value >= SLACK_GIVES_UP)

    def line(self) -> str:
        return (
            f"{self.name:<22} p50 {self.ms(0.50):7.1f} ms   p95 {self.ms(0.95):7.1f} ms   p99 {self.ms(0.99):7.1f} ms"
            f"   max {max(self.seconds) * 1000:7.1f} ms   mean {statistics.mean(self.seconds) * 1000:6.1f} ms"
            f"   {len(self.seconds) / self.wall:6.0f} req/s   >= 3 s: {self.late}/{len(self.seconds)}"
        )


def measure(
    name: str,
    url: str,
    secret: str,
    response_urls: list[str],
    texts: list[str],
    concurrency: int,
    keep_alive: bool = False,
) -> Figures:
    started = time.perf_counter()
    firing = fire_keep_alive if keep_alive else fire
    seconds = firing(url, secret, response_urls, texts, concurrency)
    return Figures(name, seconds, time.perf_counter() - started)


def served_settings(api_url: str, secret: str, threads: int, users: Iterable[str]) -> dict[str, str]:
    """The settings every benchmark serves the bot (and the bare app) with: the Slack stand-in, these staff."""
    return {
        "SLACK_BOT_TOKEN": "xoxb-bench-" + secrets.token_hex(6),
        "SLACK_SIGNING_SECRET": secret,
        "SLACK_API_URL": api_url,
        "HOST": "127.0.0.1",
        "SERVER_THREADS": str(threads),
        "LOG_LEVEL": "WARNING",
        "ALLOWED_USER_IDS": ",".join(users),
    }


def add_child_roles(parser: argparse.ArgumentParser, slack_metavar: str) -> None:
    """The hidden flags a benchmark gives its own child processes: the Slack stand-in, the bare app."""
    parser.add_argument("--serve-slack", type=int, metavar=slack_metavar, help=argparse.SUPPRESS)
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)


def child_role(
    args: argparse.Namespace, serve_slack: Callable[[int], int], serve_bare: Callable[[int, int], int]
) -> int | None:
    """Run the role this process was started for (see `add_child_roles`); None in the benchmark's own process."""
    if args.serve_slack is not None:
        return serve_slack(args.serve_slack)
    if args.serve_bare:
        return serve_bare(args.serve_bare, args.threads)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--concurrency", type=int, help="requests in flight at once (default 50; 200 clients with --keep-alive)"
    )
    parser.add_argument(
        "--requests", type=int, help="measured requests per server (default 500; 2000 with --keep-alive)"
    )
    parser.add_argument(
        "--keep-alive", action="store_true", help="one persistent connection per client, all held open (see above)"
    )
    parser.add_argument("--threads", type=int, default=16, help="server worker threads, both servers (default 16)")
    parser.add_argument("--backend", choices=sorted(BACKENDS), default="sandbox", help="the bot's booking system")
    parser.add_argument(
        "--backend-delay", type=float, default=0.0, help="seconds a vendor stand-in waits before each answer"
    )
    add_child_roles(parser, "RESPONSE_URLS")
    args = parser.parse_args()
    if (role := child_role(args, serve_slack, serve_bare)) is not None:
        return role

    args.concurrency = args.concurrency or (200 if args.keep_alive else 50)
    args.requests = args.requests or (2000 if args.keep_alive else 500)
    per_run = WARM_UP + args.requests
    with tempfile.TemporaryDirectory(prefix="ack-latency-") as tmp, slack_stand_in(Path(tmp), 2 * per_run) as slack:
        api_url, response_urls = slack.api_url, slack.response_urls
        workdir = Path(tmp)
        db = workdir / "clinic-bot.sqlite3"
        backend = BACKENDS[args.backend](workdir, db, args.backend_delay)
        secret = secrets.token_hex(16)
        common = served_settings(api_url, secret, args.threads, USERS)
        concurrency = args.concurrency
        try:
            bot_port, bare_port = free_port(), free_port()
            bot_env = base_env(db, **common, **backend.env, PORT=str(bot_port))
            with running([*clinic_bot(), "serve"], bot_env, f"http://127.0.0.1:{bot_port}/healthz", "bot", workdir):
                bot_url = f"http://127.0.0.1:{bot_port}/slack/events"
                bot = measure(
                    f"bot ({args.backend})",
                    bot_url,
                    secret,
                    response_urls[:per_run],
                    backend.texts,
                    concurrency,
                    args.keep_alive,
                )
                cards, drained = slack.wait_for_cards(per_run)
            bare_env = base_env(db, **common)
            bare_command = [sys.executable, __file__, "--serve-bare", str(bare_port), "--threads", str(args.threads)]
            with running(bare_command, bare_env, f"http://127.0.0.1:{bare_port}/healthz", "bare bolt", workdir):
                bare_url = f"http://127.0.0.1:{bare_port}/slack/events"
                bare = measure(
                    "bare Bolt (ack only)",
                    bare_url,
                    secret,
                    response_urls[per_run:],
                    backend.texts,
                    concurrency,
                    args.keep_alive,
                )
        finally:
            backend.stop()

    how = f"{args.concurrency} keep-alive clients" if args.keep_alive else f"{args.concurrency} concurrent"
    print(
        f"time to acknowledgement, {args.requests} signed /reschedule commands, {how}, "
        f"{args.threads} server threads, backend {args.backend}"
        + (f" (+{args.backend_delay:g} s per vendor call)" if args.backend_delay else "")
    )
    print(bot.line())
    print(bare.line())
    print(f"bot cards posted to response_urls after the acks: {cards}/{per_run} ({drained:.1f} s after the last ack)")
    ratio = bot.ms(0.99) / bare.ms(0.99)
    print(f"p99 bot / p99 bare: {ratio:.2f}x")
    if args.keep_alive:
        print(f"target: every ack under 3 s (got {bot.late} of {len(bot.seconds)} at 3 s or more)")
    else:
        print(
            f"target: bot p99 < {TARGET_P99_MS:.0f} ms at 50 concurrent (got {bot.ms(0.99):.1f} ms), "
            f"and <= {TARGET_RATIO}x bare (got {ratio:.2f}x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
