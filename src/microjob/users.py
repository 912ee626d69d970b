"""Users: one account may buy and sell (MicrojobEngine); admins judge disputes and moderate."""

from __future__ import annotations

import re
import unicodedata

import attrs
from pendulum import DateTime

from microjob.errors import ValidationError

__all__ = [
    "BACK_OFFICE",
    "MAX_NAME_CHARS",
    "RESERVED_IDS",
    "SYSTEM",
    "BackOffice",
    "User",
    "Viewer",
    "check_email",
    "check_name",
    "check_user_id",
]

SYSTEM = "system"
"""The name the platform's own moves are recorded under (timers, provider events). It is only a
label in histories: no actor string passed to a command ever acts as the system."""

RESERVED_IDS = frozenset({SYSTEM, "platform", "world"})
"""Ids no user may register under, in any letter case: they name the platform itself or its
ledger accounts, and a look-alike would read as the platform in every history and statement."""

MAX_NAME_CHARS = 100


@attrs.frozen(slots=True)
class BackOffice:
    """The viewer of trusted back-office code (reports, reconciliation, support tools).

    Queries that show one user's data take a ``viewer``: a user id, checked like an actor
    (the user themselves, a party of the order, or an admin), or `BACK_OFFICE`, which
    reads everything. It is a value, not a string, so no user input can ever turn into it.
    """

    def __repr__(self) -> str:
        return "BACK_OFFICE"


BACK_OFFICE = BackOffice()
"""Pass as ``viewer=`` from code the host already trusts to read every user's data."""

Viewer = str | BackOffice

_ID = re.compile(r"[A-Za-z0-9_.@-]{1,64}")


def check_user_id(user_id: str) -> str:
    """User ids are embedded in account names (``user:{id}:available``): keep them simple."""
    if not isinstance(user_id, str) or not _ID.fullmatch(user_id):
        raise ValidationError(
            f"user id {user_id!r} must be 1-64 characters of letters, digits, '_', '.', '@' or '-'"
        )
    if user_id.casefold() in RESERVED_IDS:
        raise ValidationError(
            f"user id {user_id!r} is reserved for the platform itself; choose another id"
        )
    return user_id


def check_email(email: str) -> str:
    """An e-mail address checked by ``email-validator`` (syntax only, no DNS look-up) and
    returned in its normal form (the domain lower-cased and IDNA-normalised), so that the same
    address cannot register twice under two spellings."""
    from email_validator import EmailNotValidError, validate_email

    if not isinstance(email, str):
        raise ValidationError(f"e-mail must be text, got {type(email).__name__}")
    try:
        checked = validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValidationError(
            f"e-mail {email[:100]!r} is not a valid address ({error}); expected e.g. "
            "name@example.org"
        ) from None
    return str(checked.normalized)


def check_name(name: str) -> str:
    """A display name people can read: at most `MAX_NAME_CHARS` characters, no control
    characters, and at least one visible letter, digit or symbol (a name of zero-width
    spaces or direction marks would show as nothing, or as someone else)."""
    if not isinstance(name, str):
        raise ValidationError(f"a display name is text, got {type(name).__name__}")
    # Format characters (direction overrides, zero-width spaces and joiners) are dropped: in a
    # name they only make it display as something else ("\u202enimdA" reads "Admin").
    cleaned = "".join(
        ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch) != "Cf"
    ).strip()
    if any(unicodedata.category(ch) == "Cc" for ch in cleaned):
        raise ValidationError("a display name cannot contain control characters (tabs, newlines)")
    if not any(unicodedata.category(ch)[0] in "LNSP" for ch in cleaned):
        raise ValidationError(
            "a user needs a display name with at least one visible letter or digit"
        )
    if len(cleaned) > MAX_NAME_CHARS:
        raise ValidationError(
            f"a display name is at most {MAX_NAME_CHARS} characters, got {len(cleaned):,}"
        )
    return cleaned


@attrs.frozen(slots=True)
class User:
    """A registered user. The same user may buy from some and sell to others."""

    id: str
    name: str
    email: str
    joined_at: DateTime
    is_admin: bool = False
