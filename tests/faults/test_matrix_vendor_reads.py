"""A vendor search that goes unanswered is 'not answering', never 'may or may not have been made' (nothing was made).

Found by the fault matrix (vendor timeout while finding the patient on Qmatic,
whose search is a POST): staff were told to check whether a change had been
made when only a search had been sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.backends.errors import BackendUnavailable
from bot.backends.qmatic import QmaticBackend
from bot.domain import PatientQuery
from tests.backends.qmatic.support import make_backend, seed
from tests.fakes.qmatic_server import QmaticServer
from tests.fakes.stub_server import Fault, stop_soon


@pytest.fixture
def qmatic() -> Iterator[QmaticBackend]:
    server = QmaticServer()
    seed(server)
    server.start()
    for _ in range(3):
        server.fail("search", Fault.drop())
    backend = make_backend(server)
    yield backend
    backend.close()
    stop_soon(server)


def test_an_unanswered_search_says_the_booking_system_is_not_answering(qmatic: QmaticBackend) -> None:
    with pytest.raises(BackendUnavailable) as unanswered:
        qmatic.find_appointments(PatientQuery(personal_id="DEMO19850312ML"), around=None, now=datetime.now(UTC))
    assert not unanswered.value.maybe_applied
    assert "not answering" in str(unanswered.value) and "may or may not" not in str(unanswered.value)
