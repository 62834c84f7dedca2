"""The workspace admin's view of Zoombridge, and keeping people's Zoom links alive."""
