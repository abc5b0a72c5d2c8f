"""The real `clinic-bot serve` on loopback, driven the way Slack drives it.

`Clinic` is the sandbox diary and the audit log as an admin sees them (the
`clinic-bot sandbox` and `clinic-bot audit` commands). `ServedBot` is the
installed console script started as a subprocess in HTTP mode, its Web API
pointed at a `SlackStandIn`; it can be stopped with SIGTERM, killed with -9 and
started again on the same database. `Staff` is one person in Slack: they type
commands, DMs and @mentions and press buttons, and get back the card the bot
drew in answer (Bolt acknowledges first and works afterwards, so every answer
is awaited on the stand-in, never assumed from the HTTP response).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import httpx

from bot.domain import Window
from bot.local.slack import (
    SlackStandIn,
    VisibleMessage,
    block_actions_body,
    buttons_in,
    dm_event,
    event_body,
    mention_event,
    sign,
    slash_command_body,
)
from bot.views.wording import Words

CLINIC_TZ = "America/Chicago"
FRONT_DESK = "U0FRONTDESK"
NURSE = "U0NURSE"
DOCTOR = "U0DOCTOR"
MANAGER = "U0MANAGER"
STAFF_IDS = (FRONT_DESK, NURSE, DOCTOR, MANAGER)
OUTSIDER = "U0OUTSIDER"
CHANNEL = "C0FRONTDESK"

WAITING_ROOM = "C0WAITINGROOM"
CLINIC_CHANNELS = (CHANNEL, WAITING_ROOM)

NOT_ALLOWED = "You're not allowed to change appointments with this bot"
MENTION_POINTER = "I've sent you a direct message to keep the patient's details private."

START_TIMEOUT = 30.0
"""A loaded CI machine may take a while to import Bolt and open the database."""
CARD_TIMEOUT = 15.0
QUIET_WAIT = 1.5
"""How long 'nothing more arrives' is watched for, after the bot has had every chance to answer."""

_PROBE = httpx.Client(timeout=0.5, headers={"Connection": "close"})
"""Start-up polls share one client: each `httpx.get` builds a TLS context first (~0.2 s, even for plain http)."""
_SLACK_SENDS = httpx.Client(timeout=10, headers={"Connection": "close"})
"""How Slack's requests reach a served bot: one client for the same reason; a connection per request, so a bot
restarted on the same port never meets a stale one."""

_PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT", "PYTHONPATH", "VIRTUAL_ENV")


def clinic_today() -> date:
    """Today where the clinic is: the bot reads 'tmrw' and 'fri' on the real clock in this zone."""
    return datetime.now(ZoneInfo(CLINIC_TZ)).date()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def clinic_bot() -> list[str]:
    """The `clinic-bot` console script installed beside this interpreter, as an admin would run it."""
    script = Path(sys.executable).with_name("clinic-bot")
    if script.exists():
        return [str(script)]
    found = shutil.which("clinic-bot")
    return [found] if found else [sys.executable, "-m", "bot.cli.main"]


def base_environment(db: Path, **extra: str) -> dict[str, str]:
    """Only what the bot needs, so a developer's own SLACK_*/ALLOWED_* variables never leak in."""
    env = {name: os.environ[name] for name in _PASSED_THROUGH if name in os.environ}
    env.update(
        {
            "BOOKING_BACKEND": "sandbox",
            "CLINIC_BOT_DB": str(db),
            "CLINIC_TZ": CLINIC_TZ,
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def run_clinic_bot(env: dict[str, str], *args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*clinic_bot(), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


Diary = list[dict[str, Any]]
"""`clinic-bot sandbox appointments --json`: one dict per appointment."""


# -- the clinic, as the admin sees it --------------------------------------------------------


@dataclass
class Clinic:
    """The sandbox diary and the audit log, read through the admin's own commands."""

    workdir: Path
    store: str | None = None
    """CLINIC_BOT_DB when it is not the SQLite file in `workdir` (a postgresql:// URL): then the demo
    clinic is in SANDBOX_DB, a file of its own in `workdir` that every bot of this clinic shares."""
    db: Path = field(init=False)

    def __post_init__(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.db = self.workdir / "clinic-bot.sqlite3"

    @property
    def store_settings(self) -> dict[str, str]:
        if self.store is None:
            return {}
        return {"CLINIC_BOT_DB": self.store, "SANDBOX_DB": str(self.workdir / "sandbox.sqlite3")}

    @property
    def env(self) -> dict[str, str]:
        return base_environment(self.db, **self.store_settings)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_clinic_bot(self.env, *args, cwd=self.workdir)

    def seed(self, today: date | None = None) -> Clinic:
        done = self.run("sandbox", "seed", "--today", (today or clinic_today()).isoformat())
        assert done.returncode == 0, done.stderr
        return self

    def appointments(self) -> list[dict[str, Any]]:
        listed = self.run("sandbox", "appointments", "--json")
        assert listed.returncode == 0, listed.stderr
        rows: list[dict[str, Any]] = json.loads(listed.stdout)
        return rows

    def appointment(self, appointment_id: str) -> dict[str, Any]:
        [row] = [row for row in self.appointments() if row["id"] == appointment_id]
        return row

    def audit(self) -> list[dict[str, Any]]:
        listed = self.run("audit", "--json")
        assert listed.returncode == 0, listed.stderr
        return [json.loads(line) for line in listed.stdout.splitlines() if line.strip()]

    def audit_of(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        """The audit rows about the appointment in `row`, oldest first."""
        return [entry for entry in self.audit() if entry["appointment_id"] == row["id"]]

    def untouched(self, row: dict[str, Any]) -> bool:
        """The appointment is exactly as in `row` and nothing about it was audited: a refusal changed nothing."""
        return self.appointment(row["id"]) == row and self.audit_of(row) == []


# -- picking from the seeded diary (so tests stay true if the seed changes) --------------------


def start_of(row: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(row["start"])


def clinic_start(row: dict[str, Any]) -> datetime:
    return start_of(row).astimezone(ZoneInfo(CLINIC_TZ))


def open_appointments(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Booked, single (not a series), in the clinic's own zone, from tomorrow on."""
    tomorrow = clinic_today() + timedelta(days=1)
    return [
        row
        for row in rows
        if row["status"] == "booked"
        and not row["repeats"]
        and start_of(row).utcoffset() == clinic_start(row).utcoffset()
        and clinic_start(row).date() >= tomorrow
    ]


def distinct_appointments(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One open appointment per patient, each found unambiguously by '<name> <its day>'.

    The patient's name belongs to one person only, and that person has no other
    booking that day. Patients with the fewest appointments ahead come first,
    so a request naming them rarely needs more than the day to narrow it.
    """
    births: dict[str, set[str | None]] = {}
    days: dict[tuple[str, date], int] = {}
    for row in rows:
        births.setdefault(row["patient"].lower(), set()).add(row["date_of_birth"])
        if row["status"] == "booked":
            key = (row["patient"].lower(), clinic_start(row).date())
            days[key] = days.get(key, 0) + 1
    eligible = [
        row
        for row in open_appointments(rows)
        if len(births[row["patient"].lower()]) == 1 and days[(row["patient"].lower(), clinic_start(row).date())] == 1
    ]
    ahead: dict[str, int] = {}
    for row in eligible:
        ahead[row["patient"].lower()] = ahead.get(row["patient"].lower(), 0) + 1
    first: dict[str, dict[str, Any]] = {}
    for row in sorted(eligible, key=start_of):
        first.setdefault(row["patient"].lower(), row)
    return sorted(first.values(), key=lambda row: (ahead[row["patient"].lower()], start_of(row)))


def patient_with_several(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The open appointments of a patient (one name, one birth date) who has two or more of them."""
    by_patient: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    names: dict[str, set[str | None]] = {}
    for row in rows:
        names.setdefault(row["patient"].lower(), set()).add(row["date_of_birth"])
    for row in open_appointments(rows):
        by_patient.setdefault((row["patient"], row["date_of_birth"]), []).append(row)
    for (name, _born), appointments in sorted(by_patient.items(), key=lambda item: -len(item[1])):
        if len(appointments) >= 2 and len(names[name.lower()]) == 1:
            return sorted(appointments, key=start_of)
    raise AssertionError("the seeded diary has no patient with two appointments ahead")


def when_text(instant: datetime) -> str:
    """'12/01 3:00pm' (MDY, the bot's default DATE_ORDER), in the clinic's zone."""
    local = instant.astimezone(ZoneInfo(CLINIC_TZ))
    return f"{local:%m/%d} {local:%I:%M%p}".lower().lstrip("0")


def target_day_after(instant: datetime, days: int = 3) -> date:
    """A weekday a few days after `instant` (the clinic is open every weekday morning)."""
    day = instant.astimezone(ZoneInfo(CLINIC_TZ)).date() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def reschedule_text(row: dict[str, Any]) -> str:
    """'<patient> from <when it is now> to <a weekday a few days later> morning', as staff would type it."""
    target = target_day_after(start_of(row))
    return f"{row['patient']} from {when_text(start_of(row))} to {target:%m/%d} morning"


def cancel_text(row: dict[str, Any], reason: str = "feeling better") -> str:
    """'<patient> <when it is>, <reason>', as staff would type it after /cancel (or after 'cancel' in a DM)."""
    return f"{row['patient']} {when_text(start_of(row))}, {reason}"


def _words() -> Words:
    return Words(tz=ZoneInfo(CLINIC_TZ), today=clinic_today())


def shown_window(row: dict[str, Any]) -> str:
    """An appointment's span as a card writes it for someone in the clinic's zone ('Sat Dec 5, 10:30 AM–10:45 AM')."""
    span = Window(start=start_of(row), end=datetime.fromisoformat(row["end"]))
    assert span.end is not None
    return _words().span(span.start, span.end)


def shown_time(instant: datetime | str) -> str:
    """A time as the bot writes it on a card for someone in the clinic's zone ('Mon Nov 30, 8:00 AM')."""
    moment = datetime.fromisoformat(instant) if isinstance(instant, str) else instant
    return _words().instant(moment)


# -- Slack's rules -----------------------------------------------------------------------------


def clinic_slack(users: tuple[str, ...] = (*STAFF_IDS, OUTSIDER), **options: Any) -> SlackStandIn:
    """The clinic's workspace: everyone in the clinic's zone, in #front-desk and #waiting-room with the bot."""
    members = {*users, "UBOT"}
    return SlackStandIn(
        users={user: CLINIC_TZ for user in users},
        channels={channel: members for channel in CLINIC_CHANNELS},
        **options,
    )


def broken_rules(slack: SlackStandIn, since: int, ignore: set[str] | None = None) -> str:
    """The Slack rules the bot broke since failure number `since`, one line each with its source ('' if none)."""
    return "\n".join(
        f"{failure.rule} ({failure.target}: {failure.error or 'accepted'}; {failure.detail}) - {failure.source}"
        for failure in slack.failures(since)
        if failure.rule not in (ignore or set())
    )


# -- cards -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """One drawing of a message: what Slack would show the person."""

    text: str
    blocks: list[dict[str, Any]]
    raw: dict[str, Any]

    @classmethod
    def of(cls, message: dict[str, Any]) -> Card:
        return cls(text=message.get("text") or "", blocks=list(message.get("blocks") or []), raw=message)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return buttons_in(self.blocks)

    @property
    def labels(self) -> list[str]:
        return [button["text"]["text"] for button in self.buttons]

    @property
    def shown(self) -> str:
        """Every piece of text a person sees on the card, joined."""
        parts = [self.text]
        for block in self.blocks:
            text = block.get("text")
            if isinstance(text, dict):
                parts.append(text.get("text", ""))
            for element in block.get("elements") or []:
                if isinstance(element, dict) and isinstance(element.get("text"), dict | str):
                    inner = element["text"]
                    parts.append(inner.get("text", "") if isinstance(inner, dict) else inner)
        return "\n".join(parts)

    def button(self, label: str) -> dict[str, Any]:
        """The button labelled `label` (or the first one starting with it)."""
        exact = [b for b in self.buttons if b["text"]["text"] == label]
        starting = [b for b in self.buttons if b["text"]["text"].startswith(label)]
        found = exact or starting
        assert found, f"no button {label!r} on the card; it has {self.labels}"
        return found[0]

    def choose_button_near(self, words: str) -> dict[str, Any]:
        """The 'Choose' accessory of the section that mentions `words` (a 'Which appointment?' card)."""
        for block in self.blocks:
            accessory = block.get("accessory")
            text = (block.get("text") or {}).get("text", "")
            if accessory and accessory.get("type") == "button" and words in text:
                return dict(accessory)
        raise AssertionError(f"no choice mentioning {words!r} on the card:\n{self.shown}")


# -- the bot process -------------------------------------------------------------------------


def wait_until_gone(pids: set[int], timeout: float = 10.0) -> None:
    """Wait until none of `pids` runs any more (a zombie no one reaps counts as gone)."""
    deadline = time.monotonic() + timeout
    for pid in pids:
        stat = Path(f"/proc/{pid}/stat")
        while time.monotonic() < deadline:
            try:
                if stat.read_text().rsplit(")", 1)[1].split()[0] == "Z":
                    break
            except (OSError, IndexError):
                break
            time.sleep(0.01)


@dataclass
class ServedBot:
    """`clinic-bot serve` in HTTP mode, as an IT admin starts it."""

    slack: SlackStandIn
    clinic: Clinic
    settings: dict[str, str] = field(default_factory=dict)
    secret: str = field(default_factory=lambda: secrets.token_hex(16))
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    name: str = "serve"
    """Its log is `<name>.log` in the clinic's folder (two replicas of one clinic keep two logs)."""
    lived_as: set[int] = field(default_factory=set)
    """Every process id `pids()` has found, a killed one's work process included (it may still name a lease)."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def events_url(self) -> str:
        return self.url + "/slack/events"

    @property
    def log_path(self) -> Path:
        return self.clinic.workdir / f"{self.name}.log"

    def environment(self) -> dict[str, str]:
        return base_environment(
            self.clinic.db,
            SLACK_BOT_TOKEN="xoxb-e2e-" + secrets.token_hex(8),
            SLACK_SIGNING_SECRET=self.secret,
            SLACK_API_URL=self.slack.api_url,
            HOST="127.0.0.1",
            PORT=str(self.port),
            # The clinic's staff unless the scenario's settings say otherwise (e.g. a channel-only allowlist).
            **{"ALLOWED_USER_IDS": ",".join(STAFF_IDS), **self.clinic.store_settings, **self.settings},
        )

    def start(self) -> ServedBot:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [*clinic_bot(), "serve"],
                env=self.environment(),
                cwd=self.clinic.workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"clinic-bot serve exited at start-up:\n{self.log()}")
            try:
                if _PROBE.get(self.url + "/healthz").status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise RuntimeError(f"clinic-bot serve did not answer /healthz in {START_TIMEOUT:.0f} s:\n{self.log()}")

    def stop(self, timeout: float = 10) -> int | None:
        """SIGTERM, as a service manager stops it; the exit status."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def pids(self) -> set[int]:
        """The serving process and its children (its work process): either may name itself in a lease."""
        if self.process is None:
            return set()
        children: set[int] = set()
        for listing in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            children |= {int(pid) for pid in listing.read_text().split()}
        found = {self.process.pid, *children}
        self.lived_as |= found
        return found

    def crash(self) -> None:
        """kill -9 of the serving process: no shutdown code runs. Its work process ends itself at once; like a
        service manager, this waits until it has before anything restarts."""
        assert self.process is not None
        pids = self.pids()
        self.process.kill()
        self.process.wait()
        wait_until_gone(pids - {self.process.pid})

    def restart(self) -> ServedBot:
        """Start again on the same database (and a fresh port: the old one may linger in TIME_WAIT)."""
        self.port = free_port()
        return self.start()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    # -- what Slack sends ------------------------------------------------------------
    def post(
        self,
        body: bytes,
        *,
        content_type: str = "application/x-www-form-urlencoded",
        secret: str | None = None,
        timestamp: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        signed = sign(body, secret or self.secret, timestamp=timestamp)
        return _SLACK_SENDS.post(
            self.events_url,
            content=body,
            headers={**signed, "Content-Type": content_type, **(headers or {})},
            timeout=10,
        )

    def as_staff(self, user_id: str = FRONT_DESK, channel_id: str = CHANNEL) -> Staff:
        return Staff(self, user_id, channel_id)

    def scenario(self, diary: Diary, index: int, user_id: str = FRONT_DESK) -> tuple[dict[str, Any], Staff]:
        """The `index`-th patient of the seeded diary and the staff member acting on it (one pair per scenario)."""
        return distinct_appointments(diary)[index], self.as_staff(user_id)


class Endpoint(Protocol):
    """Where Staff's requests go: one served bot, or an address in front of several."""

    slack: SlackStandIn

    def post(
        self, body: bytes, *, content_type: str = ..., headers: dict[str, str] | None = None
    ) -> httpx.Response: ...

    def log(self) -> str: ...


@dataclass
class Staff:
    """One person in Slack: types, clicks, and reads what the bot drew for them."""

    bot: Endpoint
    user_id: str
    channel_id: str = CHANNEL

    @property
    def slack(self) -> SlackStandIn:
        return self.bot.slack

    @property
    def dm_channel(self) -> str:
        return "D" + self.user_id

    # -- slash commands and clicks ------------------------------------------------------------
    # Every conversation's card lives in the person's DM with the bot (posted, then redrawn with
    # chat.update); a command's or a click's response_url only carries a plain line for the person.
    def send_command(self, command: str, text: str) -> str:
        """Type a slash command; the response_url its plain answer will be posted to."""
        response_url = self.slack.new_response_url(user_id=self.user_id, channel_id=self.channel_id)
        body = slash_command_body(
            command, text, user_id=self.user_id, channel_id=self.channel_id, response_url=response_url
        )
        answered = self.bot.post(body)
        assert answered.status_code == 200, answered.text
        return response_url

    def command(self, command: str, text: str) -> Card:
        """Type a slash command; the conversation card it drew in the DM, or else its plain answer."""
        before = len(self.dm_cards())
        reply = self.answer_at(self.send_command(command, text))
        if len(self.dm_cards()) > before:  # the card is posted before the command's own reply
            return Card.of(self.dm_cards()[-1])
        return reply

    def click_request(
        self,
        button: dict[str, Any],
        response_url: str | None = None,
        *,
        message_ts: str | None = None,
        shown_to: str | None = None,
    ) -> tuple[bytes, str]:
        """The click Slack would send for `button` where this person sees it, and its response_url.

        The stand-in finds the message that shows the button (the DM message `message_ts`,
        else the newest card showing it), so the payload's container and message are Slack's.
        A `response_url` from `slack.new_response_url()` (no user) is bound to this click.
        `shown_to`: the card is on someone else's screen (a click real Slack could not send).
        """
        press = self.slack.press(
            self.user_id,
            button["action_id"],
            button["value"],
            message_ts=message_ts,
            response_url=response_url,
            shown_to=shown_to,
        )
        body = block_actions_body(
            button["action_id"],
            button["value"],
            user_id=self.user_id,
            response_url=press.response_url,
            channel_id=press.channel_id,
            container=press.container,
            message=press.message,
            button_text=str(button.get("text", {}).get("text", "button")),
        )
        return body, press.response_url

    def click_body(
        self, button: dict[str, Any], response_url: str | None = None, *, message_ts: str | None = None
    ) -> bytes:
        return self.click_request(button, response_url, message_ts=message_ts)[0]

    def send_click(self, button: dict[str, Any], *, message_ts: str | None = None, shown_to: str | None = None) -> str:
        """Press a button; the fresh response_url its answer will be posted to."""
        body, response_url = self.click_request(button, message_ts=message_ts, shown_to=shown_to)
        answered = self.bot.post(body)
        assert answered.status_code == 200, answered.text
        return response_url

    def click(self, card: Card, label: str, *, shown_to: str | None = None) -> Card:
        """Press the button labelled `label`; the card as it is once the bot has answered.

        `shown_to`: the card is another person's (a click real Slack could not send, for the owner check).
        """
        return self.press(card, card.button(label), shown_to=shown_to)

    def press(self, card: Card, button: dict[str, Any], *, shown_to: str | None = None) -> Card:
        """Press `button` on `card` (a DM card); its redrawing, or the plain line the click was answered with."""
        ts = str(card.raw.get("ts"))
        updates_before = len(self.updates_of(ts))
        response_url = self.send_click(button, message_ts=ts, shown_to=shown_to)

        def answered() -> bool:
            if self.slack.posts_to(response_url):
                return True
            return len(self.updates_of(ts)) > updates_before and "Working on it" not in self.dm_card(ts).shown

        arrived = self.slack.wait_for(answered, timeout=CARD_TIMEOUT)
        assert arrived, f"the click was not answered; bot log tail:\n{self.bot.log()[-3000:]}"
        posted = self.slack.posts_to(response_url)
        return Card.of(posted[-1]) if posted else self.dm_card(ts)

    def answer_at(self, response_url: str, timeout: float = CARD_TIMEOUT) -> Card:
        arrived = self.slack.wait_for(lambda: bool(self.slack.posts_to(response_url)), timeout=timeout)
        assert arrived, f"no answer arrived at the response_url; bot log tail:\n{self.bot.log()[-3000:]}"
        return Card.of(self.slack.posts_to(response_url)[-1])

    # -- DMs and @mentions: cards live in the person's DM -------------------------------
    def dm_cards(self) -> list[dict[str, Any]]:
        return self.slack.dm_messages(self.dm_channel)

    def send_event(self, event: dict[str, Any], *, event_id: str | None = None, retry: int | None = None) -> str:
        event_id = event_id or "Ev" + uuid.uuid4().hex[:10].upper()
        self.is_where(event)
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        answered = self.bot.post(event_body(event, event_id=event_id), content_type="application/json", headers=headers)
        assert answered.status_code == 200, answered.text
        return event_id

    def is_where(self, event: dict[str, Any]) -> None:
        """A person writes only where they are: their DM with the bot, or a channel the bot was invited to
        (Slack sends app_mention only from conversations the app is in)."""
        channel = str(event.get("channel") or "")
        if event.get("channel_type") == "im" or event.get("type") == "app_mention":
            self.slack.join(channel, self.user_id, self.slack.bot_user_id)

    # -- what the person sees now ---------------------------------------------------------
    def visible_cards(self) -> list[VisibleMessage]:
        """Every message on this person's screen now, after replacements and deletions, oldest first."""
        return self.slack.visible(self.user_id)

    def cards_with_buttons(self) -> list[VisibleMessage]:
        """The visible cards that still show buttons of the bot's (live-looking, whether or not they still act)."""
        return [card for card in self.visible_cards() if any(b.conversation for b in card.buttons)]

    def dm(self, text: str) -> Card:
        """Type a DM to the bot; the new card it posts below (a new request or a typed answer)."""
        before = len(self.dm_cards())
        self.send_event(dm_event(text, user_id=self.user_id))
        return self.new_dm_card(before)

    def mention(self, text: str, channel_id: str | None = None) -> Card:
        """@mention the bot in a channel; the card it posts in the person's DM."""
        before = len(self.dm_cards())
        self.send_event(mention_event(text, user_id=self.user_id, channel_id=channel_id or self.channel_id))
        return self.new_dm_card(before)

    def new_dm_card(self, before: int, timeout: float = CARD_TIMEOUT) -> Card:
        arrived = self.slack.wait_for(lambda: len(self.dm_cards()) > before, timeout=timeout)
        assert arrived, f"no DM card arrived; bot log tail:\n{self.bot.log()[-3000:]}"
        return Card.of(self.dm_cards()[-1])

    def dm_card(self, ts: str) -> Card:
        [message] = [message for message in self.dm_cards() if message["ts"] == ts]
        return Card.of(message)

    def click_in_dm(self, card: Card, label: str) -> Card:
        """Press a button on a DM card (every conversation card is one): see `click`."""
        return self.click(card, label)

    def updates_of(self, ts: str) -> list[Any]:
        return [call for call in self.slack.calls_to("chat.update") if call.params.get("ts") == ts]

    def ephemerals(self, channel_id: str | None = None) -> list[dict[str, Any]]:
        channel = channel_id or self.channel_id
        return [
            call.params
            for call in self.slack.calls_to("chat.postEphemeral")
            if call.params.get("user") == self.user_id and call.params.get("channel") == channel
        ]

    def up_to_confirm(self, row: dict[str, Any]) -> tuple[Card, Card]:
        """`/reschedule` the appointment in `row` and pick the first time offered: (times card, confirm card)."""
        offered = self.command("/reschedule", reschedule_text(row))
        assert "Pick a new time" in offered.shown, offered.shown
        confirm = self.click(offered, offered.labels[0])
        assert "Move this appointment?" in confirm.shown, confirm.shown
        return offered, confirm


def own_served_bot(slack: SlackStandIn, folder: Path) -> Iterator[ServedBot]:
    """A bot of the test's own on a fresh clinic in `folder`, for scenarios that kill or stop it (the module's
    shared one would die with it); stopped afterwards. Fixtures `yield from` it."""
    served = ServedBot(slack, Clinic(folder).seed()).start()
    yield served
    served.stop()
