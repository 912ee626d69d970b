"""The adapter contract's reads and writes in one go: ``users.get_many``,
``orders.get_many``, ``prefetch`` and ``where`` with `AnyOf` answer exactly what one read of
each would, ``orders.save_many`` stores exactly what one `save` of each would, and a record
written in the same unit of work is never answered from an older read (part of
[`AdapterContract`][microjob.testing.contract.AdapterContract])."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from microjob import BACK_OFFICE
from microjob.errors import Conflict
from microjob.marketplace import Marketplace
from microjob.ports import AnyOf, UnitOfWorkFactory
from microjob.testing.contract_records import gadget_repo, sample_gadget


class BatchReadContract:
    """Mixed into [`AdapterContract`][microjob.testing.contract.AdapterContract]."""

    def store(self) -> UnitOfWorkFactory:  # provided by AdapterContract
        raise NotImplementedError

    def market(self, factory: Any = None, policy: Any = None) -> Marketplace:
        raise NotImplementedError

    def test_users_and_orders_read_in_one_go_are_those_read_one_by_one(self) -> None:
        market = self.market()
        factory = market.unit_of_work
        placed = _placed(market, ("bob", "cy"))
        ids = [placed[1].id, "o-missing", placed[0].id, placed[1].id]
        with factory(read_only=True) as uow:
            users = uow.users.get_many(["cy", "nobody", "ann"])
            assert list(users) == ["cy", "ann"]  # as asked, the unknown left out
            assert users["ann"] == uow.users.get("ann")
            orders = uow.orders.get_many(ids)
            assert list(orders) == [placed[1].id, placed[0].id]
            assert orders[placed[0].id] == uow.orders.get(placed[0].id)
            assert uow.users.get_many([]) == {}
            assert uow.orders.get_many([]) == {}
        with factory() as uow:
            first = uow.orders.get(placed[0].id)
            changed = attrs.evolve(first, title="Renamed", version=first.version + 1)
            uow.orders.save(changed)
            # what this unit of work wrote, not what the store held before
            assert uow.orders.get_many([placed[0].id])[placed[0].id].title == "Renamed"
            uow.commit()
        assert market.orders.get(placed[0].id, viewer=BACK_OFFICE).title == "Renamed"

    def test_prefetched_records_are_those_find_reads_and_writes_win(self) -> None:
        factory = self.store()
        with factory() as uow:
            gadget_repo(uow).add(sample_gadget("g1"))
            gadget_repo(uow).add(sample_gadget("g2", owner="bob"))
            uow.commit()
        with factory() as uow:
            repo = gadget_repo(uow)
            uow.prefetch([("gadget", "g1"), ("gadget", "g9"), ("gadget", "g2")])
            assert repo.find("g1") == sample_gadget("g1")
            assert repo.find("g9") is None
            repo.add(sample_gadget("g9", owner="cy"))  # absent when prefetched: now written
            assert repo.get("g9").owner == "cy"
            g2 = repo.get("g2")
            repo.save(attrs.evolve(g2, version=2, state="done"))
            uow.prefetch([("gadget", "g2"), ("gadget", "g9")])  # held already: the writes win
            assert repo.get("g2").state == "done"
            assert repo.get("g9").owner == "cy"
            uow.commit()
        with factory() as uow:
            uow.prefetch([("gadget", "g2"), ("gadget", "g9")])
            assert gadget_repo(uow).get("g2").version == 2
            assert gadget_repo(uow).get("g9").owner == "cy"

    def test_where_any_of_answers_every_value_in_insertion_order(self) -> None:
        factory = self.store()
        owners = ["ann", "bob", "cy", "ann", "dan", "bob"]
        with factory() as uow:
            for number, owner in enumerate(owners, start=1):
                state = "done" if number == 4 else "new"
                gadget_repo(uow).add(sample_gadget(f"g{number}", owner=owner, state=state))
            uow.commit()
        with factory() as uow:
            repo = gadget_repo(uow)
            assert [g.id for g in repo.where(owner=AnyOf(("bob", "ann")))] == [
                "g1",
                "g2",
                "g4",
                "g6",
            ]
            assert [g.id for g in repo.where(owner=AnyOf(("ann", "cy")), state="new")] == [
                "g1",
                "g3",
            ]
            assert [g.id for g in repo.where(owner=AnyOf(("cy",)))] == ["g3"]
            assert repo.where(owner=AnyOf(("nobody", "none"))) == []
            assert repo.where(owner=AnyOf(())) == []
            g3 = repo.get("g3")
            repo.save(attrs.evolve(g3, version=2, owner="eve"))  # a change in this unit
            assert [g.id for g in repo.where(owner=AnyOf(("eve", "dan")))] == ["g3", "g5"]

    def test_orders_saved_together_are_those_saved_one_by_one(self) -> None:
        market = self.market()
        factory = market.unit_of_work
        placed = _placed(market, ("bob", "cy", "bob"))
        ids = [o.id for o in placed]
        with factory() as uow:
            read = uow.orders.get_many(ids)
            stale = read[ids[0]]
            with pytest.raises(Conflict):
                uow.orders.save_many([attrs.evolve(stale, title="x")])  # the version read
            renamed = [
                attrs.evolve(read[i], title=f"Renamed {n}", version=read[i].version + 1)
                for n, i in enumerate(ids)
            ]
            uow.orders.save_many(renamed)
            assert uow.orders.get(ids[2]).title == "Renamed 2"
            uow.commit()
        for n, order_id in enumerate(ids):
            again = market.orders.get(order_id, viewer=BACK_OFFICE)
            assert (again.title, again.version) == (f"Renamed {n}", placed[n].version + 1)


def _placed(market: Marketplace, sellers: tuple[str, ...]) -> list[Any]:
    """An order ann places with each of ``sellers``."""
    return [
        market.orders.place(
            actor="ann", seller_id=seller, title="Logo", price="10", delivery_days=3
        )
        for seller in sellers
    ]
