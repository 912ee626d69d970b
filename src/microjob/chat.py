"""Chat between buyers and sellers that keeps the deal on the platform.

MicrojobEngine and KiwiGigs want private messages with attachments and a notification for each
new one;
Web Park warns that the same chat lets people agree to work outside the aggregator, which then
earns nothing and can protect no one, and asks for contact transfers to be caught automatically
or by hand. Every message therefore goes through the contact scanner
([`microjob.contacts`][microjob.contacts]), and the marketplace's
[`ContactFilter`][microjob.policies.ContactFilter]
decides what happens to a flagged one:

========  ==========================================================================
ALLOW     delivered as typed; the sender gets a strike
MASK      delivered with each finding replaced by ``[contact removed]``; a strike
BLOCK     refused with a [`ContactDetailsBlocked`][microjob.chat.ContactDetailsBlocked] that says
          why; the attempt is kept (status ``blocked``, seen by the sender and moderators only) and
          a strike counted, so a repeat offender stays visible even though nothing got through
HOLD      stored as ``held``, invisible to the recipient until a moderator approves it
          (→ ``delivered``) or rejects it (→ ``rejected``, with a reason, and a strike)
========  ==========================================================================

Strikes are counted per user ([`ContactStrikes`][microjob.chat.ContactStrikes]) for reputation: a
held message counts only once a moderator confirms it, because an approval says the scanner was
wrong.

The text a recipient sees is `Message.text`; what the sender really typed is kept in
`Message.original` for moderators and stripped from every participant's view
([`Message.for_participant`][microjob.chat.Message.for_participant]).

A [`Conversation`][microjob.chat.Conversation] joins two users, optionally about an order or a
dispute (``subject="order:o12"``). It keeps, per participant, how many messages were delivered to
them and how many of those they have read (the read receipt), so unread counts never need to look at
the messages themselves. Its messages are indexed by page ([`PAGE_SIZE`][microjob.chat.PAGE_SIZE]
per page), so the newest page of a long conversation is read without touching the rest of its
history.

Masking is checked, not assumed ([`mask_all`][microjob.chat.mask_all]): the masked text is scanned
again until nothing is found, because removing one detail can expose another that it hid.
"""

from __future__ import annotations

import functools
import hashlib

import attrs
from pendulum import DateTime

from microjob.contacts import MASK, ContactKind, ContactScanner, Scan
from microjob.errors import PermissionDenied, PolicyViolation, ValidationError
from microjob.lifecycle import Lifecycle, Move, Role
from microjob.orders import Attachment
from microjob.policies import ContactFilter, MarketplacePolicy, PaymentMode

__all__ = [
    "LIFECYCLE",
    "MAX_MASK_PASSES",
    "MAX_MESSAGE_CHARS",
    "PAGE_SIZE",
    "ContactDetailsBlocked",
    "ContactFilter",
    "ContactStrikes",
    "Conversation",
    "Message",
    "MessageStatus",
    "Participant",
    "Verdict",
    "blocked_reason",
    "conversation_id_for",
    "conversation_key",
    "judge",
    "mask_all",
    "page_key",
    "parse_subject",
    "policy_scanner",
    "scanner_for",
]

MAX_MESSAGE_CHARS = 20_000
"""Longest message text: a chat line, not a document (send long texts as an attachment)."""

PAGE_SIZE = 50
"""Messages per stored page of a conversation: history is read a page at a time through the
``page`` index (``"c7/3"``), so the newest messages of a long conversation cost the same as
those of a short one."""

SUBJECT_KINDS = ("order", "dispute")


class MessageStatus:
    """Where a message stands. Only ``delivered`` messages reach the recipient."""

    DELIVERED = "delivered"
    HELD = "held"
    REJECTED = "rejected"
    BLOCKED = "blocked"


M = MessageStatus

LIFECYCLE = Lifecycle(
    "message",
    [M.HELD, M.DELIVERED, M.REJECTED, M.BLOCKED],
    [
        Move.of("approve", [M.HELD], M.DELIVERED, {Role.ADMIN, Role.MODERATOR}),
        Move.of("reject", [M.HELD], M.REJECTED, {Role.ADMIN, Role.MODERATOR}),
    ],
)
"""A message is born delivered, held or blocked; only a held one moves, by a moderator."""


# -- scanning and the policy verdict ----------------------------------------------------------
@functools.lru_cache(maxsize=32)
def scanner_for(
    allowed_domains: tuple[str, ...], allow_direct_settlement: bool = False
) -> ContactScanner:
    """The scanner for a policy's allow-list, built once (construction compiles the word lists
    in ~80 ms; a scan then costs tens of microseconds)."""
    return ContactScanner(
        allowed_domains=allowed_domains, allow_direct_settlement=allow_direct_settlement
    )


_MEMO_MAX_CHARS = 200
"""Texts up to this long (a title, "done", "thanks!") have their scan remembered, per scanner
(``_scan``)."""


@functools.lru_cache(maxsize=4096)
def _remembered_scan(scanner: ContactScanner, text: str) -> Scan:
    return scanner.scan(text)


def _scan(scanner: ContactScanner, text: str) -> Scan:
    """``scanner.scan(text)``, remembered for short texts.

    Marketplaces see the same short texts over and over (a listing's title on every order of
    it, "done" on deliveries, "thanks!" in chat). A scan depends on nothing but the scanner and
    the text, and a scanner does not change once built (``scanner_for`` hands out one per
    configuration), so the scan of a text already seen by the same scanner is that scan again:
    every text is still judged by exactly what the scanner finds in it. Only texts up to
    ``_MEMO_MAX_CHARS`` are kept, 4,096 of them, least recently used first out, so the memory
    this takes stays small."""
    if len(text) <= _MEMO_MAX_CHARS:
        return _remembered_scan(scanner, text)
    return scanner.scan(text)


def policy_scanner(policy: MarketplacePolicy) -> ContactScanner:
    """The scanner a marketplace's texts go through.

    In direct mode (KiwiGigs: "they will proceed to pay the expert directly") the booked job's
    price is settled between the parties, so talk of paying it directly ("I'll pay the rest by
    bank transfer") is the rule working, not a way around the platform; contact and payment
    details, and going around the booking, are still flagged.
    """
    return scanner_for(policy.allowed_domains, policy.payment_mode is PaymentMode.DIRECT)


_KIND_WORDS = {
    ContactKind.PHONE: "phone numbers",
    ContactKind.EMAIL: "e-mail addresses",
    ContactKind.MESSENGER: "messenger contacts",
    ContactKind.URL: "links to other sites",
    ContactKind.PAYMENT: "payment details",
    ContactKind.SOLICITATION: "invitations to deal outside the platform",
}
_KIND_ORDER = tuple(_KIND_WORDS)


def _listing(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def blocked_reason(scan: Scan) -> str:
    """Why a message was refused, in words the sender understands, with what was found.

    "phone numbers and e-mail addresses can't be shared here (found: '+36 30 123 4567',
    'anna@gmail.com'); remove them and keep the conversation on the platform"
    """
    kinds = [_KIND_WORDS[k] for k in _KIND_ORDER if k in scan.kinds]
    found = ", ".join(repr(f.text.strip()) for f in scan.findings[:3])
    more = f" and {len(scan.findings) - 3} more" if len(scan.findings) > 3 else ""
    return (
        f"{_listing(kinds)} can't be shared here (found: {found}{more}); remove them and "
        "keep the conversation on the platform, where your payment and the order are protected"
    )


@attrs.frozen(slots=True)
class Verdict:
    """What the policy makes of one scanned message."""

    status: str
    text: str
    """What the recipient would see."""
    strike: bool
    """Whether the sender gets a strike now (a held message waits for the moderator)."""
    flags: tuple[str, ...]
    reason: str = ""


MAX_MASK_PASSES = 8
"""How often masking re-scans its own output before it gives up and hides the whole text."""


def mask_all(scanner: ContactScanner, scan: Scan) -> str:
    """The text with every contact detail masked, checked again until the scanner finds nothing.

    One pass is not always enough: the scanner reads context, and removing one finding can
    expose another (``"pay me outsidepay me outside"`` glued together, or a phone number that
    looked like part of an IBAN until the IBAN was masked). Each pass masks at least one more
    character of what the sender typed, so a few passes settle any real message; if they do
    not, the whole text is replaced, because what the recipient sees must scan clean.
    """
    text = scan.masked
    for _ in range(MAX_MASK_PASSES):
        again = scanner.scan(text)
        if not again.found:
            return text
        text = again.masked
    return MASK


def judge(policy: ContactFilter, scanner: ContactScanner, text: str) -> Verdict:
    """Scan ``text`` and apply the marketplace's contact filter (no storage, no clock).

    Under ``MASK`` and ``BLOCK`` the stored text is [`mask_all`][microjob.chat.mask_all]'s, so it
    never contains anything the scanner flags; the typed text survives only in `Message.original`.
    """
    scan = _scan(scanner, text)
    if not scan.found:
        return Verdict(M.DELIVERED, scan.text, False, ())
    flags = tuple(k.value for k in _KIND_ORDER if k in scan.kinds)
    if policy is ContactFilter.ALLOW:
        return Verdict(M.DELIVERED, scan.text, True, flags)
    if policy is ContactFilter.MASK:
        return Verdict(M.DELIVERED, mask_all(scanner, scan), True, flags)
    if policy is ContactFilter.BLOCK:
        return Verdict(M.BLOCKED, mask_all(scanner, scan), True, flags, blocked_reason(scan))
    kinds = _listing([_KIND_WORDS[ContactKind(f)] for f in flags])
    reason = f"waiting for a moderator's check: it seems to contain {kinds}"
    return Verdict(M.HELD, scan.text, False, flags, reason)


class ContactDetailsBlocked(PolicyViolation):
    """A message was refused because it shares contact details (policy ``BLOCK``).

    The attempt itself is recorded (``message``, status ``blocked``) and counted as a strike:
    the refusal is the policy working, not bad input, and a moderator needs to see who keeps
    trying. ``str(error)`` is the reason to show the sender.
    """

    def __init__(self, message: Message, strikes: int) -> None:
        self.message = message
        self.strikes = strikes
        self.kinds = message.flags
        super().__init__(message.reason)


# -- records ------------------------------------------------------------------------------------
@attrs.frozen(slots=True)
class Message:
    """One message in a conversation, as stored.

    ``text`` is what the recipient sees (masked under ``MASK``); ``original`` is what the
    sender typed, kept only when it was flagged, for moderators. ``nth`` is the message's place
    among those delivered to its recipient (0 until delivered), which is what read receipts
    compare against.
    """

    id: str
    conversation_id: str
    seq: int
    sender_id: str
    recipient_id: str
    text: str
    sent_at: DateTime
    status: str
    attachments: tuple[Attachment, ...] = ()
    original: str | None = None
    flags: tuple[str, ...] = ()
    """Kinds of contact detail the scanner found (``"phone"``, ``"email"``, ...)."""
    nth: int = 0
    delivered_at: DateTime | None = None
    reason: str = ""
    """Why the message is held, blocked or rejected."""
    moderated_by: str | None = None
    moderated_at: DateTime | None = None
    version: int = 0

    @property
    def page(self) -> str:
        """The index key of the page of history this message belongs to (see PAGE_SIZE)."""
        return page_key(self.conversation_id, self.seq)

    @property
    def is_delivered(self) -> bool:
        return self.status == M.DELIVERED

    def visible_to(self, user_id: str) -> bool:
        """Senders see their own messages in every status; recipients only delivered ones."""
        return self.sender_id == user_id or (
            self.recipient_id == user_id and self.status == M.DELIVERED
        )

    def for_participant(self) -> Message:
        """The message as a participant may see it: without the moderators' original text."""
        return self if self.original is None else attrs.evolve(self, original=None)


@attrs.frozen(slots=True)
class Participant:
    """One side of a conversation and its read receipt.

    ``received``: messages delivered to this user; ``read``: how many of those they have read.
    A message with ``nth <= read`` has been seen.
    """

    user_id: str
    received: int = 0
    read: int = 0
    last_received_id: str | None = None
    last_read_id: str | None = None
    last_read_at: DateTime | None = None

    @property
    def unread(self) -> int:
        return self.received - self.read


def page_key(conversation_id: str, seq: int) -> str:
    """Which page of a conversation's history holds message number ``seq``."""
    return f"{conversation_id}/{seq // PAGE_SIZE}"


def parse_subject(subject: str | None) -> tuple[str, str] | None:
    """``"order:o12"`` → ``("order", "o12")``; refuses anything else with the accepted forms."""
    if subject is None:
        return None
    if isinstance(subject, str):
        kind, sep, ident = subject.partition(":")
        if sep and kind in SUBJECT_KINDS and ident and ident.strip() == ident:
            return kind, ident
    raise ValidationError(
        f"conversation subject {subject!r} is not understood; use 'order:ID', 'dispute:ID' "
        "or None for a conversation about nothing in particular"
    )


def conversation_key(a: str, b: str, subject: str | None) -> str:
    """The identity of a conversation: the pair (in any order) and what it is about."""
    first, second = sorted((a, b))
    return f"{first} {second} {subject or '-'}"


def conversation_id_for(key: str) -> str:
    """A conversation's id follows from its key (``"c"`` + 20 hex digits of a hash).

    Two users opening the same conversation at the same moment then collide on the store's
    primary key (one gets [`Conflict`][microjob.errors.Conflict] and, retrying, finds the other's)
    instead of creating two conversations for one pair and subject.
    """
    return "c" + hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest()


@attrs.frozen(slots=True)
class Conversation:
    """Two users talking, optionally about an order or a dispute (one per pair and subject)."""

    id: str
    key: str
    first_id: str
    second_id: str
    subject: str | None
    started_by: str
    started_at: DateTime
    participants: tuple[Participant, Participant]
    messages: int = 0
    """Messages stored in any status (the next message's ``seq``)."""
    last_message_at: DateTime | None = None
    version: int = 0

    @classmethod
    def start(
        cls, conversation_id: str, actor: str, other: str, subject: str | None, now: DateTime
    ) -> Conversation:
        if actor == other:
            raise ValidationError("a conversation needs two different users")
        first, second = sorted((actor, other))
        return cls(
            id=conversation_id,
            key=conversation_key(actor, other, subject),
            first_id=first,
            second_id=second,
            subject=subject,
            started_by=actor,
            started_at=now,
            participants=(Participant(first), Participant(second)),
        )

    @property
    def user_ids(self) -> tuple[str, str]:
        return self.first_id, self.second_id

    def has(self, user_id: str) -> bool:
        return user_id in (self.first_id, self.second_id)

    def other(self, user_id: str) -> str:
        """The participant who is not ``user_id``."""
        self.require(user_id)
        return self.second_id if user_id == self.first_id else self.first_id

    def require(self, user_id: str, action: str = "use") -> None:
        if not self.has(user_id):
            raise PermissionDenied(
                f"user {user_id!r} is not a participant of conversation {self.id} and may not "
                f"{action} it; only {self.first_id!r} and {self.second_id!r} may"
            )

    def side(self, user_id: str) -> Participant:
        self.require(user_id)
        return self.participants[0 if user_id == self.first_id else 1]

    def unread(self, user_id: str) -> int:
        return self.side(user_id).unread

    def seen(self, message: Message) -> bool:
        """The read receipt: has the recipient read this (delivered) message?"""
        return message.nth > 0 and self.side(message.recipient_id).read >= message.nth

    def _with_side(
        self, user_id: str, side: Participant, last_message_at: DateTime | None = None
    ) -> Conversation:
        first, second = self.participants
        sides = (side, second) if user_id == self.first_id else (first, side)
        return attrs.evolve(
            self,
            participants=sides,
            last_message_at=last_message_at or self.last_message_at,
            version=self.version + 1,
        )

    def stored(self) -> Conversation:
        """One more message stored (any status): its ``seq`` is the new ``messages``."""
        return attrs.evolve(self, messages=self.messages + 1, version=self.version + 1)

    def delivered_to(
        self, user_id: str, message_id: str, now: DateTime
    ) -> tuple[Conversation, int]:
        """Count a delivery to ``user_id``; returns the conversation and the message's ``nth``."""
        side = self.side(user_id)
        nth = side.received + 1
        side = attrs.evolve(side, received=nth, last_received_id=message_id)
        return self._with_side(user_id, side, last_message_at=now), nth

    def read_up_to(
        self, user_id: str, nth: int, message_id: str | None, now: DateTime
    ) -> Conversation:
        """Mark everything delivered to ``user_id`` up to ``nth`` as read (never backwards)."""
        side = self.side(user_id)
        if nth <= side.read:
            return self
        side = attrs.evolve(side, read=nth, last_read_id=message_id, last_read_at=now)
        return self._with_side(user_id, side)


@attrs.frozen(slots=True)
class ContactStrikes:
    """How often a user tried to take a deal off the platform (for reputation and bans)."""

    id: str
    """The user's id."""
    count: int = 0
    last_at: DateTime | None = None
    last_message_id: str | None = None
    by_kind: tuple[tuple[str, int], ...] = ()
    version: int = 0

    def add(self, flags: tuple[str, ...], message_id: str, now: DateTime) -> ContactStrikes:
        kinds = dict(self.by_kind)
        for flag in flags:
            kinds[flag] = kinds.get(flag, 0) + 1
        return attrs.evolve(
            self,
            count=self.count + 1,
            last_at=now,
            last_message_id=message_id,
            by_kind=tuple(sorted(kinds.items())),
            version=self.version + 1,
        )
