"""The operator's settings for metrics and readiness, mixed into `bot.settings.Settings`."""

from __future__ import annotations

from pydantic import BaseModel, Field, SecretStr

OPERATOR_FORMS: dict[str, str] = {
    "METRICS_TOKEN": "a long random string that Prometheus sends as a Bearer token",
    "READY_MAX_PENDING_AGE": "seconds, e.g. 300 (a notice pending longer makes /readyz fail)",
    "READY_WORKER_STALE_AFTER": "seconds, e.g. 90 (a worker loop idle longer makes /readyz fail)",
}


class OperatorFields(BaseModel):
    """METRICS_TOKEN (unset: no /metrics) and the thresholds /readyz and `status` apply."""

    metrics_token: SecretStr | None = None
    ready_max_pending_age: float = Field(default=300.0, gt=0)
    ready_worker_stale_after: float = Field(default=90.0, gt=0)
