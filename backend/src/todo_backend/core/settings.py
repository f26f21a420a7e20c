"""Configuration, only from the environment (each variable is documented in .env.example)."""

from __future__ import annotations

import logging
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

log = logging.getLogger("todo_backend")

JWT_SECRET_MIN_LENGTH = 32
DEFAULT_SQLITE_URL = f"sqlite:///{Path('.data/todo.db')}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    app_env: Literal["development", "production", "test"] = "development"
    database_url: str = DEFAULT_SQLITE_URL
    jwt_secret: str = ""
    jwt_expire_minutes: int = Field(default=60 * 24 * 7, gt=0)
    host: str = "0.0.0.0"
    port: int = Field(default=7860, ge=1, le=65535)
    workers: int = Field(default=1, ge=1)
    log_level: str = "info"
    migrate_on_start: bool = True
    max_request_bytes: int = Field(default=64 * 1024, ge=1024)
    forwarded_allow_ips: str = ""
    """Peers whose X-Forwarded-For/-Proto are believed (uvicorn's list); none by default."""
    login_failure_window_seconds: int = Field(default=900, gt=0)
    login_max_failures_per_account: int = Field(default=10, gt=0)
    login_max_failures_per_client: int = Field(default=50, gt=0)

    llm_base_url: str = ""
    llm_api_key: str = ""
    llm_model: str = "gpt-4o-mini"
    llm_timeout_seconds: float = Field(default=30.0, gt=0)

    @field_validator("database_url")
    @classmethod
    def _normalise_database_url(cls, url: str) -> str:
        """Accept the URLs people paste from Neon/Heroku and pick the psycopg 3 driver."""
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url

    @model_validator(mode="after")
    def _require_secret_in_production(self) -> Settings:
        if self.jwt_secret and len(self.jwt_secret) < JWT_SECRET_MIN_LENGTH:
            raise ValueError(
                f"JWT_SECRET has {len(self.jwt_secret)} characters; use at least "
                f"{JWT_SECRET_MIN_LENGTH} (HS256 wants a 256-bit key)"
            )
        if not self.jwt_secret:
            if self.app_env == "production":
                raise ValueError(
                    "JWT_SECRET is required when APP_ENV=production "
                    "(generate one with: "
                    "python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"
                )
            self.jwt_secret = secrets.token_urlsafe(48)
            log.warning(
                "INSECURE: JWT_SECRET is not set; using a random secret for this process only. "
                "Tokens will not survive a restart or work across replicas. Set JWT_SECRET."
            )
        return self

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url or self.llm_api_key)


@lru_cache
def get_settings() -> Settings:
    return Settings()
