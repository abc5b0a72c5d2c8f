"""The Solv stand-in (tests/fakes/solv/), and its standalone mode.

    server = demo_clinic(date.today()).start()
    env = demo_environment(server)   # BOOKING_BACKEND=solv and the SOLV_* settings, EHR link included
    ...
    server.stop()

From a shell, `.venv/bin/python -m tests.fakes.solv_server [--variant NAME]` prints the variables to export
and serves the demo urgent care until Ctrl-C (variants: `demo.VARIANTS`).
"""

from __future__ import annotations

import argparse
from datetime import datetime

from tests.fakes.solv.demo import (
    DEMO_EHR_BOOKING,
    DEMO_EHR_REFERENCE,
    DEMO_LOCATION,
    DEMO_NATIVE_BOOKING,
    DEMO_ZONE,
    VARIANTS,
    demo_clinic,
    demo_environment,
    with_variant,
)
from tests.fakes.solv.diary import solv_date
from tests.fakes.solv.server import ASSUMED, SolvServer
from tests.fakes.standalone import serve_until_interrupted
from tests.fakes.stub_server import Fault

__all__ = [
    "ASSUMED",
    "DEMO_EHR_BOOKING",
    "DEMO_EHR_REFERENCE",
    "DEMO_LOCATION",
    "DEMO_NATIVE_BOOKING",
    "VARIANTS",
    "Fault",
    "SolvServer",
    "demo_clinic",
    "demo_environment",
    "solv_date",
    "with_variant",
]


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the Solv stand-in's demo urgent care until Ctrl-C.")
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="reads")
    args = parser.parse_args()
    server = with_variant(demo_clinic(datetime.now(DEMO_ZONE).date()), args.variant).start()
    serve_until_interrupted(
        server,
        (f"export {name}='{value}'" for name, value in demo_environment(server).items()),
        f"Solv stand-in ({args.variant}): booking #{DEMO_NATIVE_BOOKING} (Solv), #{DEMO_EHR_BOOKING} "
        f"(EHR reference {DEMO_EHR_REFERENCE}); Ctrl-C to stop.",
    )


if __name__ == "__main__":
    main()
