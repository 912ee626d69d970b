"""Users: who may act in the marketplace (everyone may both buy and sell)."""

from __future__ import annotations

from microjob import events
from microjob.context import Context
from microjob.logs import command
from microjob.users import User, check_email, check_name, check_user_id

__all__ = ["UserService"]


class UserService:
    """Register users and read them back."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @command
    def register(self, user_id: str, *, name: str, email: str, is_admin: bool = False) -> User:
        """Register a user who may both buy and sell (as MicrojobEngine's users do)."""
        check_user_id(user_id)
        email = check_email(email)
        name = check_name(name)
        with self.ctx.uow() as uow:
            now = self.ctx.clock.now()
            user = User(user_id, name, email, now, is_admin)
            uow.users.add(user)
            uow.emit(events.UserRegistered(now, user_id, user_id))
            self.ctx.commit(uow)
        return user

    def get(self, user_id: str) -> User:
        """A registered user ([`NotFound`][microjob.errors.NotFound] otherwise)."""
        with self.ctx.reads() as uow:
            return uow.users.get(user_id)
