"""Score `clinic-bot parse --jsonl` on the hand-written fresh cases (tests/nlu/data/fresh.jsonl).

Why: the evaluator judges the parser on requests it has never seen, by whole request, by date window and by
identifiers misread as times; this prints the same three figures so a change can be judged before it lands.

    .venv/bin/python tests/nlu/score_fresh_cases.py [--show-misses] [CASES.jsonl]
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from tests.nlu.case_files import load  # noqa: E402

FIELDS = ("intent", "patient", "current", "target", "reason")


def run_parser(cases: list[dict]) -> dict[str, dict]:
    exe = ROOT / ".venv" / "bin" / "clinic-bot"
    stdin = "".join(json.dumps({k: v for k, v in c.items() if k != "expected"}) + "\n" for c in cases)
    done = subprocess.run([str(exe), "parse", "--jsonl"], input=stdin, capture_output=True, text=True, check=True)
    return {r["id"]: r for r in map(json.loads, done.stdout.splitlines())}


def misses(expected: dict, got: dict) -> list[str]:
    """The fields of `got` that differ; for an unknown request only the intent counts (contract)."""
    if expected["intent"] == "unknown":
        return [] if got.get("intent") == "unknown" else ["intent"]
    return [f for f in FIELDS if got.get(f) != expected[f]]


def has_identifier(expected: dict) -> bool:
    patient = expected.get("patient") or {}
    return any(patient.get(k) for k in ("date_of_birth", "phone", "booking_ref"))


def main(argv: list[str]) -> int:
    show = "--show-misses" in argv
    paths = [a for a in argv if not a.startswith("--")]
    path = Path(paths[0]) if paths else HERE / "data" / "fresh.jsonl"
    cases = load(path)
    results = run_parser(cases)
    whole = windows = windows_ok = id_as_time = 0
    for case in cases:
        exp, got = case["expected"], results[case["id"]]
        bad = misses(exp, got)
        whole += not bad
        if exp["intent"] != "unknown":
            for f in ("current", "target"):
                if exp[f] is not None or got.get(f) is not None:
                    windows += 1
                    windows_ok += exp[f] == got.get(f)
            if has_identifier(exp) and any(got.get(f) is not None and exp[f] is None for f in ("current", "target")):
                id_as_time += 1
        if bad and show:
            print(f"--- {case['id']} [{case['now']} {case['tz']} {case.get('date_order', 'MDY')}] {case['text']!r}")
            for f in bad:
                print(f"    {f}: expected {json.dumps(exp.get(f), ensure_ascii=False)}")
                print(f"    {' ' * len(f)}  got      {json.dumps(got.get(f), ensure_ascii=False)}")
    n = len(cases)
    print(f"whole requests right: {whole}/{n} = {100 * whole / n:.1f}%")
    print(f"date windows right:   {windows_ok}/{windows} = {100 * windows_ok / max(windows, 1):.1f}%")
    print(f"identifier read as a time (window where none was given): {id_as_time}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
