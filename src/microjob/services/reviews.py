"""Review commands of the Marketplace facade (rules in [`microjob.reviews`][microjob.reviews])."""

from __future__ import annotations

from collections.abc import Mapping

import attrs
from pendulum import DateTime

from microjob import events
from microjob.context import Context
from microjob.errors import Conflict, PermissionDenied, PolicyViolation, ValidationError
from microjob.lifecycle import Role
from microjob.logs import command
from microjob.orders import OrderState
from microjob.ports import Notification, RecordRepository, UnitOfWork
from microjob.reviews import SUB_RATINGS, Rating, Reply, Review, check_stars, rating_of
from microjob.timecalc import add_days

__all__ = ["ReviewService"]


def _reviews(uow: UnitOfWork) -> RecordRepository[Review]:
    return uow.records("review", Review, index=("order_id", "subject_id", "visible"))


def _published(uow: UnitOfWork, review: Review, now: DateTime) -> None:
    uow.emit(
        events.ReviewPublished(
            now, "system", review.id, review.subject_id, review.stars, review.written_at
        )
    )


class ReviewService:
    """Write, reveal, answer and aggregate reviews."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @command
    def write(
        self,
        order_id: str,
        *,
        actor: str,
        stars: int,
        text: str = "",
        sub_ratings: Mapping[str, int] | None = None,
    ) -> Review:
        """The buyer reviews the seller or the seller the buyer, once, after completion."""
        check_stars(stars)
        subs = tuple(sorted((sub_ratings or {}).items()))
        for name, value in subs:
            if name not in SUB_RATINGS:
                raise ValidationError(
                    f"unknown sub-rating {name!r}; use one of: {', '.join(SUB_RATINGS)}"
                )
            check_stars(value, f"sub-rating {name!r}")
        # A public review must not carry a way off the platform: the same intake as every text.
        with self.ctx.texts(actor, f"order:{order_id}") as intake:
            body = intake.text(text, "review")
        with self.ctx.uow() as uow:
            order = uow.orders.get(order_id)
            role = order.role_of(actor)
            if role is Role.STRANGER:
                raise PermissionDenied("only the buyer and the seller of an order review it")
            if order.state != OrderState.COMPLETED:
                raise PolicyViolation(
                    f"order {order_id} is {order.state}; reviews are written only after a "
                    "completed purchase"
                )
            now = self.ctx.clock.now()
            policy = order.policy
            ruled = any(step.trigger == "rule_release" for step in order.history)
            if ruled and not policy.reviews_after_dispute:
                raise PolicyViolation(
                    f"order {order_id} was completed by a dispute ruling and this marketplace "
                    "takes reviews only for purchases the buyer accepted"
                )
            assert order.closed_at is not None
            window_end = add_days(order.closed_at, policy.review_window_days)
            if now > window_end:
                raise PolicyViolation(
                    f"the review window closed on {window_end.isoformat()} "
                    f"({policy.review_window_days} days after the order completed)"
                )
            repo = _reviews(uow)
            existing = repo.where(order_id=order_id)
            if any(r.author_id == actor for r in existing):
                raise Conflict(f"{actor} already reviewed order {order_id}; one review per side")
            subject = order.seller_id if role is Role.BUYER else order.buyer_id
            other = [r for r in existing if r.author_id == subject]
            blind = policy.reviews_double_blind and not other
            review = Review(
                id=repo.next_id(),
                order_id=order_id,
                author_id=actor,
                subject_id=subject,
                author_role=role,
                stars=stars,
                text=body,
                written_at=now,
                visible=not blind,
                reveal_at=window_end if blind else None,
                sub_ratings=subs,
                contact_masked=intake.flagged and body != intake.screened[0].original,
            )
            repo.add(review)
            self.ctx.keep_screened(uow, actor, f"review:{review.id}", intake, now)
            for waiting in other:
                if not waiting.visible:
                    repo.save(attrs.evolve(waiting, visible=True, version=waiting.version + 1))
                    _published(uow, waiting, now)
            uow.emit(events.ReviewWritten(now, actor, review.id, order_id, subject, stars))
            if review.visible:
                _published(uow, review, now)
            uow.notify(
                Notification(
                    subject,
                    "review.written",
                    f"review:{review.id}",
                    f"You received a review for {order.title}",
                    now,
                )
            )
            self.ctx.commit(uow)
        return review

    @command
    def reply(self, review_id: str, *, actor: str, text: str) -> Review:
        """The reviewed user answers a review of them, once."""
        if isinstance(text, str) and not text.strip():
            raise ValidationError("a reply needs text")
        with self.ctx.texts(actor, f"review:{review_id}") as intake:
            body = intake.text(text, "review reply", required=True)
        with self.ctx.uow() as uow:
            repo = _reviews(uow)
            review = repo.get(review_id)
            if actor != review.subject_id:
                raise PermissionDenied("only the user who was reviewed may answer the review")
            if review.reply is not None:
                raise Conflict("this review was already answered; the answer is final")
            if not review.visible:
                raise PolicyViolation("the review is not public yet")
            now = self.ctx.clock.now()
            new = attrs.evolve(review, reply=Reply(now, body), version=review.version + 1)
            repo.save(new)
            self.ctx.keep_screened(uow, actor, f"review:{review_id}", intake, now)
            self.ctx.commit(uow)
        return new

    def of_user(self, user_id: str, *, viewer: str | None = None) -> list[Review]:
        """Public reviews of a user (the author also sees their own hidden one)."""
        with self.ctx.reads() as uow:
            return [
                r
                for r in _reviews(uow).where(subject_id=user_id)
                if r.visible or r.author_id == viewer
            ]

    def rating(self, user_id: str) -> Rating:
        """Count, mean, Bayesian mean, distribution and sub-rating means of a user."""
        with self.ctx.reads() as uow:
            reviews = _reviews(uow).where(subject_id=user_id, visible=True)
        policy = self.ctx.policy
        return rating_of(
            reviews, prior_mean=policy.rating_prior_mean, prior_weight=policy.rating_prior_weight
        )

    def due(self, at: DateTime) -> tuple[dict[str, int], list[str]]:
        moves: dict[str, int] = {}
        errors: list[str] = []
        with self.ctx.uow() as uow:
            repo = _reviews(uow)
            revealed = 0
            for review in repo.where(visible=False):
                if review.reveal_at is not None and review.reveal_at <= at:
                    repo.save(attrs.evolve(review, visible=True, version=review.version + 1))
                    _published(uow, review, at)
                    revealed += 1
            self.ctx.commit(uow)
        if revealed:
            moves["reviews_revealed"] = revealed
        return moves, errors
