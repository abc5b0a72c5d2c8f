"""The Qmatic stand-in (tests/fakes/qmatic/), and its standalone mode.

    server = QmaticServer.with_demo_data(date.today()).start()
    env = {**os.environ, "BOOKING_BACKEND": "qmatic", **server.env()}   # QMATIC_* pointing here
    # ... start `clinic-bot serve` with env; the demo patient's personal identifier is DEMO_PERSONAL_ID
    server.stop()

or from a shell: `python -m tests.fakes.qmatic_server [--today 2026-12-01] [--variant NAME] [--combined]`
prints the QMATIC_* lines and serves until Ctrl-C (variants: `demo.VARIANTS`; the HTTP control routes
are in `control`).
"""

from __future__ import annotations

import argparse
from datetime import date

from tests.fakes.qmatic.demo import (
    DEMO_APPOINTMENT_ID,
    DEMO_BRANCH_ID,
    DEMO_COMBINED_APPOINTMENT_ID,
    DEMO_COMBINED_PERSONAL_ID,
    DEMO_PERSONAL_ID,
    DEMO_SECOND_APPOINTMENT_ID,
    DEMO_SECOND_PERSONAL_ID,
    DEMO_SERVICE_ID,
    DEMO_XRAY_ID,
    VARIANTS,
    demo_clinic,
    with_variant,
)
from tests.fakes.qmatic.server import ASSUMED, BOOK, CANCEL, RESCHEDULE, SCOPES, QmaticServer, QmaticStandIn
from tests.fakes.standalone import serve_until_interrupted
from tests.fakes.stub_server import Fault

__all__ = [
    "ASSUMED",
    "BOOK",
    "CANCEL",
    "DEMO_APPOINTMENT_ID",
    "DEMO_BRANCH_ID",
    "DEMO_COMBINED_APPOINTMENT_ID",
    "DEMO_COMBINED_PERSONAL_ID",
    "DEMO_PERSONAL_ID",
    "DEMO_SECOND_APPOINTMENT_ID",
    "DEMO_SECOND_PERSONAL_ID",
    "DEMO_SERVICE_ID",
    "DEMO_XRAY_ID",
    "RESCHEDULE",
    "SCOPES",
    "VARIANTS",
    "Fault",
    "QmaticServer",
    "QmaticStandIn",
    "with_variant",
]


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the Qmatic stand-in with demo data until Ctrl-C.")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--zone", default="America/Chicago")
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="docs")
    parser.add_argument("--combined", action="store_true", help="print QMATIC_SERVICE_COMBINATIONS=true")
    args = parser.parse_args()
    server = with_variant(demo_clinic(args.today, zone=args.zone), args.variant).start()
    settings = {"BOOKING_BACKEND": "qmatic", **server.env(combined=args.combined)}
    serve_until_interrupted(
        server,
        (f"{name}={value}" for name, value in settings.items()),
        f"Qmatic stand-in ({args.variant}); personal identifiers: {DEMO_PERSONAL_ID} (Maria Lopez), "
        f"{DEMO_SECOND_PERSONAL_ID} (John Smith), {DEMO_COMBINED_PERSONAL_ID} (Eva Berg, two services)",
    )


if __name__ == "__main__":
    main()
