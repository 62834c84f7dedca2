"""Why Zoom would not let someone schedule for another person, and exactly how to fix it."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from handlers.blocks.base import Message, escape

NOTHING_CREATED = "Nothing was created. Try again once that is done."


def _fix(reason: str, host: str, email: str) -> tuple[str, str]:
    if reason == "privilege":
        return (
            f"{host} hasn't given you the Schedule Privilege in Zoom, so you can't schedule "
            "meetings for them.",
            f"Ask {host} to open the Zoom web portal, go to *Settings > Meeting > Schedule "
            "Privilege*, click *+* next to *Assign scheduling privilege to* and add your "
            "Zoom email.",
        )
    if reason == "shared_access":
        return (
            f"You may schedule for {host}, but Zoombridge isn't allowed to use your shared "
            "access permissions.",
            "Open the Zoom App Marketplace, go to *Manage > Added Apps*, find Zoombridge and "
            "turn on *Allow this app to use my shared access permissions*.",
        )
    return (
        f"Zoom doesn't know {host} as {escape(email)}, so it can't schedule for them.",
        f"{host} needs a Zoom user in your Zoom account with the same email as in Slack.",
    )


def delegation_refused(reason: str, host_user_id: str, host_email: str) -> Message:
    """Which permission is missing (Schedule Privilege or shared access), and how to grant it."""
    problem, fix = _fix(reason, f"<@{host_user_id}>", host_email)
    text = f"{problem} {fix} {NOTHING_CREATED}".replace("*", "")
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=f":no_entry: {problem}")),
        SectionBlock(text=MarkdownTextObject(text=fix)),
        ContextBlock(elements=[MarkdownTextObject(text=NOTHING_CREATED)]),
    ]
    return text, blocks
