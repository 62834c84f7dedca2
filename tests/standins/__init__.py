"""Loopback stand-ins for the Slack Web API and the Zoom API."""
