"""Provider events about orders the books do not hold: kept, then applied or refunded.

[`OrderService.place`][microjob.services.orders.OrderService.place] asks the provider for the
money *before* it stores the order, so that the order and its payment are written in one unit of
work: one commit for a paid order instead of two. The price of that commit is a window in which
the provider knows of a charge the books do not hold, between its answer and our commit:

* the provider's webhook may arrive inside the window (providers are often quicker than a busy
  database), for an order that is about to be stored;
* or the commit never happens: the process died after the provider answered, or the database
  refused the unit of work. Then the money was taken for an order that does not exist.

An event for an order that is not stored is therefore not an error: it is kept as a
`ParkedEvent` and answered ``parked`` (the provider stops resending it). ``run_due`` then
decides, per order:

* **the order is stored now**: each kept event is applied to it as if it had just arrived (a
  charge the synchronous answer already booked is a ``duplicate``, one it did not confirms the
  payment, a second charge lands in the buyer's wallet, ...). A placing whose own answer was
  ``pending`` applies the kept events in its own unit of work, so it does not wait for
  ``run_due``.
* **the order is still missing once `ORPHAN_GRACE` has passed** since the first event (or at
  once, when the placing itself saw its unit of work fail): every kept successful charge that was
  not reversed is refunded to the card, through the same
  [`PendingRefund`][microjob.context.PendingRefund] every refund uses, retried until the
  provider takes it. A reversal (chargeback) means the provider has the money back already: no
  refund is sent for that charge, and one still unsent is marked covered.

No order can appear after its charges were refunded. A placing that could not store its order
within `PLACE_WINDOW` of asking for the money gives up (and has its charge refunded), and the
grace period is far longer than that window. And should a placing's process freeze after its
last look at the clock, for longer than the grace, the refund and the placing write the same
row, the charge's `ChargeClaim`, in their units of work: whichever commits second is refused
(`claim_charge`, `claim_refund`), so the order is stored or its charge refunded, never both. A
placing answered ``pending`` has no charge to claim: it writes the order's `PlacingClaim`, which
the settling of a missing order's kept events writes too (`claim_placing`, `settle_placing`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pendulum
from moneyed import Money
from pendulum import DateTime, Duration

from microjob.context import (
    COVERED,
    REFUSED,
    Context,
    PendingRefund,
    log,
    pending_refunds_repo,
    stop_at_busy,
)
from microjob.errors import Busy, Conflict, MarketplaceError, NotFound
from microjob.inbox import EventRefused, keep_conflict
from microjob.orders import Order
from microjob.ports import GatewayEvent, Record, RecordRepository, UnitOfWork

__all__ = [
    "ANOTHER_ORDERS",
    "FOR_OPERATOR",
    "NOT_OURS",
    "ORPHAN_GRACE",
    "PLACE_WINDOW",
    "ChargeClaim",
    "OrphanCharges",
    "ParkedEvent",
    "PlacingClaim",
    "claim_charge",
    "claim_placing",
    "claim_refund",
    "parked_events",
    "settle_placing",
]

ORPHAN_GRACE: Duration = pendulum.duration(hours=1)
"""How long a charge for a missing order waits for its order before it is refunded."""

PLACE_WINDOW: Duration = pendulum.duration(minutes=10)
"""The longest a placing may take from asking the provider for the money to storing the order;
a placing past it stores nothing and has its charge refunded (see the module docstring)."""

WAITING = "waiting"
APPLIED = "applied"
SETTLED = "settled"
"""Resolved without its order: refunded, covered by a reversal, or nothing to do."""

NO_REFERENCE = "no reference"
NO_AMOUNT = "no amount"
NOT_OURS = "not an order of this marketplace"
ANOTHER_ORDERS = "the charge of another order"
REFUNDED_TWICE = "charged back after its refund"
FOR_OPERATOR = (NO_REFERENCE, NO_AMOUNT, NOT_OURS, ANOTHER_ORDERS, REFUNDED_TWICE)
"""Outcomes an operator must act on (see `OrphanCharges.for_operator`)."""

Apply = Callable[[UnitOfWork, str, GatewayEvent, DateTime], tuple[str, object]]


@attrs.frozen
class ParkedEvent:
    """A provider event about an order that was not stored when it arrived (its id is the
    event's id). ``due_at``: when, if the order is still missing, its charge is refunded."""

    id: str
    order_id: str
    kind: str
    amount: Money | None
    reference: str
    reason: str
    at: DateTime
    due_at: DateTime
    state: str = WAITING
    placing_failed: bool = False
    """Kept by the placing itself, which saw its unit of work fail: its order will never be
    stored, so it need not wait for the grace period."""
    outcome: str = ""
    """What became of it: the outcome of applying it to its order, or ``refunded``,
    ``covered``, ``duplicate``, ``no refund`` (nothing was taken), or one of `FOR_OPERATOR`."""
    version: int = 0

    @property
    def event(self) -> GatewayEvent:
        return GatewayEvent(
            self.id, self.kind, f"order:{self.order_id}", self.amount, self.reference, self.reason
        )


@attrs.frozen
class ChargeClaim:
    """A provider charge (``id``: its reference) and the stored order it paid or was credited
    for: a charge kept for an order never stored is not refunded by a reference that belongs
    to another order (a webhook naming the wrong order would otherwise refund a paid one)."""

    id: str
    order_id: str
    refunded: bool = False
    """Written by the refund of this charge as one whose order was never stored: the order
    can no longer be stored with it (`claim_charge` refuses)."""
    version: int = 0


def charge_claims(uow: UnitOfWork) -> RecordRepository[ChargeClaim]:
    return uow.records("charge_claim", ChargeClaim)


def _first_claim(
    repo: RecordRepository[Any], claim: Record, refusal: Callable[[Any], str | None]
) -> None:
    """Insert ``claim``; when its key is held already (written first, by this or another
    unit of work, which a unique key makes wait on a database with concurrent writers), raise
    `Conflict` with ``refusal(held)`` unless that is ``None``."""
    try:
        repo.add(claim)
    except Conflict:
        message = refusal(repo.find(claim.id))
        if message is not None:
            raise Conflict(message) from None


def claim_charge(uow: UnitOfWork, reference: str, order_id: str) -> None:
    """Write down that the charge ``reference`` belongs to the stored order ``order_id`` (one
    insert; nothing when it was written down before, or when a provider that reuses references
    named another charge so: the first claim stands).

    Refuses (`Conflict`, so the unit of work storing the order stores nothing) when the charge
    was refunded meanwhile as one whose order never came (`claim_refund`): the claim row is
    what the placing and the refund both write, so whichever commits second learns of the
    other, on a database with concurrent writers too."""
    if not reference:
        return
    _first_claim(
        charge_claims(uow),
        ChargeClaim(reference, order_id),
        lambda held: (
            f"the charge {reference} of order {order_id} was refunded as one whose order "
            "was never stored; nothing was stored"
            if held is not None and held.refunded and held.order_id == order_id
            else None
        ),
    )


def claim_refund(uow: UnitOfWork, reference: str, order_id: str) -> None:
    """Write down, before refunding the charge ``reference`` of the missing order ``order_id``,
    that it is refunded: a placing of that order still in flight can then not store it
    (`claim_charge`). `Conflict` when the order claimed the charge first (it was stored after
    this unit of work looked for it): nothing is refunded, and the next ``run_due`` applies the
    kept events to the order instead."""
    _first_claim(
        charge_claims(uow),
        ChargeClaim(reference, order_id, refunded=True),
        lambda held: (
            None
            if held is not None and held.refunded
            else f"order {order_id} claimed its charge {reference} while it was being "
            "refunded as one whose order was never stored; nothing was refunded"
        ),
    )


@attrs.frozen
class PlacingClaim:
    """The placing of order ``id`` whose provider answered ``pending`` (it writes no charge
    claim, having no charge yet), or, ``settled``, the decision that the order never came and
    its kept events are settled without it. Whichever is written second is refused, so a
    placing frozen past the grace never stores an order whose kept charge was refunded."""

    id: str
    settled: bool = False
    version: int = 0


def placing_claims(uow: UnitOfWork) -> RecordRepository[PlacingClaim]:
    return uow.records("placing_claim", PlacingClaim)


def claim_placing(uow: UnitOfWork, order_id: str) -> None:
    """Write down, in the unit of work that stores it, that the order answered ``pending`` is
    being stored; `Conflict` when its kept events were settled as those of an order that never
    came (`settle_placing`): nothing is stored then."""
    _first_claim(
        placing_claims(uow),
        PlacingClaim(order_id),
        lambda held: (
            f"the provider events of order {order_id} were settled as those of an order "
            "that never came; nothing was stored"
            if held is not None and held.settled
            else None
        ),
    )


def settle_placing(uow: UnitOfWork, order_id: str) -> None:
    """Write down that order ``order_id`` never came, in the unit of work that settles its kept
    events; `Conflict` when a placing answered ``pending`` stored it meanwhile (nothing is
    settled then: the next ``run_due`` applies the events to it)."""
    _first_claim(
        placing_claims(uow),
        PlacingClaim(order_id, settled=True),
        lambda held: (
            None
            if held is not None and held.settled
            else f"order {order_id} was stored while its kept provider events were being "
            "settled without it; nothing was settled"
        ),
    )


def parked_events(uow: UnitOfWork) -> RecordRepository[ParkedEvent]:
    return uow.records("parked_event", ParkedEvent, index=("order_id", "state"))


def orphan_refund_key(order_id: str, reference: str) -> str:
    """The idempotency key (and `PendingRefund` id) of a refund for a charge without order."""
    return f"order:{order_id}:orphan:{reference}"


class OrphanCharges:
    """Keeps provider events for orders not stored, and applies or refunds them (composed into
    [`OrderPayments`][microjob.services.order_payments.OrderPayments])."""

    def __init__(self, ctx: Context, apply: Apply) -> None:
        self.ctx = ctx
        self._apply = apply

    def park(
        self,
        uow: UnitOfWork,
        order_id: str,
        event: GatewayEvent,
        now: DateTime,
        *,
        at_once: bool = False,
    ) -> str:
        """Keep an event for the missing order ``order_id`` (inside the caller's unit of work);
        ``at_once``: the placing knows its order will never be stored, so the charge need not
        wait out the grace period."""
        repo = parked_events(uow)
        if repo.find(event.id) is None:
            # Once an order's kept events were settled, the order is known never to come: a
            # later one (a chargeback while the refund is still unsent) is settled at once.
            settled = any(
                p.state == SETTLED and p.outcome != NOT_OURS for p in repo.where(order_id=order_id)
            )
            due = now if at_once or settled else now + ORPHAN_GRACE
            repo.add(
                ParkedEvent(
                    event.id,
                    order_id,
                    event.kind,
                    event.amount,
                    event.reference,
                    event.reason,
                    now,
                    due,
                    placing_failed=at_once,
                )
            )
            log.warning(
                "gateway event %s (%s) for order %s, which is not stored: kept until %s",
                event.id,
                event.kind,
                order_id,
                due,
            )
        return "parked"

    def park_alone(self, order_id: str, event: GatewayEvent) -> None:
        """Keep the charge of a placing whose unit of work failed, in a unit of work of its own,
        for refunding at the next ``run_due``. If even that fails, the provider's webhook for
        the charge is kept the same way when it comes."""
        try:
            with self.ctx.uow() as uow:
                self.park(uow, order_id, event, self.ctx.clock.now(), at_once=True)
                uow.commit()
        except Exception:
            log.exception(
                "order %s was charged (%s) but neither stored nor kept for a refund; the "
                "provider's webhook for the charge will be kept when it comes",
                order_id,
                event.reference,
            )

    def apply_kept(self, uow: UnitOfWork, order: Order, now: DateTime) -> Order:
        """Apply, in the caller's unit of work, the events kept for ``order`` (stored now)."""
        repo = parked_events(uow)
        latest: object = order
        for parked in repo.where(order_id=order.id, state=WAITING):
            try:
                outcome, changed = self._apply(uow, order.id, parked.event, now)
            except EventRefused as refused:  # e.g. another amount than the order's: an operator's
                keep_conflict(uow, refused, now)
                outcome, changed = "refused", None
            if isinstance(changed, Order):
                latest = changed
            repo.save(
                attrs.evolve(parked, state=APPLIED, outcome=outcome, version=parked.version + 1)
            )
        return latest if isinstance(latest, Order) else uow.orders.get(order.id)

    def waiting(self) -> list[ParkedEvent]:
        """Events kept for orders not stored, not yet applied or settled, oldest first."""
        with self.ctx.reads() as uow:
            return parked_events(uow).where(state=WAITING)

    def for_operator(self) -> list[ParkedEvent]:
        """Events for orders never stored that need a person (`FOR_OPERATOR`): a charge told
        without a reference or an amount (find it at the provider), an order id this
        marketplace never issued or a reference that paid another stored order (not ours to
        refund), and a charge charged back after its refund went out (contest the chargeback
        with the refund as proof)."""
        with self.ctx.reads() as uow:
            settled = parked_events(uow).where(state=SETTLED)
        return [p for p in settled if p.outcome in FOR_OPERATOR]

    # -- run_due -------------------------------------------------------------------------------
    def due(self, at: DateTime) -> tuple[dict[str, int], list[str]]:
        """Apply the kept events whose order is stored now; refund the charges whose order is
        still missing once they are due."""
        moves: dict[str, int] = {}
        errors: list[str] = []
        with self.ctx.reads() as uow:
            waiting = parked_events(uow).where(state=WAITING)
        order_ids = list(dict.fromkeys(p.order_id for p in waiting))
        for order_id in order_ids:
            try:
                with self.ctx.uow() as uow:
                    move = self._resolve(uow, order_id, at)
                    self.ctx.commit(uow)
            except Busy as exc:  # the database is locked: no item moves now
                stop_at_busy(exc, bool(moves), errors, f"order {order_id}")
                break
            except MarketplaceError as exc:
                errors.append(f"order {order_id}: kept provider events: {exc}")
                continue
            if move:
                moves[move] = moves.get(move, 0) + 1
        return moves, errors

    def _resolve(self, uow: UnitOfWork, order_id: str, now: DateTime) -> str:
        repo = parked_events(uow)
        kept = repo.where(order_id=order_id, state=WAITING)
        if not kept:
            return ""
        try:
            order = uow.orders.get(order_id)
        except NotFound:
            order = None
        if order is not None:
            self.apply_kept(uow, order, now)
            return "parked_applied"
        if not any(p.placing_failed for p in kept) and any(p.due_at > now for p in kept):
            return ""  # an event still in its grace: the order may yet be stored
        if not uow.orders.was_issued(order_id):
            # Not an id this marketplace handed out (another marketplace's webhook, a mistyped
            # subject): its charge is not ours to refund by its reference.
            for parked in kept:
                log.error(
                    "gateway event %s names order %s, which this marketplace never issued: "
                    "kept for an operator",
                    parked.id,
                    order_id,
                )
                self._settle(repo, parked, NOT_OURS)
            return "orphan_settled"
        settle_placing(uow, order_id)
        refunded = self._settle_missing(uow, repo, order_id, kept, now)
        return "orphan_refunded" if refunded else "orphan_settled"

    @staticmethod
    def _settle(repo: RecordRepository[ParkedEvent], parked: ParkedEvent, outcome: str) -> None:
        repo.save(attrs.evolve(parked, state=SETTLED, outcome=outcome, version=parked.version + 1))

    def _settle_missing(
        self,
        uow: UnitOfWork,
        repo: RecordRepository[ParkedEvent],
        order_id: str,
        kept: list[ParkedEvent],
        now: DateTime,
    ) -> int:
        """Refund each kept charge of an order that will never be stored, unless the provider
        took it back already; returns how many refunds were written down."""
        every = repo.where(order_id=order_id)
        reversals = [p for p in every if p.kind == "charge.reversed"]
        reversed_refs = {p.reference for p in reversals if p.reference}
        reversed_all = any(not p.reference for p in reversals)  # naming no charge: every one
        charges = [p for p in every if p.kind == "charge.succeeded"]
        amount_of = {p.reference: p.amount for p in charges if p.reference and p.amount}
        refunds = pending_refunds_repo(uow)
        claims = charge_claims(uow)
        refunded = 0
        for parked in kept:
            outcome = "no refund"
            if parked.kind == "charge.succeeded":
                amount = parked.amount or amount_of.get(parked.reference)
                if amount is None:
                    outcome = NO_AMOUNT
                    log.error(
                        "order %s was never stored, and the provider charged it without saying "
                        "how much (event %s): find the charge at the provider",
                        order_id,
                        parked.id,
                    )
                elif amount.amount <= 0:
                    outcome = "no refund"
                elif (
                    parked.reference
                    and (claim := claims.find(parked.reference)) is not None
                    and claim.order_id != order_id
                ):
                    # Another stored order's charge (checked before anything claims it for
                    # this one): neither refunded nor covered here, kept for an operator.
                    outcome = ANOTHER_ORDERS
                    log.error(
                        "gateway event %s names order %s, which was never stored, with the "
                        "charge %s of order %s: not refunded, kept for an operator",
                        parked.id,
                        order_id,
                        parked.reference,
                        claim.order_id,
                    )
                elif reversed_all or parked.reference in reversed_refs:
                    outcome = "covered"
                    if parked.reference:  # settled as never stored: its placing may not store it
                        claim_refund(uow, parked.reference, order_id)
                elif not parked.reference:
                    if amount in amount_of.values():
                        outcome = "duplicate"  # the same charge, told once with its reference
                    else:
                        outcome = NO_REFERENCE
                        log.error(
                            "order %s was never stored, and the provider charged %s for it "
                            "without a reference to refund: find the charge at the provider "
                            "(event %s)",
                            order_id,
                            amount,
                            parked.id,
                        )
                else:
                    outcome = "refunded"
                    key = orphan_refund_key(order_id, parked.reference)
                    claim_refund(uow, parked.reference, order_id)
                    if refunds.find(key) is None:
                        refunds.add(PendingRefund(key, order_id, amount, parked.reference, now))
                        refunded += 1
            elif parked.kind == "charge.reversed":
                refs = [parked.reference] if parked.reference else list(amount_of)
                for ref in refs:
                    refund = refunds.find(orphan_refund_key(order_id, ref))
                    if refund is None or refund.state == COVERED:
                        continue
                    if refund.state in ("pending", REFUSED) and not refund.in_doubt:
                        refunds.save(
                            attrs.evolve(refund, state=COVERED, version=refund.version + 1)
                        )
                        outcome = "covered"
                    else:
                        # The card has the money back twice: no user owes it (the order was
                        # never stored), so an operator contests the chargeback with the
                        # refund as proof.
                        outcome = REFUNDED_TWICE
                        log.error(
                            "order %s was never stored; its charge %s was refunded and then "
                            "charged back: contest the chargeback with the refund (event %s)",
                            order_id,
                            ref,
                            parked.id,
                        )
            self._settle(repo, parked, outcome)
        return refunded
