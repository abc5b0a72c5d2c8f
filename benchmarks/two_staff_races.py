"""Two staff, two different new times, one appointment, Confirm at the same moment: is it ever changed twice?

For each booking system (the sandbox and the Cliniko, Qmatic and Solv
stand-ins) the real `clinic-bot serve` runs at LOG_LEVEL=DEBUG; in each trial
the front desk and the nurse both type the move, each holds a different offered
time, and both press Confirm together (threads released by one barrier). A
staggered trial has the nurse press only after the front desk was answered: the
claim is gone by then, so only the write itself (the sandbox's conditional
update, a vendor's re-read before writing) can refuse. Printed per backend:
appointments changed twice (two `applied` audit rows, both told "Moved", or
the booking system taking two writes; target 0), `applied` rows per trial, what
the loser was told, and patient data found in the bot's DEBUG log (target 0).

    .venv/bin/python benchmarks/two_staff_races.py [--trials 50] [--staggered 5] [--backend sandbox ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.faults.races import Race, race  # noqa: E402
from tests.faults.rig import BACKENDS, desk  # noqa: E402


@dataclass
class Run:
    backend: str
    races: list[Race]
    staggered: list[Race]
    leaks: list[str]
    seconds: float


def run_backend(name: str, trials: int, staggered: int, workdir: Path) -> Run:
    started = time.monotonic()
    with desk(name, workdir / name) as served:
        together = [race(served, trial) for trial in range(trials)]
        apart = [race(served, trials + trial, staggered=True) for trial in range(staggered)]
        served.bot.stop()
        leaked = served.leaked()
    return Run(name, together, apart, leaked, time.monotonic() - started)


def summary(label: str, races: list[Race]) -> list[str]:
    twice = sum(r.changed_twice for r in races)
    per_trial = Counter(r.applied for r in races)
    losers = Counter(r.loser.split(",")[0].split(".")[0][:60] for r in races)
    lines = [
        f"  {label}: {len(races)} trials, changed twice {twice}, moved once {sum(r.moved for r in races)}, "
        f"`applied` rows per trial {dict(sorted(per_trial.items()))}"
    ]
    lines += [f"    loser told ({count}x): {text}" for text, count in losers.most_common()]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--staggered", type=int, default=5, help="trials where the second Confirm comes after")
    parser.add_argument("--backend", action="append", choices=BACKENDS, help="repeat for several (default: all)")
    args = parser.parse_args()
    backends = args.backend or list(BACKENDS)
    with tempfile.TemporaryDirectory(prefix="two-staff-races-") as folder, ThreadPoolExecutor(len(backends)) as pool:
        runs = list(pool.map(lambda name: run_backend(name, args.trials, args.staggered, Path(folder)), backends))
    total = 0
    for run in runs:
        print(f"{run.backend} ({run.seconds:.0f} s)")
        for line in summary("together", run.races) + summary("staggered", run.staggered):
            print(line)
        print(f"  patient data in the DEBUG log: {len(run.leaks)} {run.leaks if run.leaks else ''}")
        total += sum(r.changed_twice for r in run.races + run.staggered)
    print(f"appointments changed twice, all backends: {total} (target 0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
