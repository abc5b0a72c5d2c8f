"""Console scenarios: each runs `clinic-bot console` on a clean environment and a freshly seeded demo clinic."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.backends.sandbox.seed import seed
from tests.console.session import CLINIC_TZ


@pytest.fixture
def clinic_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean environment (no .env, no allowlist, sandbox backend) and the demo DB path."""
    monkeypatch.chdir(tmp_path)
    for name in (
        "ALLOWED_USER_IDS",
        "ALLOWED_CHANNEL_IDS",
        "SLACK_BOT_TOKEN",
        "SLACK_SIGNING_SECRET",
        "SLACK_APP_TOKEN",
        "SLACK_API_URL",
        "DATE_ORDER",
        "SLOTS_PER_PAGE",
    ):
        monkeypatch.delenv(name, raising=False)
    db = tmp_path / "demo.sqlite3"
    monkeypatch.setenv("CLINIC_BOT_DB", str(db))
    monkeypatch.setenv("CLINIC_TZ", CLINIC_TZ)
    monkeypatch.setenv("BOOKING_BACKEND", "sandbox")
    return db


@pytest.fixture
def seeded(clinic_env: Path) -> Path:
    """The demo clinic as of today: the engine reads 'tmrw' and 'fri' on the real clock."""
    seed(clinic_env, datetime.now(ZoneInfo(CLINIC_TZ)).date(), CLINIC_TZ)
    return clinic_env
