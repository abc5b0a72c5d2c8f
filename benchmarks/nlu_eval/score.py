"""Score the request parser against the blind evaluation set (requests.jsonl) and print the figures.

A benchmark, not a test: it prints what it measured and never asserts or fails on a low score.

    .venv/bin/python benchmarks/nlu_eval/score.py [--python] [--misses] [--cases PATH]

By default every case goes through `clinic-bot parse --jsonl`, the command the contract defines, so what is
scored is exactly the JSON the contract specifies. `--python` calls `bot.nlu.parse_request` in-process instead.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, cast

HERE = Path(__file__).resolve().parent
if __package__ in (None, ""):
    sys.path.insert(0, str(HERE.parent.parent))

from benchmarks.nlu_eval.compare import (  # noqa: E402
    FIELDS,
    control_text,
    dates_read_as_identifiers,
    field_right,
    scored_fields,
    show,
    windows_differ,
)
from tests.nlu.case_files import load  # noqa: E402

Case = dict[str, Any]
Got = dict[str, Any] | None
CONTROL = "#control"


def local_wall(now_iso: str) -> str:
    """The CLI takes `now` as a local wall time in the case's zone: drop the offset, keep the wall clock."""
    return datetime.fromisoformat(now_iso).replace(tzinfo=None).isoformat(timespec="seconds")


def jobs(cases: list[Case]) -> list[dict[str, str]]:
    """One parse per case, plus one on the control text of every case that carries identifiers."""
    lines = []
    for case in cases:
        base = {"now": case["now"], "tz": case["tz"], "date_order": case["date_order"]}
        lines.append({"id": case["id"], "text": case["text"], **base})
        if case.get("identifiers"):
            lines.append({"id": case["id"] + CONTROL, "text": control_text(case), **base})
    return lines


def run_cli(lines: list[dict[str, str]]) -> dict[str, Got]:
    exe = Path(sys.executable).with_name("clinic-bot")
    command = str(exe) if exe.exists() else shutil.which("clinic-bot")
    if command is None:
        sys.exit("clinic-bot is not installed in this environment (pip install -e .)")
    payload = "".join(json.dumps({**line, "now": local_wall(line["now"])}) + "\n" for line in lines)
    done = subprocess.run([command, "parse", "--jsonl"], input=payload, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"clinic-bot parse --jsonl exited {done.returncode}: {done.stderr.strip()[-500:]}")
    outputs = [row for row in done.stdout.splitlines() if row.strip()]
    results: dict[str, Got] = {}
    for position, row in enumerate(outputs):
        try:
            parsed = json.loads(row)
        except json.JSONDecodeError:
            parsed = None
        key = parsed.get("id") if isinstance(parsed, dict) and isinstance(parsed.get("id"), str) else None
        if key is None and position < len(lines):
            key = lines[position]["id"]
        if key is not None:
            results[key] = parsed if isinstance(parsed, dict) else None
    return results


def to_json(result: object) -> Got:
    """The parser's answer in the contract's JSON shape, whatever Python value carries it."""
    dump: Callable[..., Any] | None = getattr(result, "model_dump", None)
    if dump is not None:
        return cast(dict[str, Any], json.loads(json.dumps(dump(mode="json"))))
    if isinstance(result, dict):
        text = json.dumps(result, default=lambda o: o.isoformat() if hasattr(o, "isoformat") else str(o))
        return cast(dict[str, Any], json.loads(text))
    return None


def run_python(lines: list[dict[str, str]]) -> dict[str, Got]:
    from bot.nlu import parse_request

    results: dict[str, Got] = {}
    for line in lines:
        try:
            now = datetime.fromisoformat(line["now"])
            order = cast(Literal["MDY", "DMY"], line["date_order"])
            results[line["id"]] = to_json(parse_request(line["text"], now, line["tz"], order))
        except Exception as error:  # a benchmark counts a crash as a miss and goes on
            print(f"{line['id']}: parse_request raised {type(error).__name__}")
            results[line["id"]] = None
    return results


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}% ({part}/{whole})" if whole else "  n/a"


def git_head() -> str:
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=HERE, capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def report(cases: list[Case], results: dict[str, Got], show_misses: bool) -> None:
    whole_right = 0
    field_hits: Counter[str] = Counter()
    field_totals: Counter[str] = Counter()
    by_kind: dict[str, list[int]] = {}
    by_tag: dict[str, list[int]] = {}
    windows = {"current": 0, "target": 0, "both": 0}
    labelled = 0
    id_as_time: list[str] = []
    with_identifiers = 0
    date_as_id: list[str] = []
    errors = 0
    misses: list[tuple[str, list[str]]] = []

    for case in cases:
        got = results.get(case["id"])
        if got is None or "intent" not in got:
            errors += 1
        fields = scored_fields(case)
        wrong = [name for name in fields if not field_right(case, name, got)]
        for name in fields:
            field_totals[name] += 1
            field_hits[name] += name not in wrong
        right = not wrong
        whole_right += right
        for bucket, key in [(by_kind, case["kind"]), *((by_tag, tag) for tag in case["tags"])]:
            bucket.setdefault(key, [0, 0])
            bucket[key][0] += right
            bucket[key][1] += 1
        if case["expected"]["intent"] != "unknown":
            labelled += 1
            cur_ok, tgt_ok = field_right(case, "current", got), field_right(case, "target", got)
            windows["current"] += cur_ok
            windows["target"] += tgt_ok
            windows["both"] += cur_ok and tgt_ok
            date_as_id += [f"{case['id']}:{name}" for name in dates_read_as_identifiers(case, got)]
        if case.get("identifiers"):
            with_identifiers += 1
            window_wrong = not (field_right(case, "current", got) and field_right(case, "target", got))
            if window_wrong and windows_differ(got, results.get(case["id"] + CONTROL)):
                id_as_time.append(case["id"])
        if wrong:
            misses.append((case["id"], [show(case, name, got) for name in wrong]))

    total = len(cases)
    print(f"NLU blind evaluation: {total} requests, measured on commit {git_head()}")
    print(f"parser errors (no JSON answer): {errors}")
    print(f"wholly right (every scored field equal): {pct(whole_right, total)}")
    print(f"date windows right, of {labelled} requests that are not unknown:")
    print(f"  current: {pct(windows['current'], labelled)}")
    print(f"  target:  {pct(windows['target'], labelled)}")
    print(f"  both:    {pct(windows['both'], labelled)}")
    print(
        f"identifiers read as times: {len(id_as_time)} of {with_identifiers} requests with identifiers"
        + (f"  [{', '.join(id_as_time)}]" if id_as_time else "")
    )
    print(f"dates read as identifiers: {len(date_as_id)}" + (f"  [{', '.join(date_as_id)}]" if date_as_id else ""))
    print("per-field accuracy (unknown requests score the intent only):")
    for name in FIELDS:
        print(f"  {name:<22} {pct(field_hits[name], field_totals[name])}")
    print("wholly right by kind:")
    for kind, (hit, count) in sorted(by_kind.items()):
        print(f"  {kind:<22} {pct(hit, count)}")
    print("wholly right by tag (tags on 5 or more requests):")
    for tag, (hit, count) in sorted(by_tag.items(), key=lambda item: (item[1][0] / item[1][1], item[0])):
        if count >= 5:
            print(f"  {tag:<22} {pct(hit, count)}")
    if show_misses:
        print(f"\nmisses ({len(misses)}):")
        for case_id, lines in misses:
            print(case_id)
            for line in lines:
                print(f"  {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=HERE / "requests.jsonl")
    parser.add_argument("--python", action="store_true", help="call bot.nlu.parse_request in-process")
    parser.add_argument("--misses", action="store_true", help="print each miss: field, expected, got")
    args = parser.parse_args(argv)
    cases = load(args.cases)
    lines = jobs(cases)
    results = run_python(lines) if args.python else run_cli(lines)
    report(cases, results, args.misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
