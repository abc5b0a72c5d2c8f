"""`clinic-bot check-backend --deep` against every stand-in and each of its variants, as an admin would run it.

    .venv/bin/python -m tests.e2e_backends.deep_tables [cliniko|qmatic|solv ...]

prints one table per stand-in variant (the real console script, in its own
process, pointed at the stand-in on loopback), with the command's exit code.
The end-to-end tests use `run_deep` to check the same tables.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from zoneinfo import ZoneInfo

from tests.e2e.harness import base_environment, run_clinic_bot
from tests.fakes import cliniko_server, qmatic_server, solv_server
from tests.fakes.stub_server import StubServer

CHICAGO = ZoneInfo("America/Chicago")


@dataclass(frozen=True)
class Run:
    vendor: str
    variant: str
    args: tuple[str, ...]
    code: int
    output: str


def _today() -> object:
    return datetime.now(CHICAGO).date()


@contextmanager
def stand_in(vendor: str, variant: str, *, combined: bool = False) -> Iterator[tuple[StubServer, dict[str, str]]]:
    """A started demo stand-in in `variant` and the settings that point the bot at it."""
    server: StubServer
    if vendor == "cliniko":
        cliniko = cliniko_server.with_variant(cliniko_server.demo_clinic(_today()), variant).start()  # type: ignore[arg-type]
        server, env = cliniko, cliniko.environment(cliniko_server.DEMO_USER_AGENT)
    elif vendor == "qmatic":
        qmatic = qmatic_server.with_variant(qmatic_server.QmaticServer.with_demo_data(_today()), variant).start()  # type: ignore[arg-type]
        server, env = qmatic, {"BOOKING_BACKEND": "qmatic", **qmatic.env(combined=combined)}
    else:
        solv = solv_server.with_variant(solv_server.demo_clinic(_today()), variant).start()  # type: ignore[arg-type]
        server, env = solv, solv_server.demo_environment(solv)
    try:
        yield server, env
    finally:
        server.stop()


def run_deep(env: dict[str, str], *args: str) -> tuple[int, str]:
    """`clinic-bot check-backend --deep ARGS` with these settings: (exit code, what it printed)."""
    with TemporaryDirectory() as workdir:
        full = base_environment(Path(workdir) / "clinic-bot.sqlite3", **env)
        result: subprocess.CompletedProcess[str] = run_clinic_bot(
            full, "check-backend", "--deep", *args, cwd=Path(workdir)
        )
    return result.returncode, result.stdout + result.stderr


CASES: dict[str, list[tuple[str, tuple[str, ...], dict[str, bool]]]] = {
    "cliniko": [(variant, (), {}) for variant in cliniko_server.VARIANTS],
    "qmatic": [
        ("docs", (), {}),
        ("docs", ("--personal-id", qmatic_server.DEMO_PERSONAL_ID, "--write-probe"), {}),
        ("docs", ("--personal-id", qmatic_server.DEMO_COMBINED_PERSONAL_ID, "--write-probe"), {"combined": True}),
        ("timeslots-by-branch", ("--personal-id", qmatic_server.DEMO_COMBINED_PERSONAL_ID), {"combined": True}),
        ("services-array", ("--personal-id", qmatic_server.DEMO_COMBINED_PERSONAL_ID), {"combined": True}),
        ("branches-refused", ("--personal-id", qmatic_server.DEMO_PERSONAL_ID), {}),
        ("branches-missing", (), {}),
    ],
    "solv": [
        ("reads", (), {}),
        ("reads", ("--booking", str(solv_server.DEMO_NATIVE_BOOKING)), {}),
        ("no-reads-missing", ("--booking", str(solv_server.DEMO_NATIVE_BOOKING)), {}),
        ("no-reads-method", (), {}),
        ("no-reads-scope", (), {}),
        ("envelope", (), {}),
    ],
}


def runs(vendors: list[str], show: Callable[[Run], None] | None = None) -> list[Run]:
    done = []
    for vendor in vendors:
        for variant, args, options in CASES[vendor]:
            with stand_in(vendor, variant, **options) as (_server, env):
                code, output = run_deep(env, *args)
            label = variant + (" (service combinations on)" if options.get("combined") else "")
            run = Run(vendor, label, args, code, output)
            if show is not None:
                show(run)
            done.append(run)
    return done


def _print(run: Run) -> None:
    args = " ".join(run.args)
    print(f"### {run.vendor} stand-in, variant {run.variant}: `clinic-bot check-backend --deep {args}`".rstrip())
    print(run.output.rstrip())
    print(f"(exit {run.code})\n", flush=True)


if __name__ == "__main__":
    runs(sys.argv[1:] or list(CASES), show=_print)
