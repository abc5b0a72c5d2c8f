"""Staff requests with the full contract JSON expected for each, worked out by hand from the contract.

Reference clock unless a case says otherwise: Thursday 2026-03-05 10:00 in
America/Chicago. US daylight saving starts Sunday 2026-03-08 (offsets -06:00
up to then, -05:00 after) and ends Sunday 2026-11-01; in Europe/Berlin it
starts Sunday 2026-03-29 (+01:00 -> +02:00) and ends Sunday 2026-10-25.
`next Friday` is the Friday of next week (see times.next_weekday_named_next).
Times are written without seconds here; `case` adds `:00`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

NOW = "2026-03-05T10:00"
CHI = "America/Chicago"
BER = "Europe/Berlin"
# Other reference clocks.
CHI_NOV = "2026-10-29T09:00"  # Thursday before US fall back (Sun 2026-11-01)
BER_MAR = "2026-03-26T09:00"  # Thursday before EU spring forward (Sun 2026-03-29)
BER_OCT = "2026-10-22T09:00"  # Thursday before EU fall back (Sun 2026-10-25)
YEAR_END = "2026-12-30T10:00"  # Wednesday
MONTH_END = "2026-01-31T10:00"  # Saturday
SUNDAY = "2026-03-08T10:00"  # Sunday, the US spring-forward day
MONDAY = "2026-03-09T10:00"


def _iso(value: str) -> str:
    """`2026-03-06T14:00-06:00` -> `2026-03-06T14:00:00-06:00`."""
    return re.sub(r"T(\d\d:\d\d)([+-])", r"T\1:00\2", value)


def X(moment: str) -> dict[str, str | None]:
    """An exact time: start == end."""
    return {"start": _iso(moment), "end": _iso(moment)}


def W(start: str, end: str | None) -> dict[str, str | None]:
    return {"start": _iso(start), "end": _iso(end) if end else None}


@dataclass(frozen=True)
class Case:
    text: str
    expected: dict[str, Any]
    now: str = NOW
    tz: str = CHI
    order: str = "MDY"
    only_intent: bool = False
    tags: tuple[str, ...] = field(default=())


def case(
    text: str,
    intent: str,
    *,
    name: str | None = None,
    dob: str | None = None,
    phone: str | None = None,
    ref: str | None = None,
    cur: dict[str, str | None] | None = None,
    tgt: dict[str, str | None] | None = None,
    reason: str | None = None,
    now: str = NOW,
    tz: str = CHI,
    order: str = "MDY",
    tags: tuple[str, ...] = (),
) -> Case:
    expected = {
        "intent": intent,
        "patient": {"name": name, "date_of_birth": dob, "phone": phone, "booking_ref": ref},
        "current": cur,
        "target": tgt,
        "reason": reason,
    }
    return Case(text, expected, now, tz, order, only_intent=False, tags=tags)


def unknown(text: str, *, now: str = NOW, tz: str = CHI) -> Case:
    """For unknown requests only the intent matters (contract)."""
    return Case(text, {"intent": "unknown"}, now, tz, "MDY", only_intent=True, tags=("unknown",))


# Day windows around the reference clock, spelled out once (offsets by hand).
THU5 = W("2026-03-05T00:00-06:00", "2026-03-06T00:00-06:00")
FRI6 = W("2026-03-06T00:00-06:00", "2026-03-07T00:00-06:00")
SAT7 = W("2026-03-07T00:00-06:00", "2026-03-08T00:00-06:00")
SUN8 = W("2026-03-08T00:00-06:00", "2026-03-09T00:00-05:00")
MON9 = W("2026-03-09T00:00-05:00", "2026-03-10T00:00-05:00")
TUE10 = W("2026-03-10T00:00-05:00", "2026-03-11T00:00-05:00")
WED11 = W("2026-03-11T00:00-05:00", "2026-03-12T00:00-05:00")
THU12 = W("2026-03-12T00:00-05:00", "2026-03-13T00:00-05:00")
FRI13 = W("2026-03-13T00:00-05:00", "2026-03-14T00:00-05:00")
SAT14 = W("2026-03-14T00:00-05:00", "2026-03-15T00:00-05:00")
MON16 = W("2026-03-16T00:00-05:00", "2026-03-17T00:00-05:00")
WED18 = W("2026-03-18T00:00-05:00", "2026-03-19T00:00-05:00")
THU19 = W("2026-03-19T00:00-05:00", "2026-03-20T00:00-05:00")
NEXT_WEEK = W("2026-03-09T00:00-05:00", "2026-03-16T00:00-05:00")
THIS_WEEK = W("2026-03-05T00:00-06:00", "2026-03-09T00:00-05:00")
ASAP = W("2026-03-05T10:00-06:00", None)

# ------------------------------------------------------------------ one per row of the contract's table
CONTRACT_ROWS = [
    case("move Ann Lee to Friday 2pm", "reschedule", name="Ann Lee", tgt=X("2026-03-06T14:00-06:00")),
    case("move Ann Lee to 3/16 at 14:30", "reschedule", name="Ann Lee", tgt=X("2026-03-16T14:30-05:00")),
    case("move Ann Lee to Friday", "reschedule", name="Ann Lee", tgt=FRI6),
    case("move Ann Lee to tomorrow", "reschedule", name="Ann Lee", tgt=FRI6),
    case("move Ann Lee to the 14th", "reschedule", name="Ann Lee", tgt=SAT14),
    case("move Ann Lee to 3/16", "reschedule", name="Ann Lee", tgt=MON16),
    case(
        "move Ann Lee to Monday morning",
        "reschedule",
        name="Ann Lee",
        tgt=W("2026-03-09T08:00-05:00", "2026-03-09T12:00-05:00"),
    ),
    case(
        "move Ann Lee to Monday afternoon",
        "reschedule",
        name="Ann Lee",
        tgt=W("2026-03-09T12:00-05:00", "2026-03-09T17:00-05:00"),
    ),
    case(
        "move Ann Lee to Monday evening",
        "reschedule",
        name="Ann Lee",
        tgt=W("2026-03-09T17:00-05:00", "2026-03-09T21:00-05:00"),
    ),
    case("move Ann Lee to Friday at noon", "reschedule", name="Ann Lee", tgt=X("2026-03-06T12:00-06:00")),
    case("move Ann Lee to midday Friday", "reschedule", name="Ann Lee", tgt=X("2026-03-06T12:00-06:00")),
    case(
        "move Ann Lee to Friday after 3pm",
        "reschedule",
        name="Ann Lee",
        tgt=W("2026-03-06T15:00-06:00", "2026-03-07T00:00-06:00"),
    ),
    case(
        "move Ann Lee to Friday before 11",
        "reschedule",
        name="Ann Lee",
        tgt=W("2026-03-06T00:00-06:00", "2026-03-06T11:00-06:00"),
    ),
    case(
        "move Ann Lee to Friday between 2 and 4",
        "reschedule",
        name="Ann Lee",
        tgt=W("2026-03-06T14:00-06:00", "2026-03-06T16:00-06:00"),
    ),
    case("move Ann Lee to next week", "reschedule", name="Ann Lee", tgt=NEXT_WEEK),
    case("move Ann Lee to this week", "reschedule", name="Ann Lee", tgt=THIS_WEEK),
    case("move Ann Lee to in 3 days", "reschedule", name="Ann Lee", tgt=SUN8),
    case("move Ann Lee in 2 weeks", "reschedule", name="Ann Lee", tgt=THU19),
    case("move Ann Lee to a week from Friday", "reschedule", name="Ann Lee", tgt=FRI13),
    case("move Ann Lee to two weeks from today", "reschedule", name="Ann Lee", tgt=THU19),
    case("move Ann Lee asap", "reschedule", name="Ann Lee", tgt=ASAP),
    case("move Ann Lee to the earliest available", "reschedule", name="Ann Lee", tgt=ASAP),
    case("move Ann Lee to first available", "reschedule", name="Ann Lee", tgt=ASAP),
]

# ------------------------------------------------------------------ one or more per bullet
CONTRACT_BULLETS = [
    # Weeks start on Monday: on Sunday, next week is tomorrow on.
    case(
        "move Ann Lee to next week",
        "reschedule",
        name="Ann Lee",
        now=SUNDAY,
        tgt=W("2026-03-09T00:00-05:00", "2026-03-16T00:00-05:00"),
    ),
    case(
        "move Ann Lee to this week",
        "reschedule",
        name="Ann Lee",
        now=SUNDAY,
        tgt=W("2026-03-08T00:00-06:00", "2026-03-09T00:00-05:00"),
    ),
    # Bare weekday, abbreviations, `this Friday`: first such day strictly after today.
    case("move Ann Lee to fri", "reschedule", name="Ann Lee", tgt=FRI6),
    case("move Ann Lee to thurs", "reschedule", name="Ann Lee", tgt=THU12, tags=("same-weekday",)),
    case("move Ann Lee to Thursday", "reschedule", name="Ann Lee", tgt=THU12, tags=("same-weekday",)),
    case("move Ann Lee to this Thursday", "reschedule", name="Ann Lee", tgt=THU12, tags=("same-weekday",)),
    case("move Ann Lee to this Friday", "reschedule", name="Ann Lee", tgt=FRI6),
    case("move Ann Lee to Sunday", "reschedule", name="Ann Lee", tgt=SUN8),
    # `next Friday` = Friday of next week (documented choice).
    case("move Ann Lee to next Friday", "reschedule", name="Ann Lee", tgt=FRI13),
    case("move Ann Lee to next Thursday", "reschedule", name="Ann Lee", tgt=THU12, tags=("same-weekday",)),
    case(
        "move Ann Lee to next Friday",
        "reschedule",
        name="Ann Lee",
        now=MONDAY,
        tgt=W("2026-03-20T00:00-05:00", "2026-03-21T00:00-05:00"),
    ),
    case(
        "move Ann Lee to Monday",
        "reschedule",
        name="Ann Lee",
        now=MONDAY,
        tgt=MON16,
        tags=("same-weekday",),
    ),
    # Clock hours without am/pm follow clinic hours.
    case("move Ann Lee to Friday at 3", "reschedule", name="Ann Lee", tgt=X("2026-03-06T15:00-06:00")),
    case("move Ann Lee to Friday at 9", "reschedule", name="Ann Lee", tgt=X("2026-03-06T09:00-06:00")),
    case("move Ann Lee to Friday 2:30", "reschedule", name="Ann Lee", tgt=X("2026-03-06T14:30-06:00")),
    case("move Ann Lee to Friday at 7", "reschedule", name="Ann Lee", tgt=X("2026-03-06T07:00-06:00")),
    case("move Ann Lee to Friday at 12", "reschedule", name="Ann Lee", tgt=X("2026-03-06T12:00-06:00")),
    case("move Ann Lee to Friday at 6", "reschedule", name="Ann Lee", tgt=X("2026-03-06T18:00-06:00")),
    case("move Ann Lee to Friday at 11:45", "reschedule", name="Ann Lee", tgt=X("2026-03-06T11:45-06:00")),
    case("move Ann Lee to Friday half past two", "reschedule", name="Ann Lee", tgt=X("2026-03-06T14:30-06:00")),
    case("move Ann Lee to Friday quarter to 4", "reschedule", name="Ann Lee", tgt=X("2026-03-06T15:45-06:00")),
    case("move Ann Lee to Friday 16:30", "reschedule", name="Ann Lee", tgt=X("2026-03-06T16:30-06:00")),
    case("move Ann Lee to Friday at 8am", "reschedule", name="Ann Lee", tgt=X("2026-03-06T08:00-06:00")),
    case("move Ann Lee to Friday at 5 pm", "reschedule", name="Ann Lee", tgt=X("2026-03-06T17:00-06:00")),
    # Numeric dates follow the date order; no year = next on or after today.
    case("move Ann Lee to 3/12", "reschedule", name="Ann Lee", tgt=THU12),
    case(
        "move Ann Lee to 3/12",
        "reschedule",
        name="Ann Lee",
        order="DMY",
        tgt=W("2026-12-03T00:00-06:00", "2026-12-04T00:00-06:00"),
    ),
    case("move Ann Lee to 16/3", "reschedule", name="Ann Lee", order="DMY", tgt=MON16),
    case("move Ann Lee to 3/5", "reschedule", name="Ann Lee", tgt=THU5),
    case(
        "move Ann Lee to 3/4",
        "reschedule",
        name="Ann Lee",
        tgt=W("2027-03-04T00:00-06:00", "2027-03-05T00:00-06:00"),
    ),
    case(
        "move Ann Lee to March 2",
        "reschedule",
        name="Ann Lee",
        tgt=W("2027-03-02T00:00-06:00", "2027-03-03T00:00-06:00"),
    ),
    case("move Ann Lee to 3/16/2026", "reschedule", name="Ann Lee", tgt=MON16),
    # Birth dates, phones, references and Slack markup are never times.
    case("move Ann Lee DOB 3/16/1980 to Friday", "reschedule", name="Ann Lee", dob="1980-03-16", tgt=FRI6),
    case("move Ann Lee 555-201-3344 to Friday", "reschedule", name="Ann Lee", phone="5552013344", tgt=FRI6),
    case("move #1130 to Friday", "reschedule", ref="1130", tgt=FRI6),
    case("<@U0123> move Ann Lee to Friday", "reschedule", name="Ann Lee", tgt=FRI6),
    case("<#C0123|front-desk> move Ann Lee to Friday", "reschedule", name="Ann Lee", tgt=FRI6),
    case(":clock3: move Ann Lee to Friday :calendar:", "reschedule", name="Ann Lee", tgt=FRI6),
    # Formatting marks are stripped, the text inside read as usual.
    case("move *Ann Lee* to _Friday_ at *3pm*", "reschedule", name="Ann Lee", tgt=X("2026-03-06T15:00-06:00")),
    case("move Ann Lee to ~Friday~", "reschedule", name="Ann Lee", tgt=FRI6),
    # Misspellings and abbreviations.
    case("move Ann Lee to tomorow", "reschedule", name="Ann Lee", tgt=FRI6),
    case("move Ann Lee to wednsday", "reschedule", name="Ann Lee", tgt=WED11),
    case("move Ann Lee to tues", "reschedule", name="Ann Lee", tgt=TUE10),
    case(
        "move Ann Lee to sept 3",
        "reschedule",
        name="Ann Lee",
        tgt=W("2026-09-03T00:00-05:00", "2026-09-04T00:00-05:00"),
    ),
    # Ordinal day: next such day on or after today.
    case(
        "move Ann Lee to the 30th",
        "reschedule",
        name="Ann Lee",
        tgt=W("2026-03-30T00:00-05:00", "2026-03-31T00:00-05:00"),
    ),
    case("move Ann Lee to the 5th", "reschedule", name="Ann Lee", tgt=THU5),
    case(
        "move Ann Lee to the 3rd",
        "reschedule",
        name="Ann Lee",
        tgt=W("2026-04-03T00:00-05:00", "2026-04-04T00:00-05:00"),
    ),
    # A target with only a time is on the current appointment's date.
    case(
        "move her 3pm to 4:30",
        "reschedule",
        cur=X("2026-03-05T15:00-06:00"),
        tgt=X("2026-03-05T16:30-06:00"),
    ),
    case(
        "move her Tuesday 3pm to 4:30",
        "reschedule",
        cur=X("2026-03-10T15:00-05:00"),
        tgt=X("2026-03-10T16:30-05:00"),
    ),
    case(
        "move Ann Lee's Monday appointment to the afternoon",
        "reschedule",
        name="Ann Lee",
        cur=MON9,
        tgt=W("2026-03-09T12:00-05:00", "2026-03-09T17:00-05:00"),
    ),
    # Windows are not clipped to now.
    case(
        "move Ann Lee to this morning",
        "reschedule",
        name="Ann Lee",
        tgt=W("2026-03-05T08:00-06:00", "2026-03-05T12:00-06:00"),
    ),
    case("move Ann Lee to today", "reschedule", name="Ann Lee", tgt=THU5),
    # pt, patient and titles are not part of the name.
    case("move pt jones to Friday", "reschedule", name="jones", tgt=FRI6),
    case("move patient Ann Lee to Friday", "reschedule", name="Ann Lee", tgt=FRI6),
    case("move Mrs. Lee to Friday", "reschedule", name="Lee", tgt=FRI6),
    case("move Dr. Ann Lee to Friday", "reschedule", name="Ann Lee", tgt=FRI6),
    case("move Mr Lee's appt to Friday", "reschedule", name="Lee", tgt=FRI6),
    # Reason is for cancel only; `can't make it` is no reason.
    case("move Ann Lee to Friday, she's sick", "reschedule", name="Ann Lee", tgt=FRI6),
    case("Ann Lee can't make it tomorrow", "cancel", name="Ann Lee", cur=FRI6),
    case("cancel Ann Lee tomorrow, she's sick", "cancel", name="Ann Lee", cur=FRI6, reason="Sick"),
]

# ------------------------------------------------------------------ traps
TRAPS = [
    case("cancel Maria Lopez DOB 4/5/1980", "cancel", name="Maria Lopez", dob="1980-04-05"),
    case("cancel Maria Lopez, dob: 04/05/80", "cancel", name="Maria Lopez", dob="1980-04-05"),
    case("cancel Maria Lopez born 5 April 1980", "cancel", name="Maria Lopez", dob="1980-04-05"),
    case("cancel Maria Lopez (date of birth April 5, 1980)", "cancel", name="Maria Lopez", dob="1980-04-05"),
    case("cancel Maria Lopez 4/5/1980", "cancel", name="Maria Lopez", dob="1980-04-05"),
    case("cancel Maria Lopez DOB 05/04/1980", "cancel", name="Maria Lopez", dob="1980-04-05", order="DMY"),
    case("cancel Maria Lopez DOB 1980-04-05 tomorrow", "cancel", name="Maria Lopez", dob="1980-04-05", cur=FRI6),
    case("cancel Maria Lopez 555-201-3344", "cancel", name="Maria Lopez", phone="5552013344"),
    case("cancel Maria Lopez (555) 201-3344", "cancel", name="Maria Lopez", phone="5552013344"),
    case("cancel Maria Lopez 555.201.3344", "cancel", name="Maria Lopez", phone="5552013344"),
    case("cancel Maria Lopez +1 555 201 3344", "cancel", name="Maria Lopez", phone="+15552013344"),
    case("cancel Maria Lopez ph 201-3344", "cancel", name="Maria Lopez", phone="2013344"),
    case(
        "cancel Maria Lopez, phone 5552013344, tomorrow at 3",
        "cancel",
        name="Maria Lopez",
        phone="5552013344",
        cur=X("2026-03-06T15:00-06:00"),
    ),
    case("cancel #48213", "cancel", ref="48213"),
    case("cancel booking 48213", "cancel", ref="48213"),
    case("cancel booking #48213 at 3pm", "cancel", ref="48213", cur=X("2026-03-05T15:00-06:00")),
    case("cancel appt 10442 for Friday", "cancel", ref="10442", cur=FRI6),
    case(
        "cancel 9f1c2d3e-1234-4abc-9def-0123456789ab",
        "cancel",
        ref="9f1c2d3e-1234-4abc-9def-0123456789ab",
    ),
    case("<@U0123ABC> cancel pt Lee tomorrow", "cancel", name="Lee", cur=FRI6),
    case("cancel <#C0123|front-desk> pt Lee tomorrow", "cancel", name="Lee", cur=FRI6),
    case("cancel pt Lee :thumbsup: :1234:", "cancel", name="Lee"),
    case("cancel pt Lee tomorrow :clock10:", "cancel", name="Lee", cur=FRI6),
]

# ------------------------------------------------------------------ daylight saving and calendar edges
DST_AND_EDGES = [
    case(
        "move Tom Reed from tomorrow 9am to Monday 9am",
        "reschedule",
        name="Tom Reed",
        cur=X("2026-03-06T09:00-06:00"),
        tgt=X("2026-03-09T09:00-05:00"),
    ),
    case(
        "move Jo Kim from Friday 10am to Monday 10am",
        "reschedule",
        name="Jo Kim",
        now=CHI_NOV,
        cur=X("2026-10-30T10:00-05:00"),
        tgt=X("2026-11-02T10:00-06:00"),
    ),
    case(
        "cancel Jo Kim Sunday",
        "cancel",
        name="Jo Kim",
        now=CHI_NOV,
        cur=W("2026-11-01T00:00-05:00", "2026-11-02T00:00-06:00"),
    ),
    case(
        "move Jo Kim to next week",
        "reschedule",
        name="Jo Kim",
        now=CHI_NOV,
        tgt=W("2026-11-02T00:00-06:00", "2026-11-09T00:00-06:00"),
    ),
    case(
        "move Jo Kim to this week",
        "reschedule",
        name="Jo Kim",
        now=CHI_NOV,
        tgt=W("2026-10-29T00:00-05:00", "2026-11-02T00:00-06:00"),
    ),
    case(
        "move Anna Schmidt from Friday 3pm to Monday 3pm",
        "reschedule",
        name="Anna Schmidt",
        now=BER_MAR,
        tz=BER,
        order="DMY",
        cur=X("2026-03-27T15:00+01:00"),
        tgt=X("2026-03-30T15:00+02:00"),
    ),
    case(
        "move Anna Schmidt to 31/3 at 10",
        "reschedule",
        name="Anna Schmidt",
        now=BER_MAR,
        tz=BER,
        order="DMY",
        tgt=X("2026-03-31T10:00+02:00"),
    ),
    case(
        "cancel Anna Schmidt Sunday",
        "cancel",
        name="Anna Schmidt",
        now=BER_MAR,
        tz=BER,
        cur=W("2026-03-29T00:00+01:00", "2026-03-30T00:00+02:00"),
    ),
    case(
        "move Anna Schmidt asap",
        "reschedule",
        name="Anna Schmidt",
        now=BER_MAR,
        tz=BER,
        tgt=W("2026-03-26T09:00+01:00", None),
    ),
    case(
        "move Lukas Weber to next week",
        "reschedule",
        name="Lukas Weber",
        now=BER_OCT,
        tz=BER,
        tgt=W("2026-10-26T00:00+01:00", "2026-11-02T00:00+01:00"),
    ),
    case(
        "move Lukas Weber to this week",
        "reschedule",
        name="Lukas Weber",
        now=BER_OCT,
        tz=BER,
        tgt=W("2026-10-22T00:00+02:00", "2026-10-26T00:00+01:00"),
    ),
    case(
        "move Lukas Weber from tomorrow at 2pm to Monday morning",
        "reschedule",
        name="Lukas Weber",
        now=BER_OCT,
        tz=BER,
        cur=X("2026-10-23T14:00+02:00"),
        tgt=W("2026-10-26T08:00+01:00", "2026-10-26T12:00+01:00"),
    ),
    case(
        "cancel Lukas Weber Sunday",
        "cancel",
        name="Lukas Weber",
        now=BER_OCT,
        tz=BER,
        cur=W("2026-10-25T00:00+02:00", "2026-10-26T00:00+01:00"),
    ),
    # Year end (now Wednesday 2026-12-30).
    case(
        "move Pat Kelly to tomorrow",
        "reschedule",
        name="Pat Kelly",
        now=YEAR_END,
        tgt=W("2026-12-31T00:00-06:00", "2027-01-01T00:00-06:00"),
    ),
    case(
        "move Pat Kelly to Friday",
        "reschedule",
        name="Pat Kelly",
        now=YEAR_END,
        tgt=W("2027-01-01T00:00-06:00", "2027-01-02T00:00-06:00"),
    ),
    case(
        "move Pat Kelly to the 2nd",
        "reschedule",
        name="Pat Kelly",
        now=YEAR_END,
        tgt=W("2027-01-02T00:00-06:00", "2027-01-03T00:00-06:00"),
    ),
    case("move Pat Kelly to 1/4 at 9", "reschedule", name="Pat Kelly", now=YEAR_END, tgt=X("2027-01-04T09:00-06:00")),
    case(
        "move Pat Kelly to next week",
        "reschedule",
        name="Pat Kelly",
        now=YEAR_END,
        tgt=W("2027-01-04T00:00-06:00", "2027-01-11T00:00-06:00"),
    ),
    case(
        "move Pat Kelly to in 3 days",
        "reschedule",
        name="Pat Kelly",
        now=YEAR_END,
        tgt=W("2027-01-02T00:00-06:00", "2027-01-03T00:00-06:00"),
    ),
    case(
        "move Pat Kelly to Jan 5th at 10:30",
        "reschedule",
        name="Pat Kelly",
        now=YEAR_END,
        tgt=X("2027-01-05T10:30-06:00"),
    ),
    # Month end (now Saturday 2026-01-31).
    case(
        "move Pat Kelly to tomorrow",
        "reschedule",
        name="Pat Kelly",
        now=MONTH_END,
        tgt=W("2026-02-01T00:00-06:00", "2026-02-02T00:00-06:00"),
    ),
    case(
        "move Pat Kelly to Monday",
        "reschedule",
        name="Pat Kelly",
        now=MONTH_END,
        tgt=W("2026-02-02T00:00-06:00", "2026-02-03T00:00-06:00"),
    ),
    case(
        "move Pat Kelly to the 30th",
        "reschedule",
        name="Pat Kelly",
        now=MONTH_END,
        tgt=W("2026-03-30T00:00-05:00", "2026-03-31T00:00-05:00"),
    ),
    case(
        "move Pat Kelly to the 31st",
        "reschedule",
        name="Pat Kelly",
        now=MONTH_END,
        tgt=W("2026-01-31T00:00-06:00", "2026-02-01T00:00-06:00"),
    ),
    case(
        "move Pat Kelly to this week",
        "reschedule",
        name="Pat Kelly",
        now=MONTH_END,
        tgt=W("2026-01-31T00:00-06:00", "2026-02-02T00:00-06:00"),
    ),
]
