"""What makes a provider event a duplicate, and what happens when it is not.

A payment provider retries webhooks, so the engine remembers each event id it handled (the
[`Inbox`][microjob.ports.Inbox]). An id alone is not proof of a duplicate, though: a provider
that reuses ids, a test double restarted in a second process, or a forged delivery can bring
the *same id* for *another* subject or amount. Taking that for a duplicate loses a paid charge
without a trace; applying it could book money twice. So an event is a duplicate only when its
id, kind, subject and amount all match what was recorded (`event_fingerprint`); the same
id with anything else is a `GatewayConflict`, stored for an operator and answered with
[`Conflict`][microjob.errors.Conflict], never swallowed.
"""

from __future__ import annotations

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob.errors import Conflict
from microjob.ports import GatewayEvent, RecordRepository, UnitOfWork

__all__ = [
    "DUPLICATE",
    "AmountMismatch",
    "EventIdReused",
    "EventRefused",
    "GatewayConflict",
    "check_inbox",
    "conflicts",
    "event_fingerprint",
]

DUPLICATE = "duplicate"


def event_fingerprint(event: GatewayEvent) -> str:
    """``kind|subject|amount``: what a provider event is about, in a form that survives storage
    (``20.00 USD`` and ``20 USD`` are the same amount)."""
    if event.amount is None:
        amount = "-"
    else:
        amount = f"{event.amount.amount.normalize():f} {event.amount.currency.code}"
    return f"{event.kind}|{event.subject}|{amount}"


@attrs.frozen(slots=True)
class GatewayConflict:
    """A provider event whose id was already used for something else (kept for an operator).

    ``recorded`` is the fingerprint stored for that id the first time; the other fields are the
    event that arrived later and was refused.
    """

    id: str
    event_id: str
    kind: str
    subject: str
    amount: Money | None
    reference: str
    recorded: str
    recorded_outcome: str
    at: DateTime
    state: str = "open"
    version: int = 0


class EventRefused(Conflict):
    """Raised inside a unit of work when a provider event cannot be applied as it stands (its
    id was used for something else, or its amount is not the one expected); the caller stores
    a `GatewayConflict` in a fresh unit of work and re-raises, so the money the provider
    reports is never silently dropped."""

    def __init__(
        self, event: GatewayEvent, recorded: str, recorded_outcome: str, message: str
    ) -> None:
        self.event = event
        self.recorded = recorded
        self.recorded_outcome = recorded_outcome
        super().__init__(f"{message}; it was refused and kept for an operator (gateway_conflicts)")


class EventIdReused(EventRefused):
    """The event's id was recorded before with another fingerprint."""

    def __init__(self, event: GatewayEvent, recorded: str, recorded_outcome: str) -> None:
        super().__init__(
            event,
            recorded,
            recorded_outcome,
            f"gateway event {event.id!r} was already handled for {recorded!r}, but now arrives "
            f"as {event_fingerprint(event)!r}",
        )


class AmountMismatch(EventRefused):
    """The provider reports another amount than the subject expects."""

    def __init__(self, event: GatewayEvent, expected: str, message: str) -> None:
        super().__init__(event, f"expected {expected}", "refused", message)


def conflicts(uow: UnitOfWork) -> RecordRepository[GatewayConflict]:
    return uow.records("gateway_conflict", GatewayConflict, index=("state",))


def check_inbox(uow: UnitOfWork, event: GatewayEvent) -> str | None:
    """``None`` for a new event, `DUPLICATE` for a true duplicate; raises
    `EventIdReused` when the id was used for another subject, kind or amount."""
    recorded = uow.inbox.find(event.id)
    if recorded is None:
        return None
    if recorded.fingerprint is None or recorded.fingerprint == event_fingerprint(event):
        return DUPLICATE
    raise EventIdReused(event, recorded.fingerprint, recorded.outcome)


def keep_conflict(uow: UnitOfWork, reused: EventRefused, now: DateTime) -> GatewayConflict:
    """Store the refused event (the caller commits)."""
    repo = conflicts(uow)
    event = reused.event
    conflict = GatewayConflict(
        id=repo.next_id(),
        event_id=event.id,
        kind=event.kind,
        subject=event.subject,
        amount=event.amount,
        reference=event.reference,
        recorded=reused.recorded,
        recorded_outcome=reused.recorded_outcome,
        at=now,
    )
    repo.add(conflict)
    return conflict
