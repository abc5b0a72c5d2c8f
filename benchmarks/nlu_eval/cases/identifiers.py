"""Birth dates, phones, booking references and Slack markup beside times (never times), and dates and
four-digit times that must not become identifiers."""

from ._dsl import R, X, afternoon, at, day, week
from .clinics import (
    CHI_MON,
    CHI_SAT_FALLBACK,
    CHI_WED,
    DEN_YEAR_END,
    HNL_TUE,
    LA_MON,
    LA_THU,
    NY_FRI,
    NY_MON,
    NY_THU,
    PHX_SUN,
)

# The cases are a table, laid out by hand (one case per line group): the formatter leaves it as written.
# fmt: off
FB, CW, SICK, COVID, AWAY, WORK = "Feeling Better", "Condition Worse", "Sick", "COVID-19 related", "Away", "Work"

c = CHI_WED  # Wed 3/4/2026: thu 3/5 fri 3/6
CASES = [
    R(c, "id-001", "resched pt DOB 3/4/1975 maria lopez to fri 2pm", name="maria lopez", dob="1975-03-04",
      tgt=at("2026-03-06", "14:00", "fri"), ids=("3/4/1975",), tags=("dob", "dob-like-today")),
    X(c, "id-002", "cxl john smith 555-123-4567 tmrw 9am", name="john smith", phone="5551234567",
      cur=at("2026-03-05", "09:00", "thu"), ids=("555-123-4567",), tags=("phone",)),
    R(c, "id-003", "move booking #1430 to thurs at 10", ref="1430", tgt=at("2026-03-05", "10:00", "thu"),
      ids=("#1430",), tags=("ref", "ref-like-time")),
    R(c, "id-004", "ref 0915 - move to fri afternoon", ref="0915", tgt=afternoon("2026-03-06", "fri"), ids=("0915",),
      tags=("ref", "ref-like-time")),
    X(c, "id-005", "appt #2230 cancel, pt sick", ref="2230", reason=SICK, ids=("#2230",),
      tags=("ref", "ref-like-time", "patient-in-reason")),
    R(c, "id-031", "<@U07BOT123> resched *Maria Lopez* to fri 2pm", name="Maria Lopez",
      tgt=at("2026-03-06", "14:00", "fri"), ids=("<@U07BOT123>",), tags=("markup",)),
    X(c, "id-032", "<#C0123|front-desk> cxl smith tmrw :thumbsup:", name="smith", cur=day("2026-03-05", "thu"),
      ids=("<#C0123|front-desk>",), tags=("markup",)),
    X(c, "id-044", "cxl 3/12 appt for jones", name="jones", cur=day("2026-03-12", "thu"), tags=("date-not-id",)),
    R(c, "id-045", "move smith from 2026-03-10 to 2026-03-12", name="smith", cur=day("2026-03-10", "tue"),
      tgt=day("2026-03-12", "thu"), tags=("date-not-id", "iso-date")),
    R(c, "id-046", "resched smith 3/10/26 to 3/12/26 2pm", name="smith", cur=day("2026-03-10", "tue"),
      tgt=at("2026-03-12", "14:00", "thu"), tags=("date-not-id", "two-digit-year")),
]

c = NY_FRI  # Fri 3/6/2026 EST: mon 3/9 (EDT) tue 3/10 wed 3/11 thu 3/12 fri 3/13
CASES += [
    R(c, "id-006", "Maria Lopez (dob 12/11/1990) wants 3/11 at 11, please move her", name="Maria Lopez",
      dob="1990-12-11", tgt=at("2026-03-11", "11:00", "wed"), ids=("12/11/1990",), tags=("dob",)),
    X(c, "id-007", "cancel Anna Kim, DOB 07/14/1962, phone (312) 555-0199, appt Tues 1:45, sick", name="Anna Kim",
      dob="1962-07-14", phone="3125550199", cur=at("2026-03-10", "13:45", "tue"), reason=SICK,
      ids=("07/14/1962", "(312) 555-0199"), tags=("dob", "phone")),
    R(c, "id-008", "move anna kim born 5 April 1980 to wed 9am", name="anna kim", dob="1980-04-05",
      tgt=at("2026-03-11", "09:00", "wed"), ids=("5 April 1980",), tags=("dob", "dob-words")),
    R(c, "id-009", "anna kim d.o.b. 1975-11-02 resched from thu to fri", name="anna kim", dob="1975-11-02",
      cur=day("2026-03-12", "thu"), tgt=day("2026-03-13", "fri"), ids=("1975-11-02",), tags=("dob", "iso-date")),
    X(c, "id-047", "cancel Anna Kim's 03/10/2026 appointment at 4:00 PM", name="Anna Kim",
      cur=at("2026-03-10", "16:00", "tue"), tags=("date-not-id", "possessive")),
]

c = NY_MON  # Mon 3/9/2026 07:50 EDT: tue 3/10 wed 3/11 thu 3/12 fri 3/13; next week 3/16
CASES += [
    X(c, "id-010", "cancel pt DOB 2/29/1964 last name Ortiz for tmrw", name="Ortiz", dob="1964-02-29",
      cur=day("2026-03-10", "tue"), ids=("2/29/1964",), tags=("dob", "leap-day")),
    R(c, "id-011", "resched +1 (646) 555-0187 Ben Stone to thurs 3:30", name="Ben Stone", phone="+16465550187",
      tgt=at("2026-03-12", "15:30", "thu"), ids=("+1 (646) 555-0187",), tags=("phone", "plus")),
    R(c, "id-012", "call back 555-0142 re: moving her to 4:15 tomorrow — Carla Reyes", name="Carla Reyes",
      phone="5550142", tgt=at("2026-03-10", "16:15", "tue"), ids=("555-0142",), tags=("phone", "name-last")),
    X(c, "id-013", "booking 3f2b8c1e-9a4d-4e6b-8f0a-2c7d5e1b9a34 cancel please, patient feeling better",
      ref="3f2b8c1e-9a4d-4e6b-8f0a-2c7d5e1b9a34", reason=FB, ids=("3f2b8c1e-9a4d-4e6b-8f0a-2c7d5e1b9a34",),
      tags=("ref", "uuid", "patient-in-reason")),
    R(c, "id-014", "conf #A7K2Q — move to next week", ref="A7K2Q", tgt=week("2026-03-16"), ids=("#A7K2Q",),
      tags=("ref", "week")),
    R(c, "id-015", "ref: BK-20260312 resched to 3/13 10am", ref="BK-20260312", tgt=at("2026-03-13", "10:00", "fri"),
      ids=("BK-20260312",), tags=("ref", "ref-like-date")),
    R(c, "id-035", "<@U0BOT1> <@U0456DEF> says pt carla reyes needs to move to wed 11", name="carla reyes",
      tgt=at("2026-03-11", "11:00", "wed"), ids=("<@U0BOT1>", "<@U0456DEF>"), tags=("markup", "pt-prefix")),
    X(c, "id-036", "cancel carla reyes :clock3: 3/12 — *sick*", name="carla reyes", cur=day("2026-03-12", "thu"),
      reason=SICK, ids=(":clock3:",), tags=("markup", "emoji")),
]

c = LA_MON  # Mon 6/15/2026 PDT: wed 6/17 thu 6/18 fri 6/19 mon 6/22
CASES += [
    X(c, "id-016", "cancel the appt for dob 6/18/1971, Tom Hardy, on 6/18 at 10", name="Tom Hardy", dob="1971-06-18",
      cur=at("2026-06-18", "10:00", "thu"), ids=("6/18/1971",), tags=("dob", "dob-like-appt")),
    R(c, "id-017", "Tom Hardy 818.555.0123 wants to move fri 11 → mon 11", name="Tom Hardy", phone="8185550123",
      cur=at("2026-06-19", "11:00", "fri"), tgt=at("2026-06-22", "11:00", "mon"), ids=("818.555.0123",),
      tags=("phone", "arrow")),
    R(c, "id-018", "move Tom Hardy (MRN 00451920) to thursday at 2", name="Tom Hardy",
      tgt=at("2026-06-18", "14:00", "thu"), ids=("00451920",), tags=("mrn",)),
    X(c, "id-019", "pt phone 310 555 0142 dob 1/2/1985 cancel wed, away", phone="3105550142", dob="1985-01-02",
      cur=day("2026-06-17", "wed"), reason=AWAY, ids=("310 555 0142", "1/2/1985"), tags=("phone", "dob", "no-name")),
    X(c, "id-048", "tom hardy appt 6/17 10:00 cxl, work", name="tom hardy", cur=at("2026-06-17", "10:00", "wed"),
      reason=WORK, tags=("date-not-id",)),
]

c = CHI_MON  # Mon 4/27/2026 CDT: tue 4/28 fri 5/1 mon 5/4 tue 5/5
CASES += [
    X(c, "id-020", "cancel appointment #48213 (Tues 4/28 3pm), feeling better", ref="48213",
      cur=at("2026-04-28", "15:00", "tue"), reason=FB, ids=("#48213",), tags=("ref",)),
    R(c, "id-021", "appt ref 771204 for jane doe — r/s to 5/4 9:30", name="jane doe", ref="771204",
      tgt=at("2026-05-04", "09:30", "mon"), ids=("771204",), tags=("ref", "ref-like-date")),
    R(c, "id-022", "move jane doe, dob 04/27/1990, from today 2pm to tmrw 2pm", name="jane doe", dob="1990-04-27",
      cur=at("2026-04-27", "14:00", "mon"), tgt=at("2026-04-28", "14:00", "tue"), ids=("04/27/1990",),
      tags=("dob", "dob-like-today")),
    R(c, "id-023", "jane doe dob 4-5-80 move to fri at 10", name="jane doe", dob="1980-04-05",
      tgt=at("2026-05-01", "10:00", "fri"), ids=("4-5-80",), tags=("dob", "two-digit-year")),
    R(c, "id-038", "move jane doe to fri 1430", name="jane doe", tgt=at("2026-05-01", "14:30", "fri"),
      tags=("24h", "four-digit-time")),
    X(c, "id-039", "cancel jane doe tmrw 0930", name="jane doe", cur=at("2026-04-28", "09:30", "tue"),
      tags=("24h", "four-digit-time")),
    R(c, "id-040", "move jane doe to 5/5 at 1600 hrs", name="jane doe", tgt=at("2026-05-05", "16:00", "tue"),
      tags=("24h", "four-digit-time")),
]

c = NY_THU  # Thu 11/19/2026 EST: fri 11/20 tue 11/24 wed 11/25 thu 11/26
CASES += [
    X(c, "id-024", "cxl appt for DOB 11/20/1948 (Walter White) tmrw 10am, condition worse", name="Walter White",
      dob="1948-11-20", cur=at("2026-11-20", "10:00", "fri"), reason=CW, ids=("11/20/1948",),
      tags=("dob", "dob-like-appt", "name-in-parens")),
    R(c, "id-025", "walter white 505-555-0143 resched 11/24 at 1 to 11/25 at 1", name="walter white",
      phone="5055550143", cur=at("2026-11-24", "13:00", "tue"), tgt=at("2026-11-25", "13:00", "wed"),
      ids=("505-555-0143",), tags=("phone",)),
    R(c, "id-026", "move Walter White, booking ref 1125, to 11/30 9am", name="Walter White", ref="1125",
      tgt=at("2026-11-30", "09:00", "mon"), ids=("1125",), tags=("ref", "ref-like-date")),
    R(c, "id-042", "walter white 13:15 thurs → 09:00 fri", name="walter white", cur=at("2026-11-26", "13:15", "thu"),
      tgt=at("2026-11-20", "09:00", "fri"), tags=("24h", "arrow", "no-verb")),
    R(c, "id-043", "move Walter White to 12/02 at 17:45", name="Walter White", tgt=at("2026-12-02", "17:45", "wed"),
      tags=("24h",)),
]

c = DEN_YEAR_END  # Tue 12/30/2025 MST: wed 12/31 fri 1/2/2026
CASES += [
    X(c, "id-027", "cancel Skyler White DOB 12/31/1970 tmrw 3pm, away", name="Skyler White", dob="1970-12-31",
      cur=at("2025-12-31", "15:00", "wed"), reason=AWAY, ids=("12/31/1970",), tags=("dob", "dob-like-appt")),
    R(c, "id-028", "resched skyler white ph 720-555-0110 to jan 2 at 8", name="skyler white", phone="7205550110",
      tgt=at("2026-01-02", "08:00", "fri"), ids=("720-555-0110",), tags=("phone", "year-end")),
]

c = CHI_SAT_FALLBACK  # Sat 10/31/2026: sun 11/1 (CST from 2am) mon 11/2 tue 11/3
CASES += [
    X(c, "id-029", "cancel #1101 (sun 11/1 10am) – pt has covid", ref="1101", cur=at("2026-11-01", "10:00", "sun"),
      reason=COVID, ids=("#1101",), tags=("ref", "ref-like-date", "dst")),
    R(c, "id-030", "Hank Schrader, DOB 3/14/1966, tel 312-555-0176: move from mon 9 to tue 9", name="Hank Schrader",
      dob="1966-03-14", phone="3125550176", cur=at("2026-11-02", "09:00", "mon"), tgt=at("2026-11-03", "09:00", "tue"),
      ids=("3/14/1966", "312-555-0176"), tags=("dob", "phone", "dst")),
]

c = LA_THU  # Thu 5/14/2026 PDT: fri 5/15 mon 5/18
CASES += [
    R(c, "id-033", "hey <@U02AB3CD4> can you _reschedule_ *dwight schrute* to monday 10am :pray:",
      name="dwight schrute", tgt=at("2026-05-18", "10:00", "mon"), ids=("<@U02AB3CD4>",), tags=("markup",)),
    X(c, "id-034", "*CANCEL* xavier rudd tmrw :face_with_thermometer: sick", name="xavier rudd",
      cur=day("2026-05-15", "fri"), reason=SICK, ids=(":face_with_thermometer:",), tags=("markup", "emoji")),
]

c = PHX_SUN  # Sun 2/1/2026 MST: mon 2/2 wed 2/4 thu 2/5
CASES += [
    X(c, "id-049", "cancel quinn fabray, cell 602.555.0139, tmrw at 10, work", name="quinn fabray",
      phone="6025550139", cur=at("2026-02-02", "10:00", "mon"), reason=WORK, ids=("602.555.0139",), tags=("phone",)),
    R(c, "id-050", "quinn fabray 6025550139 move wed to thu", name="quinn fabray", phone="6025550139",
      cur=day("2026-02-04", "wed"), tgt=day("2026-02-05", "thu"), ids=("6025550139",), tags=("phone",)),
]

c = HNL_TUE  # Tue 9/29/2026 HST: wed 9/30 mon 10/5
CASES += [
    R(c, "id-051", "Keoni Kahale appt# 930 → move to 10/5 at 9:30", name="Keoni Kahale", ref="930",
      tgt=at("2026-10-05", "09:30", "mon"), ids=("appt# 930",), tags=("ref", "ref-like-time")),
    X(c, "id-052", "cancel keoni kahale dob 9/30/1959 tmrw, sick", name="keoni kahale", dob="1959-09-30",
      cur=day("2026-09-30", "wed"), reason=SICK, ids=("9/30/1959",), tags=("dob", "dob-like-appt")),
]
# fmt: on
