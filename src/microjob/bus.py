"""The message bus: what happens between a command's changes and the rest of the world.

A command changes its aggregates and *emits* domain events into its unit of work
([`emit`][microjob.ports.UnitOfWork.emit]); it never calls another capability to tell it what
happened. [`MessageBus.commit`][microjob.bus.MessageBus.commit] then runs the handlers listed for
those events in the one
handler table ([`microjob.handlers`][microjob.handlers]) in two phases:

1. **in the unit of work** — handlers whose writes must stand or fall with the command
   (reputation counters, search documents): they run before the commit, see the same unit of
   work, and may emit further events, which are handled in turn. A handler may return a
   callable to run once the commit has succeeded (e.g. updating a search index that lives
   outside the database);
2. **after the commit** — the events are published, the callables returned in phase 1 run,
   the after-commit handlers (calls to the payment provider) run, and the notifications are
   sent. Nothing in this phase can un-happen the command, and nothing in it runs for a
   command that failed.

Handlers are looked up by the event's class and its base classes (a handler listed for
`ListingEvent` hears every listing event), once per class: a commit
pays only for the handlers of the events it actually emitted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from microjob.errors import MarketplaceError
from microjob.events import Event
from microjob.ports import EventPublisher, Notifier, UnitOfWork

log = logging.getLogger("microjob.bus")

__all__ = ["AfterCommit", "HandlerTable", "InUnit", "MessageBus"]

InUnit = Callable[[UnitOfWork, Event], Callable[[], None] | None]
"""A handler run inside the command's unit of work; it may return what to do after commit."""

AfterCommit = Callable[[Event], None]
"""A handler run once the command's unit of work has committed."""


@attrs.frozen
class HandlerTable:
    """Event class → handlers, in the order they run (see
    [`microjob.handlers`][microjob.handlers])."""

    in_unit: Mapping[type[Event], tuple[InUnit, ...]] = attrs.field(factory=dict)
    after_commit: Mapping[type[Event], tuple[AfterCommit, ...]] = attrs.field(factory=dict)


class MessageBus:
    """Runs the handler table around each unit of work's commit (see the module docstring)."""

    def __init__(self, table: HandlerTable, publisher: EventPublisher, notifier: Notifier) -> None:
        self.table = table
        self.publisher = publisher
        self.notifier = notifier
        self._resolved: dict[type[Event], tuple[tuple[InUnit, ...], tuple[AfterCommit, ...]]] = {}

    def wire(self, table: HandlerTable) -> None:
        """Take the handler table (once, from
        [`microjob.bootstrap.bootstrap`][microjob.bootstrap.bootstrap])."""
        self.table = table
        self._resolved.clear()

    def handlers(self, kind: type[Event]) -> tuple[tuple[InUnit, ...], tuple[AfterCommit, ...]]:
        """The (in-unit, after-commit) handlers of one event class, its bases' included."""
        found = self._resolved.get(kind)
        if found is None:
            inner: list[InUnit] = []
            outer: list[AfterCommit] = []
            for base in kind.__mro__:
                inner.extend(self.table.in_unit.get(base, ()))
                outer.extend(self.table.after_commit.get(base, ()))
            found = self._resolved[kind] = (tuple(inner), tuple(outer))
        return found

    def commit(self, uow: UnitOfWork) -> None:
        """Handle the unit of work's events, commit it, then tell the outside world."""
        emitted, notes = uow.collected()
        later: list[Callable[[], None]] = []
        after: list[tuple[AfterCommit, Event]] = []
        if emitted:
            resolved = self._resolved
            done = 0
            count = len(emitted)
            while done < count:  # handlers may emit more events; those are handled too
                event = emitted[done]
                done += 1
                kind = type(event)
                inner, outer = resolved[kind] if kind in resolved else self.handlers(kind)
                if outer:
                    after += [(handler, event) for handler in outer]
                if inner:
                    for handler in inner:
                        follow_up = handler(uow, event)
                        if follow_up is not None:
                            later.append(follow_up)
                    emitted = uow.collected()[0]
                    count = len(emitted)
        uow.commit()
        # Committed: from here on the command's result stands. Nothing after this line raises:
        # a reaction that fails (a provider refusing a refund, another worker having saved the
        # same record first), a publisher or a notifier that fails, is logged and the rest still
        # run; what a reaction was to do is kept in storage and retried from there (pending
        # refunds by run_due). Raising would tell the caller that a command which happened did
        # not, and a caller that redoes it (run_due redoing a batch one order at a time) would
        # find nothing left to do and report nothing done. (The publisher's and notifier's
        # guards are inline: every command passes here.)
        if emitted:
            try:
                self.publisher.publish(emitted)
            except Exception:
                log.exception("after a commit: publishing %d events failed", len(emitted))
            for follow_up in later:
                _after_commit(follow_up)
            for react, happened in after:
                _after_commit(react, happened)
        if notes:
            send = self.notifier.send
            for note in notes:
                try:
                    send(note)
                except Exception:
                    log.exception("after a commit: a notification to %s failed", note.user_id)


def _after_commit(step: Callable[..., None], *args: Any) -> None:
    """Run one reaction after a commit; one that fails is logged, never raised (see
    `MessageBus.commit`)."""
    try:
        step(*args)
    except MarketplaceError:
        log.warning(
            "after a commit: %s failed; the command stands, the work is retried from storage",
            getattr(step, "__qualname__", step),
            exc_info=True,
        )
    except Exception:
        log.exception(
            "after a commit: %s raised; the command stands",
            getattr(step, "__qualname__", step),
        )
