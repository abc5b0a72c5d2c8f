"""The Cliniko stand-in (tests/fakes/cliniko/), and its standalone mode.

    from tests.fakes.cliniko_server import ClinikoStandIn

    server = ClinikoStandIn.with_demo_data(date.today()).start()
    env = server.environment()  # BOOKING_BACKEND, CLINIKO_BASE_URL, CLINIKO_API_KEY, CLINIKO_USER_AGENT
    ...  # run `clinic-bot serve` with env added to os.environ
    server.stop()

From a shell, `.venv/bin/python -m tests.fakes.cliniko_server [--variant NAME]` prints the variables to export
and serves the demo clinic until Ctrl-C (variants: `demo.VARIANTS`).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.fakes.cliniko.demo import DEMO_API_KEY, DEMO_USER_AGENT, VARIANTS, demo_clinic, with_variant
from tests.fakes.cliniko.filters import z
from tests.fakes.cliniko.server import ASSUMED, ClinikoStandIn
from tests.fakes.standalone import serve_until_interrupted
from tests.fakes.stub_server import Fault

__all__ = ["ASSUMED", "DEMO_API_KEY", "DEMO_USER_AGENT", "VARIANTS", "ClinikoStandIn", "Fault", "with_variant", "z"]


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the Cliniko stand-in's demo clinic until Ctrl-C.")
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="docs")
    args = parser.parse_args()
    today = datetime.now(ZoneInfo("America/Chicago")).date()
    server = with_variant(demo_clinic(today), args.variant).start()
    serve_until_interrupted(
        server,
        (f"export {name}='{value}'" for name, value in server.environment(DEMO_USER_AGENT).items()),
        f"Cliniko stand-in ({args.variant}) serving the demo clinic; Ctrl-C to stop.",
    )


if __name__ == "__main__":
    main()
