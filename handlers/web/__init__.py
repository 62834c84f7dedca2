"""Web adapters: Zoom webhook and OAuth endpoints, setup and health pages."""
