"""Result pages for browser flows (Zoom linking): what happened and the one next step."""

from __future__ import annotations

from starlette.responses import HTMLResponse

from handlers.web.templating import render_html

BACK_TO_SLACK = "Go back to Slack. You can close this tab."
RUN_LINK_AGAIN = "In Slack, run /zoom link and use the new button."


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
