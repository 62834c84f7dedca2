"""A private, migrated PostgreSQL schema: the tests' and the benchmarks' fresh database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

from sqlalchemy import create_engine, text

from store.db import sync_url
from store.migrate import upgrade


@contextmanager
def fresh_schema(base_url: str, *, prefix: str = "test") -> Iterator[str]:
    """Create a schema, migrate it, yield a URL whose search_path is it; drop it after."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(sync_url(base_url))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base_url else "?"
    url = f"{base_url}{separator}options={quote(f'-csearch_path={schema}')}"
    try:
        upgrade(url)
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
