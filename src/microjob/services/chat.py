"""Chat commands of the Marketplace facade (see [`microjob.chat`][microjob.chat] for the rules).

Each command runs in one unit of work: a message, the conversation's counters, the sender's
strikes, the events and the recipient's notification are committed together, so a refused
message (a stranger, a forbidden file, an empty text) leaves no trace and no one is told about a
message that does not exist. The one deliberate exception is policy ``BLOCK``: the refusal is
the policy working, so the attempt and its strike are committed before
[`ContactDetailsBlocked`][microjob.chat.ContactDetailsBlocked] tells the sender why.

Attachments follow the marketplace's current policy
(`check_attachments`: allowed extensions, size limit, the file's real
type); the contact scanner is built once per allow-list of the platform's own domains
([`policy_scanner`][microjob.chat.policy_scanner]), never per message.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from pendulum import DateTime

from microjob import events
from microjob.attachments import check_attachments
from microjob.chat import (
    LIFECYCLE,
    MAX_MESSAGE_CHARS,
    PAGE_SIZE,
    ContactDetailsBlocked,
    ContactStrikes,
    Conversation,
    Message,
    MessageStatus,
    Verdict,
    conversation_id_for,
    conversation_key,
    judge,
    mask_all,
    page_key,
    parse_subject,
    policy_scanner,
)
from microjob.contacts import ContactScanner
from microjob.context import Context, log
from microjob.errors import PermissionDenied, ValidationError
from microjob.lifecycle import Role
from microjob.logs import command
from microjob.orders import Attachment
from microjob.ports import Notification, RecordRepository, UnitOfWork
from microjob.services.disputes import _repo as _disputes
from microjob.users import Viewer

__all__ = ["ChatService"]

M = MessageStatus
_CLEAN = Verdict(M.DELIVERED, "", False, ())
_PREVIEW_CHARS = 100


def _conversations(uow: UnitOfWork) -> RecordRepository[Conversation]:
    return uow.records("conversation", Conversation, index=("first_id", "second_id"))


def _messages(uow: UnitOfWork) -> RecordRepository[Message]:
    return uow.records("message", Message, index=("conversation_id", "status", "page"))


def _strikes(uow: UnitOfWork) -> RecordRepository[ContactStrikes]:
    return uow.records("contact_strikes", ContactStrikes)


def _by_seq(message: Message) -> int:
    return message.seq


def _preview(message: Message) -> str:
    text = " ".join(message.text.split())
    if len(text) > _PREVIEW_CHARS:
        text = text[: _PREVIEW_CHARS - 1] + "…"
    files = len(message.attachments)
    if not files:
        return text
    attached = f"{files} file{'s' if files > 1 else ''}"
    return f"{text} (+{attached})" if text else attached


class ChatService:
    """Conversations, messages, read receipts and the moderation of flagged messages."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # -- helpers ------------------------------------------------------------------------------
    def _chat_scanner(self) -> ContactScanner:
        return policy_scanner(self.ctx.policy)

    def _check_subject(
        self, uow: UnitOfWork, about: tuple[str, str], actor: str, other: str
    ) -> None:
        """A conversation about an order or a dispute is only between its two parties."""
        kind, ident = about
        if kind == "order":
            order = uow.orders.get(ident)
            buyer, seller = order.buyer_id, order.seller_id
        else:
            dispute = _disputes(uow).get(ident)
            buyer, seller = dispute.buyer_id, dispute.seller_id
        if {actor, other} != {buyer, seller}:
            raise PermissionDenied(
                f"a conversation about {kind} {ident} is only between its buyer {buyer!r} and "
                f"its seller {seller!r}, not {actor!r} and {other!r}"
            )

    def _visible_conversation(
        self, uow: UnitOfWork, conversation_id: str, actor: str
    ) -> tuple[Conversation, bool]:
        """Load-and-check for reads: the conversation, and True for a participant or False for
        an admin looking in; anyone else gets PermissionDenied."""
        conversation = _conversations(uow).get(conversation_id)
        if conversation.has(actor):
            return conversation, True
        if not self.ctx.is_admin(uow, actor):
            conversation.require(actor, "read")  # raises PermissionDenied
        return conversation, False

    def _deliver(
        self, uow: UnitOfWork, conversation: Conversation, message: Message, now: DateTime
    ) -> tuple[Conversation, Message]:
        conversation, nth = conversation.delivered_to(message.recipient_id, message.id, now)
        return conversation, attrs.evolve(message, nth=nth, delivered_at=now)

    def _announce(self, uow: UnitOfWork, actor: str, message: Message, now: DateTime) -> None:
        """Tell the recipient about a delivered message (the Notifier sends it after commit)."""
        sender = uow.users.find(message.sender_id)
        name = sender.name if sender is not None else message.sender_id
        uow.notify(
            Notification(
                message.recipient_id,
                "chat.message",
                f"conversation:{message.conversation_id}",
                f"New message from {name}: {_preview(message)}",
                now,
            )
        )
        uow.emit(
            events.MessageDelivered(
                now,
                actor,
                message.conversation_id,
                message.id,
                message.sender_id,
                message.recipient_id,
                len(message.attachments),
                bool(message.flags),
            )
        )

    def _strike(self, uow: UnitOfWork, actor: str, message: Message, now: DateTime) -> int:
        return self.ctx.add_strike(uow, actor, message.sender_id, message.flags, message.id, now)

    def _moderator(self, uow: UnitOfWork, actor: str) -> None:
        if not self.ctx.is_admin(uow, actor):
            raise PermissionDenied(f"user {actor!r} is not an admin; only admins moderate chat")

    # -- conversations ----------------------------------------------------------------------
    @command
    def start(self, *, actor: str, other: str, subject: str | None = None) -> Conversation:
        """Open (or find) the conversation between ``actor`` and ``other`` about ``subject``.

        ``subject`` is ``None``, ``"order:ID"`` or ``"dispute:ID"``; about an order or a
        dispute only its buyer and seller may talk. There is one conversation per pair and
        subject: asking again returns the existing one, whoever asks. Its id follows from the
        pair and subject ([`conversation_id_for`][microjob.chat.conversation_id_for]), so two
        simultaneous first requests cannot create two: the second fails with ``Conflict`` and a
        retry finds the first.
        """
        about = parse_subject(subject)
        if actor == other:
            raise ValidationError(f"user {actor!r} cannot start a conversation with themselves")
        with self.ctx.uow() as uow:
            uow.users.get(actor)
            uow.users.get(other)
            if about is not None:
                self._check_subject(uow, about, actor, other)
            repo = _conversations(uow)
            key = conversation_key(actor, other, subject)
            existing = repo.find(conversation_id_for(key))
            if existing is not None:
                return existing
            now = self.ctx.clock.now()
            conversation = Conversation.start(conversation_id_for(key), actor, other, subject, now)
            repo.add(conversation)
            uow.emit(
                events.ConversationStarted(
                    now,
                    actor,
                    conversation.id,
                    conversation.first_id,
                    conversation.second_id,
                    subject,
                )
            )
            self.ctx.commit(uow)
        return conversation

    def conversation(self, conversation_id: str, *, viewer: str) -> Conversation:
        """A conversation with its read receipts (participants and admins)."""
        with self.ctx.reads() as uow:
            return self._visible_conversation(uow, conversation_id, viewer)[0]

    def conversations(self, *, viewer: str) -> list[Conversation]:
        """The user's conversations, the most recently active first."""
        with self.ctx.reads() as uow:
            uow.users.get(viewer)
            repo = _conversations(uow)
            found = repo.where(first_id=viewer) + repo.where(second_id=viewer)
        return sorted(
            found, key=lambda c: (c.last_message_at or c.started_at, c.started_at), reverse=True
        )

    # -- messages -----------------------------------------------------------------------------
    @command
    def send(
        self, conversation_id: str, *, actor: str, text: str, attachments: Sequence[Attachment] = ()
    ) -> Message:
        """Send a message (text and/or attachments) to the other participant.

        The attachments must pass the policy (extensions, size, real type); the text goes
        through the contact scanner and the policy's ``contact_filter`` decides: deliver,
        deliver masked, hold for a moderator, or refuse with
        [`ContactDetailsBlocked`][microjob.chat.ContactDetailsBlocked]. A delivered message notifies
        the recipient. Returns the message as the sender may see it (status included).
        """
        if not isinstance(text, str):
            raise ValidationError(f"message text must be a str, got {type(text).__name__}")
        with self.ctx.texts(actor, f"conversation:{conversation_id}") as names:
            files = self.ctx.file_names(names, attachments)
        if not text.strip() and not files:
            raise ValidationError("a message needs some text or at least one attachment")
        if len(text) > MAX_MESSAGE_CHARS:
            raise ValidationError(
                f"message is {len(text):,} characters; the limit is {MAX_MESSAGE_CHARS:,} "
                "(send longer texts as an attachment)"
            )
        with self.ctx.uow() as uow:
            repo = _conversations(uow)
            conversation = repo.get(conversation_id)
            conversation.require(actor, "write in")
            check_attachments(
                files,
                extensions=self.ctx.policy.attachment_extensions,
                max_bytes=self.ctx.policy.attachment_max_bytes,
                inspector=self.ctx.inspector,
            )
            verdict = (
                judge(self.ctx.policy.contact_filter, self._chat_scanner(), text)
                if text.strip()
                else attrs.evolve(_CLEAN, text=text)
            )
            now = self.ctx.clock.now()
            messages = _messages(uow)
            conversation = conversation.stored()
            message = Message(
                id=messages.next_id(),
                conversation_id=conversation.id,
                seq=conversation.messages,
                sender_id=actor,
                recipient_id=conversation.other(actor),
                text=verdict.text,
                sent_at=now,
                status=verdict.status,
                attachments=files,
                original=text if verdict.text != text else None,
                flags=verdict.flags,
                reason=verdict.reason,
            )
            if message.status == M.DELIVERED:
                conversation, message = self._deliver(uow, conversation, message, now)
                self._announce(uow, actor, message, now)
            elif message.status == M.HELD:
                uow.emit(
                    events.MessageHeld(
                        now, actor, conversation.id, message.id, actor, message.flags
                    )
                )
                # Which kinds of detail, never the text: the log is no place for contacts.
                log.warning(
                    "message %s from %s held for a moderator (%s)",
                    message.id,
                    actor,
                    ", ".join(message.flags),
                )
                uow.notify(
                    Notification(
                        actor,
                        "chat.message_held",
                        f"conversation:{conversation.id}",
                        f"Your message is {message.reason}; it will be delivered once approved",
                        now,
                    )
                )
            else:
                uow.emit(
                    events.MessageBlocked(
                        now, actor, conversation.id, message.id, actor, message.flags
                    )
                )
            messages.add(message)
            repo.save(conversation)
            strikes = self._strike(uow, actor, message, now) if verdict.strike else 0
            self.ctx.keep_screened(uow, actor, f"conversation:{conversation.id}", names, now)
            self.ctx.commit(uow)
        if message.status == M.BLOCKED:
            raise ContactDetailsBlocked(message.for_participant(), strikes)
        return message.for_participant()

    def messages(
        self,
        conversation_id: str,
        *,
        viewer: str,
        limit: int | None = None,
        before: int | None = None,
    ) -> list[Message]:
        """The conversation as ``actor`` may see it, oldest first.

        ``limit`` keeps only the newest ``limit`` messages; ``before`` (a message's ``seq``)
        pages back to the ones older than it, so a client scrolls up with
        ``before=page[0].seq``. A page is read through the ``page`` index, newest first, until
        ``limit`` messages are found: the cost follows the page, not the conversation's length.

        A participant sees the other's delivered messages and their own in every status (held,
        rejected, blocked, with the reason), never the moderators' copy of the original text;
        an admin sees everything.
        """
        for name, value in (("limit", limit), ("before", before)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise ValidationError(f"{name} must be a whole number, got {value!r}")
            if value is not None and value < 1:
                raise ValidationError(f"{name} must be at least 1, got {value}")
        with self.ctx.reads() as uow:
            conversation, participant = self._visible_conversation(uow, conversation_id, viewer)
            repo = _messages(uow)

            def shown(message: Message) -> bool:
                return not participant or message.visible_to(viewer)

            if limit is None and before is None:
                rows = [m for m in repo.where(conversation_id=conversation_id) if shown(m)]
            else:
                top = conversation.messages if before is None else before - 1
                top = min(top, conversation.messages)
                rows = []
                for page in range(top // PAGE_SIZE, -1, -1):
                    if limit is not None and len(rows) >= limit:
                        break
                    found = repo.where(page=page_key(conversation_id, page * PAGE_SIZE))
                    rows.extend(m for m in found if m.seq <= top and shown(m))
        rows.sort(key=_by_seq)
        if limit is not None:
            rows = rows[-limit:]
        return [m.for_participant() for m in rows] if participant else rows

    @command
    def mark_read(
        self, conversation_id: str, *, actor: str, up_to: str | None = None
    ) -> Conversation:
        """Move ``actor``'s read receipt to ``up_to`` (a message delivered to them here), or to
        the newest message they received. Receipts never move backwards."""
        with self.ctx.uow() as uow:
            repo = _conversations(uow)
            conversation = repo.get(conversation_id)
            conversation.require(actor, "read")
            side = conversation.side(actor)
            if up_to is None:
                nth, last = side.received, side.last_received_id
            else:
                message = _messages(uow).get(up_to)
                if (
                    message.conversation_id != conversation_id
                    or message.recipient_id != actor
                    or not message.is_delivered
                ):
                    raise ValidationError(
                        f"up_to={up_to!r} is not a message delivered to {actor!r} in "
                        f"conversation {conversation_id}; name one you received here, or "
                        "leave it out to mark everything read"
                    )
                nth, last = message.nth, message.id
            now = self.ctx.clock.now()
            new = conversation.read_up_to(actor, nth, last, now)
            if new is conversation:
                return conversation
            repo.save(new)
            uow.emit(events.MessagesRead(now, actor, conversation_id, actor, nth, last))
            self.ctx.commit(uow)
        return new

    def unread_count(self, *, viewer: str, conversation_id: str | None = None) -> int:
        """Messages delivered to ``actor`` and not yet read: in one conversation, or in all."""
        with self.ctx.reads() as uow:
            repo = _conversations(uow)
            if conversation_id is not None:
                conversation = repo.get(conversation_id)
                conversation.require(viewer, "read")
                return conversation.unread(viewer)
            uow.users.get(viewer)
            found = repo.where(first_id=viewer) + repo.where(second_id=viewer)
            return sum(c.unread(viewer) for c in found)

    # -- moderation ---------------------------------------------------------------------------
    def moderation_queue(self, *, viewer: str) -> list[Message]:
        """Held messages waiting for a decision, oldest first, with what the sender typed."""
        with self.ctx.reads() as uow:
            self._moderator(uow, viewer)
            held = _messages(uow).where(status=M.HELD)
        return sorted(held, key=lambda m: m.sent_at)

    @command
    def approve(self, message_id: str, *, actor: str, mask: bool = False) -> Message:
        """Deliver a held message (the scanner was wrong, or the detail is harmless); with
        ``mask=True`` deliver it with the contact details removed. The recipient is notified."""
        with self.ctx.uow() as uow:
            self._moderator(uow, actor)
            messages = _messages(uow)
            message = messages.get(message_id)
            status = LIFECYCLE.next_state(message.status, "approve", Role.ADMIN)
            repo = _conversations(uow)
            conversation = repo.get(message.conversation_id)
            now = self.ctx.clock.now()
            text, original, masked = message.text, message.original, False
            if mask:
                scanner = self._chat_scanner()
                text = mask_all(scanner, scanner.scan(message.text))
                masked = text != message.text
                original = message.text if masked else message.original
            message = attrs.evolve(
                message,
                status=status,
                text=text,
                original=original,
                reason="",
                moderated_by=actor,
                moderated_at=now,
                version=message.version + 1,
            )
            conversation, message = self._deliver(uow, conversation, message, now)
            messages.save(message)
            repo.save(conversation)
            uow.emit(
                events.MessageApproved(
                    now,
                    actor,
                    conversation.id,
                    message.id,
                    message.sender_id,
                    masked,
                )
            )
            self._announce(uow, actor, message, now)
            uow.notify(
                Notification(
                    message.sender_id,
                    "chat.message_approved",
                    f"conversation:{conversation.id}",
                    "Your message was approved and delivered"
                    + (" with the contact details removed" if masked else ""),
                    now,
                )
            )
            self.ctx.commit(uow)
        return message

    @command
    def reject(self, message_id: str, *, actor: str, reason: str) -> Message:
        """Refuse a held message for good: the recipient never sees it, the sender is told why
        and gets a strike."""
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError("rejecting a message needs a reason the sender can read")
        with self.ctx.uow() as uow:
            self._moderator(uow, actor)
            messages = _messages(uow)
            message = messages.get(message_id)
            status = LIFECYCLE.next_state(message.status, "reject", Role.ADMIN)
            now = self.ctx.clock.now()
            message = attrs.evolve(
                message,
                status=status,
                reason=reason.strip(),
                moderated_by=actor,
                moderated_at=now,
                version=message.version + 1,
            )
            messages.save(message)
            self._strike(uow, actor, message, now)
            uow.emit(
                events.MessageRejected(
                    now,
                    actor,
                    message.conversation_id,
                    message.id,
                    message.sender_id,
                    message.reason,
                )
            )
            uow.notify(
                Notification(
                    message.sender_id,
                    "chat.message_rejected",
                    f"conversation:{message.conversation_id}",
                    f"Your message was not delivered: {message.reason}",
                    now,
                )
            )
            self.ctx.commit(uow)
        return message

    def contact_strikes(self, user_id: str, *, viewer: Viewer) -> int:
        """How many times ``user_id`` was caught sharing contact details (0 for a clean user):
        for the user, admins and trusted code."""
        with self.ctx.reads() as uow:
            uow.users.get(user_id)
            self.ctx.check_viewer(uow, viewer, (user_id,), f"the strikes of {user_id!r}")
            record = _strikes(uow).find(user_id)
        return 0 if record is None else record.count
