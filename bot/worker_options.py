"""Command-line options of the notice worker (shared by `serve` and `worker`)."""

from __future__ import annotations

import argparse

from bot.notices.pacing import ChannelPace
from bot.notices.worker_config import WorkerConfig


def lease_option(parser: argparse.ArgumentParser) -> None:
    """Add the worker's --outbox-lease and --channel-pace options to a command."""
    parser.add_argument(
        "--outbox-lease",
        type=float,
        default=WorkerConfig.lease,
        metavar="SECONDS",
        help="how long a notice being sent stays reserved before it may be re-sent (default 60)",
    )
    parser.add_argument(
        "--channel-pace",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="seconds between notices in one channel, after a burst of 4 (0: no pacing)",
    )


def worker_config(args: argparse.Namespace) -> WorkerConfig:
    """The worker configuration the command line asks for."""
    pace = ChannelPace(interval=args.channel_pace) if args.channel_pace > 0 else None
    enabled = not getattr(args, "no_worker", False)
    return WorkerConfig(lease=args.outbox_lease, pace=pace, enabled=enabled)
