"""Settings from the environment or `.env`, per the configuration contract in DESIGN.md."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator

from bot.observability.thresholds import OPERATOR_FORMS, OperatorFields
from bot.settings_base import GROUP_FORMS, InteractionLimits, LiveMeetingSettings

# What each variable should look like, for messages that name every fault at once.
EXPECTED_FORM: dict[str, str] = (
    GROUP_FORMS
    | {
        "DATABASE_URL": "sqlite:///path.db or postgres://user:pass@host:5432/db",
        "PUBLIC_URL": "the app's public https:// base URL, e.g. https://zoombridge.example.com",
        "PORT": "a TCP port number, 1-65535",
        "HOST": "an interface address, e.g. 0.0.0.0",
        "SLACK_SIGNING_SECRET": "the Signing Secret from your Slack app's Basic Information page",
        "SLACK_BOT_TOKEN": "a bot token starting with xoxb-",
        "SLACK_CLIENT_ID": "the Client ID from your Slack app's Basic Information page",
        "SLACK_CLIENT_SECRET": "the Client Secret from your Slack app's Basic Information page",
        "SLACK_APP_TOKEN": "an app-level token starting with xapp- (connections:write scope)",
        "SLACK_API_URL": "an http(s) URL ending in /api/",
        "ZOOM_CLIENT_ID": "the Client ID of your Zoom OAuth app",
        "ZOOM_CLIENT_SECRET": "the Client Secret of your Zoom OAuth app",
        "ZOOM_ACCOUNT_ID": "the Account ID of a Zoom Server-to-Server OAuth app",
        "ZOOM_S2S_TEAM_IDS": "comma-separated Slack team ids (T...) allowed to act through the "
        "Server-to-Server app, e.g. T01234567,T07654321",
        "FORWARDED_ALLOW_IPS": "comma-separated proxy addresses whose X-Forwarded-* headers are "
        "trusted, e.g. 10.0.0.5 or * behind a platform router",
        "ZOOM_WEBHOOK_SECRET_TOKEN": "the Secret Token from your Zoom app's Feature page",
        "ZOOM_API_URL": "an http(s) URL such as https://api.zoom.us/v2",
        "ZOOM_OAUTH_URL": "an http(s) URL such as https://zoom.us",
        "TOKEN_ENCRYPTION_KEY": "one or more Fernet keys, comma-separated, newest first "
        "(make one with `zoombridge keygen`)",
        "LOG_LEVEL": "DEBUG, INFO, WARNING or ERROR",
        "LOG_FORMAT": "text or json",
        "SETUP_PASSWORD": "a long random password for the setup page (user name: admin)",
        "ZOOM_LINK_WARN_DAYS": "days without use after which a Zoom link's owner is warned, 1-89",
    }
    | OPERATOR_FORMS
)


class SettingsError(Exception):
    """Raised with one message that names every variable at fault."""


def _http_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http:// or https:// URL")
    return value


class Settings(OperatorFields, LiveMeetingSettings, InteractionLimits):
    """Everything Zoombridge reads from its environment."""

    database_url: str = "sqlite:///zoombridge.db"
    public_url: str | None = None
    port: int = Field(default=8000, ge=1, le=65535)
    host: str = "0.0.0.0"

    slack_signing_secret: SecretStr | None = None
    slack_bot_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"

    zoom_client_id: str | None = None
    zoom_client_secret: SecretStr | None = None
    zoom_account_id: str | None = None
    zoom_s2s_team_ids: str | None = None
    zoom_webhook_secret_token: SecretStr | None = None
    zoom_api_url: str = "https://api.zoom.us/v2"
    zoom_oauth_url: str = "https://zoom.us"

    token_encryption_key: SecretStr | None = None

    forwarded_allow_ips: str = "127.0.0.1"

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"

    # The setup page once configured: HTTP basic auth (user "admin") besides `setup-link`.
    setup_password: SecretStr | None = None
    # Zoom refresh tokens die after 90 days unused: warn the owner this many days after use.
    zoom_link_warn_days: int = Field(default=80, ge=1, le=89)

    @field_validator("log_level", "log_format", mode="before")
    @classmethod
    def _normalise_case(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        return value.strip().lower() if value.strip().lower() in ("text", "json") else value.upper()

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if value.startswith("postgres://"):
            value = "postgresql://" + value.removeprefix("postgres://")
        if not value.startswith(("sqlite:", "postgresql:", "postgresql+")):
            raise ValueError("only sqlite and postgres URLs are supported")
        return value

    @field_validator("public_url", "slack_api_url", "zoom_api_url", "zoom_oauth_url")
    @classmethod
    def _valid_url(cls, value: str | None) -> str | None:
        return _http_url(value)

    @field_validator("public_url", "zoom_api_url", "zoom_oauth_url")
    @classmethod
    def _no_trailing_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else value

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @model_validator(mode="after")
    def _s2s_is_bound_to_workspaces(self) -> Settings:
        if self.zoom_mode == "s2s" and self.slack_mode == "multi" and not self.s2s_team_ids:
            raise ValueError(
                "ZOOM_S2S_TEAM_IDS must list the Slack workspaces allowed to use the "
                "Server-to-Server Zoom app: with several workspaces installed, a profile email "
                "from any of them would otherwise act as that Zoom user"
            )
        return self

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must start with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must start with xapp-")
        return value

    @field_validator("token_encryption_key")
    @classmethod
    def _fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        keys = [k.strip() for k in value.get_secret_value().split(",") if k.strip()]
        if not keys:
            raise ValueError("no key given")
        for key in keys:
            try:
                Fernet(key.encode())
            except (ValueError, TypeError):
                raise ValueError("is not a valid Fernet key (32 url-safe base64 bytes)") from None
        return value

    @property
    def slack_mode(self) -> Literal["single", "multi"] | None:
        """Single-workspace (bot token) or multi-workspace (OAuth install), or unconfigured."""
        if self.slack_bot_token:  # wins: the client id/secret may be there for status sync
            return "single"
        if self.slack_client_id and self.slack_client_secret:
            return "multi"
        return None

    @property
    def zoom_mode(self) -> Literal["user", "s2s"] | None:
        """User-level OAuth, Server-to-Server OAuth, or unconfigured."""
        if not (self.zoom_client_id and self.zoom_client_secret):
            return None
        return "s2s" if self.zoom_account_id else "user"

    @property
    def s2s_team_ids(self) -> frozenset[str]:
        """Slack workspaces allowed to act through the Server-to-Server app (empty: any)."""
        raw = self.zoom_s2s_team_ids or ""
        return frozenset(t.strip() for t in raw.split(",") if t.strip())

    @property
    def encryption_keys(self) -> list[str]:
        """The Fernet keys, newest first."""
        if self.token_encryption_key is None:
            return []
        raw = self.token_encryption_key.get_secret_value()
        return [k.strip() for k in raw.split(",") if k.strip()]

    def missing(self) -> dict[str, str]:
        """What is not configured yet, variable -> why it is needed."""
        gaps: dict[str, str] = {}
        if self.slack_signing_secret is None:
            gaps["SLACK_SIGNING_SECRET"] = "needed to verify requests from Slack"
        if self.slack_mode is None:
            gaps["SLACK_BOT_TOKEN"] = (
                "needed for one workspace (or set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
                "to install into many)"
            )
        if self.zoom_mode is None:
            gaps["ZOOM_CLIENT_ID / ZOOM_CLIENT_SECRET"] = "needed to talk to Zoom"
        if self.zoom_webhook_secret_token is None:
            gaps["ZOOM_WEBHOOK_SECRET_TOKEN"] = "needed to verify Zoom webhooks"
        if not self.encryption_keys:
            gaps["TOKEN_ENCRYPTION_KEY"] = "needed to store tokens encrypted"
        if self.public_url is None:
            gaps["PUBLIC_URL"] = "needed for OAuth redirects and the manifest"
        return gaps

    @property
    def slack_ready(self) -> bool:
        """Whether Slack requests can be served."""
        needs_key = self.slack_mode == "multi" and not self.encryption_keys
        configured = self.slack_signing_secret is not None and self.slack_mode is not None
        return configured and not needs_key

    @property
    def zoom_ready(self) -> bool:
        """Whether Zoom calls can be made (and their tokens stored encrypted)."""
        return self.zoom_mode is not None and bool(self.encryption_keys)


def describe_errors(error: ValidationError) -> str:
    """One message naming every variable at fault and what it should look like."""
    lines = ["Zoombridge cannot start: these settings are invalid:"]
    for item in error.errors():
        reason = str(item["msg"]).removeprefix("Value error, ")
        if not item["loc"]:  # a rule across variables: its message names them
            lines.append(f"  {reason}")
            continue
        name = str(item["loc"][0]).upper()
        expected = EXPECTED_FORM.get(name, "")
        lines.append(f"  {name}: {reason}" + (f" (expected {expected})" if expected else ""))
    lines.append("Set them in the environment or in a .env file.")
    return "\n".join(lines)


def load_settings(**overrides: Any) -> Settings:
    """Build Settings, turning validation errors into one readable SettingsError."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise SettingsError(describe_errors(error)) from None
