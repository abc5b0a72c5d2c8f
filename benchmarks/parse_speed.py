"""How fast parse_request is: median and p99 per request after warm-up, and cold start.

Targets: median < 2 ms, p99 < 10 ms, cold start (new process: import + first
parse) < 0.5 s. Run: `.venv/bin/python benchmarks/parse_speed.py`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.nlu import parse_request  # noqa: E402

REQUESTS = [
    "Can you move Maria Lopez from Tuesday 3pm to Friday morning?",
    "pls resched pt jones tmrw 2pm -> mon 10am",
    "cancel Maria Lopez tomorrow, she's sick",
    "<@U0123> cancel <#C0123|front-desk> pt Lee DOB 4/5/1980 tomorrow at 3 :thermometer:",
    "reschedule booking #48213 to next Tuesday between 2 and 4",
    "Pt Hannah Scott, DOB 02/14/1990, phone (773) 555-0142, move to Mon 9:45",
    "can she come Thursday instead? she has tomorrow at 9",
    "move her 3pm to 4:30",
    "Kevin Brown won't make it tomorrow at 11, he's out of town",
    "book a new patient for Friday at 3",
    "move Ann Lee to the 30th after 1pm",
    "resched *Sophia Rossi* to tues at half past two",
    "cancel 9f1c2d3e-1234-4abc-9def-0123456789ab, covid positive",
    "Lara Croft from Wed 9am to Thu 9am",
    "move pt Kowalski asap",
    "thanks team!",
    "move Jo Kim to a week from Friday, any time after 3",
    "cancel Wei Zhang (DOB 11/3/1962) Monday 8:30 - she is feeling much better",
    "move Pierre Dubois to 12 mars at 10",
    "Could you push Zoe Turner's Wednesday 10:30 to Thursday same time?",
]
COLD = (
    "import time; t = time.perf_counter(); from datetime import datetime; from bot.nlu import parse_request; "
    "parse_request('move Maria Lopez from Tuesday 3pm to Friday morning', datetime(2026, 3, 5, 10), "
    "'America/Chicago'); print(time.perf_counter() - t)"
)


def per_request(rounds: int = 20) -> list[float]:
    """Seconds per parse over `rounds` passes of REQUESTS, each at a slightly different now."""
    base = datetime(2026, 3, 5, 10, 0)
    for text in REQUESTS:  # warm-up: caches, lazy imports
        parse_request(text, base, "America/Chicago")
    timings: list[float] = []
    for round_number in range(rounds):
        now = base + timedelta(hours=7 * round_number)
        for text in REQUESTS:
            start = time.perf_counter()
            parse_request(text, now, "America/Chicago")
            timings.append(time.perf_counter() - start)
    return timings


def cold_start(runs: int = 5) -> tuple[float, float]:
    """(in-process import + first parse, whole new process wall time), best of `runs`."""
    inside: list[float] = []
    wall: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        output = subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, capture_output=True, text=True, check=True)
        wall.append(time.perf_counter() - start)
        inside.append(float(output.stdout.strip()))
    return min(inside), min(wall)


def main() -> None:
    timings = sorted(per_request())
    median = statistics.median(timings)
    p99 = timings[min(len(timings) - 1, round(0.99 * len(timings)))]
    inside, wall = cold_start()
    print(f"requests timed:  {len(timings)} ({len(REQUESTS)} distinct, after warm-up)")
    print(f"median:          {median * 1000:.3f} ms   (target < 2 ms)")
    print(f"p99:             {p99 * 1000:.3f} ms   (target < 10 ms)")
    print(f"max:             {timings[-1] * 1000:.3f} ms")
    print(f"cold start:      {inside:.3f} s import + first parse; {wall:.3f} s whole new process (target < 0.5 s)")


if __name__ == "__main__":
    main()
