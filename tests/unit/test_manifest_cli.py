"""The manifest validates against Slack's schema; the CLI is clear and exits 2 on bad settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.cli import main
from bot.slack.manifest import PLACEHOLDER_URL, render_manifest
from tests.support.paths import ROOT, SPECS


def _schema(major: int = 2) -> dict[str, object]:
    """The schema the manifest's `_metadata.major_version` targets (2: function parameters
    as `properties` + `required`, the shape Bolt custom steps use)."""
    path = SPECS / f"slack-manifest.schema.{major}.0.0.json"
    if not path.exists():
        pytest.skip(f"Slack's manifest schema is not at {path} (../shared/specs absent)")
    schema: dict[str, object] = json.loads(path.read_text())
    return schema


def test_repository_manifest_validates_and_is_current() -> None:
    text = (ROOT / "manifest.yml").read_text()
    jsonschema.Draft7Validator(_schema()).validate(yaml.safe_load(text))
    assert text.rstrip("\n") == render_manifest(PLACEHOLDER_URL).rstrip("\n"), (
        "manifest.yml is stale: regenerate it with `zoombridge manifest --url "
        f"{PLACEHOLDER_URL} > manifest.yml`"
    )


def test_manifest_command_output_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manifest", "--url", "https://zb.herokuapp.com/"]) == 0
    manifest = yaml.safe_load(capsys.readouterr().out)
    jsonschema.Draft7Validator(_schema()).validate(manifest)
    assert manifest["settings"]["event_subscriptions"]["request_url"] == (
        "https://zb.herokuapp.com/slack/events"
    )
    assert (
        manifest["features"]["slash_commands"][0]["url"] == "https://zb.herokuapp.com/slack/events"
    )
    assert manifest["oauth_config"]["redirect_urls"] == [
        "https://zb.herokuapp.com/slack/oauth_redirect",
        "https://zb.herokuapp.com/slack/status/oauth_redirect",
    ]
    bot_scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "users:read.email", "im:write"} <= bot_scopes
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "app_uninstalled",
        "tokens_revoked",
        "link_shared",
        "function_executed",
    }


def test_manifest_declares_unfurls_user_scopes_and_the_workflow_step() -> None:
    manifest = yaml.safe_load(render_manifest("https://zb.example.com"))
    assert manifest["_metadata"]["major_version"] == 2
    assert {"links:read", "links:write"} <= set(manifest["oauth_config"]["scopes"]["bot"])
    assert set(manifest["oauth_config"]["scopes"]["user"]) == {
        "users.profile:read",
        "users.profile:write",
        "dnd:write",
    }
    assert (
        "https://zb.example.com/slack/status/oauth_redirect"
        in (manifest["oauth_config"]["redirect_urls"])
    )
    assert manifest["features"]["unfurl_domains"] == ["zoom.us", "zoomgov.com"]
    step = manifest["functions"]["create_zoom_meeting"]
    inputs = step["input_parameters"]["properties"]
    assert inputs["host"]["type"] == "slack#/types/user_id"
    assert inputs["start"]["type"] == "slack#/types/timestamp"
    assert set(step["output_parameters"]["properties"]) == {"join_url", "meeting_id"}
    assert manifest["settings"]["function_runtime"] == "remote"
    assert manifest["settings"]["org_deploy_enabled"] is True


def test_only_the_function_shape_needs_schema_2() -> None:
    """Everything but `functions` is valid under 1.0.0 too; 1.0.0 wants the older flat shape."""
    manifest = yaml.safe_load(render_manifest("https://zb.example.com"))
    validator = jsonschema.Draft7Validator(_schema(1))
    assert {e.absolute_path[0] for e in validator.iter_errors(manifest)} == {"functions"}
    del manifest["functions"]
    validator.validate(manifest)


def test_manifest_without_url_explains(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manifest"]) == 2
    assert "--url" in capsys.readouterr().err


def test_keygen_makes_a_usable_key(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.crypto import TokenCipher

    assert main(["keygen"]) == 0
    key = capsys.readouterr().out.strip()
    cipher = TokenCipher([key])
    assert cipher.decrypt(cipher.encrypt("secret")) == "secret"


def _zoombridge(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_with_a_bad_setting_names_it_and_exits_2(tmp_path: Path) -> None:
    result = _zoombridge(
        "check", env={"TOKEN_ENCRYPTION_KEY": "short", "LOG_FORMAT": "xml"}, cwd=tmp_path
    )
    assert result.returncode == 2
    assert "TOKEN_ENCRYPTION_KEY" in result.stderr and "LOG_FORMAT" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_creates_the_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    result = _zoombridge("migrate", env={"DATABASE_URL": url}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    from store.migrate import current_revision

    assert current_revision(url) is not None
