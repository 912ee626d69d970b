"""Score a contact detector on the corpus in ``corpus/contacts``, per split, language and kind.

    python scripts/eval_contacts.py                 # train and dev (what tuning may look at)
    python scripts/eval_contacts.py --split test    # the test split
    python scripts/eval_contacts.py --sealed        # the sealed slice: run once, at the end
    python scripts/eval_contacts.py --split holdout # the fresh held-out split: once, at the end
    python scripts/eval_contacts.py --split holdout_sealed   # its sealed slice, likewise
    python scripts/eval_contacts.py --split fresh   # the second held-out split: once, at the end
    python scripts/eval_contacts.py --split fresh2  # the third held-out split: once, at the end
    python scripts/eval_contacts.py --split fresh3  # the fourth held-out split: once, at the end
    python scripts/eval_contacts.py --errors dev    # list the dev split's mistakes

Scoring is per message: a message counts as flagged when the scanner finds anything. Per
kind, recall is the share of messages sharing that kind that were flagged; per negative
family, the false-positive rate is the share of its messages that were flagged.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import phonenumbers

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

CORPUS = ROOT / "corpus" / "contacts" / "messages.jsonl"
LANGS = ("en", "ru", "hu", "es", "de")
KINDS = ("email", "phone", "messenger", "url", "payment", "solicitation")
REGIONS = ("US", "GB", "HU", "RU", "DE", "ES")
EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)

Row = dict[str, Any]


def load(splits: Iterable[str]) -> list[Row]:
    wanted = set(splits)
    with CORPUS.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [r for r in rows if r["split"] in wanted]


def baseline(text: str) -> bool:
    """What a team would write first: libphonenumber's matcher plus two stock regexes."""
    if EMAIL.search(text) or URL.search(text):
        return True
    return any(True for region in REGIONS for _ in phonenumbers.PhoneNumberMatcher(text, region))


def scanner_detect(direct: bool = False) -> Callable[[str], bool]:
    from microjob.contacts import ContactScanner

    scanner = ContactScanner(allow_direct_settlement=direct) if direct else ContactScanner()
    return lambda text: scanner.scan(text).found


def prf(pairs: list[tuple[bool, bool]]) -> dict[str, float]:
    """Precision, recall, F1 and false-positive rate of (found, truth) pairs."""
    tp = sum(f and t for f, t in pairs)
    fp = sum(f and not t for f, t in pairs)
    fn = sum(t and not f for f, t in pairs)
    tn = sum(not f and not t for f, t in pairs)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "n": len(pairs),
        "precision": p,
        "recall": r,
        "f1": f1,
        "fpr": fp / (fp + tn) if fp + tn else 0.0,
    }


def truth(row: Row, direct: bool) -> bool:
    return bool(row["contact"]) and not (direct and row.get("direct_ok"))


def report(
    rows: list[Row], detectors: dict[str, Callable[[str], bool]], direct: bool = False
) -> dict[str, dict[str, dict[str, float]]]:
    """Overall, per-language, per-kind and per-negative-family figures for each detector."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name, detect in detectors.items():
        found = [detect(r["text"]) for r in rows]
        pairs = [(f, truth(r, direct)) for f, r in zip(found, rows, strict=True)]
        table: dict[str, dict[str, float]] = {"all": prf(pairs)}
        for lang in LANGS:
            table[lang] = prf([p for p, r in zip(pairs, rows, strict=True) if r["lang"] == lang])
        for kind in KINDS:
            sel = [p for p, r in zip(pairs, rows, strict=True) if kind in r["kinds"] and p[1]]
            if sel:
                table[kind] = prf(sel)
        negatives = sorted({r["family"] for r in rows if not truth(r, direct)})
        for fam in negatives:
            sel = [p for p, r in zip(pairs, rows, strict=True) if r["family"] == fam]
            table[fam] = prf(sel)
        out[name] = table
    return out


def print_report(title: str, tables: dict[str, dict[str, dict[str, float]]]) -> None:
    names = list(tables)
    print(f"\n== {title}")
    head = f"{'slice':24}{'n':>6}" + "".join(
        f" | {n[:10]:>10}  P     R     F1    FPR" for n in names
    )
    print(head)
    for key in tables[names[0]]:
        line = f"{key:24}{int(tables[names[0]][key]['n']):6}"
        for n in names:
            m = tables[n][key]
            line += (
                f" | {'':10} {m['precision']:.3f} {m['recall']:.3f} {m['f1']:.3f} {m['fpr']:.3f}"
            )
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--split",
        action="append",
        choices=(
            "train",
            "dev",
            "test",
            "holdout",
            "holdout_sealed",
            "fresh",
            "fresh2",
            "fresh3",
        ),
        help="holdout, holdout_sealed, fresh, fresh2 and fresh3 are scored once, when the work "
        "is done",
    )
    parser.add_argument("--sealed", action="store_true", help="score the sealed slice")
    # Listing mistakes is for tuning: only on splits already scored (``holdout_sealed``,
    # ``fresh``, ``fresh2`` and ``fresh3`` were each scored once and are read since), never on
    # a split still to be scored (a new one, when it is written).
    parser.add_argument(
        "--errors",
        choices=("train", "dev", "test", "holdout", "holdout_sealed", "fresh", "fresh2", "fresh3"),
        help="list mistakes",
    )
    parser.add_argument("--direct", action="store_true", help="allow_direct_settlement mode")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    if args.errors:
        from microjob.contacts import ContactScanner

        scanner = ContactScanner(allow_direct_settlement=True) if args.direct else ContactScanner()
        for row in load([args.errors]):
            result = scanner.scan(row["text"])
            if result.found != truth(row, args.direct):
                tag = "FP" if result.found else "FN"
                shown = [(f.kind.value, f.text, f.confidence, f.detail) for f in result.findings]
                print(f"{tag} {row['family']:22} {row['text']!r} {shown}")
        return
    splits = ["sealed"] if args.sealed else (args.split or ["train", "dev"])
    detectors = {"microjob": scanner_detect(args.direct)}
    if not args.no_baseline:
        detectors["baseline"] = baseline
    for split in splits:
        print_report(
            f"split {split}" + (" (direct mode)" if args.direct else ""),
            report(load([split]), detectors, args.direct),
        )


if __name__ == "__main__":
    main()
