"""Messages that are not a reschedule or cancel request: questions, chit-chat, notices, other actions.

Several carry the words of a request (cancel, move, a name, a time) on purpose.
"""

from ._dsl import U
from .clinics import CHI_MON, CHI_WED, DUB_MON, LA_MON, LON_WED, NY_FRI, NY_MON, NY_SUN_EVENING, SYD_MON

# The cases are a table, laid out by hand (one case per line group): the formatter leaves it as written.
# fmt: off
CASES = [
    U(CHI_WED, "un-001", "what time does the clinic open tomorrow?", tags=("question",)),
    U(CHI_WED, "un-002", "thanks!!", tags=("chit-chat",)),
    U(CHI_WED, "un-003", "ok 👍", tags=("chit-chat", "emoji")),
    U(CHI_WED, "un-004", "good morning team", tags=("chit-chat",)),
    U(CHI_WED, "un-005", "lol yes", tags=("chit-chat",)),
    U(CHI_WED, "un-006", "who's on call tonight?", tags=("question",)),
    U(CHI_WED, "un-007", "is dr patel in on friday?", tags=("question", "weekday")),
    U(CHI_WED, "un-008", "the printer is jammed again", tags=("chit-chat",)),
    U(NY_FRI, "un-009", "how do I reschedule someone with this bot?", tags=("question", "request-word")),
    U(NY_FRI, "un-010", "help", tags=("short",)),
    U(NY_FRI, "un-011", "can someone cover the front desk at 2?", tags=("question", "time")),
    U(NY_FRI, "un-012", "fyi maria lopez called, she'll call back after 3", tags=("notice", "name", "time")),
    U(NY_FRI, "un-013", "reminder: staff meeting friday 3pm in room 2", tags=("notice", "time")),
    U(NY_FRI, "un-014", "lunch order? tacos at noon", tags=("chit-chat", "time")),
    U(NY_MON, "un-015", "what time is maria lopez's appt tomorrow?", tags=("question", "name", "possessive")),
    U(NY_MON, "un-016", "did john smith cancel?", tags=("question", "request-word", "name")),
    U(NY_MON, "un-017", "is the 3pm slot on friday still open?", tags=("question", "time")),
    U(NY_MON, "un-018", "how many appts do we have tmrw", tags=("question", "abbrev")),
    U(NY_MON, "un-019", "pt maria lopez confirmed for tmrw 3pm", tags=("notice", "name", "time")),
    U(NY_MON, "un-020", "maria lopez is running 10 min late", tags=("notice", "name")),
    U(LA_MON, "un-021", "john smith checked in", tags=("notice", "name")),
    U(LA_MON, "un-022", "did the reschedule for anna kim go through?", tags=("question", "request-word", "name")),
    U(LA_MON, "un-023", "why was smith's appt cancelled?", tags=("question", "request-word", "name")),
    U(LA_MON, "un-024", "can you send me the cancellation report for last week", tags=("other-action", "request-word")),
    U(LA_MON, "un-025", "new pt Anna Kim, DOB 7/14/1962, phone 555-881-0042 — please add to the waitlist",
      ids=("7/14/1962", "555-881-0042"), tags=("other-action", "dob", "phone")),
    U(LA_MON, "un-026", "book a new appt for maria lopez fri 2pm", tags=("other-action", "name", "time")),
    U(LON_WED, "un-027", "cheers, ta", tags=("chit-chat", "dmy")),
    U(SYD_MON, "un-028", "no worries mate, all sorted", tags=("chit-chat", "dmy")),
    U(CHI_MON, "un-029", "Has anyone seen the fax from Dr. Kim re: Tom Hardy?", tags=("question", "name")),
    U(CHI_MON, "un-030", "tomorrow is a holiday, clinic closed", tags=("notice",)),
    U(CHI_MON, "un-031", "the parking lot is flooded, heads up for the 9am patients", tags=("notice", "time")),
    U(CHI_MON, "un-032", "test", tags=("short",)),
    U(CHI_MON, "un-033", "?", tags=("short",)),
    U(CHI_MON, "un-034", "<@U07BOT123>", ids=("<@U07BOT123>",), tags=("markup", "short")),
    U(NY_SUN_EVENING, "un-035", ":wave:", tags=("markup", "emoji", "short")),
    U(NY_SUN_EVENING, "un-036", "what's the wifi password", tags=("question",)),
    U(NY_SUN_EVENING, "un-037", "did we get the new flu vaccines in?", tags=("question", "reason-word")),
    U(NY_SUN_EVENING, "un-038", "who cancelled the 4pm meeting?", tags=("question", "request-word", "time")),
    U(DUB_MON, "un-039", "should we move the staff meeting to thursday?", tags=("question", "request-word", "dmy")),
    U(DUB_MON, "un-040", "when is ellen park's next appointment?", tags=("question", "name", "dmy")),
    U(DUB_MON, "un-041", "maria lopez wants to know if she can bring her daughter", tags=("notice", "name", "dmy")),
    U(DUB_MON, "un-042", "what's our cancellation policy? pt asking", tags=("question", "request-word", "dmy")),
]
# fmt: on
