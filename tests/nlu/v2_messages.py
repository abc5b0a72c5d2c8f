"""Understanding v2: requests inside notes, forwarded mail, several sentences and lists, with the full expected JSON.

Reference clock: Thursday 2026-03-05 10:00 America/Chicago (see cases.py). What these check
beyond the request itself: a header's date is never the appointment, a signature's phone and
name are the sender's (read only when the body names nobody: a patient's own forwarded mail),
a list number is never an hour, and when a message came is never when the appointment is.
"""

from __future__ import annotations

from tests.nlu.cases import FRI6, MON9, THU12, TUE10, W, X, case

R = "reschedule"
C = "cancel"
TUE_3PM = X("2026-03-10T15:00-05:00")
FRI_AM = W("2026-03-06T08:00-06:00", "2026-03-06T12:00-06:00")

GMAIL_FORWARD = (
    "---------- Forwarded message ---------\nFrom: Jane Desk <jane@clinic.com>\nDate: Mon, Mar 2, 2026 at 9:14 AM\n"
    "Subject: appt change\nTo: <front@clinic.com>\n\nPlease move Maria Lopez from tue 3pm to fri am.\n\nThanks,\nJane"
)
OUTLOOK_FORWARD = (
    "From: Jane Desk\nSent: Monday, March 2, 2026 9:14 AM\nTo: Front Desk\nSubject: cancellation\n\n"
    "Hi, please cancel Tom Baker tomorrow, he is sick.\n\nThanks\nJane Doe\nFront Desk | 555-201-3344"
)
OUTLOOK_ONE_LINE = (
    "From: Jane Desk Sent: Monday, March 2, 2026 9:14 AM To: front desk Subject: cancel\n"
    "Please cancel Maria Lopez on friday, she is sick.\nThanks,\nJane"
)
PATIENT_MAIL = (
    "Fwd: appointment\n\nHello, I need to cancel my appointment on Monday. I have the flu.\n\n"
    "Thank you,\nMaria Lopez\n555-201-3344"
)

QUOTES_AND_FORWARDS = [
    case("> cancel maria lopez friday", C, name="maria lopez", cur=FRI6),
    case(
        "> Maria Lopez called, she can't make tue 3pm\n> can we move her to fri am?",
        R,
        name="Maria Lopez",
        cur=TUE_3PM,
        tgt=FRI_AM,
    ),
    case("&gt; cancel maria lopez friday", C, name="maria lopez", cur=FRI6),
    case("Fwd: cancel maria lopez friday", C, name="maria lopez", cur=FRI6),
    case("FW: Maria Lopez - tue 3pm -> fri am", R, name="Maria Lopez", cur=TUE_3PM, tgt=FRI_AM),
    case("Re: cancel tom baker fri", C, name="tom baker", cur=FRI6),
    case(GMAIL_FORWARD, R, name="Maria Lopez", cur=TUE_3PM, tgt=FRI_AM),
    case(OUTLOOK_FORWARD, C, name="Tom Baker", cur=FRI6, reason="Sick"),
    case(OUTLOOK_ONE_LINE, C, name="Maria Lopez", cur=FRI6, reason="Sick"),
]

SIGNATURES = [
    case(
        "Please cancel Tom Baker tomorrow, he is sick.\n--\nJane Doe\nReception\n(555) 201-3344",
        C,
        name="Tom Baker",
        cur=FRI6,
        reason="Sick",
    ),
    case("cancel tom baker fri\n\nSent from my iPhone", C, name="tom baker", cur=FRI6),
    case("cancel tom baker tmrw pls. Thanks, Sarah", C, name="tom baker", cur=FRI6),
    case("cancel tom baker tmrw pls\nthx\nSarah", C, name="tom baker", cur=FRI6),
    # The body names nobody: the mail is the patient's own, and so are the name and phone it is signed with.
    case(
        "Fwd: Hi, I can't make my appointment tomorrow at 3pm, please cancel it. Thanks, Maria Lopez",
        C,
        name="Maria Lopez",
        cur=X("2026-03-06T15:00-06:00"),
    ),
    case(PATIENT_MAIL, C, name="Maria Lopez", phone="5552013344", cur=MON9, reason="Sick"),
    # a reply's attribution line: its date is when the mail was written, its writer the patient
    case(
        "On Wed, Mar 4, 2026 at 8:12 PM Maria Lopez <maria@x.com> wrote:\n"
        "> Can I move my Tuesday appt to Friday morning?",
        R,
        name="Maria Lopez",
        cur=TUE10,
        tgt=FRI_AM,
    ),
    case("pt msg: Hi it's Maria Lopez, need to cancel my appt on the 12th", C, name="Maria Lopez", cur=THU12),
    case("Text from pt: 'can't come tmrw, sorry' - maria lopez", C, name="maria lopez", cur=FRI6),
]

SENTENCES = [
    case(
        "Hi all, quick one. Tom Baker can't come tomorrow. Please move him to next Tuesday afternoon. Thanks!",
        R,
        name="Tom Baker",
        cur=FRI6,
        tgt=W("2026-03-10T12:00-05:00", "2026-03-10T17:00-05:00"),
    ),
    case(
        "Maria Lopez (DOB 04/05/1980) called. Needs to move Tue 3pm. Prefers Fri am. Ph 555-201-3344.",
        R,
        name="Maria Lopez",
        dob="1980-04-05",
        phone="5552013344",
        cur=TUE_3PM,
        tgt=FRI_AM,
    ),
    case(
        "Please reschedule. Patient: Maria Lopez. Current appt: Tue 3pm. Requested: Fri am.",
        R,
        name="Maria Lopez",
        cur=TUE_3PM,
        tgt=FRI_AM,
    ),
    case("Can you move Maria Lopez? She has tue 3pm. Wants fri.", R, name="Maria Lopez", cur=TUE_3PM, tgt=FRI6),
    case(
        "Two things: Maria Lopez can't do Tuesday. She can do Thursday after 2. Thanks!",
        R,
        name="Maria Lopez",
        cur=TUE10,
        tgt=W("2026-03-12T14:00-05:00", "2026-03-13T00:00-05:00"),
    ),
    case(
        "Good morning team. Can we please cancel John Smith's appointment for tomorrow. He is in hospital. Thank you.",
        C,
        name="John Smith",
        cur=FRI6,
        reason="Condition Worse",
    ),
    case(
        'Message from patient: "Hi, this is Maria Lopez, I need to move my appointment on Tuesday to Friday morning"',
        R,
        name="Maria Lopez",
        cur=W("2026-03-10T00:00-05:00", "2026-03-11T00:00-05:00"),
        tgt=FRI_AM,
    ),
    case("Voicemail: maria lopez, can't make tues 3pm, call back to rebook", C, name="maria lopez", cur=TUE_3PM),
    case("can't make it tmrw - lopez", C, name="lopez", cur=FRI6),
    case(
        "Hi - can someone move pt Baker from thurs 10 to fri 10? ty!",
        R,
        name="Baker",
        cur=X("2026-03-12T10:00-05:00"),
        tgt=X("2026-03-06T10:00-06:00"),
    ),
    # When the message came is not when the appointment is.
    case(
        "Tom Baker called this morning. He wants to move his Friday appt to Monday.",
        R,
        name="Tom Baker",
        cur=FRI6,
        tgt=MON9,
    ),
    case("pt called yesterday, cancel jones fri", C, name="jones", cur=FRI6),
]

LISTS = [
    case("1) Tom Baker\n2) tue 3pm -> fri am", R, name="Tom Baker", cur=TUE_3PM, tgt=FRI_AM),
    case(
        "- Tom Baker\n- DOB 4/5/1980\n- cancel friday, sick",
        C,
        name="Tom Baker",
        dob="1980-04-05",
        cur=FRI6,
        reason="Sick",
    ),
    # A list number is never an hour: not `friday 2` (2 pm).
    case("1. cancel tom baker fri\n2. sick", C, name="tom baker", cur=FRI6, reason="Sick"),
    case("1) cancel tom baker fri 2) reason: work", C, name="tom baker", cur=FRI6, reason="Work"),
    case("1. cancel tom baker fri 2. sick", C, name="tom baker", cur=FRI6, reason="Sick"),
    # several requests for different patients: the first is read (one intent), never a blend of the two
    case("1) cancel maria lopez fri\n2) move john smith to mon", C, name="maria lopez", cur=FRI6),
    case("1. cancel maria lopez fri 2. move john smith to mon", C, name="maria lopez", cur=FRI6),
    case("• cancel Tom Baker 3/12\n• note: flu", C, name="Tom Baker", cur=THU12, reason="Sick"),
    case("* move Anna Kim to mon", R, name="Anna Kim", tgt=MON9),
    case(
        "Maria Lopez\nDOB 4/5/1980\nCancel Friday\nSick",
        C,
        name="Maria Lopez",
        dob="1980-04-05",
        cur=FRI6,
        reason="Sick",
    ),
]

V2_MESSAGES = QUOTES_AND_FORWARDS + SIGNATURES + SENTENCES + LISTS
