"""Repositories: keyword-only functions over a session. Handlers never call session.add."""
