"""Status sync in Block Kit: the grant prompt, confirmations, the App Home section."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    LinkButtonElement,
    MarkdownTextObject,
    SectionBlock,
)

from handlers.blocks import ids

Message = tuple[str, list[Block]]

GRANT_STATUS = ids.STATUS_GRANT
GRANT_STATUS_PAUSE = ids.STATUS_GRANT_PAUSE
TURN_OFF = ids.STATUS_TURN_OFF

ABOUT = (
    "While you are in a Zoom meeting, your Slack status shows :video_camera: "
    "*In a Zoom meeting* until its scheduled end; afterwards your previous status comes back "
    "(unless you changed it yourself meanwhile)."
)
PAUSE = "_Pause notifications_ also snoozes your Slack notifications for the meeting."


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text))


def _grant_buttons(url: str, pause_url: str) -> ActionsBlock:
    return ActionsBlock(
        elements=[
            LinkButtonElement(
                text="Allow status updates", url=url, action_id=GRANT_STATUS, style="primary"
            ),
            LinkButtonElement(
                text="Allow status + pause notifications",
                url=pause_url,
                action_id=GRANT_STATUS_PAUSE,
            ),
        ]
    )


def grant_prompt(url: str, pause_url: str) -> Message:
    """Ask the person to let Zoombridge set their status (and maybe pause notifications)."""
    text = "Allow Zoombridge to set your Slack status during Zoom meetings."
    context = ContextBlock(elements=[MarkdownTextObject(text=PAUSE)])
    return text, [_section(f"{text}\n{ABOUT}"), _grant_buttons(url, pause_url), context]


def sync_on(pause: bool) -> Message:
    """Status sync is on."""
    extra = " Notifications pause during meetings too." if pause else ""
    text = f":white_check_mark: Status sync is on.{extra} `/zoom status sync off` stops it."
    return text, [_section(text)]


def sync_off(was_on: bool) -> Message:
    """Status sync is off (and the permission was given back)."""
    text = (
        "Status sync is off, and Zoombridge gave back its permission to change your status."
        if was_on
        else "Status sync was not on."
    )
    return text, [_section(text)]


def sync_revoked() -> Message:
    """The DM after Slack revoked the person's token."""
    text = (
        "Status sync is now off: Slack told me the permission to change your status was "
        "revoked. Run `/zoom status sync on` to turn it on again."
    )
    return text, [_section(text)]


def unavailable() -> Message:
    """This deployment cannot ask for user tokens."""
    text = (
        "Status sync is not set up on this server: it needs SLACK_CLIENT_ID, "
        "SLACK_CLIENT_SECRET, PUBLIC_URL and TOKEN_ENCRYPTION_KEY. Ask whoever runs Zoombridge."
    )
    return text, [_section(text)]


def home_section(on: bool | None, pause: bool, urls: tuple[str, str] | None) -> list[Block]:
    """App Home: the status sync toggle (None: not available here)."""
    if on is None:
        return []
    if on:
        extra = ", and notifications pause" if pause else ""
        text = f"*Zoom status in Slack:* on{extra}."
        off = ButtonElement(text="Turn off", action_id=TURN_OFF, value="off")
        return [SectionBlock(text=MarkdownTextObject(text=text), accessory=off)]
    blocks: list[Block] = [_section(f"*Zoom status in Slack:* off. {ABOUT}")]
    if urls is not None:
        blocks.append(_grant_buttons(*urls))
    return blocks
