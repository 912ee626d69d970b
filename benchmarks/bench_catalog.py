"""Benchmark the catalogue through the Marketplace facade against the bare search index.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_catalog.py --size 10000

It generates the same synthetic cards and queries as ``bench_search.py`` (seeded), in one
currency, and measures in one process:

* **create + publish**: ``create_listing(..., submit=True)`` per card on the memory adapter
  with the search index live, so each card is validated, screened for contact details,
  stored, published and indexed; beside it the bare ``InMemorySearchIndex.index`` of the
  same cards (the part of that work the index does), with the ratio;
* **search**: ``search_listings`` per query (builds the query, asks the index, loads the
  page's cards from storage) against ``InMemorySearchIndex.search`` on an index holding the
  same documents, after a first pass of both (steady state), each query timed on both back
  to back so that both sides run under the same machine load; median and p99, the ratio;
* **peak memory** (tracemalloc) of building each, in separate builds: tracing slows
  allocation-heavy code severalfold and would distort the timings.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
from pendulum import DateTime

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_search import SEED, make_corpus, peak_mib
from microjob import Marketplace, presets
from microjob.adapters.memory import RecordingNotifier
from microjob.events import Event
from microjob.search import InMemorySearchIndex, SearchDocument, SearchPage, SearchQuery

CURRENCY = "USD"


def latency(timings: Sequence[float]) -> str:
    ordered = sorted(timings)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"median {statistics.median(ordered) * 1e3:6.3f} ms   p99 {p99 * 1e3:6.3f} ms"


def fresh_market() -> Marketplace:
    # Benchmarks keep no notifications or events: they would only grow the heap.
    return Marketplace.in_memory(
        presets.microjobengine(CURRENCY),
        notifier=RecordingNotifier(keep=False),
        publisher=_Discard(),
    )


class _Discard:
    def publish(self, events: Sequence[Event]) -> None:
        pass


def micros(at: DateTime | None) -> int:
    return 0 if at is None else at.int_timestamp * 1_000_000 + at.microsecond


def publish_all(docs: Sequence[SearchDocument]) -> tuple[Marketplace, list[SearchDocument]]:
    """Register the sellers, then create and publish every card through the facade.

    Returns the market and the documents its index holds, for the bare index to compare.
    """
    market = fresh_market()
    for seller in sorted({doc.seller_id for doc in docs}):
        market.users.register(seller, name=seller, email=f"{seller}@example.org")
    market.listings.search("")  # the index is live from here on: each publish indexes
    indexed = []
    for doc in docs:
        card = market.listings.create(
            actor=doc.seller_id,
            title=doc.title,
            description=doc.description,
            category=doc.category,
            tags=doc.tags,
            price=doc.price,
            delivery_days=max(doc.delivery_days, 1),
            submit=True,
        )
        indexed.append(
            SearchDocument(
                listing_id=card.id,
                title=card.title,
                description=card.description,
                tags=card.tags,
                category=card.category,
                price=card.price.amount,
                currency=CURRENCY,
                delivery_days=card.delivery_days,
                seller_id=card.seller_id,
                published_at=micros(card.published_at),
            )
        )
    return market, indexed


def bare_index(docs: Sequence[SearchDocument]) -> InMemorySearchIndex:
    index = InMemorySearchIndex()
    for doc in docs:
        index.index(doc)
    return index


def facade_search(market: Marketplace) -> Callable[[SearchQuery], int]:
    def search(query: SearchQuery) -> int:
        return market.listings.search(
            query.text,
            category=query.category,
            min_price=query.min_price,
            max_price=query.max_price,
            max_delivery_days=query.max_delivery_days,
            min_rating=query.min_rating,
            sort=query.sort,
            page=query.page,
            per_page=query.per_page,
        ).total

    return search


def interleaved(
    facade: Callable[[SearchQuery], int],
    bare: Callable[[SearchQuery], SearchPage],
    queries: Sequence[SearchQuery],
) -> tuple[list[float], list[float], int]:
    """Each query on the facade, then on the bare index, back to back: on a shared machine
    the load drifts, and alternating puts both sides under the same load."""
    clock = time.perf_counter
    facade_timings: list[float] = []
    bare_timings: list[float] = []
    agree = 0
    for query in queries:
        start = clock()
        total = facade(query)
        middle = clock()
        page = bare(query)
        end = clock()
        facade_timings.append(middle - start)
        bare_timings.append(end - middle)
        agree += total == page.total
    return facade_timings, bare_timings, agree


def run(size: int) -> None:
    corpus = make_corpus(size)
    docs = [attrs.evolve(doc, currency=CURRENCY) for doc in corpus.docs]
    queries = [attrs.evolve(query, currency=CURRENCY) for query in corpus.queries]
    print(f"\n== {size:,} cards, {len(queries)} queries ==")

    start = time.perf_counter()
    market, indexed = publish_all(docs)
    facade_s = time.perf_counter() - start
    start = time.perf_counter()
    bare = bare_index(indexed)
    bare_s = time.perf_counter() - start
    print(
        f"create + publish through the facade: {size / facade_s:9,.0f} cards/s  ({facade_s:6.2f} s)"
    )
    print(
        f"bare index.index of the same cards:  {size / bare_s:9,.0f} cards/s  "
        f"({bare_s:6.2f} s)   facade/bare time: {facade_s / bare_s:,.1f}x"
    )

    search = facade_search(market)
    for query in queries:  # a first pass builds each index's lazy orders
        search(query)
        bare.search(query)
    facade_timings, bare_timings, agree = interleaved(search, bare.search, queries)
    print(f"search through the facade: {latency(facade_timings)}")
    print(f"bare index.search:         {latency(bare_timings)}")
    print(
        f"facade/bare: {statistics.median(facade_timings) / statistics.median(bare_timings):.2f}x "
        f"at the median, {sum(facade_timings) / sum(bare_timings):.2f}x in total; "
        f"{len(queries) / sum(facade_timings):,.0f} searches/s through the facade; "
        f"totals agree on {agree}/{len(queries)}"
    )
    del market, bare
    facade_mib = peak_mib(lambda: publish_all(docs))
    bare_mib = peak_mib(lambda: bare_index(indexed))
    print(
        f"peak memory while building (tracemalloc): facade (store + index) {facade_mib:,.0f} "
        f"MiB, bare index {bare_mib:,.0f} MiB"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="cards (default: 10000)")
    args = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]}, seed {SEED}")
    run(args.size)


if __name__ == "__main__":
    main()
