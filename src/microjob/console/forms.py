"""Reading the console's forms: a small URL-encoded body, and a ruling from its fields.

The console's forms carry a few short fields and never files, so it reads
``application/x-www-form-urlencoded`` bodies with the standard library, capped in size and
field count, rather than pulling in a multipart parser.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl

from microjob.disputes import Outcome, Ruling
from microjob.errors import ValidationError
from microjob.money import money

__all__ = ["MAX_BODY", "FormError", "parse_form", "ruling_from"]

MAX_BODY = 64 * 1024
"""Largest form body accepted, in bytes: reasons and references, not documents."""


class FormError(Exception):
    """The request is not a console form at all (a 400, not the engine's refusal)."""


def parse_form(content_type: str, body: bytes) -> dict[str, str]:
    """The fields of a URL-encoded form; the last value wins when a name repeats. An empty
    body is an empty form, whatever its content type (a browser sends one for a bare button)."""
    if not body:
        return {}
    if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        raise FormError(
            f"expected a form (application/x-www-form-urlencoded), got {content_type!r}"
        )
    if len(body) > MAX_BODY:
        raise FormError(f"the form is larger than {MAX_BODY} bytes")
    try:
        text = body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False, max_num_fields=50)
    except (UnicodeDecodeError, ValueError) as error:
        raise FormError(f"the form could not be read: {error}") from error
    return dict(pairs)


def required(form: Mapping[str, str], name: str, what: str) -> str:
    """A non-blank field, stripped; the engine's own checks then judge its content."""
    value = form.get(name, "").strip()
    if not value:
        raise ValidationError(f"{what} is required")
    return value


def ruling_from(form: Mapping[str, str], currency: str) -> Ruling:
    """The ruling a dispute form describes.

    ``outcome`` is ``refund_buyer``, ``release_to_seller`` or ``split``; a split takes exactly
    one of ``buyer_share`` (a fraction of the price, ``0.4``) or ``buyer_amount`` (part of the
    price in the order's ``currency``); ``reason`` is always required.
    """
    reason = required(form, "reason", "a written reason for the ruling")
    choice = form.get("outcome", "")
    try:
        outcome = Outcome(choice)
    except ValueError:
        options = ", ".join(o.value for o in Outcome)
        raise ValidationError(f"outcome {choice!r} is not one of {options}") from None
    if outcome is Outcome.REFUND_BUYER:
        return Ruling.refund_buyer(reason)
    if outcome is Outcome.RELEASE_TO_SELLER:
        return Ruling.release_to_seller(reason)
    share = form.get("buyer_share", "").strip() or None
    amount_text = form.get("buyer_amount", "").strip()
    amount = money(amount_text, currency) if amount_text else None
    return Ruling.split(reason, buyer_share=share, buyer_amount=amount)
