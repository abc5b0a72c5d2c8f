"""Cancel requests typed in US clinics (MDY): reasons (also with 'patient' inside them), no reason, traps."""

from ._dsl import R, X, afternoon, at, day, days, week
from .clinics import (
    CHI_FRI_MONTH_END,
    CHI_MON,
    CHI_MONTH_END,
    CHI_SAT_FALLBACK,
    CHI_TUE_EARLY,
    CHI_WED,
    DEN_WED,
    DEN_YEAR_END,
    HNL_TUE,
    LA_MON,
    LA_THU,
    NY_FRI,
    NY_MON,
    NY_NYE,
    NY_SUN_EVENING,
    NY_THU,
    PHX_SUN,
)

# The cases are a table, laid out by hand (one case per line group): the formatter leaves it as written.
# fmt: off
FB, CW, SICK, COVID, AWAY, WORK, OTHER = (
    "Feeling Better", "Condition Worse", "Sick", "COVID-19 related", "Away", "Work", "Other")

c = CHI_WED  # Wed 3/4/2026: thu 3/5 fri 3/6 sun 3/8 (DST) mon 3/9 tue 3/10
CASES = [
    X(c, "cx-001", "/cancel john smith tmrw, feeling better", name="john smith", cur=day("2026-03-05", "thu"),
      reason=FB, tags=("abbrev",)),
    X(c, "cx-002", "cxl maria lopez fri 2pm - pt is sick", name="maria lopez", cur=at("2026-03-06", "14:00", "fri"),
      reason=SICK, tags=("abbrev", "patient-in-reason")),
    X(c, "cx-003", "please cancel Mrs. Nguyen's appointment on Tuesday, she tested positive for covid", name="Nguyen",
      cur=day("2026-03-10", "tue"), reason=COVID, tags=("title", "possessive")),
    X(c, "cx-004", "cancel jones tmrw, patient feeling better", name="jones", cur=day("2026-03-05", "thu"), reason=FB,
      tags=("patient-in-reason",)),
    X(c, "cx-005", "cancel pt smith - reason: patient sick", name="smith", reason=SICK,
      tags=("pt-prefix", "patient-in-reason")),
    X(c, "cx-006", "Cancel Lee Fri. Patient's car broke down.", name="Lee", cur=day("2026-03-06", "fri"), reason=OTHER,
      tags=("patient-in-reason", "multi-sentence")),
    X(c, "cx-007", "cancel Rosa Diaz thurs 10am, she'll be out of town", name="Rosa Diaz",
      cur=at("2026-03-05", "10:00", "thu"), reason=AWAY),
    X(c, "cx-008", "rosa diaz cxl mon — work conflict", name="rosa diaz", cur=day("2026-03-09", "mon"), reason=WORK,
      tags=("abbrev", "dst")),
    X(c, "cx-009", "cancel rosa diaz's 3:15 on 3/10, pain got worse, going to ER instead", name="rosa diaz",
      cur=at("2026-03-10", "15:15", "tue"), reason=CW, tags=("possessive", "numeric-date")),
    X(c, "cx-010", "pt can't make it tmrw, pls cancel. name is Gary Oak", name="Gary Oak", cur=day("2026-03-05", "thu"),
      tags=("cant-make-it", "name-last")),
    X(c, "cx-011", "Gary Oak cancelling his appt on friday", name="Gary Oak", cur=day("2026-03-06", "fri")),
    X(c, "cx-012", "cancel gary oak", name="gary oak", tags=("short",)),
    X(c, "cx-013", "Please cancel the appointment for Helen Troy next Tuesday. No reason given.", name="Helen Troy",
      cur=day("2026-03-10", "tue"), alt={"cur": [day("2026-03-17", "tue")]},
      tags=("next-weekday", "no-reason", "multi-sentence")),
    X(c, "cx-014", "cancel helen troy 3/9 9am; she's on vacation", name="helen troy",
      cur=at("2026-03-09", "09:00", "mon"), reason=AWAY, tags=("dst", "numeric-date")),
    X(c, "cx-015", "cancel helen troy sunday, has the flu", name="helen troy", cur=day("2026-03-08", "sun"),
      reason=SICK, tags=("dst",)),
    X(c, "cx-064", "can you cancel john smith's appt tomorrow?", name="john smith", cur=day("2026-03-05", "thu"),
      tags=("question-request", "possessive")),
    X(c, "cx-065", "Hi! Could you please cancel Dr. Alvarez's 2pm patient, Beth Moore, for Friday? She's got a cold.",
      name="Beth Moore", cur=at("2026-03-06", "14:00", "fri"), reason=SICK,
      tags=("provider", "question-request", "multi-sentence")),
    X(c, "cx-074", "scrap john smith's fri appt, he's better", name="john smith", cur=day("2026-03-06", "fri"),
      reason=FB, tags=("possessive",)),
]

c = NY_FRI  # Fri 3/6/2026 16:40 EST: sat 3/7 mon 3/9 (EDT) tue 3/10 wed 3/11 thu 3/12; next week 3/9
CASES += [
    X(c, "cx-016", "cxl Ian Wright mon 8:30, feels a lot better", name="Ian Wright",
      cur=at("2026-03-09", "08:30", "mon"), reason=FB, tags=("dst", "abbrev")),
    X(c, "cx-017", "ian wright can't come in tues, got called into work. pls cancel", name="ian wright",
      cur=day("2026-03-10", "tue"), reason=WORK, tags=("multi-sentence",)),
    X(c, "cx-018", "Cancel Ian Wright — condition has gotten worse, wants a hospital referral instead",
      name="Ian Wright", reason=CW),
    X(c, "cx-019", "cancel Ian Wright's appt 3/12. reason: other", name="Ian Wright", cur=day("2026-03-12", "thu"),
      reason=OTHER, tags=("possessive", "numeric-date")),
    X(c, "cx-020", "cancel ian wright next week", name="ian wright", cur=week("2026-03-09"), tags=("week", "dst")),
    X(c, "cx-021", "take Jess Mariano off the books for tmrw, she's ill", name="Jess Mariano",
      cur=day("2026-03-07", "sat"), reason=SICK, tags=("no-cancel-verb",)),
    X(c, "cx-022", "jess mariano won't be coming in on wednesday - family emergency", name="jess mariano",
      cur=day("2026-03-11", "wed"), reason=OTHER, tags=("no-cancel-verb",)),
    R(c, "cx-081", "cancel + rebook ian wright → tues pm", name="ian wright", tgt=afternoon("2026-03-10", "tue"),
      tags=("cancel-and-rebook", "am-pm-window", "arrow")),
]

c = NY_MON  # Mon 3/9/2026 07:50 EDT: tue 3/10 wed 3/11 thu 3/12 fri 3/13
CASES += [
    X(c, "cx-023", "Cancel Kim Possible today at 11 - kid's school closed, no childcare", name="Kim Possible",
      cur=at("2026-03-09", "11:00", "mon"), reason=OTHER, tags=("today",)),
    X(c, "cx-024", "cancel kim possible thurs, snow", name="kim possible", cur=day("2026-03-12", "thu"),
      reason=OTHER),
    X(c, "cx-025", "cancel kim possible wed 2:45 — double booked by mistake", name="kim possible",
      cur=at("2026-03-11", "14:45", "wed"), reason=OTHER, tags=("clinic-hours",)),
    X(c, "cx-068", "cancel the 10:45 for bianca jones today, she called in sick", name="bianca jones",
      cur=at("2026-03-09", "10:45", "mon"), reason=SICK, tags=("today",)),
    X(c, "cx-084", "cancel the 8am today (kim possible), she's sick", name="kim possible",
      cur=at("2026-03-09", "08:00", "mon"), reason=SICK, tags=("name-in-parens", "today")),
]

c = CHI_SAT_FALLBACK  # Sat 10/31/2026 CDT: sun 11/1 (CST from 2am) mon 11/2 tue 11/3 wed 11/4
CASES += [
    X(c, "cx-026", "cancel Leo Varga tmrw 10am, away for the weekend", name="Leo Varga",
      cur=at("2026-11-01", "10:00", "sun"), reason=AWAY, tags=("dst",)),
    X(c, "cx-027", "cancel leo varga's mon appt, covid exposure at work", name="leo varga",
      cur=day("2026-11-02", "mon"), reason=COVID, tags=("dst", "possessive", "two-reasons")),
    X(c, "cx-028", "cxl leo varga 11/4 — symptoms worse", name="leo varga", cur=day("2026-11-04", "wed"),
      reason=CW, tags=("numeric-date",)),
    X(c, "cx-076", "no-show risk: leo varga says he won't make it mon, cancel pls", name="leo varga",
      cur=day("2026-11-02", "mon"), tags=("cant-make-it", "colon-not-name")),
]

c = LA_MON  # Mon 6/15/2026 PDT: tue 6/16 wed 6/17 thu 6/18 fri 6/19
CASES += [
    X(c, "cx-029", "cancel marcus bell thursday. he's feeling much better, no longer needs PT", name="marcus bell",
      cur=day("2026-06-18", "thu"), reason=FB, tags=("pt-word",)),
    X(c, "cx-030", "pls cancel Marcus Bell 6/19 at 1:30 (work)", name="Marcus Bell",
      cur=at("2026-06-19", "13:30", "fri"), reason=WORK, tags=("clinic-hours", "numeric-date")),
    X(c, "cx-031", "marcus bell cancel, stomach bug", name="marcus bell", reason=SICK),
    X(c, "cx-032", "cancel marcus bell tmrw - traveling overseas", name="marcus bell", cur=day("2026-06-16", "tue"),
      reason=AWAY),
    X(c, "cx-033", "Cancel appt for Marcus Bell, tomorrow 9:15am. He has a fever.", name="Marcus Bell",
      cur=at("2026-06-16", "09:15", "tue"), reason=SICK, tags=("multi-sentence",)),
    X(c, "cx-066", "cancel his appt — Ahmed Khan — thursday at 9", name="Ahmed Khan",
      cur=at("2026-06-18", "09:00", "thu"), tags=("name-middle",)),
    X(c, "cx-067", "Khan, Ahmed - cxl 6/18 9am, pt away", name="Khan, Ahmed", cur=at("2026-06-18", "09:00", "thu"),
      reason=AWAY, tags=("surname-first", "patient-in-reason")),
]

c = DEN_YEAR_END  # Tue 12/30/2025 MST: fri 1/2/2026 mon 1/5
CASES += [
    X(c, "cx-034", "cancel Nora Quinn 1/2 - out of town for the holidays", name="Nora Quinn",
      cur=day("2026-01-02", "fri"), reason=AWAY, tags=("year-end", "numeric-date")),
    X(c, "cx-035", "nora quinn cxl fri 11am pls, she's sick", name="nora quinn", cur=at("2026-01-02", "11:00", "fri"),
      reason=SICK, tags=("year-end",)),
    X(c, "cx-036", "cancel nora quinn's jan 5 appt, insurance didn't approve it", name="nora quinn",
      cur=day("2026-01-05", "mon"), reason=OTHER, tags=("year-end", "possessive")),
]

c = NY_NYE  # Thu 12/31/2026 17:30 EST: mon 1/4/2027 tue 1/5
CASES += [
    X(c, "cx-037", "cancel Paul Rudd mon, he's feeling better", name="Paul Rudd", cur=day("2027-01-04", "mon"),
      reason=FB, tags=("year-end",)),
    X(c, "cx-038", "paul rudd can't make it on the 5th, cxl", name="paul rudd", cur=day("2027-01-05", "tue"),
      tags=("year-end", "cant-make-it", "ordinal")),
]

c = PHX_SUN  # Sun 2/1/2026 MST: mon 2/2 wed 2/4; this week = today only
CASES += [
    X(c, "cx-039", "cancel Quinn Fabray tmrw 8am, work", name="Quinn Fabray", cur=at("2026-02-02", "08:00", "mon"),
      reason=WORK),
    X(c, "cx-040", "cancel quinn fabray's appt this week", name="quinn fabray", cur=days("2026-02-01", "2026-02-02"),
      tags=("week", "sunday")),
    X(c, "cx-078", "cancel quinn fabray wed. reason: none given", name="quinn fabray", cur=day("2026-02-04", "wed"),
      tags=("no-reason",)),
]

c = CHI_MONTH_END  # Sat 1/31/2026: mon 2/2 tue 2/3
CASES += [
    X(c, "cx-041", "cancel rachel green 2/3, condition worse", name="rachel green", cur=day("2026-02-03", "tue"),
      reason=CW, tags=("numeric-date",)),
    X(c, "cx-042", "Cancel Rachel Green on the 2nd at 3:30 — she's away", name="Rachel Green",
      cur=at("2026-02-02", "15:30", "mon"), reason=AWAY, tags=("ordinal", "month-end")),
]

c = CHI_MON  # Mon 4/27/2026: tue 4/28 wed 4/29 thu 4/30 fri 5/1
CASES += [
    X(c, "cx-043", "cancel Sam Wilson thu 11am, pt says she's doing better", name="Sam Wilson",
      cur=at("2026-04-30", "11:00", "thu"), reason=FB, tags=("patient-in-reason",)),
    X(c, "cx-044", "cancel sam wilson 5/1. pt has covid", name="sam wilson", cur=day("2026-05-01", "fri"),
      reason=COVID, tags=("patient-in-reason", "numeric-date")),
    X(c, "cx-045", "Sam Wilson: cancel tomorrow. She has to work.", name="Sam Wilson", cur=day("2026-04-28", "tue"),
      reason=WORK, tags=("colon", "multi-sentence")),
    X(c, "cx-046", "cancel sam wilson, moving to another clinic", name="sam wilson", reason=OTHER),
    X(c, "cx-047", "sam wilson cancel wed — no ride", name="sam wilson", cur=day("2026-04-29", "wed"), reason=OTHER),
    X(c, "cx-069", "cancel Chris' appt tomorrow, he's out of town", name="Chris", cur=day("2026-04-28", "tue"),
      reason=AWAY, tags=("possessive",)),
    X(c, "cx-070", "cancel James's 1pm on thursday, work thing", name="James", cur=at("2026-04-30", "13:00", "thu"),
      reason=WORK, tags=("possessive",)),
    X(c, "cx-083", "cancel Sam Wilson 4/30 - Patient reports feeling better", name="Sam Wilson",
      cur=day("2026-04-30", "thu"), reason=FB, tags=("patient-in-reason", "numeric-date")),
]

c = NY_THU  # Thu 11/19/2026 EST: fri 11/20 mon 11/23 tue 11/24
CASES += [
    X(c, "cx-048", "cancel Tina Fey tmrw at 2:15, she has a bad cold", name="Tina Fey",
      cur=at("2026-11-20", "14:15", "fri"), reason=SICK, tags=("clinic-hours",)),
    X(c, "cx-049", "Tina Fey - cancel 11/24. Reason: on holiday", name="Tina Fey", cur=day("2026-11-24", "tue"),
      reason=AWAY, tags=("numeric-date",)),
    X(c, "cx-050", "cancel tina fey, pt requested", name="tina fey", tags=("no-reason", "patient-in-reason")),
    X(c, "cx-071", "cancel Dr. Lisa Cuddy's appointment on Monday", name="Lisa Cuddy", cur=day("2026-11-23", "mon"),
      tags=("title", "possessive")),
    X(c, "cx-072", "cancel 11/23 for pt garcia pls, reason: patient is travelling", name="garcia",
      cur=day("2026-11-23", "mon"), reason=AWAY, tags=("pt-prefix", "patient-in-reason", "numeric-date")),
]

c = CHI_FRI_MONTH_END  # Fri 7/31/2026: mon 8/3
CASES += [
    X(c, "cx-051", "cancel uma thurman today 4:30pm, feeling better", name="uma thurman",
      cur=at("2026-07-31", "16:30", "fri"), reason=FB, tags=("today",)),
    X(c, "cx-052", "cancel uma thurman mon - she got worse over the weekend, going to urgent care",
      name="uma thurman", cur=day("2026-08-03", "mon"), reason=CW),
]

c = HNL_TUE  # Tue 9/29/2026 HST: thu 10/1 fri 10/2
CASES += [
    X(c, "cx-053", "cancel Victor Hugo thu, off island", name="Victor Hugo", cur=day("2026-10-01", "thu"),
      reason=AWAY),
    X(c, "cx-054", "cxl victor hugo 10/2 covid+", name="victor hugo", cur=day("2026-10-02", "fri"), reason=COVID,
      tags=("abbrev", "numeric-date")),
    X(c, "cx-077", "cancel victor hugo 10/1 at 7:45, feeling under the weather", name="victor hugo",
      cur=at("2026-10-01", "07:45", "thu"), reason=SICK, tags=("clinic-hours",)),
]

c = DEN_WED  # Wed 2/25/2026 MST: thu 2/26 fri 2/27 mon 3/2
CASES += [
    X(c, "cx-055", "cancel Wendy Darling tmrw 9am; reason - feeling better", name="Wendy Darling",
      cur=at("2026-02-26", "09:00", "thu"), reason=FB),
    X(c, "cx-056", "wendy darling cxl fri, can't make it", name="wendy darling", cur=day("2026-02-27", "fri"),
      tags=("cant-make-it",)),
    X(c, "cx-075", "delete wendy darling's appt on 3/2, condition worsened", name="wendy darling",
      cur=day("2026-03-02", "mon"), reason=CW, tags=("possessive", "numeric-date")),
]

c = LA_THU  # Thu 5/14/2026 PDT: fri 5/15 mon 5/18 tue 5/19
CASES += [
    X(c, "cx-057", "Cancel Xavier Rudd tmrw. Reason: Other", name="Xavier Rudd", cur=day("2026-05-15", "fri"),
      reason=OTHER),
    X(c, "cx-058", "cancel xavier rudd tues 4pm, his shift changed", name="xavier rudd",
      cur=at("2026-05-19", "16:00", "tue"), reason=WORK),
    X(c, "cx-059", "cancel xavier rudd mon, patient feels worse", name="xavier rudd", cur=day("2026-05-18", "mon"),
      reason=CW, tags=("patient-in-reason",)),
    X(c, "cx-073", "Cancel: Maya Angelou, Fri 5/15 11:30am, feeling better", name="Maya Angelou",
      cur=at("2026-05-15", "11:30", "fri"), reason=FB, tags=("colon-not-name",)),
    X(c, "cx-082", "xavier rudd: cancel the appt on 5/19, reschedule not needed, he's better", name="xavier rudd",
      cur=day("2026-05-19", "tue"), reason=FB, tags=("colon", "both-verbs")),
]

c = CHI_TUE_EARLY  # Tue 9/15/2026 07:05 CDT: thu 9/17 fri 9/18; next week 9/21
CASES += [
    X(c, "cx-060", "cancel yara shahidi 9:30 today, vomiting since last night", name="yara shahidi",
      cur=at("2026-09-15", "09:30", "tue"), reason=SICK, tags=("today",)),
    X(c, "cx-061", "CANCEL YARA SHAHIDI THURS 2PM", name="YARA SHAHIDI", cur=at("2026-09-17", "14:00", "thu"),
      tags=("caps",)),
    R(c, "cx-079", "don't cancel yara shahidi, just move her to fri 10am", name="yara shahidi",
      tgt=at("2026-09-18", "10:00", "fri"), tags=("both-verbs", "negated-cancel")),
    R(c, "cx-080", "cancel yara shahidi's thursday appt and rebook her for next week", name="yara shahidi",
      cur=day("2026-09-17", "thu"), tgt=week("2026-09-21"), tags=("cancel-and-rebook", "week")),
]

c = NY_SUN_EVENING  # Sun 8/16/2026 20:00 EDT: mon 8/17 tue 8/18
CASES += [
    X(c, "cx-062", "on-call: cancel Zoe Hart tmrw 8am, ER visit tonight, condition worse", name="Zoe Hart",
      cur=at("2026-08-17", "08:00", "mon"), reason=CW, tags=("colon-not-name", "sunday")),
    X(c, "cx-063", "zoe hart wants to cancel tues. away at a wedding", name="zoe hart", cur=day("2026-08-18", "tue"),
      reason=AWAY, tags=("multi-sentence",)),
]
# fmt: on
