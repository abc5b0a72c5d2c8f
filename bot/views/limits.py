"""Block Kit's limits, enforced in one place so no patient's long name can break a card.

Slack rejects a whole message when one part is over its limit, and the person
is left with nothing. Every piece of text that goes into a block passes
through these helpers, which shorten it (with "…") instead of letting it fail.
The slack_sdk block classes check the same limits again when `.to_dict()` runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_CONTEXT_TEXT = 3000
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_ACTION_ID = 255
MAX_ACTIONS_ELEMENTS = 25
MAX_HEADER_TEXT = 150
MAX_FALLBACK_TEXT = 3000

ELLIPSIS = "…"
_PARTIAL_ENTITY = re.compile(r"&[a-z]{0,4}$")


def clip(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, marked with "…" when it was cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def escape(text: str) -> str:
    """Slack's three control characters escaped, so a name can never become a link or an @channel."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def safe(text: str, limit: int) -> str:
    """Outside text (a name, a service, a note) made safe for mrkdwn: shortened first, then escaped."""
    return escape(clip(" ".join(text.split()), limit))


def clip_mrkdwn(text: str, limit: int) -> str:
    """Escaped mrkdwn cut to `limit` without leaving half an `&amp;` behind."""
    if len(text) <= limit:
        return text
    cut = _PARTIAL_ENTITY.sub("", text[: max(limit - 1, 0)])
    return cut.rstrip() + ELLIPSIS


def mrkdwn(text: str, limit: int = MAX_SECTION_TEXT) -> MarkdownTextObject:
    # verbatim: Slack must not turn words into links or mentions on its own.
    return MarkdownTextObject(text=clip_mrkdwn(text or " ", limit), verbatim=True)


def section(text: str, accessory: ButtonElement | None = None) -> SectionBlock:
    return SectionBlock(text=mrkdwn(text, MAX_SECTION_TEXT), accessory=accessory)


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[mrkdwn(text, MAX_CONTEXT_TEXT)])


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=clip(text or " ", MAX_HEADER_TEXT)))


def actions(buttons: Sequence[ButtonElement]) -> list[ActionsBlock]:
    """Buttons in as many actions blocks as the 25-per-block limit needs (none for no buttons)."""
    return [
        ActionsBlock(elements=list(buttons[start : start + MAX_ACTIONS_ELEMENTS]))
        for start in range(0, len(buttons), MAX_ACTIONS_ELEMENTS)
    ]


def fit_blocks(blocks: Sequence[Block]) -> list[Block]:
    """At most 50 blocks. Cards are built to stay well under; this is the last guard.

    When it must cut, it keeps the last block (the card's own controls, such as
    "Never mind") so the person can always get out.
    """
    if len(blocks) <= MAX_BLOCKS:
        return list(blocks)
    return [*blocks[: MAX_BLOCKS - 2], context("Some of this card was left out: it was too long to show."), blocks[-1]]
