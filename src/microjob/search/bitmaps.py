"""Sets of card slots as Python integers used as bitmasks, and attribute indexes over them.

Every card has a small integer slot; the cards containing a word, in a category or in a
price range are sets of slots.  As integers, ``&``, ``|`` and ``int.bit_count()`` on a
100,000-bit set cost microseconds where ``set`` operations cost milliseconds, so filters,
match counting and totals are all mask algebra over the structures in this module.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Generic, TypeVar

from microjob import search as tuning

_ONE = re.compile("1")


def _mask_of(slots: Iterable[int]) -> int:
    """Build a bitmask from slots via a bytearray: ``|= 1 << slot`` would copy per slot."""
    buffer = bytearray()
    for slot in slots:
        byte = slot >> 3
        if byte >= len(buffer):
            _grow(buffer, byte)
        buffer[byte] |= 1 << (slot & 7)
    return int.from_bytes(buffer, "little")


def _grow(buffer: bytearray, byte: int) -> None:
    """Make room for index ``byte``, doubling so that a growing catalogue rarely extends."""
    buffer.extend(bytes(max(byte + 1, 2 * len(buffer)) - len(buffer)))


def _slots_in(mask: int) -> list[int]:
    """The slots set in ``mask`` (highest first).  ``bin`` + regex keeps the loop in C."""
    digits = bin(mask)
    top = len(digits) - 1
    return [top - match.start() for match in _ONE.finditer(digits, 2)]


class _SlotSet:
    """A set of slots that can also answer as a bitmask, for attribute values and liveness.

    Small sets are a ``set`` (the bitmap of a rare price would be mostly zeros); from
    ``tuning._DENSE_MIN`` members on, a ``bytearray`` bitmap is kept instead and updated in place,
    which makes ``mask()`` a single ``int.from_bytes`` (cached until the next change).
    """

    __slots__ = ("_bits", "_count", "_mask", "_small")

    def __init__(self) -> None:
        self._small: set[int] | None = set()
        self._bits = bytearray()
        self._count = 0
        self._mask: int | None = None

    def __len__(self) -> int:
        return self._count

    @property
    def small(self) -> set[int] | None:
        """The members while the set is small (``None`` once it is a bitmap)."""
        return self._small

    def add(self, slot: int) -> None:
        if self._small is not None:
            if slot not in self._small:
                self._small.add(slot)
                self._count += 1
                if self._count >= tuning._DENSE_MIN:
                    self._to_bitmap()
            return
        byte, bit = slot >> 3, 1 << (slot & 7)
        if byte >= len(self._bits):
            _grow(self._bits, byte)
        if not self._bits[byte] & bit:
            self._bits[byte] |= bit
            self._count += 1
            self._mask = None

    def discard(self, slot: int) -> None:
        if self._small is not None:
            if slot in self._small:
                self._small.discard(slot)
                self._count -= 1
            return
        byte, bit = slot >> 3, 1 << (slot & 7)
        if byte < len(self._bits) and self._bits[byte] & bit:
            self._bits[byte] &= ~bit
            self._count -= 1
            self._mask = None

    def mask(self) -> int:
        if self._small is not None:
            return _mask_of(self._small)
        if self._mask is None:
            self._mask = int.from_bytes(self._bits, "little")
        return self._mask

    def _to_bitmap(self) -> None:
        assert self._small is not None
        for slot in self._small:
            byte = slot >> 3
            if byte >= len(self._bits):
                _grow(self._bits, byte)
            self._bits[byte] |= 1 << (slot & 7)
        self._small = None


_V = TypeVar("_V", Decimal, int, str)


class _ValueIndex(Generic[_V]):
    """Attribute value -> slots, for equality and range filters.

    Distinct values are kept sorted so a range (price 10-50, delivery <= 3 days) is two
    bisections and an OR of the per-value masks in between.  Marketplaces have few distinct
    values here (round prices, whole days, a handful of levels), which keeps that OR short.
    """

    __slots__ = ("_sets", "_sorted")

    def __init__(self) -> None:
        self._sets: dict[_V, _SlotSet] = {}
        self._sorted: list[_V] = []

    def add(self, value: _V, slot: int) -> None:
        slots = self._sets.get(value)
        if slots is None:
            slots = self._sets[value] = _SlotSet()
            bisect.insort(self._sorted, value)
        slots.add(slot)

    def discard(self, value: _V, slot: int) -> None:
        slots = self._sets.get(value)
        if slots is None:
            return
        slots.discard(slot)
        if not slots:
            del self._sets[value]
            del self._sorted[bisect.bisect_left(self._sorted, value)]

    def equal(self, value: _V) -> int:
        slots = self._sets.get(value)
        return 0 if slots is None else slots.mask()

    def between(self, low: _V | None, high: _V | None) -> int:
        """Slots whose value lies in ``[low, high]`` (an open end when ``None``)."""
        start = 0 if low is None else bisect.bisect_left(self._sorted, low)
        stop = len(self._sorted) if high is None else bisect.bisect_right(self._sorted, high)
        mask = 0
        sparse: list[int] = []
        for value in self._sorted[start:stop]:
            slots = self._sets[value]
            if slots.small is not None:
                sparse.extend(slots.small)
            else:
                mask |= slots.mask()
        return mask | _mask_of(sparse) if sparse else mask
