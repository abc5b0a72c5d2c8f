"""Slack's rules, each with where it is written, checked on plain values (no HTTP, no state).

The stand-in is only worth what it refuses: a test that passes against it must
mean the same in a real workspace. Every rule the stand-in enforces is listed
in RULES with its source; a check returns the rule it broke (or None).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Rule:
    name: str
    what: str
    source: str


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (Rule(**entry) for entry in yaml.safe_load(Path(__file__).with_name("rules.yml").read_text()))
}
"""Every rule by name, from rules.yml (data, so the list with its sources reads as one table)."""

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_ACTIONS_ELEMENTS = 25
MAX_CONTEXT_ELEMENTS = 10
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_ID = 255
TEXT_WARNING = 4000
TEXT_HARD = 40_000
RESPONSE_URL_POSTS = 5
RESPONSE_URL_SECONDS = 30 * 60

# Method -> the bot scope it needs (None: none). Only what an app like ours might call; anything else is
# unknown_method. Sources: each method's page in Slack's Web API reference.
BOT_METHOD_SCOPES: dict[str, str | None] = {
    "auth.test": None,
    "chat.postMessage": "chat:write",
    "chat.update": "chat:write",
    "chat.postEphemeral": "chat:write",
    "chat.delete": "chat:write",
    "chat.scheduleMessage": "chat:write",
    "chat.getPermalink": None,
    "conversations.open": "im:write",
    "conversations.info": "channels:read",
    "conversations.members": "channels:read",
    "conversations.history": "channels:history",
    "conversations.replies": "channels:history",
    "users.info": "users:read",
    "users.list": "users:read",
    "users.lookupByEmail": "users:read.email",
    "reactions.add": "reactions:write",
    "reactions.remove": "reactions:write",
    "files.upload": "files:write",
    "files.getUploadURLExternal": "files:write",
    "views.open": None,
    "views.publish": None,
    "team.info": "team:read",
    "bots.info": "users:read",
}
APP_METHODS: frozenset[str] = frozenset({"apps.connections.open"})
PLAYED: frozenset[str] = frozenset(
    {"auth.test", "chat.postMessage", "chat.update", "chat.postEphemeral", "chat.delete", "conversations.open"}
    | {"users.info", "apps.connections.open"}
)


def bot_scopes_of(manifest: Path) -> frozenset[str]:
    """The bot scopes manifest.yml grants (oauth_config.scopes.bot)."""
    data = yaml.safe_load(manifest.read_text())
    scopes = ((data or {}).get("oauth_config") or {}).get("scopes") or {}
    return frozenset(str(scope) for scope in scopes.get("bot") or [])


def default_manifest() -> Path:
    """manifest.yml at the root of this checkout (bot/local/slack/ is three levels below it)."""
    return Path(__file__).resolve().parents[3] / "manifest.yml"


@dataclass(frozen=True)
class Broken:
    """A rule a message broke: the error Slack answers, the rule, and what (no message content)."""

    error: str
    rule: str
    detail: str


def text_problem(text: str) -> Broken | None:
    if len(text) > TEXT_HARD:
        return Broken("msg_too_long", "msg_too_long", f"text of {len(text)} characters")
    return None


def text_warning(text: str) -> Broken | None:
    if len(text) > TEXT_WARNING:
        return Broken("", "text_over_4000", f"text of {len(text)} characters")
    return None


def _text_of(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("text") or "")
    return str(value or "")


def _elements(block: dict[str, Any]) -> Iterator[dict[str, Any]]:
    accessory = block.get("accessory")
    if isinstance(accessory, dict):
        yield accessory
    if block.get("type") == "actions":
        for element in block.get("elements") or []:
            if isinstance(element, dict):
                yield element


def blocks_problem(blocks: Any) -> Broken | None:
    """The first Block Kit limit `blocks` breaks (Slack answers invalid_blocks and shows nothing)."""
    if blocks is None:
        return None
    if not isinstance(blocks, list) or not all(isinstance(block, dict) for block in blocks):
        return Broken("invalid_blocks_format", "too_many_blocks", "blocks are not a list of objects")
    if len(blocks) > MAX_BLOCKS:
        return Broken("invalid_blocks", "too_many_blocks", f"{len(blocks)} blocks")
    action_ids: set[str] = set()
    block_ids: set[str] = set()
    for index, block in enumerate(blocks):
        broken = _block_problem(index, block)
        if broken is not None:
            return broken
        block_id = block.get("block_id")
        if block_id is not None:
            if str(block_id) in block_ids:
                return Broken("invalid_blocks", "duplicate_action_id", f"block {index}: block_id used twice")
            block_ids.add(str(block_id))
        for element in _elements(block):
            action_id = element.get("action_id")
            if action_id is None:
                continue
            if str(action_id) in action_ids:
                return Broken("invalid_blocks", "duplicate_action_id", f"block {index}: action_id used twice")
            action_ids.add(str(action_id))
    return None


def _block_problem(index: int, block: dict[str, Any]) -> Broken | None:
    kind = block.get("type")
    if len(str(block.get("block_id") or "")) > MAX_ID:
        return Broken("invalid_blocks", "action_id_too_long", f"block {index}: block_id too long")
    if kind == "section":
        if len(_text_of(block.get("text"))) > MAX_SECTION_TEXT:
            return Broken("invalid_blocks", "section_text_too_long", f"block {index}: section text too long")
        fields = block.get("fields") or []
        if len(fields) > MAX_FIELDS or any(len(_text_of(field)) > MAX_FIELD_TEXT for field in fields):
            return Broken("invalid_blocks", "section_text_too_long", f"block {index}: section fields too long")
    elif kind == "header" and len(_text_of(block.get("text"))) > MAX_HEADER_TEXT:
        return Broken("invalid_blocks", "header_text_too_long", f"block {index}: header too long")
    elif len(block.get("elements") or []) > {"actions": MAX_ACTIONS_ELEMENTS, "context": MAX_CONTEXT_ELEMENTS}.get(
        str(kind), 10**6
    ):
        return Broken("invalid_blocks", "too_many_elements", f"block {index}: too many elements")
    for element in _elements(block):
        broken = _element_problem(index, element)
        if broken is not None:
            return broken
    return None


def _element_problem(index: int, element: dict[str, Any]) -> Broken | None:
    if len(str(element.get("action_id") or "")) > MAX_ID:
        return Broken("invalid_blocks", "action_id_too_long", f"block {index}: action_id too long")
    if element.get("type") != "button":
        return None
    if len(_text_of(element.get("text"))) > MAX_BUTTON_TEXT:
        return Broken("invalid_blocks", "button_text_too_long", f"block {index}: button text too long")
    if len(str(element.get("value") or "")) > MAX_BUTTON_VALUE:
        return Broken("invalid_blocks", "button_value_too_long", f"block {index}: button value too long")
    return None


def message_problem(text: str, blocks: Any, *, needs_content: bool = True) -> Broken | None:
    """What Slack refuses in a message: no content, over 40,000 characters, or blocks over their limits."""
    if needs_content and not text and not blocks:
        return Broken("no_text", "no_text", "neither text nor blocks")
    return text_problem(text) or blocks_problem(blocks)


# -- buttons as the person sees them -------------------------------------------------------


def buttons_in(blocks: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Every button element in `blocks`, in reading order (section accessories and actions elements)."""
    found: list[dict[str, Any]] = []
    for block in blocks or []:
        accessory = block.get("accessory")
        if isinstance(accessory, dict) and accessory.get("type") == "button":
            found.append(accessory)
        for element in block.get("elements") or []:
            if isinstance(element, dict) and element.get("type") == "button":
                found.append(element)
    return found


def conversation_of(value: str) -> tuple[str, int] | None:
    """(conversation id, version) a button of the bot's carries, read from its JSON value.

    The bot's values are JSON objects with "c" (conversation id) and "v" (version), see
    bot/views/buttons.py; decoded here on purpose rather than imported, so the stand-in
    does not trust the code it checks. None for any other value.
    """
    try:
        decoded = json.loads(value)
    except (TypeError, ValueError):
        return None
    if not isinstance(decoded, dict):
        return None
    conversation, version = decoded.get("c"), decoded.get("v")
    if not isinstance(conversation, str) or isinstance(version, bool) or not isinstance(version, int):
        return None
    return conversation, version
