"""A text query resolved against the index: its clauses, how to score a card, its tiers.

Ranking is lexicographic (matched words first, BM25F second), so a plan splits the
candidates into tiers by how many query words they match and ranks within a tier.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from microjob.search.contract import SearchQuery
from microjob.search.postings import _Postings
from microjob.search.scoring import _Norms, _squash


@attrs.frozen
class _Term:
    word: str
    postings: _Postings
    idf: float


@attrs.frozen
class _Clause:
    """One query word: the indexed words it stands for (several when completing a prefix)."""

    terms: tuple[_Term, ...]
    mask: int


@attrs.frozen
class _Plan:
    """A text query resolved against the index: clauses plus a way to score a slot.

    Only the last clause can hold several words (a completed prefix), so scoring sums the
    single-word clauses in a flat loop and takes the best word of the last clause.
    """

    clauses: tuple[_Clause, ...]
    norms: _Norms
    lengths: list[tuple[int, int, int]]
    _weight: Callable[[int, tuple[int, int, int]], float] = attrs.field(init=False)
    _singles: tuple[tuple[dict[int, int], float], ...] = attrs.field(init=False)
    _last: tuple[tuple[dict[int, int], float], ...] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        pairs = [tuple((term.postings.tf, term.idf) for term in c.terms) for c in self.clauses]
        last = pairs.pop() if pairs and len(pairs[-1]) > 1 else ()
        object.__setattr__(self, "_weight", self.norms.weigher())
        object.__setattr__(self, "_singles", tuple(pair[0] for pair in pairs if pair))
        object.__setattr__(self, "_last", last)

    def raw_score(self, slot: int) -> float:
        """BM25F: per clause the best of its words (a completion must not count twice)."""
        lengths = self.lengths[slot]
        weight = self._weight
        total = 0.0
        for tf, idf in self._singles:
            packed = tf.get(slot)
            if packed is not None:
                total += idf * weight(packed, lengths)
        if self._last:
            best = 0.0
            for tf, idf in self._last:
                packed = tf.get(slot)
                if packed is not None:
                    best = max(best, idf * weight(packed, lengths))
            total += best
        return total

    def score(self, slot: int) -> float:
        """Matched clauses plus the squashed BM25F score (see ``SearchHit``)."""
        matched = sum(
            1 for clause in self.clauses if any(slot in t.postings.tf for t in clause.terms)
        )
        return matched + _squash(self.raw_score(slot))


def _coverage_tiers(masks: list[int], universe: int) -> list[int]:
    """``tiers[j]`` = slots of ``universe`` matching exactly ``j`` of ``masks`` (j >= 1).

    Counting with masks: ``at_least[j]`` grows like a unary counter, one AND/OR per clause and
    level, so the tiers cost O(clauses²) big-integer operations and no per-card work.
    """
    at_least = [universe] + [0] * len(masks)
    for mask in masks:
        for level in range(len(masks), 0, -1):
            at_least[level] |= at_least[level - 1] & mask
    at_least.append(0)
    return [0] + [at_least[j] & ~at_least[j + 1] for j in range(1, len(masks) + 1)]


@attrs.frozen
class _Window:
    """The ranks shown on the requested page: ``[start, stop)``."""

    start: int
    stop: int

    @classmethod
    def of(cls, query: SearchQuery) -> _Window:
        start = (query.page - 1) * query.per_page
        return cls(start=start, stop=start + query.per_page)


@attrs.frozen
class _Tier:
    """The cards matching exactly ``matched`` clauses: their mask and how many there are."""

    mask: int
    size: int
    matched: int
