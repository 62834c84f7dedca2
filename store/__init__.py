"""Persistence: SQLModel tables, engine setup, repositories, migrations."""
