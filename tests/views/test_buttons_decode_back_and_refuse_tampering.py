"""Every button says which conversation and which drawing of it it belongs to; edited values are refused."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain import CancelReason
from bot.engine.state import Action, Intent, Step
from bot.views import ACTION_PREFIX, decode_action, encode_button, render_conversation
from bot.views.buttons import ACTION_KINDS
from tests.views.factories import (
    CHICAGO,
    appointment,
    buttons,
    confirm_cancel,
    confirm_move,
    conversation,
    slots,
)


def every_card_kind() -> list:
    series = appointment(repeats=True)
    return [
        conversation(Step.NEED_PATIENT, notice="Which patient?"),
        conversation(Step.CHOOSE_APPOINTMENT, candidates=(appointment(), appointment(id="a2", name="Ann Lee"))),
        conversation(Step.NEED_WINDOW),
        conversation(Step.CHOOSE_SLOT, slots=slots(30)),
        conversation(Step.NEED_REASON, intent=Intent.CANCEL),
        confirm_move(),
        confirm_cancel(appointment=series),
    ]


@pytest.mark.parametrize("drawn", every_card_kind(), ids=lambda c: f"{c.intent.value}-{c.step.value}")
def test_every_button_decodes_to_its_conversation_version_and_action(drawn) -> None:
    card = render_conversation(drawn, CHICAGO)
    assert buttons(card)
    for node in buttons(card):
        assert node["action_id"].startswith(ACTION_PREFIX)
        decoded = decode_action(node["action_id"], node["value"])
        assert decoded is not None
        conversation_id, version, action = decoded
        assert (conversation_id, version) == (drawn.id, drawn.version)
        assert node["action_id"].split(":")[1] == action.kind
        assert json.loads(node["value"])["k"] == action.kind


def test_buttons_point_at_the_right_candidate_slot_and_reason() -> None:
    card = render_conversation(conversation(Step.CHOOSE_SLOT, slots=slots(7)), CHICAGO)
    chosen = [decode_action(n["action_id"], n["value"]) for n in buttons(card)]
    assert [d[2].index for d in chosen if d and d[2].kind == "choose_slot"] == list(range(7))

    reasons = render_conversation(conversation(Step.NEED_REASON, intent=Intent.CANCEL), CHICAGO)
    decoded = [decode_action(n["action_id"], n["value"]) for n in buttons(reasons)]
    assert [d[2].value for d in decoded if d and d[2].kind == "choose_reason"] == [r.value for r in CancelReason]


def test_a_click_on_an_older_drawing_carries_the_older_version() -> None:
    older = confirm_move(version=3)
    newer = confirm_move(version=4)
    old_id, old_value = encode_button(older, Action(kind="confirm"))
    assert decode_action(old_id, old_value) == (older.id, 3, Action(kind="confirm"))
    assert encode_button(newer, Action(kind="confirm"))[1] != old_value


def tamper(value: str, **changes: object) -> str:
    payload = json.loads(value)
    payload.update(changes)
    return json.dumps(payload, separators=(",", ":"))


@pytest.mark.parametrize(
    "changes",
    [
        {"v": 8},
        {"c": "someone-elses-conversation"},
        {"i": 3},
        {"x": "Away"},
        {"k": "abort"},
        {"s": "000000000000"},
        {"extra": 1},
        {"v": "7"},
        {"v": True},
        {"v": -1},
        {"i": -1},
    ],
)
def test_a_tampered_value_decodes_to_none(changes: dict) -> None:
    action_id, value = encode_button(confirm_move(), Action(kind="choose_slot", index=2))
    assert decode_action(action_id, value) is not None
    assert decode_action(action_id, tamper(value, **changes)) is None


@pytest.mark.parametrize(
    ("action_id", "value"),
    [
        ("", ""),
        ("clinic_bot:confirm:0", ""),
        ("clinic_bot:confirm:0", "not json"),
        ("clinic_bot:confirm:0", "[1, 2]"),
        ("clinic_bot:confirm:0", "null"),
        ("clinic_bot:launch_missiles:0", '{"c":"c0ffee","v":1,"k":"launch_missiles"}'),
        ("other_bot:confirm:0", '{"c":"c0ffee","v":1,"k":"confirm"}'),
        ("clinic_bot:confirm", '{"c":"c0ffee","v":1,"k":"confirm"}'),
        ("clinic_bot:confirm:0", '{"c":"c0ffee","v":1,"k":"confirm"}'),  # no checksum: not drawn by us
        ("clinic_bot:confirm:0", "[" * 5000),
        ("clinic_bot:confirm:0", "x" * 2001),
    ],
)
def test_malformed_or_forged_clicks_decode_to_none(action_id: str, value: str) -> None:
    assert decode_action(action_id, value) is None


def test_a_value_moved_to_another_buttons_action_id_is_refused() -> None:
    confirm_id, _ = encode_button(confirm_move(), Action(kind="confirm"))
    _, abort_value = encode_button(confirm_move(), Action(kind="abort"))
    slot_id, _ = encode_button(confirm_move(), Action(kind="choose_slot", index=1))
    _, other_slot_value = encode_button(confirm_move(), Action(kind="choose_slot", index=2))
    assert decode_action(confirm_id, abort_value) is None
    assert decode_action(slot_id, other_slot_value) is None


def test_an_id_that_cannot_travel_in_a_button_is_refused_loudly() -> None:
    with pytest.raises(ValueError):
        encode_button(confirm_move(id="x" * 2000), Action(kind="confirm"))
    with pytest.raises(ValueError):
        encode_button(confirm_move(id="has spaces"), Action(kind="confirm"))


@given(
    version=st.integers(min_value=0, max_value=2**40),
    kind=st.sampled_from(sorted(ACTION_KINDS)),
    index=st.none() | st.integers(min_value=0, max_value=10_000),
    value=st.none() | st.text(max_size=200),
    conversation_id=st.from_regex(r"\A[A-Za-z0-9_.-]{1,128}\Z"),
)
def test_any_button_round_trips(
    version: int, kind: str, index: int | None, value: str | None, conversation_id: str
) -> None:
    action = Action.model_validate({"kind": kind, "index": index, "value": value})
    drawn = confirm_move(id=conversation_id, version=version)
    action_id, encoded = encode_button(drawn, action)
    assert len(action_id) <= 255 and len(encoded) <= 2000
    assert decode_action(action_id, encoded) == (conversation_id, version, action)


@given(position=st.integers(min_value=0), replacement=st.characters())
def test_changing_any_one_character_never_yields_a_different_click(position: int, replacement: str) -> None:
    action_id, value = encode_button(confirm_move(), Action(kind="choose_slot", index=2))
    original = decode_action(action_id, value)
    at = position % len(value)
    mutated = value[:at] + replacement + value[at + 1 :]
    assert decode_action(action_id, mutated) in (None, original)


@given(action_id=st.text(max_size=300), value=st.text(max_size=300))
def test_decoding_arbitrary_input_never_raises(action_id: str, value: str) -> None:
    for candidate in (action_id, ACTION_PREFIX + action_id, ACTION_PREFIX + "confirm:" + action_id):
        assert decode_action(candidate, value) is None
