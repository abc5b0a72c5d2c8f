"""An IT admin sets QMATIC_* once; `check-backend` proves the tenant and branches or names what is wrong."""

import pytest

from bot.backends.errors import InvalidRequest
from bot.backends.qmatic import QmaticBackend, build
from bot.config import Settings, load
from tests.backends.environments import point_at
from tests.backends.qmatic.support import BRANCH, OTHER_BRANCH, make_backend
from tests.fakes.qmatic_server import QmaticServer


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, qmatic: QmaticServer) -> pytest.MonkeyPatch:
    return point_at(monkeypatch, "qmatic", qmatic)


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


def test_several_branches_are_comma_separated(env: pytest.MonkeyPatch) -> None:
    env.setenv("QMATIC_BRANCH_IDS", f"{BRANCH}, {OTHER_BRANCH},")
    env.setenv("QMATIC_SERVICE_COMBINATIONS", "true")
    backend = build(load(Settings))
    assert backend.settings.branch_ids == [BRANCH, OTHER_BRANCH]
    assert backend.settings.service_combinations is True
    backend.close()


def test_a_separate_token_url_is_used(env: pytest.MonkeyPatch, qmatic: QmaticServer) -> None:
    env.setenv("QMATIC_TOKEN_URL", f"{qmatic.url}/external/v1/oauth2/token/")
    backend = build(load(Settings))
    backend.check()
    assert qmatic.calls_to("token")[0].path == "/external/v1/oauth2/token"
    backend.close()
