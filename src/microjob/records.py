"""Records kept under a natural key (a seller's tally, a level, a stripe of the totals):
created by whichever command needs them first, updated by every later one.

"Find it, and add it if it is missing" races on a shared database: two workers both find
nothing and both add, and the second one's insert meets the first one's row once that commits
(PostgreSQL waits for it, then refuses the duplicate). Failing the second command would fail a
buyer's acceptance because another order completed at the same moment. `upsert` builds the
record from what it found, and when its insert loses that race it reads the winner's row,
which the database now shows and locks, and builds again on top of it. On SQLite and in memory
writers take turns, so the insert never loses and the path is never taken.
"""

from __future__ import annotations

from collections.abc import Callable

from microjob.errors import Conflict
from microjob.ports import R, RecordRepository

__all__ = ["upsert"]


def upsert(
    repo: RecordRepository[R], record_id: str, build: Callable[[R | None], R | None]
) -> R | None:
    """Store ``build(current)``, where ``current`` is the record stored under ``record_id``
    (``None`` when there is none yet); ``build`` returns ``None`` to change nothing. The record
    ``build`` makes from ``None`` is added, any other saved, so ``build`` sets its version
    (``current.version + 1``). Returns what was stored, or ``None``."""
    current = repo.find(record_id)
    record = build(current)
    if record is None:
        return None
    if current is not None:
        repo.save(record)
        return record
    try:
        repo.add(record)
    except Conflict:
        # Another unit of work created it and committed while this one was deciding.
        current = repo.find(record_id)
        if current is None:
            raise
        record = build(current)
        if record is not None:
            repo.save(record)
    return record
