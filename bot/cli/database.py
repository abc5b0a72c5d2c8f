"""The database an admin command reads: it must already exist (reading never creates one).

`clinic-bot audit` on a mistyped CLINIC_BOT_DB used to answer "No audit
entries." and leave a new, empty database (and folder) behind; now every
read-only admin command refuses a path where there is no database, saying
which variable to check.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.config import Settings
from bot.store.factory import is_postgresql


def existing_database(settings: Settings, command: str, consequence: str) -> str | None:
    """CLINIC_BOT_DB if a database is there (a PostgreSQL URL always counts); else None, after saying why."""
    location = settings.store_location
    if is_postgresql(location) or Path(location).is_file():
        return location
    print(
        f"clinic-bot {command}: there is no database at {location} (check CLINIC_BOT_DB); {consequence}",
        file=sys.stderr,
    )
    return None
