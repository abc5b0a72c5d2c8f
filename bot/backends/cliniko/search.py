"""Finding patients in Cliniko by what staff know: name, date of birth, phone.

Cliniko filters patients by first/last name (`~` contains) and date of birth,
but not by phone. So a phone given with a name or birth date narrows their
matches here; a phone alone is looked for among the patients of the upcoming
appointments, a bounded scan that asks staff for a name when the diary is too
big to read through.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.backends.cliniko.client import ClinikoApi, Params
from bot.backends.cliniko.models import IndividualAppointment, PatientBody
from bot.backends.cliniko.translate import name_matches, phone_matches, search_words, utc_z
from bot.backends.errors import InvalidRequest
from bot.domain import PatientQuery, Window

MAX_PATIENTS = 25
"""More matches than this is a common name: staff are asked for more, rather than shown a long list."""
PHONE_SCAN_PAGES = 5
"""Up to 500 upcoming appointments are read to find a phone number; a busier diary needs a name too."""
IDS_PER_CALL = 50

TOO_MANY = (
    "More than {limit} patients in Cliniko match that. Please add more: the patient's full name, date of birth "
    "or phone number."
)
PHONE_ALONE = (
    "Cliniko cannot search by phone number, and there are too many upcoming appointments to look through. "
    "Please add the patient's name or date of birth."
)


def batches(ids: Iterable[str], size: int = IDS_PER_CALL) -> list[list[str]]:
    unique = list(dict.fromkeys(ids))
    return [unique[start : start + size] for start in range(0, len(unique), size)]


def window_filters(around: Window | None, now: datetime) -> Params:
    """Upcoming (not yet over) and, when staff named a time, starting inside it."""
    filters: Params = [("q[]", f"ends_at:>{utc_z(now)}")]
    if around is not None:
        filters.append(("q[]", f"starts_at:>={utc_z(around.start)}"))
        if around.end is not None:
            filters.append(("q[]", f"starts_at:<={utc_z(around.end)}"))
    return filters


class PatientSearch:
    def __init__(self, api: ClinikoApi, *, business_filter: Params) -> None:
        self._api = api
        self._business_filter = business_filter

    def find(self, query: PatientQuery, *, around: Window | None, now: datetime) -> list[PatientBody]:
        if query.name or query.date_of_birth:
            found = self._by_name_and_birth(query)
        elif query.phone:
            found = self._by_phone_alone(query.phone, around=around, now=now)
        else:
            return []
        if query.phone:
            found = [patient for patient in found if phone_matches(query.phone, patient.phones)]
        return found

    def _by_name_and_birth(self, query: PatientQuery) -> list[PatientBody]:
        born: Params = [("q[]", f"date_of_birth:={query.date_of_birth.isoformat()}")] if query.date_of_birth else []
        words = search_words(query.name or "")
        if not words:
            return self._patients(born) if born else []
        if len(words) == 1:
            # One word may be either name ("lopez", "maria"): both are asked for.
            found = self._patients([("q[]", f"last_name:~{words[0]}"), *born], name=query.name)
            found += self._patients([("q[]", f"first_name:~{words[0]}"), *born], name=query.name)
            return self._unique(found)
        first, last = words[0], words[-1]
        found = self._patients([("q[]", f"first_name:~{first}"), ("q[]", f"last_name:~{last}"), *born], name=query.name)
        if not found:
            # Written surname first ("Lopez Maria", "Lopez, Maria").
            found = self._patients(
                [("q[]", f"first_name:~{last}"), ("q[]", f"last_name:~{first}"), *born], name=query.name
            )
        return found

    def _patients(self, filters: Params, *, name: str | None = None, limit: bool = True) -> list[PatientBody]:
        found: list[PatientBody] = []
        for items, _more in self._api.pages("/patients", "patients", filters):
            for item in items:
                patient = self._api.parse(PatientBody, item)
                if name and not name_matches(name, patient.first_name, patient.last_name, patient.preferred_first_name):
                    continue
                found.append(patient)
            if limit and len(found) > MAX_PATIENTS:
                raise InvalidRequest(TOO_MANY.format(limit=MAX_PATIENTS))
        return found

    def _by_phone_alone(self, phone: str, *, around: Window | None, now: datetime) -> list[PatientBody]:
        patient_ids: list[str] = []
        params: Params = [*window_filters(around, now), *self._business_filter, ("sort", "starts_at")]
        for page, (items, more) in enumerate(
            self._api.pages("/individual_appointments", "individual_appointments", params)
        ):
            for item in items:
                patient_ids.append(self._api.parse(IndividualAppointment, item).patient.target_id)
            if more and page + 1 >= PHONE_SCAN_PAGES:
                raise InvalidRequest(PHONE_ALONE)
        found: list[PatientBody] = []
        for ids in batches(pid for pid in patient_ids if pid):
            for patient in self._patients([("q[]", f"id:={','.join(ids)}")], limit=False):
                if phone_matches(phone, patient.phones):
                    found.append(patient)
        return found

    @staticmethod
    def _unique(patients: list[PatientBody]) -> list[PatientBody]:
        return list({patient.id: patient for patient in patients}.values())
