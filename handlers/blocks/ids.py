"""Action ids of the buttons our messages carry; the action listeners match on these."""

JOIN_MEETING = "join_meeting"  # a url button: Slack still sends an action, ack it
CANCEL_MEETING = "cancel_meeting"  # value: "<meeting id>" or "<meeting id>:<occurrence id>"
CANCEL_OCCURRENCE = "cancel_occurrence"  # value: "<meeting id>:<occurrence id>"
CANCEL_SERIES = "cancel_series"  # value: "<meeting id>"
CANCEL_DISMISS = "cancel_dismiss"
LIST_PAGE = "list_page"  # value: the 1-based page number to show
LINK_ZOOM = "link_zoom"  # a url button to Zoom's authorize page
SCHEDULE_OPEN = "schedule_open"  # opens the scheduling modal
OPEN_RECORDING = "open_recording"  # a url button to the recording
