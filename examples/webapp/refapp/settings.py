"""Everything the app reads from its environment, read once, in one place.

* ``MICROJOB_DATABASE_URL`` — where the marketplace lives; default
  ``sqlite:///microjob-demo.db``, ``postgresql+psycopg://user@host/db`` for PostgreSQL.
* ``MICROJOB_SECRET_KEY`` — signs sign-in tokens and the console's forms (32+ characters).
  Unset: a random key per process, so every restart signs everyone out.
* ``MICROJOB_WEBHOOK_SECRET`` — what the payment provider signs its webhooks with. Unset:
  webhooks are refused (503).
* ``MICROJOB_PRESET`` (default ``fiverr_like``) and ``MICROJOB_CURRENCY`` (default: the
  preset's) — the policy (:class:`microjob.presets`).
* ``MICROJOB_DEMO=1`` — adds the demo users ``ann``, ``bob`` and ``admin``
  (passwords in ``refapp.auth.DEMO_USERS``). Never in production.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping

import attrs

log = logging.getLogger("refapp")

__all__ = ["Settings"]


DATABASE_URL = "sqlite:///microjob-demo.db"
PRESET = "fiverr_like"


@attrs.frozen
class Settings:
    database_url: str = DATABASE_URL
    secret_key: bytes = attrs.field(factory=lambda: secrets.token_bytes(32), repr=False)
    webhook_secret: bytes | None = attrs.field(default=None, repr=False)
    preset: str = PRESET
    currency: str | None = None
    demo: bool = False
    token_minutes: int = 60
    webhook_tolerance_seconds: int = 300

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, serving: bool = True) -> Settings:
        """The settings in ``env`` (default: the process's); ``serving=False`` for tools that
        only open the marketplace and sign nothing."""
        env = os.environ if env is None else env
        key = env.get("MICROJOB_SECRET_KEY", "")
        if not key and serving:
            log.warning(
                "MICROJOB_SECRET_KEY is not set: signing with a random key, so every restart "
                "signs everyone out and several workers reject each other's tokens"
            )
        elif key and len(key) < 32:
            raise ValueError("MICROJOB_SECRET_KEY must be at least 32 characters of random text")
        hook = env.get("MICROJOB_WEBHOOK_SECRET", "")
        return cls(
            database_url=env.get("MICROJOB_DATABASE_URL", DATABASE_URL),
            secret_key=key.encode() if key else secrets.token_bytes(32),
            webhook_secret=hook.encode() if hook else None,
            preset=env.get("MICROJOB_PRESET", PRESET),
            currency=env.get("MICROJOB_CURRENCY") or None,
            demo=env.get("MICROJOB_DEMO", "") in ("1", "true", "yes"),
        )
