"""The ``microjob`` command: simulate fee models, scan a message, tell one order, show presets.

``microjob simulate [SCENARIO]`` runs a revenue simulation on the real engine and writes a
report folder (plots, CSV, JSON, one HTML page); see ``docs/simulator.md``.
``microjob scan TEXT`` (or ``-`` for standard input) shows the contact details the chat filter
would find in a message, and exits 1 when it finds any.
``microjob demo [--preset NAME]`` tells one order step by step: who pays what, where the money
sits after each move, and what the platform keeps. ``microjob presets`` shows the presets side
by side.

rich and matplotlib (the ``sim`` extra) are imported only by ``simulate``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from microjob import BACK_OFFICE, __version__
from microjob.adapters.memory import FrozenClock
from microjob.marketplace import Marketplace
from microjob.policies import MarketplacePolicy, PaymentMode, presets

__all__ = ["main"]

_PRICES = {"HUF": "20000", "RUB": "3000", "JPY": "5000"}


def _money_line(market: Marketplace, who: Sequence[str], code: str) -> str:
    parts = []
    for user in who:
        b = market.wallet.balances(user, code, viewer=user)
        parts.append(
            f"{user}: available {b.available.amount}, clearing {b.clearing.amount}, "
            f"in open orders {b.in_open_orders.amount}"
        )
    revenue = sum(
        (m.amount for m in market.admin.revenue(code, viewer=BACK_OFFICE).values()), Decimal(0)
    )
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
    market.users.register("anna", name="Anna (buyer)", email="anna@example.org")
    market.users.register("bence", name="Bence (seller)", email="bence@example.org")
    quote = market.orders.quote(price, delivery_days=3)
    write(f"microjob demo: preset {policy.name!r} ({policy.payment_mode.value} mode, {code})")
    write(
        f"  quote: price {quote.price.amount}, buyer pays {quote.buyer_pays.amount} "
        f"({quote.through_platform.amount} through the platform), seller gets "
        f"{quote.seller_gets.amount}, platform keeps "
        + (", ".join(f"{k} {v.amount}" for k, v in quote.platform_keeps.items()) or "nothing")
    )
    order = market.orders.place(
        actor="anna", seller_id="bence", title="Logo design", price=price, delivery_days=3
    )
    write(f"1. anna orders 'Logo design' for {price} {code}: order {order.id} is {order.state}")
    write(f"   {_money_line(market, ['bence'], code)}")
    order = market.orders.start(order.id, actor="bence")
    write(f"2. bence starts it: {order.state}, due {order.due_at}")
    write(f"   {_money_line(market, ['bence'], code)}")
    order = market.orders.deliver(
        order.id, actor="bence", message="Here is the logo, three variants attached"
    )
    write(f"3. bence delivers: {order.state}")
    order = market.orders.accept(order.id, actor="anna")
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
    summary = market.admin.verify()
    write(f"ledger verified: {summary.entries} entries, every currency sums to zero")
    return 0


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f} %"


def _days(value: int | None, none: str = "never") -> str:
    if value is None:
        return none
    return f"{value} day" if value == 1 else f"{value} days"


def _yes(value: bool) -> str:
    return "yes" if value else "no"


_PRESET_ROWS: tuple[tuple[str, Callable[[MarketplacePolicy], str]], ...] = (
    ("currency", lambda p: p.currency),
    ("payment mode", lambda p: p.payment_mode.value),
    ("commission", lambda p: _pct(p.commission_rate)),
    ("buyer fee", lambda p: _pct(p.buyer_fee_rate)),
    ("booking fee", lambda p: _pct(p.booking_fee_rate)),
    ("clearance", lambda p: _days(p.clearance_days)),
    ("auto-complete", lambda p: _days(p.auto_complete_days)),
    (
        "revisions",
        lambda p: "unlimited" if p.revision_limit is None else str(p.revision_limit),
    ),
    ("timers in work days", lambda p: _yes(p.timers_in_business_days)),
    ("clearing in workdays", lambda p: _yes(p.clearance_in_business_days)),
    ("dispute fee", lambda p: p.dispute_fee.value.replace("_", " ")),
    ("contact filter", lambda p: p.contact_filter.value),
    ("card moderation", lambda p: _yes(p.listing_moderation)),
)


def show_presets(as_json: bool = False, write: Callable[[str], object] = print) -> int:
    """The presets side by side, in words a person reads (``--json``: the same as JSON)."""
    policies = presets.all()
    if as_json:
        table = {
            name: {label: get(policy) for label, get in _PRESET_ROWS}
            for name, policy in policies.items()
        }
        write(json.dumps(table, indent=2, ensure_ascii=False))
        return 0
    width = 22
    write("".ljust(width) + "".join(name.ljust(19) for name in policies))
    for label, get in _PRESET_ROWS:
        write(label.ljust(width) + "".join(get(p).ljust(19) for p in policies.values()))
    return 0


DEFAULT_SCENARIO = "webpark"
"""The scenario ``microjob simulate`` runs when none is named (Web Park's question)."""


def simulate_command(args: argparse.Namespace, console: Any = None) -> int:
    """``microjob simulate``: run the scenario with a progress bar (on stderr), print the
    verdict and tables (or the JSON with ``--json``), write the report folder. ``--explain``
    prints the scenario's assumptions instead. Returns a process exit code (2 for a scenario
    or sweep that cannot run, refused before any run starts)."""
    from microjob.simulation import (
        ScenarioError,
        SimulationError,
        load_scenario,
        parse_sweep,
        scenario_names,
        simulate,
        write_report,
    )
    from microjob.simulation.console import MissingExtra, progress_bar, render_result, require
    from microjob.simulation.explain import explain
    from microjob.simulation.report import result_json
    from microjob.simulation.run import StoreMarket

    if args.explain:
        try:
            print(explain(load_scenario(args.scenario)))
        except ScenarioError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        return 0
    try:
        require("rich", *(() if args.no_plots else ("matplotlib",)))
    except MissingExtra as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from rich.console import Console

    if console is None:
        console = Console()
        if not console.is_terminal:  # a pipe or a file: do not crop the tables at 80 columns
            console = Console(width=400)
    if args.list:
        for name in scenario_names():
            scenario = load_scenario(name)
            console.print(f"[bold]{name}[/bold]: {scenario.description}")
        return 0
    progress = Console(stderr=True, width=console.width)  # never mixed into the results
    try:
        scenario = load_scenario(args.scenario)
        if args.days is not None:
            scenario = scenario.replace(days=args.days)
        if args.no_sweep:
            scenario = scenario.replace(sweep=None)
        sweep = parse_sweep(args.sweep, scenario) if args.sweep else None
        factory = StoreMarket(args.store) if args.store else None
        with progress_bar(progress, f"simulating {scenario.name}") as tell:
            result = simulate(
                scenario,
                runs=args.runs,
                seed=args.seed,
                sweep=sweep,
                factory=factory,
                progress=tell,
                jobs=1 if factory is not None else args.jobs or min(os.cpu_count() or 1, 4),
            )
    except (ScenarioError, SimulationError) as exc:
        console.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
        return 2
    out = Path(args.out) if args.out else Path("reports") / scenario.name
    report = write_report(result, out, plots=not args.no_plots)
    if args.json:
        import json

        print(json.dumps(result_json(result), indent=1))
        return 0
    render_result(console, result, report)
    return 0


def scan_command(
    text: str,
    allowed: Sequence[str],
    write: Callable[[str], object] = print,
    *,
    as_json: bool = False,
) -> int:
    """``microjob scan``: the findings of the contact scanner, and the message as masked.
    Exit code 1 when something was found (handy in scripts), 0 when the message is clean."""
    from microjob.contacts import scan

    result = scan(text, allowed_domains=allowed)
    if as_json:
        write(
            json.dumps(
                {
                    "found": result.found,
                    "findings": [
                        {
                            "kind": f.kind.value,
                            "text": f.text,
                            "start": f.span[0],
                            "end": f.span[1],
                            "confidence": round(f.confidence, 2),
                            "detail": f.detail,
                        }
                        for f in result.findings
                    ],
                    "masked": result.masked,
                },
                ensure_ascii=False,
            )
        )
        return 1 if result.found else 0
    if not result.found:
        write("no contact details found")
        return 0
    noun = "finding" if len(result.findings) == 1 else "findings"
    write(f"{len(result.findings)} {noun}:")
    for finding in result.findings:
        start, end = finding.span
        detail = f" ({finding.detail})" if finding.detail else ""
        write(
            f"  {finding.kind.value:<13}{finding.text!r} at {start}..{end}, "
            f"confidence {finding.confidence:.2f}{detail}"
        )
    write(f"masked: {result.masked}")
    return 1


EXIT_CODES = """exit codes:
  0  done (scan: the message is clean)
  1  scan found contact details
  2  bad usage or input (an unknown option, a bad scenario, sweep or number)"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="microjob",
        description=__doc__.splitlines()[0],
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"microjob {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    sim = sub.add_parser(
        "simulate",
        help="revenue simulation of fee models on the real engine, with a report",
        description="Run every fee model of a scenario on the same synthetic demand and "
        "write a report folder (PNG plots, CSV/JSON daily series, report.html).",
    )
    sim.add_argument(
        "scenario",
        nargs="?",
        default=DEFAULT_SCENARIO,
        help=f"a shipped scenario's name or a TOML file (default {DEFAULT_SCENARIO}; "
        "--list shows the shipped ones)",
    )
    sim.add_argument("--runs", type=int, help="Monte Carlo runs per fee model (seeds)")
    sim.add_argument("--seed", type=int, help="first seed (runs use seed, seed+1, ...)")
    sim.add_argument("--days", type=int, help="simulated days (overrides the scenario)")
    sim.add_argument("--out", help="report folder (default reports/<scenario>)")
    sim.add_argument(
        "--sweep",
        metavar="FIELD=START:STOP:STEP",
        help="sweep one fee field on the base fee model, e.g. commission_rate=0.05:0.30:0.05",
    )
    sim.add_argument("--no-sweep", action="store_true", help="skip the scenario's own sweep")
    sim.add_argument(
        "--store",
        metavar="URL",
        help="run on a database store (sqlite://, or sqlite:///dir/run-{run}.db: one per run)",
    )
    sim.add_argument(
        "--jobs",
        type=int,
        help="worker processes (default: the CPUs, at most 4; memory store only); "
        "the figures do not depend on it",
    )
    sim.add_argument("--no-plots", action="store_true", help="write no PNGs (no matplotlib)")
    sim.add_argument("--list", action="store_true", help="list the shipped scenarios")
    sim.add_argument(
        "--json",
        action="store_true",
        help="print the results as JSON on stdout (verdict, sweep peak, every metric) "
        "instead of tables; the report folder is still written",
    )
    sim.add_argument(
        "--explain",
        action="store_true",
        help="print every assumption of the scenario with its unit and source, and exit",
    )

    scan_p = sub.add_parser(
        "scan",
        help="contact details the chat filter finds in a message",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scan_p.add_argument(
        "text", nargs="+", help="the message (several words are joined); - reads standard input"
    )
    scan_p.add_argument("--json", action="store_true", help="print the findings as JSON")
    scan_p.add_argument(
        "--allow-domain",
        action="append",
        default=[],
        metavar="DOMAIN",
        help="a domain that may be linked (the marketplace's own); repeatable",
    )

    demo_p = sub.add_parser("demo", help="one order told step by step")
    demo_p.add_argument("--preset", default="jobindoor", help="policy preset (default jobindoor)")
    presets_p = sub.add_parser("presets", help="the policy presets side by side")
    presets_p.add_argument("--json", action="store_true", help="print the table as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "simulate":
        for name in ("runs", "days", "jobs"):
            value = getattr(args, name)
            if value is not None and value < 1:
                parser.error(f"--{name} must be a whole number of at least 1, got {value}")
        if args.seed is not None and args.seed < 0:
            parser.error(f"--seed must be zero or more, got {args.seed}")
        return simulate_command(args)
    if args.command == "scan":
        text = sys.stdin.read() if args.text == ["-"] else " ".join(args.text)
        return scan_command(text, args.allow_domain, as_json=args.json)
    if args.command == "demo":
        return demo(args.preset)
    return show_presets(as_json=args.json)


if __name__ == "__main__":
    sys.exit(main())
