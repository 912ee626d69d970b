"""The SQL records repository: records of any kind, as JSON documents with equality-index
rows for the fields a kind declares (see `microjob.ports.RecordRepository`).

Read ``FOR UPDATE`` on PostgreSQL (a command's unit of work) and saved only at the version
read, so a concurrent change comes back as [`Conflict`][microjob.errors.Conflict]; saves are
written together when the unit of work commits or before its next statement.
"""

from __future__ import annotations

import itertools
import json
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import sqlalchemy as sa

from microjob.adapters.codec import codec
from microjob.adapters.sql.documents import _index_value, _json
from microjob.adapters.sql.schema import record_index_t, record_kinds_t, records_t
from microjob.adapters.sql.statements import _MANY, _padded_parts
from microjob.errors import Conflict, NotFound
from microjob.ports import AnyOf, Record

if TYPE_CHECKING:
    from microjob.adapters.sql.unit_of_work import SqlUnitOfWork

R = TypeVar("R", bound=Record)


class SqlRecords(Generic[R]):
    """The records of one kind: JSON documents plus equality-index rows for declared fields."""

    def __init__(
        self, uow: SqlUnitOfWork, kind: str, record_type: type[R], index: tuple[str, ...]
    ) -> None:
        self._uow = uow
        self._kind = kind
        self._space = f"record:{kind}"
        self._type = record_type
        self._index = index
        self._decoder = codec.decoder(record_type)
        self._encoder = codec.encoder(record_type)
        self._read: dict[str, tuple[int, R]] = {}
        self._scan = False
        """A read-only unit of work met this kind's index out of date: ``where`` scans."""

    def _load(self, text: str) -> R:
        record: R = self._decoder(json.loads(text))
        return record

    def _check_kind(self) -> None:
        """Make the stored index match the declared one (re-indexing after an upgrade that
        changed it), once per store and kind.

        A kind with no stored row has no records (a kind's row is written with its first
        record, in the same transaction): the store notes it as unstored, and the first
        `add` stores the row. So transactions that only read a kind with no records, and roll
        back, do not check it again and again."""
        uow = self._uow
        s = uow._s
        if uow._saves:
            uow.flush_records()  # re-indexing reads the kind's records
        row = uow.q1(s.kind_get, {"kind": self._kind})
        if row is None:
            uow.store._unstored_kinds.add(self._kind)
            return
        uow.store._unstored_kinds.discard(self._kind)
        fields = _json(list(self._index))
        if row[0] == fields:
            # nothing to write, so nothing a rollback could undo: checked for good
            uow.store._checked_kinds.add(self._kind)
            return
        if uow.read_only:
            # A query may not write: on SQLite its deferred snapshot cannot take the write lock
            # (SQLITE_BUSY_SNAPSHOT, or a command waiting for it). It answers from a scan of
            # the kind; the next command to open the kind re-indexes it for good.
            self._scan = True
            return
        x = record_index_t.c
        uow.run(record_index_t.delete().where(x.kind == self._kind))
        r = records_t.c
        stored: list[Any] = uow.run(
            sa.select(r.seq, r.data).where(r.kind == self._kind).order_by(r.seq)
        ).fetchall()
        params = [p for rec in stored for p in self._index_rows(int(rec[0]), self._load(rec[1]))]
        if params:
            uow.qmany(s.index_insert, params)
        uow.run(
            record_kinds_t.update().where(record_kinds_t.c.kind == self._kind).values(fields=fields)
        )
        uow._new_kinds.append(self._kind)

    def _store_kind(self) -> None:
        """Store this kind's row with its first record (see `_check_kind`); if another
        process stored it first, check it as any stored kind."""
        uow = self._uow
        kind = self._kind
        if kind not in uow.store._unstored_kinds or kind in uow._new_kinds:
            return
        fields = _json(list(self._index))
        if uow.q(uow._s.kind_insert, {"kind": kind, "fields": fields}).rowcount == 1:
            uow._new_kinds.append(kind)
        else:
            self._check_kind()

    def _index_rows(self, seq: int, record: R) -> list[dict[str, Any]]:
        return [
            {
                "kind": self._kind,
                "name": name,
                "value": _index_value(getattr(record, name)),
                "seq": seq,
            }
            for name in self._index
        ]

    def next_id(self) -> str:
        return self._uow.store.next_id(self._kind[:1], self._uow)

    def find(self, record_id: str) -> R | None:
        held = self._read.get(record_id)
        if held is not None:  # read (and locked) or written in this transaction already
            return held[1]
        uow = self._uow
        prefetched = uow._prefetched
        if prefetched and (key := (self._kind, record_id)) in prefetched:
            row: Any = prefetched.pop(key)
        else:
            row = uow.q1(uow._s.record_get, {"kind": self._kind, "id": record_id})
        if row is None:
            return None
        record: R = uow.store.decoded(self._space, record_id, row[1], self._load)
        self._read[record_id] = (int(row[0]), record)
        return record

    def get(self, record_id: str) -> R:
        record = self.find(record_id)
        if record is None:
            raise NotFound(f"no {self._kind} {record_id!r}")
        return record

    def add(self, record: R) -> None:
        uow = self._uow
        s = uow._s
        self._store_kind()
        text = _json(self._encoder(record))
        row = uow.q1(
            s.record_insert,
            {"kind": self._kind, "id": record.id, "version": record.version, "data": text},
        )
        if row is None:
            raise Conflict(f"{self._kind} {record.id!r} already exists")
        seq = int(row[0])
        if self._index:
            uow.qmany(s.index_insert, self._index_rows(seq, record))
        uow.store.remember(self._space, record.id, text, record)
        self._read[record.id] = (seq, record)

    def save(self, record: R) -> None:
        uow = self._uow
        s = uow._s
        read = self._read.get(record.id)
        if read is None:
            if self.find(record.id) is None:
                raise NotFound(f"no {self._kind} {record.id!r} to save")
            read = self._read[record.id]
        seq, current = read
        if record.version <= current.version:
            raise Conflict(
                f"{self._kind} {record.id} changed since it was read; reload it and try again"
            )
        text = _json(self._encoder(record))
        kind = self._kind
        if uow.store.update_from:
            # written with the unit of work's other saves, in one statement per table, before
            # anything reads records again (`SqlUnitOfWork.flush_records`)
            saves = uow._saves
            held = saves.get((kind, record.id))
            if held is None:
                saves[(kind, record.id)] = [current.version, record.version, text]
            else:  # saved again: still expected at the version stored
                held[1], held[2] = record.version, text
            moves = uow._moves
            for name in self._index:
                old = _index_value(getattr(current, name))
                new = _index_value(getattr(record, name))
                if old != new:
                    moved = moves.get((kind, name, seq))
                    if moved is None:
                        moves[(kind, name, seq)] = [old, new]
                    else:
                        moved[1] = new
        else:
            cursor = uow.q(
                s.record_update,
                {
                    "rkind": kind,
                    "rid": record.id,
                    "expected": current.version,
                    "version": record.version,
                    "data": text,
                },
            )
            if cursor.rowcount != 1:
                raise Conflict(
                    f"{kind} {record.id} changed since it was read; reload it and try again"
                )
            for name in self._index:
                old = _index_value(getattr(current, name))
                new = _index_value(getattr(record, name))
                if old != new:
                    uow.q(
                        s.index_update,
                        {"kind": kind, "name": name, "seq": seq, "old": old, "new": new},
                    )
        uow.store.remember(self._space, record.id, text, record)
        self._read[record.id] = (seq, record)

    def where(self, **fields: object) -> list[R]:
        uow = self._uow
        store = uow.store
        if uow._saves:
            uow.flush_records()
        if not fields:
            rows = uow.q(uow._s.record_all, {"kind": self._kind}).fetchall()
        else:
            unknown = set(fields) - set(self._index)
            if unknown:
                raise ValueError(f"{self._kind} records are not indexed by {sorted(unknown)}")
            if self._scan:
                rows = uow.q(uow._s.record_all, {"kind": self._kind}).fetchall()
                found = [store.decoded(self._space, str(i), text, self._load) for i, text in rows]
                wanted = {
                    name: {_index_value(v) for v in value.values}
                    if isinstance(value, AnyOf)
                    else {_index_value(value)}
                    for name, value in fields.items()
                }
                return [
                    record
                    for record in found
                    if all(_index_value(getattr(record, n)) in v for n, v in wanted.items())
                ]
            names = tuple(sorted(fields))
            # An `AnyOf`'s values go `_MANY` (shared by its fields) to a statement, within
            # SQLite's smallest limit of 999 parameters and PostgreSQL's 65,535, in parts of a
            # few sizes (`_padded_parts`).
            many = sum(isinstance(fields[n], AnyOf) for n in names)
            per = max(1, _MANY // max(1, many))
            parts: list[list[list[str] | None]] = []
            for name in names:
                value = fields[name]
                if isinstance(value, AnyOf):
                    texts = sorted({_index_value(v) for v in value.values})
                    if not texts:
                        return []
                    parts.append(list(_padded_parts(texts, per)))
                else:
                    parts.append([None])
            found_rows: list[Any] = []
            for chosen in itertools.product(*parts):
                params: dict[str, Any] = {"kind": self._kind}
                shape: list[int] = []  # per field: -1 for one value, else its IN's size
                for number, (name, chunk) in enumerate(zip(names, chosen, strict=True)):
                    if chunk is None:
                        shape.append(-1)
                        params[f"v{number}"] = _index_value(fields[name])
                        continue
                    shape.append(len(chunk))
                    for k, text in enumerate(chunk):
                        params[f"v{number}_{k}"] = text
                frozen = tuple(shape)
                st = store.compiled(("where", names, frozen), partial(_where, names, frozen))
                found_rows += uow.q(st, params).fetchall()
            if len(found_rows) > 1:
                found_rows.sort(key=lambda row: int(row[0]))  # parts: insertion order again
            rows = [(i, text) for _, i, text in found_rows]
        return [store.decoded(self._space, str(i), text, self._load) for i, text in rows]


def _where(names: tuple[str, ...], shape: tuple[int, ...]) -> Any:
    """Records joined to one index row per field: equal to ``v{n}``, or (``shape[n]`` values
    of an `AnyOf`) in ``v{n}_0``, ``v{n}_1``, …"""
    r = records_t.c
    source: Any = records_t
    for number, (name, count) in enumerate(zip(names, shape, strict=True)):
        alias = record_index_t.alias(f"i{number}")
        value = alias.c.value
        matches = (
            value == sa.bindparam(f"v{number}")
            if count < 0
            else value.in_([sa.bindparam(f"v{number}_{k}") for k in range(count)])
        )
        source = source.join(
            alias,
            sa.and_(
                alias.c.seq == r.seq,
                alias.c.kind == sa.bindparam("kind"),
                alias.c.name == name,
                matches,
            ),
        )
    return (
        sa.select(r.seq, r.id, r.data)
        .select_from(source)
        .where(r.kind == sa.bindparam("kind"))
        .order_by(r.seq)
    )
