"""What one fault-simulator run is made of and what it reports: `FaultMix` (the faults),
`SimConfig` (seed, length, store, policy), `RunReport` (steps, faults by kind,
invariant checks, the failure with its trace), the named mixes of the command line
(`MIXES`) and the command line that replays a run. The simulator itself is
`microjob.testing.faults`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import attrs

from microjob.marketplace import DueReport, Marketplace
from microjob.policies import MarketplacePolicy, presets
from microjob.testing.faultgateway import FaultRates

__all__ = ["MIXES", "Failure", "FaultMix", "RunReport", "SimConfig", "replay_command"]


@attrs.frozen
class FaultMix:
    """How often each fault is injected (probabilities per step or per delivery)."""

    rates: FaultRates = attrs.field(factory=FaultRates)
    """The provider's faults, per call."""
    restart: float = 0.03
    """A worker's process dies between two steps and a new one opens the store."""
    interleave: float = 0.15
    """While a provider call is in flight, the other worker runs a command."""
    webhook_steps: float = 0.18
    """Share of steps that are the provider delivering a webhook."""
    duplicate: float = 0.2
    """A webhook is delivered twice in a row."""
    redeliver: float = 0.06
    """An already delivered webhook comes again, later."""
    reorder: float = 0.35
    """The webhook delivered is not the oldest one waiting."""
    refund_faults: bool = True
    """Refunds may time out and fail like charges (False: they always go through)."""
    early_chargebacks: bool = False
    """A charge may be reversed before its success reached the marketplace (the reversal's
    webhook can then arrive first)."""
    per_process_references: bool = False
    """Number the provider's references per process (as a fake built in each process does)."""
    reuse_event_ids: float = 0.0
    """A webhook carries an event id already used for another subject."""
    crash_after_commit: float = 0.0
    """A worker dies after a command committed, while it sends the notifications (so a webhook
    that was applied is not acknowledged and comes again)."""
    hostile: float = 0.0
    """Share of commands that are hostile inputs, which must be refused with a domain error."""
    crash_before_publish: float = 0.0
    """A worker dies after a command committed, before it publishes the events (and before it
    hands a committed refund to the provider)."""
    subscriptions: float = 0.0
    """Share of commands that are about subscriptions: subscribe (through the provider or from
    the wallet), cancel, a subscription charge charged back, time passing so renewals fall due.
    0 (the default) draws the other commands exactly as before subscriptions were simulated."""
    refund_to_card: bool = False
    """Refunds go back to the buyer's card (``refund_to=ORIGINAL``), whatever the policy says,
    so the provider's refund path runs under any policy."""

    @classmethod
    def ci(cls) -> FaultMix:
        """The mix the test suite runs at every commit: refunds go through at once (the
        ``refunds`` and ``card-refunds`` mixes are where the provider times them out, declines
        them, or refuses them for good)."""
        return cls(
            rates=attrs.evolve(FaultRates(), crash_before=0.01, crash_after=0.01),
            refund_faults=False,
            crash_after_commit=0.01,
        )

    @classmethod
    def full(cls) -> FaultMix:
        """Every fault: crashes in the middle of provider calls, refunds that fail."""
        return cls(
            rates=attrs.evolve(FaultRates(), crash_before=0.02, crash_after=0.02),
            crash_after_commit=0.02,
            crash_before_publish=0.01,
            early_chargebacks=True,
        )


@attrs.frozen
class SimConfig:
    """One run: its seed, length, store and policy, and the faults to inject."""

    seed: int = 0
    steps: int = 300
    store: str = "memory"
    """``memory``, ``sqlite`` (a fresh file in a temporary folder) or a database URL."""
    policy: MarketplacePolicy = attrs.field(factory=presets.fiverr_like)
    mix: FaultMix = attrs.field(factory=FaultMix.ci)
    workers: int = 2
    """Marketplaces on the same store (1 or 2)."""
    policy_name: str = ""
    """How to name the policy in the replay command line (``--policy``)."""


@attrs.define
class RunReport:
    """What a run did and found."""

    seed: int
    store: str
    steps: int = 0
    commands: Counter[str] = attrs.field(factory=Counter)
    faults: Counter[str] = attrs.field(factory=Counter)
    checks: int = 0
    seconds: float = 0.0
    failure: str | None = None
    trace: list[str] = attrs.field(factory=list)
    replay: str = ""

    @property
    def fault_total(self) -> int:
        return sum(self.faults.values())

    def summary(self) -> str:
        faults = ", ".join(f"{k}={v}" for k, v in sorted(self.faults.items()))
        status = "FAILED" if self.failure else "ok"
        return (
            f"seed {self.seed} on {self.store}: {status}; {self.steps} steps, "
            f"{self.fault_total} faults ({faults}), {self.checks} invariant checks, "
            f"{self.seconds:.1f}s"
        )

    def failure_text(self, tail: int = 80) -> str:
        """The failure, every step that touched the subjects it names, the last ``tail``
        steps of the trace and the replay command."""
        if self.failure is None:
            return self.summary()
        shown = self.trace[-tail:]
        lines = [self.summary(), f"failure: {self.failure}"]
        for subject in dict.fromkeys(_SUBJECT.findall(self.failure)):
            kind, _, ident = subject.partition(":")
            needles = (f"{subject} ", f"{kind} {ident} ", f"{kind} {ident}'")
            touched = [line for line in self.trace if any(n in line + " " for n in needles)]
            lines += [f"steps touching {subject}:", *touched]
        lines += [f"trace (last {len(shown)} of {len(self.trace)} lines):", *shown]
        lines.append(f"replay: {self.replay}")
        return "\n".join(lines)


class Failure(AssertionError):
    """An invariant broke or the engine raised something no command should raise.

    (Defined here, not in `microjob.testing.faults`, because that module also runs as
    ``__main__`` and a second copy of the class would not be caught as this one.)
    """


def checked_due(market: Marketplace) -> DueReport:
    """``run_due`` as a step of a run: an error it reports fails the run, as a command's
    would (``run_due`` reports a failing job rather than raising)."""
    report = market.run_due()
    if report.errors:
        raise Failure(f"run_due reported errors: {report.errors}")
    return report


_SUBJECT = re.compile(r"\b(?:order|payout|deposit|subscription):[A-Za-z0-9_-]+")


def replay_command(config: SimConfig) -> str:
    """The command line that replays ``config`` exactly."""
    parts = [
        "python -m microjob.testing.faults",
        f"--seed {config.seed}",
        f"--steps {config.steps}",
        f"--store {config.store}",
    ]
    if config.policy_name:
        parts.append(f"--policy {config.policy_name}")
    if config.mix != FaultMix.ci():
        parts.append("--mix " + _mix_name(config.mix))
    return " ".join(parts)


def _mix_name(mix: FaultMix) -> str:
    for name, made in MIXES.items():
        if made() == mix:
            return name
    return "custom"


MIXES: dict[str, Callable[[], FaultMix]] = {
    "ci": FaultMix.ci,
    "full": FaultMix.full,
    "per-process-references": lambda: attrs.evolve(FaultMix.ci(), per_process_references=True),
    "reused-event-ids": lambda: attrs.evolve(FaultMix.ci(), reuse_event_ids=0.3),
    "refunds": lambda: attrs.evolve(FaultMix.ci(), refund_faults=True),
    "card-refunds": lambda: attrs.evolve(
        FaultMix.ci(),
        refund_faults=True,
        refund_to_card=True,
        rates=attrs.evolve(FaultMix.ci().rates, refuse_for_good=0.2, chargeback=0.06),
    ),
    "hostile": lambda: attrs.evolve(FaultMix.ci(), hostile=0.05),
    "chargebacks": lambda: attrs.evolve(
        FaultMix.ci(),
        early_chargebacks=True,
        reorder=0.8,
        rates=attrs.evolve(FaultMix.ci().rates, chargeback=0.4, timeout_after=0.3),
    ),
    "subscriptions": lambda: attrs.evolve(FaultMix.ci(), subscriptions=0.15),
    "subscription-chargebacks": lambda: attrs.evolve(
        FaultMix.ci(),
        subscriptions=0.15,
        early_chargebacks=True,
        reorder=0.8,
        rates=attrs.evolve(FaultMix.ci().rates, chargeback=0.2, timeout_after=0.2),
    ),
    "subscriptions-full": lambda: attrs.evolve(FaultMix.full(), subscriptions=0.15),
}
