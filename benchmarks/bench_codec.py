"""The storage codec (built on cattrs) against the hand-written codec it replaced.

Run it from the repository root::

    PYTHONPATH=src python benchmarks/bench_codec.py [--rounds N]

The data are what the engine stores: the orders (without their policy, as the SQL adapter
writes them) and every record kind of one run through every capability of the engine (the
storage contract's scenario: accepted, disputed and cancelled orders, a review with a reply,
levels, deposits, payout methods and a payout, a conversation with a flagged message).

The baseline is the previous, hand-written implementation, kept frozen as
``tests/test_codec_reference.py`` (the reference the codec's tests hold it to). Before timing,
the script checks that both write the same JSON text, byte for byte, and decode it to equal
values; then it times both in the same run.

It prints, per direction (encode = value to JSON text, decode = JSON text to value), the
microseconds per document of each side and the ratio codec / previous (above 1: the codec built
on cattrs is slower).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from microjob import Marketplace
from microjob.adapters.codec import Codec
from microjob.adapters.memory import (
    FakeGateway,
    FrozenClock,
    MemoryStore,
    RecordingNotifier,
    RecordingPublisher,
)
from microjob.orders import Order
from microjob.testing.contract_scenario import QUICK, T0, Scenario

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.test_codec_reference import Codec as PreviousCodec

ORDER_SKIP = frozenset({"policy"})


def engine_data() -> tuple[list[Order], list[tuple[type, Any]]]:
    """The orders and the records one run through every capability leaves in a store."""
    store = MemoryStore()
    market = Marketplace(
        uow=store.unit_of_work,
        clock=FrozenClock(T0),
        policy=QUICK,
        gateway=FakeGateway(),
        notifier=RecordingNotifier(keep=False),
        publisher=RecordingPublisher(keep=False),
    )
    for name in ("ann", "bob", "cy"):
        market.users.register(name, name=name.title(), email=f"{name}@example.org")
    market.users.register("admin", name="Admin", email="admin@example.org", is_admin=True)
    Scenario(market).play()
    records = [(type(r), r) for rows in store.records.values() for r in rows.values()]
    return list(store.orders.values()), records


# -- timing --------------------------------------------------------------------------------------
def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


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
    ours, previous = Codec(), PreviousCodec()
    policy = orders[0].policy

    ours_order_enc = ours.fields_encoder(Order, ORDER_SKIP)
    ours_order_dec = ours.fields_decoder(Order, ORDER_SKIP)
    prev_order_enc = previous.fields_encoder(Order, ORDER_SKIP)
    prev_order_dec = previous.fields_decoder(Order, ORDER_SKIP)

    # the same job: the same text and equal values, or the ratios mean nothing
    for order in orders:
        text = _dumps(prev_order_enc(order))
        assert _dumps(ours_order_enc(order)) == text, order.id
        assert ours_order_dec(json.loads(text), policy=order.policy) == order, order.id
    for kind, record in records:
        text = previous.dumps(record, kind)
        assert ours.dumps(record, kind) == text, kind
        assert ours.loads(text, kind) == record, kind
    longest = max(len(o.history) for o in orders)
    kinds = len({k for k, _ in records})
    print(
        f"{len(orders)} orders (history up to {longest} steps, policy left out) and "
        f"{len(records)} records of {kinds} kinds; both sides write the same text"
    )

    texts = [_dumps(prev_order_enc(o)) for o in orders]
    rec_texts = [(k, previous.dumps(r, k)) for k, r in records]

    def side(codec: Any, order_enc: Any, order_dec: Any) -> list[Callable[[], object]]:
        enc = [(codec.encoder(k), r) for k, r in records]
        dec = [(codec.decoder(k), t) for k, t in rec_texts]
        return [
            lambda: [_dumps(order_enc(o)) for o in orders],
            lambda: [order_dec(json.loads(t), policy=policy) for t in texts],
            lambda: [_dumps(e(r)) for e, r in enc],
            lambda: [d(json.loads(t)) for d, t in dec],
        ]

    names = ["orders: encode", "orders: decode", "records: encode", "records: decode"]
    sizes = [len(orders), len(orders), len(records), len(records)]
    mine = side(ours, ours_order_enc, ours_order_dec)
    before = side(previous, prev_order_enc, prev_order_dec)
    print(f"{'':18}{'previous µs/doc':>17}{'codec µs/doc':>14}{'codec/previous':>16}")
    for name, documents, ours_work, prev_work in zip(names, sizes, mine, before, strict=True):
        old = per_document(prev_work, documents, args.rounds)
        new = per_document(ours_work, documents, args.rounds)
        print(f"{name:18}{old:17.1f}{new:14.1f}{new / old:16.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
