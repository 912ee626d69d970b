"""Search over service cards kept in the database, shared by every process that opens it.

`SqlSearchIndex` implements the [`SearchIndex`][microjob.search.SearchIndex] port on the SQL
store: SQLite's FTS5 or PostgreSQL's full-text search (a GIN-indexed ``tsvector``). An index in
memory is per process, so two workers on one database answer differently until one rebuilds;
this one is the database's, so a card published by one worker is found by every other at once.

It gives the answers of [`InMemorySearchIndex`][microjob.search.InMemorySearchIndex] wherever that
does not
depend on relevance arithmetic (the contract tests run both, see ``tests/test_search_contract.py``):

* **The same words.** Cards and queries go through microjob's own analyser
  ([`microjob.search.tokenize`][microjob.search.tokenize]: case folding, accents stripped from Latin
  and Greek letters, stop words dropped) before the database sees them; the database stores and
  matches those words as they are. FTS5 tokenizes them again with ``unicode61 remove_diacritics 2``
  (told that combining marks belong to words, so a Devanagari word stays one word), which
  changes nothing on already folded words; PostgreSQL receives a ready ``tsvector`` and
  ``tsquery``, so no text search configuration, stemmer or stop list of the server applies.
* **The same matches.** A card matches when it holds at least one query word; the last query
  word, when no card holds it, is completed to the (at most eight) commonest words starting
  with it, counted in ``microjob_search_words``. So the same cards match, ``total`` is the same,
  and the number of query words a card matches (the integer part of its score) is the same.
* **The same order, except inside a relevance tier.** Cards matching more words come first;
  within that, FTS5 ranks by ``bm25()`` with the title, tags and description weighted
  3 : 2 : 1, PostgreSQL by ``ts_rank_cd`` with the same weights (A, B and D) and length
  normalisation; ties go to the smaller listing id. Price, rating and newest orders, filters,
  ``total`` and paging are exact, prices compared as exact decimals.

Words longer than `MAX_WORD` characters are compared on their first `MAX_WORD`
(the memory index compares them whole). Writes happen in their own short transactions (the
port is called after a command has committed); reads run in one read-only snapshot, so
``total`` and the page always agree.

Writes of one card from several processes may land in any order, so stamped writes are
ordered as the port says: ``microjob_search_stamps`` keeps the highest stamp applied per card
(a removed card's too), and each write compares and keeps it first, in one statement that
holds the stamp row's lock until the write commits — the second of two concurrent writers
compares with what the first kept.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from microjob.adapters.sql.engine import _translate
from microjob.adapters.sql.search_sql import (
    _CARD_COLUMNS,
    _INT_LIMIT,
    _ORDER_BY,
    CARDS,
    FTS,
    FTS5_TOKENIZER,
    MAX_WORD,
    STAMPS,
    WORDS,
    _after_prefix,
    _Card,
    _card,
    _counted,
    _filters,
    _pyformat,
    _ranked,
    _word_set,
    storable,
)
from microjob.errors import Conflict
from microjob.search.contract import SearchDocument, SearchHit, SearchPage, SearchQuery, SortBy
from microjob.search.memory import _PREFIX_EXPANSIONS, _PREFIX_MIN
from microjob.search.text import _query_words

if TYPE_CHECKING:
    from microjob.adapters.sql.store import SqlStore

T = TypeVar("T")
_WRITE_ATTEMPTS = 3  # a write that collided with a concurrent one is tried again this often


class SqlSearchIndex:
    """The catalogue's search index in the marketplace's database (see the module docstring).

    Get it from `SqlStore.search_index() <microjob.adapters.sql.SqlStore.search_index>`
    and hand it to the marketplace (``search_index=``). Safe to share between threads; every
    process that opens the database sees the same index.
    """

    def __init__(self, store: SqlStore) -> None:
        self.store = store
        self.postgres = store.is_postgres
        if not self.postgres:
            self._create_fts()

    def __repr__(self) -> str:
        return f"SqlSearchIndex({self.store!r})"

    # -- transactions ------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return _pyformat(sql) if self.postgres else sql

    @contextlib.contextmanager
    def _transaction(self, write: bool) -> Iterator[Any]:
        """One transaction on a driver connection: SQLite ``BEGIN IMMEDIATE`` to write (one
        writer at a time) or a plain ``BEGIN`` to read (never waits); PostgreSQL a read-only
        snapshot to read, row locks to write."""
        store = self.store
        serial = store._serial
        if serial is not None:
            serial.acquire()
        try:
            pooled = store.engine.raw_connection()
            raw: Any = pooled.driver_connection
            try:
                if not self.postgres:
                    raw.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                elif not write:
                    raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield raw
                raw.commit()
            except store.dbapi_error as exc:
                with contextlib.suppress(Exception):
                    raw.rollback()
                raise _translate(exc, "the search index") from exc
            except BaseException:
                with contextlib.suppress(Exception):
                    raw.rollback()
                raise
            finally:
                pooled.close()
        finally:
            if serial is not None:
                serial.release()

    def _run(self, raw: Any, sql: str, params: dict[str, Any] | None = None) -> Any:
        return raw.execute(self._sql(sql), params or {})

    def _create_fts(self) -> None:
        """Build the FTS5 index over the cards' word columns, once per database.

        It is derived data: its content is read from ``microjob_search_cards``, triggers keep
        it in step with every write to that table, and ``rebuild`` fills it from the table when
        it is created. (It is not made by the migration because FTS5 adds shadow tables no
        schema model can describe.)
        """
        with self._transaction(write=False) as raw:
            if raw.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (FTS,)).fetchone():
                return
        words = "title_words, tags_words, description_words"
        old = "old.title_words, old.tags_words, old.description_words"
        new = "new.title_words, new.tags_words, new.description_words"
        remove = f"INSERT INTO {FTS}({FTS}, rowid, {words}) VALUES ('delete', old.seq, {old});"
        add = f"INSERT INTO {FTS}(rowid, {words}) VALUES (new.seq, {new});"
        try:
            with self._transaction(write=True) as raw:
                raw.execute(
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5({words}, "
                    f"content='{CARDS}', content_rowid='seq', tokenize=\"{FTS5_TOKENIZER}\")"
                )
                for name, event, body in (
                    ("insert", "AFTER INSERT", add),
                    ("delete", "AFTER DELETE", remove),
                    ("update", "AFTER UPDATE", remove + " " + add),
                ):
                    raw.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {FTS}_{name} {event} ON {CARDS} "
                        f"BEGIN {body} END"
                    )
                raw.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
        except Exception as exc:
            if "fts5" in str(exc).lower():
                raise RuntimeError(
                    "this Python's SQLite has no FTS5 (full-text search) module; use a build "
                    "with FTS5 (the python.org and most Linux builds have it) or PostgreSQL"
                ) from exc
            raise

    def _write(self, work: Callable[[Any], T]) -> T:
        """Run ``work(raw)`` in a write transaction, again if a concurrent writer collided."""
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                with self._transaction(write=True) as raw:
                    return work(raw)
            except Conflict:
                if attempt == _WRITE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    # -- what is indexed ------------------------------------------------------------------------
    def count(self) -> int:
        """How many cards are indexed.

        A method rather than ``len()``: an object with ``__len__`` is false when empty, and an
        empty shared index must not read as "no index given" (``index or default``).
        """
        with self._transaction(write=False) as raw:
            return int(self._run(raw, f"SELECT count(*) FROM {CARDS}").fetchone()[0])

    def __contains__(self, listing_id: object) -> bool:
        if not isinstance(listing_id, str) or not storable(listing_id):
            return False
        return self._stored(listing_id)[0] is not None

    def _stored(self, listing_id: str) -> tuple[str | None, int | None]:
        """The card's fingerprint (None: not indexed) and kept stamp (None: none kept)."""
        with self._transaction(write=False) as raw:
            row = self._run(
                raw,
                f"SELECT (SELECT fingerprint FROM {CARDS} WHERE listing_id = :id), "
                f"(SELECT stamp FROM {STAMPS} WHERE listing_id = :id)",
                {"id": listing_id},
            ).fetchone()
        return (
            None if row[0] is None else str(row[0]),
            None if row[1] is None else int(row[1]),
        )

    # -- writes ------------------------------------------------------------------------------
    def index(self, doc: SearchDocument) -> None:
        """Add a card or replace the card with the same ``listing_id``, unless a greater stamp
        is kept for it (stamped writes: see [`SearchIndex`][microjob.search.SearchIndex]).

        Indexing a card exactly as stored (and stamped) costs one read and writes nothing, so
        every process may refill the shared index from the catalogue on start without
        rewriting it; so does a document older than the kept stamp.
        """
        card = _card(doc, self.postgres)
        fingerprint, kept = self._stored(doc.listing_id)
        if doc.stamp is not None and kept is not None and kept > doc.stamp:
            return
        if fingerprint == card.row["fingerprint"] and kept == doc.stamp:
            return
        self._write(lambda raw: self._put(raw, [card]))

    def index_many(self, docs: Iterable[SearchDocument]) -> int:
        """Add or replace many cards in one transaction (a bulk load); returns how many were
        written (cards already stored exactly as given, or stamped older than the kept stamp,
        are not). Every card is checked before anything is written."""
        cards = [_card(doc, self.postgres) for doc in docs]
        return self._write(lambda raw: self._put(raw, cards))

    def remove(self, listing_id: str, stamp: int | None = None) -> None:
        """Forget a card; unknown ids are ignored so removal can be retried safely. A stamped
        removal applies only when newer than the kept stamp, and is kept (a tombstone): an
        older document arriving later cannot bring the card back."""
        if not storable(listing_id):
            return  # no card can have this id (`_card` refuses it)
        fingerprint, kept = self._stored(listing_id)
        if stamp is None and fingerprint is None and kept is None:
            return
        if stamp is not None and kept is not None and kept >= stamp:
            return
        self._write(lambda raw: self._drop(raw, listing_id, stamp))

    def resync(self, read: Callable[[], tuple[list[SearchDocument], set[str]]]) -> int:
        """Bring the tables back in line with the store, whatever was done to them by hand:
        what [`ListingIndex.rebuild`][microjob.services.listing_index.ListingIndex.rebuild]
        runs on this index. ``read`` reads the store: the documents of the published cards and
        the id of every stored listing. Returns how many cards were given.

        * A card whose listing the store does not hold is dropped. The index is read before
          the store: a card is written only after its listing's command committed, so a
          listing missing from the later read never was, even while cards are published.
        * Every given card is written again, whole (an edited row keeps its fingerprint, so
          the fingerprint is not trusted here), unless a newer stamped write landed since.
        * The word counts are counted again from the rows, and FTS5's index rebuilt from them,
          in the same transaction (on PostgreSQL with the tables locked against writers).
        """
        with self._transaction(write=False) as raw:
            before = {str(row[0]) for row in self._run(raw, f"SELECT listing_id FROM {CARDS}")}
        docs, stored = read()
        cards = [_card(doc, self.postgres) for doc in docs]
        ghosts = sorted(before - stored)
        self._write(lambda raw: self._resync(raw, cards, ghosts))
        return len(cards)

    def clear(self) -> None:
        """Forget every card, and every kept stamp."""

        def work(raw: Any) -> None:
            self._run(raw, f"DELETE FROM {CARDS}")
            self._run(raw, f"DELETE FROM {WORDS}")
            self._run(raw, f"DELETE FROM {STAMPS}")

        self._write(work)

    def _claim(self, raw: Any, listing_id: str, stamp: int | None, *, newer: bool) -> bool:
        """Whether a write stamped ``stamp`` applies to the card, keeping its stamp if so.

        The one statement compares and keeps the stamp, and holds the stamp row's lock (on
        PostgreSQL) until the write commits, so two writers of one card take turns and the
        second compares with what the first kept. An unstamped write applies and forgets the
        card's stamp. ``newer``: a removal needs a greater stamp, a document an equal one.
        """
        if stamp is None:
            self._run(raw, f"DELETE FROM {STAMPS} WHERE listing_id = :id", {"id": listing_id})
            return True
        older = "<" if newer else "<="
        row = self._run(
            raw,
            f"INSERT INTO {STAMPS} (listing_id, stamp) VALUES (:id, :stamp) "
            f"ON CONFLICT (listing_id) DO UPDATE SET stamp = excluded.stamp "
            f"WHERE {STAMPS}.stamp {older} excluded.stamp RETURNING stamp",
            {"id": listing_id, "stamp": stamp},
        ).fetchone()
        return row is not None

    def _current(self, raw: Any, listing_id: str) -> Any:
        lock = " FOR UPDATE" if self.postgres else ""
        return self._run(
            raw,
            f"SELECT seq, fingerprint, title_words, tags_words, description_words "
            f"FROM {CARDS} WHERE listing_id = :id{lock}",
            {"id": listing_id},
        ).fetchone()

    def _put(self, raw: Any, cards: list[_Card], *, whole: bool = False) -> int:
        """Write the cards that apply (stamps compared and kept); returns how many. A card
        stored with the same fingerprint is skipped and the word counts follow each write,
        unless ``whole``: then every card is written again and the caller counts the words
        (`_resync`, which trusts no stored row)."""
        changes: dict[str, int] = {}
        written = 0
        columns = list(_CARD_COLUMNS) + (["document"] if self.postgres else [])
        values = [
            "CAST(:document AS tsvector)" if column == "document" else f":{column}"
            for column in columns
        ]
        insert = f"INSERT INTO {CARDS} ({', '.join(columns)}) VALUES ({', '.join(values)})"
        update = (
            f"UPDATE {CARDS} SET "
            + ", ".join(f"{c} = {v}" for c, v in zip(columns, values, strict=True))
            + " WHERE seq = :seq"
        )
        # In listing id order (a stable sort keeps repeated ids in their given order): two
        # bulk writers lock the stamp and card rows they share in the same order.
        for card in sorted(cards, key=lambda c: str(c.row["listing_id"])):
            if not self._claim(raw, card.row["listing_id"], card.stamp, newer=False):
                continue
            current = self._current(raw, card.row["listing_id"])
            if not whole:
                if current is not None and current[1] == card.row["fingerprint"]:
                    continue
                old = set() if current is None else _word_set(current[2:])
                new = card.vocabulary
                for word in new - old:
                    changes[word] = changes.get(word, 0) + 1
                for word in old - new:
                    changes[word] = changes.get(word, 0) - 1
            if current is None:
                self._run(raw, insert, card.row)
            else:
                self._run(raw, update, {**card.row, "seq": current[0]})
            written += 1
        self._count_words(raw, changes)
        return written

    def _resync(self, raw: Any, cards: list[_Card], ghosts: list[str]) -> None:
        if self.postgres:
            # Writers take these in this order (stamp, card, words): waiting for one that
            # is halfway through cannot deadlock, and none starts until the commit.
            self._run(raw, f"LOCK TABLE {STAMPS}, {CARDS}, {WORDS} IN SHARE ROW EXCLUSIVE MODE")
        for listing_id in ghosts:
            self._run(raw, f"DELETE FROM {CARDS} WHERE listing_id = :id", {"id": listing_id})
            self._claim(raw, listing_id, None, newer=True)  # and its stamp
        self._put(raw, cards, whole=True)
        rows = self._run(raw, f"SELECT title_words, tags_words, description_words FROM {CARDS}")
        counts = Counter(word for row in rows.fetchall() for word in _word_set(row))
        self._run(raw, f"DELETE FROM {WORDS}")
        self._count_words(raw, dict(counts))
        if not self.postgres:
            self._run(raw, f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")

    def _drop(self, raw: Any, listing_id: str, stamp: int | None) -> None:
        if not self._claim(raw, listing_id, stamp, newer=True):
            return
        current = self._current(raw, listing_id)
        if current is None:
            return
        self._run(raw, f"DELETE FROM {CARDS} WHERE seq = :seq", {"seq": current[0]})
        self._count_words(raw, dict.fromkeys(_word_set(current[2:]), -1))

    def _count_words(self, raw: Any, changes: dict[str, int]) -> None:
        """Apply per-word changes of card counts, in word order (concurrent writers then lock
        the rows they share in the same order and cannot deadlock), dropping words no card
        holds any more."""
        upsert = self._sql(
            f"INSERT INTO {WORDS} (word, cards) VALUES (:word, :n) ON CONFLICT (word) "
            f"DO UPDATE SET cards = {WORDS}.cards + excluded.cards"
        )
        rows = [{"word": w, "n": n} for w, n in sorted(changes.items()) if n]
        if not rows:
            return
        if self.postgres:
            with raw.cursor() as cursor:
                cursor.executemany(upsert, rows)
        else:
            raw.executemany(upsert, rows)
        gone = [{"word": w} for w, n in sorted(changes.items()) if n < 0]
        if gone:
            delete = self._sql(f"DELETE FROM {WORDS} WHERE word = :word AND cards <= 0")
            if self.postgres:
                with raw.cursor() as cursor:
                    cursor.executemany(delete, gone)
            else:
                raw.executemany(delete, gone)

    # -- search ------------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchPage:
        """Answer one query: ``total`` matching cards and the hits of the requested page."""
        words = list(dict.fromkeys(word[:MAX_WORD] for word in _query_words(query.text)))
        filters, params = _filters(query, self.postgres)
        params["limit"] = query.per_page
        params["offset"] = (query.page - 1) * query.per_page
        with self._transaction(write=False) as raw:
            if words:
                clauses = [c for c in self._clauses(raw, words) if c]
                if clauses:
                    total, hits = self._search_text(raw, clauses, filters, params, query.sort)
                else:
                    total, hits = 0, ()
            else:
                total, hits = self._browse(raw, filters, params, query.sort)
        return SearchPage(hits=hits, total=total, page=query.page, per_page=query.per_page)

    def _clauses(self, raw: Any, words: list[str]) -> list[tuple[str, ...]]:
        """Each query word as the indexed words it stands for: itself when some card holds
        it, else nothing; the last word, when no card holds it, its commonest completions."""
        marks = ", ".join(f":w{i}" for i in range(len(words)))
        known = {
            row[0]
            for row in self._run(
                raw,
                f"SELECT word FROM {WORDS} WHERE word IN ({marks})",
                {f"w{i}": word for i, word in enumerate(words)},
            )
        }
        clauses: list[tuple[str, ...]] = [(w,) if w in known else () for w in words]
        last = words[-1]
        if last not in known and len(last) >= _PREFIX_MIN:
            clauses[-1] = self._complete(raw, last)
        return clauses

    def _complete(self, raw: Any, prefix: str) -> tuple[str, ...]:
        after = _after_prefix(prefix)
        upper = "" if after is None else " AND word < :after"
        rows = self._run(
            raw,
            f"SELECT word FROM {WORDS} WHERE word >= :prefix{upper} "
            f"ORDER BY cards DESC, word LIMIT {_PREFIX_EXPANSIONS}",
            {"prefix": prefix, "after": after},
        )
        return tuple(row[0] for row in rows)

    def _browse(
        self, raw: Any, filters: str, params: dict[str, Any], sort: SortBy
    ) -> tuple[int, tuple[SearchHit, ...]]:
        total = self._count(raw, f"SELECT count(*) FROM {CARDS} AS c WHERE {filters}", params)
        if params["offset"] >= total:
            return total, ()
        rows = self._run(
            raw,
            f"SELECT c.listing_id FROM {CARDS} AS c WHERE {filters} "
            f"ORDER BY {_ORDER_BY[sort]} LIMIT :limit OFFSET :offset",
            params,
        )
        return total, tuple(SearchHit(row[0], 0.0) for row in rows)

    def _search_text(
        self,
        raw: Any,
        clauses: list[tuple[str, ...]],
        filters: str,
        params: dict[str, Any],
        sort: SortBy,
    ) -> tuple[int, tuple[SearchHit, ...]]:
        """Matching cards with their score: matched clauses plus the squashed rank.

        The score is computed by the database and used both to order and to report, so the
        reported scores decrease down a relevance page exactly as the page is ordered.
        """
        params = dict(params)
        sql = _ranked(clauses, filters, params, self.postgres)
        if params["offset"] >= _INT_LIMIT:
            # Far past the end (no database takes an offset that large): nothing to rank.
            return self._count(raw, _counted(filters, self.postgres), params), ()
        order = "score DESC, c.listing_id" if sort is SortBy.RELEVANCE else _ORDER_BY[sort]
        rows = self._run(raw, f"{sql} ORDER BY {order} LIMIT :limit OFFSET :offset", params)
        found = rows.fetchall()
        # A page past the end has no row to carry the count: count without ranking.
        total = (
            int(found[0][2])
            if found
            else self._count(raw, _counted(filters, self.postgres), params)
        )
        return total, tuple(SearchHit(row[0], float(row[1])) for row in found)

    def _count(self, raw: Any, sql: str, params: dict[str, Any]) -> int:
        return int(self._run(raw, sql, params).fetchone()[0])
