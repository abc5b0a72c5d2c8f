"""Reschedule requests typed in US clinics (MDY): phrasing, names, windows, DST and year ends."""

from ._dsl import ASAP, R, after, afternoon, at, before, day, days, evening, hours, morning, week
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
c = CHI_WED  # Wed 3/4/2026: thu 3/5 fri 3/6 sat 3/7 sun 3/8 (DST) mon 3/9 tue 3/10 wed 3/11
CASES = [
    R(c, "rs-001", "/reschedule maria lopez from tue 3pm to fri morning", name="maria lopez",
      cur=at("2026-03-10", "15:00", "tue"), tgt=morning("2026-03-06", "fri"), tags=("abbrev", "part-of-day")),
    R(c, "rs-002", "move maria lopez to fri 2pm", name="maria lopez", tgt=at("2026-03-06", "14:00", "fri")),
    R(c, "rs-003", "can you move Maria Lopez's appt tomorrow to Friday afternoon?", name="Maria Lopez",
      cur=day("2026-03-05", "thu"), tgt=afternoon("2026-03-06", "fri"),
      tags=("possessive", "question-request", "part-of-day")),
    R(c, "rs-004", "resched john smith thurs 9:30 -> mon 10", name="john smith",
      cur=at("2026-03-05", "09:30", "thu"), tgt=at("2026-03-09", "10:00", "mon"), tags=("abbrev", "dst", "arrow")),
    R(c, "rs-005", "r/s pt jones to nxt wk", name="jones", tgt=week("2026-03-09"), tags=("abbrev", "week", "dst")),
    R(c, "rs-006", "lopez, maria resched to thurs pls", name="lopez, maria", tgt=day("2026-03-05", "thu"),
      tags=("surname-first", "abbrev")),
    R(c, "rs-007", "Lopez, Maria: move from tmrw 11am to sat 9", name="Lopez, Maria",
      cur=at("2026-03-05", "11:00", "thu"), tgt=at("2026-03-07", "09:00", "sat"), tags=("surname-first", "colon")),
    R(c, "rs-008", "Need to push Mrs. Patel to sunday at 10am", name="Patel", tgt=at("2026-03-08", "10:00", "sun"),
      tags=("title", "dst")),
    R(c, "rs-009", "pls move mr. o'neil's 2:30 tmrw to the same time on monday", name="o'neil",
      cur=at("2026-03-05", "14:30", "thu"), tgt=at("2026-03-09", "14:30", "mon"),
      tags=("title", "possessive", "same-time", "dst")),
    R(c, "rs-010", "switch ana gomez to this week, any day", name="ana gomez", tgt=days("2026-03-04", "2026-03-09"),
      tags=("week", "dst")),
    R(c, "rs-011", "Maria Lopez wants to come in earlier — first available pls", name="Maria Lopez", tgt=ASAP,
      tags=("asap",)),
    R(c, "rs-012", "bump dr. chen's pt, Kevin Wu, from 3/10 at 1:15 to 3/12 between 2 and 4", name="Kevin Wu",
      cur=at("2026-03-10", "13:15", "tue"), tgt=hours("2026-03-12", "14:00", "16:00", "thu"),
      tags=("provider", "range", "numeric-date")),
    R(c, "rs-013", "move Kevin Wu to 3/12 after 3pm", name="Kevin Wu", tgt=after("2026-03-12", "15:00", "thu"),
      tags=("range", "numeric-date")),
    R(c, "rs-014", "reschedule Tom Baker to friday before 11", name="Tom Baker",
      tgt=before("2026-03-06", "11:00", "fri"), tags=("range",)),
    R(c, "rs-015", "can we do tom baker thurs evening instead of fri", name="tom baker",
      cur=day("2026-03-06", "fri"), tgt=evening("2026-03-05", "thu"), tags=("instead-of", "part-of-day")),
    R(c, "rs-016", "move sam to noon tmrw", name="sam", tgt=at("2026-03-05", "12:00", "thu"), tags=("abbrev",)),
    R(c, "rs-017", "Move Priya Nair from Tuesday to Wednesday midday", name="Priya Nair",
      cur=day("2026-03-10", "tue"), tgt=at("2026-03-11", "12:00", "wed")),
    R(c, "rs-018", "resched alex kim next tues", name="alex kim", tgt=day("2026-03-10", "tue"),
      alt={"tgt": [day("2026-03-17", "tue")]}, tags=("next-weekday", "abbrev")),
    R(c, "rs-019", "resched alex kim in 2 weeks", name="alex kim", tgt=day("2026-03-18", "wed"), tags=("relative",)),
    R(c, "rs-020", "move jordan lee a week from friday, morning", name="jordan lee",
      tgt=morning("2026-03-13", "fri"), tags=("relative", "part-of-day")),
    R(c, "rs-021", "two weeks from today works for beth ross, please reschedule", name="beth ross",
      tgt=day("2026-03-18", "wed"), tags=("relative", "name-middle")),
    R(c, "rs-022", "reschedule beth ross to the 14th at 10", name="beth ross", tgt=at("2026-03-14", "10:00", "sat"),
      tags=("ordinal",)),
    R(c, "rs-023", "move beth ross to the 4th", name="beth ross", tgt=day("2026-03-04", "wed"),
      tags=("ordinal", "today")),
    R(c, "rs-024", "reschedule luis ortega 3/16 at 14:30", name="luis ortega", tgt=at("2026-03-16", "14:30", "mon"),
      tags=("24h", "numeric-date")),
    R(c, "rs-025", "move luis ortega from 3/11 8:45 to quarter to 4 on 3/13", name="luis ortega",
      cur=at("2026-03-11", "08:45", "wed"), tgt=at("2026-03-13", "15:45", "fri"), tags=("spoken-time", "numeric-date")),
    R(c, "rs-026", "could we shift Hannah Schmidt to half past two on thursday", name="Hannah Schmidt",
      tgt=at("2026-03-05", "14:30", "thu"), tags=("spoken-time", "question-request")),
    R(c, "rs-027", "Reschedule Hannah Schmidt — Thursday 7", name="Hannah Schmidt",
      tgt=at("2026-03-05", "07:00", "thu"),
      tags=("clinic-hours",)),
    R(c, "rs-028", "move hannah schmidt to thurs at 6", name="hannah schmidt", tgt=at("2026-03-05", "18:00", "thu"),
      tags=("clinic-hours",)),
]

c = NY_FRI  # Fri 3/6/2026 16:40 EST: sat 3/7 sun 3/8 mon 3/9 (EDT) tue 3/10 wed 3/11 thu 3/12 fri 3/13
CASES += [
    R(c, "rs-030", "move Derek Hale from mon 9 to tues 9", name="Derek Hale", cur=at("2026-03-09", "09:00", "mon"),
      tgt=at("2026-03-10", "09:00", "tue"), tags=("dst", "clinic-hours")),
    R(c, "rs-031", "derek hale: monday 3/9 -> wed 3/11 afternoon", name="derek hale", cur=day("2026-03-09", "mon"),
      tgt=afternoon("2026-03-11", "wed"), tags=("colon", "arrow", "no-verb", "dst")),
    R(c, "rs-032", "pls resched Olivia Brown to next week, she's flexible", name="Olivia Brown",
      tgt=week("2026-03-09"), tags=("week", "dst")),
    R(c, "rs-033", "Olivia Brown would like this fri instead", name="Olivia Brown", tgt=day("2026-03-13", "fri"),
      tags=("this-weekday", "no-verb")),
    R(c, "rs-034", "move olivia brown to today 5pm", name="olivia brown", tgt=at("2026-03-06", "17:00", "fri"),
      tags=("today",)),
    R(c, "rs-035", "reschedule Nate Ramos to tmrw morning", name="Nate Ramos", tgt=morning("2026-03-07", "sat"),
      tags=("abbrev", "part-of-day")),
    R(c, "rs-036", "Nate Ramos - move to wednesday between 11 and 1", name="Nate Ramos",
      tgt=hours("2026-03-11", "11:00", "13:00", "wed"), tags=("range", "clinic-hours")),
    R(c, "rs-037", "resched nate ramos 10am-12 thurs", name="nate ramos",
      tgt=hours("2026-03-12", "10:00", "12:00", "thu"), tags=("range",)),
    R(c, "rs-038", "resch. chloe davis to 3/20", name="chloe davis", tgt=day("2026-03-20", "fri"),
      tags=("abbrev", "numeric-date")),
    R(c, "rs-039", "move chloe davis from 3/10 2pm to march 18th 11:15am", name="chloe davis",
      cur=at("2026-03-10", "14:00", "tue"), tgt=at("2026-03-18", "11:15", "wed"), tags=("numeric-date",)),
    R(c, "rs-040", "Can Chloe Davis be moved to the earliest available?", name="Chloe Davis", tgt=ASAP,
      tags=("asap", "question-request")),
    R(c, "rs-041", "asap for chloe davis pls, she wants to come in sooner", name="chloe davis", tgt=ASAP,
      tags=("asap", "no-verb")),
]

c = NY_MON  # Mon 3/9/2026 07:50 EDT: tue 3/10 wed 3/11 thu 3/12 fri 3/13 mon 3/16; next week 3/16
CASES += [
    R(c, "rs-042", "good morning! can you move ellen park from today 11am to wed 11am", name="ellen park",
      cur=at("2026-03-09", "11:00", "mon"), tgt=at("2026-03-11", "11:00", "wed"), tags=("greeting", "today")),
    R(c, "rs-043", "ellen park's appt today — move to tomorrow afternoon", name="ellen park",
      cur=day("2026-03-09", "mon"), tgt=afternoon("2026-03-10", "tue"), tags=("possessive", "part-of-day")),
    R(c, "rs-044", "move ellen park this week, whenever", name="ellen park", tgt=days("2026-03-09", "2026-03-16"),
      tags=("week",)),
    R(c, "rs-045", "mv ellen park to fri 8:15", name="ellen park", tgt=at("2026-03-13", "08:15", "fri"),
      tags=("abbrev",)),
    R(c, "rs-046", "resched ellen park monday", name="ellen park", tgt=day("2026-03-16", "mon"),
      tags=("same-weekday",)),
    R(c, "rs-047", "resched ellen park next monday", name="ellen park", tgt=day("2026-03-16", "mon"),
      alt={"tgt": [day("2026-03-23", "mon")]}, tags=("next-weekday",)),
]

c = CHI_SAT_FALLBACK  # Sat 10/31/2026 CDT: sun 11/1 (25 h, CST from 2am) mon 11/2 ... fri 11/6; next week 11/2
CASES += [
    R(c, "rs-048", "move frank miller to tmrw", name="frank miller", tgt=day("2026-11-01", "sun"),
      tags=("dst", "abbrev")),
    R(c, "rs-049", "move frank miller from tmrw 10am to mon 10am", name="frank miller",
      cur=at("2026-11-01", "10:00", "sun"), tgt=at("2026-11-02", "10:00", "mon"), tags=("dst",)),
    R(c, "rs-050", "resched frank miller nxt week pls", name="frank miller", tgt=week("2026-11-02"),
      tags=("dst", "week", "abbrev")),
    R(c, "rs-051", "reschedule Gina Torres from 11/3 at 4 to 11/5 at 4", name="Gina Torres",
      cur=at("2026-11-03", "16:00", "tue"), tgt=at("2026-11-05", "16:00", "thu"), tags=("numeric-date",)),
    R(c, "rs-052", "reschedule gina torres to sun 1:30", name="gina torres", tgt=at("2026-11-01", "13:30", "sun"),
      tags=("dst", "clinic-hours")),
]

c = LA_MON  # Mon 6/15/2026 PDT: tue 6/16 wed 6/17 thu 6/18 fri 6/19; next week 6/22
CASES += [
    R(c, "rs-053", "hey can u resched harold finch frm wednsday to thrusday", name="harold finch",
      cur=day("2026-06-17", "wed"), tgt=day("2026-06-18", "thu"), tags=("typo",)),
    R(c, "rs-054", "resheduel harold finch to tomorow at 11", name="harold finch", tgt=at("2026-06-16", "11:00", "tue"),
      tags=("typo",)),
    R(c, "rs-055", "Harold Finch r/s to fri pm", name="Harold Finch", tgt=afternoon("2026-06-19", "fri"),
      tags=("abbrev", "am-pm-window")),
    R(c, "rs-056", "harold finch - move thu am appt to fri am", name="harold finch", cur=morning("2026-06-18", "thu"),
      tgt=morning("2026-06-19", "fri"), tags=("abbrev", "am-pm-window")),
    R(c, "rs-057", "move Isabel Cruz to june 30", name="Isabel Cruz", tgt=day("2026-06-30", "tue"),
      tags=("month-name",)),
    R(c, "rs-058", "move Isabel Cruz to jun 16th @ 3:45", name="Isabel Cruz", tgt=at("2026-06-16", "15:45", "tue"),
      tags=("month-name",)),
    R(c, "rs-059", "isabel cruz: 6/17 → 6/24, same time if possible", name="isabel cruz",
      cur=day("2026-06-17", "wed"), tgt=day("2026-06-24", "wed"), tags=("arrow", "no-verb", "same-time")),
    R(c, "rs-060", "move isabel cruz to a week from tomorrow", name="isabel cruz", tgt=day("2026-06-23", "tue"),
      tags=("relative",)),
    R(c, "rs-061", "can isabel cruz come in in 3 days instead? pls move her", name="isabel cruz",
      tgt=day("2026-06-18", "thu"), tags=("relative",)),
]

c = DEN_YEAR_END  # Tue 12/30/2025 MST: wed 12/31 thu 1/1 fri 1/2 mon 1/5 tue 1/6; next week 1/5/2026
CASES += [
    R(c, "rs-062", "move june carter to fri morning", name="june carter", tgt=morning("2026-01-02", "fri"),
      tags=("year-end", "name-like-month")),
    R(c, "rs-063", "resched june carter from tmrw 2pm to 1/2 at 2pm", name="june carter",
      cur=at("2025-12-31", "14:00", "wed"), tgt=at("2026-01-02", "14:00", "fri"), tags=("year-end", "name-like-month")),
    R(c, "rs-064", "move Will Turner to jan 5", name="Will Turner", tgt=day("2026-01-05", "mon"), tags=("year-end",)),
    R(c, "rs-065", "Will Turner → next week pls", name="Will Turner", tgt=week("2026-01-05"),
      tags=("year-end", "week", "arrow", "no-verb")),
    R(c, "rs-066", "move will turner to the 2nd", name="will turner", tgt=day("2026-01-02", "fri"),
      tags=("year-end", "ordinal")),
    R(c, "rs-067", "reschedule will turner this week", name="will turner", tgt=days("2025-12-30", "2026-01-05"),
      tags=("year-end", "week")),
    R(c, "rs-068", "move will turner to 12/31 at 9", name="will turner", tgt=at("2025-12-31", "09:00", "wed"),
      tags=("year-end", "numeric-date")),
]

c = NY_NYE  # Thu 12/31/2026 17:30 EST: fri 1/1/2027 sat 1/2 mon 1/4 tue 1/5; next week 1/4/2027
CASES += [
    R(c, "rs-069", "on call: need to move ruth cole from tmrw to mon 1/4", name="ruth cole",
      cur=day("2027-01-01", "fri"), tgt=day("2027-01-04", "mon"), tags=("year-end", "colon-not-name")),
    R(c, "rs-070", "Ruth Cole r/s 1/5 @ 10:30", name="Ruth Cole", tgt=at("2027-01-05", "10:30", "tue"),
      tags=("year-end", "abbrev")),
    R(c, "rs-071", "ruth cole to next week please (reschedule)", name="ruth cole", tgt=week("2027-01-04"),
      tags=("year-end", "week")),
    R(c, "rs-072", "move ruth cole to the 4th between 9 and 11", name="ruth cole",
      tgt=hours("2027-01-04", "09:00", "11:00", "mon"), tags=("year-end", "ordinal", "range")),
]

c = PHX_SUN  # Sun 2/1/2026 MST (no DST): mon 2/2 tue 2/3 wed 2/4; this week = today only; next week 2/2
CASES += [
    R(c, "rs-073", "move pt Omar Haddad to this week", name="Omar Haddad", tgt=days("2026-02-01", "2026-02-02"),
      tags=("week", "sunday")),
    R(c, "rs-074", "move Omar Haddad to next week", name="Omar Haddad", tgt=week("2026-02-02"),
      tags=("week", "sunday")),
    R(c, "rs-075", "reschedule Omar Haddad from mon 8am to wed 8am", name="Omar Haddad",
      cur=at("2026-02-02", "08:00", "mon"), tgt=at("2026-02-04", "08:00", "wed")),
    R(c, "rs-076", "move omar haddad to sunday", name="omar haddad", tgt=day("2026-02-08", "sun"),
      tags=("same-weekday",)),
]

c = CHI_MONTH_END  # Sat 1/31/2026: sun 2/1 mon 2/2 tue 2/3; February has no 30th
CASES += [
    R(c, "rs-077", "move Pam Beesly to the 30th", name="Pam Beesly", tgt=day("2026-03-30", "mon"),
      tags=("ordinal", "month-end")),
    R(c, "rs-078", "move pam beesly to the 1st at 10", name="pam beesly", tgt=at("2026-02-01", "10:00", "sun"),
      tags=("ordinal", "month-end")),
    R(c, "rs-079", "resched Pam Beesly from 2/3 to 2/28", name="Pam Beesly", cur=day("2026-02-03", "tue"),
      tgt=day("2026-02-28", "sat"), tags=("numeric-date",)),
    R(c, "rs-080", "move pam beesly to feb 2", name="pam beesly", tgt=day("2026-02-02", "mon"), tags=("month-name",)),
    R(c, "rs-081", "resched Pam Beesly 1/31 4pm", name="Pam Beesly", tgt=at("2026-01-31", "16:00", "sat"),
      tags=("numeric-date", "today")),
]

c = CHI_MON  # Mon 4/27/2026 CDT: tue 4/28 wed 4/29 thu 4/30 fri 5/1 mon 5/4; next week 5/4
CASES += [
    R(c, "rs-082", "Mr Stanley Hudson would like to move his thursday 10:15 to friday 10:15", name="Stanley Hudson",
      cur=at("2026-04-30", "10:15", "thu"), tgt=at("2026-05-01", "10:15", "fri"), tags=("title",)),
    R(c, "rs-083", "stanley hudson's appt on the 30th -> may 4th afternoon", name="stanley hudson",
      cur=day("2026-04-30", "thu"), tgt=afternoon("2026-05-04", "mon"), tags=("possessive", "ordinal", "arrow")),
    R(c, "rs-084", "Reschedule request for Stanley Hudson. Currently Wed at 1. Wants Fri at 1 instead.",
      name="Stanley Hudson", cur=at("2026-04-29", "13:00", "wed"), tgt=at("2026-05-01", "13:00", "fri"),
      tags=("multi-sentence", "clinic-hours")),
    R(c, "rs-085", "move stanley hudson to the 15th", name="stanley hudson", tgt=day("2026-05-15", "fri"),
      tags=("ordinal",)),
    R(c, "rs-086", "stanley hudson — earliest opening next week", name="stanley hudson", tgt=week("2026-05-04"),
      tags=("asap", "week", "no-verb")),
    R(c, "rs-087", "Ms. Angela Martin: from 4/28 3:30pm to 5/5 3:30pm", name="Angela Martin",
      cur=at("2026-04-28", "15:30", "tue"), tgt=at("2026-05-05", "15:30", "tue"), tags=("title", "colon", "no-verb")),
    R(c, "rs-088", "angela martin wants to move to later in the day tmrw, after 2", name="angela martin",
      tgt=after("2026-04-28", "14:00", "tue"), tags=("range", "clinic-hours")),
    R(c, "rs-089", "move angela martin to 5/1 anytime before noon", name="angela martin",
      tgt=before("2026-05-01", "12:00", "fri"), tags=("range",)),
]

c = NY_THU  # Thu 11/19/2026 EST: fri 11/20 mon 11/23 tue 11/24 wed 11/25 thu 11/26; next week 11/23
CASES += [
    R(c, "rs-090", "move Kelly Kapoor from her thursday appt to tuesday", name="Kelly Kapoor",
      cur=day("2026-11-26", "thu"), tgt=day("2026-11-24", "tue"), tags=("same-weekday",)),
    R(c, "rs-091", "kelly kapoor needs to resched to next week", name="kelly kapoor", tgt=week("2026-11-23"),
      tags=("week",)),
    R(c, "rs-092", "move kelly kapoor to 11/30 at 8:30", name="kelly kapoor", tgt=at("2026-11-30", "08:30", "mon"),
      tags=("numeric-date",)),
    R(c, "rs-093", "resched kelly kapoor from 11/20 9am to 12/1 9am", name="kelly kapoor",
      cur=at("2026-11-20", "09:00", "fri"), tgt=at("2026-12-01", "09:00", "tue"), tags=("numeric-date",)),
    R(c, "rs-094", "Pt Ryan Howard to be moved to dec 3rd, 2 pm", name="Ryan Howard",
      tgt=at("2026-12-03", "14:00", "thu"),
      tags=("pt-prefix", "month-name")),
]

c = CHI_FRI_MONTH_END  # Fri 7/31/2026 CDT: sat 8/1 mon 8/3 tue 8/4 fri 8/7; next week 8/3; this week to 8/3
CASES += [
    R(c, "rs-095", "move Creed Bratton to the 1st", name="Creed Bratton", tgt=day("2026-08-01", "sat"),
      tags=("ordinal", "month-end")),
    R(c, "rs-096", "move creed bratton from today 4:30 to mon 4:30", name="creed bratton",
      cur=at("2026-07-31", "16:30", "fri"), tgt=at("2026-08-03", "16:30", "mon"), tags=("today", "clinic-hours")),
    R(c, "rs-097", "resched creed bratton to aug 3 between 1 and 3", name="creed bratton",
      tgt=hours("2026-08-03", "13:00", "15:00", "mon"), tags=("range", "month-name")),
    R(c, "rs-098", "Creed Bratton: move to next wk pls", name="Creed Bratton", tgt=week("2026-08-03"),
      tags=("week", "colon", "abbrev")),
]

c = HNL_TUE  # Tue 9/29/2026 HST: wed 9/30 thu 10/1 fri 10/2 mon 10/5
CASES += [
    R(c, "rs-099", "move Keoni Kahale to thu at 2", name="Keoni Kahale", tgt=at("2026-10-01", "14:00", "thu")),
    R(c, "rs-100", "keoni kahale resched from 10/2 to 10/9", name="keoni kahale", cur=day("2026-10-02", "fri"),
      tgt=day("2026-10-09", "fri"), tags=("numeric-date",)),
    R(c, "rs-101", "move keoni kahale to oct 1 morning", name="keoni kahale", tgt=morning("2026-10-01", "thu"),
      tags=("month-name", "part-of-day")),
]

c = DEN_WED  # Wed 2/25/2026 MST: thu 2/26 fri 2/27 sat 2/28 mon 3/2 tue 3/3
CASES += [
    R(c, "rs-102", "move Lena Fischer to the 28th", name="Lena Fischer", tgt=day("2026-02-28", "sat"),
      tags=("ordinal",)),
    R(c, "rs-103", "lena fischer 3/2 @ 9:45 pls (resched from tmrw)", name="lena fischer",
      cur=day("2026-02-26", "thu"), tgt=at("2026-03-02", "09:45", "mon"), tags=("numeric-date", "abbrev")),
    R(c, "rs-104", "reschedule lena fischer to march 3 at 12:30", name="lena fischer",
      tgt=at("2026-03-03", "12:30", "tue"), tags=("month-name",)),
]

c = LA_THU  # Thu 5/14/2026 PDT: fri 5/15 mon 5/18 tue 5/19 wed 5/20 thu 5/21
CASES += [
    R(c, "rs-105", "move Dwight Schrute from tmrw at 3 to tues at 3", name="Dwight Schrute",
      cur=at("2026-05-15", "15:00", "fri"), tgt=at("2026-05-19", "15:00", "tue"), tags=("clinic-hours",)),
    R(c, "rs-106", "dwight schrute — push to next thursday", name="dwight schrute", tgt=day("2026-05-21", "thu"),
      alt={"tgt": [day("2026-05-28", "thu")]}, tags=("next-weekday",)),
    R(c, "rs-107", "move dwight schrute to 5/21 at 5", name="dwight schrute", tgt=at("2026-05-21", "17:00", "thu"),
      tags=("clinic-hours", "numeric-date")),
    R(c, "rs-108", "DWIGHT SCHRUTE RESCHEDULE TO MONDAY 11AM", name="DWIGHT SCHRUTE",
      tgt=at("2026-05-18", "11:00", "mon"), tags=("caps",)),
]

c = CHI_TUE_EARLY  # Tue 9/15/2026 07:05 CDT: wed 9/16 thu 9/17 fri 9/18 mon 9/21
CASES += [
    R(c, "rs-109", "Morning! Move Jim Halpert from 9:30 today to 4 today", name="Jim Halpert",
      cur=at("2026-09-15", "09:30", "tue"), tgt=at("2026-09-15", "16:00", "tue"), tags=("greeting", "today")),
    R(c, "rs-110", "jim halpert's 9:30 today → 11:45", name="jim halpert", cur=at("2026-09-15", "09:30", "tue"),
      tgt=at("2026-09-15", "11:45", "tue"), tags=("time-only-target", "arrow", "possessive")),
    R(c, "rs-111", "move jim halpert tmrw 2pm to 3:30", name="jim halpert", cur=at("2026-09-16", "14:00", "wed"),
      tgt=at("2026-09-16", "15:30", "wed"), tags=("time-only-target",)),
    R(c, "rs-112", "move jim halpert's 3pm to 4:30", name="jim halpert", cur=at("2026-09-15", "15:00", "tue"),
      tgt=at("2026-09-15", "16:30", "tue"), tags=("time-only-target", "possessive")),
]

c = NY_SUN_EVENING  # Sun 8/16/2026 20:00 EDT: mon 8/17 tue 8/18 wed 8/19 thu 8/20; next week 8/17
CASES += [
    R(c, "rs-113", "on call here — pt Toby Flenderson wants to move tmrw's 8am to thurs 8am", name="Toby Flenderson",
      cur=at("2026-08-17", "08:00", "mon"), tgt=at("2026-08-20", "08:00", "thu"), tags=("pt-prefix", "sunday")),
    R(c, "rs-114", "toby flenderson resched next week", name="toby flenderson", tgt=week("2026-08-17"),
      tags=("week", "sunday")),
    R(c, "rs-115", "move Toby Flenderson from mon to wed evening", name="Toby Flenderson",
      cur=day("2026-08-17", "mon"), tgt=evening("2026-08-19", "wed"), tags=("part-of-day",)),
]
# fmt: on
