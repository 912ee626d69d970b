"""Payout methods: the details a user is paid out to, stored, masked and checked as theirs.

Composed into [`PayoutService`][microjob.services.payouts.PayoutService], whose commands
(``add_method``, ``remove_method``, ``methods``) are the public way in; a payout request
and the approval read the method through `own_method`.
"""

from __future__ import annotations

import attrs

from microjob import events
from microjob.context import Context
from microjob.errors import NotFound, PermissionDenied, PolicyViolation, ValidationError
from microjob.payouts import BankAccount, MaskedMethod, PayoutMethod, PayPal, StoredMethod
from microjob.ports import RecordRepository, UnitOfWork
from microjob.users import Viewer

__all__ = ["PayoutMethods", "methods_repo", "own_method"]


def methods_repo(uow: UnitOfWork) -> RecordRepository[StoredMethod]:
    return uow.records("payout_method", StoredMethod, index=("user_id",))


def own_method(repo: RecordRepository[StoredMethod], user_id: str, method_id: str) -> StoredMethod:
    stored = repo.find(method_id)
    if stored is not None and stored.user_id != user_id:
        raise PermissionDenied(
            f"payout method {method_id} belongs to another user; use one of your own"
        )
    if stored is None or not stored.active:
        if not any(m.active for m in repo.where(user_id=user_id)):
            raise PolicyViolation(
                "add a payout method first: a PayPal e-mail or bank details (IBAN, BIC, "
                "holder); withdrawals need complete details"
            )
        raise NotFound(
            f"user {user_id!r} has no active payout method {method_id!r}; "
            "see payout_methods() for theirs"
        )
    return stored


class PayoutMethods:
    """Adding, removing and listing a user's payout methods (see the module)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def add(self, actor: str, method: PayoutMethod) -> MaskedMethod:
        """Store the user's payout details (MicrojobEngine: complete them before withdrawing).

        ``method`` is [`PayPal`][microjob.payouts.PayPal] or
        [`BankAccount`][microjob.payouts.BankAccount], validated when built. Adding the same details
        again returns the method already stored. Only the masked view comes back.
        """
        if not isinstance(method, PayPal | BankAccount):
            raise ValidationError(
                "a payout method is microjob.payouts.PayPal(email=...) or "
                f"BankAccount(iban=..., bic=..., holder=...), got {type(method).__name__}"
            )
        with self.ctx.uow() as uow:
            uow.users.get(actor)
            repo = methods_repo(uow)
            for stored in repo.where(user_id=actor):
                if stored.active and stored.method == method:
                    return stored.masked()
            now = self.ctx.clock.now()
            stored = StoredMethod(repo.next_id(), actor, method, now)
            repo.add(stored)
            uow.emit(
                events.PayoutMethodAdded(now, actor, stored.id, actor, method.kind, method.last4)
            )
            self.ctx.commit(uow)
        return stored.masked()

    def remove(self, method_id: str, actor: str) -> MaskedMethod:
        """The user removes a method; payouts already requested with it still use it."""
        with self.ctx.uow() as uow:
            repo = methods_repo(uow)
            stored = own_method(repo, actor, method_id)
            now = self.ctx.clock.now()
            removed = attrs.evolve(stored, removed_at=now, version=stored.version + 1)
            repo.save(removed)
            uow.emit(
                events.PayoutMethodRemoved(
                    now, actor, method_id, actor, stored.method.kind, stored.method.last4
                )
            )
            self.ctx.commit(uow)
        return removed.masked()

    def active(self, user_id: str, viewer: Viewer) -> list[MaskedMethod]:
        """The user's active payout methods, masked (kind and last four characters)."""
        with self.ctx.reads() as uow:
            uow.users.get(user_id)
            self.ctx.check_viewer(uow, viewer, (user_id,), f"the payout methods of {user_id!r}")
            return [m.masked() for m in methods_repo(uow).where(user_id=user_id) if m.active]
