"""Reading a run's figures back from the engine: the ledger's entries and the engine's records.

Nothing is recomputed beside the engine: money comes from the transfers the ledger holds (every
transfer into the platform accounts, out of escrow, to sellers and buyers, out to the world),
outcomes from the orders and disputes the engine stored. At the end the revenue by source must
equal the platform accounts' balances (`revenue`) to the cent, or
the run raises `SimulationError`. Only GMV, the leaked orders and the active
sellers are the simulator's own counts (no money moves in the engine for a deal that left).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from microjob import BACK_OFFICE
from microjob import ledger as accounts
from microjob.disputes import DisputeState, Outcome
from microjob.orders import OrderState
from microjob.simulation.run import (
    ADMIN,
    MONEY,
    REVENUE_SOURCES,
    RunResult,
    SimulationError,
)

if TYPE_CHECKING:
    from microjob.simulation.run import _Run

__all__ = ["count_outcomes", "measure", "reconcile"]


def measure(run: _Run) -> RunResult:
    """Money from the ledger's entries, outcomes from the engine's records; checked against
    the platform accounts to the cent before anything is returned."""
    market = run.market
    n = run.days
    code = run.code
    t0 = int(run.t0.timestamp())
    last = n - 1
    zero = Decimal(0)
    money: dict[str, list[Decimal]] = {name: [zero] * n for name in MONEY}
    escrow_float = [zero] * n
    platform = {account: money[account.partition(":")[2]] for account in accounts.PLATFORM_ACCOUNTS}
    refunds, earnings, payouts = money["refunds"], money["seller_earnings"], money["payouts"]
    funded_at: dict[str, int] = {}
    held_weight = zero
    held_amount = zero
    in_escrow = zero
    day_seen = 0
    with market.unit_of_work() as uow:
        entries = list(uow.ledger.entries())
    for entry in entries:
        stamp = int(entry.at.timestamp())
        day = min((stamp - t0) // 86400, last)
        while day_seen < day:
            escrow_float[day_seen] = in_escrow
            day_seen += 1
        for source, destination, amount in entry.transfers:
            if amount.currency.code != code:
                continue
            value = amount.amount
            if destination in platform:
                platform[destination][day] += value
            if source in platform:
                platform[source][day] -= value
            if destination.endswith(":escrow"):
                in_escrow += value
                funded_at.setdefault(destination, stamp)
            elif source.endswith(":escrow"):
                in_escrow -= value
                held_weight += value * (stamp - funded_at.get(source, stamp))
                held_amount += value
                if destination.startswith("user:s"):
                    earnings[day] += value
                elif not destination.startswith("platform:"):
                    refunds[day] += value
            elif source.endswith(":payout") and destination == accounts.WORLD:
                payouts[day] += value
    while day_seen < n:
        escrow_float[day_seen] = in_escrow
        day_seen += 1
    money["gmv"] = run.gmv
    money["gmv_leaked"] = run.gmv_leaked
    for day in range(n):
        money["revenue"][day] = sum((money[s][day] for s in REVENUE_SOURCES), zero)
        money["seller_net"][day] = earnings[day] - money["subscriptions"][day]
    count_outcomes(run)
    ledger_revenue = {
        k: v.amount for k, v in market.admin.revenue(code, viewer=BACK_OFFICE).items()
    }
    reconcile(run, money, ledger_revenue)
    series: dict[str, tuple[Decimal, ...]] = {k: tuple(v) for k, v in money.items()}
    series["escrow_float"] = tuple(escrow_float)
    series["active_sellers"] = tuple(Decimal(run.terms.active) for _ in range(n))
    series.update({k: tuple(Decimal(c) for c in v) for k, v in run.count.items()})
    totals = {k: sum(v, zero) for k, v in series.items()}
    totals["escrow_float"] = sum(escrow_float, zero) / n
    totals["active_sellers"] = Decimal(run.terms.active)
    reached = totals["orders_placed"] + totals["orders_leaked"]
    totals["leakage"] = totals["orders_leaked"] / reached if reached else zero
    gmv = totals["gmv"]
    totals["take_rate"] = totals["revenue"] / gmv if gmv else zero
    totals["days_held"] = held_weight / held_amount / 86400 if held_amount else zero
    return RunResult(
        run.model.name,
        run.demand.seed,
        code,
        series,
        totals,
        ledger_revenue,
        len(entries),
    )


def count_outcomes(run: _Run) -> None:
    """Orders closed and disputes ruled, by day, from the engine's own records."""
    market = run.market
    last = run.days - 1
    done, cancelled = run.count["orders_completed"], run.count["orders_cancelled"]
    for order_id in run.order_ids.values():
        order = market.orders.get(order_id, viewer=BACK_OFFICE)
        if order.closed_at is None:
            continue
        day = min(run._minute(order.closed_at) // 1440, last)
        if order.state == OrderState.COMPLETED:
            done[day] += 1
        elif order.state == OrderState.CANCELLED:
            cancelled[day] += 1
    for index in run.disputed:
        for dispute in market.disputes.of_order(run.order_ids[index], viewer=ADMIN):
            if dispute.state != DisputeState.RESOLVED or dispute.ruling is None:
                continue
            assert dispute.closed_at is not None
            day = min(run._minute(dispute.closed_at) // 1440, last)
            outcome = {
                Outcome.REFUND_BUYER: "disputes_refund",
                Outcome.RELEASE_TO_SELLER: "disputes_release",
                Outcome.SPLIT: "disputes_split",
            }[dispute.ruling.outcome]
            run.count[outcome][day] += 1


def reconcile(run: _Run, money: dict[str, list[Decimal]], ledger: dict[str, Decimal]) -> None:
    """Refuse a run whose revenue by source differs from the platform accounts' balances."""
    zero = Decimal(0)
    pairs = {
        account.partition(":")[2]: sum(money[account.partition(":")[2]], zero)
        for account in accounts.PLATFORM_ACCOUNTS
    }
    for account, total in pairs.items():
        if ledger.get(account, zero) != total:
            raise SimulationError(
                f"the simulation read {total} {run.code} of {account} from the ledger's "
                f"entries but platform:{account} holds {ledger.get(account)}"
            )
