"""Every request in the case files (tests/nlu/data/*.jsonl) parses to exactly its expected contract JSON.

The files hold the cases worked out by hand from the contract: its own table rows and bullets, traps
(identifiers and markup that are no times), daylight-saving and month/year edges, realistic staff requests,
the Understanding v2 phrasings and messages, the fresh set written before the parser ran on it, and the
held-back set's misses once its score was reported. For an `unknown` request only the intent counts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from bot.nlu import parse_request
from tests.nlu.case_files import DATA, expected_answer, load

FILES = sorted(DATA.glob("*.jsonl"))
CASES: list[tuple[str, dict[str, Any]]] = [(path.stem, case) for path in FILES for case in load(path)]


def _in(name: str) -> list[dict[str, Any]]:
    return [case for stem, case in CASES if stem == name]


@pytest.mark.parametrize(("stem", "case"), CASES, ids=[f"{stem}:{c['id']}-{c['text'][:40]}" for stem, c in CASES])
def test_request_parses_to_its_expected_json(stem: str, case: dict[str, Any]) -> None:
    now = datetime.fromisoformat(case["now"])
    result = parse_request(case["text"], now, case["tz"], case.get("date_order", "MDY")).to_contract_json()
    got, expected = expected_answer(case, result)
    assert got == expected


def test_every_case_file_is_read() -> None:
    assert {path.stem for path in FILES} >= {
        "contract_rows",
        "contract_bullets",
        "traps",
        "dst_and_edges",
        "realistic",
        "v2_phrasings",
        "v2_messages",
        "fresh",
    }


def test_there_are_at_least_150_realistic_cases() -> None:
    assert len(_in("realistic")) >= 150


def test_the_fresh_set_is_large_and_varied() -> None:
    fresh = _in("fresh")
    assert len(fresh) >= 250
    assert len({c["tz"] for c in fresh}) >= 10
    assert {c.get("date_order", "MDY") for c in fresh} == {"MDY", "DMY"}
    assert {c["expected"]["intent"] for c in fresh} == {"reschedule", "cancel", "unknown"}
