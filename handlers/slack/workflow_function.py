"""The Workflow Builder custom step "Create a Zoom meeting" (Bolt's `app.function`)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.context.complete.async_complete import AsyncComplete
from slack_bolt.context.fail.async_fail import AsyncFail

from bot.container import Services
from bot.meetings.workflow_step import AlreadyRan, StepInputError, read_inputs
from bot.slack.manifest import WORKFLOW_STEP_ID
from bot.zoom.errors import LinkBroken, NotLinked
from handlers.slack.error_replies import describe
from store.types import utcnow

logger = logging.getLogger(__name__)


def _not_linked(host: str) -> str:
    return (
        f"<@{host}> has not linked a Zoom account to Zoombridge, so no meeting was created. "
        "They can run /zoom link in Slack, then this workflow can run again."
    )


async def run_step(
    services: Services,
    team_id: str,
    event: dict[str, Any],
    complete: AsyncComplete,
    fail: AsyncFail,
) -> None:
    """Validate, create the meeting, complete the step (or fail it with a human reason)."""
    inputs = event.get("inputs") if isinstance(event.get("inputs"), dict) else {}
    try:
        step_inputs = read_inputs(inputs or {}, utcnow())
        step = services.workflow_steps()
        execution = str(event.get("function_execution_id") or "")
        outputs = await step.create(team_id, execution, step_inputs)
    except AlreadyRan:
        logger.info("workflow_step.redelivered")
        return
    except StepInputError as error:
        await fail(str(error))
    except (NotLinked, LinkBroken):
        await fail(_not_linked(str((inputs or {}).get("host") or "")))
    except Exception as error:  # the workflow shows the reason instead of hanging
        await fail(describe(error)[0])
    else:
        await complete({"join_url": outputs.join_url, "meeting_id": outputs.meeting_id})


def register(app: AsyncApp) -> None:
    """Register the custom step's function listener."""

    @app.function(WORKFLOW_STEP_ID)
    async def create_zoom_meeting(
        event: dict[str, Any], complete: AsyncComplete, fail: AsyncFail, context: AsyncBoltContext
    ) -> None:
        await run_step(context["services"], str(context.team_id or ""), event, complete, fail)
