"""A query that is the first, after an upgrade, to open a record kind whose declared index
changed re-indexes the kind inside its read-only unit of work (`SqlRecords._check_kind`).

On SQLite that unit of work is a deferred transaction: the re-index is a write, so the query
upgrades its snapshot to the write lock. If any other connection committed since the
snapshot began, SQLite refuses at once (``SQLITE_BUSY_SNAPSHOT``, which no busy timeout waits
out): the query fails with a `Conflict` that blames a lock held "longer than the busy
timeout". If none did, the query takes the write lock and a command waits for the query, the
very thing read-only units of work are there to prevent. And since a query cannot commit, the
work is rolled back and redone by every query until some command happens to commit that kind.
Before read-only units of work, a query began ``BEGIN IMMEDIATE`` and its re-index could not
fail this way.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from microjob.adapters.sql import SqlStore
from microjob.testing.contract_records import GADGET_INDEX, Gadget, gadget_repo, sample_gadget

WAIT = 2.0


@pytest.fixture
def upgraded(tmp_path: Path) -> str:
    """A database whose gadgets were stored under an older, smaller index."""
    url = f"sqlite:///{tmp_path / 'm.db'}"
    old = SqlStore(url, busy_timeout=WAIT, migrate=True)
    try:
        with old.unit_of_work() as uow:
            older = uow.records("gadget", Gadget, index=GADGET_INDEX[:1])
            older.add(sample_gadget("g1", owner="ann"))
            older.add(sample_gadget("g2", owner="bob"))
            uow.commit()
    finally:
        old.close()
    assert len(GADGET_INDEX) > 1
    return url


def test_a_query_meeting_a_changed_index_answers_although_another_process_committed(
    upgraded: str,
) -> None:
    reading = SqlStore(upgraded, busy_timeout=WAIT)
    other = SqlStore(upgraded, busy_timeout=WAIT)
    try:
        with reading.unit_of_work(read_only=True) as reader:
            assert reader.users.find("nobody") is None  # the snapshot begins
            with other.unit_of_work() as writer:  # another process commits meanwhile
                writer.users.find("nobody")
                writer.records("note", Gadget).add(sample_gadget("n1"))
                writer.commit()
            found = gadget_repo(reader).where(owner="ann")
        assert [g.id for g in found] == ["g1"]
    finally:
        reading.close()
        other.close()


def test_a_query_meeting_a_changed_index_does_not_make_a_command_wait(upgraded: str) -> None:
    reading = SqlStore(upgraded, busy_timeout=WAIT)
    other = SqlStore(upgraded, busy_timeout=WAIT * 2)
    waited: list[float] = []
    try:
        with reading.unit_of_work(read_only=True) as reader:
            assert [g.id for g in gadget_repo(reader).where(state="new")] == ["g1", "g2"]

            def command() -> None:
                started = time.monotonic()
                with other.unit_of_work() as writer:
                    writer.records("note", Gadget).add(sample_gadget("n1"))
                    writer.commit()
                waited.append(time.monotonic() - started)

            worker = threading.Thread(target=command)
            worker.start()
            worker.join(timeout=WAIT / 2)
            still_waiting = worker.is_alive()
        worker.join(timeout=WAIT * 3)
        assert not still_waiting, "a command waited for a query (it took the write lock)"
        assert waited
        assert waited[0] < WAIT / 2
    finally:
        reading.close()
        other.close()
