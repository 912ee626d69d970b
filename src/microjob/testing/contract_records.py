"""The record the adapter contract stores to test the generic repository: every kind of field.

An adapter's generic repository stores any ``attrs`` record through the codec, so the contract
needs one record that holds every kind of field the codec knows (money in several currencies, a
named time zone, an enum, nested records, optionals, bytes, a frozen set) and index fields to
query by. [`microjob.testing.contract`][microjob.testing.contract] round-trips it on every adapter;
the codec's own tests use the same record, so both hold one definition of "every kind of field".
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

import attrs
import pendulum
from moneyed import Money
from pendulum import DateTime

from microjob.money import money
from microjob.ports import UnitOfWork

__all__ = ["GADGET_INDEX", "Gadget", "Part", "Shade", "gadget_repo", "sample_gadget"]


class Shade(enum.Enum):
    RED = "red"
    BLUE = "blue"


@attrs.frozen
class Part:
    name: str
    weight: Decimal


@attrs.frozen
class Gadget:
    """A record for the generic repository tests: ids, versions, index fields and awkward
    values (money in three currencies, a named time zone, nested records, optionals, bytes)."""

    id: str
    version: int
    owner: str
    state: str
    price: Money
    made_at: DateTime
    shade: Shade = Shade.RED
    parts: tuple[Part, ...] = ()
    note: str | None = None
    blob: bytes = b""
    flags: frozenset[str] = frozenset()
    ready: bool = False


GADGET_INDEX = ("owner", "state", "ready")


def gadget_repo(uow: UnitOfWork) -> Any:
    """The generic repository of gadgets in ``uow``, indexed by `GADGET_INDEX`."""
    return uow.records("gadget", Gadget, index=GADGET_INDEX)


def sample_gadget(gadget_id: str, owner: str = "ann", state: str = "new", **kw: Any) -> Gadget:
    """A gadget with every field set to an awkward value (``kw`` replaces any of them)."""
    fields: dict[str, Any] = {
        "id": gadget_id,
        "version": 1,
        "owner": owner,
        "state": state,
        "price": money("12.30", "USD"),
        "made_at": pendulum.datetime(2026, 3, 29, 1, 30, tz="Europe/Budapest"),
        "shade": Shade.BLUE,
        "parts": (Part("bolt", Decimal("0.250")), Part("nut", Decimal("1E+2"))),
        "note": "ünïcode ✓",
        "blob": b"\x00\xffbytes",
        "flags": frozenset({"a", "b"}),
    }
    fields.update(kw)
    return Gadget(**fields)
