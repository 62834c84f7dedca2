"""Slack listeners, Zoom HTTP endpoints and Block Kit builders."""
