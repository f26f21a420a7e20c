"""Configuration, only from the environment (each variable is documented in .env.example)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    host: str = "0.0.0.0"
    port: int = Field(default=3000, ge=1, le=65535)
    backend_url: str = "http://localhost:7860"
    # Longer than the backend's LLM_TIMEOUT_SECONDS (30 s) so a slow LLM answer
    # reaches the user as the backend's own message, not as our timeout.
    backend_timeout_seconds: float = Field(default=45.0, gt=0)
    log_level: str = "info"
    max_request_bytes: int = Field(default=64 * 1024, ge=1024)
    forwarded_allow_ips: str = ""
    """Peers (a TLS-terminating ingress) whose X-Forwarded-For/-Proto are believed; none by
    default, so no client can claim another address or an https scheme."""

    @field_validator("backend_url")
    @classmethod
    def _strip_trailing_slash(cls, url: str) -> str:
        return url.rstrip("/")


@lru_cache
def get_settings() -> Settings:
    return Settings()
