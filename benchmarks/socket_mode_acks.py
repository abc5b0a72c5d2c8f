"""How fast the bot acknowledges Socket Mode envelopes (Slack allows 3 s).

Starts the real `clinic-bot serve` in Socket Mode against the Slack stand-in
and the local Socket Mode server (tests/fakes/socket_mode_server.py), sends N
`/cancel` envelopes one after another, each after the previous card arrived,
and prints the median, p90 and maximum time from envelope sent to ack
received. Figures only, never pass/fail.

    .venv/bin/python benchmarks/socket_mode_acks.py [--requests 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.local.slack import slash_command_payload  # noqa: E402
from tests.e2e.harness import CHANNEL, FRONT_DESK, Clinic, clinic_slack  # noqa: E402
from tests.e2e.socket_harness import SocketModeBot  # noqa: E402
from tests.fakes.socket_mode_server import SocketModeServer  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    with clinic_slack() as slack, SocketModeServer(slack) as server, tempfile.TemporaryDirectory() as workdir:
        bot = SocketModeBot(slack, Clinic(Path(workdir)).seed(), socket=server).start()
        try:
            milliseconds = []
            for _ in range(args.requests):
                url = slack.new_response_url(user_id=FRONT_DESK, channel_id=CHANNEL)
                payload = slash_command_payload(
                    "/cancel",
                    "john smith tmrw, feeling better",
                    user_id=FRONT_DESK,
                    channel_id=CHANNEL,
                    response_url=url,
                )
                ack = server.wait_ack(server.command(payload))
                milliseconds.append(float("inf") if ack is None else ack.seconds * 1000)
                slack.wait_for(lambda url=url: bool(slack.posts_to(url)), timeout=10)
        finally:
            bot.stop()
    milliseconds.sort()
    p90 = milliseconds[max(0, int(0.9 * len(milliseconds)) - 1)]
    print(
        f"socket mode acks: n={len(milliseconds)} median={statistics.median(milliseconds):.1f} ms "
        f"p90={p90:.1f} ms max={milliseconds[-1]:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
