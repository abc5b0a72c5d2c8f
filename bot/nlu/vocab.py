"""Word lists shared by the rules: months, weekdays, and words that are never part of a name."""

from __future__ import annotations

from datetime import date

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
MONTH_RE = "|".join(MONTHS)
# Abbreviations as written in the original text (before canonical spelling), for birth dates.
MONTH_ANY_RE = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?"
)

WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
WEEKDAY_RE = "|".join(WEEKDAYS)


def month_number(word: str) -> int | None:
    """`Sept`, `sep.`, `September` -> 9."""
    word = word.lower().rstrip(".")
    for name, number in MONTHS.items():
        if word == name or (len(word) >= 3 and name.startswith(word[:3]) and name.startswith(word.rstrip("t"))):
            return number
    if word == "sept":
        return 9
    return None


def make_date(year: int, month: int, day: int) -> date | None:
    """A real calendar date or None (31 April is not a date)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def full_year(two_digits: int, today: date, *, past: bool) -> int:
    """`80` -> 1980 for a birth date; `26` -> 2026 for an appointment."""
    year = 2000 + two_digits
    if past:
        return year if year <= today.year else year - 100
    return year if year <= today.year + 20 else year - 100


def words(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


# Request words that are also common names; read as a name only capitalised and next to another name word.
NAME_LIKE = frozenset(
    {"said", "will", "may", "well", "good", "early", "day", "new", "best", "case", "chase", "hope", "joy", "grace"}
    | {"rich", "sat", "long", "young", "hill", "hall", "king", "love", "mark", "bill", "sue", "pat", "rose", "dawn"}
    | {"summer", "june", "april", "jan", "august", "florence", "faith", "page", "ward", "west", "north", "price"}
    | {"able", "late", "fine", "little", "major", "noble", "sharp", "strong", "swift", "wise", "worth", "story"}
    | {"holiday", "close", "short", "small", "soon", "law", "power", "free", "house", "field", "church", "day"}
    | {"flood", "storm", "rain", "snow", "block", "ice", "cast", "lab", "physical", "left", "went", "possible"}
)
# Of those, the ones that never say anything about the request right after a first name, so they are the
# surname also in lower case (`cancel kim possible thurs`, `move ann king to fri`); never `late`, `soon`, `early`.
SURNAME_LIKE = frozenset(
    {"possible", "king", "hall", "hill", "price", "ward", "west", "north", "young", "long", "little", "noble"}
    | {"sharp", "strong", "swift", "wise", "worth", "rich", "rose", "grace", "joy", "church", "story"}
)

TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "mister", "master", "sir", "madam", "prof"})

# Words that are never part of a patient's name (checked lower-case).
STOP_WORDS = words(
    """
    a an the this that these those it its it's i i'm im me my we us our you your he him his she her hers they them
    their theirs who whom whose what which when where why how there here and or but so if then than as because since
    due to from for on at in into onto of off out over up down by with without about around after before between
    until till via per re fyi asap please pls plz thanks thank thx ty hi hey hello yo ok okay sure yes no not
    cancel cancels cancelled canceled canceling cancelling cancellation canx cxl move moves moved moving push pushed
    bump bumped change changed switch switched shift shifted swap rebook reschedule rescheduled resched resch
    postpone postponed drop dropped delete remove scrap call calls called calling need needs needed want wants
    wanted would could should can can't cannot won't will shall may might must is are was were be been being am do
    does did doesn't don't didn't has have had having get gets got make makes made come comes coming go goes going
    see sees tell told say says said let lets let's ask asked asks try tried book booked booking bookings appointment
    appointments appt appts apt visit visits slot slots session sessions time times date dates day days week weeks
    month months year today tomorrow tonight yesterday morning afternoon evening night noon midday lunch now soon
    later earlier sooner next last this coming following same other another new existing current upcoming regular
    usual first earliest available availability opening openings spot spots anything something everything nothing
    all both each either any some instead also too just only still really very pt patient patients client clients
    customer dob phone number cell mobile tel ref reference confirmation conf id born birthday name sick ill feeling
    pnr personnummer ssn mrn nhs medicare d.o.b portal reports report states one ones req reqd reqs
    better worse away work working job meeting covid flu fever family emergency car trip vacation holiday out town
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed weds thu thur thurs fri sat sun
    january february march july august september october november december feb mar apr jun jul aug
    sep sept oct nov dec am pm o'clock half quarter past mins minutes hour hours ish earliest
    front desk team guys folks everyone anyone someone somebody nobody doctor dr mr mrs ms miss mx provider clinic
    office schedule scheduled calendar again back forward ahead up around though thru through while during
    whenever whatever wherever everybody anybody whoever reason reasons note notes re: cc
    able unable possible sorry urgent quick quickly fine well good great done hold held
    wont cant dont isnt didnt doesnt couldnt wouldnt shouldnt hasnt havent arent wasnt werent aint
    isn't aren't wasn't weren't hasn't haven't couldn't wouldn't shouldn't mustn't she's he's they're we're
    anymore sometime sometimes somewhere anyway anyways maybe probably possibly perhaps definitely actually
    already yet ever never always usually instead rather else whether
    says saying asks asking wants wanting needs needing hopes hoping hoped thinks think thought prefers prefer
    preferred requested request requests rang phoned texted emailed messaged wrote writes replied
    tested test testing positive negative isolating recovering traveling travelling travelled traveled
    running late running arriving stuck showed show no-show noshow feels felt poorly unwell
    rescheduling cancelling moving pushing bumping switching shifting booking confirming confirmed confirm
    w w/ wo w/o re: pls. thanks! thx! ty! lol ok. k np
    update updates heads note notes reminder question request requests fyi important followup follow-up quick
    that's what's there's here's who's where's how's let's today's weather traffic kid kids son daughter child
    children baby mom mum mother dad father husband wife partner sister brother grandma grandpa family mom's mum's
    """
)
# What is wrong with the patient, what happened to them, and the service booked: `pt fever cancel tmrw`,
# `patient passed away`, `physio tmrw cxl` name nobody.
CLINICAL_WORDS = words(
    """
    passed died deceased expired relocated admitted hospitalized hospitalised discharged injured fell broke
    vomiting coughing sneezing bleeding wheezing limping migraine migraines nauseous nausea concussion
    bronchitis pneumonia asthma asthmatic diabetic pregnant pregnancy surgery post-op postop fracture fractured
    sprain sprained infection infected rash cough sore pain painful injury headache headaches stomach virus
    viral strep rsv symptomatic contagious dizzy dizziness fainted chills flu-like allergies allergy allergic
    sinus shingles measles chickenpox norovirus gastro diarrhea diarrhoea constipated fatigue exhausted tired
    ache aches aching swollen swelling bruised bruising stitches cast crutches wheelchair bedridden hospital er
    icu inpatient outpatient recovering sickly feverish congested congestion physio physiotherapy massage dental
    cleaning checkup check-up consult consultation followup follow-up therapy eval evaluation xray x-ray mri
    ultrasound scan bloodwork labs lab vaccine vaccination injection physical annual intake telehealth virtual
    chiro chiropractic acupuncture osteo counselling counseling
    """
)
# What staff notes say happened, and why the office changes plans: `jones left a vm`, `snow tomorrow, cancel all`.
NOTE_WORDS = words(
    """
    waiting left came went mentioned reported informed says wrote replied message messages msg voicemail vm email memo
    text texts call two three four five six seven eight nine ten thing things items stuff issue issues snow
    snowing storm rain ice icy blizzard hurricane flood flooding closed closing block blocked holiday
    """
)
STOP_WORDS = STOP_WORDS | CLINICAL_WORDS | NOTE_WORDS
