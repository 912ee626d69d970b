"""One small service per capability, each over the shared :class:`~microjob.context.Context`.

Users reach them as namespaces of :class:`~microjob.Marketplace` (``market.orders``,
``market.payouts``, ...); :func:`microjob.bootstrap.bootstrap` builds them and
:mod:`microjob.handlers` lists how they react to each other. No service inherits from another.
"""
