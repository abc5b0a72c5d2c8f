"""Leases: one owner at a time, expiring, taken in the same transaction as the save that needs them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.engine.state import Step
from bot.store import Lease, LeaseTaken, Store, appointment_lease
from tests.store import racers
from tests.store.support import NOW, audit, conversation
from tests.store.test_two_clicks_or_two_processes_never_both_win import _in_processes

APPOINTMENT = appointment_lease("sandbox", "apt-0001")


def test_a_lease_has_one_owner_until_it_expires(store: Store) -> None:
    assert store.take_lease(Lease(APPOINTMENT, "c1", NOW + timedelta(minutes=5)), now=NOW) is True
    assert store.take_lease(Lease(APPOINTMENT, "c2", NOW + timedelta(minutes=5)), now=NOW) is False
    assert store.lease(APPOINTMENT) == Lease(APPOINTMENT, "c1", NOW + timedelta(minutes=5))
    # the owner renews it
    assert store.take_lease(Lease(APPOINTMENT, "c1", NOW + timedelta(minutes=9)), now=NOW + timedelta(minutes=1))
    assert store.lease(APPOINTMENT) == Lease(APPOINTMENT, "c1", NOW + timedelta(minutes=9))
    # expired: anyone may take it
    assert store.take_lease(Lease(APPOINTMENT, "c2", NOW + timedelta(minutes=20)), now=NOW + timedelta(minutes=9))
    assert store.lease(APPOINTMENT) == Lease(APPOINTMENT, "c2", NOW + timedelta(minutes=20))


def test_only_the_owner_can_drop_a_lease(store: Store) -> None:
    store.take_lease(Lease(APPOINTMENT, "c1", NOW + timedelta(minutes=5)), now=NOW)
    store.drop_lease(APPOINTMENT, "c2")
    assert store.lease(APPOINTMENT) is not None
    store.drop_lease(APPOINTMENT, "c1")
    assert store.lease(APPOINTMENT) is None
    assert store.take_lease(Lease(APPOINTMENT, "c2", NOW + timedelta(minutes=5)), now=NOW)


def test_a_second_conversation_reaching_applying_on_the_same_appointment_is_refused_and_saves_nothing(
    store: Store,
) -> None:
    first = store.insert(conversation(Step.CONFIRM, "U1"), {"kind": "dm"}).conversation
    second = store.insert(conversation(Step.CONFIRM, "U2"), {"kind": "dm"}).conversation
    until = NOW + timedelta(minutes=5)
    applying = store.save(
        first.model_copy(update={"step": Step.APPLYING}),
        expected_version=1,
        take_lease=Lease(APPOINTMENT, first.id, until),
    )
    assert applying is not None
    with pytest.raises(LeaseTaken) as refused:
        store.save(
            second.model_copy(update={"step": Step.APPLYING}),
            expected_version=1,
            surface={"kind": "command"},
            take_lease=Lease(APPOINTMENT, second.id, until),
            audit=[audit()],
        )
    assert refused.value.lease.owner == first.id, "the refusal says who holds the appointment"
    stored = store.get(second.id)
    assert stored is not None and stored.conversation.step is Step.CONFIRM and stored.conversation.version == 1
    assert stored.surface == {"kind": "dm"}
    assert store.audit_entries() == []
    # the first one finishes: its outcome, the audit row and the release are one save
    done = store.save(
        applying.conversation.model_copy(update={"step": Step.DONE}),
        expected_version=2,
        drop_lease=APPOINTMENT,
        audit=[audit("apt-0001")],
    )
    assert done is not None and store.lease(APPOINTMENT) is None
    assert [entry.appointment_id for entry in store.audit_entries()] == ["apt-0001"]
    retried = store.save(
        second.model_copy(update={"step": Step.APPLYING}),
        expected_version=1,
        take_lease=Lease(APPOINTMENT, second.id, until),
    )
    assert retried is not None and store.lease(APPOINTMENT) == Lease(APPOINTMENT, second.id, until)


def test_a_lease_left_by_a_crashed_conversation_expires_by_the_clock_of_the_turn(store: Store) -> None:
    store.take_lease(Lease(APPOINTMENT, "crashed", NOW + timedelta(minutes=5)), now=NOW)
    late = store.insert(conversation(Step.CONFIRM, "U2", NOW + timedelta(minutes=6)), {}).conversation
    saved = store.save(
        late.model_copy(update={"step": Step.APPLYING}),
        expected_version=1,
        take_lease=Lease(APPOINTMENT, late.id, NOW + timedelta(minutes=11)),
    )
    assert saved is not None and store.lease(APPOINTMENT) == Lease(APPOINTMENT, late.id, NOW + timedelta(minutes=11))


def test_processes_racing_for_one_lease_exactly_one_gets_it(store: Store, store_location: str) -> None:
    outcome = _in_processes(racers.take_lease_after_barrier, store_location, 4)
    winners = [number for number, won in outcome.items() if won]
    assert len(winners) == 1
    held = store.lease(APPOINTMENT)
    assert held is not None and held.owner == f"c{winners[0]}"


def test_processes_saving_different_conversations_onto_one_appointment_exactly_one_applies(
    store: Store, store_location: str
) -> None:
    for number in range(4):
        store.insert(conversation(Step.CONFIRM, user=f"U{number}"), {})
    outcome = _in_processes(racers.save_with_lease_after_barrier, store_location, 4)
    assert sum(outcome.values()) == 1
    applying = store.open_conversations(step=Step.APPLYING)
    assert len(applying) == 1
    held = store.lease(APPOINTMENT)
    assert held is not None and held.owner == applying[0].conversation.id
