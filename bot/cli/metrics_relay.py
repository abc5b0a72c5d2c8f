"""A work process's counts, shown on its serving process's /metrics.

The work process (bot/cli/worker.py) keeps every rule of `Metrics` (a card
timed from its request's ack, an outcome counted once however often it is
drawn, labels bounded to a fixed vocabulary) but has no listener of its own:
each update is sent to the serving process as one small tuple, and applied
there to the one registry /metrics shows. Only the metrics
`Metrics.counter`/`Metrics.histogram` name can be updated this way.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.cli.metrics import Metrics

Update = tuple[str, str, float, dict[str, str]]
"""(how, metric or message, value, labels): how is "count", "observe", or the work process's "ready"/"failed"."""


class RelayedMetrics(Metrics):
    """`Metrics` whose updates are sent elsewhere (`send`) instead of counted in this process."""

    def __init__(self, send: Callable[[Update], None]) -> None:
        super().__init__()
        self._send = send

    def _count(self, name: str, **labels: str) -> None:
        self._send(("count", name, 1.0, labels))

    def _observe(self, name: str, value: float, **labels: str) -> None:
        self._send(("observe", name, value, labels))


def apply(metrics: Metrics, update: Update) -> None:
    """Count one relayed update in `metrics` (KeyError for a metric it does not relay)."""
    how, name, value, labels = update
    if how == "count":
        metrics.counter(name).labels(**labels).inc(value)
    elif how == "observe":
        metrics.histogram(name).labels(**labels).observe(value)


__all__ = ["RelayedMetrics", "Update", "apply"]
