"""Forwarded patient messages and notes: email headers, quoted lines, signatures, lists, several sentences.

Header dates, call times and Slack timestamps in these texts are when a message was written, not when an
appointment is (see LABELLING.md).
"""

from ._dsl import ASAP, R, X, after, afternoon, at, day, morning, week
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
FB, SICK, COVID, AWAY, WORK, OTHER = "Feeling Better", "Sick", "COVID-19 related", "Away", "Work", "Other"

CASES = [
    R(CHI_WED, "fw-001",
      "Fwd: appointment\nFrom: Maria Lopez <maria.lopez@example.com>\nSent: Monday, March 2, 2026 9:14 AM\n"
      "To: frontdesk@clinic.example\nSubject: Re: your appointment\n\n"
      "Hi, I can't come on Thursday at 3. Could I move to Friday morning instead?\n"
      "Thanks,\nMaria Lopez\n(555) 201-3344",
      name="Maria Lopez", phone="5552013344", cur=at("2026-03-05", "15:00", "thu"), tgt=morning("2026-03-06", "fri"),
      ids=("(555) 201-3344",), tags=("email-header", "signature", "phone")),
    X(CHI_WED, "fw-002",
      "fwd from voicemail: pt Anna Kim DOB 7/14/1962 cb 555-881-0042 wants to cxl thurs, has the flu",
      name="Anna Kim", dob="1962-07-14", phone="5558810042", cur=day("2026-03-05", "thu"), reason=SICK,
      ids=("7/14/1962", "555-881-0042"), tags=("voicemail", "dob", "phone")),
    R(NY_FRI, "fw-003", "> Hi can I push my appt tmrw to next week sometime? - Sam Ortiz\ncan you do this one pls",
      name="Sam Ortiz", cur=day("2026-03-07", "sat"), tgt=week("2026-03-09"), tags=("quoted", "signature", "week")),
    R(NY_FRI, "fw-004", "resched:\n- pt: Lopez, Maria\n- DOB: 04/05/1980\n- current: Tue 3/10 3pm\n- new: Fri 3/13 AM",
      name="Lopez, Maria", dob="1980-04-05", cur=at("2026-03-10", "15:00", "tue"), tgt=morning("2026-03-13", "fri"),
      ids=("04/05/1980",), tags=("list", "surname-first", "dob", "am-pm-window")),
    X(NY_MON, "fw-005", "1. patient: John Smith\n2. appt: tomorrow 9:30\n3. action: cancel\n4. reason: car trouble",
      name="John Smith", cur=at("2026-03-10", "09:30", "tue"), reason=OTHER, tags=("list", "numbered")),
    R(CHI_MON, "fw-006",
      "Hi team. Maria Lopez called this morning. She can't do Thursday anymore because of work. "
      "Can we move her to next Tuesday afternoon? Thanks",
      name="Maria Lopez", cur=day("2026-04-30", "thu"), tgt=afternoon("2026-04-28", "tue"),
      alt={"tgt": [afternoon("2026-05-05", "tue")]},
      tags=("multi-sentence", "next-weekday", "reason-on-reschedule")),
    X(LA_MON, "fw-007",
      "---------- Forwarded message ---------\nFrom: Harold Finch <hfinch@example.net>\n"
      "Date: Sun, Jun 14, 2026 at 8:02 PM\nSubject: cancel\n\n"
      "Please cancel my appointment on Wednesday June 17. I'm feeling much better now.\n\nHarold",
      name="Harold Finch", cur=day("2026-06-17", "wed"), reason=FB, tags=("email-header", "signature")),
    R(LA_MON, "fw-008",
      "Fwd: Re: appt\n> From: isabel.cruz@example.com\n"
      "> I need to reschedule my 6/18 10:30 appointment to 6/25, any time after 1 works\nIsabel Cruz",
      name="Isabel Cruz", cur=at("2026-06-18", "10:30", "thu"), tgt=after("2026-06-25", "13:00", "thu"),
      tags=("quoted", "email-header", "signature", "range")),
    X(DEN_YEAR_END, "fw-009",
      "note from the answering service: Skyler White called at 7:45 pm, wants to cancel her appt on Jan 2, "
      "she's out of state. callback 720-555-0110",
      name="Skyler White", phone="7205550110", cur=day("2026-01-02", "fri"), reason=AWAY, ids=("720-555-0110",),
      tags=("call-time", "phone", "year-end")),
    X(NY_THU, "fw-010",
      'Patient message (portal):\n"I have a bad cough and fever, please cancel my appointment tomorrow at 11:15. '
      '- Kelly Kapoor, DOB 2/2/1985"',
      name="Kelly Kapoor", dob="1985-02-02", cur=at("2026-11-20", "11:15", "fri"), reason=SICK, ids=("2/2/1985",),
      tags=("portal", "signature", "dob")),
    R(CHI_TUE_EARLY, "fw-011",
      "From the on-call log:\n- 06:40 pt jim halpert called\n- wants to move today 10:00 to fri afternoon\n"
      "- phone 570-555-0199",
      name="jim halpert", phone="5705550199", cur=at("2026-09-15", "10:00", "tue"), tgt=afternoon("2026-09-18", "fri"),
      ids=("570-555-0199",), tags=("list", "call-time", "phone", "24h")),
    R(CHI_FRI_MONTH_END, "fw-012",
      "Creed Bratton\nDOB: 11/1/1943\nCurrent appt: Mon 8/3 @ 2:00\nWants: Wed 8/5, morning",
      name="Creed Bratton", dob="1943-11-01", cur=at("2026-08-03", "14:00", "mon"), tgt=morning("2026-08-05", "wed"),
      ids=("11/1/1943",), tags=("list", "no-verb", "dob")),
    X(NY_SUN_EVENING, "fw-013",
      "Msg from pt via text: 'hey its Toby Flenderson, cant come tmrw, got covid 😷'. pls cancel",
      name="Toby Flenderson", cur=day("2026-08-17", "mon"), reason=COVID, tags=("quoted", "sms", "emoji")),
    R(HNL_TUE, "fw-014",
      "Subject: Change of appointment\nDear Clinic,\nMy name is Keoni Kahale and I have an appointment on October 2 "
      "at 2:30 pm. I will be away on business then. Can you move it to October 9, same time?\nMahalo,\nKeoni\n"
      "808-555-0134",
      name="Keoni Kahale", phone="8085550134", cur=at("2026-10-02", "14:30", "fri"),
      tgt=at("2026-10-09", "14:30", "fri"),
      ids=("808-555-0134",), tags=("email", "signature", "same-time", "reason-on-reschedule")),
    X(DEN_WED, "fw-015", "Lena Fischer\n- cancel\n- fri 2/27 9:00\n- reason: pt says she's feeling better",
      name="Lena Fischer", cur=at("2026-02-27", "09:00", "fri"), reason=FB, tags=("list", "patient-in-reason")),
    R(CHI_SAT_FALLBACK, "fw-016",
      "FYI + action needed: Gina Torres (DOB 10/31/1980, ph 312-555-0150) wants her appointment tomorrow 11am "
      "moved to monday 11am",
      name="Gina Torres", dob="1980-10-31", phone="3125550150", cur=at("2026-11-01", "11:00", "sun"),
      tgt=at("2026-11-02", "11:00", "mon"), ids=("10/31/1980", "312-555-0150"),
      tags=("dob", "dob-like-today", "phone", "dst")),
    R(CHI_WED, "fw-017",
      "Dr. Patel asked me to move his patient Omar Haddad from Friday 10am to Monday 10am. Patient is sick this week.",
      name="Omar Haddad", cur=at("2026-03-06", "10:00", "fri"), tgt=at("2026-03-09", "10:00", "mon"),
      tags=("provider", "multi-sentence", "reason-on-reschedule", "dst")),
    X(NY_FRI, "fw-018", "Jess Mariano [9:02 AM]\ncan someone cancel my 3/11 appt? I'm stuck at work",
      name="Jess Mariano", cur=day("2026-03-11", "wed"), reason=WORK, tags=("slack-paste", "call-time")),
    R(LA_THU, "fw-019",
      "re: dwight schrute\nhe called back. wants the earliest appt we have, any day. "
      "his current one is tues 5/19 at 8:30.",
      name="dwight schrute", cur=at("2026-05-19", "08:30", "tue"), tgt=ASAP,
      tags=("asap", "multi-sentence", "no-verb")),
    X(PHX_SUN, "fw-020",
      'Fwd:\nFrom: omar.haddad@example.com\nSent: Sat 1/31/2026 10:12 PM\n'
      '"Please cancel my Tuesday appointment. I\'ve been called in to work." -Omar Haddad',
      name="Omar Haddad", cur=day("2026-02-03", "tue"), reason=WORK, tags=("email-header", "quoted", "signature")),
    R(CHI_MONTH_END, "fw-021",
      "Two things re Pam Beesly:\n1) she's fine with a Wednesday\n2) please move her from 2/3 at 9 to 2/4 at 9",
      name="Pam Beesly", cur=at("2026-02-03", "09:00", "tue"), tgt=at("2026-02-04", "09:00", "wed"),
      tags=("list", "numbered")),
    R(NY_MON, "fw-022",
      "ellen park called — she is NOT cancelling, she just wants to move from wed to thurs afternoon",
      name="ellen park", cur=day("2026-03-11", "wed"), tgt=afternoon("2026-03-12", "thu"),
      tags=("negated-cancel", "both-verbs")),
    X(DEN_YEAR_END, "fw-023",
      "Will Turner — please cancel.\nAppt: Fri Jan 2, 10:30 AM\nPhone: (720) 555-0177\nReason: snowed in",
      name="Will Turner", phone="7205550177", cur=at("2026-01-02", "10:30", "fri"), reason=OTHER,
      ids=("(720) 555-0177",), tags=("list", "phone", "year-end")),
    X(NY_NYE, "fw-024",
      "happy new year all! :tada: one for tomorrow's list — ruth cole can't make her 1/4 appt, please cancel it. "
      "no reason given",
      name="ruth cole", cur=day("2027-01-04", "mon"), tags=("chit-chat-prefix", "cant-make-it", "year-end")),
    X(CHI_MON, "fw-025",
      "Sent from my iPhone\n\n> On Apr 26, 2026, at 6:15 PM, Angela Martin <amartin@example.org> wrote:\n"
      "> Hi, I have a fever. Please cancel my appointment on Tuesday. Angela Martin",
      name="Angela Martin", cur=day("2026-04-28", "tue"), reason=SICK, tags=("email-header", "quoted", "signature")),
]
# fmt: on
