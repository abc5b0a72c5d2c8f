"""compose.yml: the bot and PostgreSQL 15, the bot started only once the database answers, no secret inline.

Read with PyYAML as Compose reads it. The env files it names hold every
secret; their examples ship in deploy/ with every value empty, and git
ignores the filled-in copies.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.deploy.recipe import ROOT, compose

SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|API_KEY|CLIENT_ID", re.IGNORECASE)
SECRET_VALUE = re.compile(r"xox[abp]-|xapp-|://[^/@:]+:[^/@]+@")
DRAIN_SECONDS = 20


def services() -> dict[str, Any]:
    found = compose()["services"]
    assert isinstance(found, dict)
    return found


def environment(service: dict[str, Any]) -> dict[str, str]:
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) for item in raw)
    return {str(key): str(value) for key, value in raw.items()}


def env_files(service: dict[str, Any]) -> list[str]:
    raw = service.get("env_file") or []
    return [raw] if isinstance(raw, str) else [item if isinstance(item, str) else item["path"] for item in raw]


def seconds(duration: str) -> float:
    units = {"s": 1, "m": 60, "h": 3600}
    return sum(float(number) * units[unit] for number, unit in re.findall(r"(\d+(?:\.\d+)?)([smh])", duration))


def test_two_services_the_bot_and_postgresql_15_on_a_named_volume() -> None:
    assert set(services()) == {"bot", "postgres"}
    postgres = services()["postgres"]
    assert re.fullmatch(r"postgres:15(\.\d+)?(-[a-z0-9]+)?", postgres["image"]), postgres["image"]
    volumes = [str(volume) for volume in postgres["volumes"]]
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in volumes), volumes
    named = {volume.split(":", 1)[0] for volume in volumes}
    assert named <= set(compose()["volumes"]), "the data lives on a named volume, kept across re-creations"
    assert "ports" not in postgres, "PostgreSQL is reached by the bot only, never published on the host"


def test_the_bot_uses_that_postgresql_and_starts_only_once_it_is_healthy() -> None:
    bot = services()["bot"]
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    url = urlsplit(environment(bot)["CLINIC_BOT_DB"])
    assert url.scheme == "postgresql"
    assert url.hostname == "postgres", "the compose service's name is its host name"
    assert url.password is None, "the password comes from the env file (PGPASSWORD), not the URL"
    postgres_env = environment(services()["postgres"])
    assert url.username == postgres_env["POSTGRES_USER"] and url.path == "/" + postgres_env["POSTGRES_DB"]


def test_a_sandbox_trial_keeps_its_demo_clinic_on_a_named_volume_the_read_only_bot_can_write() -> None:
    """With BOOKING_BACKEND=sandbox on PostgreSQL the bot needs SANDBOX_DB (else it refuses to start)."""
    bot = services()["bot"]
    sandbox = Path(environment(bot)["SANDBOX_DB"])
    mounts = {volume.split(":", 1)[1]: volume.split(":", 1)[0] for volume in map(str, bot["volumes"])}
    folder = str(sandbox.parent)
    assert folder in mounts and mounts[folder] in compose()["volumes"], (bot["volumes"], compose()["volumes"])
    assert bot["read_only"] is True, "only that volume (and /tmp) is writable"


def test_both_services_have_health_checks_and_the_bots_asks_healthz() -> None:
    postgres_check = services()["postgres"]["healthcheck"]["test"]
    assert "pg_isready" in " ".join(postgres_check)
    bot_check = " ".join(services()["bot"]["healthcheck"]["test"])
    assert "/healthz" in bot_check and ":3000/" in bot_check
    assert environment(services()["bot"])["PORT"] == "3000"


def test_no_secret_is_written_in_the_file_each_comes_from_an_env_file_that_git_ignores() -> None:
    for name, service in services().items():
        env = environment(service)
        inline = [key for key in env if SECRET_NAME.search(key)]
        assert inline == [], f"{name}: {inline} belong in its env file"
        assert not [value for value in env.values() if SECRET_VALUE.search(value)], name
        files = env_files(service)
        assert files, f"{name} reads its secrets from an env file"
        for file in files:
            example = ROOT / (file + ".example")
            assert example.exists(), f"{example} shows the admin what {file} must hold"
            ignored = subprocess.run(["git", "check-ignore", "-q", file], cwd=ROOT, capture_output=True)
            assert ignored.returncode == 0, f"git would commit {file} (secrets)"


def read_env(path: Path) -> dict[str, str]:
    pairs = [line.split("=", 1) for line in path.read_text().splitlines() if line.strip() and line[0] != "#"]
    return {key.strip(): value.strip() for key, value in pairs}


def test_the_env_examples_name_every_secret_and_hold_no_value_for_any() -> None:
    bot = read_env(ROOT / "deploy" / "clinic-bot.env.example")
    postgres = read_env(ROOT / "deploy" / "postgres.env.example")
    assert {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "PGPASSWORD"} <= set(bot)
    assert set(postgres) == {"POSTGRES_PASSWORD"}
    assert [key for key, value in {**bot, **postgres}.items() if SECRET_NAME.search(key) and value] == []


def test_the_bot_is_published_on_loopback_only_and_given_time_to_drain_on_stop() -> None:
    bot = services()["bot"]
    ports = [str(port) for port in bot.get("ports", [])]
    assert ports and all(port.startswith("127.0.0.1:") for port in ports), (
        "the reverse proxy on the host reaches it; /metrics must not be public"
    )
    assert bot.get("stop_signal", "SIGTERM") == "SIGTERM"
    assert seconds(bot["stop_grace_period"]) > DRAIN_SECONDS
    assert bot.get("cap_drop") == ["ALL"] and "no-new-privileges:true" in bot.get("security_opt", [])
