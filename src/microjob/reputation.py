"""Levels, titles and badges from seller statistics, with rules the operator writes as data.

Web Park leaves the "statuses, titles, badges of distinction" to the platform's owner, so the
rules are values: a [`ReputationRules`][microjob.reputation.ReputationRules] holds an ordered ladder
of `LevelRule` s and a set of `BadgeRule` s, each a list of thresholds over
[`SellerStats`][microjob.reputation.SellerStats]. They load from a dict or a TOML document, and
every decision is explainable: [`evaluate`][microjob.reputation.evaluate] says which thresholds a
seller meets and which ones hold them back from the next level.

Statistics come from the seller's own orders (an index lookup, never a scan of all orders):
lifetime completed orders and earnings, and over a rolling window the on-time delivery rate,
the completion rate, dispute losses and the rating.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from microjob.errors import ValidationError

__all__ = [
    "FIVERR_LIKE",
    "BadgeRule",
    "Check",
    "Criteria",
    "LevelEffect",
    "LevelRule",
    "ReputationRules",
    "SellerStats",
    "Standing",
    "evaluate",
]


def _dec(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float | bool):
        raise ValidationError(f"thresholds are exact: pass {value!r} as a string or int")
    return Decimal(str(value))


def _dec0(value: Any) -> Decimal:
    result = _dec(value)
    return Decimal(0) if result is None else result


@attrs.frozen
class SellerStats:
    """What the rules look at. ``None`` means "not measured here" (e.g. response rate when the
    chat is not used): a threshold on an unmeasured statistic is not required."""

    completed: int
    earnings: Decimal
    rating: Decimal | None
    reviews: int
    on_time_rate: Decimal | None
    completion_rate: Decimal | None
    dispute_losses: int
    account_age_days: int
    response_rate: Decimal | None = None
    contact_strikes: int = 0
    settled_directly: Decimal = Decimal(0)
    """Direct mode (KiwiGigs): the prices customers settled with the seller outside the
    platform, as recorded on the orders. Never part of ``earnings``, which is money the
    platform paid out to the seller."""


@attrs.frozen
class Check:
    """One threshold against one statistic: ``"rating >= 4.7: 4.82 (met)"``."""

    name: str
    required: str
    actual: str
    met: bool

    def __str__(self) -> str:
        return f"{self.name} {self.required}: {self.actual} ({'met' if self.met else 'not met'})"


@attrs.frozen(kw_only=True)
class Criteria:
    """Thresholds; unset ones are not required."""

    min_completed: int = 0
    min_earnings: Decimal = attrs.field(default=Decimal(0), converter=_dec0)
    min_rating: Decimal | None = attrs.field(default=None, converter=_dec)
    min_reviews: int = 0
    min_on_time_rate: Decimal | None = attrs.field(default=None, converter=_dec)
    min_completion_rate: Decimal | None = attrs.field(default=None, converter=_dec)
    min_response_rate: Decimal | None = attrs.field(default=None, converter=_dec)
    max_dispute_losses: int | None = None
    min_account_age_days: int = 0
    max_contact_strikes: int | None = None

    def checks(self, stats: SellerStats) -> list[Check]:
        out: list[Check] = []

        def at_least(name: str, need: Decimal | int | None, have: Decimal | int | None) -> None:
            if need is None or (need == 0 and have is not None):
                return
            if have is None:
                out.append(Check(name, f">= {need}", "not measured", True))
                return
            out.append(Check(name, f">= {need}", str(have), have >= need))

        def at_most(name: str, limit: int | None, have: int) -> None:
            if limit is not None:
                out.append(Check(name, f"<= {limit}", str(have), have <= limit))

        at_least("completed orders", self.min_completed, stats.completed)
        at_least("earnings", self.min_earnings, stats.earnings)
        at_least("rating", self.min_rating, stats.rating if stats.reviews else None)
        at_least("reviews", self.min_reviews, stats.reviews)
        at_least("on-time rate", self.min_on_time_rate, stats.on_time_rate)
        at_least("completion rate", self.min_completion_rate, stats.completion_rate)
        at_least("response rate", self.min_response_rate, stats.response_rate)
        at_least("account age (days)", self.min_account_age_days, stats.account_age_days)
        at_most("dispute losses", self.max_dispute_losses, stats.dispute_losses)
        at_most("contact strikes", self.max_contact_strikes, stats.contact_strikes)
        if self.min_rating is not None and not stats.reviews:
            # Nobody has rated the seller yet: a rating threshold cannot be met.
            out = [c for c in out if c.name != "rating"]
            out.append(Check("rating", f">= {self.min_rating}", "no reviews yet", False))
        return out


@attrs.frozen
class LevelRule:
    name: str
    criteria: Criteria = attrs.field(factory=Criteria)


@attrs.frozen
class BadgeRule:
    name: str
    criteria: Criteria = attrs.field(factory=Criteria)
    description: str = ""


@attrs.frozen
class LevelEffect:
    """What a level changes in the seller's new orders (``None``: the policy's own value)."""

    commission_rate: Decimal | None = attrs.field(default=None, converter=_dec)
    clearance_days: int | None = None


@attrs.frozen
class ReputationRules:
    """The ladder (lowest first, the first rung needs nothing), badges, window and effects."""

    levels: tuple[LevelRule, ...]
    badges: tuple[BadgeRule, ...] = ()
    window_days: int = 60
    effects: Mapping[str, LevelEffect] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        if not self.levels:
            raise ValidationError("a level ladder needs at least one level")
        names = [level.name for level in self.levels]
        if len(set(names)) != len(names):
            raise ValidationError(f"level names must be unique, got {names}")
        for name in self.effects:
            if name not in names:
                raise ValidationError(f"effect for unknown level {name!r}; levels: {names}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReputationRules:
        """Build rules from plain data (e.g. parsed TOML); unknown keys are errors."""
        allowed = {"levels", "badges", "window_days", "effects"}
        unknown = set(data) - allowed
        if unknown:
            raise ValidationError(
                f"unknown reputation keys {sorted(unknown)}; use {sorted(allowed)}"
            )

        def criteria(item: Mapping[str, Any], where: str) -> Criteria:
            fields = {f.name for f in attrs.fields(Criteria)}
            rest = {k: v for k, v in item.items() if k not in ("name", "description")}
            bad = set(rest) - fields
            if bad:
                raise ValidationError(
                    f"{where}: unknown thresholds {sorted(bad)}; use {sorted(fields)}"
                )
            return Criteria(**rest)

        try:
            levels = tuple(
                LevelRule(str(item["name"]), criteria(item, f"levels[{i}]"))
                for i, item in enumerate(data.get("levels", ()))
            )
            badges = tuple(
                BadgeRule(
                    str(item["name"]),
                    criteria(item, f"badges[{i}]"),
                    str(item.get("description", "")),
                )
                for i, item in enumerate(data.get("badges", ()))
            )
        except KeyError as exc:
            raise ValidationError(f"every level and badge needs a {exc.args[0]!r}") from exc
        effects = {
            str(name): LevelEffect(**dict(effect))
            for name, effect in data.get("effects", {}).items()
        }
        return cls(levels, badges, int(data.get("window_days", 60)), effects)

    @classmethod
    def from_toml(cls, text: str) -> ReputationRules:
        return cls.from_dict(tomllib.loads(text))


@attrs.frozen
class Standing:
    """A seller's evaluated level and badges, with the reasons."""

    level: str
    badges: tuple[str, ...]
    met: tuple[Check, ...]
    next_level: str | None
    holding_back: tuple[Check, ...]

    def explain(self) -> str:
        lines = [f"level {self.level}: " + ("; ".join(map(str, self.met)) or "no requirements")]
        if self.next_level is not None:
            lines.append(
                f"next: {self.next_level}, held back by: " + "; ".join(map(str, self.holding_back))
            )
        return "\n".join(lines)


def evaluate(rules: ReputationRules, stats: SellerStats) -> Standing:
    """The highest level whose thresholds all hold, the badges earned, and why."""
    reached = 0
    for index, level in enumerate(rules.levels):
        if all(check.met for check in level.criteria.checks(stats)):
            reached = index
        else:
            break
    current = rules.levels[reached]
    following = rules.levels[reached + 1] if reached + 1 < len(rules.levels) else None
    holding: tuple[Check, ...] = ()
    if following is not None:
        holding = tuple(c for c in following.criteria.checks(stats) if not c.met)
    badges = tuple(
        badge.name
        for badge in rules.badges
        if all(check.met for check in badge.criteria.checks(stats))
    )
    return Standing(
        current.name,
        badges,
        tuple(current.criteria.checks(stats)),
        following.name if following else None,
        holding,
    )


_RATES: dict[str, Any] = {
    "min_rating": "4.7",
    "min_on_time_rate": "0.9",
    "min_completion_rate": "0.9",
    "min_response_rate": "0.9",
}

FIVERR_LIKE = ReputationRules(
    levels=(
        LevelRule("New"),
        LevelRule(
            "Level 1",
            Criteria(
                min_completed=10,
                min_earnings=400,
                min_account_age_days=60,
                max_dispute_losses=0,
                **_RATES,
            ),
        ),
        LevelRule(
            "Level 2",
            Criteria(
                min_completed=50,
                min_earnings=2000,
                min_account_age_days=120,
                max_dispute_losses=0,
                **_RATES,
            ),
        ),
        LevelRule(
            "Top Rated",
            Criteria(
                min_completed=100,
                min_earnings=20000,
                min_account_age_days=180,
                max_dispute_losses=0,
                **_RATES,
            ),
        ),
    ),
    badges=(
        BadgeRule(
            "Rising Talent",
            Criteria(min_completed=3, min_rating="4.8"),
            "a newcomer whose first buyers were delighted",
        ),
        BadgeRule(
            "Always On Time",
            Criteria(min_completed=20, min_on_time_rate="1"),
            "every delivery in the window was on time",
        ),
    ),
    window_days=60,
)
"""Level 1 / Level 2 / Top Rated at 10 / 50 / 100 completed orders and 400 / 2,000 / 20,000
earned, rating >= 4.7 and on-time, completion and response rates >= 90 % over 60 days."""


def as_levels(names: Sequence[str]) -> tuple[LevelRule, ...]:
    """A ladder of names with no thresholds (handy for tests and titles)."""
    return tuple(LevelRule(name) for name in names)
