"""Slack markup removal and spelling repair, so the rules downstream see plain words.

Two texts come out of here: the markup-free text as written (names keep their
case) and a lower-case canonical text in which typos, abbreviations and number
words are replaced by one spelling each. The date rules only ever read the
canonical text, so they need to know one word per meaning.
"""

from __future__ import annotations

import re
import unicodedata

from bot.nlu.vocab import WEEKDAY_RE

# Slack: <@U0123>, <@U0123|maria>, <#C0123|front-desk>, <!here>, <https://x|label>, <mailto:..>.
_MENTION = re.compile(r"<[@#!][^>\s]*>")
_LINK = re.compile(r"<(?:https?|mailto):[^>|]*(?:\|[^>]*)?>")
# Slack links a typed phone number: <tel:+15552013344|+1 555-201-3344>; what was typed is the label.
_TEL = re.compile(r"<tel:([^>|]*)(?:\|([^>]*))?>")
_EMOJI = re.compile(r":(?=[a-z0-9_+'-]*[a-z_+])[a-z0-9_+'-]{1,40}:(?::skin-tone-\d:)?", re.IGNORECASE)
# Formatting marks only where they open or close a span, so `snake_case` and `3*4` keep theirs.
_FORMAT_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[{\"']))[*_~`]+(?=\S)")
_FORMAT_CLOSE = re.compile(r"(?<=\S)[*_~`]+(?=$|[\s)\]}\"'.,;:!?])")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
# Line breaks are kept in the written text: a name never runs on from one line into the next.
_LINE_SPACES = re.compile(r"[ \t\r\f\v]*\n[ \t\r\n\f\v]*")
_IN_LINE_SPACES = re.compile(r"[ \t\r\f\v]+")

_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": " - ",
        "\u2192": " -> ",
        "\u27f6": " -> ",
        "\u21d2": " -> ",
        "\u00a0": " ",
    }
)


def strip_markup(text: str) -> str:
    """Remove Slack markup but keep the words inside formatting marks."""
    text = unicodedata.normalize("NFC", text).translate(_CHAR_MAP)
    text = text.replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&")
    text = _MENTION.sub(" ", text)
    text = _TEL.sub(lambda m: f" {m.group(2) or m.group(1)} ", text)
    text = _LINK.sub(" ", text)
    text = _EMOJI.sub(" ", text)
    text = _FORMAT_OPEN.sub("", text)
    text = _FORMAT_CLOSE.sub("", text)
    return _IN_LINE_SPACES.sub(" ", _LINE_SPACES.sub("\n", text)).strip()


# Shorthand verbs staff type (`r/s`, `mv`, `x-out`, `c/x`), written out so every rule downstream knows them.
_SHORTHAND = (
    (re.compile(r"(?<![\w/])r/s(?:'?d|ed)?(?![\w/])", re.IGNORECASE), "reschedule"),
    (re.compile(r"(?<![\w/-])(?:re-?sch(?:ed)?'?d?|rsch(?:ed)?|rschd)(?![\w/-])", re.IGNORECASE), "reschedule"),
    (re.compile(r"(?<![\w/-])x(?:'?d)?[- ]?out(?![\w/-])", re.IGNORECASE), "cancel"),
    (re.compile(r"(?<![\w/])c/x(?:'?d)?(?![\w/])|(?<![\w/-])cxld(?![\w/-])", re.IGNORECASE), "cancel"),
    (re.compile(r"(?<![\w/.-])mv(?![\w/.-])", re.IGNORECASE), "move"),
    (re.compile(r"^(\s*)rs(?=\s+[A-Za-z])", re.IGNORECASE | re.MULTILINE), r"\1reschedule"),  # `rs jones to fri`
    (re.compile(r"(?<![\w/-])re?bk(?![\w/-])", re.IGNORECASE), "rebook"),
)
_SHORTHAND_HINT = re.compile(r"/|mv|x|sch|bk|cxld|rs", re.IGNORECASE)
# `12/03-14:30`, `12.03.14:30`: a day-month date glued to a 24-hour time is two things, never a birth date.
_GLUED_TIME = re.compile(r"(?<![\d/.\-])(\d{1,2}[/.\-]\d{1,2})[/.\-](?=(?:[01]?\d|2[0-3])[:h.][0-5]\d(?![\d/.\-]))")


def expand_shorthand(text: str) -> str:
    """Shorthand verbs written out and glued date-times parted, in the text as written."""
    if _SHORTHAND_HINT.search(text) is not None:
        for pattern, verb in _SHORTHAND:
            text = pattern.sub(verb, text)
    return _GLUED_TIME.sub(r"\1 ", text)


# One spelling per word. Keys are lower-case whole words.
_WORDS: dict[str, str] = {}


def _spell(canonical: str, *variants: str) -> None:
    for variant in variants:
        _WORDS[variant] = canonical


_spell("monday", "mon", "mondays", "mnday", "monady", "mondy", "monay", "moday")
_spell("tuesday", "tue", "tues", "tuesdays", "tuesdy", "teusday", "tuseday", "tusday", "tuesay", "tuesda", "tuezday")
_spell(
    "wednesday",
    "wed",
    "weds",
    "wednesdays",
    "wednsday",
    "wensday",
    "wendsday",
    "wednesay",
    "wedensday",
    "wednessday",
    "wednseday",
    "wedsday",
    "wedn",
    "wednes",
    "wendesday",
    "wednsedays",
)
_spell("thursday", "thu", "thur", "thurs", "thursdays", "thursdy", "thrusday", "thurday", "thursay", "thrus", "thrs")
_spell("friday", "fri", "fridays", "firday", "fridy", "friady", "frday", "fryday", "frid", "fridya", "firday", "fidray")
_spell("saturday", "sat", "saturdays", "saterday", "satruday", "saturdy", "satday", "satuday", "saturady", "sautrday")
_spell("sunday", "sundays", "sunady", "sundy")
# Other languages' weekdays are cheap to know here; dateparser is kept for their dates.
_spell("monday", "lunes", "lundi", "montag", "segunda", "lunedì", "lunedi")
_spell("tuesday", "martes", "mardi", "dienstag", "martedì", "martedi")
_spell("wednesday", "miércoles", "miercoles", "mercredi", "mittwoch", "mercoledì", "mercoledi")
_spell("thursday", "jueves", "jeudi", "donnerstag", "giovedì", "giovedi")
_spell("friday", "viernes", "vendredi", "freitag", "venerdì", "venerdi")
_spell("saturday", "sábado", "sabado", "samedi", "samstag")
_spell("sunday", "domingo", "dimanche", "sonntag")
_spell("tomorrow", "tomorow", "tommorow", "tommorrow", "tmrw", "tmr", "tmrrw", "2moro", "2morrow", "2morow", "tomm")
_spell("tomorrow", "tomorrw", "tomrrow", "tmw", "tomoro", "tomorro", "tommrow", "tmorrow", "tomorrows", "tmrws")
_spell("today", "tdy", "2day", "todays", "tday")
_spell("tonight", "tonite", "2nite", "tonigth")
_spell("yesterday", "yday", "yest")
_spell("january", "jan", "janurary", "januray")
_spell("february", "feb", "febuary", "febr", "februrary")
_spell("march", "mar", "mrch")
_spell("april", "apr", "aprl")
_spell("june", "jun")
_spell("july", "jul")
_spell("august", "aug", "agust")
_spell("september", "sep", "sept", "septmber", "setpember")
_spell("october", "oct", "octobr", "ocotber")
_spell("november", "nov", "novmber", "noveber")
_spell("december", "dec", "decmber", "decemeber")
_spell("morning", "morn", "mornin", "morining", "mornign", "moring")
_spell("afternoon", "aft", "aftn", "afternon", "arvo", "afteroon", "afternooon")
_spell("evening", "evenin", "evning")
_spell("appointment", "appt", "appts", "apt", "appt.", "appointments", "appoinment", "apointment", "appointmnet")
_spell("reschedule", "resched", "reschedul", "reshedule", "rescheduel", "re-schedule", "rescedule", "reschdule")
_spell("reschedule", "reschedual", "resheduel", "reshedual", "reschedulle", "resch.", "reschule", "rescheudle")
_spell("move", "mvoe", "moev", "mve")
_spell("from", "frm", "fr0m")
_spell("feeling", "feelin", "feelng", "fealing")
_spell("family", "famly", "famliy", "fmaily")
_spell("sick", "sik", "sicck")
_spell("cancel", "cancell", "cancle", "canx", "cxl", "cancl", "cnacel", "cancelled", "canceled", "cancelling")
_spell("cancel", "canceling", "cancels", "canc", "cancellation", "cx", "cncl", "cnx", "canx'd")
_spell("asap", "a.s.a.p", "a.s.a.p.")
_spell("please", "pls", "plz", "plse")
_spell("week", "wk", "wks", "weeks")
_spell("minutes", "mins", "min", "minute")
_spell("hours", "hrs", "hr", "hour")
_spell("because", "bc", "b/c", "cuz", "cause", "coz", "becuase", "becasue")
_spell("she", "shes")
_spell("can't", "cant", "cannot")
_spell("won't", "wont")
_spell("don't", "dont")
_spell("doesn't", "doesnt")
_spell("isn't", "isnt")
_spell("didn't", "didnt")
_spell("couldn't", "couldnt")
_spell("next", "nxt")
_spell("between", "btwn")
_spell("o'clock", "oclock", "o'clock.")
_spell("noon", "midday", "12noon", "mid-day")
_spell("instead", "insted", "instaed")
_spell("available", "avail", "availble", "avl", "avlb")
_spell("before", "b4", "bfr", "bef")
_spell("weekend", "wknd", "wkend", "weeknd", "wkd")
_spell("through", "thru")
_spell("opening", "opng")

_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
}
_NUM = "|".join(_NUMBER_WORDS)
# Number words become digits only where they tell a clock time or count days and weeks.
_NUMBER_AS_TIME = re.compile(
    rf"\b(?:(?<=at )|(?<=@ )|(?<=past )|(?<=to )|(?<=till )|(?<=until )|(?<=from )|(?<=between )|(?<=and )"
    rf"|(?<=after )|(?<=before )|(?<=around )|(?<=by )|(?<=in )|(?<=half )|(?<=or ))({_NUM})\b"
    rf"|\b({_NUM})(?=\s*(?:am|pm|a\.m\.|p\.m\.|o'clock|thirty|fifteen|forty[- ]?five|ish|days|week|months)\b)"
)
_MINUTE_WORDS = re.compile(r"\b(\d{1,2}) (thirty|fifteen|forty[- ]?five|o'clock)\b")
_MINUTES = {"thirty": ":30", "fifteen": ":15", "forty-five": ":45", "fortyfive": ":45", "forty five": ":45"}
_WORD = re.compile(r"[a-z0-9][a-z0-9'./-]*[a-z0-9.]|[a-z0-9]")
_MERIDIEM = re.compile(r"(?<![a-z])([ap])\.m\.?(?=\W|$)")
_ARROWS = re.compile(r"\s*(?:-+>|=+>)\s*")
_POSSESSIVE_TEMPORAL = re.compile(
    r"\b(today|tomorrow|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|yesterday)'s\b"
)


def _replace_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if word in _WORDS:
        return _WORDS[word]
    stripped = word.rstrip(".")
    if stripped != word and stripped in _WORDS:
        return _WORDS[stripped] + word[len(stripped) :]
    if word.endswith("'s") and word[:-2] in _WORDS:
        return _WORDS[word[:-2]] + "'s"
    return word


def spelling(word: str) -> str:
    """The one spelling of a lower-case word (`tmrw` -> `tomorrow`)."""
    return _WORDS.get(word, word)


# `sun` alone is Sunday in a request, except for the weather (`the sun`, `sun is out`, `sun's out`).
_SUN = re.compile(r"(?<!the )\bsun\b(?!'s|\s+(?:is|was|shine|screen|burn|block|came|comes|cream)\b)")


# `2wks`, `3days`: a count glued to its unit; `1st avail`: the first available, not the 1st of the month.
_GLUED_UNIT = re.compile(r"\b(\d{1,2})(wks?|weeks?|days?|hrs?|hours?|mins?|minutes?)\b")
_FIRST_AVAILABLE = re.compile(r"\b1st (?=avail|available|opening|open\b|slot|spot|free)")


# `one for tomorrow's list`: the day a list is for, not the appointment's (`drop X from tomorrow's schedule` is).
_DAYS_LIST = re.compile(
    r"\b(?:one|item|note|something) for (?:today|tomorrow|tonight)(?:'s| 's)\s+(?:list|huddle|board|sheet|notes|meeting"
    r"|run ?sheet)\b"
)
# `fine with a wednesday`, `any friday`: some such day, not a date.
_SOME_WEEKDAY = re.compile(rf"\b(?:a|any) (?:{WEEKDAY_RE})\b(?! (?:at|morning|afternoon|evening)\b)(?!\s*\d)")
# `new: Fri 3/13 AM`: `am`/`pm` after a date with no clock time is the morning or the afternoon.
_DAY_PART = re.compile(rf"\b((?:{WEEKDAY_RE}|today|tomorrow)|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?) (am|pm)\b")


def canonical(text: str) -> str:
    """Lower-case text with one spelling per word, arrows spelled `->`, number words as digits."""
    lowered = text.lower()
    lowered = _ARROWS.sub(" -> ", lowered)
    lowered = _GLUED_UNIT.sub(r"\1 \2", lowered)
    lowered = _FIRST_AVAILABLE.sub("first ", lowered)
    lowered = _MERIDIEM.sub(lambda m: m.group(1) + "m", lowered)
    lowered = _WORD.sub(_replace_word, lowered)
    lowered = _SUN.sub("sunday", lowered)
    lowered = _NUMBER_AS_TIME.sub(lambda m: _NUMBER_WORDS[m.group(1) or m.group(2)], lowered)
    lowered = _MINUTE_WORDS.sub(
        lambda m: m.group(1) + (" o'clock" if m.group(2) == "o'clock" else _MINUTES[m.group(2)]), lowered
    )
    lowered = _DAYS_LIST.sub(" the list ", lowered)
    lowered = _SOME_WEEKDAY.sub(" some day ", lowered)
    lowered = _DAY_PART.sub(lambda m: f"{m[1]} {'morning' if m[2] == 'am' else 'afternoon'}", lowered)
    lowered = _POSSESSIVE_TEMPORAL.sub(r"\1 's", lowered)
    return _SPACES.sub(" ", lowered).strip()
