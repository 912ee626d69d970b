"""The ``subscription_*`` money invariants (see [`microjob.testing.invariants`][]): a
subscription's periods, revenue, charges and grants against the provider's own record."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from decimal import Decimal

from microjob import ledger as accounts
from microjob.ledger import Entry
from microjob.marketplace import Marketplace
from microjob.subscriptions import LIVE, Subscription
from microjob.testing.faultgateway import FaultGateway, ProviderOp
from microjob.testing.invariant_books import ZERO as _ZERO
from microjob.testing.invariant_books import Books, Checked
from microjob.users import BACK_OFFICE

__all__ = ["subscription_rules"]

_MEMO_REFERENCE = re.compile(r"\(([^()]*)\)$")


def _into(entry: Entry, account: str) -> Decimal:
    return sum((t.amount.amount for t in entry.transfers if t.destination == account), _ZERO)


def subscription_rules(
    market: Marketplace,
    books: Books,
    gateway: FaultGateway,
    people: tuple[str, ...],
    out: Checked,
    final: bool,
) -> None:
    """The ``subscription_*`` rules of the module doc, one subscription at a time, then
    ``platform:subscriptions`` as a whole."""
    subs = [s for p in people for s in market.subscriptions.of_user(p, viewer=BACK_OFFICE)]
    kept = {(c.subject, c.reference) for c in market.admin.gateway_conflicts(viewer=BACK_OFFICE)}
    ops: dict[str, list[ProviderOp]] = defaultdict(list)
    for op in gateway.ops.values():
        if op.op == "charge" and op.subject.startswith("subscription:"):
            ops[op.subject].append(op)
    live: Counter[str] = Counter(s.user_id for s in subs if s.state in LIVE)
    for user, count in sorted(live.items()):
        out.expect(count <= 1, f"subscription_periods: {user} holds {count} live subscriptions")
    for sub in subs:
        _one_subscription(market, books, ops[sub.cause], kept, sub, out, final)
    # Over the whole ledger (a host's database holds earlier runs' subscribers too): what the
    # account holds is the periods booked minus the charges taken back, and nothing else.
    into = accounts.PLATFORM_SUBSCRIPTIONS
    code = market.policy.currency
    revenue = _ZERO
    for cause, entries in books.subscription_entries.items():
        for entry in entries:
            kind = entry.key.removeprefix(f"{cause}:").partition(":")[0]
            for t in entry.transfers:
                if t.amount.currency.code != code or into not in (t.source, t.destination):
                    continue
                sign = 1 if t.destination == into else -1
                expected_kind = "period" if sign > 0 else "reversal"
                out.expect(
                    kind == expected_kind,
                    f"subscription_revenue: {entry.key} moves {t.amount.amount} "
                    f"{'into' if sign > 0 else 'out of'} platform:subscriptions",
                )
                revenue += sign * t.amount.amount
    held = books.balances.get((into, code), _ZERO)
    out.expect(
        held == revenue,
        f"subscription_revenue: platform:subscriptions holds {held}, the periods paid and "
        f"not taken back come to {revenue}",
    )


def _one_subscription(
    market: Marketplace,
    books: Books,
    charges: list[ProviderOp],
    kept: set[tuple[str, str]],
    sub: Subscription,
    out: Checked,
    final: bool,
) -> None:
    """Check one subscription against its ledger entries and the provider's charges."""
    cause = sub.cause
    into = accounts.PLATFORM_SUBSCRIPTIONS
    periods: dict[int, Entry] = {}
    booked: dict[str, list[int]] = defaultdict(list)
    reversals: dict[str, Entry] = {}
    credits: dict[str, Entry] = {}
    for entry in books.subscription_entries.get(cause, []):
        kind, _, rest = entry.key.removeprefix(f"{cause}:").partition(":")
        if kind == "period" and rest.isdigit():
            periods[int(rest)] = entry
        elif kind == "reversal":
            reversals[rest] = entry
        elif kind == "credit" and not rest.endswith(":reversal"):
            credits[rest] = entry
    out.expect(
        sorted(periods) == list(range(1, sub.period + 1)),
        f"subscription_periods: {cause} booked periods {sorted(periods)}, it counts "
        f"{sub.period} paid",
    )
    by_reference = {op.reference: op for op in charges}
    for n, entry in sorted(periods.items()):
        amount = _into(entry, into)
        source = entry.transfers[0].source
        if source != accounts.WORLD:
            out.expect(
                sub.pay_from_wallet and source == accounts.available(sub.user_id),
                f"subscription_periods: {cause} period {n} paid from {source}",
            )
            continue
        found = _MEMO_REFERENCE.search(entry.memo)
        reference = found.group(1) if found else ""
        op = by_reference.get(reference)
        out.expect(
            op is not None and op.status == "succeeded" and op.amount.amount == amount,
            f"subscription_periods: {cause} period {n} booked {amount} for charge "
            f"{reference!r}, the provider charged "
            f"{'nothing' if op is None else f'{op.amount.amount} ({op.status})'}",
        )
        booked[reference].append(n)
    for reference, ns in sorted(booked.items()):
        out.expect(
            len(ns) == 1, f"subscription_periods: {cause} booked charge {reference} as periods {ns}"
        )
    for reference in sorted(reversals):
        op = by_reference.get(reference)
        out.expect(
            op is not None and op.reversed and reference in booked,
            f"subscription_revenue: {cause} reversed charge {reference}, which the provider "
            "did not take back or which paid no period",
        )
    for op in charges:
        if op.status != "succeeded":
            continue
        ref = op.reference
        is_booked, credited = ref in booked, ref in credits
        out.expect(
            not (is_booked and credited),
            f"subscription_charges: {cause}'s charge {ref} paid a period and was credited too",
        )
        # A charge taken back before it was booked is accounted for by its reversal.
        undone = op.reversed and ref in sub.reversed_references
        if op.told or final:
            out.expect(
                is_booked or credited or undone or (cause, ref) in kept,
                f"subscription_charges: {cause}'s charge {ref} of {op.amount.amount} was "
                "reported and reached neither a period nor the wallet (nor an operator)",
            )
        if op.reversed and op.reversal_told:
            out.expect(
                not is_booked or ref in reversals,
                f"subscription_revenue: {cause}'s charge {ref} was charged back and "
                "platform:subscriptions keeps it",
            )
            out.expect(
                not credited or f"{cause}:credit:{ref}:reversal" in books.keys,
                f"subscription_charges: {cause}'s charge {ref} was charged back and the "
                "wallet keeps its credit",
            )
    _grant_rule(market, sub, periods, booked, reversals, out)
    if final:
        ledger_net = books.world_in.get(cause, _ZERO) - books.world_out.get(cause, _ZERO)
        ledger_net -= books.reversed_out.get(cause, _ZERO)
        standing = sum(
            (
                op.amount.amount
                for op in charges
                if op.status == "succeeded"
                and not op.reversed
                # (a refused notice kept for an operator books nothing, unless the provider's
                # resend under a fresh event id was booked since)
                and (
                    (cause, op.reference) not in kept
                    or op.reference in booked
                    or op.reference in credits
                )
            ),
            _ZERO,
        )
        out.expect(
            ledger_net == standing,
            f"subscription_reconciled: {cause}: the ledger keeps {ledger_net} from the provider, "
            f"the provider's standing charges come to {standing}",
        )


def _grant_rule(
    market: Marketplace,
    sub: Subscription,
    periods: dict[int, Entry],
    booked: dict[str, list[int]],
    reversals: dict[str, Entry],
    out: Checked,
) -> None:
    """A plan grants only for a period somebody paid (and nobody took back), and at most the
    grace period beyond its end."""
    now = market.clock.now()
    if sub.state == "pending":
        out.expect(sub.period == 0, f"subscription_grants: {sub.cause} is pending with periods")
    if not sub.grants(now):
        return
    paid = periods.get(sub.period)
    taken_back = any(sub.period in booked.get(ref, ()) for ref in reversals)
    out.expect(
        paid is not None and not taken_back,
        f"subscription_grants: {sub.cause} grants period {sub.period}, which is "
        f"{'taken back' if taken_back else 'not paid'}",
    )
    assert sub.period_end is not None
    limit = sub.period_end.add(days=market.policy.subscription_grace_days)
    out.expect(
        now < limit,
        f"subscription_grants: {sub.cause} still grants at {now}, its period ended "
        f"{sub.period_end} and the grace ran out at {limit}",
    )
