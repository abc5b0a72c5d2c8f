"""Requests written fresh, the way staff type them in Slack, each parsing to its whole expected JSON.

The cases (tests/nlu/fresh_cases.jsonl) were worked out by hand from the contract before the parser was
run on them; they span many clocks (weekends, month and year ends, the days around US, EU and Australian
daylight-saving changes), zones and both date orders. For an unknown request only the intent counts.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.nlu import parse_request

CASES: list[dict[str, Any]] = [
    json.loads(line)
    for line in (Path(__file__).parent / "fresh_cases.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


@pytest.mark.parametrize("item", CASES, ids=[f"{c['id']}-{c['text'][:40]}" for c in CASES])
def test_fresh_request_parses_to_its_whole_expected_json(item: dict[str, Any]) -> None:
    result = parse_request(
        item["text"], datetime.fromisoformat(item["now"]), item["tz"], item.get("date_order", "MDY")
    ).to_contract_json()
    expected = item["expected"]
    if expected["intent"] == "unknown":
        assert result["intent"] == "unknown"
    else:
        assert result == expected


def test_the_fresh_set_is_large_and_varied() -> None:
    assert len(CASES) >= 250
    assert len({c["tz"] for c in CASES}) >= 10
    assert {c.get("date_order", "MDY") for c in CASES} == {"MDY", "DMY"}
    assert {c["expected"]["intent"] for c in CASES} == {"reschedule", "cancel", "unknown"}
