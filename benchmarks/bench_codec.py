"""The storage codec against cattrs doing the same job, on the SQL adapter's hot path.

Run it from the repository root::

    PYTHONPATH=src python benchmarks/bench_codec.py [--rounds N]

The data are what the engine stores: the orders (without their policy, as the SQL adapter
writes them) and every record kind of one run through every capability of the engine (the
storage contract's scenario: accepted, disputed and cancelled orders, a review with a reply,
levels, deposits, payout methods and a payout, a conversation with a flagged message).

The cattrs side is a ``cattrs.Converter`` configured to write exactly what the codec writes
(the same JSON, so the rows already stored stay readable): the codec's leaf functions for
``Money``, ``Decimal``, times, dates, durations and bytes are registered as its hooks; per attrs
class it generates cattrs' own field-by-field functions (``make_dict_unstructure_fn`` /
``make_dict_structure_fn``), leaving out the plain defaults the codec leaves out; whatever cattrs
has no form for (``X | Y`` unions, ``Any`` fields) is handed to the codec's encoder for that
hint. Before timing, the script checks that both write the same JSON documents (key order
aside) and decode to equal values.

It prints, per direction (encode = value to JSON text, decode = JSON text to value), the
microseconds per document of each side and the ratio cattrs / codec (above 1: cattrs is slower).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from microjob import Marketplace
from microjob.adapters import codec as codec_module
from microjob.adapters.codec import codec
from microjob.adapters.memory import (
    FakeGateway,
    FrozenClock,
    MemoryStore,
    RecordingNotifier,
    RecordingPublisher,
)
from microjob.orders import Order
from microjob.policies import MarketplacePolicy
from microjob.testing.contract import _QUICK, T0, _Scenario

ORDER_SKIP = frozenset({"policy"})
_PLAIN = codec_module._PLAIN_DEFAULTS


def engine_data() -> tuple[list[Order], list[tuple[type, Any]]]:
    """The orders and the records one run through every capability leaves in a store."""
    store = MemoryStore()
    market = Marketplace(
        uow=store.unit_of_work,
        clock=FrozenClock(T0),
        policy=_QUICK,
        gateway=FakeGateway(),
        notifier=RecordingNotifier(keep=False),
        publisher=RecordingPublisher(keep=False),
    )
    for name in ("ann", "bob", "cy"):
        market.users.register(name, name=name.title(), email=f"{name}@example.org")
    market.users.register("admin", name="Admin", email="admin@example.org", is_admin=True)
    _Scenario(market).play()
    records = [(type(r), r) for rows in store.records.values() for r in rows.values()]
    return list(store.orders.values()), records


# -- cattrs configured to write what the codec writes --------------------------------------------
def _needs_codec(hint: Any) -> bool:
    """Hints cattrs has no matching form for: ``Any`` and unions other than ``X | None``."""
    if hint is Any or hint is object:
        return True
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        members = [m for m in typing.get_args(hint) if m is not type(None)]
        return len(members) > 1
    return False


def codec_structure(hint: Any) -> Callable[[Any, Any], Any]:
    """A cattrs structure hook that is the codec's own decoder for ``hint``."""
    decode = codec.decoder(hint)
    return lambda data, _: decode(data)


def converter() -> tuple[cattrs.Converter, Callable[[type], Callable[[Any], Any]]]:
    conv = cattrs.Converter()
    leaves = [
        codec_module.Money,
        codec_module.Decimal,
        codec_module.pendulum.DateTime,
        codec_module.dt.date,
        codec_module.dt.timedelta,
        bytes,
    ]
    for leaf in leaves:
        conv.register_unstructure_hook(leaf, codec.encoder(leaf))
        conv.register_structure_hook(leaf, codec_structure(leaf))
    conv.register_unstructure_hook_factory(_needs_codec, lambda hint: codec.encoder(hint))

    conv.register_structure_hook_factory(_needs_codec, codec_structure)

    def fields_of(cls: type, skip: frozenset[str]) -> dict[str, Any]:
        found = {}
        for field in attrs.fields(cls):
            if field.name in skip or not field.init:
                found[field.name] = override(omit=True)
                continue
            default = field.default
            plain = (
                default is not attrs.NOTHING
                and not isinstance(default, attrs.Factory)  # type: ignore[arg-type]
                and type(default) in _PLAIN
            )
            found[field.name] = override(omit_if_default=plain)
        return found

    def unstructure_factory(cls: type) -> Any:
        attrs.resolve_types(cls)
        return make_dict_unstructure_fn(cls, conv, **fields_of(cls, frozenset()))

    def structure_factory(cls: type) -> Any:
        attrs.resolve_types(cls)
        return make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=False)

    conv.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    conv.register_structure_hook_factory(attrs.has, structure_factory)

    def order_encoder(cls: type) -> Callable[[Any], Any]:
        attrs.resolve_types(cls)
        return make_dict_unstructure_fn(cls, conv, **fields_of(cls, ORDER_SKIP))

    return conv, order_encoder


# -- timing --------------------------------------------------------------------------------------
def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _same(theirs: Any, ours: Any) -> bool:
    """The same JSON document (key order aside: cattrs writes omissible fields last)."""
    return bool(json.loads(_dumps(theirs)) == json.loads(_dumps(ours)))


def per_document(work: Callable[[], object], documents: int, rounds: int) -> float:
    """Microseconds per document: the best of five repeats of ``rounds`` passes."""
    best = float("inf")
    for _ in range(5):
        began = time.perf_counter()
        for _ in range(rounds):
            work()
        best = min(best, time.perf_counter() - began)
    return best / (rounds * documents) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args(argv)

    orders, records = engine_data()
    conv, order_encoder = converter()
    policy = orders[0].policy
    policies = {"p1": policy}

    ours_order_enc = codec.fields_encoder(Order, ORDER_SKIP)
    ours_order_dec = codec.fields_decoder(Order, ORDER_SKIP)
    theirs_order_enc = order_encoder(Order)
    # cattrs' functions take no extra arguments: the policy (stored once, by its hash) comes in
    # the document under its key and a hook hands out the one already loaded
    conv.register_structure_hook(MarketplacePolicy, lambda key, _: policies[key])
    theirs_order_dec = make_dict_structure_fn(Order, conv, _cattrs_forbid_extra_keys=False)

    # the same job: equal data and equal values, or the ratios mean nothing
    for order in orders:
        data = ours_order_enc(order)
        assert _same(theirs_order_enc(order), data), order.id
        assert ours_order_dec(data, policy=order.policy) == order, order.id
        assert theirs_order_dec({**data, "policy": "p1"}, Order) == order, order.id
    for kind, record in records:
        data = codec.encode(record, kind)
        assert _same(conv.unstructure(record, kind), data), kind
        assert conv.structure(json.loads(_dumps(data)), kind) == record, kind
    longest = max(len(o.history) for o in orders)
    kinds = len({k for k, _ in records})
    print(
        f"{len(orders)} orders (history up to {longest} steps, policy left out) and "
        f"{len(records)} records of {kinds} kinds; both sides write the same documents"
    )

    texts = [_dumps(ours_order_enc(o)) for o in orders]
    rec_texts = [(k, _dumps(codec.encode(r, k))) for k, r in records]
    ours_rec = [(codec.encoder(k), r) for k, r in records]
    theirs_rec = [(conv.get_unstructure_hook(k), r) for k, r in records]
    ours_rec_dec = [(codec.decoder(k), t) for k, t in rec_texts]
    theirs_rec_dec = [(conv.get_structure_hook(k), k, t) for k, t in rec_texts]

    def theirs_order_load(text: str) -> Order:
        data = json.loads(text)
        data["policy"] = "p1"
        return theirs_order_dec(data, Order)

    cases: list[tuple[str, int, Callable[[], object], Callable[[], object]]] = [
        (
            "orders: encode",
            len(orders),
            lambda: [_dumps(ours_order_enc(o)) for o in orders],
            lambda: [_dumps(theirs_order_enc(o)) for o in orders],
        ),
        (
            "orders: decode",
            len(orders),
            lambda: [ours_order_dec(json.loads(t), policy=policy) for t in texts],
            lambda: [theirs_order_load(t) for t in texts],
        ),
        (
            "records: encode",
            len(records),
            lambda: [_dumps(enc(r)) for enc, r in ours_rec],
            lambda: [_dumps(enc(r)) for enc, r in theirs_rec],
        ),
        (
            "records: decode",
            len(records),
            lambda: [dec(json.loads(t)) for dec, t in ours_rec_dec],
            lambda: [dec(json.loads(t), k) for dec, k, t in theirs_rec_dec],
        ),
    ]
    print(f"{'':18}{'codec µs/doc':>14}{'cattrs µs/doc':>15}{'cattrs/codec':>14}")
    for name, documents, ours, theirs in cases:
        mine = per_document(ours, documents, args.rounds)
        other = per_document(theirs, documents, args.rounds)
        print(f"{name:18}{mine:14.1f}{other:15.1f}{other / mine:14.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
