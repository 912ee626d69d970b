"""Counting the Python calls a piece of work makes, for the call-budget tests.

Time is too noisy on shared machines to assert; the number of Python-level calls (functions and
builtins, as ``sys.setprofile`` reports them) is exact. The command log is switched off while
counting, whatever logging level an earlier test left behind, so only the engine's own calls
count.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any


def python_calls(work: Callable[[], object]) -> int:
    """How many Python calls ``work()`` makes."""
    calls = 0

    def tally(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal calls
        if event == "call" or event == "c_call":
            calls += 1

    disabled = logging.root.manager.disable
    logging.disable(logging.INFO)
    sys.setprofile(tally)
    try:
        work()
    finally:
        sys.setprofile(None)
        logging.disable(disabled)
    return calls
