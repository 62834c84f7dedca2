"""Cutting long text into pieces no longer than a limit, at the most natural boundary."""

from __future__ import annotations

SEPARATORS = ("\n\n", "\n", ". ", " ")


def _cut(text: str, limit: int) -> int:
    """Where to end the first piece: after the last separator that fits, else at the limit."""
    window = text[:limit]
    for separator in SEPARATORS:
        found = window.rfind(separator)
        if found > limit // 2:
            return found + len(separator)
    return limit


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of `text`, each at most `limit` characters, split at paragraphs, lines or words."""
    if limit < 1:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        end = _cut(rest, limit)
        piece = rest[:end].rstrip()
        if piece:
            pieces.append(piece)
        rest = rest[end:].lstrip()
    if rest.strip() or not pieces:
        pieces.append(rest)
    return pieces
