"""Which HTTP status a [`MarketplaceError`][microjob.MarketplaceError] deserves.

The console shows an action the engine refused on the page it came from, with the engine's
message (which says what would have been right) and the status below; a host can use the same
table for its own API.
"""

from __future__ import annotations

from microjob.errors import (
    Conflict,
    InsufficientFunds,
    InvalidTransition,
    MarketplaceError,
    NotFound,
    PermissionDenied,
    PolicyViolation,
    ValidationError,
)

__all__ = ["STATUS", "status_of"]

STATUS: tuple[tuple[type[MarketplaceError], int], ...] = (
    (ValidationError, 422),
    (PermissionDenied, 403),
    (NotFound, 404),
    (InvalidTransition, 409),
    (Conflict, 409),
    (PolicyViolation, 409),
    # The request was well formed; the balance is what it is *now*, and the same request can
    # succeed once money arrives — a state of the world, like a conflict, not bad input.
    (InsufficientFunds, 409),
)


def status_of(error: MarketplaceError) -> int:
    """The HTTP status for ``error`` (the first matching row of `STATUS`; 400 if none)."""
    return next((code for kind, code in STATUS if isinstance(error, kind)), 400)
