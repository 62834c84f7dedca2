"""Block Kit builders: pure functions from data to `slack_sdk.models` blocks and views."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import Block


def to_dicts(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    """Serialise blocks for the Web API, validating each against Slack's limits."""
    return [block.to_dict() for block in blocks]
