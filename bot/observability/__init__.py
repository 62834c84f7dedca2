"""What operators see: request ids in logs, Prometheus metrics, readiness and status."""
