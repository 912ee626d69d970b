"""Payout methods: the details money is sent to, validated on construction and masked.

A payout to a mistyped IBAN or e-mail address is slow and costly to get back, so
[`PayPal`][microjob.payouts.methods.PayPal] and
[`BankAccount`][microjob.payouts.methods.BankAccount] cannot be built from invalid details (e-mail
syntax; IBAN country, length, account shape and ISO 7064 mod-97 check digits, from schwifty's
registry; BIC format; holder name).  Details
leak through logs more than anywhere, so their ``repr`` and every view handed out
([`MaskedMethod`][microjob.payouts.methods.MaskedMethod], events) show only the last four
characters.
"""

from __future__ import annotations

import re
from typing import ClassVar

import attrs
from pendulum import DateTime

from microjob.errors import ValidationError


def mask(text: str) -> str:
    """``"****1234"``: how stored payout details are shown everywhere (last four only)."""
    return "****" + text[-4:]


_ALNUM = re.compile(r"[A-Z0-9]+")
_BIC = re.compile(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_TLD = re.compile(r"[A-Za-z]{2,63}")


def _text(value: object, what: str, example: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(
            f"{what} must be text such as {example!r}, got {type(value).__name__}"
        )
    return value


def check_iban(value: object) -> str:
    """The IBAN in its compact form (no spaces, upper case), or a
    [`ValidationError`][microjob.errors.ValidationError] that says what is wrong.

    Checks, in the order a person would look for the mistake: only letters and digits (spaces
    between groups are fine), a country that uses IBANs, that country's length, the shape of its
    account part (where letters and digits go), then the two check digits (ISO 7064 mod 97-10).
    The registry of countries, lengths and shapes is schwifty's, kept up to date upstream
    (imported on first use: it costs about 60 ms, which ``import microjob`` does not pay).
    """
    from schwifty import IBAN, registry
    from schwifty.exceptions import InvalidChecksumDigits, InvalidLength, SchwiftyException

    text = _text(value, "an IBAN", "DE89 3704 0044 0532 0130 00")
    compact = "".join(text.split()).upper()
    if not compact:
        raise ValidationError("a bank transfer needs the account's IBAN; it is empty")
    if not _ALNUM.fullmatch(compact):
        raise ValidationError(
            "an IBAN contains only letters and digits (spaces between groups are allowed); "
            "remove dashes, dots and other signs"
        )
    country = compact[:2]
    try:
        spec = registry.get_iban_spec(country)
    except (KeyError, SchwiftyException):
        raise ValidationError(
            f"an IBAN starts with the two-letter code of a country that uses IBANs "
            f"(DE, FR, HU, ...); {country!r} is not one"
        ) from None
    if len(compact) != spec.iban_length:
        raise ValidationError(
            f"an IBAN from {country} has {spec.iban_length} characters, this one has "
            f"{len(compact)}; a digit is missing or doubled"
        )
    if not compact[2:4].isdigit():
        raise ValidationError(
            f"the 3rd and 4th characters of an IBAN are its check digits, got {compact[2:4]!r}"
        )
    try:
        IBAN(compact)
    except InvalidChecksumDigits:
        raise ValidationError(
            f"the IBAN ending in {compact[-4:]} fails its checksum (mod 97): a character is "
            "mistyped; copy it again from the bank statement"
        ) from None
    except InvalidLength:  # pragma: no cover - the length was checked above
        raise ValidationError(f"an IBAN from {country} has {spec.iban_length} characters") from None
    except SchwiftyException:
        raise ValidationError(
            f"the account part of an IBAN from {country} has the shape {spec.bban_spec} "
            f"(n: digits, a: letters, c: either; ! fixed length), and this one does not: a "
            "letter where a digit belongs, or the other way round"
        ) from None
    return compact


def check_bic(value: object) -> str:
    """A BIC (SWIFT code) in upper case: 4 letters bank, 2 letters country, 2 letters or digits
    location, optionally 3 letters or digits branch (8 or 11 characters)."""
    text = _text(value, "a BIC", "DEUTDEFF")
    compact = "".join(text.split()).upper()
    if not _BIC.fullmatch(compact):
        raise ValidationError(
            f"a BIC has 8 or 11 characters: 4 letters (bank), 2 letters (country), 2 letters or "
            f"digits (location) and an optional 3-character branch, like 'DEUTDEFF' or "
            f"'DEUTDEFF500'; got {text!r}"
        )
    return compact


def check_holder(value: object) -> str:
    """The account holder's name as the bank knows it: 1-70 characters with at least one letter
    (SEPA allows 70)."""
    text = " ".join(_text(value, "the account holder", "Anna Kovács").split())
    if not text:
        raise ValidationError("a bank transfer needs the account holder's name; it is empty")
    if len(text) > 70:
        raise ValidationError(f"the account holder's name has {len(text)} characters; at most 70")
    if not any(c.isalpha() for c in text):
        raise ValidationError(f"the account holder's name must contain letters, got {text!r}")
    return text


def check_email(value: object) -> str:
    """A PayPal e-mail address: ``local@domain.tld``, the domain in lower case."""
    text = _text(value, "a PayPal e-mail", "anna@example.org").strip()
    local, at, domain = text.rpartition("@")
    labels = domain.split(".")
    problem = ""
    if not at or not local or not domain:
        problem = "it needs exactly the form name@host.tld"
    elif len(text) > 254 or len(local) > 64:
        problem = "it is longer than an address may be (64 before the @, 254 in all)"
    elif not _LOCAL.fullmatch(local):
        problem = f"the part before the @ ({local!r}) has a space, two dots or a sign not allowed"
    elif len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        problem = f"the host {domain!r} is not a domain like example.org"
    elif not _TLD.fullmatch(labels[-1]):
        problem = f"the host {domain!r} does not end in a top-level domain like .org"
    if problem:
        raise ValidationError(f"{text!r} is not a valid PayPal e-mail address: {problem}")
    return f"{local}@{domain.lower()}"


class MethodKind:
    """Payout method kinds, the keys of the policy's per-method minimums, fees and days."""

    PAYPAL = "paypal"
    BANK = "bank"


@attrs.frozen(repr=False)
class PayPal:
    """Payout to a PayPal account, identified by its e-mail address (validated here)."""

    email: str = attrs.field(converter=check_email)
    kind: ClassVar[str] = MethodKind.PAYPAL

    @property
    def last4(self) -> str:
        return self.email[-4:]

    def destination(self) -> str:
        """What the payment provider needs; only ever handed to the gateway."""
        return f"paypal:{self.email}"

    def __repr__(self) -> str:
        return f"PayPal({mask(self.email)})"


@attrs.frozen(repr=False)
class BankAccount:
    """Payout by bank transfer: IBAN (length + checksum), BIC and the holder's name."""

    iban: str = attrs.field(converter=check_iban)
    bic: str = attrs.field(converter=check_bic)
    holder: str = attrs.field(converter=check_holder)
    kind: ClassVar[str] = MethodKind.BANK

    @property
    def last4(self) -> str:
        return self.iban[-4:]

    def destination(self) -> str:
        """What the payment provider needs; only ever handed to the gateway."""
        return f"iban:{self.iban};bic:{self.bic};holder:{self.holder}"

    def __repr__(self) -> str:
        return f"BankAccount({mask(self.iban)})"


PayoutMethod = PayPal | BankAccount


@attrs.frozen
class MaskedMethod:
    """A payout method as every query shows it: its kind and last four characters only."""

    id: str
    user_id: str
    kind: str
    last4: str
    added_at: DateTime
    active: bool = True

    @property
    def label(self) -> str:
        name = "PayPal" if self.kind == MethodKind.PAYPAL else "Bank transfer"
        return f"{name} ****{self.last4}"


@attrs.frozen(repr=False)
class StoredMethod:
    """A user's payout method as stored (full details: never returned by a query)."""

    id: str
    user_id: str
    method: PayoutMethod
    added_at: DateTime
    removed_at: DateTime | None = None
    version: int = 0

    @property
    def active(self) -> bool:
        return self.removed_at is None

    def masked(self) -> MaskedMethod:
        return MaskedMethod(
            self.id, self.user_id, self.method.kind, self.method.last4, self.added_at, self.active
        )

    def __repr__(self) -> str:
        return f"StoredMethod({self.id!r}, {self.user_id!r}, {self.method!r})"
