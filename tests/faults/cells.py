"""The fault matrix's cells: one reschedule through the served bot with one fault struck at one step.

A cell runs the whole move as staff would (command, pick a time, Confirm),
strikes its fault at its step, recovers the way an admin would (start the
bot again after a kill, give the disk back), carries on as the person would
while their card still lets them, and reads the outcome: how many changes the
booking system took and the audit recorded, what the person was left being
told, and whether the audit has the change. Shared by
benchmarks/fault_matrix.py and tests/faults/test_matrix_cells.py.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from bot.local.slack import slash_command_body
from tests.e2e.harness import CARD_TIMEOUT, Card, Staff, wait_until_gone
from tests.fakes.stub_server import Fault
from tests.faults.rig import Desk, applied_rows

logger = logging.getLogger(__name__)

STEPS = ("command acked", "patient found", "slot held", "confirm clicked", "applying", "applied")
FAULTS = (
    "kill -9",
    "SIGTERM",
    "Slack retry",
    "double click",
    "second staff",
    "vendor 5xx",
    "vendor 429",
    "vendor timeout",
    "drop after apply",
    "disk read-only",
    "disk full",
    "db locked",
)
VENDOR_FAULTS = {
    "vendor 5xx": lambda: Fault.status(503),
    "vendor 429": lambda: Fault.status(429),
    "vendor timeout": lambda: Fault.hang(0.5),
}
"""A 'timeout' is the vendor never answering: the connection closes unanswered after 0.5 s (the client's own
read timeout is 10 s; waiting it out would only make the matrix slower, the bot sees the same error)."""
RETRIES = 3
"""Faults queued per route: as many as the bot's attempts, so a retry cannot hide the fault."""
LOCK_SECONDS = 2.0
SETTLE_TIMEOUT = 30.0
"""How long a person may wait for the outcome after a fault: a change a kill interrupted is read back only once
it can no longer be in the booking system's hands (housekeeping.IN_VENDOR_HANDS, 15 s), at the sweeper's next
look (every 5 s)."""
WAITING = ("Working on it", "Move this appointment?")


@dataclass(frozen=True)
class Outcome:
    change: str
    """'applied once', 'not applied', or what went wrong ('CHANGED TWICE', 'UNAUDITED CHANGE', ...)."""
    told: str
    audited: bool
    note: str = ""
    said: str = ""
    """The words the person was left with (for reading a cell's outcome, not for classifying it)."""

    @property
    def ok(self) -> bool:
        consistent = {
            "applied once": ("moved", "uncertain"),
            "not applied": ("not changed", "went wrong", "interrupted", "unavailable", "uncertain"),
            "changed; audit says not": ("uncertain",),
        }
        return self.told in consistent.get(self.change, ()) and (self.audited or self.change == "not applied")

    def short(self) -> str:
        audit = "audited" if self.audited else "no audit"
        mark = "" if self.ok else "!! "
        return f"{mark}{self.change}; told {self.told}; {audit}" + (f" ({self.note})" if self.note else "")


@dataclass(frozen=True)
class NotApplicable:
    why: str

    ok = True

    def short(self) -> str:
        return f"n/a: {self.why}"


SPECIAL = ("nothing", "two cards", "waiting for the claim")


def classify_told(text: str) -> str:
    """What the card the person was left with says, in two words."""
    if text in SPECIAL or text.startswith(("bot died", "no answer")):
        return text
    if "may or may not" in text:
        return "uncertain"
    if "Moved" in text:
        return "moved"
    if "interrupted" in text:
        return "interrupted"
    if "Something went wrong" in text:
        return "went wrong"
    if any(w in text for w in ("Working on it",)):
        return "nothing yet"
    if any(w in text for w in ("not available", "isn't answering", "unavailable", "try again")):
        return "unavailable"
    if any(
        w in text
        for w in ("Nothing was booked", "did not change", "not made", "already", "Someone", "no longer", "NOTHING")
    ):
        return "not changed"
    if "Pick a new time" in text or "Move this appointment?" in text:
        return "card still waiting"
    return "other: " + " ".join(text.split())[:50]


# -- what a cell does ----------------------------------------------------------------------------------


Strike = Callable[[Desk], None]


@dataclass
class Plan:
    """Where the fault strikes: a callable per step boundary, and hooks armed before the command."""

    at: dict[str, Strike]
    arm: Callable[[Desk], None] | None = None
    double: str | None = None
    """'pick' or 'confirm': press that button twice at once; 'retry-command' / 'retry-click': the same body twice."""
    second_staff: bool = False
    recover: Callable[[Desk], None] | None = None
    retry_after_recovery: bool = False
    fresh_store: bool = False
    """The cell leaves a change in `applying` whose claim outlives it (2 minutes): the next cell gets its own store."""


def run(desk: Desk, trial: int, plan: Plan) -> Outcome:
    staff = desk.first
    before_where = desk.diary.where()
    audit_before = len(desk.audit())
    changes_before = desk.diary.changes_made()
    try:
        said = _flow(desk, staff, trial, plan)
    except (AssertionError, RuntimeError, OSError, httpx.HTTPError) as error:
        logger.warning("cell %s: %s", plan, "".join(traceback.format_exception(error))[-1500:])
        process = desk.bot.process
        died = process is not None and process.poll() is not None
        said = f"bot died (exit {process.returncode})" if died and process else f"no answer ({type(error).__name__})"
    finally:
        if plan.recover is not None:
            plan.recover(desk)
    told = classify_told(said)
    _alive(desk)
    _audit_settles(desk, before_where, audit_before, told)
    audit = desk.audit()
    applied = len(applied_rows(audit, audit_before))
    changes = desk.diary.changes_made() - changes_before if changes_before >= 0 else -1
    moved = desk.diary.where() != before_where
    note = ""
    if plan.retry_after_recovery and not moved:
        note = "then works: " + classify_told(_flow(desk, staff, trial + 100, Plan(at={})))
    audited = applied >= 1 or len(audit) > audit_before
    return Outcome(_change(moved, applied, changes, audited), told, audited, note, " ".join(said.split())[:160])


TOLD_AN_OUTCOME = ("moved", "not changed", "unavailable", "went wrong", "uncertain")
RECORD_FOLLOWS_CARD = 3.0
"""Seconds an outcome's record may follow its card: the card is drawn just before the record is written."""


def _audit_settles(desk: Desk, before_where: str, audit_before: int, told: str) -> None:
    """The audit as it stands once the outcome the person was told is recorded.

    A change made while the disk was failing is recorded once it works again (the sweeper's next look); an
    outcome told while its change is still in hand is recorded a moment after its card.
    """
    start = time.monotonic()
    while len(desk.audit()) == audit_before:
        waited = time.monotonic() - start
        moved = desk.diary.where() != before_where
        recording = told in TOLD_AN_OUTCOME and waited < RECORD_FOLLOWS_CARD and desk.changes_in_hand() > 0
        if waited >= SETTLE_TIMEOUT or not (moved or recording):
            return
        time.sleep(0.05)


def _change(moved: bool, applied: int, changes: int, audited: bool) -> str:
    if applied > 1 or changes > 1:
        return "CHANGED TWICE"
    if moved and applied == 0:
        return "changed; audit says not" if audited else "UNAUDITED CHANGE"
    if applied and not moved:
        return "AUDITED BUT NOT CHANGED"
    return "applied once" if moved else "not applied"


def _alive(desk: Desk) -> None:
    """Start the bot again if the fault killed or stopped it (the service manager's job)."""
    process = desk.bot.process
    if process is None:
        return
    if getattr(desk, "signalled", False):
        process.wait(timeout=30)
        desk.signalled = False  # type: ignore[attr-defined]
    if process.poll() is not None:
        desk.restart()


def _strike(desk: Desk, plan: Plan, step: str) -> None:
    strike = plan.at.get(step)
    if strike is not None:
        strike(desk)


def _flow(desk: Desk, staff: Staff, trial: int, plan: Plan) -> str:
    """The move as staff make it, with the plan's faults; what the person was left being told."""
    if plan.arm is not None:
        plan.arm(desk)
    before = len(staff.dm_cards())
    url = staff.slack.new_response_url(user_id=staff.user_id, channel_id=staff.channel_id)
    body = slash_command_body(
        "/reschedule",
        desk.diary.reschedule_text(trial),
        user_id=staff.user_id,
        channel_id=staff.channel_id,
        response_url=url,
        trigger_id=f"{trial}.{time.time_ns()}.faults",
    )
    for _ in range(2 if plan.double == "retry-command" else 1):  # a retry is the very same body (one trigger_id)
        assert desk.bot.post(body).status_code == 200
    _strike(desk, plan, "command acked")
    offered = _new_card(desk, staff, before, url)
    if offered is None:
        reply = staff.slack.posts_to(url)
        return Card.of(reply[-1]).shown if reply else "nothing"
    if "Pick a new time" not in offered.shown:
        return offered.shown
    if plan.double == "retry-command":
        staff.slack.wait_for(lambda: len(staff.dm_cards()) > before + 1, timeout=1.0)
        if len(staff.dm_cards()) > before + 1:
            return "two cards"
    _strike(desk, plan, "patient found")
    _alive(desk)
    offered = _newest_live(staff, offered, "Pick a new time")
    if plan.double == "pick":
        picks = _together(
            lambda: staff.click(offered, offered.labels[0]), lambda: staff.click(offered, offered.labels[0])
        )
        confirm = next((card for card in picks if "Move this appointment?" in card.shown), picks[0])
    else:
        confirm = staff.click(offered, offered.labels[0])
    if "Move this appointment?" not in confirm.shown:
        return _latest(staff, confirm).shown
    _strike(desk, plan, "slot held")
    _alive(desk)
    confirm = _newest_live(staff, confirm, "Move this appointment?")
    ts = str(confirm.raw.get("ts"))
    if plan.second_staff:
        theirs = desk.up_to_confirm(desk.second, trial, which=1)
        cards = _together(lambda: staff.click(confirm, "Confirm"), lambda: desk.second.click(theirs, "Confirm"))
        # Either may win: the outcome is the winner's card, and the loser's words beside it.
        cards.sort(key=lambda card: "Moved" not in card.shown)
        return " | the other: ".join(card.shown for card in cards)
    elif plan.double == "confirm":
        _together(lambda: staff.click(confirm, "Confirm"), lambda: staff.click(confirm, "Confirm"))
    elif plan.double == "retry-click":
        body, _ = staff.click_request(confirm.button("Confirm"), message_ts=ts)
        for _ in range(2):
            assert desk.bot.post(body).status_code == 200
    else:
        url = staff.send_click(confirm.button("Confirm"), message_ts=ts)
        _strike(desk, plan, "confirm clicked")
        return _outcome_card(desk, staff, ts, url)
    return _outcome_card(desk, staff, ts)


def _newest_live(staff: Staff, card: Card, words: str) -> Card:
    """After a restart the inbox may have redone the request: a person goes on with the newest live card."""
    time.sleep(0.2)
    for message in reversed(staff.visible_cards()):
        live = message.channel == staff.dm_channel and any(button.conversation for button in message.buttons)
        if live and words in Card.of(message.__dict__).shown:
            return Card.of(staff.dm_card(message.ts).raw)
    return card


def _new_card(desk: Desk, staff: Staff, before: int, url: str) -> Card | None:
    """The DM card the command drew (across a restart), or None when it answered only at its response_url."""
    _alive(desk)
    staff.slack.wait_for(
        lambda: len(staff.dm_cards()) > before or bool(staff.slack.posts_to(url)), timeout=CARD_TIMEOUT
    )
    if len(staff.dm_cards()) <= before:
        staff.slack.wait_for(lambda: len(staff.dm_cards()) > before, timeout=0.3)
    return Card.of(staff.dm_cards()[-1]) if len(staff.dm_cards()) > before else None


def _latest(staff: Staff, card: Card) -> Card:
    ts = card.raw.get("ts")
    return staff.dm_card(str(ts)) if ts else card


def _outcome_card(desk: Desk, staff: Staff, ts: str, url: str | None = None) -> str:
    """Wait (across a restart) until the confirm card is redrawn with an outcome, or the click is answered."""
    deadline = time.monotonic() + SETTLE_TIMEOUT
    while time.monotonic() < deadline:
        _alive(desk)
        if url and staff.slack.posts_to(url) and "Working on it" not in staff.dm_card(ts).shown:
            return Card.of(staff.slack.posts_to(url)[-1]).shown
        shown = staff.dm_card(ts).shown
        if not any(words in shown for words in WAITING):
            return shown
        staff.slack.wait_for(lambda: not any(w in staff.dm_card(ts).shown for w in WAITING), timeout=0.5)
    shown = staff.dm_card(ts).shown
    if "Working on it" in shown:
        return "waiting for the claim"
    return shown


def _together(*calls: Callable[[], Card]) -> list[Card]:
    from tests.faults.rig import at_once

    results = at_once(*calls)
    return [result for result in results if isinstance(result, Card)] or [Card("", [], {})]


# -- the faults ---------------------------------------------------------------------------------------------


def kill(desk: Desk) -> None:
    desk.bot.crash()
    desk.restart()


def terminate(desk: Desk) -> None:
    desk.bot.stop()
    desk.restart()


def _signal_now(desk: Desk, signum: int) -> Callable[[], None]:
    def send() -> None:
        process = desk.bot.process
        if process is not None and process.poll() is None:
            desk.signalled = True  # type: ignore[attr-defined]
            work = desk.bot.pids() - {process.pid}
            os.kill(process.pid, signum)
            if signum == signal.SIGKILL:
                process.wait()
                wait_until_gone(work)

    return send


@contextmanager
def read_only(desk: Desk) -> Iterator[None]:
    """The database file made immutable (root ignores file modes, not the immutable flag)."""
    set_read_only(desk, True)
    try:
        yield
    finally:
        set_read_only(desk, False)


def set_read_only(desk: Desk, on: bool) -> None:
    """The database made immutable (or writable again): root ignores file modes, not this flag."""
    db = desk.bot.clinic.db
    files = [
        str(path) for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")) if path.exists()
    ]
    subprocess.run(["chattr", "+i" if on else "-i", *files], check=True)


def locked(desk: Desk, seconds: float = LOCK_SECONDS) -> threading.Thread:
    """Another process holds the database's write lock for `seconds` (a backup, a migration), then lets go."""
    ready = threading.Event()

    def hold() -> None:
        other = sqlite3.connect(desk.bot.clinic.db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        ready.set()
        time.sleep(seconds)
        other.execute("ROLLBACK")
        other.close()

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    ready.wait(5)
    return holder


def fill_disk(desk: Desk) -> None:
    """Fill the small file system the database lives on (see `small_disk`), leaving no byte free."""
    filler = desk.bot.clinic.workdir / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for chunk in (1 << 20, 65536, 512):
            try:
                while True:
                    os.write(descriptor, b"\0" * chunk)
            except OSError:
                continue
    finally:
        os.close(descriptor)


def free_disk(desk: Desk) -> None:
    (desk.bot.clinic.workdir / "filler").unlink(missing_ok=True)


def can_chattr(folder: os.PathLike[str] | str) -> str | None:
    """None when the immutable flag can be set here, else why not."""
    if shutil.which("chattr") is None:
        return "chattr (e2fsprogs) is missing"
    probe = os.path.join(folder, ".chattr-probe")
    open(probe, "w").close()
    try:
        done = subprocess.run(["chattr", "+i", probe], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return f"chattr +i refused here: {done.stderr.strip()[:80]}"
        subprocess.run(["chattr", "-i", probe], check=True)
        return None
    finally:
        os.unlink(probe)


# -- which fault strikes where -----------------------------------------------------------------------------

Cell = Plan | NotApplicable


def _clear_faults(desk: Desk) -> None:
    """Faults a cell queued but the bot never met (a write that was not retried) must not leak into the next."""
    stand_in = desk.diary.stand_in
    if stand_in is not None:
        with stand_in._lock:
            stand_in._faults.clear()


def _when_write_arrives(route: str, then: Strike, timeout: float = 5.0) -> Strike:
    """Strike once the vendor has the write in hand (it is delayed there), i.e. while the bot is 'applying'."""

    def strike(desk: Desk) -> None:
        assert desk.diary.stand_in is not None
        deadline = time.monotonic() + timeout
        while not desk.diary.stand_in.calls_to(route) and time.monotonic() < deadline:
            time.sleep(0.005)
        then(desk)

    return strike


def _counted_from_now(route: str) -> Callable[[Desk], None]:
    def arm(desk: Desk) -> None:
        assert desk.diary.stand_in is not None
        with desk.diary.stand_in._lock:
            desk.diary.stand_in.calls[:] = [c for c in desk.diary.stand_in.calls if c.route != route]

    return arm


def _both(*arms: Callable[[Desk], None]) -> Callable[[Desk], None]:
    def arm(desk: Desk) -> None:
        for one in arms:
            one(desk)

    return arm


def _second_confirms(desk: Desk) -> None:
    """While the first change is in the vendor's hands, the nurse confirms another time for the same appointment."""
    theirs = desk.up_to_confirm(desk.second, 900, which=1)
    desk.second.click(theirs, "Confirm")


DISK_ON: dict[str, Callable[[Desk], None]] = {
    "disk read-only": lambda desk: set_read_only(desk, True),
    "disk full": fill_disk,
    "db locked": lambda desk: setattr(desk, "lock_holder", locked(desk)),
}
DISK_OFF: dict[str, Callable[[Desk], None]] = {
    "disk read-only": lambda desk: set_read_only(desk, False),
    "disk full": free_disk,
    "db locked": lambda desk: desk.lock_holder.join(10),
}


def plan_for(fault: str, step: str, desk: Desk, *, small_disk: bool = True) -> Cell:
    """What `fault` at `step` means on this desk's booking system, or why it does not apply."""
    diary = desk.diary
    vendor = diary.stand_in is not None
    write = diary.write_route or ""
    if fault in ("kill -9", "SIGTERM"):
        stop = kill if fault == "kill -9" else terminate
        signum = signal.SIGKILL if fault == "kill -9" else signal.SIGTERM
        if step in ("command acked", "patient found", "slot held", "confirm clicked"):
            # A kill right after Confirm's ack may land mid-change and leave its claim behind (see fresh_store).
            return Plan(at={step: stop}, fresh_store=vendor and step == "confirm clicked")
        if not vendor:
            return NotApplicable("the sandbox's change is one SQLite transaction: no instant inside it")
        if step == "applying":
            arm = _both(_counted_from_now(write), lambda d: d.diary.fail(write, Fault.delay(1.0)))
            strike = _when_write_arrives(write, lambda d: _signal_now(d, signum)())
            return Plan(at={"confirm clicked": strike}, arm=arm, fresh_store=True)
        return Plan(at={}, arm=lambda d: d.diary.after_call(write, _signal_now(d, signum)), fresh_store=True)
    if fault == "Slack retry":
        if step == "command acked":
            return Plan(at={}, double="retry-command")
        if step == "confirm clicked":
            return Plan(at={}, double="retry-click")
        return NotApplicable("no request of Slack's to repeat at this step")
    if fault == "double click":
        if step == "slot held":
            return Plan(at={}, double="pick")
        if step == "confirm clicked":
            return Plan(at={}, double="confirm")
        return NotApplicable("no button pressed at this step")
    if fault == "second staff":
        if step == "confirm clicked":
            return Plan(at={}, second_staff=True)
        if step == "applying" and vendor:
            arm = _both(_counted_from_now(write), lambda d: d.diary.fail(write, Fault.delay(1.0)))
            return Plan(at={"confirm clicked": _when_write_arrives(write, _second_confirms)}, arm=arm)
        if step == "applying":
            return NotApplicable("the sandbox's change is one SQLite transaction: no instant inside it")
        return NotApplicable("two people choosing is harmless until one confirms")
    if fault in VENDOR_FAULTS or fault == "drop after apply":
        if not vendor:
            return NotApplicable("no vendor")
        route = {
            "patient found": diary.search_route,
            "slot held": diary.hold_route,
            "confirm clicked": diary.reread_route,
            "applying": write,
        }.get(step)
        if route is None:
            why = "picking a time makes no vendor call" if step == "slot held" else "no vendor call at this step"
            return NotApplicable(why)
        if fault == "drop after apply":
            return Plan(at={}, arm=lambda d: d.diary.drop_after_applying(route), recover=_clear_faults)
        faults = [VENDOR_FAULTS[fault]() for _ in range(RETRIES)]
        return Plan(at={}, arm=lambda d: d.diary.fail(route, *faults), recover=_clear_faults)
    if fault in DISK_ON:
        if fault == "disk full" and not small_disk:
            return NotApplicable("not run: no small file system could be mounted here")
        on, off = DISK_ON[fault], DISK_OFF[fault]
        recover = _both(off, _clear_faults)
        if step == "command acked":
            return Plan(at={}, arm=on, recover=recover, retry_after_recovery=True)
        if step == "slot held":
            return Plan(at={"patient found": on}, recover=recover, retry_after_recovery=True)
        if step == "confirm clicked":
            return Plan(at={"slot held": on}, recover=recover, retry_after_recovery=True)
        if step == "applied" and vendor:
            arm = lambda d: d.diary.after_call(write, lambda: on(d))  # noqa: E731
            return Plan(at={}, arm=arm, recover=recover, fresh_store=True)
        if step == "applied":
            return NotApplicable("the sandbox's change and its record are one transaction in one file")
        return NotApplicable("covered by the step before (no separate store write here)")
    raise ValueError(f"unknown fault {fault!r}")


def run_cell(desk: Desk, fault: str, step: str, trial: int, *, small_disk: bool = True) -> Outcome | NotApplicable:
    plan = plan_for(fault, step, desk, small_disk=small_disk)
    if isinstance(plan, NotApplicable):
        return plan
    try:
        return run(desk, trial, plan)
    finally:
        _clear_faults(desk)
        if plan.fresh_store:
            desk.fresh_store()
