"""A stored conversation that cannot be read is moved aside by id and skipped; the log names no patient."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.engine.state import Step
from bot.store import Store
from tests.store.support import NOW, PATIENT_NAME, PATIENT_PHONE, conversation, raw

BAD_BIRTH_DATE = f'"date_of_birth":"{PATIENT_NAME} {PATIENT_PHONE}"'
PATIENT_TRACES = (PATIENT_NAME, "Maria", "Lopez", PATIENT_PHONE, "555-0147", "1984")

DAMAGE = {
    # after an upgrade: a field no longer validates, and pydantic's message would quote the patient
    "model no longer validates": (
        "state",
        lambda state: state.replace(
            '"date_of_birth":"1984-03-12"', f'"date_of_birth":"{PATIENT_NAME} {PATIENT_PHONE}"'
        ),
    ),
    "state is not JSON": ("state", lambda state: f"{{not json {PATIENT_NAME} {PATIENT_PHONE}"),
    "surface is not JSON": ("surface", lambda surface: f"{{{PATIENT_NAME}"),
    "surface is not an object": ("surface", lambda surface: f'["{PATIENT_NAME}"]'),
}


def damage(store_location: str, conversation_id: str, how: str) -> None:
    column, change = DAMAGE[how]
    [(value,)] = raw(store_location, f"SELECT {column} FROM conversations WHERE id = ?", (conversation_id,))
    damaged = change(value)
    assert damaged != value
    raw(store_location, f"UPDATE conversations SET {column} = ? WHERE id = ?", (damaged, conversation_id))


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_an_unreadable_conversation_is_skipped_quarantined_and_logged_by_id_and_error_type_only(
    store: Store, store_location: str, how: str, caplog: pytest.LogCaptureFixture
) -> None:
    bad = store.insert(conversation(Step.APPLYING, "U1", with_patient=True), {"kind": "dm"}).conversation
    good = store.insert(conversation(Step.APPLYING, "U2", NOW + timedelta(minutes=1), with_patient=True), {})
    damage(store_location, bad.id, how)
    caplog.set_level(logging.DEBUG)

    assert [stored.conversation.id for stored in store.open_conversations(step=Step.APPLYING)] == [
        good.conversation.id
    ], "the sweeper and start-up go on with the readable ones"
    assert store.get(bad.id) is None
    assert store.active_for_user("U1") is None

    assert raw(store_location, "SELECT id FROM conversations WHERE id = ?", (bad.id,)) == []
    [(quarantined_id, error_type)] = raw(store_location, "SELECT id, error_type FROM quarantine")
    assert quarantined_id == bad.id
    assert error_type.split(" ")[0] in ("ValidationError", "JSONDecodeError", "surface")
    messages = [record.getMessage() for record in caplog.records]
    assert any(bad.id in message and error_type in message for message in messages)
    for record in caplog.records:
        text = record.getMessage() + (caplog.text or "")
        assert not any(trace in text for trace in PATIENT_TRACES), f"patient data in the log: {record.getMessage()}"
        assert record.exc_info is None, "no traceback (its frames hold the row's values)"


def test_the_newest_open_conversation_being_unreadable_does_not_hide_an_older_one(
    store: Store, store_location: str
) -> None:
    older = store.insert(conversation(Step.NEED_WINDOW, "U1", NOW, id="older"), {"kind": "dm"}).conversation
    newer = store.insert(conversation(Step.CHOOSE_SLOT, "U1", NOW + timedelta(minutes=1), id="newer"), {"kind": "dm"})
    damage(store_location, newer.conversation.id, "state is not JSON")
    active = store.active_for_user("U1", surface_kind="dm")
    assert active is not None and active.conversation.id == older.id


def test_quarantined_rows_are_purged_with_the_finished_conversations(store: Store, store_location: str) -> None:
    bad = store.insert(conversation(Step.CHOOSE_SLOT, "U1", NOW - timedelta(days=2), with_patient=True), {})
    damage(store_location, bad.conversation.id, "state is not JSON")
    assert store.get(bad.conversation.id) is None
    assert store.purge_finished(NOW - timedelta(days=1)) == 1
    assert raw(store_location, "SELECT COUNT(*) FROM quarantine") == [(0,)]
