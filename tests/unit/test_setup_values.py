"""What the setup page tells the operator to paste, and the prefilled Slack link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bot.notices.routes.table import ROUTES
from bot.setup.zoom_app import zoom_app_values
from bot.slack.manifest import render_manifest
from handlers.web.setup import slack_create_url

URL = "https://bridge.example.com"


def test_zoom_values_follow_the_routes_and_the_public_url() -> None:
    values = zoom_app_values(URL + "/", server_to_server=False)
    assert values.redirect_url == f"{URL}/zoom/oauth/callback"
    assert values.event_endpoint == f"{URL}/zoom/webhook"
    assert values.redirect_url in values.allow_list
    assert [name for name, _label in values.events] == [
        e for e in ROUTES if e != "app_deauthorized"
    ]
    assert all(not s.classic.endswith(":admin") for s in values.scopes)


def test_server_to_server_apps_need_the_admin_scopes() -> None:
    values = zoom_app_values(URL, server_to_server=True)
    assert all(
        s.classic.endswith(":admin") and s.granular.endswith(":admin") for s in values.scopes
    )
    assert "Server-to-Server" in values.app_type


def test_the_create_link_carries_the_manifest_exactly() -> None:
    manifest = render_manifest(URL)
    parts = urlsplit(slack_create_url(manifest))
    assert parts.netloc == "api.slack.com" and parse_qs(parts.query)["new_app"] == ["1"]
    assert parse_qs(parts.query)["manifest_yaml"] == [manifest]
    assert " " not in parts.query and "\n" not in parts.query
