"""Users: one account may buy and sell (seed 000); admins judge disputes and moderate."""

from __future__ import annotations

import re

import attrs
from pendulum import DateTime

from microjob.errors import ValidationError

__all__ = ["SYSTEM", "User", "check_user_id"]

SYSTEM = "system"
"""The actor id of time-driven and gateway-driven moves; no user may register under it."""

_ID = re.compile(r"[A-Za-z0-9_.@-]{1,64}")


def check_user_id(user_id: str) -> str:
    """User ids are embedded in account names (``user:{id}:available``): keep them simple."""
    if not isinstance(user_id, str) or not _ID.fullmatch(user_id):
        raise ValidationError(
            f"user id {user_id!r} must be 1-64 characters of letters, digits, '_', '.', '@' or '-'"
        )
    if user_id == SYSTEM:
        raise ValidationError(f"{SYSTEM!r} is reserved for the platform itself")
    return user_id


@attrs.frozen(slots=True)
class User:
    """A registered user. The same user may buy from some and sell to others."""

    id: str
    name: str
    email: str
    joined_at: DateTime
    is_admin: bool = False
