"""Signed webhooks from the payment provider.

The provider signs each delivery with a secret shared with the app:
``Microjob-Signature: t=<unix time>,v1=<hex HMAC-SHA256 over "<t>." + raw body>``. The app
checks the signature over the *raw bytes* before it parses anything, compares in constant
time, and refuses a timestamp older than the tolerance so a captured delivery cannot be
replayed later (within the window a replay is harmless: the engine applies each event id once).
Real providers use the same scheme under their own header names; adapt :func:`verify`.
"""

from __future__ import annotations

import hashlib
import hmac
import time

__all__ = ["HEADER", "sign", "verify"]

HEADER = "Microjob-Signature"


def _mac(secret: bytes, stamp: int, body: bytes) -> str:
    return hmac.new(secret, str(stamp).encode() + b"." + body, hashlib.sha256).hexdigest()


def sign(secret: bytes, body: bytes, at: int | None = None) -> str:
    """The header value a provider sends with ``body`` (for tests and local tools)."""
    stamp = int(time.time()) if at is None else at
    return f"t={stamp},v1={_mac(secret, stamp, body)}"


def verify(
    secret: bytes, body: bytes, header: str, tolerance: int, now: float | None = None
) -> str:
    """Why the delivery is refused, or ``""`` when its signature is good and fresh."""
    fields: dict[str, str] = {}
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        fields.setdefault(name, value)
    stamp_text, given = fields.get("t", ""), fields.get("v1", "")
    if not stamp_text.isdigit() or not given:
        return f"the {HEADER} header must read t=<unix time>,v1=<hex HMAC>"
    stamp = int(stamp_text)
    moment = time.time() if now is None else now
    if abs(moment - stamp) > tolerance:
        return f"the signature's time is more than {tolerance} s from now: a replay, or a clock off"
    if not hmac.compare_digest(_mac(secret, stamp, body), given):
        return "the signature does not match the body"
    return ""
