"""Pages of the browser flows (Zoom linking): whose link it is, then what happened and what next."""

from __future__ import annotations

from starlette.responses import HTMLResponse

from bot.accounts.linking import START_PATH
from handlers.web.templating import render_html

BACK_TO_SLACK = "Go back to Slack. You can close this tab."
RUN_LINK_AGAIN = "In Slack, run /zoom link and use the new button."


def confirm_link_page(*, state: str, user_name: str, user_id: str, team_name: str) -> HTMLResponse:
    """Ask the person to confirm they are the Slack user the link was made for."""
    return render_html(
        "confirm.html",
        # Not no-referrer: under it browsers send `Origin: null` with the form's POST, and the
        # start endpoint accepts only a POST from our own origin. Other sites still get nothing.
        headers={"Referrer-Policy": "same-origin"},
        state=state,
        user_name=user_name,
        user_id=user_id,
        team_name=team_name,
        action=START_PATH,
    )


def result_page(
    title: str,
    message: str,
    *,
    status_code: int = 200,
    next_step: str | None = None,
    next_url: str | None = None,
) -> HTMLResponse:
    """A designed page saying what happened and what to do next (everything escaped)."""
    good = status_code < 400
    return render_html(
        "result.html",
        status_code=status_code,
        title=title,
        message=message,
        good=good,
        next_step=next_step or (BACK_TO_SLACK if good else RUN_LINK_AGAIN),
        next_url=next_url,
    )
