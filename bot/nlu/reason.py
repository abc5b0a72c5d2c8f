"""The cancel reason: one of the seven the booking systems record, `Other`, or none.

Order matters: `covid` before `sick` (a COVID case is sick too), `worse`
before `feeling` (`feeling worse` is not `feeling better`), and a sick child
is the family's reason, not the patient's, so it is `Other`. A phrase that
only says the patient will not come (`can't make it`) is no reason at all.
"""

from __future__ import annotations

import re

from bot.nlu.model import Reason

_FAMILY = (
    r"(?:kid|kids|child|children|son|daughter|baby|husband|wife|partner|mom|mother|dad|father|mum|parent|parents"
    r"|grandma|grandmother|grandpa|grandfather|sister|brother|family member|caregiver|babysitter|nanny|dog|cat|pet)"
)
_RULES: tuple[tuple[Reason, re.Pattern[str]], ...] = (
    (
        "COVID-19 related",
        re.compile(
            r"\bcovid\b|\bcovid-?19\b|\bcorona(?:virus)?\b|\bsars-cov-2\b|\bquarantin\w*|\bisolat\w*"
            r"|\btested positive\b|\bpositive (?:test|for)\b|\bexposed\b|\bexposure\b"
        ),
    ),
    (
        "Other",
        re.compile(
            rf"\b{_FAMILY}(?:'s)? (?:is |was |got |has been |came down with |has )?(?:sick|ill|unwell|the flu|a fever|"
            r"a cold|in (?:the )?hospital|not feeling well)\b"
        ),
    ),
    (
        "Condition Worse",
        re.compile(
            r"\bworse\b|\bworsen\w*|\bdeteriorat\w*"
            r"|\b(?:in|to|at) (?:the )?(?:hospital|er|emergency room|a&e|urgent care)\b|\ber visit\b"
            r"|\bhospitali[sz]ed\b|\badmitted\b|\bflare[- ]?up\b|\bflared\b"
        ),
    ),
    (
        "Feeling Better",
        re.compile(
            r"\bfeel(?:s|ing)? (?:much |a lot |way |heaps |loads |lots )?better\b"
            r"|\bdoing (?:much |a lot )?better\b|\ball better\b"
            r"|\brecovered\b|\bbetter now\b|\b(?:she's|he's|they're|she is|he is|they are|pt is|patient is|is) "
            r"(?:much |a lot |way |now |feeling )?better\b(?! (?:for|on|than|at|in)\b)"
            r"|(?<!not )(?<!n't )(?<!never )\bfeel(?:s|ing)? (?:great|good|fine|well|ok|okay|alright|all right)\b"
            r"|\bimproved\b|\bimproving\b|\bresolved\b|\bhealed\b|\bfine now\b"
            r"|\bok now\b|\bokay now\b"
            r"|\bno longer (?:needs?|has) (?:it|the appointment|an appointment|appointment|to come|pain|symptoms)\b"
            r"|\b(?:doesn't|does not|don't|won't) need (?:it|the appointment|to come|to be seen)"
            r"(?: anymore| any more)?\b"
            r"|\bsymptoms (?:are )?gone\b|\bpain (?:is )?gone\b|\bno (?:more )?symptoms\b|\bgot better\b"
        ),
    ),
    (
        "Sick",
        re.compile(
            r"\bsick\b|\bill\b|\billness\b|\bunwell\b|\bflu\b|\bfever\b|\bcold\b|\bvomit\w*|\bthrowing up\b|\bnausea\w*"
            r"|\bnot feeling (?:well|good|great)\b|\bfeeling (?:unwell|bad|awful|terrible|poorly|rough|crappy)\b"
            r"|\bcrook\b|\bunder the weather\b|\bstomach (?:bug|flu|virus)\b|\bmigraine\b|\bstrep\b|\binfection\b"
            r"|\bdiarrh\w*"
            r"|\bcough\w*|\bsore throat\b|\bcame down with\b|\bbug going around\b|\bpoorly\b|\bnauseous\b"
            r"|\bbronchitis\b|\bpneumonia\b|\bheadache\b|\bstomach ?ache\b|\brsv\b|\bnorovirus\b|\bchills\b"
            r"|\bfeverish\b|\bgastro\b"
        ),
    ),
    (
        "Away",
        re.compile(
            r"(?<!right )(?<!straight )(?<!passed )(?<!pass )\baway\b"
            r"|\bout of (?:town|state|the country|the area|country)\b|\btravel+ing\b"
            r"|\btravel\b|\bvacation\b|\bholidays?\b|\btrip\b|\binterstate\b|\boff (?:the )?island\b"
            r"|\bmov(?:ing|ed|es) (?:away|out|house|abroad|overseas"
            r"|to(?! (?:another|a different|a new) (?:clinic|provider|doctor|practice)))\b"
            r"|\brelocat\w*|\babroad\b|\boverseas\b|\bvisiting (?:family|relatives|her|his|their)\b|\bflying\b"
            r"|\bleft town\b|\bleaving town\b|\bnot in town\b|\bnot around\b"
        ),
    ),
    (
        "Work",
        re.compile(
            r"(?<!doesn't )(?<!does not )(?<!won't )(?<!will not )(?<!not )(?<!didn't )(?<!wouldn't )"
            r"\bwork\b(?! (?:for|out|with|better))|\bjob\b|\bshift\b|\bboss\b|\bmeeting\b|\bbusiness\b|\bovertime\b"
            r"|\bcan't get (?:time )?off\b|\bcan't get out of work\b|\bemployer\b|\bdeadline\b|\bconference\b"
        ),
    ),
)
# Business travel is work; the word `trip` alone is away.
_BUSINESS_TRIP = re.compile(
    r"\b(?:work|business) (?:trip|travel)\b|\btravel+ing for (?:work|business|her job|his job)\b"
)

_OTHER = re.compile(
    r"\bbecause\b|\bdue to\b|\breason\b|\bsince (?:she|he|they)\b|\bemergency\b|\bbroke down\b|\bcar\b|\bride\b"
    r"|\btransport\w*|\bchildcare\b|\bchild care\b|\bbabysitter\b|\bfuneral\b|\bwedding\b|\bweather\b|\bsnow\w*"
    r"|\bstorm\b|\binsurance\b|\bcost\b|\bafford\b|\bexpensive\b|\bforgot\b|\bconflict\b|\bdouble[- ]booked\b"
    r"|\bpersonal\b|\bfamily\b|\bschool\b|\bexam\b|\bclass\b|\bcourt\b|\bjury\b|\banother (?:doctor|provider|clinic)\b"
    r"|\bdifferent (?:doctor|provider|clinic)\b|\bswitch\w* (?:provider|clinic|doctor)s?\b|\bnew (?:doctor|provider)\b"
    r"|\bpassed away\b|\b(?:patient|pt|she|he|they) (?:has |have )?passed\b|\bdeath\b|\bdied\b|\bdeceased\b"
    r"|\bbereavement\b|\bconcussion\b|\bfractur\w*"
    r"|\bno longer (?:wants|interested)\b"
    r"|\bchanged (?:her|his|their) mind\b"
    r"|\bpregnan\w*|\bsurgery\b|\binjur\w*|\baccident\b|\bflat tire\b|\bbus\b|\bparking\b|\btraffic\b"
    r"|\bbabys\w*|\bpet\b|\bvet\b|\bdentist\b|\bcaring for\b|\btaking care of\b|\bkid\b|\bkids\b|\bmoved on\b"
    r"|\b(?:appointment|appt) elsewhere\b|\b(?:another|other|a different|doctor's|dentist) appointment\b"
    r"|\bbusy\b|\bstrike\b|\btrain\b|\bsubway\b|\bflight\b|\blocked out\b|\bchange of plans?\b"
    r"|\bhurt\b|\bfell\b|\bsprain\w*|\bbroke (?:her|his|their|a) |\bsomething came up\b|\bcame up\b"
    r"|\bpower out\w*|\bcan't find\b"
)


_NO_REASON = re.compile(
    r"\b(?:no|without (?:a|any)|didn't (?:give|say)|did not (?:give|say)) (?:reason|explanation)\b"
    r"|\breason:? (?:none|n/a|not given|unknown)(?: given)?\b"
)


def find_reason(text: str) -> Reason | None:
    """The cancel reason stated in canonical text, or None when none is stated."""
    text = _NO_REASON.sub(" ", text)
    if _BUSINESS_TRIP.search(text):
        return "Work"
    for reason, pattern in _RULES:
        if pattern.search(text):
            return reason
    if _OTHER.search(text):
        return "Other"
    return None
