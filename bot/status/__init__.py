"""Status sync: "In a Zoom meeting" on a person's Slack status while they are in one."""
