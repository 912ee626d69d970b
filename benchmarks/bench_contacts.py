"""Benchmark the chat contact scanner against a plain phonenumbers + regex baseline.

Run with ``python benchmarks/bench_contacts.py [--messages N] [--split NAME ...]``.

Quality is measured per language and per kind, for the scanner and for the baseline in the same
run: precision, recall, F1 and false-positive rate, message level (a message counts as flagged
when anything is found). By default on two splits of ``corpus/contacts``: the *held-out split*
(phrasings written apart from the templates; tuning data since the third round) and
``fresh3``, the latest split written apart from the rules and scored once, after the fifth
round (read since; see ``docs/chat-filter.md``). ``--split`` names others instead (any split;
a split written for a later round is scored once, when that round is done). The seed's own
630-message corpus (``tests/data/contacts_corpus.jsonl``) is scored too, as a second
independent check.

Speed is messages per second over the old test split repeated to about N messages (the
messages every earlier speed figure used), both detectors in the same process; peak memory
is measured in a separate pass under ``tracemalloc``, which would otherwise slow the timed
runs down.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_contacts import baseline, load, prf, print_report, report  # noqa: E402

from microjob import contacts  # noqa: E402

SEED_CORPUS = ROOT / "tests" / "data" / "contacts_corpus.jsonl"
SPLITS = {
    "train": "the train split",
    "dev": "the dev split",
    "test": "the old test split (tuned on since the second round)",
    "holdout": "the held-out split (tuning data since the third round)",
    "holdout_sealed": "its sealed slice (holdout_sealed: scored once in round three, read since)",
    "fresh": "fresh (scored once after round three, read since)",
    "fresh2": "fresh2 (scored once after round four, read since)",
    "fresh3": "fresh3 (written apart from the rules, scored once after round five, read since)",
}
"""What each split of ``corpus/contacts`` is, as the report titles it."""


def microjob(text: str) -> bool:
    return contacts.scan(text).found


def throughput(detect: Callable[[str], bool], messages: list[str]) -> tuple[float, float]:
    """Messages per second by wall clock and by this process's CPU time."""
    wall, cpu = time.perf_counter(), time.process_time()
    for text in messages:
        detect(text)
    return (
        len(messages) / (time.perf_counter() - wall),
        len(messages) / max(time.process_time() - cpu, 1e-9),
    )


def peak_memory(detect: Callable[[str], bool], messages: list[str]) -> float:
    tracemalloc.start()
    for text in messages:
        detect(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument(
        "--split",
        action="append",
        choices=tuple(SPLITS),
        help="score this split (repeatable; default: holdout and fresh3)",
    )
    args = parser.parse_args()

    contacts._default_scanner.cache_clear()
    start = time.perf_counter()
    contacts.scan("warm up")
    build_ms = (time.perf_counter() - start) * 1000

    detectors = {"microjob": microjob, "baseline": baseline}
    for split in args.split or ("holdout", "fresh3"):
        rows = load([split])
        positives = sum(bool(r["contact"]) for r in rows)
        title = SPLITS[split]
        print(f"{title}: {len(rows)} messages ({positives} positive), five languages")
        print_report(title, report(rows, detectors))
    test = load(["test"])

    seed = [json.loads(line) for line in SEED_CORPUS.read_text("utf-8").splitlines() if line]
    print("\n== seed corpus (tests/data/contacts_corpus.jsonl, 630 messages)")
    for name, detect in detectors.items():
        m = prf([(detect(str(r["text"])), bool(r["contact"])) for r in seed])
        print(
            f"{name:10} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
            f"  FPR {m['fpr']:.3f}"
        )

    texts = [str(r["text"]) for r in test]
    repeated = (texts * (args.messages // len(texts) + 1))[: args.messages]
    avg = sum(map(len, texts)) / len(texts)
    print(f"\nspeed: {len(repeated)} messages (average {avg:.0f} chars)")
    results = {}
    for name, detect in detectors.items():
        wall, cpu = throughput(detect, repeated)
        results[name] = (wall, cpu, peak_memory(detect, texts))
    print(f"{'detector':10} {'msg/s':>9} {'msg/s cpu':>10} {'peak KiB':>9}")
    for name, (wall, cpu, mem) in results.items():
        print(f"{name:10} {wall:9.0f} {cpu:10.0f} {mem:9.0f}")
    # The machine is shared: alternate short rounds of both and take the median ratio, so a
    # burst of load elsewhere does not land on one detector only.
    ratios = []
    for _ in range(7):
        _, mj = throughput(microjob, texts)
        _, base = throughput(baseline, texts)
        ratios.append(mj / base)
    ratio = sorted(ratios)[len(ratios) // 2]
    print(
        f"\nspeed ratio microjob / baseline (CPU time, median of 7 alternating rounds): "
        f"{ratio:.1f}x (rounds {min(ratios):.1f}x..{max(ratios):.1f}x)"
    )
    print(f"default scanner construction: {build_ms:.0f} ms")


if __name__ == "__main__":
    main()
