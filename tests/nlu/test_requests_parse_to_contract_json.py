"""Every hand-written case parses to exactly its expected contract JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, cast

import pytest

from bot.nlu import parse_request
from tests.nlu.cases import CONTRACT_BULLETS, CONTRACT_ROWS, DST_AND_EDGES, TRAPS, Case
from tests.nlu.realistic import REALISTIC

ALL = CONTRACT_ROWS + CONTRACT_BULLETS + TRAPS + DST_AND_EDGES + REALISTIC


def _run(item: Case) -> dict[str, object]:
    order = cast(Literal["MDY", "DMY"], item.order)
    return parse_request(item.text, datetime.fromisoformat(item.now), item.tz, order).to_contract_json()


@pytest.mark.parametrize("item", ALL, ids=[f"{i:03d}-{c.text[:40]}" for i, c in enumerate(ALL)])
def test_request_parses_to_expected_json(item: Case) -> None:
    result = _run(item)
    if item.only_intent:
        assert result["intent"] == item.expected["intent"]
    else:
        assert result == item.expected


def test_there_are_at_least_150_realistic_cases() -> None:
    assert len(REALISTIC) >= 150
