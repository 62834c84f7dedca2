"""The services a request needs, built once by the app's lifespan and handed to listeners."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from bot.accounts.linking import LinkFlow
from bot.accounts.tokens import ZoomAccounts
from bot.admin.admin_view import AdminService
from bot.crypto import TokenCipher
from bot.loops import Heartbeat
from bot.meetings.join import JoinService
from bot.meetings.preview import PreviewService
from bot.meetings.service import MeetingService
from bot.meetings.workflow_step import WorkflowStepService
from bot.notices.ingest import NoticeService
from bot.notices.live_service import LiveService
from bot.notices.subscriptions import SubscriptionService
from bot.notices.worker import DeliveryWorker
from bot.settings import Settings
from bot.slack.gateway import SlackGateway
from bot.status.sync import StatusSyncService
from bot.work_lane import WorkLane
from bot.zoom.client import ZoomClient
from store.db import Database


class NotConfigured(Exception):
    """A feature was used that this deployment has not been configured for."""


@dataclass
class Services:
    """Everything listeners and endpoints call; built by `bot.app`, never at import time."""

    settings: Settings
    db: Database
    zoom_http: httpx.AsyncClient
    slack: SlackGateway
    cipher: TokenCipher | None
    zoom_client: ZoomClient
    interactions: WorkLane  # bounds what Slack listeners do after their acknowledgement
    accounts: ZoomAccounts | None = None
    link_flow: LinkFlow | None = None
    meetings: MeetingService | None = None
    notices: NoticeService | None = None
    subscriptions: SubscriptionService | None = None
    join: JoinService | None = None
    live: LiveService | None = None
    worker: DeliveryWorker | None = None  # set while this process runs a delivery worker
    status: StatusSyncService | None = None
    admin: AdminService | None = None
    delivery_wakers: list[Callable[[], None]] = field(default_factory=list)
    heartbeats: dict[str, Heartbeat] = field(default_factory=dict)  # background loops running

    def wake_delivery(self) -> None:
        """Tell the delivery worker new outbox rows are waiting (a no-op before it exists)."""
        for wake in self.delivery_wakers:
            wake()

    def previews(self) -> PreviewService:
        """Link previews, as the sharer can see the meeting (plain cards without Zoom set up)."""
        return PreviewService(db=self.db, client=self.zoom_client, accounts=self.accounts)

    def workflow_steps(self) -> WorkflowStepService:
        """The Workflow Builder step's service, or NotConfigured when Zoom is not set up."""
        if self.meetings is None:
            self.zoom_accounts()
            raise NotConfigured("Meetings are not available on this server.")
        return WorkflowStepService(db=self.db, meetings=self.meetings)

    def zoom_accounts(self) -> ZoomAccounts:
        """The accounts service, or NotConfigured when Zoom is not set up here."""
        if self.accounts is None:
            raise NotConfigured(
                "Zoom is not configured on this server yet: an admin needs to set "
                "ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET and TOKEN_ENCRYPTION_KEY."
            )
        return self.accounts
