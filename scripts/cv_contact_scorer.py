"""Does the learned scorer help on wordings it never saw? Cross-validation grouped by family.

    python scripts/cv_contact_scorer.py                      # leave one family out
    python scripts/cv_contact_scorer.py --group phrasing     # GroupKFold over family#i
    python scripts/cv_contact_scorer.py --folds 5            # GroupKFold over families

Every split of ``corpus/contacts`` has been read while tuning the rules, so no split is an
unseen test of the scorer any more. Here all read splits are pooled and cut into folds by
*template family* (every phrasing of a family, in every language and every split, lands in
the same fold): each fold is scored by a scorer trained on the other folds only, so it is
always judged on kinds of messages it never saw. The rules are fixed; each message is
flagged by the rules alone, or by rules OR scorer >= t, and the out-of-fold verdicts are
pooled into precision, recall, F1 and false-positive rate, overall, per language, per kind,
per split and per negative family. ``--group phrasing`` groups by template group instead
(``family#i`` in all languages): the scorer has seen the family, not the phrasing.

These are estimates on read data: the rules were tuned on every split but
``holdout_sealed``, so the rules-alone figures are tuning figures there, and only the
scorer's half is out of sample. Deterministic, no network.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from train_contact_scorer import (  # noqa: E402
    MAX_FPR,
    MIN_GAIN,
    POSITIVE_KINDS,
    feats,
    load,
    train,
    training_data,
)

from microjob.contact_scorer import Scorer  # noqa: E402
from microjob.contacts import ContactScanner  # noqa: E402

THRESHOLDS = (*(round(t / 100, 2) for t in range(50, 100, 5)), 0.97, 0.98, 0.99)
LANGS = ("en", "ru", "hu", "es", "de")
KINDS = ("email", "phone", "url", "payment", "messenger", "solicitation")
SPLITS = ("train", "dev", "test", "sealed", "holdout", "holdout_sealed")
GROUPINGS: dict[str, Callable[[dict[str, Any]], str]] = {
    "family": lambda r: str(r["family"]),
    "phrasing": lambda r: str(r["group"]),
}


def _primary_kind(
    rows: Sequence[dict[str, Any]], key: Callable[[dict[str, Any]], str]
) -> dict[str, str]:
    out: dict[str, str] = {}
    for r in rows:
        out.setdefault(key(r), ",".join(r["kinds"]) or "-")
    return out


def assign_folds(
    rows: Sequence[dict[str, Any]], grouping: str = "family", folds: int = 0
) -> list[int]:
    """The fold of each row: one per group with ``folds=0``, else groups dealt round-robin
    in (kind, name) order, so every fold holds some of each kind of family."""
    key = GROUPINGS[grouping]
    kinds = _primary_kind(rows, key)
    groups = sorted(kinds, key=lambda g: (kinds[g], g))
    n = len(groups) if folds <= 0 else folds
    fold_of = {g: i % n for i, g in enumerate(groups)}
    return [fold_of[key(r)] for r in rows]


def _figures(found: Sequence[bool], truth: Sequence[bool]) -> dict[str, float]:
    tp = sum(f and t for f, t in zip(found, truth, strict=True))
    fp = sum(f and not t for f, t in zip(found, truth, strict=True))
    fn = sum(t and not f for f, t in zip(found, truth, strict=True))
    tn = len(truth) - tp - fp - fn
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "fpr": round(fp / (fp + tn), 4) if fp + tn else 0.0,
        "tp": tp,
        "fp": fp,
    }


def cross_validate(
    rows: Sequence[dict[str, Any]],
    grouping: str = "family",
    folds: int = 0,
    train_options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Out-of-fold scores for every row, the rules' verdicts and the summary tables."""
    options = dict(train_options or {})
    positives = frozenset(options.pop("positives", POSITIVE_KINDS))
    use = tuple(f"{k}:" for k in options.pop("feature_kinds", "kwbc"))

    def kept(fs: Sequence[str]) -> list[str]:
        return [f for f in fs if f.startswith(use)]

    cache: dict[str, list[str]] = {}
    fold = assign_folds(rows, grouping, folds)
    rules = ContactScanner(use_scorer=False)
    found = [rules.scan(r["text"]).found for r in rows]
    scores = [0.0] * len(rows)
    for k in sorted(set(fold)):
        inside = [r for r, f in zip(rows, fold, strict=True) if f != k]
        data = [(kept(fs), y) for fs, y in training_data(inside, cache, positives)]
        if not any(y for _, y in data):
            continue  # nothing to learn from: leave the fold's scores at 0
        weights, bias = train(data, **options)
        scorer = Scorer(weights, bias, 0.5)
        for i, f in enumerate(fold):
            if f == k:
                fs = cache.get(rows[i]["text"]) or feats(rows[i]["text"])
                scores[i] = scorer.score(kept(fs))
    result = {"found": found, "scores": scores, "fold": fold}
    options["positives"] = sorted(positives)
    options["feature_kinds"] = "".join(u[0] for u in use)
    result["summary"] = summarise(rows, found, scores, grouping, folds, options)
    return result


def _at(found: Sequence[bool], scores: Sequence[float], t: float | None) -> list[bool]:
    if t is None:
        return list(found)
    return [f or s >= t for f, s in zip(found, scores, strict=True)]


def summarise(
    rows: Sequence[dict[str, Any]],
    found: Sequence[bool],
    scores: Sequence[float],
    grouping: str,
    folds: int,
    options: dict[str, Any],
) -> dict[str, Any]:
    truth = [bool(r["contact"]) for r in rows]
    alone = _figures(found, truth)
    sweep = {f"{t:.2f}": _figures(_at(found, scores, t), truth) for t in THRESHOLDS}
    eligible = [
        (fig["f1"], -float(t), t)
        for t, fig in sweep.items()
        if fig["fpr"] <= MAX_FPR and fig["f1"] >= alone["f1"] + MIN_GAIN
    ]
    best = max(eligible)[2] if eligible else None
    shown = [None, *(float(t) for t in sorted({best, "0.50", "0.80", "0.90"} - {None}))]

    def slice_table(select: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        idx = [i for i, r in enumerate(rows) if select(r)]
        return {
            ("rules" if t is None else f"{t:.2f}"): _figures(
                [_at(found, scores, t)[i] for i in idx], [truth[i] for i in idx]
            )
            for t in shown
        }

    return {
        "grouping": grouping,
        "folds": folds or len(set(assign_folds(rows, grouping, folds))),
        "options": options,
        "messages": len(rows),
        "rules_alone": alone,
        "sweep": sweep,
        "best_threshold": best,
        "by_language": {
            lang: slice_table(lambda r, lang=lang: r["lang"] == lang) for lang in LANGS
        },
        "by_kind": {kind: slice_table(lambda r, kind=kind: kind in r["kinds"]) for kind in KINDS},
        "by_split": {s: slice_table(lambda r, s=s: r["split"] == s) for s in SPLITS},
        "negative_families": {
            fam: slice_table(lambda r, fam=fam: r["family"] == fam)
            for fam in sorted({r["family"] for r in rows if not r["contact"]})
        },
    }


def decide(cv: dict[str, Any]) -> tuple[float, bool, dict[str, Any]]:
    """The threshold and whether the scorer ships on, with the reason in words."""
    summary = cv["summary"]
    alone = summary["rules_alone"]
    best = summary["best_threshold"]
    if best is None:
        top = max(summary["sweep"].items(), key=lambda kv: kv[1]["f1"])
        why = (
            f"off: no threshold beats the rules alone on cross-validated F1 ({alone['f1']:.3f}) "
            f"by {MIN_GAIN} within FPR {MAX_FPR:.0%}; best was t={top[0]}: F1 "
            f"{top[1]['f1']:.3f}, FPR {top[1]['fpr']:.3f}"
        )
        return 0.99, False, {"enabled": False, "threshold": None, "why": why}
    fig = summary["sweep"][best]
    why = (
        f"on at t={best}: cross-validated ({summary['grouping']}-grouped) F1 {alone['f1']:.3f} -> "
        f"{fig['f1']:.3f}, FPR {alone['fpr']:.3f} -> {fig['fpr']:.3f} "
        f"(+{fig['tp'] - alone['tp']} true, +{fig['fp'] - alone['fp']} false positives)"
    )
    return float(best), True, {"enabled": True, "threshold": float(best), "why": why}


def _row(name: str, m: dict[str, float]) -> str:
    return (
        f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['fpr']:.3f} "
        f"| {m['tp']} | {m['fp']} |"
    )


def markdown(cv: dict[str, Any]) -> str:
    """The summary as the Markdown tables quoted in ``docs/chat-filter.md``."""
    s = cv["summary"]
    head = (
        "| | precision | recall | F1 | FPR | TP | FP |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    out = [
        f"Grouping: {s['grouping']}, {s['folds']} folds, {s['messages']} messages; "
        f"best threshold: {s['best_threshold']}",
        "",
        head,
        _row("rules alone", s["rules_alone"]),
    ]
    out += [_row(f"rules OR scorer >= {t}", m) for t, m in s["sweep"].items()]
    for title in ("by_language", "by_kind", "by_split", "negative_families"):
        out += ["", f"**{title.replace('_', ' ')}**", "", head]
        for name, table in s[title].items():
            out += [
                _row(f"{name}, {'rules' if t == 'rules' else '>= ' + t}", m)
                for t, m in table.items()
            ]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--group", choices=sorted(GROUPINGS), default="family")
    parser.add_argument("--folds", type=int, default=0, help="0: leave one group out")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    parser.add_argument("--errors", type=Path, help="write the scorer's flips here (jsonl)")
    parser.add_argument("--positives", default=",".join(sorted(POSITIVE_KINDS)))
    parser.add_argument("--features", default="kwbc", help="k concepts w words b bigrams c chars")
    parser.add_argument("--l2", type=float)
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--min-count", type=int)
    args = parser.parse_args(argv)
    options: dict[str, Any] = {
        "positives": args.positives.split(","),
        "feature_kinds": args.features,
    }
    for name in ("l2", "epochs", "min_count"):
        if getattr(args, name) is not None:
            options[name] = getattr(args, name)
    rows = load()
    cv = cross_validate(rows, args.group, args.folds, options)
    print(markdown(cv))
    print(decide(cv)[2]["why"])
    if args.json:
        args.json.write_text(json.dumps(cv["summary"], indent=1) + "\n", encoding="utf-8")
    if args.errors:
        with args.errors.open("w", encoding="utf-8") as fh:
            for r, f, sc in zip(rows, cv["found"], cv["scores"], strict=True):
                if not f and sc >= 0.5:
                    fh.write(json.dumps({**r, "score": round(sc, 3)}, ensure_ascii=False) + "\n")
    counts = Counter(cv["fold"])
    print(f"{len(counts)} folds, {min(counts.values())}-{max(counts.values())} messages each")


if __name__ == "__main__":
    main()
