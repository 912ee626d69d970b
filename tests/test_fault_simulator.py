"""The fault-injecting simulator: a fixed seed budget on memory and SQLite, and proof that it
catches what it claims to catch.

Each run prints its summary (``pytest -s`` shows it): steps, faults injected by kind, invariant
checks. A failing seed's assertion message carries the step trace and the replay command.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest

from microjob import BACK_OFFICE, Marketplace
from microjob.orders import Order
from microjob.policies import MarketplacePolicy, RefundTo, presets
from microjob.ports import GatewayEvent
from microjob.services.disputes import DisputeService
from microjob.services.orders import OrderService
from microjob.services.payouts import PayoutService
from microjob.services.users import UserService
from microjob.services.wallet import WalletService
from microjob.testing import faults
from microjob.testing.faults import FaultMix, RunReport, SimConfig, Simulator, simulate

STEPS = 300


def refund_to_card() -> MarketplacePolicy:
    """Refunds go back to the card, so the provider's refund path is exercised."""
    return attrs.evolve(presets.fiverr_like(), refund_to=RefundTo.ORIGINAL)


POLICIES = {
    "fiverr_like": presets.fiverr_like,
    "refund_to_card": refund_to_card,
    "webpark": presets.webpark,  # deposits reviewed by hand, chat held for a moderator
    "kiwigigs": presets.kiwigigs,  # direct payment, refunds to the card, chat blocked
}

# Every kind of fault the CI budget must have injected at least once (so a fault that silently
# stopped firing fails the suite instead of making it pass more easily).
EXPECTED_FAULTS = {
    "restart_between_steps",
    "crash_in_provider_call",
    "charge_crash_before",
    "charge_crash_after",
    "second_worker_step",
    "interleaved_command",
    "webhook_duplicated",
    "webhook_reordered",
    "webhook_redelivered_late",
    "charge_failed",
    "charge_pending",
    "charge_timeout_before",
    "charge_timeout_after",
    "settled_later",
    "chargeback",
    "payout_pending",
    "payout_failed",
    "crash_after_commit",
    "webhook_overtook_answer",
}


def _run(seed: int, store: str, policy: str, tmp_path: Path) -> RunReport:
    config = SimConfig(
        seed=seed, steps=STEPS, store=store, policy=POLICIES[policy](), policy_name=policy
    )
    report = simulate(config, folder=tmp_path)
    print(report.summary())
    assert report.failure is None, report.failure_text()
    assert report.steps == STEPS
    assert report.checks > STEPS * 10, report.summary()
    return report


def test_memory_budget_injects_every_fault_and_runs_every_command(tmp_path: Path) -> None:
    totals: Counter[str] = Counter()
    commands: Counter[str] = Counter()
    checks = 0
    for seed in range(12):
        report = _run(seed, "memory", "fiverr_like", tmp_path)
        totals.update(report.faults)
        commands.update(report.commands)
        checks += report.checks
    missing = EXPECTED_FAULTS - set(totals)
    print(f"memory/fiverr_like: {12 * STEPS} steps, {sum(totals.values())} faults, {checks} checks")
    assert not missing, f"faults never injected: {sorted(missing)} (injected: {dict(totals)})"
    never = set(faults.Commands(Simulator(SimConfig())).weights) - set(commands)
    assert not never, f"commands never drawn: {sorted(never)}"


@pytest.mark.parametrize("policy", ["refund_to_card", "webpark", "kiwigigs"])
@pytest.mark.parametrize("seed", range(6))
def test_memory_seeds(policy: str, seed: int, tmp_path: Path) -> None:
    _run(seed, "memory", policy, tmp_path)


@pytest.mark.parametrize(
    ("policy", "seed"),
    [
        ("fiverr_like", 0),
        ("fiverr_like", 1),
        ("fiverr_like", 2),
        ("refund_to_card", 3),
        ("webpark", 4),
        ("kiwigigs", 5),
    ],
)
def test_sqlite_seeds(policy: str, seed: int, tmp_path: Path) -> None:
    report = _run(seed, "sqlite", policy, tmp_path)
    assert report.faults["restart_between_steps"] + report.faults["crash_in_provider_call"] > 0


@pytest.mark.parametrize("seed", range(4))
def test_reused_event_ids_are_escalated_never_swallowed(seed: int) -> None:
    """A webhook whose id was used for another subject is a Conflict kept for an operator; the
    provider's resend under a fresh id is then booked (before the fix it was taken for a
    duplicate and the paid charge was lost)."""
    report = simulate(SimConfig(seed=seed, steps=STEPS, mix=faults.MIXES["reused-event-ids"]()))
    print(report.summary())
    assert report.failure is None, report.failure_text()
    assert report.faults["webhook_reused_event_id"] > 0


@pytest.mark.parametrize("seed", [3, 4])
def test_a_card_refund_the_provider_refused_is_taken_in_the_end(seed: int) -> None:
    """Seeds 3 and 4 have the provider refuse refunds to the card (three times, twice). Asked
    again under the same idempotency key, a provider only replays its refusal, so the money
    never went back (20 of 30 seeds of this mix failed so before); a refusal now moves the
    next attempt to a key of its own."""
    mix = faults.MIXES["refunds"]()
    config = SimConfig(seed=seed, steps=300, policy=refund_to_card(), mix=mix)
    report = simulate(config)
    print(report.summary())
    assert report.failure is None, report.failure_text()
    assert report.faults["refund_failed"] > 0


@pytest.mark.parametrize("seed", range(2))
def test_references_numbered_per_process_lose_no_payment(seed: int, tmp_path: Path) -> None:
    """The provider numbers references from 1 after every restart of a worker on the same
    SQLite file: the same reference names two payments, and every paid charge is still booked."""
    mix = faults.MIXES["per-process-references"]()
    report = simulate(SimConfig(seed=seed, steps=STEPS, store="sqlite", mix=mix), folder=tmp_path)
    print(report.summary())
    assert report.failure is None, report.failure_text()
    assert report.faults["reference_collision"] > 0


@pytest.mark.parametrize(("store", "seed"), [("memory", 3), ("memory", 8), ("sqlite", 3)])
def test_a_chargeback_that_overtakes_its_confirmation_books_nothing(
    store: str, seed: int, tmp_path: Path
) -> None:
    """Seed 3 is the run in which a reversal arrived before its charge's confirmation, was
    ignored, and the late confirmation credited money the provider had taken back; the reversal
    is now kept on the order and the confirmation books nothing."""
    mix = faults.MIXES["chargebacks"]()
    report = simulate(SimConfig(seed=seed, steps=STEPS, store=store, mix=mix), folder=tmp_path)
    print(report.summary())
    assert report.failure is None, report.failure_text()
    assert report.faults["chargeback"] > 0


@pytest.mark.parametrize(("store", "seed"), [("memory", 0), ("memory", 1), ("sqlite", 2)])
def test_hostile_inputs_are_refused_and_change_nothing(
    store: str, seed: int, tmp_path: Path
) -> None:
    """Absurd amounts and durations, huge texts, reserved or invisible identities and the
    system's name as an actor are refused with a domain error, and the books still hold."""
    mix = faults.MIXES["hostile"]()
    report = simulate(SimConfig(seed=seed, steps=STEPS, store=store, mix=mix), folder=tmp_path)
    print(report.summary())
    assert report.failure is None, report.failure_text()
    assert report.commands["hostile_input"] > 5


# -- subscriptions ---------------------------------------------------------------------------------
SUBSCRIPTION_MOVES = {
    "subscription_charged",
    "subscription_charge_resent",
    "subscription_renewed",
    "subscription_past_due",
    "subscription_lapsed",
    "subscription_ended",
}


class _CountsMoves(Marketplace):
    """Counts every ``run_due`` move (of every worker, in `MOVES`)."""

    MOVES: ClassVar[Counter[str]] = Counter()

    def run_due(self, *args: Any, **kwargs: Any) -> Any:
        report = super().run_due(*args, **kwargs)
        self.MOVES.update(report.moves)
        return report


def test_subscription_budget_runs_every_subscription_command_and_money_path(
    tmp_path: Path,
) -> None:
    """The subscription mix subscribes through the provider and from the wallet, cancels,
    charges subscription fees back and lets renewals fall due, under every fault of the CI
    mix; every ``run_due`` move of a subscription happens somewhere in the budget."""
    commands: Counter[str] = Counter()
    outcomes = _CountsMoves.MOVES
    outcomes.clear()
    for seed in range(8):
        config = SimConfig(seed=seed, steps=STEPS, mix=faults.MIXES["subscriptions"]())
        sim = Simulator(config, folder=tmp_path)
        sim.marketplace = _CountsMoves
        report = sim.run()
        print(report.summary())
        assert report.failure is None, report.failure_text()
        commands.update(report.commands)
        outcomes.update(line.rpartition("-> ")[2] for line in report.trace if "webhook" in line)
    never = set(faults.Commands(Simulator(SimConfig())).subscription_weights) - set(commands)
    assert not never, f"subscription commands never drawn: {sorted(never)}"
    missing = SUBSCRIPTION_MOVES - set(outcomes)
    assert not missing, f"subscription moves never made: {sorted(missing)}"
    assert outcomes["credited"] > 0  # a charge that came when nothing was owed


@pytest.mark.parametrize(
    ("mix", "store", "seed"),
    [
        ("subscriptions", "sqlite", 0),
        ("subscriptions", "sqlite", 1),
        ("subscription-chargebacks", "memory", 42),
        ("subscription-chargebacks", "memory", 1),
        ("subscriptions-full", "memory", 0),
        ("subscriptions-full", "sqlite", 1),
    ],
)
def test_subscription_seeds(mix: str, store: str, seed: int, tmp_path: Path) -> None:
    """Seed 42 of ``subscription-chargebacks`` is the run in which ``run_due`` reached a
    subscription another worker's ``run_due`` had lapsed while a charge was in flight; seed 1
    the one in which subscription chargebacks overtook their confirmations."""
    config = SimConfig(seed=seed, steps=STEPS, store=store, mix=faults.MIXES[mix]())
    report = simulate(config, folder=tmp_path)
    print(report.summary())
    assert report.failure is None, report.failure_text()
    assert report.commands["subscribe"] > 0


def test_a_seed_replays_exactly(tmp_path: Path) -> None:
    first = simulate(SimConfig(seed=5, steps=150))
    second = simulate(SimConfig(seed=5, steps=150))
    other = simulate(SimConfig(seed=6, steps=150))
    assert first.trace == second.trace
    assert first.faults == second.faults
    assert first.checks == second.checks
    assert first.trace != other.trace


# -- the simulator catches planted bugs -----------------------------------------------------------
class ForgetsWebhookPayments(Marketplace):
    """Answers "duplicate" to a charge confirmation that arrives by webhook, booking nothing:
    the failure the simulator exists to find (a paid charge lost)."""

    def handle_gateway_event(self, event: GatewayEvent) -> str:
        if event.kind == "charge.succeeded" and event.subject.startswith("order:"):
            return "duplicate"
        return super().handle_gateway_event(event)


class _RefundsTwiceOrders(OrderService):
    def cancel(self, order_id: str, *, actor: str, reason: str = "") -> Order:
        order = super().cancel(order_id, actor=actor, reason=reason)
        if order.charge_ref and order.refunded is not None:
            self.ctx.gateway.refund(order.charge_ref, order.refunded, f"again:{order.id}")
        return order


class RefundsTwice(Marketplace):
    """Sends a cancelled order's refund to the provider a second time under another key."""

    def __init__(self, **parts: Any) -> None:
        super().__init__(**parts)
        self.orders = _RefundsTwiceOrders(self._ctx)


class _BooksWithoutPaymentOrders(OrderService):
    def place(self, *, actor: str, **kwargs: Any) -> Order:
        order = super().place(actor=actor, **kwargs)
        if order.state == "awaiting_payment":
            event = GatewayEvent(
                f"forged:{order.id}",
                "charge.succeeded",
                f"order:{order.id}",
                order.escrow_total,
                "forged",
            )
            self.ctx.apply_provider_event(event)
        return self.get(order.id, viewer=BACK_OFFICE)


class BooksWithoutPayment(Marketplace):
    """Confirms an order's payment although the provider only said "pending"."""

    def __init__(self, **parts: Any) -> None:
        super().__init__(**parts)
        self.orders = _BooksWithoutPaymentOrders(self._ctx)


class _PaysOutOnApprovalPayouts(PayoutService):
    def approve(self, payout_id: str, *, actor: str, reviewed: bool = False) -> Any:
        payout = super().approve(payout_id, actor=actor, reviewed=reviewed)
        if payout.state in ("approved", "sent"):
            forged = GatewayEvent(f"forged:{payout_id}", "payout.paid", payout.cause, payout.net)
            self.ctx.apply_provider_event(forged)
        return self.get(payout_id, viewer=BACK_OFFICE)


class PaysOutOnApproval(Marketplace):
    """Marks an approved payout paid without waiting for the provider's word."""

    def __init__(self, **parts: Any) -> None:
        super().__init__(**parts)
        self.payouts = _PaysOutOnApprovalPayouts(self._ctx)


class _CreditsDepositsAtOnceWallet(WalletService):
    def announce_deposit(self, *, actor: str, amount: Any, **kwargs: Any) -> Any:
        deposit = super().announce_deposit(actor=actor, amount=amount, **kwargs)
        if deposit.state == "announced" and deposit.through_gateway:
            forged = GatewayEvent(
                f"forged:{deposit.id}", "charge.succeeded", deposit.cause, deposit.amount
            )
            self.ctx.apply_provider_event(forged)
        return self.deposit(deposit.id, viewer=BACK_OFFICE)


class CreditsDepositsAtOnce(Marketplace):
    """Credits a deposit through the provider as soon as it is announced."""

    def __init__(self, **parts: Any) -> None:
        super().__init__(**parts)
        self.wallet = _CreditsDepositsAtOnceWallet(self._ctx)


class ForgetsSubscriptionWebhooks(Marketplace):
    """Answers "duplicate" to a subscription charge confirmed by webhook, booking nothing."""

    def handle_gateway_event(self, event: GatewayEvent) -> str:
        if event.kind == "charge.succeeded" and event.subject.startswith("subscription:"):
            return "duplicate"
        return super().handle_gateway_event(event)


class KeepsReversedSubscriptionFees(Marketplace):
    """Ignores the chargeback of a subscription charge: the platform keeps the fee."""

    def handle_gateway_event(self, event: GatewayEvent) -> str:
        if event.kind == "charge.reversed" and event.subject.startswith("subscription:"):
            return "ignored"
        return super().handle_gateway_event(event)


class LongGrace(Marketplace):
    """Past due or charging a renewal, a plan keeps granting for 30 days instead of the grace
    period (the renewal is not paid for all that time)."""

    def __init__(self, **parts: Any) -> None:
        super().__init__(**parts)
        service = self.subscriptions
        step = service._time_step

        def long_grace(uow: Any, sub: Any, at: Any) -> Any:
            move, new = step(uow, sub, at)
            if new is not sub and new.grace_until is not None and new.period_end is not None:
                new = attrs.evolve(new, grace_until=new.period_end.add(days=30))
            return move, new

        service._time_step = long_grace  # type: ignore[method-assign]


@pytest.mark.parametrize(
    ("broken", "policy", "rule"),
    [
        (ForgetsSubscriptionWebhooks, presets.fiverr_like, "subscription_charges"),
        (KeepsReversedSubscriptionFees, presets.fiverr_like, "subscription_revenue"),
        (LongGrace, presets.fiverr_like, "subscription_grants"),
        (ForgetsWebhookPayments, presets.fiverr_like, "charge_booked"),
        (RefundsTwice, refund_to_card, "refund_once"),
        (BooksWithoutPayment, presets.fiverr_like, "charge_booked"),
        (PaysOutOnApproval, presets.fiverr_like, "payout_once"),
        (CreditsDepositsAtOnce, presets.fiverr_like, "deposit"),
    ],
)
def test_a_planted_bug_is_found_with_its_seed_and_trace(
    broken: type[Marketplace], policy: object, rule: str
) -> None:
    class Broken(Simulator):
        marketplace = broken

    found: RunReport | None = None
    mix = faults.MIXES["subscriptions" if rule.startswith("subscription") else "ci"]()
    for seed in range(10):
        config = SimConfig(seed=seed, steps=STEPS, policy=policy(), mix=mix)  # type: ignore[operator]
        report = Broken(config).run()
        if report.failure is not None:
            found = report
            break
    assert found is not None, f"{broken.__name__} went unnoticed for 10 seeds"
    assert f": {rule}: " in found.failure, found.failure_text()  # type: ignore[operator]
    text = found.failure_text()
    assert f"seed {found.seed}" in text
    assert f"--seed {found.seed}" in text
    assert found.trace
    assert found.trace[-1] in text


def test_an_unexpected_exception_is_a_failure() -> None:
    class ExplodingOrders(OrderService):
        def deliver(self, order_id: str, **kwargs: Any) -> Order:
            raise RuntimeError("boom")

    class Explodes(Marketplace):
        def __init__(self, **parts: Any) -> None:
            super().__init__(**parts)
            self.orders = ExplodingOrders(self._ctx)

    class Broken(Simulator):
        marketplace = Explodes

    report = Broken(SimConfig(seed=1, steps=STEPS)).run()
    assert report.failure is not None
    assert report.failure.startswith("unexpected RuntimeError: boom")


def test_the_command_line_runs_seeds_and_names_the_policy(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = faults.main(
        ["--seed", "3", "--seeds", "2", "--steps", "60", "--policy", f"{__name__}:refund_to_card"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "seed 3 on memory: ok; 60 steps" in out
    assert "seed 4 on memory: ok; 60 steps" in out
    assert "total: 120 steps" in out


def test_the_replay_command_names_everything_that_decides_a_run() -> None:
    config = SimConfig(seed=9, steps=40, store="sqlite", mix=FaultMix.full(), policy_name="x:y")
    assert faults.replay_command(config) == (
        "python -m microjob.testing.faults --seed 9 --steps 40 --store sqlite "
        "--policy x:y --mix full"
    )


def test_rules_of_your_own_run_after_every_step() -> None:
    seen: list[bool] = []

    class OwnRule(Simulator):
        def more_checks(
            self, market: Marketplace, out: faults.invariants.Checked, final: bool
        ) -> None:
            seen.append(final)
            out.expect(not final, "our own rule: broken at the end")

    report = OwnRule(SimConfig(seed=2, steps=40)).run()
    assert seen == [False] * 40 + [True]
    assert report.failure == "at the end: our own rule: broken at the end"


def test_a_failure_lists_every_step_of_the_subject_it_names() -> None:
    report = RunReport(seed=4, store="memory", failure="after step 2: escrow: order:o7 holds 5")
    report.trace = [
        "   0 w0 place ann->bob $ 5.00 1d (provider) -> order o7 pending",
        "   1 w1 start order o8 by bob (1) -> active",
        "   2 w0 webhook charge.succeeded order:o7 evt_1 -> duplicate",
        "   3 w0 start order o70 by bob (1) -> active",
    ]
    text = report.failure_text(tail=1)
    touching = text.split("steps touching order:o7:\n")[1].split("\ntrace (last")[0]
    assert touching.splitlines() == [report.trace[0], report.trace[2]]
    assert text.endswith(f"{report.trace[3]}\nreplay: ")


class _HostileUsers(UserService):
    def register(self, user_id: str, **kwargs: Any) -> Any:
        if user_id in ("SYSTEM", "zw", "at"):
            return None
        return super().register(user_id, **kwargs)


class _HostileOrders(OrderService):
    def place(self, *, actor: str, **kwargs: Any) -> Any:
        if (
            kwargs["price"] == 10**18
            or kwargs["delivery_days"] > 1000
            or len(kwargs["title"]) > 999
        ):
            return None
        return super().place(actor=actor, **kwargs)

    def request_extension(self, order_id: str, *, actor: str, days: int, reason: str = "") -> Any:
        if days > 1000:
            return None
        return super().request_extension(order_id, actor=actor, days=days, reason=reason)

    def deliver(self, order_id: str, *, actor: str, message: str, **kwargs: Any) -> Any:
        if len(message) > 99_999:
            return None
        return super().deliver(order_id, actor=actor, message=message, **kwargs)


class _HostileDisputes(DisputeService):
    def open(self, order_id: str, *, actor: str, reason: str, **kwargs: Any) -> Any:
        if actor == "system":
            return None
        return super().open(order_id, actor=actor, reason=reason, **kwargs)


class AcceptsHostileInput(Marketplace):
    """Takes every hostile input without a word (what the hostile mix must catch)."""

    def __init__(self, **parts: Any) -> None:
        super().__init__(**parts)
        self.users = _HostileUsers(self._ctx)
        self.orders = _HostileOrders(self._ctx)
        self.disputes = _HostileDisputes(self._ctx)


def test_the_hostile_mix_fails_a_run_when_an_absurd_input_is_accepted() -> None:
    class Broken(Simulator):
        marketplace = AcceptsHostileInput

    mix = attrs.evolve(FaultMix.ci(), hostile=0.5)
    report = Broken(SimConfig(seed=1, steps=100, mix=mix)).run()
    assert report.failure is not None
    assert report.failure.startswith("a hostile input was accepted: "), report.failure_text()
    assert report.commands["hostile_input"] >= 1


def test_a_database_url_of_the_hosts_serves_seed_after_seed(tmp_path: Path) -> None:
    """On a URL (not a fresh file per seed) the next seed finds the last one's users, orders and
    ledger: each run tags its own users and checks the whole ledger, old entries included."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    for seed in (0, 1):
        report = simulate(SimConfig(seed=seed, steps=100, store=url))
        print(report.summary())
        assert report.failure is None, report.failure_text()
