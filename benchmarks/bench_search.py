"""Benchmark the in-memory search index against a naive scan.

Run from the repository root::

    PYTHONPATH=src python benchmarks/bench_search.py --sizes 10000,100000

For each catalogue size it generates synthetic service cards (seeded, so runs are
comparable): a vocabulary of 3,000 words with Zipf-like frequencies, titles and tags drawn
mostly from a category's topic words, descriptions from the whole vocabulary.  It then answers
1,000 queries of one to three words (about 30% filtered, 20% sorted by price, rating or date,
15% on pages 2-5) and reports build time and median / p99 latency per query:

* build, then a first pass: the per-word orders and sort orders are built lazily, so the
  first query touching a common word pays for its order;
* a second pass over the same queries: the steady state;
* a second index, prepared with ``warm()`` (timed), then a first pass.

The shared SQL indexes (:class:`microjob.adapters.sql.SqlSearchIndex`: SQLite FTS5 on a file,
and PostgreSQL when a server is at hand, started the way ``tests/pg.py`` does) answer the same
queries at the sizes in ``--sql-sizes`` (default 100,000): bulk load time, first and second
pass latency beside the in-memory index's second pass (the ratio is SQL / memory), how many
totals agree with the memory index, and the latency of re-indexing one edited card.

The baseline tokenises every card once up front, then answers each query by looping over all
cards, applying the filters and scoring by how often the query words occur — what one writes
first, and what the index has to beat.  It answers the first queries of the same list, as
many as fit in ``NAIVE_SECONDS``.  Peak memory is measured in separate builds under
``tracemalloc``, because tracing slows allocation-heavy code severalfold and would distort
the timings.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import math
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/pg.py starts servers

import attrs

from microjob.adapters.sql import SqlSearchIndex, SqlStore
from microjob.search import (
    InMemorySearchIndex,
    SearchDocument,
    SearchPage,
    SearchQuery,
    SortBy,
    tokenize,
)

Answer = TypeVar("Answer")

SEED = 20240601
QUERIES = 1000
# The scan is slow: it answers the first queries of the same list, up to this many or until
# this many seconds have passed, whichever comes first.
NAIVE_QUERIES = 200
NAIVE_SECONDS = 20.0
# The SQL indexes are loaded in transactions of this many cards, and re-index this many
# edited cards one by one (each its own transaction, as after a command) for the write latency.
SQL_CHUNK = 5000
SQL_EDITS = 200


# Words a marketplace actually uses, most common first; the tail of the vocabulary is made of
# pronounceable synthetic words so that the frequency curve has a long, realistic tail.
def words(text: str) -> list[str]:
    return text.split()


REAL_WORDS = words("""
design logo website professional business video editing app development wordpress social
media marketing seo custom modern minimalist brand identity illustration animation content
writing translation english spanish german hungarian russian voice over music mixing
mastering podcast data analysis excel python script automation shopify store ecommerce
landing page ui ux mobile android ios game unity 3d model render product photo retouching
banner flyer poster book cover ebook formatting resume cv linkedin profile article blog
copywriting proofreading transcription subtitles youtube thumbnail channel instagram tiktok
facebook ads google analytics email newsletter campaign lead generation virtual assistant
research consulting strategy plan pitch deck presentation powerpoint infographic icon
vector cartoon character portrait anime sketch tattoo interior architecture floor plan
furniture fashion jewelry packaging label sticker tshirt merch print business card
stationery letterhead invoice bookkeeping accounting tax legal contract review coaching
fitness nutrition yoga meditation astrology tarot lyrics songwriting beat vocal guitar piano
drum jingle intro outro motion graphics whiteboard explainer trailer wedding travel vlog
drone real estate photography lightroom photoshop illustrator figma webflow wix squarespace
react vue angular django flask laravel php javascript typescript node api backend frontend
database mysql postgres mongodb firebase aws cloud devops docker kubernetes security audit
bug fix testing chatbot ai machine learning scraping crawler bot discord telegram slack
integration zapier crm salesforce hubspot quick fast delivery unlimited revisions source
file high quality unique original creative stunning premium affordable expert experienced
""")

SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["an", "el", "or", "is", "un"]
STOP_FILLER = words("i will the a for your and with to of in my you on")
CATEGORIES = [
    "graphics-design",
    "digital-marketing",
    "writing-translation",
    "video-animation",
    "music-audio",
    "programming-tech",
    "business",
    "lifestyle",
    "photography",
    "data",
    "ai-services",
    "consulting",
]
PRICES = [5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 100, 120, 150, 200, 250, 300, 400, 500]
CURRENCIES = ["USD"] * 17 + ["EUR"] * 2 + ["HUF"]


@dataclass
class Corpus:
    docs: list[SearchDocument]
    queries: list[SearchQuery]


class Vocabulary:
    """A few thousand words drawn with Zipf-Mandelbrot frequencies: p(rank) ~ 1 / (rank + 10)."""

    def __init__(self, rng: random.Random, size: int) -> None:
        words = list(dict.fromkeys(REAL_WORDS))
        seen = set(words)
        while len(words) < size:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            if word not in seen and tokenize(word) == [word]:
                seen.add(word)
                words.append(word)
        self.words = words
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 10) for rank in range(size)))

    def sample(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)


def make_corpus(size: int, seed: int = SEED) -> Corpus:
    rng = random.Random(seed)
    vocabulary = Vocabulary(rng, 3000)
    topics = {category: vocabulary.sample(rng, 40) for category in CATEGORIES}
    docs = [make_card(rng, vocabulary, topics, number) for number in range(size)]
    queries = [make_query(rng, vocabulary, topics) for _ in range(QUERIES)]
    return Corpus(docs=docs, queries=queries)


def make_card(
    rng: random.Random, vocabulary: Vocabulary, topics: dict[str, list[str]], number: int
) -> SearchDocument:
    category = rng.choice(CATEGORIES)
    topic = topics[category]
    title_words = rng.sample(topic, 2) + vocabulary.sample(rng, rng.randint(1, 3))
    title = "I will " + " ".join(title_words) + rng.choice(["", " for you", " for your business"])
    description_words = vocabulary.sample(rng, rng.randint(20, 45))
    for _ in range(len(description_words) // 3):
        position = rng.randrange(len(description_words) + 1)
        description_words.insert(position, rng.choice(STOP_FILLER))
    rated = rng.random() < 0.7
    return SearchDocument(
        listing_id=f"L{number:07d}",
        title=title,
        description=" ".join(description_words).capitalize() + ".",
        tags=tuple(rng.sample(topic, rng.randint(3, 5))),
        category=category,
        price=Decimal(rng.choice(PRICES)),
        currency=rng.choice(CURRENCIES),
        delivery_days=rng.choice([1, 2, 3, 3, 5, 7, 7, 10, 14]),
        seller_id=f"S{rng.randrange(size_hint(number)):06d}",
        seller_level=rng.choice([0, 0, 0, 1, 1, 2, 3]),
        rating=Decimal(rng.randint(35, 50)) / 10 if rated else None,
        review_count=rng.randint(1, 500) if rated else 0,
        published_at=1_700_000_000 + number * 37,
    )


def size_hint(number: int) -> int:
    return max(10, number // 3 + 1)


def make_query(
    rng: random.Random, vocabulary: Vocabulary, topics: dict[str, list[str]]
) -> SearchQuery:
    """1-3 words (most from one category's topic, like real searches), sometimes filtered."""
    category = rng.choice(CATEGORIES)
    count = rng.choices([1, 2, 3], weights=[45, 40, 15])[0]
    words = [
        rng.choice(topics[category]) if rng.random() < 0.6 else vocabulary.sample(rng, 1)[0]
        for _ in range(count)
    ]
    fields: dict[str, object] = {"text": " ".join(words)}
    if rng.random() < 0.3:
        if rng.random() < 0.5:
            fields["category"] = category
        if rng.random() < 0.4:
            fields["currency"] = "USD"
            fields["min_price"] = Decimal(rng.choice([0, 10, 20]))
            fields["max_price"] = Decimal(rng.choice([50, 100, 200]))
        if rng.random() < 0.3:
            fields["max_delivery_days"] = rng.choice([1, 3, 7])
        if rng.random() < 0.3:
            fields["min_rating"] = Decimal(rng.choice(["4.0", "4.5"]))
    if rng.random() < 0.2:
        sort = rng.choice([SortBy.PRICE_ASC, SortBy.PRICE_DESC, SortBy.RATING, SortBy.NEWEST])
        fields["sort"] = sort
        if sort in (SortBy.PRICE_ASC, SortBy.PRICE_DESC):
            fields["currency"] = "USD"
    if rng.random() < 0.15:
        fields["page"] = rng.randint(2, 5)
    return SearchQuery(**fields)  # type: ignore[arg-type]


class NaiveScan:
    """Tokenise once; per query, loop over every card, filter, count matches, sort."""

    def __init__(self, docs: Sequence[SearchDocument]) -> None:
        self.cards = [
            (doc, Counter(tokenize(f"{doc.title} {' '.join(doc.tags)} {doc.description}")))
            for doc in docs
        ]

    def search(self, query: SearchQuery) -> tuple[int, list[str]]:
        words = list(dict.fromkeys(tokenize(query.text)))
        matches: list[tuple[float, SearchDocument]] = []
        for doc, counts in self.cards:
            if not passes(doc, query):
                continue
            score = sum(counts[word] for word in words if word in counts)
            if score or not words:
                matches.append((score, doc))
        matches.sort(key=naive_key(query.sort))
        start = (query.page - 1) * query.per_page
        return len(matches), [doc.listing_id for _, doc in matches[start : start + query.per_page]]


def passes(doc: SearchDocument, query: SearchQuery) -> bool:
    if query.category is not None and doc.category != query.category:
        return False
    if query.currency is not None and doc.currency != query.currency:
        return False
    if query.min_price is not None and doc.price < query.min_price:
        return False
    if query.max_price is not None and doc.price > query.max_price:
        return False
    if query.max_delivery_days is not None and doc.delivery_days > query.max_delivery_days:
        return False
    if query.min_seller_level is not None and doc.seller_level < query.min_seller_level:
        return False
    return query.min_rating is None or (doc.rating is not None and doc.rating >= query.min_rating)


def naive_key(sort: SortBy) -> Callable[[tuple[float, SearchDocument]], tuple[object, ...]]:
    keys: dict[SortBy, Callable[[tuple[float, SearchDocument]], tuple[object, ...]]] = {
        SortBy.RELEVANCE: lambda item: (-item[0], item[1].listing_id),
        SortBy.PRICE_ASC: lambda item: (item[1].price, item[1].listing_id),
        SortBy.PRICE_DESC: lambda item: (-item[1].price, item[1].listing_id),
        SortBy.RATING: lambda item: (
            item[1].rating is None,
            -(item[1].rating or 0),
            -item[1].review_count,
            item[1].listing_id,
        ),
        SortBy.NEWEST: lambda item: (-item[1].published_at, item[1].listing_id),
    }
    return keys[sort]


@dataclass
class Latency:
    median_ms: float
    p99_ms: float

    @classmethod
    def of(cls, seconds: list[float]) -> Latency:
        millis = [value * 1000 for value in seconds]
        p99 = statistics.quantiles(millis, n=100)[98] if len(millis) > 1 else millis[0]
        return cls(median_ms=statistics.median(millis), p99_ms=p99)

    def __str__(self) -> str:
        return f"median {self.median_ms:8.3f} ms   p99 {self.p99_ms:8.3f} ms"


def time_queries(
    search: Callable[[SearchQuery], Answer],
    queries: list[SearchQuery],
    seconds: float = math.inf,
) -> tuple[list[float], list[Answer]]:
    """Time each query on its own (stopping after ``seconds``); return timings and answers."""
    timings: list[float] = []
    answers: list[Answer] = []
    clock = time.perf_counter
    deadline = clock() + seconds
    for query in queries:
        if clock() > deadline:
            break
        start = clock()
        answer = search(query)
        timings.append(clock() - start)
        answers.append(answer)
    return timings, answers


def build_index(docs: Sequence[SearchDocument]) -> InMemorySearchIndex:
    index = InMemorySearchIndex()
    for doc in docs:
        index.index(doc)
    return index


def peak_mib(build: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    kept = build()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    gc.collect()
    return peak / 2**20


@contextlib.contextmanager
def postgres_server(wanted: bool) -> Iterator[tuple[str | None, str]]:
    """A PostgreSQL URL (``MICROJOB_POSTGRES_URL``, or a throwaway cluster) and what it is."""
    given = os.environ.get("MICROJOB_POSTGRES_URL")
    if not wanted:
        yield None, "--no-postgres"
    elif given:
        yield given, "MICROJOB_POSTGRES_URL"
    else:
        from tests.pg import Cluster, find_bin_dir

        bin_dir = find_bin_dir()
        if bin_dir is None:
            yield None, "no MICROJOB_POSTGRES_URL and no PostgreSQL server binaries"
            return
        cluster = Cluster(bin_dir, durable=True).start()
        try:
            yield cluster.url, f"throwaway cluster from {bin_dir}, default durability"
        finally:
            cluster.stop()


@contextlib.contextmanager
def sql_index(kind: str, pg_url: str | None) -> Iterator[SqlSearchIndex]:
    """An empty shared index on a fresh SQLite file (WAL, FULL) or PostgreSQL schema."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="microjob-bench-") as directory:
            store = SqlStore(f"sqlite:///{directory}/search.db")
            try:
                yield store.search_index()
            finally:
                store.close()
        return
    from tests.pg import Schema

    assert pg_url is not None
    schema = Schema(pg_url)
    store = SqlStore(schema.url, **schema.options)
    try:
        yield store.search_index()
    finally:
        store.close()
        schema.drop()


def run_sql(
    kind: str,
    pg_url: str | None,
    corpus: Corpus,
    memory_pages: list[SearchPage],
    memory: Latency,
) -> None:
    with sql_index(kind, pg_url) as index:
        start = time.perf_counter()
        for first in range(0, len(corpus.docs), SQL_CHUNK):
            index.index_many(corpus.docs[first : first + SQL_CHUNK])
        load_s = time.perf_counter() - start
        cold = Latency.of(time_queries(index.search, corpus.queries)[0])
        timings, pages = time_queries(index.search, corpus.queries)
        steady = Latency.of(timings)
        totals = sum(a.total == b.total for a, b in zip(pages, memory_pages, strict=True))
        same_order = [
            [hit.listing_id for hit in a.hits] == [hit.listing_id for hit in b.hits]
            for a, b, query in zip(pages, memory_pages, corpus.queries, strict=True)
            if query.sort is not SortBy.RELEVANCE or not tokenize(query.text)
        ]
        step = max(1, len(corpus.docs) // SQL_EDITS)
        changes = [
            attrs.evolve(doc, title=f"{doc.title} edited")
            for doc in corpus.docs[::step][:SQL_EDITS]
        ]
        writes = Latency.of(time_queries(index.index, changes)[0])
    name = "FTS5 (SQLite file, WAL)" if kind == "sqlite" else "PostgreSQL (tsvector, GIN)"
    print(f"{name + ': load, first pass':34}{load_s:8.1f}s   {cold}")
    print(
        f"{name + ': second pass':34}{'':9}   {steady}   "
        f"x{steady.median_ms / memory.median_ms:,.1f} / x{steady.p99_ms / memory.p99_ms:,.1f} "
        "memory"
    )
    print(f"{name + ': re-index one card':34}{'':9}   {writes}")
    print(
        f"{'':43}totals agree with memory on {totals}/{len(pages)}; sorted and browsing "
        f"pages identical on {sum(same_order)}/{len(same_order)}"
    )


def run(size: int, sql_kinds: Sequence[str] = (), pg_url: str | None = None) -> None:
    started = time.perf_counter()
    corpus = make_corpus(size)
    print(f"\n== {size:,} cards, {len(corpus.queries)} queries ==")

    start = time.perf_counter()
    index = build_index(corpus.docs)
    build_s = time.perf_counter() - start
    cold = Latency.of(time_queries(index.search, corpus.queries)[0])
    steady_timings, pages = time_queries(index.search, corpus.queries)
    steady = Latency.of(steady_timings)

    warmed = build_index(corpus.docs)
    start = time.perf_counter()
    warmed.warm()
    warm_s = time.perf_counter() - start
    after_warm = Latency.of(time_queries(warmed.search, corpus.queries)[0])
    del warmed

    start = time.perf_counter()
    naive = NaiveScan(corpus.docs)
    naive_build_s = time.perf_counter() - start
    naive_timings, naive_answers = time_queries(
        naive.search, corpus.queries[:NAIVE_QUERIES], NAIVE_SECONDS
    )
    subset = corpus.queries[: len(naive_timings)]
    naive_latency = Latency.of(naive_timings)
    index_subset = Latency.of(steady_timings[: len(subset)])
    agree = sum(page.total == answer[0] for page, answer in zip(pages, naive_answers, strict=False))
    del index, naive

    print(f"{'':34}{'prepare':>9}   latency")
    print(f"{'index: build, then first pass':34}{build_s:8.2f}s   {cold}")
    print(f"{'index: second pass':34}{'':9}   {steady}")
    print(f"{'index: warm(), then first pass':34}{warm_s:8.2f}s   {after_warm}")
    print(
        f"{'naive scan: tokenise, then scan':34}{naive_build_s:8.2f}s   {naive_latency}"
        f"   ({len(subset)} queries)"
    )
    naive_total = sum(naive_timings)
    index_total = sum(steady_timings[: len(subset)])
    print(
        f"speed-up on the same {len(subset)} queries (index second pass vs naive scan): "
        f"{naive_latency.median_ms / index_subset.median_ms:,.0f}x at the median, "
        f"{naive_total / index_total:,.0f}x in total time; "
        f"totals agree on {agree}/{len(subset)}"
    )
    index_mib = peak_mib(lambda: build_index(corpus.docs))
    naive_mib = peak_mib(lambda: NaiveScan(corpus.docs))
    print(
        f"peak memory while building (tracemalloc): index {index_mib:,.0f} MiB, "
        f"naive {naive_mib:,.0f} MiB"
    )
    if sql_kinds:
        print("shared SQL indexes, same queries (ratios: SQL / memory second pass, p50 / p99):")
        for kind in sql_kinds:
            run_sql(kind, pg_url, corpus, pages, steady)
    print(f"({time.perf_counter() - started:.0f}s for this size)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="10000,100000",
        help="comma-separated catalogue sizes (default: 10000,100000)",
    )
    parser.add_argument(
        "--sql-sizes",
        default="100000",
        help="sizes at which the SQL indexes run too (default: 100000; '' for none)",
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite FTS5 only")
    args = parser.parse_args(argv)
    sizes = [int(part) for part in args.sizes.split(",") if part.strip()]
    sql_sizes = {int(part) for part in args.sql_sizes.split(",") if part.strip()}
    print(f"Python {sys.version.split()[0]}, seed {SEED}")
    wanted = bool(sql_sizes & set(sizes)) and not args.no_postgres
    with postgres_server(wanted) as (pg_url, where):
        kinds = ["sqlite"] + (["postgres"] if pg_url else [])
        print(f"PostgreSQL: {where}")
        for size in sizes:
            run(size, kinds if size in sql_sizes else (), pg_url)


if __name__ == "__main__":
    main()
