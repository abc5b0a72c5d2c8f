"""The fault matrix: every step of a reschedule x every fault, on the sandbox and each vendor stand-in.

Each cell is one whole move through the real `clinic-bot serve` (LOG_LEVEL=DEBUG,
the Slack stand-in in front, the booking system behind) with one fault struck
at one step, recovered as an admin would (restart after a kill, disk given
back), then carried on as the person would (tests/faults/cells.py). A cell says
how many changes the booking system took and the audit recorded ('1x', '0x';
'2x' would be a double change), what the person was left being told, and
whether the audit has it. '!!' marks a cell whose outcome is wrong or not yet
settled; 'n/a' says why a fault cannot happen at that step. Disk faults are
followed by a fresh attempt once the fault is gone ('then moved': nothing
stayed broken). Also printed: the seeded patients' names, birth dates and
phones found in every DEBUG log of the run (target 0), and how fast /healthz
turns 503 when the database file becomes unwritable and 200 again after
(target: within 1 s, no restart).

Runs as root (it makes the database file immutable with chattr, mounts a
64 MB tmpfs per backend for the disk-full cells); without those the cells
say "not run" and why.

    .venv/bin/python benchmarks/fault_matrix.py [--quick] [--backend cliniko ...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.faults.cells import FAULTS, STEPS, NotApplicable, Outcome, can_chattr, run_cell  # noqa: E402
from tests.faults.health import Spell, read_only_spell  # noqa: E402
from tests.faults.rig import BACKENDS, desk  # noqa: E402

QUICK_FAULTS = ("kill -9", "double click", "second staff", "vendor 5xx", "drop after apply", "db locked")
WIDTH = 31


@dataclass
class Column:
    backend: str
    cells: dict[tuple[str, str], Outcome | NotApplicable] = field(default_factory=dict)
    leaks: list[str] = field(default_factory=list)
    health: Spell | None = None
    seconds: float = 0.0


@contextmanager
def small_disk(folder: Path) -> Iterator[bool]:
    """A 64 MB tmpfs on `folder` (so the disk-full cells can fill it); False when it cannot be mounted here."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64m,mode=0700", "tmpfs", str(folder)], capture_output=True, check=False
        ).returncode
        == 0
    )
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def run_column(backend: str, faults: tuple[str, ...], workdir: Path) -> Column:
    """Every cell on one booking system; the disk-full cells on a desk of their own on a small tmpfs.

    The rest stay on the ordinary disk: tmpfs does not refuse writes through files already open once
    they are made immutable, so the read-only cells would not bite there.
    """
    column = Column(backend)
    started = time.monotonic()
    trial = 0
    with desk(backend, workdir / backend) as served:
        why = can_chattr(served.bot.clinic.workdir)
        for fault in (fault for fault in faults if fault != "disk full"):
            for step in STEPS:
                if why and fault in ("disk read-only", "db locked"):
                    column.cells[(step, fault)] = NotApplicable(f"not run: {why}")
                else:
                    column.cells[(step, fault)] = run_cell(served, fault, step, trial)
                trial += 1
        column.health = read_only_spell(served) if not why else None
        served.bot.stop()
        column.leaks = served.leaked()
    if "disk full" in faults:
        with (
            small_disk(workdir / f"{backend}-small") as mounted,
            desk(backend, workdir / f"{backend}-small" / "desk") as served,
        ):
            for step in STEPS:
                column.cells[(step, "disk full")] = run_cell(served, "disk full", step, trial, small_disk=mounted)
                trial += 1
            served.bot.stop()
            column.leaks += served.leaked()
    column.seconds = time.monotonic() - started
    return column


CHANGES = {
    "applied once": "1x",
    "not applied": "0x",
    "CHANGED TWICE": "2x",
    "UNAUDITED CHANGE": "1x unaudited",
    "changed; audit says not": "1x audit:not-applied",
    "AUDITED BUT NOT CHANGED": "0x audit:applied",
}
TOLD = {"waiting for the claim": "waits(claim)", "unavailable": "unavail", "card still waiting": "card waits"}


def short(cell: Outcome | NotApplicable) -> str:
    if isinstance(cell, NotApplicable):
        return "n/a"
    told = TOLD.get(cell.told, cell.told.replace("bot died (exit ", "DIED(").replace("no answer (", "noanswer("))
    then = " >" + TOLD.get(cell.note[12:], cell.note[12:]) if cell.note else ""
    text = f"{CHANGES.get(cell.change, cell.change)} {told}{'' if cell.audited else ' -a'}{then}"
    return ("!! " if not cell.ok else "") + text


def print_table(columns: list[Column], faults: tuple[str, ...]) -> None:
    header = f"{'step':<16} {'fault':<17} " + " ".join(f"{c.backend:<{WIDTH}}" for c in columns)
    print(header)
    print("-" * len(header))
    reasons: dict[str, int] = {}
    for fault in faults:
        for step in STEPS:
            cells = [column.cells[(step, fault)] for column in columns]
            if all(isinstance(cell, NotApplicable) for cell in cells):
                why = {cell.why for cell in cells if isinstance(cell, NotApplicable)}
                note = reasons.setdefault(" / ".join(sorted(why)), len(reasons) + 1)
                print(f"{step:<16} {fault:<17} n/a [{note}]")
                continue
            row = []
            for cell in cells:
                text = short(cell)
                if isinstance(cell, NotApplicable):
                    text += f" [{reasons.setdefault(cell.why, len(reasons) + 1)}]"
                row.append(f"{text[:WIDTH]:<{WIDTH}}")
            print(f"{step:<16} {fault:<17} " + " ".join(row))
    print()
    print("n/a reasons: " + "; ".join(f"[{n}] {why}" for why, n in reasons.items()))
    print(
        "legend: 1x/0x = changes the booking system took and the audit recorded; then what the person was "
        "left being told; -a = no audit row; audit:not-applied = changed, but its audit row says partial or failed "
        "(the bot could not tell, and said so); >moved = a fresh attempt after the fault was gone moved it; "
        "!! = wrong or not settled within 30 s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"only {', '.join(QUICK_FAULTS)}")
    parser.add_argument("--backend", action="append", choices=BACKENDS, help="repeat for several (default: all)")
    args = parser.parse_args()
    faults = QUICK_FAULTS if args.quick else FAULTS
    backends = args.backend or list(BACKENDS)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fault-matrix-") as folder, ThreadPoolExecutor(len(backends)) as pool:
        columns = list(pool.map(lambda name: run_column(name, faults, Path(folder)), backends))
    print_table(columns, faults)
    print()
    cells = [cell for column in columns for cell in column.cells.values() if isinstance(cell, Outcome)]
    flagged = [cell for cell in cells if not cell.ok]
    print(f"cells run: {len(cells)}, flagged !!: {len(flagged)}, changed twice: "
          f"{sum(cell.change == 'CHANGED TWICE' for cell in cells)}")  # fmt: skip
    leaks = sorted({leak for column in columns for leak in column.leaks})
    print(f"patient names, birth dates, phones in the DEBUG logs of every run: {len(leaks)} {leaks or ''} (target 0)")
    for column in columns:
        spell = column.health
        if spell is not None:
            print(
                f"/healthz on {column.backend}: 503 after {_seconds(spell.to_unhealthy)} ({spell.cause!r}), "
                f"200 again {_seconds(spell.to_healthy)} after recovery, same process: {spell.same_process}"
            )
    print(
        f"wall time {time.monotonic() - started:.0f} s ({', '.join(f'{c.backend} {c.seconds:.0f} s' for c in columns)})"
    )
    return 0


def _seconds(value: float | None) -> str:
    return "never (5 s)" if value is None else f"{value * 1000:.0f} ms"


if __name__ == "__main__":
    sys.exit(main())
