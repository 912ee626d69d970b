"""Synthetic demand, drawn once per seed and replayed under every fee model.

Fee models are compared with **common random numbers**: every decision (how many orders
arrive, which buyer, which seller, the price, whether the seller is late, whether the buyer asks
for a revision, how the admin rules, ...) has its own random stream, seeded from the run's seed
and the decision's name, and every arriving order draws the same number of values from each
stream whether it uses them or not. Arrival *k* of seed *s* is therefore the same buyer making
the same choices under every fee model and at every point of a sweep, so a difference between
two fee models comes from the fees, not from the noise.

The draws are floats (probabilities, spreads, delays); prices are turned into whole minor units
(cents, forints) right away, so no float ever becomes money.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from microjob.money import to_minor
from microjob.simulation.scenario import Scenario

__all__ = ["MAX_ROUNDS", "Arrival", "Demand", "Streams", "draw_demand", "poisson"]

MAX_ROUNDS = 4
"""Deliveries a buyer answers at most (the first one and up to three revisions)."""

_DECISIONS = (
    "arrivals",
    "arrival_time",
    "buyer",
    "seller",
    "price",
    "delivery",
    "buy",
    "repeat",
    "leak",
    "leak_who",
    "leak_text",
    "chat",
    "chat_text",
    "pending",
    "pending_time",
    "work",
    "work_share",
    "late",
    "lateness",
    "cancel_late",
    "opener",
    "refuse",
    "silent",
    "silent_time",
    "response",
    "revision",
    "revision_time",
    "outcome",
    "share",
    "ruling",
    "answer",
)


class Streams:
    """One independent `random.Random` per decision, named and seeded reproducibly.

    Seeding with a string goes through SHA-512, so the streams do not depend on
    ``PYTHONHASHSEED`` or on the platform.
    """

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._streams = {name: random.Random(f"microjob/{seed}/{name}") for name in _DECISIONS}

    def __getitem__(self, name: str) -> random.Random:
        return self._streams[name]


class Arrival(NamedTuple):
    """One buyer arriving with every choice they and their seller will make already drawn.

    Times are whole minutes: ``minute`` from the start of the simulation, the others as delays.
    Amounts are whole minor units of the scenario's currency. ``seller`` is a uniform draw in
    [0, 1): the run maps it onto the sellers active under its fee model (sellers leave and join
    as the fees change, the buyer's draw stays the same). The ``u_`` fields are uniform draws
    the run compares with the scenario's probabilities.
    """

    number: int
    minute: int
    buyer: int
    seller: float
    price: int
    delivery_days: int
    u_buy: float
    u_repeat: float
    u_leak: float
    u_leak_who: float
    u_leak_text: float
    u_chat: float
    u_chat_text: float
    u_pending: float
    pending_minutes: int
    u_work: float
    work_share: float
    u_late: float
    late_minutes: int
    u_cancel_late: float
    u_opener: float
    u_refuse: float
    u_silent: float
    silent_minutes: int
    responses: tuple[int, ...]
    u_revisions: tuple[float, ...]
    revision_minutes: tuple[int, ...]
    u_outcome: float
    share: Decimal
    ruling_minutes: int
    answer_minutes: int


class Demand(NamedTuple):
    """The arrivals of one seed, day by day (each day's list sorted by time)."""

    seed: int
    days: tuple[tuple[Arrival, ...], ...]

    @property
    def arrivals(self) -> int:
        return sum(len(day) for day in self.days)


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson count (Knuth's method, in slices of 30 so ``exp(-mean)`` never underflows)."""
    count = 0
    while mean > 30:
        count += poisson(rng, 30)
        mean -= 30
    if mean <= 0:
        return count
    limit = math.exp(-mean)
    product = rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _minutes(rng: random.Random, mean_hours: float) -> int:
    if mean_hours <= 0:
        return 0
    return int(rng.expovariate(1.0 / mean_hours) * 60)


def _clock(rng: random.Random, mean_hours: float) -> Callable[[], int]:
    """`_minutes` as a bound draw (no draw at all when the mean is zero)."""
    if mean_hours <= 0:
        return lambda: 0
    draw, rate = rng.expovariate, 1.0 / mean_hours
    return lambda: int(draw(rate) * 60)


def draw_demand(scenario: Scenario, seed: int) -> Demand:
    """Every arrival of ``scenario.days`` days for ``seed`` (see the module docstring)."""
    streams = Streams(seed)
    spec = scenario.demand
    prices = scenario.prices
    timing = scenario.timing
    median = to_minor(prices.median)
    low, high, step = to_minor(prices.minimum), to_minor(prices.maximum), to_minor(prices.step)
    shortest, longest = timing.delivery_days
    split_low, split_high = scenario.disputes.split_min, scenario.disputes.split_max
    s = {name: streams[name] for name in _DECISIONS}
    # Bound methods and positional fields: this loop runs once per arrival per seed, and the
    # draws (their streams and their order) are exactly those of the plain version.
    u = {name: s[name].random for name in _DECISIONS}
    u_buy, u_repeat, u_leak, u_leak_who = u["buy"], u["repeat"], u["leak"], u["leak_who"]
    u_leak_text, u_chat, u_chat_text = u["leak_text"], u["chat"], u["chat_text"]
    u_pending, u_work, u_work_share, u_late = u["pending"], u["work"], u["work_share"], u["late"]
    u_cancel_late, u_opener, u_refuse = u["cancel_late"], u["opener"], u["refuse"]
    u_silent, u_revision, u_outcome, u_share = u["silent"], u["revision"], u["outcome"], u["share"]
    u_seller, u_time = u["seller"], u["arrival_time"]
    buyer_of, delivery_of = s["buyer"].randrange, s["delivery"].randint
    lognormal = s["price"].lognormvariate
    pending_m = _clock(s["pending_time"], timing.start_hours)
    late_m = _clock(s["lateness"], timing.late_days * 24)
    silent_m = _clock(s["silent_time"], timing.silent_days * 24)
    response_m = _clock(s["response"], timing.response_hours)
    revision_m = _clock(s["revision_time"], timing.revision_hours)
    ruling_m = _clock(s["ruling"], timing.ruling_hours)
    answer_m = _clock(s["answer"], timing.response_hours)
    buyers, sigma, rounds = spec.buyers, prices.sigma, range(MAX_ROUNDS)
    unit = Decimal(1).scaleb(-2)
    days: list[tuple[Arrival, ...]] = []
    index = 0
    for day in range(scenario.days):
        weekday = scenario.start.add(days=day).day_of_week
        mean = spec.orders_per_day * (spec.weekend_factor if weekday in (5, 6) else 1.0)
        count = poisson(s["arrivals"], mean)
        times = sorted(int(u_time() * 1440) for _ in range(count))
        today: list[Arrival] = []
        for offset in times:
            raw = median * lognormal(0.0, sigma)
            price = min(high, max(low, max(step, round(raw / step) * step)))
            share_draw = u_share()
            percent = round((split_low + (split_high - split_low) * share_draw) * 100)
            today.append(
                Arrival(
                    index,
                    day * 1440 + offset,
                    buyer_of(buyers),
                    u_seller(),
                    price,
                    delivery_of(shortest, longest),
                    u_buy(),
                    u_repeat(),
                    u_leak(),
                    u_leak_who(),
                    u_leak_text(),
                    u_chat(),
                    u_chat_text(),
                    u_pending(),
                    pending_m(),
                    u_work(),
                    0.3 + 0.65 * u_work_share(),
                    u_late(),
                    late_m() + 1,
                    u_cancel_late(),
                    u_opener(),
                    u_refuse(),
                    u_silent(),
                    silent_m(),
                    tuple(response_m() for _ in rounds),
                    tuple(u_revision() for _ in rounds),
                    tuple(revision_m() + 1 for _ in rounds),
                    u_outcome(),
                    Decimal(percent) * unit,
                    ruling_m(),
                    answer_m(),
                )
            )
            index += 1
        days.append(tuple(today))
    return Demand(seed, tuple(days))
