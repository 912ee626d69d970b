"""The outbox: domain events stored in the command's transaction, relayed after commit.

Each row holds an event's class path and its JSON; `OutboxMessage` is one read back.
"""

from __future__ import annotations

import json

import sqlalchemy as sa

from microjob.adapters.codec import codec, resolve_class
from microjob.adapters.codec_forms import Encoder
from microjob.adapters.sql.schema import outbox_t
from microjob.errors import ValidationError
from microjob.events import Event

_OUTBOX_PENDING = (
    sa.select(outbox_t.c.id, outbox_t.c.kind, outbox_t.c.data)
    .where(outbox_t.c.published_at.is_(None))
    .order_by(outbox_t.c.id)
    .limit(sa.bindparam("limit"))
)


class OutboxMessage:
    """One stored domain event: its outbox id, its class path and the event itself."""

    __slots__ = ("event", "id", "kind")

    def __init__(self, id: int, kind: str, event: Event) -> None:
        self.id = id
        self.kind = kind
        self.event = event

    def __repr__(self) -> str:
        return f"OutboxMessage({self.id}, {self.kind!r})"


_EVENT_FORMS: dict[type, tuple[str, Encoder]] = {}


def _event_form(cls: type) -> tuple[str, Encoder]:
    """How events of ``cls`` are stored: their class path and their encoder, found once per
    class (every command stores a few events)."""
    form = _EVENT_FORMS.get(cls)
    if form is None:
        form = _EVENT_FORMS[cls] = (f"{cls.__module__}:{cls.__qualname__}", codec.encoder(cls))
    return form


def _decode_event(kind: str, data: str) -> Event:
    cls = resolve_class(kind)
    if not (isinstance(cls, type) and issubclass(cls, Event)):
        raise ValidationError(f"outbox row names {kind}, which is not a microjob event")
    event: Event = codec.decode(json.loads(data), cls)
    return event
