"""Requests typed in UK, Irish, German, Australian and New Zealand clinics: DMY dates, their own DST dates,
local phone formats and words."""

from ._dsl import ASAP, R, X, after, afternoon, at, before, day, days, hours, morning, week
from .clinics import (
    AKL_SAT,
    BER_FRI_DST_END,
    BNE_TUE_YEAR_END,
    DUB_MON,
    LON_THU_BST,
    LON_WED,
    MEL_THU_DST_START,
    PER_FRI,
    SYD_MON,
    SYD_WED_DST_END,
)

# The cases are a table, laid out by hand (one case per line group): the formatter leaves it as written.
# fmt: off
FB, CW, SICK, COVID, AWAY, WORK, OTHER = (
    "Feeling Better", "Condition Worse", "Sick", "COVID-19 related", "Away", "Work", "Other")

c = LON_THU_BST  # Thu 26/3/2026 GMT: fri 27/3 sun 29/3 (BST from 01:00) mon 30/3 tue 31/3 wed 1/4 thu 2/4
CASES = [
    R(c, "rg-001", "move Oliver Twist from fri 9am to mon 9am", name="Oliver Twist",
      cur=at("2026-03-27", "09:00", "fri"),
      tgt=at("2026-03-30", "09:00", "mon"), tags=("dmy", "dst")),
    R(c, "rg-002", "resched oliver twist to 31/3 at 14:00", name="oliver twist", tgt=at("2026-03-31", "14:00", "tue"),
      tags=("dmy", "24h", "dst")),
    X(c, "rg-003", "cancel Oliver Twist 30/03 10:30, he's on holiday", name="Oliver Twist",
      cur=at("2026-03-30", "10:30", "mon"), reason=AWAY, tags=("dmy", "dst")),
    R(c, "rg-004", "Mrs Hudson: move to next week please", name="Hudson", tgt=week("2026-03-30"),
      tags=("dmy", "title", "colon", "week", "dst")),
    X(c, "rg-005", "cancel mrs hudson's appt on 2/4, feeling poorly", name="hudson", cur=day("2026-04-02", "thu"),
      reason=SICK, tags=("dmy", "title", "possessive", "regional-word")),
    R(c, "rg-006", "hudson, martha — resched 1/4 16:30 → 7/4 16:30", name="hudson, martha",
      cur=at("2026-04-01", "16:30", "wed"), tgt=at("2026-04-07", "16:30", "tue"),
      tags=("dmy", "surname-first", "24h", "arrow")),
    R(c, "rg-007", "move Oliver Twist, DOB 05/04/1980, to thursday afternoon", name="Oliver Twist", dob="1980-04-05",
      tgt=afternoon("2026-04-02", "thu"), ids=("05/04/1980",), tags=("dmy", "dob")),
    X(c, "rg-008", "cancel Oliver Twist tmrw, ph 07700 900461", name="Oliver Twist", phone="07700900461",
      cur=day("2026-03-27", "fri"), ids=("07700 900461",), tags=("dmy", "phone")),
    R(c, "rg-009", "move Martha Hudson to sunday 11", name="Martha Hudson", tgt=at("2026-03-29", "11:00", "sun"),
      tags=("dmy", "dst")),
    R(c, "rg-010", "resched martha hudson this week", name="martha hudson", tgt=days("2026-03-26", "2026-03-30"),
      tags=("dmy", "week", "dst")),
]

c = BER_FRI_DST_END  # Fri 23/10/2026 CEST: sat 24/10 sun 25/10 (CET from 03:00) mon 26/10 tue 27/10 wed 28/10
CASES += [
    R(c, "rg-011", "move Jonas Becker from Monday 8:30 to Tuesday 8:30", name="Jonas Becker",
      cur=at("2026-10-26", "08:30", "mon"), tgt=at("2026-10-27", "08:30", "tue"), tags=("dmy", "dst")),
    X(c, "rg-012", "cancel Jonas Becker 26.10. 09:00, sick", name="Jonas Becker", cur=at("2026-10-26", "09:00", "mon"),
      reason=SICK, tags=("dmy", "dotted-date", "24h", "dst")),
    R(c, "rg-013", "resched jonas becker to 30.10.2026 at 15:00", name="jonas becker",
      tgt=at("2026-10-30", "15:00", "fri"), tags=("dmy", "dotted-date", "24h")),
    X(c, "rg-014", "cancel Jonas Becker, DOB 24.10.1975, tomorrow", name="Jonas Becker", dob="1975-10-24",
      cur=day("2026-10-24", "sat"), ids=("24.10.1975",), tags=("dmy", "dob", "dob-like-appt")),
    R(c, "rg-015", "Dr. Weber's patient Lena Vogel: move from 28/10 to 4/11 morning", name="Lena Vogel",
      cur=day("2026-10-28", "wed"), tgt=morning("2026-11-04", "wed"), tags=("dmy", "provider")),
    X(c, "rg-016", "lena vogel +49 30 901820 cancel next week, away", name="lena vogel", phone="+4930901820",
      cur=week("2026-10-26"), reason=AWAY, ids=("+49 30 901820",), tags=("dmy", "phone", "plus", "week", "dst")),
]

c = SYD_WED_DST_END  # Wed 1/4/2026 AEDT: thu 2/4 fri 3/4 sat 4/4 sun 5/4 (AEST from 03:00) mon 6/4 tue 7/4
CASES += [
    R(c, "rg-017", "move Jack Wilson from fri 3/4 10am to mon 6/4 10am", name="Jack Wilson",
      cur=at("2026-04-03", "10:00", "fri"), tgt=at("2026-04-06", "10:00", "mon"), tags=("dmy", "dst")),
    X(c, "rg-018", "cxl jack wilson tomorrow arvo, he's crook", name="jack wilson", cur=afternoon("2026-04-02", "thu"),
      reason=SICK, tags=("dmy", "regional-word")),
    R(c, "rg-019", "jack wilson r/s to next week pls", name="jack wilson", tgt=week("2026-04-06"),
      tags=("dmy", "week", "dst", "abbrev")),
    X(c, "rg-020", "Cancel Jack Wilson 0412 345 678 on 7/4, work", name="Jack Wilson", phone="0412345678",
      cur=day("2026-04-07", "tue"), reason=WORK, ids=("0412 345 678",), tags=("dmy", "phone")),
    R(c, "rg-021", "move charlotte brown to 10/4 at 2", name="charlotte brown", tgt=at("2026-04-10", "14:00", "fri"),
      tags=("dmy", "clinic-hours")),
    R(c, "rg-022", "Charlotte Brown DOB 12/03/1991 — move her thursday appt to saturday 9am", name="Charlotte Brown",
      dob="1991-03-12", cur=day("2026-04-02", "thu"), tgt=at("2026-04-04", "09:00", "sat"), ids=("12/03/1991",),
      tags=("dmy", "dob")),
    X(c, "rg-023", "cancel charlotte brown sunday, covid positive", name="charlotte brown",
      cur=day("2026-04-05", "sun"), reason=COVID, tags=("dmy", "dst")),
    R(c, "rg-024", "charlotte brown — earliest available pls", name="charlotte brown", tgt=ASAP,
      tags=("dmy", "asap", "no-verb")),
]

c = MEL_THU_DST_START  # Thu 1/10/2026 AEST: fri 2/10 sun 4/10 (AEDT from 02:00) mon 5/10 tue 6/10 thu 8/10
CASES += [
    R(c, "rg-025", "move Liam Nguyen to 5/10 at 10am", name="Liam Nguyen", tgt=at("2026-10-05", "10:00", "mon"),
      tags=("dmy", "dst")),
    R(c, "rg-026", "resched liam nguyen from tmrw 4pm to mon 4pm", name="liam nguyen",
      cur=at("2026-10-02", "16:00", "fri"), tgt=at("2026-10-05", "16:00", "mon"), tags=("dmy", "dst")),
    X(c, "rg-027", "cancel Liam Nguyen on the 6th, on holidays", name="Liam Nguyen", cur=day("2026-10-06", "tue"),
      reason=AWAY, tags=("dmy", "ordinal")),
    R(c, "rg-028", "Nguyen, Liam - DOB 01/10/1988 - move to next thurs", name="Nguyen, Liam", dob="1988-10-01",
      tgt=day("2026-10-08", "thu"), alt={"tgt": [day("2026-10-15", "thu")]}, ids=("01/10/1988",),
      tags=("dmy", "surname-first", "dob", "dob-like-today", "next-weekday")),
    X(c, "rg-029", "liam nguyen sunday 4/10 cancel pls – feeling better", name="liam nguyen",
      cur=day("2026-10-04", "sun"), reason=FB, tags=("dmy", "dst")),
]

c = DUB_MON  # Mon 8/6/2026 IST: tue 9/6 wed 10/6 thu 11/6 fri 12/6 mon 15/6; next week 15/6
CASES += [
    X(c, "rg-030", "cancel Siobhan Murphy tomorrow 11:30, she's sick", name="Siobhan Murphy",
      cur=at("2026-06-09", "11:30", "tue"), reason=SICK, tags=("dmy",)),
    R(c, "rg-031", "move siobhan murphy to 12/6 between 2 and 4", name="siobhan murphy",
      tgt=hours("2026-06-12", "14:00", "16:00", "fri"), tags=("dmy", "range")),
    R(c, "rg-032", "Siobhan Murphy +353 87 123 4567 resched wed → fri", name="Siobhan Murphy", phone="+353871234567",
      cur=day("2026-06-10", "wed"), tgt=day("2026-06-12", "fri"), ids=("+353 87 123 4567",),
      tags=("dmy", "phone", "plus", "arrow")),
    R(c, "rg-033", "move Ms Siobhan Murphy to the 19th", name="Siobhan Murphy", tgt=day("2026-06-19", "fri"),
      tags=("dmy", "title", "ordinal")),
    X(c, "rg-034", "cancel Conor Byrne 15/06 9:15 - his condition got worse", name="Conor Byrne",
      cur=at("2026-06-15", "09:15", "mon"), reason=CW, tags=("dmy",)),
]

c = BNE_TUE_YEAR_END  # Tue 29/12/2026 AEST (no DST): wed 30/12 thu 31/12 fri 1/1/2027 mon 4/1; next week 4/1
CASES += [
    R(c, "rg-035", "move Ruby Taylor to 4/1 at 9", name="Ruby Taylor", tgt=at("2027-01-04", "09:00", "mon"),
      tags=("dmy", "year-end")),
    R(c, "rg-036", "ruby taylor resched from 31/12 to 2/1", name="ruby taylor", cur=day("2026-12-31", "thu"),
      tgt=day("2027-01-02", "sat"), tags=("dmy", "year-end")),
    X(c, "rg-037", "cancel ruby taylor next week, away over new year", name="ruby taylor", cur=week("2027-01-04"),
      reason=AWAY, tags=("dmy", "year-end", "week")),
    X(c, "rg-038", "cancel Ruby Taylor 30/12 2:30pm. reason: car broke down", name="Ruby Taylor",
      cur=at("2026-12-30", "14:30", "wed"), reason=OTHER, tags=("dmy", "year-end")),
]

c = LON_WED  # Wed 14/1/2026 GMT: thu 15/1 fri 16/1 mon 19/1 tue 20/1
CASES += [
    R(c, "rg-039", "move Arthur Dent from 15/01 to 12/02", name="Arthur Dent", cur=day("2026-01-15", "thu"),
      tgt=day("2026-02-12", "thu"), tags=("dmy",)),
    R(c, "rg-040", "arthur dent's 10:00 on fri → 17:15 on mon", name="arthur dent",
      cur=at("2026-01-16", "10:00", "fri"),
      tgt=at("2026-01-19", "17:15", "mon"), tags=("dmy", "24h", "possessive", "arrow")),
    X(c, "rg-041", "cancel arthur dent 20 jan, work commitments", name="arthur dent", cur=day("2026-01-20", "tue"),
      reason=WORK, tags=("dmy", "month-name")),
    R(c, "rg-042", "Arthur Dent, DOB 11/03/1978, resched to 3rd Feb at 11", name="Arthur Dent", dob="1978-03-11",
      tgt=at("2026-02-03", "11:00", "tue"), ids=("11/03/1978",), tags=("dmy", "dob", "month-name")),
    R(c, "rg-043", "move Ford Prefect to 20/1 before 10", name="Ford Prefect", tgt=before("2026-01-20", "10:00", "tue"),
      tags=("dmy", "range")),
]

c = PER_FRI  # Fri 29/5/2026 AWST: sat 30/5 mon 1/6 tue 2/6 wed 3/6 fri 5/6
CASES += [
    R(c, "rg-044", "move Isla Roberts to 1/6 morning", name="Isla Roberts", tgt=morning("2026-06-01", "mon"),
      tags=("dmy", "part-of-day")),
    X(c, "rg-045", "cancel isla roberts tues, she's interstate", name="isla roberts", cur=day("2026-06-02", "tue"),
      reason=AWAY, tags=("dmy", "regional-word")),
    R(c, "rg-046", "isla roberts: from 3/6 at 3 to 5/6 at 3", name="isla roberts", cur=at("2026-06-03", "15:00", "wed"),
      tgt=at("2026-06-05", "15:00", "fri"), tags=("dmy", "colon", "no-verb")),
]

c = AKL_SAT  # Sat 15/8/2026 NZST: mon 17/8 tue 18/8
CASES += [
    R(c, "rg-047", "move Aroha Ngata from mon 10am to tue 2pm", name="Aroha Ngata",
      cur=at("2026-08-17", "10:00", "mon"),
      tgt=at("2026-08-18", "14:00", "tue"), tags=("dmy",)),
    X(c, "rg-048", "cancel aroha ngata 18/8, covid", name="aroha ngata", cur=day("2026-08-18", "tue"), reason=COVID,
      tags=("dmy",)),
]

c = SYD_MON  # Mon 16/2/2026 AEDT: tue 17/2 thu 19/2 fri 20/2; next week 23/2
CASES += [
    R(c, "rg-049", "move Noah Smith to the 2nd", name="Noah Smith", tgt=day("2026-03-02", "mon"),
      tags=("dmy", "ordinal")),
    R(c, "rg-050", "noah smith resched 17/2 9:45 → 19/2 9:45", name="noah smith", cur=at("2026-02-17", "09:45", "tue"),
      tgt=at("2026-02-19", "09:45", "thu"), tags=("dmy", "arrow")),
    X(c, "rg-051", "cancel noah smith 20/02, feeling heaps better", name="noah smith", cur=day("2026-02-20", "fri"),
      reason=FB, tags=("dmy", "regional-word")),
    X(c, "rg-052", "Noah Smith (DOB 3/2/2001) cancel tmrw, feeling better", name="Noah Smith", dob="2001-02-03",
      cur=day("2026-02-17", "tue"), reason=FB, ids=("3/2/2001",), tags=("dmy", "dob")),
    R(c, "rg-053", "move noah smith to 13/3 after 2pm", name="noah smith", tgt=after("2026-03-13", "14:00", "fri"),
      tags=("dmy", "range")),
    R(c, "rg-054", "move noah smith to 5/3", name="noah smith", tgt=day("2026-03-05", "thu"), tags=("dmy",)),
]
# fmt: on
