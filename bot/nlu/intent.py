"""Reschedule, cancel or unknown, from the canonical text.

Staff mix the two verbs (`can't make it Tuesday, can she come Thursday
instead`), so the decision is not the first verb found: a request that names a
new time is a reschedule, one that only says the patient will not come is a
cancel, and anything that is not about an existing appointment (a new booking,
the waitlist, a question, small talk) is unknown.
"""

from __future__ import annotations

import re

from bot.nlu.model import Intent

_RESCHEDULE = re.compile(
    r"\b(?:reschedule[ds]?|rescheduling|rebook(?:ed|ing)?|re-book|move[ds]?|moving|push(?:ed|ing)?|bump(?:ed|ing)?"
    r"|chang(?:e|es|ing)|(?<=to be )changed|(?<=get it )changed|switch(?:ed|es|ing)?"
    r"|(?<!my )(?<!your )(?<!our )(?<!the )(?<!a )(?<!her )(?<!his )(?<!their )(?<!night )(?<!day )(?<!work )"
    r"(?<!late )(?<!early )shift(?:ed|ing)?|swap(?:ped)?|postpone[ds]?|postponing|delay|pre-?pone[ds]?"
    r"|bring (?:her|him|them|it) (?:forward|in earlier)|instead|earlier slot|later slot|another (?:day|time|slot)"
    r"|different (?:day|time|slot)|(?:can|could|would) (?:[a-z'.-]+ ){1,3}(?:come|do|make it|get in|be seen|go)"
    r"|(?:come|come in|do) (?:on|at)|prefers?|would rather|works better"
    r"|(?:come|come in|get in|be seen|go) (?:earlier|sooner|later|asap|as soon as)"
    r"|(?:earlier|later|sooner) (?:slot|time|appointment|day))\b|->"
)
# `moving away` is a reason to cancel, not a request to move the appointment.
_NOT_RESCHEDULE = re.compile(
    r"\b(?:moving|moved|move[ds]?) (?:away|out|house|abroad|overseas|states|cities|to (?:another|a different|a new) "
    r"(?:state|city|country|town|area|clinic|provider)|to [a-z]+ (?:state|city))\b|\bchange of plans?\b"
    r"|\b(?:will|'ll) (?:call (?:back )?to |call back and )?reschedule\b"
    r"|\breschedule (?:later|another time|when|once|at a later date|herself|himself|themselves"
    r"|on (?:her|his|their) own)\b"
    r"|\b(?:call|phone|ring) (?:us )?(?:back )?to (?:reschedule|rebook)\b|\bwill rebook\b"
    r"|\bno need to reschedule\b|\bdon't reschedule\b|\bnot reschedule\b"
    r"|\bswitch(?:ing|ed)? (?:providers?|clinics?|doctors?|insurance)\b"
    r"|\bchang(?:e|es|ing) (?:(?:her|his|their|my|the|your) )?(?:providers?|clinics?|doctors?|insurance|address|phone"
    r"|number|email|mind|plans?|name|details|info|file|password)\b"
)
# The cancellation list is the waitlist, not a cancel.
_WAITLIST = re.compile(r"\b(?:wait ?list|waiting list|cancel list|cancellation list)\b")
# A report of what already happened (`she already rescheduled online`, `the 3pm cancelled so we have an opening`)
# asks for nothing: past tense, with a word that says it is done or what follows from it.
_PAST = re.compile(r"\b(?:cancell?ed|rescheduled|rebooked|moved|no-?showed)\b")
_DONE = re.compile(
    r"\b(?:already|online|on the (?:app|portal|website)|through the (?:app|portal|website)|via (?:the )?(?:app|portal"
    r"|website|text|email)|no action|nothing to do|fyi|opening|openings|spot opened|slot opened|freed up|wait ?list"
    r"|herself|himself|themselves|last week|yesterday)\b"
)
_IMPERATIVE = re.compile(
    r"(?:^|[,.;:!?]\s*|\b(?:please|pls|plz|can you|could you|can we|could we|need to|needs to|want to|wants to"
    r"|to) )(?:cancel|reschedule|move|push|bump|rebook|resched|cx|cxl|remove|delete|drop"
    r"|take (?:her|him|them|it) off)\b"
)
_CANCEL = re.compile(
    r"\bcancel\b|\bcall(?:ed|ing)? (?:it )?off\b|\b(?:won't|wont|will not|can't|cant|cannot|can not|couldn't|isn't"
    r"|is not|not) (?:be able to |going to |gonna )?(?:make it|make the|come|coming|attend|be (?:coming|there|in))\b"
    r"|\bunable to (?:make|come|attend)\b|\bnot able to (?:make|come|attend)\b|\bdrop(?:ped)?\b(?! off)|\bremove[d]?\b"
    r"|\bdelete[d]?\b|\bscrap\b|\btake (?:her|him|them) off\b"
    r"|\btake (?:[\w'.-]+ ){1,4}off (?:the |her |his |their |our |my )?(?:books|schedule|calendar|list|diary)\b"
    r"|\bno longer (?:need|needs|coming|wants|want)\b"
    r"|\b(?:doesn't|does not|don't|won't) need (?:it|the appointment|to come|to be seen|her appointment)\b"
    r"|\bno[- ]show\b(?= (?:today|tomorrow))|\bwon't be in\b|\bskip\b|\bnot going\b"
)
_EXPLICIT_RESCHEDULE = re.compile(r"\b(?:reschedule|rebook|move|push|bump|postpone|switch)\b")
_NEW_BOOKING = re.compile(
    r"\b(?<!re-)(?<!re)book(?:ing)? (?:a |an |in )?(?:new|first)\b|\bnew (?:patient|pt)\b"
    r"|\bnew (?:appointment|visit|booking)\b|\b(?<!re)(?:book|schedule) (?:a |an )?(?:appointment|visit|slot|physical"
    r"|check-?up)\b|\bwait ?list\b|\bwaiting list\b"
    r"|\b(?<!re)book (?:[a-z]+ ){0,3}(?:in|for)\b|\badd (?:[a-z]+ ){0,3}to the (?:schedule|calendar)\b|\bfirst visit\b"
)
_QUESTION = re.compile(
    r"^(?:hi |hey |hello |quick question,? |q: )?(?:how|what|what's|whats|why|who|where|when|which|did|does|do|has|have"
    r"|is|are|was|were|should|am i)\b"
)
_REQUEST_IN_QUESTION = re.compile(
    r"\b(?:can you|could you|would you|can we|could we|please|is it (?:ok|okay|possible) to|would it be possible"
    r"|are you able to|do you mind)\b"
)


# `FYI + action needed: ... wants her appointment tomorrow moved to monday`: the past participle is the wish.
_STILL_ASKS = re.compile(
    r"(?<!no )\baction (?:needed|required)\b"
    r"|\b(?:wants?|would like|needs?) (?:her|his|their|the|this|it|my) (?:[\w'-]+ ){0,5}"
    r"(?:moved|rescheduled|cancell?ed|changed)\b"
)
# Other office tasks that mention a cancel: `can you send me the cancellation report for last week`.
_OTHER_TASK = re.compile(
    r"\b(?:send|email|print|pull|run|export|share|forward) (?:me |us )?(?:the |a |an |our )?(?:[\w-]+ ){0,2}"
    r"(?:report|reports|stats|statistics|summary|spreadsheet|numbers)\b"
)


def _is_report(written: str) -> bool:
    """Past tense with `already`, `online`, `opening`...: and no verb that asks for anything."""
    if _STILL_ASKS.search(written):
        return False
    return bool(_PAST.search(written) and _DONE.search(written) and not _IMPERATIVE.search(written))


# `first available for john smith`: asking for the first opening is asking to move, even without a verb.
_FIRST_OPENING = re.compile(
    r"\b(?:first|earliest|soonest|next|1st)\s+(?:available|possible|opening|open(?: slot| spot)?|free|slot|spot"
    r"|appointment|time)\b|\bearliest\b|\bsoonest\b|\bearlier (?:opening|slot|spot|time|appointment)s?\b"
)


# `lopez would like fri`, `kim wants thursday`: a wish for a time, without a verb of moving.
_WANTS = re.compile(
    r"\b(?:would like|'d like|would prefer|wants?|needs?|requests?|requested|asking for|asks for|asked for"
    r"|looking for|hoping for)\b"
)
_NOT_A_WISH = re.compile(r"\b(?:to know|wondering|if we|whether|asking if|asks if|asked if|to ask|to check)\b")


def classify(
    text: str,
    has_target: bool,
    *,
    from_to: bool = False,
    written: str = "",
    first_available: bool = False,
    name_leads: bool = False,
) -> Intent:
    """The intent of one canonical request.

    `has_target` says whether a wanted window was found; `from_to` whether the
    request names both the current appointment and the target with cue words
    (`Lara Croft from Wed 9am to Thu 9am`), which is a reschedule without a verb.
    `written` is the lower-case text before spelling repair, which keeps the tense.
    `first_available` says an asap window was read (`first available`, `earliest opening`);
    `name_leads` that the request opens with the name and a wish (`lopez to fri`).
    """
    if _QUESTION.match(text) and not _REQUEST_IN_QUESTION.search(text):
        return "unknown"
    if written and _is_report(written):
        return "unknown"
    if _OTHER_TASK.search(text):
        return "unknown"
    if _WAITLIST.search(text) and not re.search(r"\b(?:reschedule|rebook|move|instead)\b", text):
        return "unknown"
    cleaned = _NOT_RESCHEDULE.sub(" ", text)
    reschedule = _RESCHEDULE.search(cleaned) is not None
    cancel = _CANCEL.search(cleaned) is not None
    if not (reschedule or cancel):
        if _NOT_RESCHEDULE.search(text) and re.search(r"\b(?:reschedule|rebook)\b", text):
            return "cancel"
        wish = from_to or name_leads or (first_available and _FIRST_OPENING.search(text) is not None)
        wish = wish or (has_target and _WANTS.search(text) is not None and _NOT_A_WISH.search(text) is None)
        return "reschedule" if wish and not _NEW_BOOKING.search(text) else "unknown"
    if _NEW_BOOKING.search(text) and not re.search(r"\b(?:reschedule|rebook|move|cancel|instead)\b", cleaned):
        return "unknown"
    if reschedule and cancel:
        if has_target or (_EXPLICIT_RESCHEDULE.search(cleaned) and not re.search(r"\bcancel\b", cleaned)):
            return "reschedule"
        return "cancel"
    return "reschedule" if reschedule else "cancel"
