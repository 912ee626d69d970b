"""The ``microjob`` command.

``microjob demo [--preset NAME]`` tells one order step by step: who pays what, where the money
sits after each move, and what the platform keeps. ``microjob presets`` shows the presets side
by side.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal

from microjob.adapters.memory import FrozenClock
from microjob.policies import MarketplacePolicy, PaymentMode, presets
from microjob.service import Marketplace

__all__ = ["main"]

_PRICES = {"HUF": "20000", "RUB": "3000", "JPY": "5000"}


def _money_line(market: Marketplace, who: Sequence[str], code: str) -> str:
    parts = []
    for user in who:
        b = market.balances(user, code)
        parts.append(
            f"{user}: available {b.available.amount}, pending {b.pending.amount}, "
            f"in progress {b.in_progress.amount}"
        )
    revenue = sum((m.amount for m in market.revenue(code).values()), Decimal(0))
    parts.append(f"platform revenue: {revenue}")
    return " | ".join(parts)


def demo(preset: str, out: object = None) -> int:
    """One order through the engine, printed step by step; returns a process exit code."""
    write = print if out is None else out.write  # type: ignore[attr-defined]
    policies = presets.all()
    if preset not in policies:
        write(f"unknown preset {preset!r}; choose one of: {', '.join(policies)}")
        return 2
    policy: MarketplacePolicy = policies[preset]
    clock = FrozenClock()
    market = Marketplace.in_memory(policy, clock=clock)
    code = policy.currency
    price = _PRICES.get(code, "100")
    market.register_user("anna", name="Anna (buyer)", email="anna@example.org")
    market.register_user("bence", name="Bence (seller)", email="bence@example.org")
    quote = market.quote(price, delivery_days=3)
    write(f"microjob demo: preset {policy.name!r} ({policy.payment_mode.value} mode, {code})")
    write(
        f"  quote: price {quote.price.amount}, buyer pays {quote.buyer_pays.amount} "
        f"({quote.through_platform.amount} through the platform), seller gets "
        f"{quote.seller_gets.amount}, platform keeps "
        + (", ".join(f"{k} {v.amount}" for k, v in quote.platform_keeps.items()) or "nothing")
    )
    order = market.place_order(
        "anna", seller_id="bence", title="Logo design", price=price, delivery_days=3
    )
    write(f"1. anna orders 'Logo design' for {price} {code}: order {order.id} is {order.state}")
    write(f"   {_money_line(market, ['bence'], code)}")
    order = market.start(order.id, "bence")
    write(f"2. bence starts it: {order.state}, due {order.due_at}")
    write(f"   {_money_line(market, ['bence'], code)}")
    order = market.deliver(order.id, "bence", "Here is the logo, three variants attached")
    write(f"3. bence delivers: {order.state}")
    order = market.accept(order.id, "anna")
    write(f"4. anna accepts: {order.state}")
    write(f"   {_money_line(market, ['bence'], code)}")
    if policy.clearance_days:
        clock.advance(days=policy.clearance_days + 3)
        report = market.run_due()
        write(f"5. {policy.clearance_days} days of clearance later run_due moved {report.moves}")
        write(f"   {_money_line(market, ['bence'], code)}")
    if policy.payment_mode is PaymentMode.DIRECT:
        write(
            f"   (direct mode: the rest of the price, {quote.paid_directly.amount}, is paid to "
            "bence directly)"
        )
    summary = market.verify()
    write(f"ledger verified: {summary.entries} entries, every currency sums to zero")
    return 0


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f} %"


def show_presets() -> int:
    """The presets side by side."""
    policies = presets.all()
    rows: list[tuple[str, Callable[[MarketplacePolicy], str]]] = [
        ("currency", lambda p: p.currency),
        ("payment mode", lambda p: p.payment_mode.value),
        ("commission", lambda p: _pct(p.commission_rate)),
        ("buyer fee", lambda p: _pct(p.buyer_fee_rate)),
        ("booking fee", lambda p: _pct(p.booking_fee_rate)),
        ("clearance days", lambda p: str(p.clearance_days)),
        ("auto-complete days", lambda p: str(p.auto_complete_days)),
        ("revision limit", lambda p: str(p.revision_limit)),
        ("business days", lambda p: str(p.business_days)),
        ("dispute fee", lambda p: p.dispute_fee.value),
    ]
    width = 20
    print("".ljust(width) + "".join(name.ljust(19) for name in policies))
    for label, get in rows:
        print(label.ljust(width) + "".join(get(p).ljust(19) for p in policies.values()))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="microjob", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    demo_p = sub.add_parser("demo", help="one order told step by step")
    demo_p.add_argument("--preset", default="jobindoor", help="policy preset (default jobindoor)")
    sub.add_parser("presets", help="the policy presets side by side")
    args = parser.parse_args(argv)
    if args.command == "demo":
        return demo(args.preset)
    return show_presets()


if __name__ == "__main__":
    sys.exit(main())
