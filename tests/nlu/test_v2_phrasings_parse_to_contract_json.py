"""Understanding v2: every new phrasing parses to exactly its expected contract JSON (tests/nlu/v2_*.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, cast

import pytest

from bot.nlu import parse_request
from tests.nlu.cases import Case
from tests.nlu.v2_messages import V2_MESSAGES
from tests.nlu.v2_phrasings import V2_PHRASINGS

ALL = V2_PHRASINGS + V2_MESSAGES


def _run(item: Case) -> dict[str, object]:
    order = cast(Literal["MDY", "DMY"], item.order)
    return parse_request(item.text, datetime.fromisoformat(item.now), item.tz, order).to_contract_json()


@pytest.mark.parametrize("item", ALL, ids=[f"{i:03d}-{c.text[:40]}" for i, c in enumerate(ALL)])
def test_v2_phrasing_parses_to_expected_json(item: Case) -> None:
    result = _run(item)
    if item.only_intent:
        assert result["intent"] == item.expected["intent"]
    else:
        assert result == item.expected
