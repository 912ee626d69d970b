"""Test helpers for code built on microjob.

:mod:`microjob.testing.strategies` holds Hypothesis strategies that generate the values microjob
deals in (currencies, exact amounts, weights, rates, and the inputs it must refuse), so an
application can property-test its own rules with the same generators microjob's suite uses::

    from hypothesis import given
    from microjob.testing import strategies as mst

    @given(mst.positive_amounts(currency="EUR"))
    def test_every_price_can_be_paid(price): ...

This package is the only part of microjob that imports Hypothesis; install it with the
``testing`` extra (``pip install microjob[testing]``).
"""

from __future__ import annotations

from microjob.testing import strategies

__all__ = ["strategies"]
