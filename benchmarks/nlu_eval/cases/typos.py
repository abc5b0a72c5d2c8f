"""Misspelt verbs, weekdays, months and reasons, as typed in a hurry."""

from ._dsl import R, X, afternoon, at, day, morning
from .clinics import (
    CHI_MON,
    CHI_SAT_FALLBACK,
    CHI_TUE_EARLY,
    CHI_WED,
    DEN_WED,
    HNL_TUE,
    LA_MON,
    LA_THU,
    LON_WED,
    NY_FRI,
    NY_MON,
    NY_THU,
    SYD_MON,
)

FB, SICK, COVID, OTHER = "Feeling Better", "Sick", "COVID-19 related", "Other"

# The cases are a table, laid out by hand (one case per line group): the formatter leaves it as written.
# fmt: off
CASES = [
    X(CHI_WED, "ty-001", "cancle maria lopez tomorow, feelin better", name="maria lopez", cur=day("2026-03-05", "thu"),
      reason=FB, tags=("typo",)),
    R(CHI_WED, "ty-002", "reschedual john smith to fridya at 11", name="john smith",
      tgt=at("2026-03-06", "11:00", "fri"), tags=("typo",)),
    R(CHI_WED, "ty-003", "plz mvoe jones frm thurs to mon moring", name="jones", cur=day("2026-03-05", "thu"),
      tgt=morning("2026-03-09", "mon"), tags=("typo", "dst")),
    X(NY_FRI, "ty-004", "cxl ian wright's apointment on tuesdy", name="ian wright", cur=day("2026-03-10", "tue"),
      tags=("typo", "possessive")),
    R(NY_FRI, "ty-005", "resched chloe davis to wendesday aftn", name="chloe davis",
      tgt=afternoon("2026-03-11", "wed"), tags=("typo", "abbrev")),
    R(LA_MON, "ty-006", "harold finch satuday 10am pls reschdule from thursday", name="harold finch",
      cur=day("2026-06-18", "thu"), tgt=at("2026-06-20", "10:00", "sat"), tags=("typo",)),
    R(HNL_TUE, "ty-007", "move keoni kahale to ocotber 6", name="keoni kahale", tgt=day("2026-10-06", "tue"),
      tags=("typo", "month-name")),
    R(CHI_TUE_EARLY, "ty-008", "reschedule yara shahidi to sept 22 at 10", name="yara shahidi",
      tgt=at("2026-09-22", "10:00", "tue"), tags=("abbrev", "month-name")),
    X(DEN_WED, "ty-009", "cancel lena fischer's appt on febuary 27, she is sik", name="lena fischer",
      cur=day("2026-02-27", "fri"), reason=SICK, tags=("typo", "month-name", "possessive")),
    R(CHI_MON, "ty-010", "resched sam wilson from tomorrow to wensday", name="sam wilson", cur=day("2026-04-28", "tue"),
      tgt=day("2026-04-29", "wed"), tags=("typo",)),
    X(NY_THU, "ty-011", "cancel tina fey on teusday, covid", name="tina fey", cur=day("2026-11-24", "tue"),
      reason=COVID, tags=("typo",)),
    R(LON_WED, "ty-012", "move arthur dent to thurday 15/01 at 9", name="arthur dent",
      tgt=at("2026-01-15", "09:00", "thu"), tags=("typo", "dmy")),
    X(SYD_MON, "ty-013", "cancel noah smith tommorow, hes crook", name="noah smith", cur=day("2026-02-17", "tue"),
      reason=SICK, tags=("typo", "dmy", "regional-word")),
    R(CHI_SAT_FALLBACK, "ty-014", "resched gina torres to novmber 4 at 1:15", name="gina torres",
      tgt=at("2026-11-04", "13:15", "wed"), tags=("typo", "month-name")),
    R(LA_THU, "ty-015", "dwight schrute r/s to tmw 9am", name="dwight schrute", tgt=at("2026-05-15", "09:00", "fri"),
      tags=("abbrev",)),
    X(NY_MON, "ty-016", "cancell kim possible fri, famly emergency", name="kim possible", cur=day("2026-03-13", "fri"),
      reason=OTHER, tags=("typo",)),
]
# fmt: on
