"""The operator console: a small server-rendered web app for the people who run a marketplace.

Moderators approve or reject service cards and held chat messages, rule on disputes with the
evidence beside them, confirm or reject deposits, approve or reject payouts, and see the
platform's revenue and whether the ledger verifies — every action taken as the logged-in admin,
through the same [`Marketplace`][microjob.Marketplace] commands an application calls, so the
engine's own checks (is this person an admin? is the move allowed now?) apply unchanged.

The console is an ASGI app the host *mounts* and *protects*: it has no users or passwords of
its own. The host passes ``admin_of``, a callable that reads a request (a session cookie, a
header set by a proxy) and names the admin, or returns ``None`` for nobody. Needs the
``console`` extra (``pip install 'microjob[console]'``); ``import microjob`` never imports it::

    from microjob.console import create_console

    app.mount("/console", create_console(market, admin_of=admin_from_session))

See ``docs/console.md``.
"""

from __future__ import annotations

from microjob.console.app import AdminOf, create_console
from microjob.console.csrf import CsrfGuard
from microjob.console.errors import status_of

__all__ = ["AdminOf", "CsrfGuard", "create_console", "status_of"]
