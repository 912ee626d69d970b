"""One word's postings and its cached weight order, the inputs of ranked retrieval.

A common word occurs in a large share of the catalogue; scoring all of those cards per query
would be too slow, so each word keeps its cards sorted by weight, built on first use and
patched (not rebuilt) while cards change.
"""

from __future__ import annotations

from array import array

import attrs

from microjob import search as tuning
from microjob.search.bitmaps import _grow, _mask_of
from microjob.search.scoring import _Norms


def _stale_limit(size: int) -> int:
    """How many changed slots a cache tolerates before rebuilding beats patching."""
    return max(tuning._STALE_MIN, size >> tuning._STALE_SHIFT)


@attrs.define
class _RankedView:
    """One word's slots by decreasing weight (ties: listing_id), for ranked retrieval.

    ``stale`` holds slots whose posting changed after the view was built: walks skip them
    and score them separately.  ``epoch`` names the length averages the weights assumed.
    ``prefixes[k]`` is the bitmask of the first ``tuning._FIRST_DEPTH << k`` slots, built on demand:
    the block-wise threshold algorithm intersects those with a tier instead of stepping
    through the order one slot at a time.
    """

    slots: list[int]
    weights: array[float]
    epoch: int
    stale: set[int] = attrs.field(factory=set)
    prefixes: list[int] = attrs.field(factory=list)

    def prefix(self, level: int) -> int:
        while len(self.prefixes) <= level:
            built = len(self.prefixes)
            start = 0 if built == 0 else tuning._FIRST_DEPTH << (built - 1)
            stop = tuning._FIRST_DEPTH << built
            previous = self.prefixes[-1] if self.prefixes else 0
            self.prefixes.append(previous | _mask_of(self.slots[start:stop]))
        return self.prefixes[level]

    def bound(self, level: int) -> float:
        """The weight at depth ``tuning._FIRST_DEPTH << level``: no slot below it weighs more."""
        depth = tuning._FIRST_DEPTH << level
        return self.weights[depth] if depth < len(self.weights) else 0.0


class _Postings:
    """One word: which slots contain it, how often per field, and its cached weight order.

    A word in ``tuning._DENSE_MIN`` cards or more gets a bytearray bitmap the first time a query
    needs its mask, and from then on keeps it up to date in place, so its mask is one
    ``int.from_bytes`` away.  Bulk loading therefore pays nothing for bitmaps, and edits after
    that never force a rebuild.  A rare word builds its small mask on demand.  The weight order
    is built on first use too, and then patched through its ``stale`` set.
    """

    __slots__ = ("_bits", "_mask", "tf", "view")

    def __init__(self) -> None:
        self.tf: dict[int, int] = {}
        self.view: _RankedView | None = None
        self._bits: bytearray | None = None
        self._mask: int | None = None

    def put(self, slot: int, packed: int) -> None:
        self.tf[slot] = packed
        bits = self._bits
        if bits is not None:
            byte = slot >> 3
            if byte >= len(bits):
                _grow(bits, byte)
            bits[byte] |= 1 << (slot & 7)
            self._mask = None
        if self.view is not None:
            self._touch_view(slot)

    def drop(self, slot: int) -> None:
        if self.tf.pop(slot, None) is None:
            return
        if self._bits is not None:
            self._bits[slot >> 3] &= ~(1 << (slot & 7))
            self._mask = None
        if self.view is not None:
            self._touch_view(slot)

    def mask(self) -> int:
        if self._bits is None:
            if len(self.tf) < tuning._DENSE_MIN:
                return _mask_of(self.tf)
            size = (max(self.tf) >> 3) + 1
            self._bits = bytearray(_mask_of(self.tf).to_bytes(size, "little"))
        if self._mask is None:
            self._mask = int.from_bytes(self._bits, "little")
        return self._mask

    def _touch_view(self, slot: int) -> None:
        assert self.view is not None
        self.view.stale.add(slot)
        if len(self.view.stale) > _stale_limit(len(self.tf)):
            self.view = None


def _build_view(
    tf: dict[int, int], norms: _Norms, lengths: list[tuple[int, int, int]], ids: list[str]
) -> _RankedView:
    """Sort a word's slots by weight, ties by listing_id, as the ranking needs them.

    Slots are sorted by listing_id first and then, stably, by weight: both sorts run in C,
    which is cheaper than sorting by a (weight, listing_id) tuple built per slot.
    """
    weight = norms.weigher()
    slots = sorted(tf, key=ids.__getitem__)
    weights = [weight(tf[slot], lengths[slot]) for slot in slots]
    order = sorted(range(len(slots)), key=weights.__getitem__, reverse=True)
    ranked = list(map(slots.__getitem__, order))
    weights.sort(reverse=True)
    return _RankedView(slots=ranked, weights=array("d", weights), epoch=norms.epoch)


def _advance(slots: list[int], position: int, bits: bytes, stale: set[int]) -> int:
    """Move a cursor to the next slot that is in ``bits`` and not stale."""
    end = len(slots)
    while position < end:
        slot = slots[position]
        if bits[slot >> 3] >> (slot & 7) & 1 and slot not in stale:
            break
        position += 1
    return position
