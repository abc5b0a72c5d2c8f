"""Birth dates, phone numbers and booking references: found first, then masked out.

These are the traps of the contract: `4/5/1980`, `555-201-3344` and `#48213`
look like dates and times. Finding them before any date rule runs, and
replacing each with a separator mark, guarantees that no date rule can ever
read them as an appointment time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.nlu.vocab import MONTH_ANY_RE, full_year, make_date, month_number

MASK = " ¦ "

_SEP = r"[/.\-]"
_NUMERIC_DATE = rf"\d{{1,2}}{_SEP}\d{{1,2}}{_SEP}(?:\d{{4}}|\d{{2}})(?!\d)"
_ISO_DATE = r"\d{4}-\d{1,2}-\d{1,2}(?!\d)"
# A year is never the hour of a clock time that follows the day: `march 18th 11:15am`, `Jan 2, 10:30 AM`.
_YEAR_END = r"(?!\d|[:.h]\d|\s?[ap]\.?m\b)"
_DAY_MONTH = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTH_ANY_RE})\.?,?\s+(?:\d{{4}}|'?\d{{2}}){_YEAR_END}"
_MONTH_DAY = rf"(?:{MONTH_ANY_RE})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:\d{{4}}|'?\d{{2}}){_YEAR_END}"
_ANY_DATE = rf"(?:{_ISO_DATE}|{_NUMERIC_DATE}|{_DAY_MONTH}|{_MONTH_DAY})"

_DOB_KEYWORD = re.compile(  # (?i): `DOB`, `Date of Birth` and `born` in any case
    r"(?i)(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bbirth\s?date\b|\bbirthday\b|\bborn(?:\s+on)?\b|\bb\.(?=\s*\d))"
    rf"\s*(?:is\s+)?[:=\-]?\s*\(?({_ANY_DATE})\)?",
)
_BARE_FULL_DATE = re.compile(rf"(?<![\w/.\-]){_ANY_DATE}(?![\w/\-]|\.\d)", re.IGNORECASE)

_UUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
_REF_KEYWORD = re.compile(
    r"\b(?:booking|bkg|ref|reference|conf|confirmation|appointment|appt|apt|visit|order|record|id)\b\.?"
    r"(?:\s*(?:no\.?|number|num|nr|ref|reference|id|code|#))*\s*[:#=]?\s*#?\s*"
    r"((?=[A-Za-z0-9-]*\d)[A-Za-z]{0,6}-?\d[A-Za-z0-9-]*)(?![\w/]|:\d)",
    re.IGNORECASE,
)
# `conf #A7K2Q`: after a reference word and `#`, a code of letters and digits is the reference.
_CODE_AFTER_HASH = re.compile(r"#\s?(?=[A-Za-z0-9]*[A-Za-z])(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{5,12}$")
_HASH_REF = re.compile(r"(?<![\w&])#\s?((?=[A-Za-z0-9-]*\d{3})[A-Za-z0-9][A-Za-z0-9-]*)\b")
_TIME_LIKE = re.compile(r"^\d{1,2}(?:[ap]m?)?$|^\d{3,4}(?:[ap]m?)$", re.IGNORECASE)

_PHONE_KEYWORD = re.compile(
    r"\b(?:phone|ph|tel|telephone|cell|cellphone|mobile|mob|cell\s+number|phone\s+number|number|callback|call\s+back"
    r"|contact|reach\s+(?:her|him|them)\s+at|text)\b\.?(?:\s*(?:no\.?|number|#|is|on|at))*\s*[:=\-]?\s*"
    r"(\+?\(?\d[\d\s().\-]{5,20}\d)",
    re.IGNORECASE,
)
_PHONE_SHAPE = re.compile(
    r"(?<![\w+/.:])(?:\+\d{1,3}[\s.\-]?)?\(?\d{3}\)?[\s.\-]?\d{3}[\s.\-]?\d{4}(?![\w/:])"
    r"|(?<![\w+/.:])\+\d[\d\s().\-]{7,18}\d(?![\w/:])"
    r"|(?<![\w/.:\-])\d{10,13}(?![\w/:])"
    # an area code in brackets: Brazil `(11) 98765-4321`, `(020) 7946 0958`
    r"|(?<![\w+/.:])\(\d{2,3}\)\s?\d{4,5}[\s.\-]?\d{4}(?![\w/:])"
    # national numbers with a trunk 0: UK `07700 900123`, AU `0412 345 678`, `020 7946 0958`
    r"|(?<![\w+/.:])0\d{2,4}[\s.\-]?\d{3,4}[\s.\-]?\d{3,4}(?![\w/:])"
)


_WORDS_DATE = re.compile(
    r"(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]+)\.?|([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?)"
    r",?\s+'?(\d{4}|\d{2})"
)


@dataclass(frozen=True)
class Identifiers:
    """What identifies the patient, and the text with all of it masked out."""

    masked: str
    date_of_birth: date | None
    phone: str | None
    booking_ref: str | None


def parse_any_date(text: str, today: date, order: Literal["MDY", "DMY"], *, past: bool) -> date | None:
    """One written full date (numeric under `order`, ISO, or with a month name) -> date."""
    text = text.strip().rstrip(".,")
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if iso:
        return make_date(int(iso[1]), int(iso[2]), int(iso[3]))
    numeric = re.fullmatch(rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})", text)
    if numeric:
        first, second, year_text = int(numeric[1]), int(numeric[2]), numeric[3]
        year = int(year_text) if len(year_text) == 4 else full_year(int(year_text), today, past=past)
        month, day = (first, second) if order == "MDY" else (second, first)
        return make_date(year, month, day) or make_date(year, day, month)
    words = _WORDS_DATE.fullmatch(text)
    if words:
        day = int(words[1] or words[4])
        named_month = month_number(words[2] or words[3])
        year_text = words[5]
        year = int(year_text) if len(year_text) == 4 else full_year(int(year_text), today, past=past)
        return make_date(year, named_month, day) if named_month else None
    return None


def _digits(raw: str) -> str | None:
    digits = re.sub(r"\D", "", raw)
    if len(digits) < 7:
        return None
    return ("+" if raw.lstrip().startswith("+") else "") + digits


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + MASK + text[end:]
    return text


def find_identifiers(text: str, today: date, order: Literal["MDY", "DMY"]) -> Identifiers:
    """Find birth date, phone and booking reference in markup-free text, and mask them out."""
    spans: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in spans)

    booking_ref: str | None = None
    for match in _UUID.finditer(text):
        booking_ref = booking_ref or match.group(0)
        spans.append(match.span())

    date_of_birth: date | None = None
    for match in _DOB_KEYWORD.finditer(text):
        if free(*match.span()):
            found = parse_any_date(match.group(1), today, order, past=True)
            if found is not None:
                date_of_birth = date_of_birth or found
                spans.append(match.span())

    for match in _PHONE_KEYWORD.finditer(text):
        digits = _digits(match.group(1))
        if digits and free(*match.span(1)):
            spans.append(match.span())
            phone = digits
            break
    else:
        phone = None

    for match in _REF_KEYWORD.finditer(text):
        token = match.group(1)
        if _TIME_LIKE.match(token) or not free(*match.span(1)):
            continue
        if sum(c.isdigit() for c in token) < 3 and not _CODE_AFTER_HASH.search(match.group(0)):
            continue
        booking_ref = booking_ref or token
        spans.append(match.span())
    for match in _HASH_REF.finditer(text):
        if free(*match.span()):
            booking_ref = booking_ref or match.group(1)
            spans.append(match.span())

    for match in _PHONE_SHAPE.finditer(text):
        if free(*match.span()):
            digits = _digits(match.group(0))
            if digits:
                phone = phone or digits
                spans.append(match.span())

    # A full date well in the past is a birth date even without `DOB`.
    for match in _BARE_FULL_DATE.finditer(text):
        if free(*match.span()):
            found = parse_any_date(match.group(0), today, order, past=True)
            if found is not None and found.year < today.year - 1:
                date_of_birth = date_of_birth or found
                spans.append(match.span())

    return Identifiers(_mask(text, spans), date_of_birth, phone, booking_ref)
