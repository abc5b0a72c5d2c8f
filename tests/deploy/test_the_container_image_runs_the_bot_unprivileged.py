"""The Dockerfile an IT admin builds: two stages, no dev tools, a non-root user, a health check that works.

The health check is not only present: its own command is run against a real
`clinic-bot serve` (healthy: exit 0) and against nothing listening (exit 1),
as Docker would run it. Where Docker's engine is available the image is
built and inspected too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import uuid
from pathlib import Path

import pytest

from bot.config import Settings
from tests.deploy.recipe import DOCKERIGNORE, ROOT, Stage, exec_form, healthcheck_command, stages
from tests.e2e.harness import Clinic, ServedBot, clinic_slack, free_port

DEV_TOOLS = ("pytest", "ruff", "mypy", "hypothesis", "import-linter", "[dev]")


def runtime() -> Stage:
    return stages()[-1]


def test_the_image_is_built_in_one_stage_and_run_from_another_that_copies_only_the_installed_bot() -> None:
    found = stages()
    assert len(found) >= 2, "multi-stage: the build tools stay out of the image that runs"
    build, final = found[0], found[-1]
    assert build.name and final.name and build.name != final.name
    copies = final.all("COPY")
    assert copies, "the runtime stage copies the installed bot from the build stage"
    assert all(copy.startswith(f"--from={build.name} ") for copy in copies), copies
    assert not final.all("ADD")
    installs = " ".join(build.all("RUN"))
    assert "pip install ." in installs, installs


def test_no_dev_dependency_is_installed_in_any_stage() -> None:
    for stage in stages():
        text = " ".join(instruction.value for instruction in stage.instructions)
        assert not [tool for tool in DEV_TOOLS if tool in text], stage.name
    assert "tests" not in " ".join(runtime().all("COPY"))


def test_the_bot_runs_as_a_user_that_is_not_root() -> None:
    user = runtime().last("USER")
    assert user is not None, "without USER the container runs as root"
    name = user.split(":")[0]
    assert name not in {"root", "0"}, user
    assert name.isdigit(), "a numeric user lets Kubernetes' runAsNonRoot check it"


def test_the_command_is_clinic_bot_serve_from_the_projects_own_console_script() -> None:
    command = exec_form(runtime().last("CMD") or "")
    assert command == ["clinic-bot", "serve"], command
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert "clinic-bot" in scripts
    assert runtime().last("STOPSIGNAL") == "SIGTERM", "serve drains its work on SIGTERM"


def test_the_port_exposed_is_the_one_the_bot_listens_on() -> None:
    env = " ".join(runtime().all("ENV"))
    assert "PORT=3000" in env and "HOST=0.0.0.0" in env, "inside a container it must listen on every interface"
    assert runtime().all("EXPOSE") == [str(Settings.model_fields["port"].default)]


def test_the_database_and_env_files_never_enter_the_build_context() -> None:
    patterns = [line.strip() for line in DOCKERIGNORE.read_text().splitlines() if line.strip() and line[0] != "#"]
    assert patterns[0] == "*", "everything is left out unless named"
    included = {pattern[1:] for pattern in patterns if pattern.startswith("!")}
    assert included == {"pyproject.toml", "README.md", "bot", "handlers"}
    for secret in ("**/*.sqlite3", "**/*.env", "**/.env"):
        assert secret in patterns, f"{secret}: patient data or secrets would be sent to the builder"


def run_healthcheck(port: int) -> subprocess.CompletedProcess[str]:
    """The image's HEALTHCHECK command, as Docker runs it inside the container (python is the venv's)."""
    command = healthcheck_command(runtime().last("HEALTHCHECK") or "")
    assert command[0] == "python"
    env = {**os.environ, "PORT": str(port)}
    return subprocess.run([sys.executable, *command[1:]], env=env, capture_output=True, text=True, timeout=30)


@pytest.mark.e2e
def test_the_health_check_passes_on_a_serving_bot_and_fails_when_nothing_answers(tmp_path: Path) -> None:
    assert "/healthz" in (runtime().last("HEALTHCHECK") or "")
    with clinic_slack() as slack:
        served = ServedBot(slack, Clinic(tmp_path).seed()).start()
        try:
            assert run_healthcheck(served.port).returncode == 0
        finally:
            served.stop()
    assert run_healthcheck(free_port()).returncode != 0


def docker_engine() -> str | None:
    """Why the image cannot be built here (None: it can)."""
    if shutil.which("docker") is None:
        return "the docker command is not installed"
    try:
        info = subprocess.run(["docker", "info"], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return "`docker info` did not answer"
    return None if info.returncode == 0 else "Docker's engine is not available (`docker info` failed)"


@pytest.mark.timeout(1800)
def test_the_image_builds_and_runs_as_a_non_root_user_with_a_health_check() -> None:
    missing = docker_engine()
    if missing is not None:
        pytest.skip(f"{missing}: the image is not built here (the Dockerfile is checked by the other tests)")
    tag = f"clinic-bot-test:{uuid.uuid4().hex[:8]}"
    built = subprocess.run(["docker", "build", "-t", tag, str(ROOT)], capture_output=True, text=True, timeout=1700)
    assert built.returncode == 0, built.stderr[-4000:]
    try:
        inspected = subprocess.run(
            ["docker", "image", "inspect", "--format", "{{.Config.User}}|{{json .Config.Healthcheck.Test}}", tag],
            capture_output=True,
            text=True,
            timeout=60,
        )
        user, health = inspected.stdout.strip().split("|", 1)
        assert user and user.split(":")[0] not in {"root", "0"}, user
        assert "/healthz" in health
        version = subprocess.run(
            ["docker", "run", "--rm", tag, "clinic-bot", "--help"], capture_output=True, text=True, timeout=120
        )
        assert version.returncode == 0 and "serve" in version.stdout, version.stderr
        dev = subprocess.run(
            ["docker", "run", "--rm", tag, "python", "-c", "import pytest"], capture_output=True, timeout=120
        )
        assert dev.returncode != 0, "pytest (a dev dependency) is in the image"
    finally:
        subprocess.run(["docker", "image", "rm", "-f", tag], capture_output=True, timeout=120)
