"""The README's metrics table names exactly the metrics /metrics exposes (an admin builds dashboards from it)."""

from __future__ import annotations

import re
from pathlib import Path

from bot.cli.metrics import Metrics

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_clinic_bot_metric_is_in_the_readme_and_every_one_there_exists() -> None:
    families = {
        family.name + ("_total" if family.type == "counter" else "")
        for family in Metrics().registry.collect()
        if family.name.startswith("clinic_bot_")
    }
    section = README.read_text().split("### Metrics", 1)[1].split("\n### ", 1)[0]
    documented = set(re.findall(r"`(clinic_bot_[a-z_]+)`", section))
    assert documented == families
