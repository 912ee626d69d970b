"""Who is calling: passwords, signed tokens, and the FastAPI dependencies that read them.

The app signs its own tokens with PyJWT (HS256, an expiry, an audience per use): a bearer token
for the API (``aud=microjob-api``) and the same kind of token in an ``HttpOnly`` cookie for the
console (``aud=microjob-console``), so neither is accepted where the other belongs. Passwords
are kept as scrypt hashes. The users here are demo users; a real app swaps :class:`Directory`
for its own identity provider and keeps the rest.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Annotated

import attrs
import jwt
from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

__all__ = ["API", "CONSOLE", "COOKIE", "DEMO_USERS", "Account", "Directory", "Tokens"]

API = "microjob-api"
CONSOLE = "microjob-console"
COOKIE = "microjob_session"
ISSUER = "microjob-refapp"

DEMO_USERS = {
    # id: (name, e-mail, password, admin)
    "ann": ("Ann Buyer", "ann@example.org", "ann-demo-password", False),
    "bob": ("Bob Seller", "bob@example.org", "bob-demo-password", False),
    "admin": ("Ada Admin", "admin@example.org", "admin-demo-password", True),
}
"""The demo users, added with ``MICROJOB_DEMO=1``: never in production."""


def _hash(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)


@attrs.frozen
class Account:
    user_id: str
    name: str
    email: str
    is_admin: bool
    salt: bytes = attrs.field(repr=False)
    digest: bytes = attrs.field(repr=False)

    @classmethod
    def create(cls, user_id: str, name: str, email: str, password: str, is_admin: bool) -> Account:
        salt = secrets.token_bytes(16)
        return cls(user_id, name, email, is_admin, salt, _hash(password, salt))


_DUMMY = Account.create("-", "-", "-", secrets.token_hex(8), False)


@attrs.define
class Directory:
    """The app's users and their password hashes."""

    accounts: dict[str, Account] = attrs.field(factory=dict)

    @classmethod
    def demo(cls) -> Directory:
        return cls(
            {
                user: Account.create(user, name, email, password, admin)
                for user, (name, email, password, admin) in DEMO_USERS.items()
            }
        )

    def check(self, user_id: str, password: str) -> Account | None:
        """The account if the password is right; the same work either way, so the answer's
        timing does not tell which user names exist."""
        account = self.accounts.get(user_id)
        probe = account or _DUMMY
        matches = hmac.compare_digest(_hash(password, probe.salt), probe.digest)
        return account if account is not None and matches else None


@attrs.frozen
class Tokens:
    """Signs and reads the app's tokens."""

    key: bytes = attrs.field(repr=False)
    minutes: int = 60

    def issue(self, user_id: str, audience: str) -> str:
        now = int(time.time())
        claims = {
            "sub": user_id,
            "aud": audience,
            "iss": ISSUER,
            "iat": now,
            "exp": now + self.minutes * 60,
        }
        return jwt.encode(claims, self.key, algorithm="HS256")

    def read(self, token: str, audience: str) -> str | None:
        """The user the token names, or None when it is forged, expired or meant elsewhere."""
        try:
            claims = jwt.decode(
                token,
                self.key,
                algorithms=["HS256"],  # never the token's own choice of algorithm
                audience=audience,
                issuer=ISSUER,
                options={"require": ["sub", "exp", "aud", "iss"]},
            )
        except jwt.PyJWTError:
            return None
        subject = claims.get("sub")
        return subject if isinstance(subject, str) and subject else None


bearer = HTTPBearer(auto_error=False, description="a token from POST /auth/token")


def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    """The signed-in user of an API call: 401 without a valid bearer token."""
    tokens: Tokens = request.app.state.tokens
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None:
        raise HTTPException(401, "sign in first: send Authorization: Bearer <token>", challenge)
    user = tokens.read(credentials.credentials, API)
    if user is None:
        raise HTTPException(401, "the token is invalid or expired: sign in again", challenge)
    return user


User = Annotated[str, Depends(current_user)]
"""An endpoint parameter that is the signed-in user's id."""


def console_admin(tokens: Tokens, directory: Directory, request: Request) -> str | None:
    """The console's ``admin_of``: the admin named by the session cookie, or None."""
    user = tokens.read(request.cookies.get(COOKIE, ""), CONSOLE)
    account = directory.accounts.get(user) if user else None
    return user if account is not None and account.is_admin else None
