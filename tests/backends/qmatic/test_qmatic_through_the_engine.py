"""A whole reschedule and a whole cancel as staff drive them, through the real engine, against the Qmatic stand-in."""

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.backends.qmatic import QmaticBackend
from bot.engine import Action, Conversation, ConversationEngine, Intent, Step
from bot.nlu import ParsedRequest, parse_request
from tests.backends.qmatic.support import BRANCH, PID, at, book_maria
from tests.core.conftest import notice, outcome
from tests.fakes.qmatic_server import QmaticServer

ZONE = "Europe/Stockholm"


def parse(text: str, now: datetime) -> ParsedRequest:
    return parse_request(text, now.astimezone(ZoneInfo(ZONE)), ZONE, "DMY")


@pytest.fixture
def engine(backend: QmaticBackend) -> Iterator[ConversationEngine]:
    yield ConversationEngine(backend, parse, clinic_tz=ZONE)


def start(engine: ConversationEngine, qmatic: QmaticServer, text: str, intent: Intent) -> Conversation:
    return engine.start(user_id="U1", parsed=parse(text, qmatic.now), intent=intent, now=qmatic.now, text=text)


def test_a_whole_reschedule_holds_the_time_then_moves_the_appointment(
    qmatic: QmaticServer, engine: ConversationEngine
) -> None:
    appointment_id = book_maria(qmatic)
    offered = start(engine, qmatic, f"move {PID} from wednesday 10am to wednesday afternoon", Intent.RESCHEDULE)
    assert offered.step is Step.CHOOSE_SLOT and offered.slots[0].start == at(3)

    confirm = engine.act(offered, Action(kind="choose_slot", index=0), qmatic.now)
    assert confirm.step is Step.CONFIRM and confirm.hold is not None
    assert confirm.hold.expires_at == qmatic.now + timedelta(minutes=15)
    assert [r.id for r in qmatic.active_reservations()] == [confirm.hold.id]

    done = engine.apply(engine.act(confirm, Action(kind="confirm"), qmatic.now), qmatic.now)

    assert done.step is Step.DONE
    # Worded in the reader's zone; a reader in the branch's own zone sees one clock.
    assert (
        outcome(done, ZoneInfo("Europe/Stockholm"))
        == "Moved from Wed Dec 2, 10:00 AM–10:30 AM to Wed Dec 2, 12:00 PM–12:30 PM."
    )
    assert [(a.id, a.start) for a in qmatic.booked()] == [(appointment_id, at(3))]


def test_a_reservation_that_lapsed_before_confirm_offers_fresh_times_and_books_nothing(
    qmatic: QmaticServer, engine: ConversationEngine
) -> None:
    book_maria(qmatic)
    offered = start(engine, qmatic, f"move {PID} to wednesday afternoon", Intent.RESCHEDULE)
    confirm = engine.act(offered, Action(kind="choose_slot", index=0), qmatic.now)
    qmatic.expire_reservations()  # Qmatic let it go; the bot's own clock still thinks it is held

    after = engine.apply(engine.act(confirm, Action(kind="confirm"), qmatic.now), qmatic.now)

    assert after.step is Step.CHOOSE_SLOT and after.hold is None
    assert notice(after) is not None and "Nothing was booked" in notice(after)
    assert [a.start for a in qmatic.booked()] == [at(1)]
    assert after.slots[0].start == at(3)  # the lapsed time is free again


def test_abandoning_gives_the_reservation_back(qmatic: QmaticServer, engine: ConversationEngine) -> None:
    book_maria(qmatic)
    offered = start(engine, qmatic, f"move {PID} to wednesday afternoon", Intent.RESCHEDULE)
    confirm = engine.act(offered, Action(kind="choose_slot", index=0), qmatic.now)
    engine.abandon(confirm, qmatic.now)
    assert qmatic.active_reservations() == [] and qmatic.is_free(BRANCH, at(3))


def test_a_whole_cancel_asks_no_reason_qmatic_cannot_keep(qmatic: QmaticServer, engine: ConversationEngine) -> None:
    appointment_id = book_maria(qmatic)
    confirm = start(engine, qmatic, f"cancel {PID} wednesday", Intent.CANCEL)
    assert confirm.step is Step.CONFIRM

    done = engine.apply(engine.act(confirm, Action(kind="confirm"), qmatic.now), qmatic.now)

    assert done.step is Step.DONE and qmatic.cancelled == [appointment_id]
