"""One log record per command, through the standard ``logging`` module.

Every public command of a service is wrapped by `command`: when the ``microjob.commands``
logger is enabled for INFO it writes one record per call — the command's name, its subject (the
id it acts on, or the id of what it created), the actor, the outcome (``ok`` or the error's
class) and the duration — and nothing else: no texts, amounts or contact details reach the
logs. A refused command is logged at INFO too (it is an answer, not a fault); an unexpected
exception at WARNING. When the logger is not enabled the wrapper costs one level check.

The records carry the same values as ``extra`` fields (``command``, ``subject``, ``actor``,
``outcome``, ``duration_ms``) for structured handlers.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from microjob.errors import MarketplaceError

__all__ = ["command", "command_log"]

command_log = logging.getLogger("microjob.commands")
_INFO = logging.INFO
_answers: dict[int, bool] = getattr(command_log, "_cache", {})
"""The logger's own memo of ``isEnabledFor`` per level, which ``logging`` empties in place
whenever a level changes (an empty stand-in where it keeps none): read directly, the level
check of every command is a dictionary subscript instead of a method call; on a miss
``isEnabledFor`` answers, and fills it."""

NAMESPACES = {
    "UserService": "users",
    "OrderService": "orders",
    "DisputeService": "disputes",
    "WalletService": "wallet",
    "PayoutService": "payouts",
    "ChatService": "chat",
    "ListingService": "listings",
    "RequestService": "requests",
    "OfferService": "offers",
    "ReviewService": "reviews",
    "ReputationService": "reputation",
    "SubscriptionService": "subscriptions",
    "AdminService": "admin",
}
"""The service classes by the namespace users call them through (``market.orders``)."""

P = ParamSpec("P")
R = TypeVar("R")


def command(fn: Callable[P, R]) -> Callable[P, R]:
    """Log one record per call of a service command (see the module docstring)."""
    owner, _, method = fn.__qualname__.rpartition(".")
    name = f"{NAMESPACES.get(owner, owner)}.{method}"

    @functools.wraps(fn)
    def logged(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            enabled = _answers[_INFO]
        except KeyError:
            enabled = command_log.isEnabledFor(_INFO)
        if not enabled:
            return fn(*args, **kwargs)
        subject = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
        actor = kwargs.get("actor", "")
        began = time.perf_counter()
        outcome = "ok"
        level = logging.INFO
        try:
            result = fn(*args, **kwargs)
            subject = subject or str(getattr(result, "id", "") or "")
            return result
        except MarketplaceError as refused:
            outcome = type(refused).__name__
            raise
        except Exception as failed:
            outcome = type(failed).__name__
            level = logging.WARNING
            raise
        finally:
            ms = (time.perf_counter() - began) * 1000
            command_log.log(
                level,
                "%s %s by %s: %s in %.1f ms",
                name,
                subject or "-",
                actor or "-",
                outcome,
                ms,
                extra={
                    "command": name,
                    "subject": subject,
                    "actor": actor,
                    "outcome": outcome,
                    "duration_ms": round(ms, 3),
                },
            )

    return logged
