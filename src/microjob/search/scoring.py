"""BM25F relevance: the ranking parameters, field-length normalisation and idf.

Kept apart from the index structures because it is the one place that decides how much a
word in a card is worth; the index only decides which cards to score.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import attrs

#: BM25 term-frequency saturation.  1.2 is the textbook value and works well for short fields.
K1 = 1.2
#: BM25 length normalisation: 0.75 means a long description dilutes a word, but not fully.
B = 0.75
#: Weight of a word in the title, the tags and the description.  A seller puts the essence of
#: the offer in the title and the tags; descriptions are long and repeat related vocabulary.
FIELD_WEIGHTS = (3.0, 2.0, 1.0)
_NORM_DRIFT = 0.10  # average field lengths may drift by 10% before weights are recomputed.


@attrs.frozen
class _Norms:
    """BM25F length normalisation, frozen at the average field lengths of one moment.

    Weights cached in per-word orders depend on the averages.  Refreshing them on every edit
    would invalidate every cache on every edit, so the averages are frozen and refreshed only
    when the real ones drift by more than ``_NORM_DRIFT`` — a change far below what moves a
    ranking.  ``epoch`` tells caches built under older averages apart.
    """

    averages: tuple[float, float, float]
    epoch: int

    @classmethod
    def of(cls, totals: list[int], count: int, epoch: int) -> _Norms:
        averages = tuple(total / count if total else 1.0 for total in totals)
        return cls(averages=(averages[0], averages[1], averages[2]), epoch=epoch)

    def drifted(self, totals: list[int], count: int) -> bool:
        for total, frozen in zip(totals, self.averages, strict=True):
            current = total / count if total else 1.0
            if abs(current - frozen) > _NORM_DRIFT * frozen:
                return True
        return False

    def weigher(self) -> Callable[[int, tuple[int, int, int]], float]:
        """Return ``weight(packed_tf, lengths)``: a word's BM25F weight in a card, before idf.

        Returned as a closure over plain floats because it runs once per candidate posting;
        attribute lookups would double its cost.
        """
        w_title, w_tags, w_desc = FIELD_WEIGHTS
        flat = 1.0 - B
        n_title, n_tags, n_desc = (B / average for average in self.averages)
        k1, k1_plus_1 = K1, K1 + 1.0

        def weight(packed: int, lengths: tuple[int, int, int]) -> float:
            tf = 0.0
            if packed & 0xFF:
                tf += w_title * (packed & 0xFF) / (flat + n_title * lengths[0])
            if packed & 0xFF00:
                tf += w_tags * ((packed >> 8) & 0xFF) / (flat + n_tags * lengths[1])
            if packed >> 16:
                tf += w_desc * (packed >> 16) / (flat + n_desc * lengths[2])
            return tf * k1_plus_1 / (tf + k1)

        return weight


def _idf(count: int, doc_freq: int) -> float:
    """BM25 idf with the +1 inside the log, so even a word in every card weighs > 0."""
    return math.log(1.0 + (count - doc_freq + 0.5) / (doc_freq + 0.5))


def _squash(raw: float) -> float:
    """Map a BM25 score into [0, 1) keeping its order, so it fits under the match count."""
    return raw / (raw + 1.0)


class _Reversed:
    """Wraps a listing id so that heaps and sorts rank the *smaller* id as the better one."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __lt__(self, other: _Reversed) -> bool:
        return other.value < self.value
