"""Cross-site request forgery protection for the console's forms.

A browser sends the host's session cookie with every request to the console, including one a
hostile page makes it send; so every POST must also prove it came from a form the console
rendered. Each browser gets a random *nonce* in a cookie of its own (``HttpOnly``,
``SameSite=Strict``), and each form carries ``HMAC(secret, admin, nonce)``: a hostile page can
neither read the cookie nor compute the HMAC, and a token is bound to the admin it was rendered
for, so it is worthless after a log-in as someone else. Nothing is stored on the server, which
is why several workers can serve one console — provided they share ``secret``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import attrs

__all__ = ["COOKIE", "FIELD", "CsrfGuard"]

COOKIE = "microjob_console_csrf"
"""The cookie that holds the browser's nonce."""

FIELD = "csrf"
"""The form field that carries the token."""


def _secret(value: bytes | None) -> bytes:
    if value is None:
        return secrets.token_bytes(32)
    if not isinstance(value, bytes) or len(value) < 16:
        raise ValueError(
            "the console's secret must be at least 16 random bytes (e.g. secrets.token_bytes(32)),"
            " the same in every worker that serves the console"
        )
    return value


@attrs.frozen
class CsrfGuard:
    """Issues and checks form tokens (see the module docstring).

    ``secret`` defaults to fresh random bytes: right for one process, wrong for several
    workers behind a load balancer, where a form rendered by one must be accepted by another.
    """

    secret: bytes = attrs.field(default=None, converter=_secret, repr=False)

    @staticmethod
    def new_nonce() -> str:
        return secrets.token_urlsafe(32)

    def token(self, admin: str, nonce: str) -> str:
        """The token a form rendered for ``admin`` in the browser holding ``nonce`` carries."""
        message = f"{admin}\x00{nonce}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def check(self, admin: str, nonce: str | None, token: str | None) -> bool:
        """Whether ``token`` was issued for ``admin`` and this browser (constant time)."""
        if not nonce or not token or not token.isascii():
            return False  # compare_digest takes ASCII text only: anything else is no token
        return hmac.compare_digest(self.token(admin, nonce), token)
