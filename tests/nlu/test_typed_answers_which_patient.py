"""At "which patient?", a typed answer is the corrected search; a whole request starts afresh (issue 10, item 2).

After `/cancel mraia lopez friday` finds nobody, `/cancel maria lopez friday` (or `maria lopez
friday`) must search for "maria lopez" on Friday, never for a patient called "maria lopez
friday". What counts as an identifier depends on what the backend searches by (`keys`).
Clock: Tuesday 2026-12-01 10:00 in Chicago; Friday is Dec 4.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain import PatientKey, PatientQuery, Window
from bot.nlu.answers import PatientAnswer, read_patient_answer, with_personal_id

CHI = ZoneInfo("America/Chicago")
NOW = datetime(2026, 12, 1, 10, 0)
CLINIKO = frozenset({PatientKey.NAME, PatientKey.DATE_OF_BIRTH, PatientKey.PHONE})
SANDBOX = CLINIKO | {PatientKey.BOOKING_REF}
QMATIC = frozenset({PatientKey.PERSONAL_ID})
FRIDAY = Window(start=datetime(2026, 12, 4, tzinfo=CHI), end=datetime(2026, 12, 5, tzinfo=CHI))
FRIDAY_3PM = Window(start=datetime(2026, 12, 4, 15, tzinfo=CHI), end=datetime(2026, 12, 4, 15, tzinfo=CHI))
DEC_3_1430 = Window(start=datetime(2026, 12, 3, 14, 30, tzinfo=CHI), end=datetime(2026, 12, 3, 14, 30, tzinfo=CHI))


def Q(**fields: object) -> PatientQuery:
    return PatientQuery.model_validate(fields)


CASES = [
    # a whole request: the patient and a day, with or without the verb
    (
        "cancel maria lopez friday",
        SANDBOX,
        PatientAnswer(query=Q(name="maria lopez"), intent="cancel", current=FRIDAY, whole_request=True),
    ),
    ("maria lopez friday", SANDBOX, PatientAnswer(query=Q(name="maria lopez"), current=FRIDAY, whole_request=True)),
    (
        "maria lopez friday 3pm",
        CLINIKO,
        PatientAnswer(query=Q(name="maria lopez"), current=FRIDAY_3PM, whole_request=True),
    ),
    (
        "Maria Lopez to friday",
        SANDBOX,
        PatientAnswer(query=Q(name="Maria Lopez"), intent="reschedule", target=FRIDAY, whole_request=True),
    ),
    (
        "cancel maria lopez friday, she's sick",
        SANDBOX,
        PatientAnswer(query=Q(name="maria lopez"), intent="cancel", current=FRIDAY, reason="Sick", whole_request=True),
    ),
    # only the patient: a corrected search, the request's own windows stay
    ("maria lopez", SANDBOX, PatientAnswer(query=Q(name="maria lopez"))),
    ("try jon smyth", SANDBOX, PatientAnswer(query=Q(name="jon smyth"))),
    ("it's Maria Lopez", SANDBOX, PatientAnswer(query=Q(name="Maria Lopez"))),
    ("dob 7/28/1991", SANDBOX, PatientAnswer(query=Q(date_of_birth=date(1991, 7, 28)))),
    ("john smith dob 11/2/1975", CLINIKO, PatientAnswer(query=Q(name="john smith", date_of_birth=date(1975, 11, 2)))),
    ("maria lopez 555-201-3344", CLINIKO, PatientAnswer(query=Q(name="maria lopez", phone="5552013344"))),
    # a bare number is a booking reference only for a backend that finds bookings by one
    ("48213", SANDBOX, PatientAnswer(query=Q(booking_ref="48213"))),
    ("48213", CLINIKO, PatientAnswer(query=Q())),
    ("#48213", CLINIKO, PatientAnswer(query=Q(booking_ref="48213"))),
    # a 24-hour time is never a booking reference
    (
        "maria lopez 12/03 1430",
        SANDBOX,
        PatientAnswer(query=Q(name="maria lopez"), current=DEC_3_1430, whole_request=True),
    ),
    # a personal identifier (Qmatic) is the key; no name is read out of it
    ("19850210-1234", QMATIC, PatientAnswer(query=Q(personal_id="19850210-1234"))),
    ("pnr 199107281234 please", QMATIC, PatientAnswer(query=Q(personal_id="199107281234"))),
]


@pytest.mark.parametrize(("text", "keys", "expected"), CASES, ids=[f"{t}-{len(k)}" for t, k, _ in CASES])
def test_the_which_patient_answer_is_read_as_a_search_or_a_fresh_request(
    text: str, keys: frozenset[PatientKey], expected: PatientAnswer
) -> None:
    assert read_patient_answer(text, now=NOW, tz="America/Chicago", keys=keys) == expected


def test_a_corrected_request_never_glues_the_day_onto_the_name() -> None:
    failed = read_patient_answer("mraia lopez friday", now=NOW, tz="America/Chicago", keys=SANDBOX)
    retyped = read_patient_answer("maria lopez friday", now=NOW, tz="America/Chicago", keys=SANDBOX)
    assert failed.query.name == "mraia lopez"
    assert retyped.query.name == "maria lopez"
    assert retyped.whole_request and retyped.current == FRIDAY


def test_a_first_request_gets_its_personal_identifier_only_for_a_backend_that_searches_by_one() -> None:
    parsed = Q(phone="198502101234")  # the parser read the identifier's digits as a phone number
    assert with_personal_id(parsed, "move 198502101234 to friday", QMATIC) == Q(personal_id="198502101234")
    assert with_personal_id(parsed, "move 198502101234 to friday", SANDBOX) == parsed
