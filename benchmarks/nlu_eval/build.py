"""Write requests.jsonl from the hand-written cases in cases/, after checking each label is well formed.

Run from the repository root: `python -m benchmarks.nlu_eval.build` (or `python benchmarks/nlu_eval/build.py`).
The checks are about the labels' form (a cancel has no target, identifiers appear in the text, ...), never
about what a parser answers.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
if __package__ in (None, ""):
    sys.path.insert(0, str(HERE.parent.parent))

from benchmarks.nlu_eval.cases import (  # noqa: E402
    cancel,
    forwarded,
    identifiers,
    regional,
    reschedule_us,
    typos,
    unknown,
)
from benchmarks.nlu_eval.cases._dsl import REASONS, Case  # noqa: E402

MODULES = (reschedule_us, cancel, typos, identifiers, forwarded, regional, unknown)


def problems(case: Case) -> list[str]:
    """What is malformed in one label (empty when it is well formed)."""
    found: list[str] = []
    if case.intent == "cancel" and case.tgt is not None:
        found.append("a cancel has no target")
    if case.intent != "cancel" and case.reason is not None:
        found.append("reason is for cancel only")
    if case.reason is not None and case.reason not in REASONS:
        found.append(f"unknown reason {case.reason!r}")
    if case.phone is not None and not re.fullmatch(r"\+?\d{6,15}", case.phone):
        found.append("phone must be digits with an optional leading +")
    if case.dob is not None:
        date.fromisoformat(case.dob)
    if case.ref is not None and case.ref.startswith("#"):
        found.append("booking_ref is written without #")
    if case.name is not None and case.name != case.name.strip():
        found.append("name must be trimmed")
    found.extend(f"identifier {span!r} is not in the text" for span in case.ids if span not in case.text)
    for value in (case.name, case.ref):
        if value is not None and value not in case.text:
            found.append(f"{value!r} is not written in the text")
    return found


def main() -> int:
    cases = [case for module in MODULES for case in module.CASES]
    seen: set[str] = set()
    bad = 0
    for case in cases:
        if case.id in seen:
            print(f"{case.id}: duplicate id")
            bad += 1
        seen.add(case.id)
        for problem in problems(case):
            print(f"{case.id}: {problem}")
            bad += 1
    if bad:
        return 1
    lines = [json.dumps(case.to_json(), ensure_ascii=False) for case in cases]
    (HERE / "requests.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} cases written to {HERE / 'requests.jsonl'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
