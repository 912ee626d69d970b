"""Two-sided reviews that can be trusted.

A review exists only for a completed purchase (Jobindoor), once per side per order, within the
policy's review window: the buyer rates the seller after accepting (MicrojobEngine) and the seller
rates the buyer (KiwiGigs). With double-blind reviews neither side sees the other's review until
both have written or the window has closed, so nobody rates in retaliation. The seller may
answer a review of them once. Review text goes through the contact scanner: a review is public,
so a phone number in it would be the easiest way off the platform.

Ratings are aggregated per user as count, mean, distribution and a Bayesian (shrunk) mean
``(C·m + Σ stars) / (C + n)``: a newcomer with one five-star review does not outrank a seller
with two hundred reviews averaging 4.9.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_EVEN, Decimal

import attrs
from pendulum import DateTime

from microjob.errors import ValidationError
from microjob.lifecycle import Role

__all__ = ["Rating", "Reply", "Review", "check_stars", "rating_of"]

SUB_RATINGS = ("communication", "quality", "on_time", "as_described", "value")


def check_stars(value: object, what: str = "stars") -> int:
    """Stars are a whole number from 1 to 5."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError(f"{what} must be a whole number from 1 to 5, got {value!r}")
    return value


@attrs.frozen(slots=True)
class Reply:
    at: DateTime
    text: str


@attrs.frozen(slots=True)
class Review:
    """One side's review of the other for one order."""

    id: str
    order_id: str
    author_id: str
    subject_id: str
    author_role: Role
    stars: int
    text: str
    written_at: DateTime
    visible: bool
    reveal_at: DateTime | None = None
    sub_ratings: tuple[tuple[str, int], ...] = ()
    reply: Reply | None = None
    contact_masked: bool = False
    version: int = 0


@attrs.frozen
class Rating:
    """A user's reputation as a review subject."""

    count: int
    mean: Decimal | None
    bayesian: Decimal
    distribution: Mapping[int, int]
    sub_means: Mapping[str, Decimal]


_TWO = Decimal("0.01")


def rating_of(
    reviews: Iterable[Review], *, prior_mean: Decimal = Decimal("4.5"), prior_weight: int = 10
) -> Rating:
    """Aggregate the visible reviews of one subject.

    The Bayesian mean always lies between the prior and the raw mean: the prior acts as
    ``prior_weight`` imaginary reviews of ``prior_mean`` stars.
    """
    stars: list[int] = []
    subs: dict[str, list[int]] = {}
    for review in reviews:
        if not review.visible:
            continue
        stars.append(review.stars)
        for name, value in review.sub_ratings:
            subs.setdefault(name, []).append(value)
    count = len(stars)
    total = sum(stars)
    distribution = {n: stars.count(n) for n in range(1, 6)}
    mean = (Decimal(total) / count).quantize(_TWO, ROUND_HALF_EVEN) if count else None
    bayesian = ((prior_mean * prior_weight + total) / (prior_weight + count)).quantize(
        _TWO, ROUND_HALF_EVEN
    )
    sub_means = {
        name: (Decimal(sum(values)) / len(values)).quantize(_TWO, ROUND_HALF_EVEN)
        for name, values in sorted(subs.items())
    }
    return Rating(count, mean, bayesian, distribution, sub_means)
