"""State machines for aggregates, declared once per type and applied to plain records.

Each aggregate type (order, dispute, listing, ...) declares its states and moves in a
`Lifecycle`: which trigger goes from which states to which state, and which roles
(buyer, seller, admin, system, ...) may pull it. The lifecycle builds **one**
``transitions.Machine`` for the type at import time and drives it with
``machine.events[name].trigger(token)`` on a throw-away token holding only the state. It never
calls ``add_model``: that binds ~50 methods onto each model, keeps every model alive forever and
costs time quadratic in the number of models. Records stay plain attrs values loaded from
storage; the machine only says where a move leads.

Guards and side effects stay out of the machine's callbacks on purpose: an exception in an
``after`` callback would leave a half-moved model behind. The service checks the rules, asks
the lifecycle for the next state, and only then writes, inside one unit of work.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

import attrs
from pendulum import DateTime
from transitions import Machine

from microjob.errors import InvalidTransition, PermissionDenied

_R = TypeVar("_R")

__all__ = ["Lifecycle", "Move", "Role"]


class Role(enum.Enum):
    """Who is acting, relative to the aggregate being moved."""

    BUYER = "buyer"
    SELLER = "seller"
    OWNER = "owner"
    ADMIN = "admin"
    MODERATOR = "moderator"
    SYSTEM = "system"
    STRANGER = "stranger"

    # Members are singletons compared by identity, so hashing by identity is consistent with
    # equality; it keeps every ``role in roles`` and table look-up in C instead of calling
    # Enum.__hash__ (Python) on each move of each aggregate.
    __hash__ = object.__hash__


@attrs.frozen(slots=True)
class Step:
    """One line of an aggregate's history: who pulled which trigger, from where to where."""

    at: DateTime
    trigger: str
    actor: str
    source: str
    dest: str
    note: str = ""


@attrs.frozen
class Move:
    """``trigger`` takes the aggregate from any of ``sources`` to ``dest``, pulled by ``roles``."""

    trigger: str
    sources: tuple[str, ...]
    dest: str
    roles: frozenset[Role]

    @classmethod
    def of(cls, trigger: str, sources: Iterable[str], dest: str, roles: Iterable[Role]) -> Move:
        """``Move.of("start", ["pending"], "active", {Role.SELLER})``."""
        return cls(trigger, tuple(sources), dest, frozenset(roles))


class _Token:
    """The only model the shared machine ever sees: a slot for the state, nothing else."""

    __slots__ = ("state",)

    def __init__(self, state: str) -> None:
        self.state = state


class Lifecycle:
    """The states and moves of one aggregate type, with a single shared ``Machine``."""

    def __init__(self, kind: str, states: Iterable[str], moves: Iterable[Move]) -> None:
        self.kind = kind
        self.states: tuple[str, ...] = tuple(states)
        self.moves: tuple[Move, ...] = tuple(moves)
        self._roles: dict[tuple[str, str], frozenset[Role]] = {}
        self._allowed: dict[str, list[str]] = {state: [] for state in self.states}
        for move in self.moves:
            for source in move.sources:
                if source not in self._allowed:
                    raise ValueError(
                        f"{kind}: move {move.trigger!r} starts from unknown {source!r}"
                    )
                if (move.trigger, source) in self._roles:
                    raise ValueError(f"{kind}: {move.trigger!r} from {source!r} declared twice")
                self._roles[(move.trigger, source)] = move.roles
                self._allowed[source].append(move.trigger)
            if move.dest not in self._allowed:
                raise ValueError(f"{kind}: move {move.trigger!r} leads to unknown {move.dest!r}")
        self.machine = Machine(
            model=None,
            states=list(self.states),
            transitions=[
                {"trigger": m.trigger, "source": list(m.sources), "dest": m.dest}
                for m in self.moves
            ],
            initial=self.states[0],
            auto_transitions=False,
            send_event=True,
        )
        self._events = self.machine.events
        # Where each allowed (trigger, state, role) leads, asked of the machine once per pair
        # here: the machine carries no conditions or callbacks, so the answer depends on the
        # pair alone, and a move on the hot path is one dictionary look-up.
        self._dest: dict[tuple[str, str, Role], str] = {}
        for move in self.moves:
            for source in move.sources:
                token = _Token(source)
                self._events[move.trigger].trigger(token)
                for role in move.roles:
                    self._dest[(move.trigger, source, role)] = token.state
        self.destinations: Mapping[tuple[str, str, Role], str] = MappingProxyType(self._dest)
        """``(trigger, state, role)`` → the state an allowed move leads to (read-only): a rule
        on the hot path looks its move up here and calls
        [`next_state`][microjob.lifecycle.Lifecycle.next_state] only for a move that is not
        listed, to raise the precise error."""

    def allowed(self, state: str, role: Role | None = None) -> tuple[str, ...]:
        """The triggers that can be pulled from ``state`` (by ``role``, when given)."""
        triggers = self._allowed.get(state, [])
        if role is None:
            return tuple(triggers)
        return tuple(t for t in triggers if role in self._roles[(t, state)])

    def can(self, state: str, trigger: str, role: Role) -> bool:
        """Whether ``role`` may pull ``trigger`` from ``state`` (no exception)."""
        roles = self._roles.get((trigger, state))
        return roles is not None and role in roles

    def check(self, state: str, trigger: str, role: Role) -> None:
        """Raise unless ``role`` may pull ``trigger`` from ``state``.

        A stranger is refused before the state is looked at, so the error leaks nothing about an
        object they may not see; a party asking for an impossible move learns what is possible.
        """
        if role is Role.STRANGER:
            raise PermissionDenied(f"only the parties of this {self.kind} may {trigger!r} it")
        roles = self._roles.get((trigger, state))
        if roles is None:
            raise InvalidTransition(self.kind, state, trigger, self._allowed.get(state, ()))
        if role not in roles:
            who = " or ".join(sorted(r.value for r in roles))
            raise PermissionDenied(
                f"the {role.value} may not {trigger!r} this {self.kind}; only the {who} may"
            )

    def next_state(self, state: str, trigger: str, role: Role) -> str:
        """Check the move and return the state it leads to on the shared machine.

        Allowed moves are answered from the table the machine filled when the lifecycle was
        built; anything else goes through [`check`][microjob.lifecycle.Lifecycle.check], which
        raises the precise error.
        """
        dest = self._dest.get((trigger, state, role))
        if dest is None:
            self.check(state, trigger, role)
            raise AssertionError(f"{self.kind}: {trigger!r} from {state!r} has no destination")
        return dest

    def advance(
        self,
        record: _R,
        trigger: str,
        role: Role,
        actor: str,
        now: DateTime,
        note: str = "",
        **changes: Any,
    ) -> _R:
        """The next version of a record with ``state``, ``history`` and ``version`` after
        ``trigger``: checked here, one history step longer, its version one higher, with
        ``changes`` applied. Raises (and changes nothing) when the move is not allowed."""
        current: Any = record
        dest = self.next_state(current.state, trigger, role)
        step = Step(now, trigger, actor, current.state, dest, note)
        return attrs.evolve(  # type: ignore[no-any-return]
            current,
            state=dest,
            history=(*current.history, step),
            version=current.version + 1,
            **changes,
        )

    def table(self) -> Mapping[str, tuple[str, ...]]:
        """State → allowed triggers, e.g. for documentation or a UI."""
        return {state: tuple(triggers) for state, triggers in self._allowed.items()}
