"""The Zoom service layer: OAuth, the Meetings API client, webhook verification."""
