"""The moments and places the requests are typed in (local wall time, zone, date order).

Weekday and DST notes are the labeller's calendar, written once so each case can be checked against them.
"""

from ._dsl import Clinic

# --- United States (MDY) ---
CHI_WED = Clinic("2026-03-04 10:15", "America/Chicago")  # Wed; DST starts Sun 3/8; next week 3/9-3/16
NY_FRI = Clinic("2026-03-06 16:40", "America/New_York")  # Fri before DST; mon 3/9 is EDT
NY_MON = Clinic("2026-03-09 07:50", "America/New_York")  # Mon, first weekday of EDT
CHI_SAT_FALLBACK = Clinic("2026-10-31 09:00", "America/Chicago")  # Sat; DST ends Sun 11/1 (a 25-hour day)
LA_MON = Clinic("2026-06-15 08:05", "America/Los_Angeles")  # Mon
DEN_YEAR_END = Clinic("2025-12-30 14:20", "America/Denver")  # Tue; fri is 2026-01-02
NY_NYE = Clinic("2026-12-31 17:30", "America/New_York")  # Thu, New Year's Eve
PHX_SUN = Clinic("2026-02-01 11:00", "America/Phoenix")  # Sun; Arizona keeps -07:00 all year
CHI_MONTH_END = Clinic("2026-01-31 12:00", "America/Chicago")  # Sat, Jan 31
CHI_MON = Clinic("2026-04-27 09:30", "America/Chicago")  # Mon; fri is 5/1
NY_THU = Clinic("2026-11-19 13:00", "America/New_York")  # Thu
CHI_FRI_MONTH_END = Clinic("2026-07-31 15:45", "America/Chicago")  # Fri, Jul 31
HNL_TUE = Clinic("2026-09-29 11:11", "Pacific/Honolulu")  # Tue; -10:00 all year
DEN_WED = Clinic("2026-02-25 08:30", "America/Denver")  # Wed
LA_THU = Clinic("2026-05-14 12:40", "America/Los_Angeles")  # Thu
CHI_TUE_EARLY = Clinic("2026-09-15 07:05", "America/Chicago")  # Tue, before opening
NY_SUN_EVENING = Clinic("2026-08-16 20:00", "America/New_York")  # Sun evening (on-call)

# --- Europe, Australia, New Zealand (DMY) ---
LON_THU_BST = Clinic("2026-03-26 10:00", "Europe/London", "DMY")  # Thu; BST starts Sun 3/29
BER_FRI_DST_END = Clinic("2026-10-23 14:00", "Europe/Berlin", "DMY")  # Fri; CEST ends Sun 10/25
SYD_WED_DST_END = Clinic("2026-04-01 09:00", "Australia/Sydney", "DMY")  # Wed; AEDT ends Sun 4/5
MEL_THU_DST_START = Clinic("2026-10-01 15:00", "Australia/Melbourne", "DMY")  # Thu; AEDT starts Sun 10/4
DUB_MON = Clinic("2026-06-08 08:45", "Europe/Dublin", "DMY")  # Mon, Irish summer time
BNE_TUE_YEAR_END = Clinic("2026-12-29 10:00", "Australia/Brisbane", "DMY")  # Tue; no DST in Queensland
LON_WED = Clinic("2026-01-14 16:00", "Europe/London", "DMY")  # Wed, GMT
PER_FRI = Clinic("2026-05-29 12:30", "Australia/Perth", "DMY")  # Fri; +08:00
AKL_SAT = Clinic("2026-08-15 09:00", "Pacific/Auckland", "DMY")  # Sat, NZST
SYD_MON = Clinic("2026-02-16 11:20", "Australia/Sydney", "DMY")  # Mon, AEDT
