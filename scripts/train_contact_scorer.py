"""Train the contact scanner's learned scorer from the train split; tune its threshold on dev.

    python scripts/train_contact_scorer.py            # writes src/microjob/data/contact_scorer.json

Deterministic (fixed seed, fixed order, no network, pure Python). The scorer only has to
find invitations that have no shape a rule could match, so it learns from the solicitation
families (positives) against every hard-negative family; messages that share an address or
a number are the rules' job and stay out of its training. The threshold is the one that
maximises the whole scanner's F1 on dev (rules OR scorer) with a dev false-positive rate of
at most 1 %; the test split, its sealed slice and the held-out splits (``holdout``,
``holdout_sealed`` and the second one, ``fresh``) are never read here (``load`` refuses them).
"""

from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from microjob.contact_concepts import Concepts  # noqa: E402
from microjob.contact_normalize import normalise  # noqa: E402
from microjob.contact_scorer import Scorer, features  # noqa: E402
from microjob.contacts import ContactScanner  # noqa: E402

CORPUS = ROOT / "corpus" / "contacts" / "messages.jsonl"
OUT = ROOT / "src" / "microjob" / "data" / "contact_scorer.json"
SEED = 7
EPOCHS = 20
L2 = 1e-2
RATE = 0.3
MIN_COUNT = 2
MAX_FPR = 0.01


TRAINING_SPLITS = ("train", "dev")


def load(split: str) -> list[dict[str, Any]]:
    if split not in TRAINING_SPLITS:
        raise ValueError(f"the scorer is trained and tuned on train and dev only, not {split!r}")
    with CORPUS.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [r for r in rows if r["split"] == split]


CONCEPTS = Concepts()


def feats(text: str) -> list[str]:
    norm = normalise(text)[0]
    return sorted(set(features(norm, CONCEPTS.hits(norm))))


def trainable(row: dict[str, Any]) -> bool:
    return not row["contact"] or row["kinds"] == ["solicitation"]


def train(rows: list[dict[str, Any]]) -> tuple[dict[str, float], float]:
    data = [(feats(r["text"]), 1.0 if r["contact"] else 0.0) for r in rows if trainable(r)]
    counts: dict[str, int] = {}
    for fs, _ in data:
        for f in fs:
            counts[f] = counts.get(f, 0) + 1
    data = [([f for f in fs if counts[f] >= MIN_COUNT], y) for fs, y in data]
    positives = sum(y for _, y in data)
    weight = {1.0: len(data) / (2 * positives), 0.0: len(data) / (2 * (len(data) - positives))}
    w: dict[str, float] = {}
    g2: dict[str, float] = {}
    bias, bias_g2 = 0.0, 0.0
    order = list(range(len(data)))
    rng = random.Random(SEED)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            fs, y = data[i]
            z = bias + sum(w.get(f, 0.0) for f in fs)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            grad = (p - y) * weight[y]
            for f in fs:
                g = grad + L2 * w.get(f, 0.0)
                g2[f] = g2.get(f, 0.0) + g * g
                w[f] = w.get(f, 0.0) - RATE * g / math.sqrt(g2[f])
            bias_g2 += grad * grad
            bias -= RATE * grad / math.sqrt(bias_g2)
    return {f: round(v, 4) for f, v in w.items() if abs(v) >= 0.002}, round(bias, 4)


def _figures(found: list[bool], rows: list[dict[str, Any]]) -> dict[str, float]:
    tp = sum(f and r["contact"] for f, r in zip(found, rows, strict=True))
    fp = sum(f and not r["contact"] for f, r in zip(found, rows, strict=True))
    fn = sum(r["contact"] and not f for f, r in zip(found, rows, strict=True))
    tn = len(rows) - tp - fp - fn
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"f1": f1, "precision": p, "recall": r, "fpr": fp / (fp + tn), "fp": fp, "tp": tp}


def tune(scorer: Scorer, rows: list[dict[str, Any]]) -> tuple[float, bool, dict[str, Any]]:
    """The threshold with the best dev F1 of rules OR scorer, within the FPR budget.

    The scorer is enabled only if that F1 beats the rules alone: a learned part that adds
    nothing on dev only adds false positives on real traffic.
    """
    rules = ContactScanner(use_scorer=False)
    base = [rules.scan(r["text"]).found for r in rows]
    scores = [scorer.score(feats(r["text"])) for r in rows]
    alone = _figures(base, rows)
    best: tuple[float, float, dict[str, float]] = (alone["f1"], 1.0, alone)
    sweep = {}
    for step in range(50, 100):
        t = step / 100
        fig = _figures([b or s >= t for b, s in zip(base, scores, strict=True)], rows)
        sweep[f"{t:.2f}"] = {
            "added_tp": fig["tp"] - alone["tp"],
            "added_fp": fig["fp"] - alone["fp"],
        }
        if fig["fpr"] <= MAX_FPR and fig["f1"] > best[0] + 0.002:
            best = (fig["f1"], t, fig)
    report = {"rules_alone": alone, "with_scorer": best[2], "sweep": sweep}
    return best[1], best[1] < 1.0, report


def main() -> None:
    weights, bias = train(load("train"))
    scorer = Scorer(weights, bias, 0.5)
    threshold, enabled, dev = tune(scorer, load("dev"))
    meta = {
        "trained_on": "corpus/contacts train split (solicitation families vs hard negatives)",
        "features": "word 1-2 grams, char 4-grams of the normalised text",
        "epochs": EPOCHS,
        "l2": L2,
        "seed": SEED,
        "dev": dev,
    }
    scorer = Scorer(weights, bias, threshold, meta, enabled)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(scorer.to_json(), ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"{len(weights)} weights, enabled: {enabled}, threshold {threshold}")
    print(f"dev, rules alone: {dev['rules_alone']}")
    print(f"dev, with scorer: {dev['with_scorer']}")
    print(
        "dev, added by the scorer per threshold:",
        {t: v for t, v in dev["sweep"].items() if t.endswith("0")},
    )


if __name__ == "__main__":
    main()
