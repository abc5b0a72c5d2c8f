"""How fast /healthz notices a database that stopped taking writes, and notices it came back, without a restart."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from tests.faults.cells import set_read_only
from tests.faults.rig import Desk

POLL = 0.01
GIVE_UP = 5.0


@dataclass(frozen=True)
class Spell:
    to_unhealthy: float | None
    """Seconds from the file becoming unwritable to the first 503 (None: never within GIVE_UP)."""
    cause: str
    to_healthy: float | None
    """Seconds from the file becoming writable again to the first 200, same process."""
    same_process: bool


def read_only_spell(desk: Desk) -> Spell:
    """Make the database file immutable, time the first 503; make it writable, time the first 200."""
    pid = desk.bot.process.pid if desk.bot.process else None
    with httpx.Client(timeout=2.0) as client:
        url = desk.bot.url + "/healthz"
        assert client.get(url).status_code == 200, "healthy before the spell"
        set_read_only(desk, True)
        try:
            to_503, answer = _until(client, url, lambda status: status == 503)
        finally:
            set_read_only(desk, False)
        to_200, _ = _until(client, url, lambda status: status == 200)
    same = desk.bot.process is not None and desk.bot.process.pid == pid and desk.bot.process.poll() is None
    return Spell(to_503, answer, to_200, same)


def _until(client: httpx.Client, url: str, wanted: object) -> tuple[float | None, str]:
    started = time.monotonic()
    while time.monotonic() - started < GIVE_UP:
        response = client.get(url)
        if wanted(response.status_code):  # type: ignore[operator]
            return time.monotonic() - started, response.text
        time.sleep(POLL)
    return None, ""
