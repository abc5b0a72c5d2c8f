"""An IT admin sets QMATIC_* once; `check-backend` proves the tenant and branches or names what is wrong."""

from collections.abc import Iterator

import pytest

from bot.backends import build_backend
from bot.backends.errors import InvalidRequest, NotAuthorised
from bot.backends.qmatic import QmaticBackend, build
from bot.config import ConfigError, Settings, load
from tests.backends.qmatic.support import BRANCH, OTHER_BRANCH, make_backend
from tests.fakes.qmatic_server import QmaticServer

QMATIC_VARIABLES = (
    "BASE_URL",
    "TOKEN_URL",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "ACCOUNT",
    "TENANT_ID",
    "BRANCH_IDS",
    "SERVICE_COMBINATIONS",
    "LANGUAGE",
    "TIMEZONE",
)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, qmatic: QmaticServer) -> Iterator[pytest.MonkeyPatch]:
    for name in QMATIC_VARIABLES:
        monkeypatch.delenv(f"QMATIC_{name}", raising=False)
    monkeypatch.delenv("CLINIC_TZ", raising=False)
    monkeypatch.setenv("BOOKING_BACKEND", "qmatic")
    for name, value in qmatic.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("QMATIC_TOKEN_URL")  # derived from the base URL's host
    monkeypatch.setenv("QMATIC_BRANCH_IDS", BRANCH)
    yield monkeypatch


def test_check_shows_the_tenant_and_the_branches(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    status = backend.check()
    assert status.backend == "qmatic"
    assert status.account == "tenant tenant-northside (Qmatic account northsideclinic)"
    assert status.locations == ("Centrum",)
    assert status.upcoming_appointments is None
    assert status.detail.startswith("Qmatic Cloud Appointments. Staff look a patient up by their personal identifier.")
    assert "Centrum: Europe/Stockholm" in status.detail
    assert qmatic.calls_to("reserve") == [] and qmatic.calls_to("cancel") == []


def test_check_lists_every_configured_branch_in_order(qmatic: QmaticServer) -> None:
    adapter = make_backend(qmatic, branch_ids=[OTHER_BRANCH, BRANCH])
    assert adapter.check().locations == ("Södermalm", "Centrum")
    adapter.close()


def test_check_names_a_branch_the_tenant_does_not_have(qmatic: QmaticServer) -> None:
    adapter = make_backend(qmatic, branch_ids=[BRANCH, "not-a-branch"])
    with pytest.raises(InvalidRequest, match=r"has no branch not-a-branch\. .*check QMATIC_BRANCH_IDS"):
        adapter.check()
    adapter.close()


@pytest.mark.parametrize("refusal", [401, 403, 404, 405])
def test_check_works_whatever_way_qmatic_refuses_its_unpublished_branch_listing(
    qmatic: QmaticServer, backend: QmaticBackend, refusal: int
) -> None:
    qmatic.branches_refusal = refusal
    status = backend.check()
    assert status.locations == (BRANCH,)
    assert "every branch's times are read in QMATIC_TIMEZONE (America/Chicago)" in status.detail
    assert "Centrum" not in status.detail and f"{BRANCH}: America/Chicago" in status.detail
    assert len(qmatic.calls_to("services")) == 1


def test_check_with_a_wrong_secret_names_it(qmatic: QmaticServer) -> None:
    adapter = make_backend(qmatic, client_secret="not-it")
    with pytest.raises(NotAuthorised, match="QMATIC_CLIENT_SECRET"):
        adapter.check()
    adapter.close()


def test_the_factory_builds_qmatic_from_the_environment(env: pytest.MonkeyPatch, qmatic: QmaticServer) -> None:
    env.setenv("CLINIC_TZ", "Europe/Stockholm")
    backend = build_backend(load(Settings))
    assert backend.name == "Qmatic"
    assert backend.check().locations == ("Centrum",)
    assert isinstance(backend, QmaticBackend)
    assert backend.settings.timezone == "Europe/Stockholm"
    assert backend.settings.token_endpoint == f"{qmatic.url}/oauth2/token"
    assert backend.settings.language == "en_US"
    backend.close()


def test_several_branches_are_comma_separated(env: pytest.MonkeyPatch) -> None:
    env.setenv("QMATIC_BRANCH_IDS", f"{BRANCH}, {OTHER_BRANCH},")
    env.setenv("QMATIC_SERVICE_COMBINATIONS", "true")
    backend = build(load(Settings))
    assert backend.settings.branch_ids == [BRANCH, OTHER_BRANCH]
    assert backend.settings.service_combinations is True
    backend.close()


def test_missing_settings_are_named(env: pytest.MonkeyPatch) -> None:
    for name in ("CLIENT_SECRET", "TENANT_ID", "BRANCH_IDS", "BASE_URL", "ACCOUNT"):
        env.delenv(f"QMATIC_{name}")
    with pytest.raises(ConfigError) as raised:
        build(load(Settings))
    assert str(raised.value) == (
        "QMATIC_BASE_URL is missing; QMATIC_CLIENT_SECRET is missing; QMATIC_ACCOUNT is missing; "
        "QMATIC_TENANT_ID is missing; QMATIC_BRANCH_IDS is missing"
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("QMATIC_BASE_URL", "api.eu-west-1.qmatic.io"),
        ("QMATIC_TOKEN_URL", "oauth2/token"),
        ("QMATIC_TIMEZONE", "Mars/Olympus"),
        ("QMATIC_LANGUAGE", "english"),
        ("QMATIC_BRANCH_IDS", "branch one"),
        ("QMATIC_BRANCH_IDS", " , "),
        ("QMATIC_TENANT_ID", "tenant one"),
        ("QMATIC_SERVICE_COMBINATIONS", "sometimes"),
    ],
)
def test_malformed_settings_are_named(env: pytest.MonkeyPatch, variable: str, value: str) -> None:
    env.setenv(variable, value)
    with pytest.raises(ConfigError, match=f"{variable} is invalid"):
        build(load(Settings))


def test_a_separate_token_url_is_used(env: pytest.MonkeyPatch, qmatic: QmaticServer) -> None:
    env.setenv("QMATIC_TOKEN_URL", f"{qmatic.url}/external/v1/oauth2/token/")
    backend = build(load(Settings))
    backend.check()
    assert qmatic.calls_to("token")[0].path == "/external/v1/oauth2/token"
    backend.close()
