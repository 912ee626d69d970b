"""``FaultGateway``: a payment provider that misbehaves on purpose, and keeps the books of what it
really did.

The fault simulator (`microjob.testing.faults`) plugs it in as the marketplace's
[`PaymentGateway`][microjob.ports.PaymentGateway]. It behaves like a real provider, not like a
script:

* every call is deduplicated by its idempotency key, as providers do: the same key gets the same
  answer and the money moves once; the same key with another amount or subject is refused and
  recorded as a misuse (`misuse`);
* references and webhook event ids carry a token drawn once per provider, so they are unique
  across processes and reopened databases (``per_process_references=True`` numbers references
  from 1 again after every `restart`, without the token, the way a fake built in each
  process would: the same reference then names two payments, which a marketplace must survive);
* every final outcome is also sent as a webhook (`outbox`), whether or not the synchronous
  answer arrived, so duplicates of synchronous answers happen naturally;
* faults are drawn from a seeded `random.Random`: a refusal, a pending answer settled
  later, a timeout before the provider acted or after it acted (the money moved, the answer was
  lost), a process crash at the same two moments (`Crash`), and chargebacks;
* a charge's refunds may be refused for good (``FaultRates.refuse_for_good``: the card was
  closed, the charge is too old), under every key, until an operator fixes the cause
  (`FaultGateway.fix_refunds`).

What it did is kept in `ops` (one `ProviderOp` per idempotency key), which the
invariants (`microjob.testing.invariants`) reconcile against the marketplace's ledger.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import attrs
from moneyed import Money

from microjob.adapters.memory import GatewayTimeout
from microjob.ports import ChargeResult, GatewayEvent

__all__ = ["REFUSED_FOR_GOOD", "Crash", "FaultGateway", "FaultRates", "ProviderOp"]


class Crash(BaseException):
    """The process died at this point (raised from inside a port: the gateway, the notifier).

    It derives from `BaseException` so the engine's ``except Exception`` around provider
    calls cannot swallow it: like ``kill -9``, it ends the command wherever it is. The simulator
    then drops the marketplace object and opens a new one on the same store. ``kind`` names the
    moment, for the fault counts.
    """

    def __init__(self, message: str, kind: str = "crash_in_provider_call") -> None:
        super().__init__(message)
        self.kind = kind


@attrs.frozen
class FaultRates:
    """How often each provider fault happens, per call (probabilities, 0 to 1).

    ``fail``, ``pending``: the provider's ordinary answers. ``timeout_before``: no answer and
    nothing happened; ``timeout_after``: the money moved but the answer was lost.
    ``crash_before`` / ``crash_after``: the process dies during the call (before / after the
    provider acted). ``chargeback``: a succeeded charge is reversed later (webhook).
    ``refuse_for_good``: per charge, drawn at its first refund: every refund of it is refused,
    under any key, until `FaultGateway.fix_refunds` (it stays so after the faults stop).
    """

    fail: float = 0.08
    pending: float = 0.15
    timeout_before: float = 0.04
    timeout_after: float = 0.04
    crash_before: float = 0.0
    crash_after: float = 0.0
    chargeback: float = 0.03
    refuse_for_good: float = 0.0


@attrs.define
class ProviderOp:
    """One money movement the provider was asked for, under one idempotency key."""

    op: str
    """``charge``, ``refund`` or ``payout``."""
    key: str
    subject: str
    """microjob's reference (``order:7``); for a refund, the subject of the refunded charge."""
    amount: Money
    reference: str
    status: str
    """``succeeded``, ``pending``, ``failed`` or ``none`` (the request never reached it)."""
    told: bool = False
    """Whether the marketplace has received the final outcome (an answer or a webhook)."""
    reversed: bool = False
    reversal_told: bool = False
    charge_reference: str = ""
    """For a refund: the reference it was asked to refund."""
    at: int = 0
    """When the provider did it, on the gateway's own counter (`FaultGateway.tick`)."""
    reversal_told_at: int = 0
    """When the marketplace took the news of its reversal, on the same counter."""
    reason: str = ""
    """Why it failed, when the provider says more than that it declined."""


_CALM = FaultRates(0, 0, 0, 0, 0, 0, 0)

REFUSED_FOR_GOOD = "the card is closed"
"""The reason of a refund refused for good (``FaultRates.refuse_for_good``)."""

_FINAL_KIND = {
    ("charge", "succeeded"): "charge.succeeded",
    ("charge", "failed"): "charge.failed",
    ("payout", "succeeded"): "payout.paid",
    ("payout", "failed"): "payout.failed",
}


class FaultGateway:
    """A provider with faults and its own record of what it did (see the module doc)."""

    def __init__(
        self,
        rng: random.Random,
        rates: FaultRates | None = None,
        *,
        per_process_references: bool = False,
    ) -> None:
        self.rng = rng
        self.rates = rates or FaultRates()
        self.per_process_references = per_process_references
        self.token = f"{rng.getrandbits(40):010x}_"
        self._refs = itertools.count(1)
        self._events = itertools.count(1)
        self._ticks = itertools.count(1)
        self.ops: dict[str, ProviderOp] = {}
        self.by_reference: dict[str, ProviderOp] = {}
        self.outbox: list[tuple[GatewayEvent, ProviderOp, str]] = []
        """Webhooks the provider has yet to deliver: (event, its op, what it tells)."""
        self.misuse: list[str] = []
        self.faults: Counter[str] = Counter()
        self.hook: Callable[[str, str], None] | None = None
        """Called as ``hook(op, subject)`` while a call is "in flight" (after the provider acted,
        before the answer returns): the simulator runs another worker's command there."""
        self.calls = 0
        self.refund_faults = True
        """False: refunds always go through at once (no timeout, failure or crash)."""
        self.early_chargebacks = False
        """True: a charge may be reversed before the marketplace heard of its success, so the
        reversal can arrive first (otherwise only charges it was told about are reversed)."""
        self.refusing: set[tuple[str, str]] = set()
        """Charges (subject, reference) whose refunds are refused for good (see `FaultRates`)."""
        self._drawn: set[tuple[str, str]] = set()

    # -- the provider's side --------------------------------------------------------------------
    def restart(self) -> None:
        """The marketplace's process restarted: with per-process references, the numbering
        starts again (event ids stay unique: reused ids are their own fault)."""
        if self.per_process_references:
            self._refs = itertools.count(1)

    def _reference(self, op: str) -> str:
        prefix = {"charge": "ch", "refund": "re", "payout": "po"}[op]
        token = "" if self.per_process_references else self.token
        return f"{prefix}_{token}{next(self._refs)}"

    def event(
        self,
        kind: str,
        subject: str,
        amount: Money | None = None,
        reference: str = "",
        reason: str = "",
    ) -> GatewayEvent:
        """A webhook with a fresh event id (the same shape as ``FakeGateway.event``)."""
        return GatewayEvent(
            f"evt_{self.token}{next(self._events)}", kind, subject, amount, reference, reason
        )

    def _send(self, op: ProviderOp, kind: str, amount: Money | None, reason: str = "") -> None:
        event = self.event(kind, op.subject, amount, op.reference, reason)
        self.outbox.append((event, op, kind))

    def _finalise(self, op: ProviderOp, status: str) -> None:
        op.status = status
        kind = _FINAL_KIND.get((op.op, status))
        if kind is not None:
            reason = "declined by the provider" if status == "failed" else ""
            self._send(op, kind, op.amount if status == "succeeded" else None, reason)

    def settle_one(self, subject: str | None = None) -> ProviderOp | None:
        """A pending operation (of ``subject``, or any) gets its final outcome (webhook
        queued); None if none waits."""
        waiting = [
            op
            for op in self.ops.values()
            if op.status == "pending" and (subject is None or op.subject == subject)
        ]
        if not waiting:
            return None
        op = self.rng.choice(waiting)
        self._finalise(op, "failed" if self.rng.random() < 0.3 else "succeeded")
        self.faults["settled_later"] += 1
        return op

    def settle_all(self) -> None:
        while self.settle_one() is not None:
            pass

    def chargeback(self, prefix: str = "") -> ProviderOp | None:
        """A succeeded charge (of a subject starting with ``prefix``: ``subscription:``) is
        reversed by the card holder's bank (webhook queued)."""
        paid = [
            op
            for op in self.ops.values()
            if op.op == "charge"
            and op.subject.startswith(prefix)
            and op.status == "succeeded"
            and not op.reversed
            and (op.told or self.early_chargebacks)
        ]
        if not paid:
            return None
        op = self.rng.choice(paid)
        self._reverse(op)
        self.faults["chargeback"] += 1
        return op

    def _reverse(self, op: ProviderOp) -> None:
        op.reversed = True
        self._send(op, "charge.reversed", op.amount, "disputed by the card holder")

    # -- the PaymentGateway port ----------------------------------------------------------------
    def _call(self, op_name: str, subject: str, amount: Money, key: str, ref: str) -> ChargeResult:
        self.calls += 1
        known = self.ops.get(key)
        if known is not None and known.status != "none":
            if (known.op, known.subject, known.amount) != (op_name, subject, amount):
                self.misuse.append(
                    f"idempotency key {key!r} reused: first {known.op} {known.subject} "
                    f"{known.amount}, now {op_name} {subject} {amount}"
                )
                raise ValueError(f"idempotency key {key!r} was used with other parameters")
            self.faults["replayed_by_key"] += 1
            return self._answer(known, subject)
        r = self.rates if op_name != "refund" or self.refund_faults else _CALM
        roll = self.rng.random()
        if roll < r.crash_before:
            self.faults[f"{op_name}_crash_before"] += 1
            raise Crash(f"process died before the provider got {op_name} {key}")
        roll -= r.crash_before
        if roll < r.timeout_before:
            self.faults[f"{op_name}_timeout_before"] += 1
            self.ops.setdefault(
                key, ProviderOp(op_name, key, subject, amount, "", "none", charge_reference=ref)
            )
            paid = self.by_reference.get(ref) if op_name == "refund" else None
            if (
                paid is not None
                and paid.op == "charge"
                and paid.status == "succeeded"
                and not paid.reversed
                and self.rng.random() < r.chargeback * 10
            ):
                # The card holder disputes the charge while its refund is in flight: the
                # refund, sent again, is then refused (a disputed charge is not refunded).
                self._reverse(paid)
                self.faults["chargeback_during_refund"] += 1
            raise GatewayTimeout(f"{op_name} {key}: no answer (the provider never got it)")
        roll -= r.timeout_before
        op = ProviderOp(
            op_name,
            key,
            subject,
            amount,
            self._reference(op_name),
            "",
            charge_reference=ref,
            at=self.tick(),
        )
        if op.reference in self.by_reference:
            # What numbering per process does: the same reference for two payments.
            self.faults["reference_collision"] += 1
        self.ops[key] = op
        self.by_reference[op.reference] = op
        charge = self.by_reference.get(ref) if op_name == "refund" else None
        if op_name == "refund" and (subject, ref) in self.refusing:
            op.reason = REFUSED_FOR_GOOD
            self._finalise(op, "failed")
            self.faults["refund_refused"] += 1
        elif charge is not None and charge.op == "charge" and charge.reversed:
            # As providers do: a charge the card holder disputed is not refunded on top.
            op.reason = "the charge was disputed by the card holder"
            self._finalise(op, "failed")
            self.faults["refund_of_reversed_charge"] += 1
        elif roll < r.fail:
            self._finalise(op, "failed")
            self.faults[f"{op_name}_failed"] += 1
        elif roll < r.fail + r.pending and op_name != "refund":
            op.status = "pending"
            self.faults[f"{op_name}_pending"] += 1
        else:
            self._finalise(op, "succeeded")
            if op_name == "charge" and self.rng.random() < r.chargeback:
                self.chargeback()
        if self.hook is not None:
            self.hook(op_name, subject)
        roll = self.rng.random()
        if roll < r.crash_after:
            self.faults[f"{op_name}_crash_after"] += 1
            raise Crash(f"process died after the provider did {op_name} {key}")
        if roll < r.crash_after + r.timeout_after:
            self.faults[f"{op_name}_timeout_after"] += 1
            raise GatewayTimeout(f"{op_name} {key}: the answer was lost")
        return self._answer(op, subject)

    def _answer(self, op: ProviderOp, subject: str) -> ChargeResult:
        if op.status in ("succeeded", "failed") and not op.told:
            op.told = True
        reason = (op.reason or "declined by the provider") if op.status == "failed" else ""
        return ChargeResult(op.reference, op.status, reason)

    def charge(self, subject: str, amount: Money, idempotency_key: str) -> ChargeResult:
        return self._call("charge", subject, amount, idempotency_key, "")

    def refund(self, reference: str, amount: Money, idempotency_key: str) -> ChargeResult:
        charged = self.by_reference.get(reference)
        if charged is not None and not idempotency_key.startswith(f"{charged.subject}:"):
            # References numbered per process name several charges: like the adapter that
            # hands them out, tell them apart by the subject the refund's key names.
            charged = next(
                (
                    op
                    for op in self.ops.values()
                    if op.op == "charge"
                    and op.reference == reference
                    and idempotency_key.startswith(f"{op.subject}:")
                ),
                charged,
            )
        subject = charged.subject if charged is not None else f"unknown:{reference}"
        if charged is None or charged.op != "charge" or charged.status != "succeeded":
            self.misuse.append(
                f"refund {idempotency_key!r} of {amount} against {reference!r}, "
                "which is not a succeeded charge"
            )
        charge = (subject, reference)
        if charge not in self._drawn and self.rates.refuse_for_good:
            self._drawn.add(charge)
            if self.rng.random() < self.rates.refuse_for_good:
                self.refusing.add(charge)
                self.faults["refunds_refused_for_good"] += 1
        return self._call("refund", subject, amount, idempotency_key, reference)

    def fix_refunds(self, subject: str, reference: str) -> bool:
        """An operator fixed what made the provider refuse every refund of a charge (the buyer
        gave a new card): its next refund goes through. False if it was not refused for good."""
        if (subject, reference) not in self.refusing:
            return False
        self.refusing.discard((subject, reference))
        return True

    def refusals(self, reference: str, keys: tuple[str, ...]) -> list[ProviderOp]:
        """The refunds of the charge ``reference`` it refused under any of ``keys``."""
        return [
            op
            for key in keys
            if (op := self.ops.get(key)) is not None
            and op.op == "refund"
            and op.status == "failed"
            and op.charge_reference == reference
        ]

    def payout(
        self, subject: str, amount: Money, destination: str, idempotency_key: str
    ) -> ChargeResult:
        return self._call("payout", subject, amount, idempotency_key, "")

    def tick(self) -> int:
        """The next value of the gateway's counter, which orders what happened at the provider
        and what the marketplace was told."""
        return next(self._ticks)

    # -- what it did, for the invariants ---------------------------------------------------------
    def done(
        self,
        op_name: str,
        subject: str,
        *,
        told_only: bool = False,
        standing_only: bool = False,
    ) -> Decimal:
        """The amount the provider moved for ``subject`` (succeeded ``op_name`` operations);
        ``told_only``: only those whose success reached the marketplace; ``standing_only``: not
        those whose reversal reached it too (a chargeback that overtakes the confirmation means
        the charge is never booked, and rightly so)."""
        return sum(
            (
                op.amount.amount
                for op in self.ops.values()
                if op.op == op_name
                and op.subject == subject
                and op.status == "succeeded"
                and (op.told or not told_only)
                and not (standing_only and op.reversed and op.reversal_told)
            ),
            Decimal(0),
        )

    def subjects(self, op_name: str) -> set[str]:
        return {op.subject for op in self.ops.values() if op.op == op_name}
