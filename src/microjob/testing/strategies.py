"""Hypothesis strategies for the values microjob deals in.

Conventions, so that every strategy here reads the same way:

* every argument is keyword-only, and defaults describe the whole space a value can come from
  (every currency, amounts up to a trillion), so a bare ``amounts()`` already explores it;
* where one test may want a value fixed or varied (a currency), the argument takes either a
  plain value or a strategy that draws it;
* values are built with [`microjob.money`][microjob.money], so a generated amount is one microjob
  itself would accept, and they shrink towards small, familiar examples (USD, zero, one minor unit);
* an impossible combination of arguments raises Hypothesis' ``InvalidArgument`` when the
  strategy is built, not halfway through a test run.

The module is organised in sections, one per domain: policies, users, orders, service cards and
chat messages. A new section goes at the end, under its own ``# --`` heading, and adds its names to
``__all__``. Money, which every other section draws on, has a module of its own,
[`microjob.testing.money_strategies`][microjob.testing.money_strategies]; its names are re-exported
here, so ``mst.amounts()`` works as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final

import attrs

try:
    from hypothesis import assume
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError(
        "microjob.testing needs Hypothesis; install it with: pip install 'microjob[testing]'"
    ) from exc

from moneyed import Currency, Money

from microjob.money import from_minor
from microjob.testing.money_strategies import (
    DEFAULT_MAX_AMOUNT,
    PREFERRED_CODES,
    Bound,
    amounts,
    bad_amount_values,
    currencies,
    known_code,
    positive_amounts,
    rates,
    weights,
)
from microjob.users import BACK_OFFICE

if TYPE_CHECKING:
    from microjob.adapters.memory import FrozenClock
    from microjob.marketplace import Marketplace
    from microjob.orders import Order
    from microjob.policies import MarketplacePolicy

__all__ = [
    "DEFAULT_MAX_AMOUNT",
    "PREFERRED_CODES",
    "PlacedOrder",
    "amounts",
    "bad_amount_values",
    "chat_texts",
    "currencies",
    "listings",
    "orders",
    "policies",
    "positive_amounts",
    "preset_policies",
    "rates",
    "user_ids",
    "users",
    "weights",
]

# -- policies ---------------------------------------------------------------------------------
_PRESET_NAMES: Final = ("microjobengine", "webpark", "kiwigigs", "jobindoor", "fiverr_like")


def preset_policies(
    *, currency: str | Currency | st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[MarketplacePolicy]:
    """One of the shipped presets, in its own currency or in ``currency``.

    Why: a rule that holds under every preset holds under the four seed systems users start
    from; the presets shrink towards the first one (MicrojobEngine).
    """
    from microjob.policies import presets

    if currency is None:
        return st.sampled_from(_PRESET_NAMES).map(lambda name: getattr(presets, name)())
    codes = currency if isinstance(currency, st.SearchStrategy) else st.just(currency)
    return st.builds(
        lambda name, code: getattr(presets, name)(known_code(code, "currency")),
        st.sampled_from(_PRESET_NAMES),
        codes,
    )


def policies(
    *, currency: str | Currency | st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[MarketplacePolicy]:
    """Any valid MarketplacePolicy: a preset with its commission, buyer fee, clearance,
    auto-completion, revision limit and refund rules drawn anew.

    Why start from a preset: the fields of a policy are not independent (a small-order fee needs
    its threshold, payout minimums are in the policy's currency), and the presets are valid
    combinations; drawing the numeric rules over them reaches the edge cases (0 % and 50 %
    commission, no clearance, no auto-completion) without producing policies nobody could run.
    """
    from microjob.policies import RefundTo

    return st.builds(
        lambda base, commission, fee, clearance, auto, revisions, refund_to, refund_fee: (
            attrs.evolve(
                base,
                commission_rate=commission,
                commission_bands=(),
                buyer_fee_rate=fee,
                clearance_days=clearance,
                auto_complete_days=auto,
                revision_limit=revisions,
                refund_to=refund_to,
                refund_buyer_fee=refund_fee,
            )
        ),
        preset_policies(currency=currency),
        rates(max_value="0.5"),
        rates(max_value="0.2"),
        st.integers(min_value=0, max_value=30),
        st.one_of(st.none(), st.integers(min_value=1, max_value=14)),
        st.one_of(st.none(), st.integers(min_value=0, max_value=5)),
        st.sampled_from(list(RefundTo)),
        st.booleans(),
    )


# -- users ------------------------------------------------------------------------------------
def user_ids() -> st.SearchStrategy[str]:
    """User ids microjob accepts: short, lower-case letters, digits, dots, dashes, underscores
    (the reserved ``system`` actor excluded)."""
    first = st.sampled_from("abcdefghijklmnopqrstuvwxyz")
    rest = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._-", max_size=15)
    return st.builds(lambda a, b: a + b, first, rest).filter(lambda uid: uid != "system")


def users(*, admin: bool | None = False) -> st.SearchStrategy[dict[str, object]]:
    """Keyword arguments for ``Marketplace.register_user``: ``{"user_id", "name", "email",
    "is_admin"}``. ``admin=None`` draws the flag too."""
    flags = st.booleans() if admin is None else st.just(admin)
    names = st.text(
        alphabet=st.characters(categories=["L"], max_codepoint=0x24F), min_size=1, max_size=20
    )
    return st.builds(
        lambda uid, name, flag: {
            "user_id": uid,
            "name": name,
            "email": f"u{uid.encode().hex()}@example.org",  # one address per id
            "is_admin": flag,
        },
        user_ids(),
        names,
        flags,
    )


# -- orders -------------------------------------------------------------------------------------
@attrs.frozen
class PlacedOrder:
    """A fresh in-memory marketplace (users ``buyer``, ``seller`` and admin ``admin``) and one
    order brought to a state through the facade's own commands, the way it happens for real."""

    market: Marketplace
    clock: FrozenClock
    order: Order
    path: tuple[str, ...]

    def __repr__(self) -> str:  # what a failing example prints: short and readable
        return f"PlacedOrder({self.order.state}, price={self.order.price}, path={self.path})"


_ORDER_STATES: Final = (
    "awaiting_payment",
    "pending",
    "active",
    "late",
    "delivered",
    "completed",
    "cancelled",
    "disputed",
)

_PATHS: Final[dict[str, tuple[tuple[str, ...], ...]]] = {
    "awaiting_payment": (("unpaid",),),
    "pending": ((),),
    "active": (("start",), ("start", "deliver", "revise")),
    "late": (("start", "overdue"),),
    "delivered": (("start", "deliver"), ("start", "deliver", "revise", "deliver")),
    "completed": (
        ("start", "deliver", "accept"),
        ("start", "deliver", "wait"),
        ("start", "dispute", "release"),
    ),
    "cancelled": (("cancel",), ("decline",), ("start", "dispute", "refund"), ("failed",)),
    "disputed": (("start", "dispute"), ("start", "deliver", "refuse")),
}


def _drive(
    policy: MarketplacePolicy, price: Money, days: int, path: tuple[str, ...]
) -> PlacedOrder:
    from microjob.adapters.memory import FakeGateway, FrozenClock
    from microjob.disputes import Ruling
    from microjob.marketplace import Marketplace

    clock = FrozenClock()
    gateway = FakeGateway()
    market = Marketplace.in_memory(policy, clock=clock, gateway=gateway)
    for user in ("buyer", "seller"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    market.users.register("admin", name="Admin", email="admin@example.org", is_admin=True)
    if path and path[0] in ("unpaid", "failed"):
        gateway.script("pending" if path[0] == "unpaid" else "failed")
    order = market.orders.place(
        actor="buyer", seller_id="seller", title="Service", price=price, delivery_days=days
    )
    oid = order.id
    steps: dict[str, Callable[[], object]] = {
        "unpaid": lambda: None,
        "failed": lambda: None,
        "start": lambda: market.orders.start(oid, actor="seller"),
        "deliver": lambda: market.orders.deliver(oid, actor="seller", message="the work"),
        "revise": lambda: market.orders.request_revision(
            oid, actor="buyer", reason="one more change"
        ),
        "accept": lambda: market.orders.accept(oid, actor="buyer"),
        "cancel": lambda: market.orders.cancel(oid, actor="buyer", reason="changed my mind"),
        "decline": lambda: market.orders.decline(oid, actor="seller", reason="too busy"),
        "refuse": lambda: market.disputes.refuse(oid, actor="buyer", reason="not what I asked for"),
        "dispute": lambda: market.disputes.open(oid, actor="buyer", reason="no answer"),
        "release": lambda: market.disputes.rule(
            market.disputes.of_order(oid, viewer="admin")[-1].id,
            actor="admin",
            ruling=Ruling.release_to_seller("ok"),
        ),
        "refund": lambda: market.disputes.rule(
            market.disputes.of_order(oid, viewer="admin")[-1].id,
            actor="admin",
            ruling=Ruling.refund_buyer("no"),
        ),
        "overdue": lambda: (clock.advance(days=days, seconds=1), market.run_due()),
        "wait": lambda: (
            clock.advance(days=(policy.auto_complete_days or 0) + 1),
            market.run_due(),
        ),
    }
    for step in path:
        steps[step]()
    return PlacedOrder(market, clock, market.orders.get(oid, viewer=BACK_OFFICE), path)


def orders(
    *,
    states: Iterable[str] | None = None,
    policy: MarketplacePolicy | st.SearchStrategy[MarketplacePolicy] | None = None,
    max_price: Bound = 10_000,
) -> st.SearchStrategy[PlacedOrder]:
    """An order in any reachable state (or one of ``states``), reached by a drawn path of real
    commands (a dispute ruled either way, a revision round, the clock running out).

    Why through the facade: an order built field by field could be in a state no command sequence
    reaches, and a test passing on it proves nothing. Shrinks towards a small price, the first
    path of the first state, and the default policy (the first preset).
    """
    wanted = tuple(_ORDER_STATES if states is None else states)
    unknown = [state for state in wanted if state not in _PATHS]
    if unknown or not wanted:
        raise InvalidArgument(f"states={wanted!r}: use some of {', '.join(_ORDER_STATES)}")
    if policy is None:
        chosen: st.SearchStrategy[MarketplacePolicy] = preset_policies()
    elif isinstance(policy, st.SearchStrategy):
        chosen = policy
    else:
        chosen = st.just(policy)
    paths = [path for state in wanted for path in _PATHS[state]]

    def draw_order(draw: st.DrawFn) -> PlacedOrder:
        base = draw(chosen)
        # Without auto-completion, "the clock runs out" completes nothing; completed has
        # other paths, so some path to every wanted state remains.
        usable = paths if base.auto_complete_days else [p for p in paths if "wait" not in p]
        if base.exit_goes_to_admin:  # no cancel or decline alone: a dispute still cancels
            usable = [p for p in usable if "cancel" not in p and "decline" not in p]
        path = draw(st.sampled_from(usable))
        price = draw(positive_amounts(currency=base.currency, max_value=max_price))
        days = draw(st.integers(min_value=1, max_value=30))
        placed = _drive(base, price, days, path)
        # A price too small to carry a fee leaves nothing to pay through the platform, so the
        # order is paid at once and an "unpaid" path cannot stay unpaid: draw another.
        assume(placed.order.state in wanted)
        return placed

    return st.composite(draw_order)()


# -- service cards ------------------------------------------------------------------------------
_CARD_WORDS: Final = (
    "logo", "design", "website", "landing", "page", "translation", "english", "spanish",
    "voice", "over", "video", "edit", "illustration", "portrait", "resume", "writing",
    "seo", "audit", "wordpress", "fix", "banner", "animation", "podcast", "mixing",
)  # fmt: skip


def listings(
    *, currency: str | Currency = "USD", max_price: Bound = 5_000
) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments for ``Marketplace.create_listing`` (all but the seller): a title, a
    description, a category, tags, one to three packages in ``currency`` and up to three
    extras that add a price, revisions or a faster delivery.

    Why this shape: it is what a seller fills in; the extras never cut delivery below one day,
    so every card drawn is one microjob accepts and every package-plus-extras order is valid.
    """
    from microjob.catalog import PACKAGE_NAMES, Extra, Package

    code = known_code(currency, "currency")
    words_ = st.sampled_from(_CARD_WORDS)
    title = st.lists(words_, min_size=2, max_size=8).map(lambda w: " ".join(w).capitalize())
    description = st.lists(words_, min_size=3, max_size=40).map(" ".join)
    tags = st.lists(words_, max_size=5, unique=True)
    prices = positive_amounts(currency=code, max_value=max_price)

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        count = draw(st.integers(min_value=1, max_value=len(PACKAGE_NAMES)))
        packages = [
            Package(
                name,
                draw(prices),
                draw(st.integers(min_value=1, max_value=30)),
                draw(st.one_of(st.none(), st.integers(min_value=0, max_value=5))),
            )
            for name in PACKAGE_NAMES[:count]
        ]
        fastest = min(p.delivery_days for p in packages)
        extras: list[Extra] = []
        budget = fastest - 1  # days all extras together may take off
        for number in range(draw(st.integers(min_value=0, max_value=3))):
            faster = draw(st.integers(min_value=0, max_value=budget))
            budget -= faster
            extra_price = draw(st.one_of(st.just(None), prices))
            revisions = draw(st.integers(min_value=0, max_value=2))
            if faster == 0 and revisions == 0 and extra_price is None:
                revisions = 1  # an extra must change something
            extras.append(
                Extra(
                    f"extra-{number}",
                    f"Extra {number}",
                    extra_price if extra_price is not None else from_minor(0, code),
                    -faster,
                    revisions,
                )
            )
        return {
            "title": draw(title),
            "description": draw(description),
            "category": draw(st.sampled_from(("design", "writing", "video", "programming"))),
            "tags": draw(tags),
            "packages": packages,
            "extras": extras,
        }

    return build()


# -- chat messages ------------------------------------------------------------------------------
_WORDS: Final = (
    "hello",
    "thanks",
    "for",
    "the",
    "order",
    "I",
    "will",
    "send",
    "the",
    "first",
    "draft",
    "tomorrow",
    "could",
    "you",
    "share",
    "the",
    "brand",
    "colours",
    "please",
    "the",
    "logo",
    "looks",
    "great",
    "can",
    "we",
    "change",
    "the",
    "font",
    "size",
    "one",
    "more",
    "revision",
    "and",
    "we",
    "are",
    "done",
    "sure",
    "no",
    "problem",
    "delivery",
    "is",
    "ready",
    "have",
    "a",
    "look",
)
_CONTACTS: Final = (
    "write me at {name}@gmail.com",
    "my email is {name}.work@outlook.com",
    "call me on +1 415 555 {digits}",
    "whatsapp +44 7700 900{digits3}",
    "add me on telegram @{name}_design",
    "my skype is live:{name}.studio",
    "see my portfolio at https://{name}-studio.com",
    "text me +49 151 2345 {digits}",
)


def chat_texts(*, contact: bool | None = None) -> st.SearchStrategy[str]:
    """Chat messages: ordinary talk about the work, with a way to reach the sender off the
    platform (``contact=True``), without one (``False``), or either (``None``).

    The hidden contacts are forms the scanner is built to catch (e-mail addresses, phone
    numbers with a country code, messenger handles, personal websites); a test of the filter's
    recall on exotic spellings belongs with a corpus, not here.
    """
    talk = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=20).map(" ".join)
    names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=10)
    hidden = st.builds(
        lambda template, name, d, before, after: " ".join(
            part
            for part in (
                before,
                template.format(name=name, digits=f"{d:04d}", digits3=f"{d % 1000:03d}"),
                after,
            )
            if part
        ),
        st.sampled_from(_CONTACTS),
        names,
        st.integers(min_value=0, max_value=9999),
        talk | st.just(""),
        talk | st.just(""),
    )
    if contact is None:
        return talk | hidden
    return hidden if contact else talk
