"""Every vendor call in one table per adapter, each with where it comes from.

Why: the adapters were written from notes, and so were their stand-ins; where
the notes guessed, adapter and stand-in agreed on the guess. A route table
names, per call, the method, the path (relative to the configured base URL),
the query parameters it may carry, and its source: a published page or
section, or `assumed: <why>`. The adapter builds its URLs from the table and
the stand-in registers its routes from the same table, so a correction is one
edit, and `clinic-bot check-backend --deep` can say which calls rest on an
assumption.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import quote

PLACEHOLDER = re.compile(r"\{(\w+)\}")
ASSUMED = "assumed:"


@dataclass(frozen=True)
class Route:
    """One vendor call. `path` holds `{placeholders}`, each filled with exactly one path segment."""

    name: str
    method: str
    path: str
    source: str
    """`published: <page or section>` or `assumed: <why>`."""
    params: tuple[str, ...] = ()
    """Query parameters the call may carry (the stand-in's and the adapter's agreement)."""
    idempotent: bool | None = None
    """Safe to send again after a lost answer; None: as the method implies (reads are)."""
    reads_only: bool = False
    """A POST that only reads (Qmatic's search): a lost answer never means a change may have been made."""

    def __post_init__(self) -> None:
        if not (self.source.startswith("published:") or self.source.startswith(ASSUMED)):
            raise ValueError(f"route {self.name}: source must start with 'published:' or 'assumed:'")

    @property
    def assumed(self) -> bool:
        return self.source.startswith(ASSUMED)

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(PLACEHOLDER.findall(self.path))

    @property
    def safe_to_repeat(self) -> bool:
        if self.idempotent is not None:
            return self.idempotent
        return self.method in ("GET", "HEAD", "OPTIONS", "DELETE", "PUT")

    def url(self, **values: str | int) -> str:
        """The path with each placeholder filled by one quoted segment ("../x" stays one segment)."""
        wanted = set(self.placeholders)
        if set(values) != wanted:
            raise KeyError(f"route {self.name} needs {sorted(wanted)}, got {sorted(values)}")
        return PLACEHOLDER.sub(lambda match: quote(str(values[match.group(1)]), safe=""), self.path)

    def pattern(self) -> str:
        """A regex for the path (no anchors), each placeholder a named group of one segment."""
        parts = PLACEHOLDER.split(self.path)
        regex = []
        for index, part in enumerate(parts):
            regex.append(f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part))
        return "".join(regex)


class RouteTable(Mapping[str, Route]):
    """A vendor's calls by name."""

    def __init__(self, vendor: str, routes: Iterable[Route]) -> None:
        self.vendor = vendor
        self._routes: dict[str, Route] = {}
        for route in routes:
            if route.name in self._routes:
                raise ValueError(f"{vendor}: route {route.name} listed twice")
            self._routes[route.name] = route
        self._compiled = [(route, re.compile(f"^{route.pattern()}$")) for route in self._routes.values()]

    def __getitem__(self, name: str) -> Route:
        return self._routes[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._routes)

    def __len__(self) -> int:
        return len(self._routes)

    def match(self, method: str, path: str) -> Route | None:
        """The route a request path (relative to the base URL) belongs to; None for a path no route has."""
        for route, regex in self._compiled:
            if route.method == method.upper() and regex.match(path):
                return route
        return None

    def assumed(self) -> list[Route]:
        return [route for route in self._routes.values() if route.assumed]

    def published(self) -> list[Route]:
        return [route for route in self._routes.values() if not route.assumed]
