"""Benchmark the chat contact detector against a plain phonenumbers + regex baseline.

Run with ``python benchmarks/bench_contacts.py [--messages N]``.  The labelled corpus in
``tests/data/contacts_corpus.jsonl`` is scored once for quality (message level: a message
counts as flagged when anything is found) and repeated to about N messages for speed.
Peak memory is measured in a separate pass under ``tracemalloc``, which would otherwise
slow the timed runs down.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import phonenumbers

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from microjob import contacts  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "contacts_corpus.jsonl"
REGIONS = ("US", "GB", "HU", "RU", "DE", "ES")
EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def baseline(text: str) -> bool:
    """What a team would write first: libphonenumber's matcher plus two stock regexes."""
    if EMAIL.search(text) or URL.search(text):
        return True
    return any(True for region in REGIONS for _ in phonenumbers.PhoneNumberMatcher(text, region))


def microjob(text: str) -> bool:
    return contacts.scan(text).found


def quality(detect: Callable[[str], bool], rows: list[dict[str, object]]) -> dict[str, float]:
    tp = fp = fn = tn = 0
    for row in rows:
        found, truth = detect(str(row["text"])), bool(row["contact"])
        tp += found and truth
        fp += found and not truth
        fn += truth and not found
        tn += not found and not truth
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "fpr": fp / (fp + tn)}


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
    parser.add_argument("--messages", type=int, default=50_000)
    args = parser.parse_args()

    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    texts = [str(r["text"]) for r in rows]
    repeated = (texts * (args.messages // len(texts) + 1))[: args.messages]
    avg = sum(map(len, texts)) / len(texts)
    positives = sum(bool(r["contact"]) for r in rows)
    print(f"corpus: {len(rows)} messages ({positives} positive), average {avg:.0f} chars")
    print(f"timed on {len(repeated)} messages\n")

    contacts._classify_phone.cache_clear()
    contacts._default_scanner.cache_clear()
    start = time.perf_counter()
    contacts.scan("warm up")
    build_ms = (time.perf_counter() - start) * 1000
    cold, _ = throughput(microjob, texts)  # first pass: empty phone-number cache

    results = {}
    for name, detect in (("microjob", microjob), ("baseline", baseline)):
        q = quality(detect, rows)
        wall, cpu = throughput(detect, repeated)
        mem = peak_memory(detect, texts)
        results[name] = (q, wall, cpu, mem)

    header = f"{'detector':10} {'msg/s':>9} {'msg/s cpu':>10} {'precision':>9} {'recall':>7}"
    print(header + f" {'F1':>6} {'FPR':>6} {'peak KiB':>9}")
    for name, (q, wall, cpu, mem) in results.items():
        print(
            f"{name:10} {wall:9.0f} {cpu:10.0f} {q['precision']:9.3f} {q['recall']:7.3f}"
            f" {q['f1']:6.3f} {q['fpr']:6.3f} {mem:9.0f}"
        )
    ratio = results["microjob"][1] / results["baseline"][1]
    print(f"\nspeed ratio microjob / baseline: {ratio:.1f}x")
    # The corpus messages are short; joining three gives chat-length (~110 char) messages.
    joined = [" ".join(texts[i : i + 3]) for i in range(len(texts) - 2)]
    long_avg = sum(map(len, joined)) / len(joined)
    long_msgs = (joined * (args.messages // len(joined) + 1))[: args.messages // 2]
    long_wall, _ = throughput(microjob, long_msgs)
    long_base, _ = throughput(baseline, long_msgs[: len(long_msgs) // 5])
    print(
        f"joined messages (avg {long_avg:.0f} chars): microjob {long_wall:.0f} msg/s, "
        f"baseline {long_base:.0f} msg/s"
    )
    print(f"microjob first pass (cold phone cache): {cold:.0f} msg/s")
    print(f"default scanner construction: {build_ms:.0f} ms")


if __name__ == "__main__":
    main()
