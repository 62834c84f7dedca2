"""Zoombridge: a Slack app that bridges Slack and Zoom."""
