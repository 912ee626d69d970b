"""Identity: who may act, and what a registration may carry.

No actor string acts as the platform (the system's moves come only from ``run_due`` and
provider events); reserved ids, unreadable names and malformed e-mail addresses are refused.
"""

from __future__ import annotations

from typing import Any

import pytest

from microjob import BACK_OFFICE, Marketplace, presets
from microjob.errors import Conflict, NotFound, PermissionDenied, ValidationError
from microjob.users import SYSTEM


@pytest.fixture
def market() -> Marketplace:
    market = Marketplace.in_memory(presets.webpark())
    market.users.register("ann", name="Ann", email="ann@example.org")
    market.users.register("bob", name="Bob", email="bob@example.org")
    market.users.register("ops", name="Ops", email="ops@example.org", is_admin=True)
    return market


def _active_order(market: Marketplace) -> str:
    deposit = market.wallet.announce_deposit(actor="ann", amount="50000", through_gateway=False)
    market.wallet.confirm_deposit(deposit.id, actor="ops")
    order = market.orders.place(
        actor="ann",
        seller_id="bob",
        title="Logo",
        price="1000",
        delivery_days=3,
        pay_from_wallet=True,
    )
    market.orders.start(order.id, actor="bob")
    return order.id


class TestTheSystemIsNoActor:
    def test_the_string_system_cannot_move_an_order(self, market: Marketplace) -> None:
        order_id = _active_order(market)
        before = market.orders.get(order_id, viewer=BACK_OFFICE)
        for move in (
            lambda: market.orders.deliver(order_id, actor=SYSTEM, message="done"),
            lambda: market.orders.cancel(order_id, actor=SYSTEM),
            lambda: market.orders.accept(order_id, actor=SYSTEM),
        ):
            with pytest.raises(PermissionDenied, match="not a party"):
                move()
        assert market.orders.get(order_id, viewer=BACK_OFFICE) == before

    def test_the_string_system_cannot_read_or_add_to_a_dispute(self, market: Marketplace) -> None:
        order_id = _active_order(market)
        dispute = market.disputes.open(order_id, actor="ann", reason="The seller went silent")
        with pytest.raises(PermissionDenied):
            market.disputes.get(dispute.id, viewer=SYSTEM)
        with pytest.raises(PermissionDenied):
            market.disputes.add_evidence(dispute.id, actor=SYSTEM, text="I decide: refund")
        assert market.disputes.get(dispute.id, viewer="ops").evidence == dispute.evidence

    def test_the_string_system_cannot_approve_a_card(self, market: Marketplace) -> None:
        card = market.listings.create(
            actor="bob",
            title="Logo design",
            description="A clean vector logo",
            category="design",
            price="1000",
            delivery_days=3,
            submit=True,
        )
        with pytest.raises(PermissionDenied):
            market.listings.approve(card.id, actor=SYSTEM)
        assert market.listings.get(card.id, viewer="bob").state == card.state


class TestRegistration:
    @pytest.mark.parametrize("user_id", ["system", "SYSTEM", "System", "platform", "WORLD"])
    def test_reserved_ids_are_refused_in_any_case(self, market: Marketplace, user_id: str) -> None:
        with pytest.raises(ValidationError, match="reserved"):
            market.users.register(user_id, name="Imposter", email="imp@example.org")

    @pytest.mark.parametrize(
        ("name", "why"),
        [
            ("\u200b\u200b", "visible"),
            ("\u202e\u200f", "visible"),
            ("   ", "visible"),
            ("Ann\nAdmin", "control"),
            ("A" * 101, "at most 100"),
        ],
    )
    def test_names_must_be_readable_and_bounded(
        self, market: Marketplace, name: str, why: str
    ) -> None:
        with pytest.raises(ValidationError, match=why):
            market.users.register("cleo", name=name, email="cleo@example.org")
        with pytest.raises(NotFound):
            market.users.get("cleo")

    @pytest.mark.parametrize(
        "email", ["@", "anna", "anna@", "@example.org", "anna@@example.org", " a@example.org", ""]
    )
    def test_malformed_addresses_are_refused(self, market: Marketplace, email: str) -> None:
        with pytest.raises(ValidationError, match="not a valid address"):
            market.users.register("cleo", name="Cleo", email=email)

    def test_a_name_cannot_display_as_something_else(self, market: Marketplace) -> None:
        cleo = market.users.register(
            "cleo", name="\u202enimdA mroftalP\u200b", email="cleo@example.org"
        )
        assert cleo.name == "nimdA mroftalP"

    def test_an_address_is_stored_in_its_normal_form_and_cannot_register_twice(
        self, market: Marketplace
    ) -> None:
        cleo = market.users.register("cleo", name=" Cléo ", email="Cleo@Example.ORG")
        assert cleo.email == "Cleo@example.org"
        assert cleo.name == "Cléo"
        with pytest.raises(Conflict, match="already registered"):
            market.users.register("cleo2", name="Cleo", email="Cleo@EXAMPLE.org")


class TestQueriesTakeTheViewer:
    """Queries that show one user's data apply the same party/admin rule as commands."""

    @pytest.fixture
    def paid(self, market: Marketplace) -> tuple[Marketplace, str]:
        market.users.register("eve", name="Eve", email="eve@example.org")
        return market, _active_order(market)

    def test_an_order_is_shown_to_its_parties_and_admins_only(
        self, paid: tuple[Marketplace, str]
    ) -> None:
        market, order_id = paid
        for viewer in ("ann", "bob", "ops", BACK_OFFICE):
            assert market.orders.get(order_id, viewer=viewer).id == order_id
            assert market.orders.history(order_id, viewer=viewer)
        for stranger in ("eve", "nobody", "BACK_OFFICE", SYSTEM):
            with pytest.raises(PermissionDenied, match="may not see order"):
                market.orders.get(order_id, viewer=stranger)
            with pytest.raises(PermissionDenied):
                market.orders.history(order_id, viewer=stranger)

    @pytest.mark.parametrize(
        "query",
        [
            lambda m, v: m.wallet.balances("ann", viewer=v),
            lambda m, v: m.orders.dashboard("ann", "buyer", viewer=v),
            lambda m, v: m.wallet.statement("ann", viewer=v),
            lambda m, v: m.wallet.deposits("ann", viewer=v),
            lambda m, v: m.payouts.of_user("ann", viewer=v),
            lambda m, v: m.payouts.methods("ann", viewer=v),
            lambda m, v: m.wallet.debts("ann", viewer=v),
            lambda m, v: m.wallet.check_sources("ann", viewer=v),
            lambda m, v: m.payouts.projection("ann", viewer=v),
            lambda m, v: m.wallet.deposit(m.wallet.deposits("ann", viewer="ann")[0].id, viewer=v),
            lambda m, v: m.chat.contact_strikes("ann", viewer=v),
        ],
        ids=[
            "balances",
            "dashboard",
            "statement",
            "deposits",
            "payouts",
            "payout_methods",
            "debts",
            "check_sources",
            "payout_projection",
            "deposit",
            "contact_strikes",
        ],
    )
    def test_a_users_money_is_shown_to_them_and_admins_only(
        self, paid: tuple[Marketplace, str], query: Any
    ) -> None:
        market, _ = paid
        for viewer in ("ann", "ops", BACK_OFFICE):
            query(market, viewer)
        for stranger in ("bob", "eve", SYSTEM, "BACK_OFFICE"):
            with pytest.raises(PermissionDenied, match="may not see"):
                query(market, stranger)

    def test_a_viewer_that_is_neither_a_user_id_nor_the_back_office_is_refused(
        self, paid: tuple[Marketplace, str]
    ) -> None:
        market, order_id = paid
        with pytest.raises(ValidationError, match="BACK_OFFICE"):
            market.orders.get(order_id, viewer=None)  # type: ignore[arg-type]

    def test_the_platforms_revenue_is_for_admins_only(self, paid: tuple[Marketplace, str]) -> None:
        market, _ = paid
        assert set(market.admin.revenue(viewer="ops")) == set(
            market.admin.revenue(viewer=BACK_OFFICE)
        )
        for someone in ("ann", "bob", "eve", SYSTEM):
            with pytest.raises(PermissionDenied, match="may not see the platform's revenue"):
                market.admin.revenue(viewer=someone)

    def test_the_books_behind_an_order_are_for_admins_only(
        self, paid: tuple[Marketplace, str]
    ) -> None:
        market, order_id = paid
        assert market.admin.ledger_entries(f"order:{order_id}", viewer="ops")
        for party in ("ann", "bob"):
            with pytest.raises(PermissionDenied, match="only admins may"):
                market.admin.ledger_entries(f"order:{order_id}", viewer=party)
