"""A card as plain text for the terminal: Block Kit drawn as lines, its buttons numbered in reading order."""

from __future__ import annotations

import re
from typing import Any

LINE_WIDTH = 96
EMOJI = {
    ":white_check_mark:": "✓",
    ":x:": "✗",
    ":warning:": "⚠",
    ":hourglass:": "⌛",
    ":hourglass_flowing_sand:": "⌛",
    ":no_entry_sign:": "⊘",
}


def card_lines(blocks: list[dict[str, Any]], text: str) -> tuple[list[str], list[dict[str, Any]]]:
    """A card as plain lines, its buttons numbered [1], [2], ... in reading order (the same order as buttons_in)."""
    if not blocks:
        return [clean(text)], []
    lines: list[str] = []
    buttons: list[dict[str, Any]] = []

    def label(element: dict[str, Any]) -> str:
        buttons.append(element)
        return f"[{len(buttons)}] {clean(text_of(element.get('text')))}"

    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines.append("== " + clean(text_of(block.get("text"))) + " ==")
        elif kind == "section":
            body = clean(text_of(block.get("text")))
            lines += body.splitlines() or [""]
            for item in block.get("fields") or []:
                lines.append(clean(text_of(item)))
            accessory = block.get("accessory")
            if isinstance(accessory, dict) and accessory.get("type") == "button":
                lines.append("   -> " + label(accessory))
        elif kind == "context":
            parts = [clean(text_of(element)) for element in block.get("elements") or [] if "text" in element]
            lines += ("   " + part for part in " ".join(parts).splitlines())
        elif kind == "actions":
            labels = [label(e) for e in block.get("elements") or [] if e.get("type") == "button"]
            lines += _wrapped(labels)
        elif kind == "divider":
            lines.append("-" * 20)
    return lines, buttons


def _wrapped(labels: list[str], width: int = LINE_WIDTH) -> list[str]:
    """Buttons side by side, as many as fit on a line."""
    lines: list[str] = []
    for item in labels:
        if lines and len(lines[-1]) + 3 + len(item) <= width:
            lines[-1] += "   " + item
        else:
            lines.append(item)
    return lines


def text_of(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("text") or "")
    return str(value or "")


_BOLD = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")
_EMOJI = re.compile(r":[a-z0-9_+-]+:")


def clean(text: str) -> str:
    """mrkdwn made readable in a terminal: *bold* markers dropped, emoji codes as symbols, entities decoded."""
    text = _BOLD.sub(r"\1", text)
    text = _EMOJI.sub(lambda match: EMOJI.get(match.group(0), match.group(0)), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
