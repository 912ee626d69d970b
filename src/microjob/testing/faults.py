"""A seeded fault-injecting simulator of a whole marketplace (in the spirit of TigerBeetle's VOPR).

One seed decides everything: which random actor runs which command (register, place orders paid
by the provider or from the wallet, deposits, start / deliver / accept / revision / cancel,
disputes and rulings, payout requests and decisions, chat messages, time passing with
``run_due``; with ``FaultMix.subscriptions``, subscribing through the provider or from the wallet,
cancelling, subscription fees charged back), and which faults hit in between:

* the provider (`FaultGateway`) refuses, answers
  "pending", times out before or after it moved the money, and reverses charges;
* webhooks arrive late, twice, again much later, and out of order;
* a worker process dies between two commands, or in the middle of one (while the provider call is
  in flight, before or after the provider acted), and a new one opens the same store;
* a second worker (a second [`Marketplace`][microjob.Marketplace] on the same store or database
  file) issues commands interleaved with the first, also while the first waits for the provider.

After every step the invariants of `microjob.testing.invariants` are checked against the
ledger and the provider's own record. A failure stops the run and reports the seed and the step
trace, which replays exactly: ``python -m microjob.testing.faults --seed N --steps S --store X``.

Expected domain errors (a stranger's command, an invalid move, a balance too small) are ordinary
outcomes of random commands; any other exception is a failure. Embedders run it on their own
policy and database::

    from microjob.testing.faults import SimConfig, simulate

    report = simulate(SimConfig(seed=7, policy=our_policy(), store="sqlite"))
    assert report.failure is None, report.failure_text()
"""

from __future__ import annotations

import argparse
import importlib
import logging
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from microjob.adapters.memory import (
    FrozenClock,
    MemoryStore,
    RecordingNotifier,
    RecordingPublisher,
)
from microjob.errors import Conflict, LedgerIntegrityError, MarketplaceError
from microjob.marketplace import Marketplace
from microjob.money import from_minor, to_minor
from microjob.orders import Order
from microjob.payouts import BankAccount, PayPal
from microjob.policies import MarketplacePolicy, RefundTo, presets
from microjob.ports import GatewayEvent
from microjob.services.orphan_charges import ORPHAN_GRACE
from microjob.subscriptions import LIVE, Plan, Subscription
from microjob.testing import invariants
from microjob.testing.faultcommands import Commands
from microjob.testing.faultgateway import Crash, FaultGateway, FaultRates
from microjob.testing.faultmix import (
    MIXES,
    Failure,
    FaultMix,
    RunReport,
    SimConfig,
    checked_due,
    replay_command,
)
from microjob.users import BACK_OFFICE

__all__ = [
    "MIXES",
    "FaultMix",
    "RunReport",
    "SimConfig",
    "Simulator",
    "replay_command",
    "simulate",
]


class _Dying:
    """A notifier or publisher whose process may die when it is called (after the commit)."""

    def __init__(self, sim: Simulator, port: Any, kind: str) -> None:
        self.sim, self.port, self.kind = sim, port, kind

    def _maybe_die(self) -> None:
        sim = self.sim
        if sim.dying and sim.rng.random() < getattr(sim.mix, self.kind):
            raise Crash(f"process died after a commit ({self.kind})", self.kind)

    def send(self, notification: Any) -> None:
        self._maybe_die()
        self.port.send(notification)

    def publish(self, events: Any) -> None:
        self._maybe_die()
        self.port.publish(events)

    def subscribe(self, handler: Any) -> None:
        self.port.subscribe(handler)


_CRASHED = "crashed"
_NO_FAULTS = FaultRates(0, 0, 0, 0, 0, 0, 0)


class Simulator:
    """Runs one `SimConfig` (see the module doc)."""

    people: tuple[str, ...] = ("ann", "bob", "cy", "dee")
    """Who is registered at the start (``register`` steps add more)."""
    marketplace: type[Marketplace] = Marketplace
    """The class each worker is built from (a subclass with the host's own wiring works)."""
    plan_id: str = "pro"
    """The subscription plan defined at the start (``subscribe`` steps subscribe to it)."""

    def __init__(self, config: SimConfig, *, folder: Path | None = None) -> None:
        self.config = config
        self.rng = random.Random(f"microjob-faults:{config.seed}")
        self.mix = config.mix
        self.gateway = FaultGateway(
            random.Random(f"microjob-faults:{config.seed}:provider"),
            config.mix.rates,
            per_process_references=config.mix.per_process_references,
        )
        self.gateway.refund_faults = config.mix.refund_faults
        self.gateway.early_chargebacks = config.mix.early_chargebacks
        self.policy = config.policy
        """The policy the workers run (``FaultMix.refund_to_card`` sends refunds to the card)."""
        if config.mix.refund_to_card:
            self.policy = attrs.evolve(config.policy, refund_to=RefundTo.ORIGINAL)
        self.clock = FrozenClock()
        # On a database of the host's, earlier runs left their users: this run's get a tag.
        tag = "" if config.store in ("memory", "sqlite") else f"_{config.seed}_{time.time_ns()}"
        self.tag = tag
        self.people = tuple(f"{person}{tag}" for person in self.people)
        self.admin = f"admin{tag}"
        self.report = RunReport(config.seed, config.store)
        self.report.replay = replay_command(config)
        self._folder = folder
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.url = ""
        self.memory: MemoryStore | None = None
        self.workers: list[Marketplace] = []
        self.current = 0
        self.hand_confirmed: set[str] = set()
        self.delivered: list[GatewayEvent] = []
        self.commands = Commands(self)
        self._nested = False
        self.dying = False
        """Whether processes may die after a commit (only while steps run)."""
        self.published = RecordingPublisher()
        """Every event any worker published (one recorder: what subscribers would see)."""

    # -- the store and its workers -----------------------------------------------------------------
    def _open(self) -> None:
        store = self.config.store
        if store == "memory":
            self.memory = MemoryStore()
        elif store == "sqlite":
            folder = self._folder
            if folder is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="microjob-faults-")
                folder = Path(self._tmp.name)
            self.url = f"sqlite:///{folder / f'faults-{self.config.seed}.db'}"
        else:
            self.url = store
        self.workers = [self._worker(first=i == 0) for i in range(self.config.workers)]

    def _worker(self, first: bool = False) -> Marketplace:
        ports: dict[str, Any] = {
            "clock": self.clock,
            "gateway": self.gateway,
            "notifier": _Dying(self, RecordingNotifier(keep=False), "crash_after_commit"),
            "publisher": _Dying(self, self.published, "crash_before_publish"),
        }
        if self.memory is not None:
            market = self.marketplace(uow=self.memory.unit_of_work, policy=self.policy, **ports)
            market.store = self.memory
            return market
        return self.marketplace.from_url(self.url, self.policy, migrate=first, **ports)

    def restart(self, index: int, why: str, *, quiet: bool = False) -> None:
        """Worker ``index`` died (``why``); a new process opens the same store. ``quiet``: the
        step's own trace line says so."""
        self.report.faults[why] += 1
        old = self.workers[index]
        if self.memory is None and old.store is not None:
            old.store.close()
        self.gateway.restart()
        self.workers[index] = self._worker()
        if not quiet:
            self.trace(f"      worker {index} restarted ({why})")

    def close(self) -> None:
        if self.memory is None:
            for market in self.workers:
                if market.store is not None:
                    market.store.close()
        if self._tmp is not None:
            self._tmp.cleanup()

    @property
    def market(self) -> Marketplace:
        return self.workers[self.current]

    def trace(self, line: str) -> None:
        self.report.trace.append(line)

    # -- running -----------------------------------------------------------------------------------
    def run(self) -> RunReport:
        started = time.perf_counter()
        try:
            self._open()
            self.gateway.hook = self._in_flight
            self._set_up()
            self.dying = True
            for step in range(self.config.steps):
                self.report.steps = step + 1
                self._step(step)
                self._check(final=False)
            self._drain()
            self._check(final=True)
        except Failure as exc:
            self.report.failure = str(exc)
        except Exception as exc:  # every other exception is a finding
            tb = traceback.format_exception(exc)
            self.report.failure = f"unexpected {type(exc).__name__}: {exc}\n{''.join(tb)}"
        finally:
            self.report.faults.update(self.gateway.faults)
            self.close()
            self.report.seconds = time.perf_counter() - started
        return self.report

    def _set_up(self) -> None:
        m = self.workers[0]
        for person in self.people:
            m.users.register(person, name=person.title(), email=f"{person}@example.org")
        m.users.register(self.admin, name="Admin", email=f"{self.admin}@example.org", is_admin=True)
        # One plan with a short period, so that renewals, retries, grace periods and lapses
        # fall due many times in a run (``time_passes`` moves the clock by up to four days).
        m.subscriptions.define_plan(
            Plan(
                id=self.plan_id,
                name="Pro",
                price=from_minor(990, self.config.policy.currency),
                period_days=3,
                commission_off="0.05",
                badge="Pro",
            ),
            actor=self.admin,
        )
        self.methods: dict[str, list[str]] = {}
        for person in self.people:
            self.add_methods(m, person)

    def add_methods(self, m: Marketplace, person: str) -> None:
        """A PayPal account and a bank account for ``person``."""
        banks = (("DE89370400440532013000", "DEUTDEFF"), ("GB82WEST12345698765432", "NWBKGB2L"))
        iban, bic = banks[len(self.methods) % 2]
        self.methods[person] = [
            m.payouts.add_method(actor=person, method=PayPal(f"{person}@example.org")).id,
            m.payouts.add_method(
                actor=person, method=BankAccount(iban=iban, bic=bic, holder=person)
            ).id,
        ]

    def _step(self, step: int) -> None:
        rng = self.rng
        if rng.random() < self.mix.restart:
            self.restart(rng.randrange(len(self.workers)), "restart_between_steps")
        self.current = rng.randrange(len(self.workers))
        if self.current:
            self.report.faults["second_worker_step"] += 1
        if rng.random() < self.mix.webhook_steps:
            self._deliver_webhook(step)
            return
        name, what, command = self.commands.pick()
        self.report.commands[name] += 1
        outcome = self.attempt(command)
        self.trace(f"{step:4} w{self.current} {what} -> {outcome}")

    def attempt(self, command: Callable[[Marketplace], str]) -> str:
        """Run one command on the current worker; a domain error is an outcome, a crash
        restarts the worker, anything else fails the run."""
        index = self.current
        self.last_error: MarketplaceError | None = None
        try:
            return command(self.workers[index])
        except Crash as crash:
            self.restart(index, crash.kind, quiet=True)
            return f"{_CRASHED} ({crash.kind}), worker restarted"
        except LedgerIntegrityError as exc:
            raise Failure(f"the ledger refused a move: {exc}") from exc
        except MarketplaceError as exc:
            self.last_error = exc
            return type(exc).__name__

    def _in_flight(self, op: str, subject: str) -> None:
        """The provider acted and its answer is on the way: the other worker acts meanwhile."""
        if self._nested or self.rng.random() >= self.mix.interleave:
            return
        self._nested = True
        saved = self.current
        try:
            self.current = (saved + 1) % len(self.workers)
            box = self.gateway.outbox
            own = [i for i, (event, _, _) in enumerate(box) if event.subject == subject]
            if own and self.rng.random() < 0.5:
                # The provider's webhook overtakes its own synchronous answer.
                self.report.faults["webhook_overtook_answer"] += 1
                self._deliver_webhook(self.report.steps - 1, own[0], "before the answer")
                return
            self.report.faults["interleaved_command"] += 1
            name, what, command = self.commands.pick()
            self.report.commands[name] += 1
            outcome = self.attempt(command)
            self.trace(f"   ↳ w{self.current} during {op} {subject}: {what} -> {outcome}")
        finally:
            self.current = saved
            self._nested = False

    # -- webhooks ----------------------------------------------------------------------------------
    def _deliver_webhook(self, step: int, chosen: int | None = None, note: str = "") -> None:
        """The provider delivers a webhook: usually the oldest waiting, sometimes another one,
        twice, an old one again, or (``chosen``) a given one."""
        rng, mix, box = self.rng, self.mix, self.gateway.outbox
        if chosen is None and self.delivered and (not box or rng.random() < mix.redeliver):
            event = rng.choice(self.delivered)
            self.report.faults["webhook_redelivered_late"] += 1
            self._deliver(step, event, "again")
            return
        if not box:
            self.gateway.settle_one()
            self.trace(f"{step:4}    provider settles a pending operation")
            return
        index = 0 if chosen is None else chosen
        if chosen is None and len(box) > 1 and rng.random() < mix.reorder:
            index = rng.randrange(1, len(box))
            self.report.faults["webhook_reordered"] += 1
        event, op, kind = box.pop(index)
        reused = False
        if self.delivered and rng.random() < mix.reuse_event_ids:
            other = rng.choice(self.delivered)
            if other.subject != event.subject:
                event = attrs.evolve(event, id=other.id)
                reused = True
                self.report.faults["webhook_reused_event_id"] += 1
        outcome = self._deliver(step, event, note, conflict_ok=reused)
        if outcome is None or isinstance(self.last_error, Conflict):
            # Not taken (the worker died, or the reused id was escalated): the provider sends
            # it again later, under a fresh id after an operator asked for it.
            again = event if outcome is None else self.gateway.event(*_fields(event))
            box.append((again, op, kind))
            return
        if kind == "charge.reversed":
            op.reversal_told = True
            op.reversal_told_at = op.reversal_told_at or self.gateway.tick()
        else:
            op.told = True
        if rng.random() < mix.duplicate:
            self.report.faults["webhook_duplicated"] += 1
            self._deliver(step, event, "twice")

    def _deliver(
        self, step: int, event: GatewayEvent, note: str, *, conflict_ok: bool = False
    ) -> str | None:
        """Hand a webhook to the current worker: its outcome, or None if the worker died."""
        label = f"{event.kind} {event.subject} {event.id} {note}".rstrip()
        outcome = self.attempt(lambda m: m.handle_gateway_event(event))
        self.trace(f"{step:4} w{self.current} webhook {label} -> {outcome}")
        if outcome.startswith(_CRASHED):
            return None
        if conflict_ok and isinstance(self.last_error, Conflict):
            self.report.faults["webhook_conflict_escalated"] += 1
            return outcome
        if outcome[:1].isupper():  # an exception's name: the provider's message was refused
            raise Failure(f"webhook {label} was refused with {outcome}")
        self.delivered.append(event)
        return outcome

    def _drain(self) -> None:
        """The end of the run: no more faults; pending operations settle, failed refunds and
        payouts are retried (a refund the provider refuses for good until it is handed to an
        operator, who sends it again: `_operator_resends`), every webhook arrives, time
        passes."""
        self.dying = False
        self.gateway.rates = _NO_FAULTS
        self.gateway.refund_faults = False
        self.mix = attrs.evolve(
            self.mix, interleave=0.0, duplicate=0.0, reorder=0.0, redeliver=0.0, reuse_event_ids=0.0
        )
        for _ in range(10):
            self.gateway.settle_all()
            for index in range(len(self.workers)):
                self.current = index
                self.attempt(lambda m: str(m.admin.retry_refunds()))
                self.attempt(lambda m: str(m.payouts.retry()))
            while self.gateway.outbox:
                self._deliver_webhook(-1)
            if self.workers[0].orders.orphans.waiting():
                # Charges for orders never stored are refunded once their grace has passed.
                self.clock.advance(seconds=ORPHAN_GRACE.in_seconds() + 60)
                self.attempt(lambda m: str(checked_due(m).total))
                continue
            if self.workers[0].admin.unsent_refunds:
                continue  # refused again (for good, at the provider): until an operator has it
            if not any(op.status == "pending" for op in self.gateway.ops.values()):
                break
        self._operator_resends()

    def _operator_resends(self) -> None:
        """An operator goes through the refunds the provider refused for good: for about half
        of them the cause gets fixed at the provider (the buyer's new card), and each is sent
        again (one whose cause is not fixed is refused again, and stays the operator's). One
        whose charge was charged back is left alone: the buyer has the money back."""
        self.current = 0
        refused = self.workers[0].admin.refused_refunds(viewer=BACK_OFFICE)
        for refund in refused:
            subject = f"order:{refund.order_id}"
            charge = next(
                (
                    op
                    for op in self.gateway.ops.values()
                    if op.op == "charge"
                    and op.subject == subject
                    and op.reference == refund.reference
                ),
                None,
            )
            if charge is None:
                continue  # an earlier run's, on a host's database
            if charge.reversed:
                self.trace(f"  -1 w0 operator leaves refund {refund.id}: charged back")
                continue
            fixed = self.rng.random() < 0.5 and self.gateway.fix_refunds(subject, refund.reference)

            def resend(m: Marketplace, key: str = refund.id) -> str:
                return str(m.admin.resend_refund(key, actor=self.admin).state)

            outcome = self.attempt(resend)
            if outcome[:1].isupper():  # an exception's name: the resend was refused
                raise Failure(f"the operator's resend of refund {refund.id} -> {outcome}")
            self.report.faults["refund_resent_by_operator"] += 1
            self.trace(
                f"  -1 w0 operator resends refund {refund.id} "
                f"({'cause fixed' if fixed else 'cause not fixed'}) -> {outcome}"
            )

    # -- invariants --------------------------------------------------------------------------------
    def _check(self, final: bool) -> None:
        found = invariants.check(
            self.workers[0],
            self.gateway,
            self.people,
            final=final,
            hand_confirmed=self.hand_confirmed,
            published=self.published.events,
        )
        self.more_checks(self.workers[0], found, final)
        self.report.checks += found.checks
        if found.problems:
            when = "at the end" if final else f"after step {self.report.steps - 1}"
            raise Failure(f"{when}: " + "; ".join(found.problems[:5]))

    def more_checks(self, market: Marketplace, out: invariants.Checked, final: bool) -> None:
        """Override to check rules of your own after every step (``final``: after the run's
        last webhook); report each with ``out.expect(holds, "what broke")``."""

    # -- helpers for the commands ------------------------------------------------------------------
    def orders(self) -> list[Order]:
        return list(invariants.all_orders(self.market, self.people))

    def available(self, person: str) -> int:
        return to_minor(self.market.wallet.balances(person, viewer=person).available)

    def amount(self, low: int, high: int) -> Any:
        return from_minor(self.rng.randint(low, high), self.config.policy.currency)

    def deposits(self, state: str) -> list[Any]:
        return [
            d
            for p in self.people
            for d in self.market.wallet.deposits(p, viewer=p)
            if d.state == state
        ]

    def subscriptions(self, *, live: bool = False) -> list[Subscription]:
        """Every subscription of the people (``live``: pending, active or past due)."""
        return [
            s
            for p in self.people
            for s in self.market.subscriptions.of_user(p, viewer=BACK_OFFICE)
            if s.state in LIVE or not live
        ]

    def payouts(self, *states: str) -> list[Any]:
        return [
            p
            for u in self.people
            for p in self.market.payouts.of_user(u, viewer=u)
            if p.state in states
        ]


def _fields(event: GatewayEvent) -> tuple[str, str, Any, str, str]:
    return (event.kind, event.subject, event.amount, event.reference, event.reason)


def simulate(config: SimConfig, *, folder: Path | None = None) -> RunReport:
    """Run one seed (see the module doc); the report says what happened and what broke."""
    return Simulator(config, folder=folder).run()


def _policy(name: str) -> MarketplacePolicy:
    """A preset's name (``kiwigigs``) or ``package.module:factory`` (an embedder's own)."""
    if ":" in name:
        module, _, attr = name.partition(":")
        found = getattr(importlib.import_module(module), attr)
        made = found() if callable(found) else found
    else:
        made = getattr(presets, name)()
    if not isinstance(made, MarketplacePolicy):
        raise SystemExit(f"--policy {name} is not a MarketplacePolicy (got {type(made).__name__})")
    return made


def main(argv: list[str] | None = None) -> int:
    """``python -m microjob.testing.faults``: run seeds, print one line each, stop at a failure."""
    parser = argparse.ArgumentParser(
        prog="python -m microjob.testing.faults",
        description="Seeded fault-injecting simulator of a microjob marketplace.",
    )
    parser.add_argument("--seed", type=int, default=0, help="first seed (default 0)")
    parser.add_argument("--seeds", type=int, default=1, help="how many seeds from --seed on")
    parser.add_argument("--steps", type=int, default=300, help="steps per seed (default 300)")
    parser.add_argument("--store", default="memory", help="memory, sqlite or a database URL")
    parser.add_argument(
        "--policy", default="fiverr_like", help="a preset or package.module:factory"
    )
    parser.add_argument("--mix", default="ci", choices=sorted(MIXES), help="which faults")
    parser.add_argument("--workers", type=int, default=2, choices=(1, 2))
    parser.add_argument("--keep-going", action="store_true", help="run every seed")
    parser.add_argument(
        "--log", action="store_true", help="show the engine's warnings (provider calls that fail)"
    )
    args = parser.parse_args(argv)
    engine_log = logging.getLogger("microjob")
    level = engine_log.level
    if not args.log:
        # Injected faults make the engine warn on every failed provider call, by design.
        engine_log.setLevel(logging.ERROR)
    try:
        return _run_seeds(args)
    finally:
        engine_log.setLevel(level)


def _run_seeds(args: argparse.Namespace) -> int:
    policy = _policy(args.policy)
    mix = MIXES[args.mix]()
    totals = RunReport(args.seed, args.store)
    failed: list[RunReport] = []
    for seed in range(args.seed, args.seed + args.seeds):
        config = SimConfig(
            seed=seed,
            steps=args.steps,
            store=args.store,
            policy=policy,
            mix=mix,
            workers=args.workers,
            policy_name="" if args.policy == "fiverr_like" else args.policy,
        )
        report = simulate(config)
        totals.steps += report.steps
        totals.checks += report.checks
        totals.faults.update(report.faults)
        totals.seconds += report.seconds
        if report.failure is None:
            print(report.summary(), flush=True)
        else:
            failed.append(report)
            print(report.failure_text(), flush=True)
            if not args.keep_going:
                break
    faults = ", ".join(f"{k}={v}" for k, v in sorted(totals.faults.items()))
    print(
        f"total: {totals.steps} steps, {totals.fault_total} faults ({faults}), "
        f"{totals.checks} invariant checks, {totals.seconds:.1f}s; "
        f"{len(failed)} failing seed(s){': ' if failed else ''}"
        + ", ".join(str(r.seed) for r in failed),
        flush=True,
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
