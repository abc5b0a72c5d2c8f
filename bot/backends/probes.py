"""`clinic-bot check-backend --deep`: every read call an adapter relies on, tried once, as a table.

Each row is one call in the order a conversation makes it, with the HTTP
status it answered, a verdict, and what the bot will do about it, so an IT
admin sees on day one which published calls work and whether the assumed ones
hold for their account. A row is `needed` when the bot cannot do its job
without it; any needed row that does not work makes the command exit non-zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable


class Verdict(StrEnum):
    WORKS = "works"
    REFUSED = "refused"
    NOT_FOUND = "not found"
    SHAPE = "shape differs"
    """Answered 2xx, but not with what the bot reads."""
    UNREACHABLE = "not reached"
    FAILED = "failed"
    """A server error or a limit: the call exists, it did not work this time."""
    SKIPPED = "skipped"
    """Not tried: it needs something this run did not have (say, --personal-id)."""


def verdict_of(status: int) -> Verdict:
    """The verdict for a non-2xx answer."""
    if status in (401, 403):
        return Verdict.REFUSED
    if status in (404, 405):
        return Verdict.NOT_FOUND
    return Verdict.FAILED


@dataclass(frozen=True)
class Probe:
    call: str
    status: int | None
    verdict: Verdict
    action: str
    """What the bot will do: works as built, falls back to..., cannot do X until..."""
    needed: bool = True

    @property
    def fails(self) -> bool:
        return self.needed and self.verdict not in (Verdict.WORKS, Verdict.SKIPPED)


@runtime_checkable
class DeepCheck(Protocol):
    """An adapter whose calls `check-backend --deep` can try one by one."""

    def deep_check(
        self, *, personal_id: str | None = None, booking: str | None = None, write_probe: bool = False
    ) -> list[Probe]: ...


HEADERS = ("call", "HTTP", "verdict", "what the bot will do")


def render(probes: list[Probe]) -> str:
    """A plain-text table, columns as wide as their widest cell (the last one wraps in the terminal)."""
    rows = [HEADERS] + [
        (probe.call, str(probe.status) if probe.status is not None else "-", str(probe.verdict), probe.action)
        for probe in probes
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.ljust(widths[column]) for column, cell in enumerate(row[:3])]
        lines.append("  ".join([*cells, row[3]]).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in [*widths, len(HEADERS[3])]))
    return "\n".join(lines)
