"""Keyword search over service cards (listings), held in memory.

A buyer types a few words ("logo design", "grafikus tervezés", "diseño web"), narrows by
category, price, delivery time, seller level or rating, and pages through the results sorted
by relevance, price, rating or recency.  This package is the reference engine for that: an
inverted index with BM25F ranking that answers typical queries over 100,000 cards in a few
milliseconds on one core, using only the standard library.

Design in brief (the "why" lives next to each piece):

* Every card gets a small integer *slot*.  Sets of slots (the cards containing a word, the
  cards in a category, the cards costing 10-50 USD) are turned into Python integers used as
  bitmasks, because ``&``, ``|`` and ``int.bit_count()`` on a 100,000-bit integer cost
  microseconds, while the same operations on ``set`` objects cost milliseconds.  Filters,
  "documents matching at least *j* of the query words" and ``total`` are all mask algebra.
* Only the page actually shown is ranked: small candidate sets are scored directly; for large
  ones each common word keeps its cards sorted by weight, and a block-wise threshold
  algorithm reads those orders only as deep as needed to prove the page is right, so a word
  that occurs in half the catalogue does not mean scoring half the catalogue.
* Ranking is lexicographic: first the number of query words a card matches, then BM25F over
  title, tags and description.  A card matching every word therefore always outranks a card
  matching some of them, which is what buyers expect from a marketplace search box.
* Derived structures (per-word orders, sort orders) are built lazily and patched with a small
  list of changed slots, so a stream of edits does not force a rebuild per query.

The package holds one concept per module: ``microjob.search.contract`` (cards, queries,
pages and the ``SearchIndex`` port), ``microjob.search.text`` (text analysis),
``microjob.search.scoring`` (BM25F), ``microjob.search.bitmaps`` (slot sets and
attribute indexes), ``microjob.search.postings`` (words and their weight orders),
``microjob.search.orders`` (sort orders), ``microjob.search.plans`` (resolved text
queries) and ``microjob.search.memory`` (the in-memory index itself).
"""

from __future__ import annotations

# isort: off
# In reading order: the API reference lists these members in the order they are imported.
from microjob.search.scoring import K1 as K1, B as B, FIELD_WEIGHTS as FIELD_WEIGHTS
from microjob.search.contract import (
    MAX_PER_PAGE as MAX_PER_PAGE,
    SearchDocument,
    SortBy,
    SearchQuery,
    SearchHit,
    SearchPage,
    SearchIndex,
)
from microjob.search.text import tokenize
from microjob.search.memory import InMemorySearchIndex
# isort: on

__all__ = [
    "InMemorySearchIndex",
    "SearchDocument",
    "SearchHit",
    "SearchIndex",
    "SearchPage",
    "SearchQuery",
    "SortBy",
    "tokenize",
]

# Thresholds at which the engine switches strategy.  They change only how fast a query is
# answered, never its answer.  The modules that use them read them from this package at call
# time, so one assignment here (a test shrinking them so the pruned strategies run on a
# catalogue of a few dozen cards) reaches every one of those modules.
_DENSE_MIN = 64  # a slot set switches from a ``set`` to a bitmap at this size.
_DIRECT_LIMIT = 1024  # tiers up to this size are scored directly unless orders already exist.
_SMALL_TIER = 32  # tiers up to this size are always scored directly ...
_SMALL_MULTI_TIER = 256  # ... and up to this size when several words must be combined.
_STALE_MIN = 64  # changed slots tolerated by a cached order before it is rebuilt ...
_STALE_SHIFT = 4  # ... or 1/16 of its length, whichever is larger.
_FIRST_DEPTH = 128  # the block-wise threshold algorithm starts this deep in every order
