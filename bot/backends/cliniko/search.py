"""Finding patients in Cliniko by what staff know: name, date of birth, phone; and near matches by name.

Cliniko filters patients by first/last name (`~` contains) and date of birth,
but not by phone. So a phone given with a name or birth date narrows their
matches here; a phone alone is looked for among the patients of the upcoming
appointments, a bounded scan that asks staff for a name when the diary is too
big to read through.

The docs do not say whether `links.next` keeps the `q[]` filters, so every
item of every page is checked here against what was asked for: a later page
that forgot the filter can never add another patient.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from bot.backends import near_names
from bot.backends.cliniko.client import ClinikoApi, Params
from bot.backends.cliniko.models import IndividualAppointment, PatientBody
from bot.backends.cliniko.translate import name_matches, name_words, phone_matches, typed_words, utc_z
from bot.backends.errors import InvalidRequest
from bot.domain import PatientQuery, Window

MAX_PATIENTS = 25
"""More matches than this is a common name: staff are asked for more, rather than shown a long list."""
PHONE_SCAN_PAGES = 5
"""Up to 500 upcoming appointments are read to find a phone number; a busier diary needs a name too."""
IDS_PER_CALL = 50
NEAR_WORD_MIN = 2
"""Shorter words (an initial) would gather half the patient list as near-match candidates."""

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


def in_window(body: IndividualAppointment, around: Window | None, now: datetime) -> bool:
    """The same test as `window_filters`, made again on what a page returned."""
    if body.ends_at <= now:
        return False
    if around is None:
        return True
    return body.starts_at >= around.start and (around.end is None or body.starts_at <= around.end)


Keep = Callable[[PatientBody], bool]


class PatientSearch:
    def __init__(self, api: ClinikoApi, *, business_filter: Params, business_ids: frozenset[str]) -> None:
        self._api = api
        self._business_filter = business_filter
        self._business_ids = business_ids

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

    def near_candidates(self, typed: str) -> list[PatientBody]:
        """Patients sharing a word (or a short form of one) with `typed`, gathered for `near_names.rank`.

        `~` matches inside words, so a word that contains an earlier one ("christopher" after "chris") adds
        nothing and is not asked for. One page per question keeps a common word from reading the whole list.
        """
        asked: list[str] = []
        for word in near_names.search_words(typed):
            if len(word) >= NEAR_WORD_MIN and not any(earlier in word for earlier in asked):
                asked.append(word)
        found: dict[str, PatientBody] = {}
        for word in asked:
            for field in ("first_name", "last_name"):
                items, _more = next(iter(self._api.pages("list_patients", "patients", [("q[]", f"{field}:~{word}")])))
                for item in items:
                    patient = self._api.backend.parse(PatientBody, item)
                    names = (patient.first_name, patient.last_name, patient.preferred_first_name or "")
                    if any(word in " ".join(name_words(name)) for name in names):
                        found.setdefault(patient.id, patient)
        return list(found.values())

    def _by_name_and_birth(self, query: PatientQuery) -> list[PatientBody]:
        born = query.date_of_birth
        born_filter: Params = [("q[]", f"date_of_birth:={born.isoformat()}")] if born else []

        def keep(patient: PatientBody) -> bool:
            if born is not None and patient.date_of_birth != born:
                return False
            return not query.name or name_matches(
                query.name, patient.first_name, patient.last_name, patient.preferred_first_name
            )

        words = typed_words(query.name or "")
        if not words:
            return self._patients(born_filter, keep) if born_filter else []
        if len(words) == 1:
            # One word may be either name ("lopez", "maria"): both are asked for.
            found = self._patients([("q[]", f"last_name:~{words[0]}"), *born_filter], keep)
            found += self._patients([("q[]", f"first_name:~{words[0]}"), *born_filter], keep)
            return self._unique(found)
        first, last = words[0], words[-1]
        found = self._patients([("q[]", f"first_name:~{first}"), ("q[]", f"last_name:~{last}"), *born_filter], keep)
        if not found:
            # Written surname first ("Lopez Maria", "Lopez, Maria").
            found = self._patients([("q[]", f"first_name:~{last}"), ("q[]", f"last_name:~{first}"), *born_filter], keep)
        return found

    def _patients(self, filters: Params, keep: Keep, *, limit: bool = True) -> list[PatientBody]:
        found: list[PatientBody] = []
        for items, _more in self._api.pages("list_patients", "patients", filters):
            for item in items:
                patient = self._api.backend.parse(PatientBody, item)
                if keep(patient):
                    found.append(patient)
            if limit and len(found) > MAX_PATIENTS:
                raise InvalidRequest(TOO_MANY.format(limit=MAX_PATIENTS))
        return found

    def _by_phone_alone(self, phone: str, *, around: Window | None, now: datetime) -> list[PatientBody]:
        patient_ids: list[str] = []
        params: Params = [*window_filters(around, now), *self._business_filter, ("sort", "starts_at")]
        for page, (items, more) in enumerate(self._api.pages("list_appointments", "individual_appointments", params)):
            for item in items:
                body = self._api.backend.parse(IndividualAppointment, item)
                if self.is_ours(body) and in_window(body, around, now) and body.cancelled_at is None:
                    patient_ids.append(body.patient.target_id)
            if more and page + 1 >= PHONE_SCAN_PAGES:
                raise InvalidRequest(PHONE_ALONE)
        found: list[PatientBody] = []
        for ids in batches(pid for pid in patient_ids if pid):
            wanted = frozenset(ids)
            for patient in self._patients([("q[]", f"id:={','.join(ids)}")], _one_of(wanted), limit=False):
                if phone_matches(phone, patient.phones):
                    found.append(patient)
        return found

    def is_ours(self, body: IndividualAppointment) -> bool:
        """At one of the configured businesses (every business when none is configured)."""
        return not self._business_ids or body.business.target_id in self._business_ids

    @staticmethod
    def _unique(patients: list[PatientBody]) -> list[PatientBody]:
        return list({patient.id: patient for patient in patients}.values())


def _one_of(ids: frozenset[str]) -> Keep:
    return lambda patient: patient.id in ids
