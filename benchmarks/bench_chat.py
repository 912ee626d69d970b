"""Chat messages posted per second through the Marketplace facade, beside the scanner alone
and a bare append.

Run it from the repository root::

    PYTHONPATH=src python benchmarks/bench_chat.py [--messages N]

The texts are the labelled contact corpus (``tests/data/contacts_corpus.jsonl``: short
marketplace messages in five languages, 45 % of them sharing contact details), posted in turn
by the two sides of 100 conversations. Rows:

* ``facade MASK``: ``send_message`` under seed 000's policy, each message one unit of work
  (conversation counters, stored message, strike, events, the recipient's notification);
* ``facade BLOCK``: seed 002's policy; a flagged message is recorded and refused with
  ``ContactDetailsBlocked`` (caught here);
* ``scanner alone``: ``ContactScanner.scan`` on the same texts, what the filter costs;
* ``bare append``: a tuple per message appended to a list, the floor of storing anything.

The facade is timed again in a slice after the store already holds many messages, so a cost
that grows with history would show; reading the newest page (``messages(limit=20)``) of a long
conversation is timed the same way. Rates are per second of this process's CPU time, so other
work on a shared machine does not distort them. Peak memory is measured in separate passes
under tracemalloc, which would otherwise slow the timed runs.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from microjob import ContactDetailsBlocked, Marketplace, MarketplacePolicy, presets
from microjob.adapters.memory import FrozenClock, RecordingNotifier, RecordingPublisher
from microjob.chat import scanner_for

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "contacts_corpus.jsonl"
PAIRS = 100


def corpus() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [str(json.loads(line)["text"]) for line in lines if line.strip()]


def make_market(policy: MarketplacePolicy) -> tuple[Marketplace, list[str]]:
    market = Marketplace.in_memory(
        policy,
        clock=FrozenClock(),
        notifier=RecordingNotifier(keep=False),
        publisher=RecordingPublisher(keep=False),
    )
    conversations = []
    for n in range(PAIRS):
        for user in (f"b{n}", f"s{n}"):
            market.users.register(user, name=user.upper(), email=f"{user}@example.org")
        conversations.append(market.chat.start(actor=f"b{n}", other=f"s{n}").id)
    return market, conversations


def facade_poster(policy: MarketplacePolicy) -> Callable[[list[str]], int]:
    """A function posting texts through a fresh marketplace; returns how many were refused."""
    market, conversations = make_market(policy)
    send = market.chat.send
    state = {"n": 0}

    def post(texts: list[str]) -> int:
        refused = 0
        n = state["n"]
        for text in texts:
            pair = n % PAIRS
            sender = f"b{pair}" if (n // PAIRS) % 2 == 0 else f"s{pair}"
            try:
                send(conversations[pair], actor=sender, text=text)
            except ContactDetailsBlocked:
                refused += 1
            n += 1
        state["n"] = n
        return refused

    return post


def scanner_only(texts: list[str]) -> int:
    scan = scanner_for(()).scan
    return sum(scan(text).found for text in texts)


def bare_append(texts: list[str]) -> int:
    stored: list[tuple[int, str, str]] = []
    for n, text in enumerate(texts):
        stored.append((n, f"b{n % PAIRS}", text))
    return len(stored)


def rate(work: Callable[[list[str]], int], texts: list[str]) -> float:
    gc.collect()
    start = time.process_time()
    work(texts)
    return len(texts) / (time.process_time() - start)


def peak_kib(make: Callable[[], Callable[[list[str]], int]], texts: list[str]) -> float:
    """Peak traced memory while posting ``texts`` (what one run keeps alive, setup included)."""
    gc.collect()
    tracemalloc.start()
    make()(texts)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def page_reads(market: Marketplace, conversation_id: str, reads: int) -> float:
    start = time.process_time()
    for _ in range(reads):
        market.chat.messages(conversation_id, viewer="b0", limit=20)
    return reads / (time.process_time() - start)


def history_slices(texts: list[str], total: int) -> list[tuple[int, float, float]]:
    """Post rate and newest-page read rate after ``stored`` messages already exist."""
    market, conversations = make_market(presets.microjobengine())
    send = market.chat.send
    out = []
    stored = 0
    for target in (1_000, total):
        while stored < target:
            pair = stored % 4  # four long conversations
            sender = f"b{pair}" if stored % 2 else f"s{pair}"
            send(conversations[pair], actor=sender, text=texts[stored % len(texts)])
            stored += 1
        sample = texts[:2_000]
        gc.collect()
        start = time.process_time()
        for n, text in enumerate(sample):
            send(conversations[4 + n % 90], actor=f"b{4 + n % 90}", text=text)
        posted = len(sample) / (time.process_time() - start)
        stored += len(sample)
        out.append((target, posted, page_reads(market, conversations[0], 2_000)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=20_000)
    args = parser.parse_args()
    base = corpus()
    texts = (base * (args.messages // len(base) + 1))[: args.messages]
    flagged = scanner_only(base)
    scanner_for(())  # built once, outside the timings (about 80 ms)
    print(f"python {platform.python_version()}, {len(texts):,} messages posted per row")
    print("rates per second of process CPU time")
    print(f"corpus: {len(base)} texts, {flagged} flagged by the scanner\n")

    rows: list[tuple[str, Callable[[], Callable[[list[str]], int]]]] = [
        ("facade MASK (seed 000)", lambda: facade_poster(presets.microjobengine())),
        ("facade BLOCK (seed 002)", lambda: facade_poster(presets.kiwigigs())),
        ("scanner alone", lambda: scanner_only),
        ("bare append", lambda: bare_append),
    ]
    rates = {name: rate(make(), texts) for name, make in rows}
    memory = {name: peak_kib(make, texts[:5_000]) for name, make in rows}
    floor = rates["bare append"]
    scan_rate = rates["scanner alone"]
    print(f"{'row':26} {'msg/s':>10} {'vs scanner':>11} {'vs append':>10} {'peak KiB':>10}")
    for name, _ in rows:
        print(
            f"{name:26} {rates[name]:10,.0f} {rates[name] / scan_rate:10.2f}x "
            f"{rates[name] / floor:9.4f}x {memory[name]:10,.0f}"
        )
    print("(peak memory: posting the first 5,000 messages into a fresh marketplace)")

    print("\nafter history accumulates (facade MASK; four conversations grow long):")
    print(f"{'stored':>9} {'post msg/s':>11} {'newest page reads/s':>20}")
    for stored, posted, reads in history_slices(base, max(args.messages, 2_000)):
        print(f"{stored:9,} {posted:11,.0f} {reads:20,.0f}")


if __name__ == "__main__":
    main()
