"""Wallets, deposits and payouts: the user's cash account, checked in and checked out.

Every user has a cash account (``user:{id}:available``, seed 001). Money enters it as a
*deposit* (announced, then confirmed by the payment provider or by an admin who reconciles it
against the provider's receipts) or as earnings released from an order; it leaves it as an order
paid from the wallet or as a *payout* to a PayPal address or a bank account (seed 000: "B has to
complete the information first in order to withdraw the money").

The rules live here as frozen records and pure functions; :mod:`microjob.services.payouts` applies
them inside units of work. The shapes, and why:

* :class:`Deposit` — ``announced → confirmed | rejected`` (and ``confirmed → reversed`` when the
  provider takes the money back). The announced amount sits in ``user:{id}:incoming`` so the
  user sees it but cannot spend it before it is confirmed.
* :class:`PayPal` and :class:`BankAccount` — payout details validated on construction (e-mail
  syntax; IBAN country length and ISO 7064 mod-97 check digits; BIC format; holder name), so an
  invalid one cannot exist. Their ``repr`` and every view handed out (:class:`MaskedMethod`,
  events) show only the last four characters: details leak through logs more than anywhere.
* :class:`PayoutRequest` — ``requested → approved → sent → paid | failed``;
  ``requested → held_for_review`` when the source-of-funds check finds money that does not
  trace back to confirmed money; ``requested | held_for_review → rejected | cancelled``. The
  amount moves to ``user:{id}:payout`` the moment it is requested, so two requests can never
  spend the same money, and every way out that does not pay returns all of it.
* :class:`Debt` — what a user owes after a charge reversal took back money that had already
  left (a receivable in ``user:{id}:debt``, never a negative ``available``); repaid first from
  the user's next earnings.

:func:`trace_sources` is seed 001's "funds received from other users must be verified and
confirmed based on deposits ... for all users who transfer to the withdrawing user": it walks
the ledger's cause references from the user's wallet back to confirmed provider charges and
confirmed deposits, through the wallets of the buyers who paid from theirs. It only follows
index lookups (``entries_for``, ``entries_for_cause``, ``entry``), so its cost is the traced
history, never the size of the ledger.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import ClassVar, Final, TypeVar

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob import ledger as accounts
from microjob.errors import PolicyViolation, ValidationError
from microjob.ledger import Entry, Transfer
from microjob.lifecycle import Lifecycle, Move, Role, Step
from microjob.money import percent, plain, zero
from microjob.policies import MarketplacePolicy
from microjob.ports import LedgerStore
from microjob.timecalc import add_business_days

__all__ = [
    "DEPOSIT_LIFECYCLE",
    "IBAN_LENGTHS",
    "PAYOUT_LIFECYCLE",
    "RESERVED",
    "BankAccount",
    "Clawback",
    "Debt",
    "DebtState",
    "Deposit",
    "DepositState",
    "MaskedMethod",
    "MethodKind",
    "PayPal",
    "PayoutMethod",
    "PayoutProjection",
    "PayoutRequest",
    "PayoutState",
    "ProjectionRow",
    "SourceCheck",
    "SourceProblem",
    "Statement",
    "StatementLine",
    "StatementPeriod",
    "Step",
    "StoredMethod",
    "build_statement",
    "check_bic",
    "check_email",
    "check_holder",
    "check_iban",
    "expected_arrival",
    "mask",
    "move_deposit",
    "move_payout",
    "payout_fee",
    "payout_terms",
    "plan_clawback",
    "post_clawback",
    "post_deposit_announced",
    "post_deposit_confirmed",
    "post_deposit_rejected",
    "post_paid",
    "post_repayment",
    "post_reserve",
    "post_return",
    "post_returned_after_paid",
    "sum_money",
    "trace_sources",
]

AD, SY, OW = Role.ADMIN, Role.SYSTEM, Role.OWNER


def mask(text: str) -> str:
    """``"****1234"``: how stored payout details are shown everywhere (last four only)."""
    return "****" + text[-4:]


# -- payout details ------------------------------------------------------------------------------

IBAN_LENGTHS: Final[Mapping[str, int]] = {
    # The SWIFT IBAN registry: country code -> total IBAN length.
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28,
    "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
    "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22,
    "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23,
    "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
    "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip
"""Total IBAN length per country (SWIFT IBAN registry). A wrong length is almost always a
missing or doubled digit, so it is refused before the checksum with a message that says so."""

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
    """The IBAN in its compact form (no spaces, upper case), or a :class:`ValidationError`.

    Checks, in the order a person would look for the mistake: only letters and digits (spaces
    between groups are fine), a country that uses IBANs, that country's length, then the two
    check digits (ISO 7064 mod 97-10: move the first four characters to the end, letters become
    10..35, and the number must leave remainder 1 when divided by 97).
    """
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
    length = IBAN_LENGTHS.get(country)
    if length is None:
        raise ValidationError(
            f"an IBAN starts with the two-letter code of a country that uses IBANs "
            f"(DE, FR, HU, ...); {country!r} is not one"
        )
    if len(compact) != length:
        raise ValidationError(
            f"an IBAN from {country} has {length} characters, this one has {len(compact)}; "
            "a digit is missing or doubled"
        )
    if not compact[2:4].isdigit():
        raise ValidationError(
            f"the 3rd and 4th characters of an IBAN are its check digits, got {compact[2:4]!r}"
        )
    number = int("".join(str(int(c, 36)) for c in compact[4:] + compact[:4]))
    if number % 97 != 1:
        raise ValidationError(
            f"the IBAN ending in {compact[-4:]} fails its checksum (mod 97): a character is "
            "mistyped; copy it again from the bank statement"
        )
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


# -- records and lifecycles ----------------------------------------------------------------------


class DepositState:
    ANNOUNCED = "announced"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    REVERSED = "reversed"


DEPOSIT_LIFECYCLE = Lifecycle(
    "deposit",
    [DepositState.ANNOUNCED, DepositState.CONFIRMED, DepositState.REJECTED, DepositState.REVERSED],
    [
        Move.of("confirm", [DepositState.ANNOUNCED], DepositState.CONFIRMED, {AD, SY}),
        Move.of("reject", [DepositState.ANNOUNCED], DepositState.REJECTED, {AD, SY}),
        Move.of("reverse", [DepositState.CONFIRMED], DepositState.REVERSED, {SY}),
    ],
)


@attrs.frozen
class Deposit:
    """Money a user puts into their cash account.

    ``provider_status`` is what the payment provider said about the charge (``pending``,
    ``succeeded``, ``failed``, ``unknown`` after a timeout; empty for a deposit made outside the
    gateway, e.g. a bank wire an admin reconciles by hand).
    """

    id: str
    user_id: str
    amount: Money
    state: str
    announced_at: DateTime
    through_gateway: bool = True
    reference: str = ""
    provider_status: str = ""
    decided_by: str | None = None
    decided_at: DateTime | None = None
    reason: str = ""
    history: tuple[Step, ...] = ()
    version: int = 0

    @property
    def currency(self) -> str:
        return self.amount.currency.code

    @property
    def cause(self) -> str:
        return f"deposit:{self.id}"


class PayoutState:
    REQUESTED = "requested"
    HELD_FOR_REVIEW = "held_for_review"
    APPROVED = "approved"
    SENT = "sent"
    PAID = "paid"
    FAILED = "failed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


P = PayoutState
RESERVED: Final = frozenset({P.REQUESTED, P.HELD_FOR_REVIEW, P.APPROVED, P.SENT})
"""States in which the payout's amount sits in ``user:{id}:payout``."""

PAYOUT_LIFECYCLE = Lifecycle(
    "payout",
    [P.REQUESTED, P.HELD_FOR_REVIEW, P.APPROVED, P.SENT, P.PAID, P.FAILED, P.REJECTED, P.CANCELLED],
    [
        Move.of("approve", [P.REQUESTED], P.APPROVED, {AD, SY}),
        Move.of("hold", [P.REQUESTED], P.HELD_FOR_REVIEW, {AD, SY}),
        Move.of("release", [P.HELD_FOR_REVIEW], P.APPROVED, {AD}),
        Move.of("reject", [P.REQUESTED, P.HELD_FOR_REVIEW], P.REJECTED, {AD}),
        Move.of("cancel", [P.REQUESTED, P.HELD_FOR_REVIEW], P.CANCELLED, {OW}),
        Move.of("send", [P.APPROVED], P.SENT, {SY}),
        Move.of("pay", [P.SENT], P.PAID, {SY}),
        # A provider may also give a payout back after calling it paid (a closed account).
        Move.of("fail", [P.APPROVED, P.SENT, P.PAID], P.FAILED, {SY}),
    ],
)


@attrs.frozen
class SourceProblem:
    """One ledger entry whose money does not trace back to confirmed money."""

    user_id: str
    """Whose wallet the entry credited (the withdrawing user, or someone who paid them)."""
    entry_key: str
    cause: str
    amount: Money
    reason: str

    def __str__(self) -> str:
        return f"{self.entry_key} ({plain(self.amount)} to {self.user_id}): {self.reason}"


@attrs.frozen
class PayoutRequest:
    """A user's request to withdraw ``amount`` from their cash account.

    ``fee`` is kept by the platform when the payout is paid, so ``net`` is what arrives; a
    payout that does not get paid (rejected, cancelled, failed) returns the whole ``amount``.
    The method is named by id, kind and last four characters only.
    """

    id: str
    user_id: str
    method_id: str
    method_kind: str
    last4: str
    amount: Money
    fee: Money
    state: str
    requested_at: DateTime
    expected_at: DateTime | None = None
    decided_by: str | None = None
    decided_at: DateTime | None = None
    automatic: bool = False
    sent_at: DateTime | None = None
    paid_at: DateTime | None = None
    reference: str = ""
    reason: str = ""
    review: tuple[SourceProblem, ...] = ()
    history: tuple[Step, ...] = ()
    version: int = 0

    @property
    def net(self) -> Money:
        return self.amount - self.fee

    @property
    def currency(self) -> str:
        return self.amount.currency.code

    @property
    def cause(self) -> str:
        return f"payout:{self.id}"

    @property
    def reserved(self) -> bool:
        """Whether the amount is still held in ``user:{id}:payout``."""
        return self.state in RESERVED


class DebtState:
    OPEN = "open"
    SETTLED = "settled"


@attrs.frozen
class Debt:
    """What a user owes after a reversal took back money they had already received.

    ``cause`` is the reversed ``order:ID`` or ``deposit:ID``. Repaid from the user's next
    earnings before they can withdraw again.
    """

    id: str
    user_id: str
    cause: str
    amount: Money
    repaid: Money
    state: str
    opened_at: DateTime
    settled_at: DateTime | None = None
    repayments: int = 0
    version: int = 0

    @property
    def remaining(self) -> Money:
        return self.amount - self.repaid

    @property
    def currency(self) -> str:
        return self.amount.currency.code


_R = TypeVar("_R", Deposit, PayoutRequest)


def _move(
    record: _R,
    lifecycle: Lifecycle,
    trigger: str,
    role: Role,
    actor: str,
    now: DateTime,
    note: str,
    changes: Mapping[str, object],
) -> _R:
    return lifecycle.advance(record, trigger, role, actor, now, note, **changes)


def move_deposit(
    deposit: Deposit,
    trigger: str,
    role: Role,
    actor: str,
    now: DateTime,
    note: str = "",
    **changes: object,
) -> Deposit:
    """The next version of ``deposit`` after ``trigger`` (raises when the move is not allowed)."""
    return _move(deposit, DEPOSIT_LIFECYCLE, trigger, role, actor, now, note, changes)


def move_payout(
    payout: PayoutRequest,
    trigger: str,
    role: Role,
    actor: str,
    now: DateTime,
    note: str = "",
    **changes: object,
) -> PayoutRequest:
    """The next version of ``payout`` after ``trigger`` (raises when the move is not allowed)."""
    return _move(payout, PAYOUT_LIFECYCLE, trigger, role, actor, now, note, changes)


# -- payout terms ----------------------------------------------------------------------------------


def payout_fee(policy: MarketplacePolicy, kind: str, amount: Money) -> Money:
    """The platform's fee for withdrawing ``amount`` with a ``kind`` method: the policy's fixed
    fee plus its rate on the amount (each rounded once, half-even)."""
    fee = policy.payout_fees.get(kind, zero(amount.currency))
    fee_rate = policy.payout_fee_rates.get(kind)
    if fee_rate:
        fee = fee + percent(amount, fee_rate)
    return fee


def payout_terms(policy: MarketplacePolicy, kind: str, amount: Money, available: Money) -> Money:
    """Check a request of ``amount`` from an ``available`` balance against the method's
    minimum and fee; returns the fee.

    The policy's ``payout_minimum_applies_to`` says what must reach the minimum: the request
    (``"request"``), or the available balance (``"balance"``, seed 003: "once the Available
    balance reaches the payout minimum the seller may request a payout"), after which any
    amount up to the balance may be asked for. Below it is a :class:`PolicyViolation` naming
    the minimum. Whether ``available`` covers ``amount`` is the caller's check.
    """
    minimum = policy.payout_minimum(kind)
    if policy.payout_minimum_applies_to == "balance":
        if available < minimum:
            raise PolicyViolation(
                f"the smallest {kind} payout is {plain(minimum)}, and a payout may be requested "
                f"once the available balance reaches it; the available balance {plain(available)}"
                " has not reached it yet"
            )
    elif amount < minimum:
        raise PolicyViolation(
            f"the smallest {kind} payout is {plain(minimum)}; {plain(amount)} is below it"
        )
    fee = payout_fee(policy, kind, amount)
    if fee >= amount:
        raise PolicyViolation(
            f"a {kind} payout costs {plain(fee)} in fees, which would take all of "
            f"{plain(amount)}; withdraw more than {plain(fee)}"
        )
    return fee


def expected_arrival(policy: MarketplacePolicy, kind: str, start: DateTime) -> DateTime:
    """When a payout approved at ``start`` should arrive: the method's working days later
    (seed 003: "a few working days, depending on the payment method")."""
    return add_business_days(start, policy.payout_business_days.get(kind, 3))


# -- ledger entries --------------------------------------------------------------------------------
# Each business moment is one entry under a deterministic key, so a retried command or a
# duplicated webhook posts nothing new.


def post_deposit_announced(book: LedgerStore, deposit: Deposit, at: DateTime) -> Entry:
    return book.post(
        f"{deposit.cause}:announce",
        deposit.cause,
        [Transfer(accounts.WORLD, accounts.incoming(deposit.user_id), deposit.amount)],
        at,
        "deposit announced",
    )


def post_deposit_confirmed(book: LedgerStore, deposit: Deposit, at: DateTime) -> Entry:
    return book.post(
        f"{deposit.cause}:confirm",
        deposit.cause,
        [
            Transfer(
                accounts.incoming(deposit.user_id),
                accounts.available(deposit.user_id),
                deposit.amount,
            )
        ],
        at,
        "deposit confirmed",
    )


def post_deposit_rejected(book: LedgerStore, deposit: Deposit, at: DateTime) -> Entry:
    return book.post(
        f"{deposit.cause}:reject",
        deposit.cause,
        [Transfer(accounts.incoming(deposit.user_id), accounts.WORLD, deposit.amount)],
        at,
        "deposit rejected",
    )


def post_reserve(book: LedgerStore, payout: PayoutRequest, at: DateTime) -> Entry:
    return book.post(
        f"{payout.cause}:reserve",
        payout.cause,
        [
            Transfer(
                accounts.available(payout.user_id), accounts.payout(payout.user_id), payout.amount
            )
        ],
        at,
        "payout requested",
    )


def post_return(book: LedgerStore, payout: PayoutRequest, at: DateTime, memo: str) -> Entry:
    """A payout that was not paid gives its whole amount back to the cash account."""
    return book.post(
        f"{payout.cause}:return",
        payout.cause,
        [
            Transfer(
                accounts.payout(payout.user_id), accounts.available(payout.user_id), payout.amount
            )
        ],
        at,
        memo,
    )


def post_paid(book: LedgerStore, payout: PayoutRequest, at: DateTime) -> Entry:
    """Paid: the net amount left for the user's account, the fee stays with the platform."""
    legs = [Transfer(accounts.payout(payout.user_id), accounts.WORLD, payout.net)]
    if payout.fee.amount > 0:
        legs.append(Transfer(accounts.payout(payout.user_id), accounts.PLATFORM_FEES, payout.fee))
    return book.post(f"{payout.cause}:paid", payout.cause, legs, at, "payout paid")


def post_returned_after_paid(book: LedgerStore, payout: PayoutRequest, at: DateTime) -> Entry:
    """The provider gave a paid payout back: the net comes back in, the fee is refunded."""
    wallet = accounts.available(payout.user_id)
    legs = [Transfer(accounts.WORLD, wallet, payout.net)]
    if payout.fee.amount > 0:
        legs.append(Transfer(accounts.PLATFORM_FEES, wallet, payout.fee))
    return book.post(f"{payout.cause}:returned", payout.cause, legs, at, "payout returned")


def post_repayment(book: LedgerStore, debt: Debt, amount: Money, at: DateTime) -> Entry:
    """Part of a debt repaid from the user's cash account: the money goes to the operator
    (``platform:recoveries``) and the same amount of the receivable is closed."""
    return book.post(
        f"debt:{debt.id}:repay:{debt.repayments + 1}",
        f"debt:{debt.id}",
        [
            Transfer(accounts.available(debt.user_id), accounts.PLATFORM_RECOVERIES, amount),
            Transfer(accounts.debt(debt.user_id), accounts.WORLD, amount),
        ],
        at,
        f"debt repayment ({debt.cause})",
    )


# -- charge reversals ------------------------------------------------------------------------------


@attrs.frozen
class Clawback:
    """How to take back what a reversed charge brought onto the platform (one entry).

    ``legs`` return to ``world`` whatever is still on the books where the cause's money went
    (escrow, a wallet, clearance, platform revenue) and open a receivable (``world → debt``)
    for what had already left; ``debts`` says who owes how much.
    """

    cause: str
    charged: Money
    legs: tuple[Transfer, ...]
    recovered: Money
    debts: tuple[tuple[str, Money], ...]
    from_pending: tuple[str, ...]

    @property
    def unrecovered(self) -> Money:
        total = zero(self.charged.currency)
        for _, amount in self.debts:
            total += amount
        return total


def _owner(account: str) -> tuple[str, str] | None:
    """``("anna", "available")`` for ``user:anna:available``; None for other accounts."""
    kind, _, rest = account.partition(":")
    if kind != "user":
        return None
    user_id, _, bucket = rest.rpartition(":")
    return (user_id, bucket) if user_id else None


def plan_clawback(
    book: LedgerStore, cause: str, currency: str, *, refunds_owed_by: str | None
) -> Clawback | None:
    """Plan the reversal of everything ``cause`` brought in from ``world`` (None: nothing did).

    The cause's own entries say where its money went: their net effect per account. Each account
    gives back what it still holds of that (never more than its balance, so nothing goes below
    zero); a user whose share has already left (withdrawn, spent) owes the rest. Money the cause
    had already sent back to ``world`` (a refund to the buyer's card) was paid twice once the
    provider reverses the charge too, so ``refunds_owed_by`` (the buyer) owes that part.
    """
    net: dict[str, Decimal] = {}
    charged = Decimal(0)
    returned = Decimal(0)
    for entry in book.entries_for_cause(cause):
        for t in entry.transfers:
            if t.amount.currency.code != currency:
                continue
            value = t.amount.amount
            if t.source == accounts.WORLD:
                charged += value
            if t.destination == accounts.WORLD:
                returned += value
            net[t.source] = net.get(t.source, Decimal(0)) - value
            net[t.destination] = net.get(t.destination, Decimal(0)) + value
    if charged <= 0:
        return None
    taken: dict[str, Decimal] = {}
    legs: list[Transfer] = []
    owed: dict[str, Decimal] = {}
    pending_users: list[str] = []

    def take(account: str, want: Decimal) -> Decimal:
        have = book.balance(account, currency).amount - taken.get(account, Decimal(0))
        got = min(have, want)
        if got <= 0:
            return Decimal(0)
        taken[account] = taken.get(account, Decimal(0)) + got
        legs.append(Transfer(account, accounts.WORLD, Money(got, currency)))
        return got

    for account, amount in net.items():
        if account == accounts.WORLD or amount <= 0:
            continue
        rest = amount - take(account, amount)
        owner = _owner(account)
        if owner is None:
            continue  # escrow and platform accounts still hold what this cause gave them
        user_id, bucket = owner
        if bucket == "pending":
            pending_users.append(user_id)
            if rest > 0:
                rest -= take(accounts.available(user_id), rest)
        if rest > 0:
            owed[user_id] = owed.get(user_id, Decimal(0)) + rest
    if returned > 0 and refunds_owed_by is not None:
        rest = returned - take(accounts.available(refunds_owed_by), returned)
        if rest > 0:
            owed[refunds_owed_by] = owed.get(refunds_owed_by, Decimal(0)) + rest
    for user_id, amount in owed.items():
        legs.append(Transfer(accounts.WORLD, accounts.debt(user_id), Money(amount, currency)))
    return Clawback(
        cause=cause,
        charged=Money(charged, currency),
        legs=tuple(legs),
        recovered=Money(sum(taken.values(), Decimal(0)), currency),
        debts=tuple((user_id, Money(amount, currency)) for user_id, amount in owed.items()),
        from_pending=tuple(pending_users),
    )


def post_clawback(book: LedgerStore, plan: Clawback, at: DateTime) -> Entry | None:
    if not plan.legs:
        return None
    return book.post(
        f"{plan.cause}:reversal", plan.cause, plan.legs, at, "charge reversed by the provider"
    )


# -- source of funds -------------------------------------------------------------------------------


@attrs.frozen
class SourceCheck:
    """The answer of :func:`trace_sources`: ``ok`` when every credit traced to confirmed money.

    ``entries_traced`` and ``wallets_traced`` measure the work done (the traced history).
    """

    user_id: str
    currency: str
    problems: tuple[SourceProblem, ...]
    entries_traced: int
    wallets_traced: int

    @property
    def ok(self) -> bool:
        return not self.problems


def trace_sources(
    book: LedgerStore,
    user_id: str,
    currency: str,
    *,
    unrecovered: Callable[[str], bool],
) -> SourceCheck:
    """Check that every credit to ``user_id``'s cash account traces back to confirmed money.

    A credit is clean when it is

    * a confirmed deposit (``deposit:ID:confirm``, from the user's ``incoming``);
    * money from an order (release, clearance, settlement, ruling, refund) whose ``fund`` entry
      came from ``world`` — posted only once the provider confirmed the charge — or from a
      buyer's wallet, which is then traced the same way (each wallet once, so a cycle of users
      paying each other ends);
    * a provider charge the order did not take, credited to the buyer (``order:ID:charge:REF``,
      or ``order:ID:late-payment`` without a reference);
    * the user's own payout coming back (rejected, cancelled, failed).

    It is a problem when the order was never funded, when the provider reversed the charge or
    deposit behind it and the money was not recovered (``unrecovered(cause)`` is true while a
    debt for it is open), or when the entry is of no kind listed above. Every lookup is an
    index lookup, so the cost is the history traced, not the size of the ledger.
    """
    todo = [user_id]
    seen = {user_id}
    problems: list[SourceProblem] = []
    orders: dict[str, str | None] = {}
    traced = 0

    def reversed_problem(cause: str) -> str | None:
        if book.has_entry(f"{cause}:reversal") and unrecovered(cause):
            return f"the provider reversed the charge behind {cause} and it is not recovered"
        return None

    def order_problem(order_id: str) -> str | None:
        nonlocal traced
        if order_id in orders:
            return orders[order_id]
        escrow = accounts.escrow(order_id)
        reason: str | None = None
        fund_key = f"order:{order_id}:fund"
        if not book.has_entry(fund_key):
            reason = f"order {order_id} was never paid into escrow"
        else:
            traced += 1
            for t in book.entry(fund_key).transfers:
                if t.destination != escrow or t.source == accounts.WORLD:
                    continue  # from world: a charge the provider confirmed
                payer = _owner(t.source)
                if payer is None or payer[1] != "available":
                    reason = f"order {order_id} was paid from {t.source}, not a charge or wallet"
                    break
                if payer[0] not in seen:
                    seen.add(payer[0])
                    todo.append(payer[0])
        if reason is None:
            reason = reversed_problem(f"order:{order_id}")
        orders[order_id] = reason
        return reason

    while todo:
        who = todo.pop()
        wallet = accounts.available(who)
        for entry in book.entries_for(wallet, currency):
            traced += 1
            kind, _, ident = entry.cause.partition(":")
            for t in entry.transfers:
                if t.destination != wallet or t.amount.currency.code != currency:
                    continue
                source = t.source
                reason: str | None
                if kind == "deposit":
                    if entry.key == f"{entry.cause}:confirm" and source == accounts.incoming(who):
                        reason = reversed_problem(entry.cause)
                    else:
                        reason = "not a confirmed deposit"
                elif kind == "order":
                    if source in (accounts.escrow(ident), accounts.pending(who)):
                        reason = order_problem(ident)
                    elif source == accounts.WORLD and (
                        entry.key == f"order:{ident}:late-payment"
                        or entry.key.startswith(f"order:{ident}:charge:")
                    ):
                        reason = reversed_problem(entry.cause)
                    else:
                        reason = f"money from {source} is not part of an order's payment"
                elif kind == "payout" and (
                    (source == accounts.payout(who) and entry.key == f"{entry.cause}:return")
                    or (
                        source in (accounts.WORLD, accounts.PLATFORM_FEES)
                        and entry.key == f"{entry.cause}:returned"
                    )
                ):
                    reason = None  # the user's own money coming back
                else:
                    reason = f"money from {source} is not a deposit, an order or a returned payout"
                if reason is not None:
                    problems.append(SourceProblem(who, entry.key, entry.cause, t.amount, reason))
    return SourceCheck(user_id, currency, tuple(problems), traced, len(seen))


# -- statements and projections -------------------------------------------------------------------


@attrs.frozen
class StatementLine:
    """One ledger entry as it touched the account: signed ``amount`` and the balance after."""

    at: DateTime
    key: str
    cause: str
    memo: str
    counterparty: str
    amount: Money
    balance: Money


@attrs.frozen
class StatementPeriod:
    """Totals of one day, week, month or year of a statement."""

    label: str
    credits: Money
    debits: Money
    closing: Money

    @property
    def net(self) -> Money:
        return self.credits - self.debits


@attrs.frozen
class Statement:
    """A cash account's transaction history between ``start`` and ``end`` (seed 001's
    "transaction records"): opening balance, every line with its running balance, totals per
    period, closing balance."""

    user_id: str
    account: str
    currency: str
    start: DateTime | None
    end: DateTime | None
    opening: Money
    closing: Money
    lines: tuple[StatementLine, ...]
    periods: tuple[StatementPeriod, ...]

    @property
    def credits(self) -> Money:
        total = zero(self.currency)
        for line in self.lines:
            if line.amount.amount > 0:
                total += line.amount
        return total

    @property
    def debits(self) -> Money:
        total = zero(self.currency)
        for line in self.lines:
            if line.amount.amount < 0:
                total -= line.amount
        return total


_PERIODS: Final[Mapping[str, Callable[[DateTime], str]]] = {
    "day": lambda at: at.format("YYYY-MM-DD"),
    "week": lambda at: "{}-W{:02d}".format(*at.isocalendar()[:2]),
    "month": lambda at: at.format("YYYY-MM"),
    "year": lambda at: at.format("YYYY"),
}


def build_statement(
    user_id: str,
    account: str,
    currency: str,
    entries: Iterable[Entry],
    *,
    start: DateTime | None = None,
    end: DateTime | None = None,
    period: str = "month",
) -> Statement:
    """The statement of ``account`` from its entries (oldest first), ``start <= at < end``."""
    label_of = _PERIODS.get(period)
    if label_of is None:
        raise ValidationError(f"period must be one of {', '.join(_PERIODS)}, got {period!r}")
    if start is not None and end is not None and end < start:
        raise ValidationError("a statement's end must not be before its start")
    balance = Decimal(0)
    opening = Decimal(0)
    lines: list[StatementLine] = []
    periods: dict[str, list[Decimal]] = {}
    for entry in entries:
        delta = Decimal(0)
        other = ""
        for t in entry.transfers:
            if t.amount.currency.code != currency:
                continue
            if t.destination == account:
                delta += t.amount.amount
                other = other or t.source
            elif t.source == account:
                delta -= t.amount.amount
                other = other or t.destination
        if start is not None and entry.at < start:
            balance += delta
            opening = balance
            continue
        if end is not None and entry.at >= end:
            break
        balance += delta
        lines.append(
            StatementLine(
                entry.at,
                entry.key,
                entry.cause,
                entry.memo,
                other,
                Money(delta, currency),
                Money(balance, currency),
            )
        )
        totals = periods.setdefault(label_of(entry.at), [Decimal(0), Decimal(0), Decimal(0)])
        if delta > 0:
            totals[0] += delta
        else:
            totals[1] -= delta
        totals[2] = balance
    return Statement(
        user_id=user_id,
        account=account,
        currency=currency,
        start=start,
        end=end,
        opening=Money(opening, currency),
        closing=Money(balance, currency),
        lines=tuple(lines),
        periods=tuple(
            StatementPeriod(label, Money(c, currency), Money(d, currency), Money(b, currency))
            for label, (c, d, b) in periods.items()
        ),
    )


@attrs.frozen
class ProjectionRow:
    """One order's money as the seller will see it: gross price, the platform's commission,
    the payout fee (were this order withdrawn on its own), what is left, and when."""

    order_id: str
    title: str
    state: str
    gross: Money
    commission: Money
    fees: Money
    net: Money
    available_at: DateTime | None
    arrival_at: DateTime | None


@attrs.frozen
class PayoutProjection:
    """A seller's money still on its way: orders not yet available, plus what is available
    now, and when each would arrive with ``method_kind``."""

    seller_id: str
    currency: str
    method_kind: str | None
    available_now: Money
    rows: tuple[ProjectionRow, ...]

    @property
    def total_net(self) -> Money:
        total = zero(self.currency)
        for row in self.rows:
            total += row.net
        return total


def sum_money(amounts: Sequence[Money], currency: str) -> Money:
    """The exact sum of ``amounts`` (zero for none)."""
    total = zero(currency)
    for amount in amounts:
        total += amount
    return total
