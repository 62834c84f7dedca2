"""Settings: the configuration contract, and one clear message for every fault."""

from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError, load_settings
from tests.support.deployment import TOKEN_KEY


def test_defaults_need_nothing() -> None:
    settings = load_settings(_env_file=None)
    assert settings.database_url == "sqlite:///zoombridge.db"
    assert (settings.host, settings.port) == ("0.0.0.0", 8000)
    assert settings.slack_mode is None and settings.zoom_mode is None
    assert "SLACK_SIGNING_SECRET" in settings.missing()


def test_heroku_postgres_url_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example.com:5432/zb")
    assert load_settings().database_url == "postgresql://u:p@db.example.com:5432/zb"


def test_env_file_is_read(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-file\nPORT=9001\n")
    settings = Settings()
    assert settings.port == 9001 and settings.slack_mode == "single"


def test_every_fault_is_named_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://x")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxp-user-token")
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", "not-a-key")
    monkeypatch.setenv("PORT", "99999")
    monkeypatch.setenv("PUBLIC_URL", "ftp://nope")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    for name in ("DATABASE_URL", "SLACK_BOT_TOKEN", "TOKEN_ENCRYPTION_KEY", "PORT", "PUBLIC_URL"):
        assert name in message
    assert "xoxb-" in message and "zoombridge keygen" in message
    assert "xoxp-user-token" not in message and "Traceback" not in message


def test_modes_and_rotation_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_CLIENT_ID", "1.2")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "s")
    monkeypatch.setenv("ZOOM_CLIENT_ID", "z")
    monkeypatch.setenv("ZOOM_CLIENT_SECRET", "zs")
    monkeypatch.setenv("ZOOM_ACCOUNT_ID", "acct")
    monkeypatch.setenv("ZOOM_S2S_TEAM_IDS", "T0001")
    second = "not-a-fernet-key"
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", f"{TOKEN_KEY}, {second}")
    with pytest.raises(SettingsError, match="TOKEN_ENCRYPTION_KEY"):
        load_settings()
    monkeypatch.setenv("TOKEN_ENCRYPTION_KEY", f"{TOKEN_KEY},{TOKEN_KEY}")
    settings = load_settings()
    assert settings.slack_mode == "multi" and settings.zoom_mode == "s2s"
    assert settings.encryption_keys == [TOKEN_KEY, TOKEN_KEY]


def test_secrets_do_not_render() -> None:
    settings = load_settings(_env_file=None, slack_signing_secret="very-secret-value")
    assert "very-secret-value" not in repr(settings) and "very-secret-value" not in str(settings)
