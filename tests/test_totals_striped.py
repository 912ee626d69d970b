"""The marketplace's running totals (GMV, completed orders) are striped over several records,
so completions do not all wait for one row; readers sum the stripes."""

from __future__ import annotations

from moneyed import Money

from microjob import BACK_OFFICE
from tests.conftest import World
from tests.test_due_batches import POLICY, completed


# -- the marketplace's totals are striped ------------------------------------------------------
def test_completions_add_to_striped_totals_that_the_dashboard_sums() -> None:
    """Each completion adds to the totals stripe its order id hashes to, so completions of
    different orders do not all update one record; the dashboard sums the stripes, and totals
    kept before striping (one record under the currency code) still count."""
    from microjob.services.reputation import TOTAL_STRIPES, Totals

    w = World(POLICY)
    ids = completed(w, 40)
    stripes = w.market.store.records["totals"]
    assert 1 < len(stripes) <= TOTAL_STRIPES
    assert all(key == "USD" or key.startswith("USD#") for key in stripes)
    board = w.market.admin.dashboard(viewer=BACK_OFFICE)
    prices = [w.market.orders.get(i, viewer=BACK_OFFICE).price for i in ids]
    assert board.completed_orders == 40
    assert board.gmv == sum(prices, Money(0, "USD"))
    # a record written before striping, under the bare code, is stripe 0 and counts
    old = stripes.get("USD")
    with w.market.unit_of_work() as uow:
        repo = uow.records("totals", Totals)
        if old is None:
            repo.add(Totals("USD", Money("5", "USD"), 1))
        else:
            repo.save(
                Totals("USD", old.gmv + Money("5", "USD"), old.completed + 1, old.version + 1)
            )
        uow.commit()
    again = w.market.admin.dashboard(viewer=BACK_OFFICE)
    assert (again.completed_orders, again.gmv) == (41, board.gmv + Money("5", "USD"))
