"""What of a pasted message is the request: quote marks, forwarded headers, sign-offs and list marks out.

Staff paste what reached them: an email forwarded with its `From:`/`Sent:`
headers, a Slack quote (`> ...`), a note signed with the sender's name and
phone, a numbered list. The header's date is when the mail was sent, the
signature's phone is the sender's, and a list number `2)` is not 2 pm; so this
step keeps only the lines that carry the request, each on its own line, before
any other rule reads the text.

A signature is kept apart rather than thrown away: when a patient's own email
is forwarded, the name it is signed with is the patient's. The parser reads it
only when the body names nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.nlu.vocab import MONTHS, STOP_WORDS, WEEKDAYS

_LINE_BREAK = re.compile(r"\r\n?|\u2028|\u2029")
_QUOTE = re.compile(r"^\s*(?:(?:>|&gt;)\s?)+")
# `On Wed, Mar 4, 2026 at 8:12 PM Maria Lopez <maria@x.com> wrote:` says when the quoted mail was written.
# The writer named there is kept with the signature (read only when the body names nobody), the date is not.
_ATTRIBUTION = re.compile(
    r"^\s*on\s.{4,80}?(?:\d{4}|[ap]m|\d:\d\d)\b,?\s*(?:at\s+\d{1,2}:\d\d\s*(?:[ap]m)?\s*)?(.{0,60}?)\s*wrote:\s*$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"<?\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b>?")
_FORWARD_MARK = re.compile(
    r"^\s*(?:-{2,}\s*(?:forwarded message|original message|forwarded by .*)\s*-{2,}|begin forwarded message:?"
    r"|-{3,}\s*reply above this line\s*-{3,})\s*$",
    re.IGNORECASE,
)
# Email headers (Outlook, Gmail): a header block has a From line and a Sent/Date line.
_HEADER = re.compile(r"^\s*(from|sent|date|to|cc|bcc|subject|reply-to|importance)\s*:\s?", re.IGNORECASE)
_INLINE_HEADER = re.compile(r"\s(?=(?:sent|date|to|cc|subject)\s*:\s)", re.IGNORECASE)
_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|fw|aw|wg|tr)\s*:\s*)+", re.IGNORECASE)
_DEVICE_LINE = re.compile(
    r"^\s*(?:sent from my \w+(?: \w+)?|sent from (?:outlook|mail|yahoo mail|gmail)(?: for \w+)?"
    r"|get outlook for \w+|sent via .{1,30})\s*[.!]?\s*$",
    re.IGNORECASE,
)
_SIGNATURE_MARK = re.compile(r"^\s*(?:--|__+|-- )\s*$")
_SIGN_OFF = (
    r"(?:thanks(?: (?:so much|a lot|again|everyone|all|team))?|thank you(?: (?:so much|all))?|thx|tx|ty|tia|cheers"
    r"|regards|best|best regards|kind regards|warm regards|many thanks|sincerely|br|rgds|best wishes|all the best)"
)
_SIGN_OFF_LINE = re.compile(rf"^\s*{_SIGN_OFF}\s*[,.!]*\s*$", re.IGNORECASE)
# `... pls. Thanks, Sarah`: a sign-off and a capitalised name (not a day: `works best Friday`) ending the message.
_TRAILING_SIGN_OFF = re.compile(
    r"(?:(?<=[.!?,;])|(?<=\s))\s*(?i:thanks|thank you|thx|ty|cheers|regards|best regards|kind regards|many thanks)"
    r"\s*[,!.-]*\s+([A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?)\s*[.!]?\s*$"
)
# When a line was written, not an appointment: Slack's paste stamp `Jess Mariano [9:02 AM]`, and an on-call
# log's `- 06:40 pt jim halpert called`.
_PASTE_STAMP = re.compile(r"\[\s*\d{1,2}:\d\d(?:\s*[ap]\.?m\.?)?\s*\]", re.IGNORECASE)
_LOG_STAMP = re.compile(
    r"^(\s*(?:[-*•]\s+)?)\d{1,2}:\d\d(?:\s*[ap]m)?\s+(?=(?:pt |patient )?[\w' ]{0,40}?\b(?:called|rang|phoned|texted"
    r"|emailed|left (?:a )?(?:vm|voicemail|message)|checked in|arrived|came in)\b)",
    re.IGNORECASE,
)
_SENDER = re.compile(r"^\s*from\s*:\s*\"?([A-Za-z][A-Za-z'\-]+(?: [A-Za-z][A-Za-z'\-]+){1,2})\"?\s*<", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-h]\))\s+")
_BULLET = re.compile(r"^\s*(?:[-*•·‣◦▪–]|\u2022)\s+")
_NOT_SIGNED = STOP_WORDS | frozenset(MONTHS) | frozenset(WEEKDAYS)
_REQUEST_VERB = re.compile(
    r"\b(?:cancel|cxl|canx|cx|move|mv|reschedule|resched|rebook|push|bump|postpone|r/s|x[- ]?out)\b", re.IGNORECASE
)
_SIGNATURE_LINES = 5  # a sign-off followed by more than this many lines is a message going on, not a signature
_ASKS = re.compile(
    r"\b(?:cancel|cxl|canx|move|mv|reschedule|resched|push|bump|rebook|appointment|appt|today|tomorrow|tmrw|tonight"
    r"|next|mon|tues?|wed|thu|thurs|fri|sat|sun|(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d{1,2}(?::\d\d)?\s?(?:am|pm))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Message:
    """The request lines, and a signature kept apart (empty when there is none)."""

    body: str
    signature: str = ""
    requests: tuple[str, ...] = ()
    """List items that each ask for a change of their own (`1) cancel lopez fri` `2) move kim to mon`)."""


def _without_headers(lines: list[str]) -> list[str]:
    """Drop email header blocks; keep the subject's words (they often restate the request)."""
    if not any(_HEADER.match(line) and _HEADER.match(line)[1].lower() == "from" for line in lines):  # type: ignore[index]
        return lines
    split: list[str] = []
    for line in lines:
        split.extend(_INLINE_HEADER.split(line) if _HEADER.match(line) else [line])
    names = {m[1].lower() for line in split if (m := _HEADER.match(line))}
    if not names & {"sent", "date"}:
        return lines  # `From: tue 3pm` / `To: fri 10am` in a staff note are the times, not headers
    kept: list[str] = []
    for line in split:
        header = _HEADER.match(line)
        if header is None:
            kept.append(line)
        elif header[1].lower() == "subject":
            kept.append(_SUBJECT_PREFIX.sub("", line[header.end() :]))
    return kept


_MAYBE_LIST = re.compile(r"(?:^|\s)1[.)]\s")


def _inline_items(line: str) -> list[str]:
    """`1) cancel lopez fri 2) sick` on one line: split at the marks numbered 1, 2, 3... in order, else as is."""
    cuts: list[int] = []
    position = 0
    for number in range(1, 10):
        mark = re.compile(rf"(?:^|\s)({number}[.)])\s").search(line, position)
        if mark is None:
            break
        cuts.append(mark.start(1))
        position = mark.end()
    if len(cuts) < 2 or line[: cuts[0]].strip():
        return [line]
    return [line[start:end].strip() for start, end in zip(cuts, [*cuts[1:], len(line)], strict=True)]


def _list_items(lines: list[str]) -> tuple[list[str], list[str]]:
    """(lines, items): one item per line without its number or bullet, a numbered mark only where two lines
    carry one; and the items that ask for a change of their own."""
    if len(lines) == 1:
        lines = _inline_items(lines[0])
    numbered = sum(1 for line in lines if _NUMBERED.match(line)) >= 2
    kept: list[str] = []
    asking: list[str] = []
    for line in lines:
        item = _BULLET.sub("", line, count=1)
        if numbered:
            item = _NUMBERED.sub("", item, count=1)
        kept.append(item)
        if item != line and _REQUEST_VERB.search(item):
            asking.append(item)
    return kept, asking


def _looks_signed(lines: list[str]) -> bool:
    """Lines after a sign-off are a signature when short and asking for nothing (`Jane Doe`, `Front Desk | 555-...`)."""
    return len(lines) <= _SIGNATURE_LINES and all(len(line) <= 60 and not _ASKS.search(line) for line in lines)


def _split_signature(lines: list[str]) -> tuple[list[str], list[str]]:
    for index, line in enumerate(lines):
        if _SIGNATURE_MARK.match(line):
            return lines[:index], lines[index + 1 :]
        if _SIGN_OFF_LINE.match(line) and index > 0 and _looks_signed(lines[index + 1 :]):
            return lines[:index], lines[index + 1 :]
    if lines:
        last = _TRAILING_SIGN_OFF.search(lines[-1])
        if last is not None and last.start() > 0 and not any(w.lower() in _NOT_SIGNED for w in last[1].split()):
            return [*lines[:-1], lines[-1][: last.start()]], [last[1]]
    return lines, []


def _full_name(line: str, senders: list[str]) -> str:
    """A mail signed with a first name only (`Harold`) by the sender in its From header: the sender's full name."""
    word = line.strip(" ,.!-")
    for sender in senders:
        if " " not in word and word and sender.split()[0].lower() == word.lower():
            return sender
    return line


def request_lines(text: str) -> Message:
    """The lines of a message that carry the request, joined by newlines, and its signature apart."""
    one_line = "\n" not in text and "\r" not in text
    if one_line and not _QUOTE.match(text) and ":" not in text and ")" not in text and not _MAYBE_LIST.search(text):
        body, signature = _split_signature([text])  # the common one-line request: only a trailing sign-off
        return Message(body[0] if body else "", "\n".join(signature))
    lines = _LINE_BREAK.sub("\n", text).split("\n")
    lines = [_QUOTE.sub("", line) for line in lines]
    writers = [_EMAIL.sub(" ", m[1]).strip() for line in lines if (m := _ATTRIBUTION.match(line))]
    lines = [
        line
        for line in lines
        if not _FORWARD_MARK.match(line) and not _DEVICE_LINE.match(line) and not _ATTRIBUTION.match(line)
    ]
    senders = [m[1] for line in lines if (m := _SENDER.match(line))]
    lines = [_LOG_STAMP.sub(r"\1", _PASTE_STAMP.sub(" ", line)) for line in lines]
    lines = _without_headers(lines)
    lines = [_EMAIL.sub(" ", line) if "@" in line else line for line in lines]
    lines = [_SUBJECT_PREFIX.sub("", line) for line in lines]
    lines = [line for line in lines if line.strip()]
    body, signature = _split_signature(lines)
    signature = [_full_name(line, senders) for line in signature]
    if senders and body:
        body[-1] = _full_name(body[-1], senders)  # signed on the last line, with no sign-off word
    items, requests = _list_items(body)
    return Message(
        "\n".join(items),
        "\n".join([*signature, *(w for w in writers if w)]),
        tuple(requests) if len(requests) > 1 else (),
    )
