"""Slack adapters: Bolt listeners by group, the /zoom grammar and the modal parser."""
