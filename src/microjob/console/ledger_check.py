"""The overview's check of the books, run at most once per interval per marketplace.

`admin.verify()` recomputes every balance from every entry and walks the whole seal chain:
its cost grows with the ledger. Run on every load of the overview, a console left open (or a
few operators refreshing it) would keep a database busy re-reading history. The overview shows
the last result with the time it was taken, re-checks when it is older than the console's
``verify_every`` seconds, and an operator can ask for a check at once ("Verify now").
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable

import attrs
import pendulum
from pendulum import DateTime

from microjob.errors import LedgerIntegrityError
from microjob.marketplace import Marketplace

__all__ = ["LedgerCheck", "LedgerWatch", "watch_of"]


@attrs.frozen
class LedgerCheck:
    """One run of `admin.verify()`: its verdict, what it counted, and when it ran."""

    ok: bool
    entries: int
    accounts: int
    problems: tuple[str, ...]
    at: DateTime


class LedgerWatch:
    """The last check of one marketplace's books; a new one when it is older than the asking
    console's interval."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._last: tuple[float, LedgerCheck] | None = None

    def current(self, market: Marketplace, every: float) -> LedgerCheck:
        """The last check, or a new one if there is none or it is older than ``every``
        seconds (the asking console's own interval)."""
        with self._lock:  # two loads at once run one check, not two
            last = self._last
            if last is not None and self._clock() - last[0] < every:
                return last[1]
            return self._run(market)

    def check_now(self, market: Marketplace) -> LedgerCheck:
        with self._lock:
            return self._run(market)

    def _run(self, market: Marketplace) -> LedgerCheck:
        now = pendulum.now("UTC")
        try:
            summary = market.admin.verify()
            found = LedgerCheck(True, summary.entries, summary.accounts, (), now)
        except LedgerIntegrityError as error:
            found = LedgerCheck(False, 0, 0, tuple(error.problems), now)
        self._last = (self._clock(), found)
        return found


_WATCHES: weakref.WeakKeyDictionary[Marketplace, LedgerWatch] = weakref.WeakKeyDictionary()
_WATCHES_LOCK = threading.Lock()


def watch_of(market: Marketplace) -> LedgerWatch:
    """The watch of ``market``'s books, shared by every console mounted over it; each console
    passes its own interval to `LedgerWatch.current`."""
    with _WATCHES_LOCK:
        watch = _WATCHES.get(market)
        if watch is None:
            watch = _WATCHES[market] = LedgerWatch()
        return watch
