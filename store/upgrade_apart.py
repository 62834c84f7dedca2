"""Upgrading the schema in a forked child, so a serving process never loads alembic.

Alembic and its templating cost a process some 10 MB that it would keep for its whole life;
`serve` and `worker` upgrade an SQLite database when they start, so they do it in a child
process and wait for it to finish.
"""

from __future__ import annotations

import multiprocessing


def _upgrade(url: str) -> None:
    from store.migrate import upgrade  # only in the child

    upgrade(url)


def upgrade_apart(url: str) -> None:
    """Bring the schema up to date in a child process; raise if that failed (its log says why)."""
    child = multiprocessing.get_context("fork").Process(
        target=_upgrade, args=(url,), name="zoombridge-migrate"
    )
    child.start()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"the schema upgrade failed (exit code {child.exitcode})")
