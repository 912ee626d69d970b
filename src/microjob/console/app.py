"""The console's ASGI app: who is asking, CSRF, the pages and the forms.

Every request first asks the host's ``admin_of`` who is there: nobody is a 401 (or, for a page,
a redirect to the host's ``login_url``), someone who is not an admin of this marketplace a 403.
Pages are ``GET /{page}``; every change is a ``POST /{page}/{id}/{action}`` form carrying a CSRF
token (`microjob.console.csrf`), answered by a redirect back to the page with a notice
(post/redirect/get, so a reload never repeats an action) or, when the engine refuses, by the
page again with the engine's message and the matching status (`microjob.console.errors`).
Engine calls run in a worker thread: they are blocking database work, and the event loop keeps
serving other requests meanwhile.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, unquote, urlencode

import attrs
import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from microjob.console import csrf
from microjob.console.actions import ACTIONS, ITEM, refund_item
from microjob.console.errors import status_of
from microjob.console.forms import FormError, parse_form
from microjob.console.ledger_check import watch_of
from microjob.console.pages import PAGES, Page
from microjob.errors import MarketplaceError, NotFound
from microjob.marketplace import Marketplace
from microjob.money import Money, format_money

__all__ = ["AdminOf", "create_console"]

AdminOf = Callable[[Request], str | None]
"""The host's answer to "who is this?": the admin's user id, or ``None`` for nobody."""

NOTICE_COOKIE = "microjob_console_notice"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("microjob.console", "templates"),
        autoescape=True,  # everything users typed is shown here: always escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = lambda at: at.format("YYYY-MM-DD HH:mm") if at is not None else ""
    env.filters["refund_item"] = refund_item
    return env


@attrs.frozen
class _Console:
    market: Marketplace
    admin_of: AdminOf
    guard: csrf.CsrfGuard
    login_url: str | None
    logout_url: str | None
    locale: str
    title: str
    verify_every: float
    templates: jinja2.Environment = attrs.field(factory=_environment)

    # -- who is asking ---------------------------------------------------------------------------
    async def admin(self, request: Request) -> str | Response:
        """The admin behind the request, or the answer for someone who is not one."""
        who = await run_in_threadpool(self.admin_of, request)
        if who is None:
            if self.login_url is not None and request.method == "GET":
                target = f"{self.login_url}?{urlencode({'next': str(request.url.path)})}"
                return RedirectResponse(target, status_code=303)
            return self.plain(request, 401, "Sign in first", "This page is for the operators.")
        is_admin = await run_in_threadpool(self._is_admin, who)
        if not is_admin:
            return self.plain(
                request, 403, "Not an admin", f"{who} is signed in but is not an admin here."
            )
        return who

    def _is_admin(self, who: str) -> bool:
        try:
            return self.market.users.get(who).is_admin
        except NotFound:
            return False

    # -- rendering --------------------------------------------------------------------------------
    def base(self, request: Request) -> str:
        return str(request.scope.get("root_path", "")).rstrip("/")

    def render(self, request: Request, template: str, status: int, **context: Any) -> HTMLResponse:
        locale = self.locale

        def money(value: Money) -> str:
            return format_money(value, locale)

        html = self.templates.get_template(template).render(
            base=self.base(request),
            title=self.title,
            pages=PAGES.values(),
            logout_url=self.logout_url,
            money=money,
            **context,
        )
        return HTMLResponse(html, status_code=status)

    def plain(self, request: Request, status: int, heading: str, text: str) -> HTMLResponse:
        return self.render(
            request,
            "message.html",
            status,
            admin=None,
            current=None,
            notice="",
            error="",
            heading=heading,
            text=text,
        )

    async def show(
        self, request: Request, page: Page, admin: str, *, status: int = 200, error: str = ""
    ) -> Response:
        nonce = request.cookies.get(csrf.COOKIE) or self.guard.new_nonce()
        try:
            context = await run_in_threadpool(page.gather, self.market, admin)
            if page.ledger_check:
                watch = watch_of(self.market)
                context["ledger"] = await run_in_threadpool(
                    watch.current, self.market, self.verify_every
                )
        except MarketplaceError as refused:
            return self.plain(request, status_of(refused), "Refused", str(refused))
        notice = unquote(request.cookies.get(NOTICE_COOKIE, "")) if not error else ""
        response = self.render(
            request,
            page.template,
            status,
            admin=admin,
            current=page,
            token=self.guard.token(admin, nonce),
            csrf_field=csrf.FIELD,
            notice=notice,
            error=error,
            **context,
        )
        path = self.base(request) or "/"
        if request.cookies.get(csrf.COOKIE) != nonce:
            response.set_cookie(
                csrf.COOKIE,
                nonce,
                httponly=True,
                samesite="strict",
                path=path,
                secure=_https(request),
            )
        if NOTICE_COOKIE in request.cookies:
            response.delete_cookie(NOTICE_COOKIE, path=path)
        return response

    # -- endpoints ----------------------------------------------------------------------------
    async def page(self, request: Request) -> Response:
        name = request.path_params.get("page", "overview")
        page = PAGES.get(name)
        if page is None:
            raise HTTPException(404)
        who = await self.admin(request)
        if isinstance(who, Response):
            return who
        return await self.show(request, page, who)

    async def act(self, request: Request) -> Response:
        name, item, verb = (request.path_params[k] for k in ("page", "item", "action"))
        action = ACTIONS.get((name, verb))
        if action is None or not ITEM.match(item):
            raise HTTPException(404)
        who = await self.admin(request)
        if isinstance(who, Response):
            return who
        try:
            body = await request.body()
            form = parse_form(request.headers.get("content-type", ""), body)
        except FormError as error:
            return self.plain(request, 400, "Not a console form", str(error))
        if not self.guard.check(who, request.cookies.get(csrf.COOKIE), form.get(csrf.FIELD)):
            return self.plain(
                request,
                403,
                "The form expired",
                "This form was not rendered for you in this browser (or the console restarted):"
                " reload the page and try again. Nothing was changed.",
            )
        page = PAGES[name]
        try:
            notice = await run_in_threadpool(action, self.market, who, item, form)
        except MarketplaceError as refused:
            return await self.show(
                request, page, who, status=status_of(refused), error=str(refused)
            )
        response = RedirectResponse(f"{self.base(request)}/{name}", status_code=303)
        response.set_cookie(
            NOTICE_COOKIE,
            quote(notice),
            max_age=60,
            httponly=True,
            samesite="strict",
            path=self.base(request) or "/",
            secure=_https(request),
        )
        return response

    async def not_found(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        return self.plain(request, status, "Not here", "There is no such page in the console.")


def _https(request: Request) -> bool:
    return request.url.scheme == "https"


def create_console(
    market: Marketplace,
    *,
    admin_of: AdminOf,
    login_url: str | None = None,
    logout_url: str | None = None,
    secret: bytes | None = None,
    locale: str = "en",
    title: str = "microjob console",
    verify_every: float = 300.0,
) -> Starlette:
    """The operator console over ``market``, as an ASGI app to mount (see the package docs).

    ``admin_of(request)`` names the signed-in user or returns ``None``; the console then checks
    that user is an admin of ``market`` (else 403). Without a user, pages redirect to
    ``login_url`` (with ``?next=`` the page asked for) when one is given, and answer 401
    otherwise. ``logout_url`` adds a sign-out button (a POST to it). ``secret`` signs the forms'
    CSRF tokens: pass the same bytes to every worker that serves the console (default: random
    per process). ``locale`` is how amounts are written
    ([`microjob.format_money`][microjob.format_money]). ``verify_every``: the overview re-checks
    the whole ledger when its last check is older than this many seconds (it reads every entry;
    "Verify now" checks at once).
    """
    if not (isinstance(verify_every, int | float) and 0 <= verify_every < math.inf):
        raise ValueError(
            f"verify_every must be a finite number of seconds >= 0, got {verify_every!r}"
        )
    format_money(Money(0, market.policy.currency), locale)  # an unknown locale fails here, now
    console = _Console(
        market=market,
        admin_of=admin_of,
        guard=csrf.CsrfGuard(secret),
        login_url=login_url,
        logout_url=logout_url,
        locale=locale,
        title=title,
        verify_every=float(verify_every),
    )
    return Starlette(
        routes=[
            Route("/", console.page, methods=["GET"]),
            Route("/{page}", console.page, methods=["GET"]),
            Route("/{page}/{item}/{action}", console.act, methods=["POST"]),
        ],
        exception_handlers={404: console.not_found, 405: console.not_found},
    )
