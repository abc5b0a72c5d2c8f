"""Reading `GET /metrics` as Prometheus reads it, and checking that no label names a patient or a person."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import httpx
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample


@dataclass(frozen=True)
class Scrape:
    """One scrape: every sample, as Prometheus parses the text format."""

    samples: tuple[Sample, ...]
    content_type: str

    @classmethod
    def of(cls, base_url: str) -> Scrape:
        response = httpx.get(base_url + "/metrics", timeout=5)
        assert response.status_code == 200, response.text
        samples = tuple(sample for family in text_string_to_metric_families(response.text) for sample in family.samples)
        return cls(samples=samples, content_type=response.headers.get("content-type", ""))

    def value(self, name: str, **labels: str) -> float:
        """The sum of `name` over the samples whose labels include `labels` (0 when there is none)."""
        return sum(
            sample.value
            for sample in self.samples
            if sample.name == name and all(sample.labels.get(key) == wanted for key, wanted in labels.items())
        )

    def label_values(self) -> set[str]:
        return {value for sample in self.samples for value in sample.labels.values()}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def leaked_labels(scrape: Scrape, *, patients: Iterable[dict[str, object]], ids: Iterable[str]) -> list[str]:
    """Every label value that names a patient (name, any word of it, birth date, phone) or contains an id.

    `patients` are diary rows ('patient', 'date_of_birth', 'phone'); `ids` are Slack user, channel and
    conversation ids, appointment ids and booking references.
    """
    names, words, dates, phones = set(), set(), set(), set()
    for row in patients:
        name = str(row.get("patient") or "").lower()
        if name:
            names.add(name)
            words.update(word for word in re.split(r"\W+", name) if len(word) >= 3)
        if row.get("date_of_birth"):
            dates.add(str(row["date_of_birth"]))
        if row.get("phone"):
            phones.add(_digits(str(row["phone"])))
    wanted_ids = {identifier.lower() for identifier in ids if identifier}
    leaked = []
    for value in scrape.label_values():
        lowered = value.lower()
        value_words = set(re.split(r"\W+", lowered))
        if (
            any(name in lowered for name in names)
            or value_words & words
            or any(day in value for day in dates)
            or any(phone and phone in _digits(value) for phone in phones)
            or any(identifier in lowered for identifier in wanted_ids)
        ):
            leaked.append(value)
    return leaked
