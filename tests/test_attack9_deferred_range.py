"""Postings written together (`LedgerStore.deferred`) must be refused exactly where postings
written one at a time are: the port promises each `post` inside the block "is checked at once
(the same errors, the balances it reads including the postings before it)". On SQLite a
posting that takes a cold account it *credits* beyond 64-bit minor units is refused one at a
time (``ValidationError``, the balance update's own check), but inside a batch nothing reads
the credited account, so the posting is accepted and the batch's summed delta either
overflows the driver at the write (a bare ``OverflowError``, not a domain error) or, when a
later posting of the batch takes the money back out, is never refused at all."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from moneyed import Money

from microjob.adapters.sql import SqlStore
from microjob.adapters.sql.statements import _BIG
from microjob.errors import ValidationError
from microjob.ledger import WORLD, Transfer

T0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
ACCOUNT = "user:x:available"


def _usd_units(units: int) -> Money:
    return Money(Decimal(units) / 100, "USD")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    found = SqlStore(f"sqlite:///{tmp_path / 'd.db'}")
    yield found
    found.close()


@pytest.mark.parametrize("together", [False, True], ids=["one-by-one", "deferred"])
def test_a_credit_beyond_64_bits_is_refused_at_the_post_inside_a_batch(
    store: SqlStore, together: bool
) -> None:
    """Two credits of just over half the 64-bit range: the second is refused with
    ``ValidationError`` at its ``post``, and the first is kept. Inside ``deferred`` the second
    is accepted and the whole unit of work then dies at the write with ``OverflowError``
    ("Python int too large to convert to SQLite INTEGER"), a type ``in_batches`` logs as a
    bug, and the first posting is lost with it."""
    half = _usd_units(_BIG // 2 + 1)
    with store.unit_of_work() as uow:
        block = uow.ledger.deferred() if together else contextlib.nullcontext()
        with block:
            uow.ledger.post("a", "test:1", [Transfer(WORLD, ACCOUNT, half)], T0)
            with pytest.raises(ValidationError, match="more USD than can be stored"):
                uow.ledger.post("b", "test:1", [Transfer(WORLD, ACCOUNT, half)], T0)
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.ledger.balance(ACCOUNT, "USD") == half
        assert [e.key for e in uow.ledger.entries()] == ["a"]
        assert uow.ledger.verify() is not None


@pytest.mark.parametrize("together", [False, True], ids=["one-by-one", "deferred"])
def test_a_credit_beyond_64_bits_taken_back_in_the_same_batch_is_still_refused(
    store: SqlStore, together: bool
) -> None:
    """An account holding 1.00 below the limit is credited 2.00 (beyond what a balance can
    hold: refused one at a time), then debited 2.00 by the next posting. Inside ``deferred``
    the two net to zero, no balance row is written, nothing checks the range and both
    entries are committed: a posting that must be refused is kept."""
    with store.unit_of_work() as uow:
        uow.ledger.post("fund", "test:0", [Transfer(WORLD, ACCOUNT, _usd_units(_BIG - 100))], T0)
        uow.commit()
    with store.unit_of_work() as uow:
        block = uow.ledger.deferred() if together else contextlib.nullcontext()
        with block:
            with pytest.raises(ValidationError, match="more USD than can be stored"):
                uow.ledger.post("up", "test:1", [Transfer(WORLD, ACCOUNT, _usd_units(200))], T0)
            with contextlib.suppress(ValidationError):
                uow.ledger.post("down", "test:1", [Transfer(ACCOUNT, WORLD, _usd_units(200))], T0)
        uow.commit()
    with store.unit_of_work() as uow:
        assert not uow.ledger.has_entry("up"), "a posting beyond 64-bit minor units was kept"
        assert uow.ledger.verify() is not None
