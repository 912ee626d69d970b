"""One small service per capability, each over the shared `Context`.

Users reach them as namespaces of [`Marketplace`][microjob.Marketplace] (``market.orders``,
``market.payouts``, ...); [`microjob.bootstrap.bootstrap`][microjob.bootstrap.bootstrap] builds them
and [`microjob.handlers`][microjob.handlers] lists how they react to each other. No service inherits
from another.
"""
