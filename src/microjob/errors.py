"""The one error hierarchy of microjob.

Every error a command raises is a [`MarketplaceError`][microjob.errors.MarketplaceError], so an
embedding application can catch the whole family in one place; where a builtin means the same thing
the error also
inherits it, so existing ``except ValueError`` / ``except LookupError`` code keeps working::

    MarketplaceError
    ├── ValidationError (ValueError)      bad input: floats, wrong currency, over-precise amounts
    │   └── CurrencyMismatch              two currencies where one was required
    ├── PermissionDenied (PermissionError) the actor may not do this
    ├── InvalidTransition                 the aggregate is in a state where this move is impossible
    ├── InsufficientFunds                 an account other than ``world`` would go below zero
    ├── PolicyViolation                   allowed in general, refused by this marketplace's policy
    ├── NotFound (LookupError)            no such order, user, account, ...
    ├── Conflict                          concurrent change or a reused idempotency key; retry
    │   └── Busy                          the database stayed locked by another writer; retry later
    └── LedgerIntegrityError              verify() found the books do not add up

Every message says what was wrong *and* what would have been right, because the people who read
them are developers wiring microjob into their own marketplace at two in the morning.
"""

from __future__ import annotations

from collections.abc import Iterable


class MarketplaceError(Exception):
    """Base of every error microjob raises on purpose."""


class ValidationError(MarketplaceError, ValueError):
    """Input that can never be accepted as given (type, sign, precision, currency, format)."""


class CurrencyMismatch(ValidationError):
    """Two amounts in different currencies met where one currency was required."""


class PermissionDenied(MarketplaceError, PermissionError):
    """The acting user is not allowed to do this to this object."""


class InvalidTransition(MarketplaceError):
    """The move is impossible from the object's current state.

    Carries the state and the triggers that *are* allowed there, so a UI can offer them.
    """

    def __init__(self, kind: str, state: str, trigger: str, allowed: Iterable[str]) -> None:
        self.kind = kind
        self.state = state
        self.trigger = trigger
        self.allowed = tuple(sorted(allowed))
        options = ", ".join(self.allowed) if self.allowed else "none (final state)"
        super().__init__(
            f"cannot {trigger!r} {_article(kind)} {kind} that is {state!r}; "
            f"allowed from {state!r}: {options}"
        )


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


class InsufficientFunds(MarketplaceError):
    """A transfer would leave an account that may not go negative below zero."""


class PolicyViolation(MarketplaceError):
    """The marketplace's policy forbids this (a limit, a minimum, a window, a rule)."""


class NotFound(MarketplaceError, LookupError):
    """No object with that identity exists (or the actor may not know it exists)."""


class Conflict(MarketplaceError):
    """A concurrent change or a reused idempotency key with other content; safe to retry."""


class Busy(Conflict):
    """The database stayed locked by another writer longer than the busy timeout, so the unit
    of work could not begin: nothing was written; retry later. A `Conflict` of its own because
    it is no item's fault: a pass over many items (`run_due`) stops at it instead of waiting
    out the timeout again for every item."""


class LedgerIntegrityError(MarketplaceError):
    """The ledger's recomputed state disagrees with what it claims: never expected in practice."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        listed = "; ".join(self.problems[:10])
        more = f" (+{len(self.problems) - 10} more)" if len(self.problems) > 10 else ""
        super().__init__(f"ledger verification failed: {listed}{more}")
