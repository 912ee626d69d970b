"""A small learned scorer for invitations that no contact rule can see.

Rules find what has a *shape*: an address, a number, a link, a messenger's name. An
invitation to leave ("let's continue where the site takes no cut", "my number is in my
portfolio PDF", "el próximo trabajo lo hacemos sin la plataforma") has none; it is said in
endless ways and five languages. This scorer is a logistic regression over word unigrams,
word bigrams and character 4-grams of the normalised text, trained by
``scripts/train_contact_scorer.py`` on every read split of ``corpus/contacts`` and shipped as
``microjob/data/contact_scorer.json``. Inference is pure Python: a few hundred dictionary
look-ups per message, no dependencies, no network.

A score explains itself: `Scorer.explain` names the n-grams that pushed it up most,
which is what a moderator sees in the finding's detail.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from importlib import resources
from itertools import pairwise
from typing import Any

import attrs

__all__ = ["FEATURE_SET", "Scorer", "default_scorer", "features"]

FEATURE_SET = "concepts and concept pairs, word 1-2 grams, char 4-grams of the normalised text"
"""What `features` extracts, recorded with the weights so a mismatch shows."""

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_DIGITS = re.compile(r"\d")


def features(norm: str, concepts: Iterable[str] = ()) -> list[str]:
    """The scorer's features of a normalised (lower-case) message.

    ``concepts`` are the names of the invitation concepts found in the message (see
    `microjob.contact_concepts`); each, and each pair, is a feature too, which is what
    lets the scorer carry over to phrasings it was not trained on.

    Digits collapse to "0" so that numbers count by shape; character 4-grams run over each
    word padded with spaces, which carries morphology across languages ("комисси",
    "jutalék", "commission" share no words but many 4-grams with their inflections).
    """
    tokens = [_DIGITS.sub("0", t) for t in _TOKEN.findall(norm)]
    names = sorted(concepts)
    out = [f"k:{a}" for a in names]
    out += [f"k:{a}+{b}" for i, a in enumerate(names) for b in names[i + 1 :]]
    out += [f"w:{t}" for t in tokens]
    out += [f"b:{a}_{b}" for a, b in pairwise(tokens)]
    for t in tokens:
        if t[0] == "0":
            continue
        padded = f" {t} "
        out += [f"c:{padded[i : i + 4]}" for i in range(len(padded) - 3)]
    return out


@attrs.frozen
class Scorer:
    """Weights of a logistic regression and the threshold chosen by grouped cross-validation."""

    weights: dict[str, float]
    bias: float
    threshold: float
    meta: dict[str, Any] = attrs.field(factory=dict)
    enabled: bool = True
    """Whether the scanner uses it by default: the training script turns it on only if it
    raised the whole scanner's F1 under cross-validation grouped by template family (each
    family scored by a scorer that never saw it) within the FPR budget."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Scorer:
        return cls(
            {str(k): float(v) for k, v in data["weights"].items()},
            float(data["bias"]),
            float(data["threshold"]),
            dict(data.get("meta", {})),
            bool(data.get("enabled", True)),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "enabled": self.enabled,
            "bias": self.bias,
            "threshold": self.threshold,
            "weights": dict(sorted(self.weights.items())),
        }

    def score(self, feats: Iterable[str]) -> float:
        """Probability that the message invites the reader off the platform."""
        get = self.weights.get
        z = self.bias + sum(get(f, 0.0) for f in feats)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def explain(self, feats: Iterable[str], top: int = 3) -> list[str]:
        """The features that pushed the score up most, readable ("'no cut'", "'комисси'")."""
        weights = self.weights
        seen = {f: weights[f] for f in feats if weights.get(f, 0.0) > 0}
        best = sorted(seen.items(), key=lambda kv: -kv[1])[:top]
        return [_readable(f) for f, _ in best]


def _readable(feature: str) -> str:
    kind, _, text = feature.partition(":")
    if kind == "b":
        text = text.replace("_", " ")
    return repr(text.strip()) if kind != "c" else repr(text)


_DEFAULT: list[Scorer] = []


def default_scorer() -> Scorer:
    """The scorer shipped in the package, loaded once."""
    if not _DEFAULT:
        raw = resources.files("microjob").joinpath("data/contact_scorer.json").read_text("utf-8")
        _DEFAULT.append(Scorer.from_json(json.loads(raw)))
    return _DEFAULT[0]
