"""kill -9 the served bot right after a slash command's HTTP 200: is any request lost?

Slack never resends a slash command it got a 200 for. Each trial sends a signed
`/reschedule` to the real `clinic-bot serve` (LOG_LEVEL=DEBUG), kills it with
SIGKILL 0-60 ms after the 200 arrives (the delay cycles in 10 ms steps, so
the kill lands before, during and after the work), starts it again on the same
database, and looks at the person's DM: the command's card (its first button
must lead on, so its conversation was saved), a DM saying the request was
interrupted, an orphan card (buttons leading nowhere), or nothing (lost;
target 0). Also printed: trials that left more than one card with live
buttons, and patient data found in the DEBUG logs of every life of the bot.

    .venv/bin/python benchmarks/kill_after_ack.py [--trials 50] [--backend sandbox]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.faults.crashes import kill_after_ack  # noqa: E402
from tests.faults.rig import BACKENDS, desk  # noqa: E402

DELAYS_MS = (0, 10, 20, 30, 40, 50, 60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--backend", choices=BACKENDS, default="sandbox")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kill-after-ack-") as folder, desk(args.backend, Path(folder)) as served:
        crashes = [
            kill_after_ack(served, trial, DELAYS_MS[trial % len(DELAYS_MS)] / 1000) for trial in range(args.trials)
        ]
        served.bot.stop()
        leaked = served.leaked()
    outcomes = Counter(crash.outcome for crash in crashes)
    print(f"{args.backend}: {len(crashes)} trials in {time.monotonic() - started:.0f} s, kill -9 0-60 ms after the 200")
    for delay in DELAYS_MS:
        some = [crash for crash in crashes if crash.delay_ms == delay]
        print(f"  {delay:>2} ms after the ack: {dict(Counter(crash.outcome for crash in some))}")
    print(f"  outcomes: {dict(outcomes)}")
    print(f"  cards left with buttons leading nowhere: {sum(c.dead_cards for c in crashes)}")
    print(f"  patient data in the DEBUG logs: {len(leaked)} {leaked if leaked else ''}")
    print(f"requests lost: {outcomes['lost']} (target 0); orphan cards: {outcomes['orphan card']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
