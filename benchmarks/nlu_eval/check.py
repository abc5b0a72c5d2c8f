"""Check that every label of the held-back set (requests.jsonl) is well formed; prints each fault, exit 1 if any.

Run after editing requests.jsonl by hand: `.venv/bin/python benchmarks/nlu_eval/check.py`. The file is read by
the one case-file reader (tests/nlu/case_files.py), which refuses a malformed line and a window whose UTC
offset is not its zone's on that date; the checks here are those only this set needs (a cancel has no target,
identifiers appear in the text, ...), never about what a parser answers.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if __package__ in (None, ""):
    sys.path.insert(0, str(HERE.parent.parent))

from tests.nlu.case_files import CaseFileError, load  # noqa: E402

REASONS = ("Feeling Better", "Condition Worse", "Sick", "COVID-19 related", "Away", "Work", "Other")


def problems(case: dict[str, Any]) -> list[str]:
    """What is malformed in one label (empty when it is well formed)."""
    expected = case["expected"]
    intent, reason, patient = expected["intent"], expected["reason"], expected["patient"]
    found: list[str] = []
    if case.get("kind") != intent:
        found.append("kind must be the expected intent")
    if intent == "cancel" and expected["target"] is not None:
        found.append("a cancel has no target")
    if intent != "cancel" and reason is not None:
        found.append("reason is for cancel only")
    if reason is not None and reason not in REASONS:
        found.append(f"unknown reason {reason!r}")
    if patient["phone"] is not None and not re.fullmatch(r"\+?\d{6,15}", patient["phone"]):
        found.append("phone must be digits with an optional leading +")
    if patient["date_of_birth"] is not None:
        try:
            date.fromisoformat(patient["date_of_birth"])
        except ValueError:
            found.append("date_of_birth must be an ISO date")
    if patient["booking_ref"] is not None and patient["booking_ref"].startswith("#"):
        found.append("booking_ref is written without #")
    if patient["name"] is not None and patient["name"] != patient["name"].strip():
        found.append("name must be trimmed")
    found.extend(
        f"an identifier is not in the text: {span!r}"
        for span in case.get("identifiers", ())
        if span not in case["text"]
    )
    for value in (patient["name"], patient["booking_ref"]):
        if value is not None and value not in case["text"]:
            found.append(f"{value!r} is not written in the text")
    return found


def main() -> int:
    try:
        cases = load(HERE / "requests.jsonl")
    except CaseFileError as error:
        print(error)
        return 1
    bad = [f"{case['id']}: {problem}" for case in cases for problem in problems(case)]
    print("\n".join(bad) if bad else f"{len(cases)} labels well formed")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
