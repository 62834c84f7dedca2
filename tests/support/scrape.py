"""Reading /metrics as Prometheus would: its text parsed by prometheus_client's own parser."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from prometheus_client.parser import text_string_to_metric_families

METRICS_TOKEN = "metrics-token-for-tests"


@dataclass(frozen=True)
class Scrape:
    """The samples of one scrape: (name, labels) -> value."""

    samples: list[tuple[str, dict[str, str], float]]

    def value(self, name: str, **labels: str) -> float:
        """The sum of every sample of `name` whose labels include `labels` (0 when none)."""
        return sum(
            value
            for sample, sample_labels, value in self.samples
            if sample == name and labels.items() <= sample_labels.items()
        )

    def has(self, name: str, **labels: str) -> bool:
        """Whether any sample of `name` carries `labels`."""
        return any(
            sample == name and labels.items() <= sample_labels.items()
            for sample, sample_labels, _ in self.samples
        )


def scrape(app_url: str, token: str = METRICS_TOKEN) -> Scrape:
    """GET /metrics with the token; its parsed samples."""
    response = httpx.get(f"{app_url}/metrics", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    samples = [
        (sample.name, dict(sample.labels), float(sample.value))
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    ]
    return Scrape(samples)


def scrape_until(
    app_url: str,
    check: Callable[[Scrape], bool],
    timeout: float = 10.0,
    token: str = METRICS_TOKEN,
) -> Scrape:
    """Scrape until `check` holds; the scrape that satisfied it."""
    deadline = time.monotonic() + timeout
    while True:
        current = scrape(app_url, token)
        if check(current):
            return current
        if time.monotonic() > deadline:
            raise AssertionError(f"metrics never satisfied the check: {current.samples}")
        time.sleep(0.05)
