"""Settings from the environment (prefix HEXASHOP_), validated once at start."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HEXASHOP_", extra="ignore", frozen=True)

    # Unset: an embedded PostgreSQL under DATA_DIR. Set: that server.
    database_url: str | None = None
    data_dir: Path = Path(".hexashop")
    db_pool_size: int = Field(default=10, ge=1, le=200)

    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_sender: str = "hexashop <no-reply@hexashop.localhost>"
    smtp_tls: Literal["none", "starttls", "tls"] = "starttls"

    redis_url: str | None = None
    # "off" is for load tests only: it disables every abuse limit.
    rate_limits: Literal["on", "off"] = "on"
    # Requests per minute one client address may make to the API, all routes together.
    api_rate_limit_per_minute: int = Field(default=1200, ge=1, le=1_000_000)
    amqp_url: str | None = None

    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    public_base_url: str = "http://127.0.0.1:8000"
    max_body_bytes: int = Field(default=64 * 1024, ge=1024, le=16 * 1024 * 1024)

    # PEM of an Ed25519 private key; unset: one is generated once into DATA_DIR.
    jwt_private_key: SecretStr | None = None
    jwt_issuer: str = "hexashop"
    jwt_audience: str = "hexashop-api"
    access_token_ttl_seconds: int = Field(default=900, ge=60, le=3600)

    # HMAC key of payment instrument fingerprints (32+ bytes); unset: generated once into
    # DATA_DIR. Changing it makes every stored instrument look new to duplicate checks.
    payment_fingerprint_secret: SecretStr | None = Field(default=None, min_length=32)
    payment_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    pending_order_ttl_minutes: int = Field(default=30, ge=1, le=7 * 24 * 60)
    outbox_relay_interval_seconds: float = Field(default=0.2, gt=0, le=60)
    order_expiry_interval_seconds: float = Field(default=30.0, gt=0, le=3600)

    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["json", "console"] = "json"

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("database_url", "redis_url", "amqp_url", "smtp_host", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("database_url")
    @classmethod
    def _postgres_only(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("must be a postgresql:// URL")
        return value

    @field_validator("public_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value


class SettingsError(Exception):
    """Settings that cannot start the service; the message names each variable at fault."""


def load_settings(**overrides: Any) -> Settings:
    try:
        return Settings(**overrides)
    except ValidationError as error:
        lines = []
        for item in error.errors():
            name = "HEXASHOP_" + "_".join(str(part) for part in item["loc"][:1]).upper()
            lines.append(f"{name}: {item['msg']}")
        raise SettingsError("; ".join(lines)) from None
