"""The fresh held-out split of the contact corpus (``scripts/contact_corpus_holdout.py``).

It is built after every other group, from a random stream of its own, so the original corpus
and its train/dev/test/sealed splits stay byte for byte what they were, and phrasings added
for tuning later cannot move it. Nothing here runs the scanner on a held-out message: the
split is meant to be scored once, at the end, by ``scripts/eval_contacts.py --split holdout``.
"""

from __future__ import annotations

import random
import re
import sys
from collections import defaultdict
from types import ModuleType
from typing import Any

import phonenumbers
import pytest

from tests.corpus_builder import CORPUS, LANGS, ROOT, builder, line

__all__ = ["builder"]

ORIGINAL_SPLITS = {"train", "dev", "test", "sealed"}
HOLDOUT_SPLITS = {"holdout", "holdout_sealed"}


def _committed() -> list[str]:
    return (CORPUS / "messages.jsonl").read_text(encoding="utf-8").splitlines()


def _held_out(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r["split"] in HOLDOUT_SPLITS]


def test_the_original_corpus_is_unchanged_byte_for_byte(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows, manifest = builder.build()
    assert [line(r) for r in rows] == _committed()  # the committed corpus is what it builds
    # Without the held-out phrasings (all four held-out splits) the script builds what it
    # built before they existed.
    monkeypatch.setattr(builder.holdout, "HOLDOUT", {})
    monkeypatch.setattr(builder.holdout, "NEW_FAMILIES", [])
    monkeypatch.setattr(builder.holdout2, "FRESH", {})
    monkeypatch.setattr(builder.holdout3, "FRESH2", {})
    monkeypatch.setattr(builder.holdout4, "FRESH3", {})
    before, before_manifest = builder.build()
    assert {r["split"] for r in before} == ORIGINAL_SPLITS
    original = [line(r) for r in rows if r["split"] in ORIGINAL_SPLITS]
    assert original == [line(r) for r in before]
    assert rows[: len(before)] == before  # the held-out rows come after all of them
    assert list(manifest["groups"].items())[: len(before_manifest["groups"])] == list(
        before_manifest["groups"].items()
    )
    assert {k: manifest["messages"][k] for k in ORIGINAL_SPLITS} == before_manifest["messages"]


def test_every_family_has_held_out_groups_in_both_splits(builder: ModuleType) -> None:
    rows, manifest = builder.build()
    holdout = builder.holdout
    families = [f["id"] for f in builder.FAMILIES] + [f["id"] for f in holdout.NEW_FAMILIES]
    assert set(holdout.HOLDOUT) == {f["id"] for f in builder.FAMILIES}
    expected = {f"{fam}#h{j}": split for fam in families for j, split in enumerate(holdout.SPLITS)}
    assert {g: s for g, s in manifest["groups"].items() if s in HOLDOUT_SPLITS} == expected
    assert set(expected.values()) == HOLDOUT_SPLITS
    held = _held_out(rows)
    langs_of_group: dict[str, set[str]] = defaultdict(set)
    for row in held:
        assert manifest["groups"][row["group"]] == row["split"]
        langs_of_group[row["group"]].add(row["lang"])
    assert langs_of_group == dict.fromkeys(expected, LANGS)
    assert all(manifest["messages"][split] for split in HOLDOUT_SPLITS)


def test_every_language_has_the_same_phrasings_per_family(builder: ModuleType) -> None:
    holdout = builder.holdout
    per_family = dict(holdout.HOLDOUT) | {f["id"]: f["t"] for f in holdout.NEW_FAMILIES}
    for fam_id, per_lang in per_family.items():
        assert set(per_lang) == LANGS, fam_id
        assert {len(v) for v in per_lang.values()} == {len(holdout.SPLITS)}, fam_id
        for lang, phrasings in per_lang.items():
            assert len(set(phrasings)) == len(phrasings), (fam_id, lang)


def test_new_families_are_labelled_like_the_others(builder: ModuleType) -> None:
    known_ids = {f["id"] for f in builder.FAMILIES}
    known_kinds = {k for f in builder.FAMILIES for k in f["kinds"]}
    rows, _ = builder.build()
    for fam in builder.holdout.NEW_FAMILIES:
        assert fam["id"] not in known_ids
        assert set(fam["kinds"]) <= known_kinds
        labelled = [r for r in rows if r["family"] == fam["id"]]
        assert labelled
        assert all(r["contact"] == bool(fam["kinds"]) for r in labelled)
        assert all(r["direct_ok"] == bool(fam.get("direct_ok")) for r in labelled)


def test_held_out_phrasings_and_texts_are_new(builder: ModuleType) -> None:
    """No held-out phrasing repeats a template or a tuning phrasing, and no held-out message
    text occurs in another split."""
    holdout = builder.holdout
    seen_templates = {t for f in builder.FAMILIES for ts in f["t"].values() for t in ts}
    seen_templates |= {
        t
        for round_ in builder.extra.ROUNDS
        for per_lang in round_.values()
        for ts in per_lang.values()
        for t in ts
    }
    per_family = dict(holdout.HOLDOUT) | {f["id"]: f["t"] for f in holdout.NEW_FAMILIES}
    new = {t for per_lang in per_family.values() for ts in per_lang.values() for t in ts}
    assert not new & seen_templates
    rows, _ = builder.build()
    other = {r["text"] for r in rows if r["split"] not in HOLDOUT_SPLITS}
    assert not {r["text"] for r in _held_out(rows)} & other


def test_held_out_rows_do_not_move_when_a_tuning_phrasing_is_added(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows, manifest = builder.build()
    langs = ("en", "ru", "hu", "es", "de")
    more = {
        "neg_prices": {
            lang: [f"{{amount}} for the {lang} banner, through the order"] for lang in langs
        }
    }
    monkeypatch.setattr(builder.extra, "ROUNDS", (*builder.extra.ROUNDS, more))
    rows2, manifest2 = builder.build()
    assert len(rows2) > len(rows)  # the tuning phrasing was built
    assert _held_out(rows2) == _held_out(rows)
    held = {g: s for g, s in manifest["groups"].items() if s in HOLDOUT_SPLITS}
    assert {g: s for g, s in manifest2["groups"].items() if s in HOLDOUT_SPLITS} == held


# A digit run as it would be read across the separators of a grouped number ("1 250 000,00").
_RUN = re.compile(r"\d+(?:[ .,\-/]\d+)*")
_REGIONS = {"en": ("US", "GB"), "ru": ("RU",), "hu": ("HU",), "es": ("ES",), "de": ("DE",)}


@pytest.mark.parametrize(
    "slot", ["vat", "quote", "addr", "slot", "dims", "weight", "ticket", "version"]
)
def test_new_number_fillers_make_no_phone_card_or_account(builder: ModuleType, slot: str) -> None:
    """The held-out fillers' numbers (prices, postcodes, versions ...) stay what they say they
    are: no run of digits, joined across its separators, long enough to dial (eight digits, or
    seven after a trunk 0) is a valid number of the language's regions, and none is as long as
    a card or an account number."""
    for lang, regions in _REGIONS.items():
        rng = random.Random(f"{slot}-{lang}")
        for _ in range(500):
            value = builder.holdout.fill(slot, rng, lang)
            assert value
            for match in _RUN.finditer(value):
                parts = re.split(r"[ .,\-/]", match.group())
                for i in range(len(parts)):
                    for j in range(i + 1, len(parts) + 1):
                        digits = "".join(parts[i:j])
                        assert len(digits) < 12, value
                        if len(digits) < 8 and not (digits[0] == "0" and len(digits) >= 7):
                            continue
                        for region in regions:
                            number = phonenumbers.parse(digits, region)
                            assert not phonenumbers.is_valid_number(number), (value, region)


def test_training_never_reads_the_fresh_split(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every split written so far has been read while tuning, so the scorer may learn from
    all of them (its generalisation is estimated by grouped cross-validation); a split
    written later to score the finished scanner once is refused, as is a name it does not
    know."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import train_contact_scorer

    for split in ("fresh", "fresh2", "fresh3", "nonsense"):
        with pytest.raises(ValueError, match="never reads"):
            train_contact_scorer.load([split])
        with pytest.raises(ValueError, match="never reads"):
            train_contact_scorer.load(["train", split])
    assert {"fresh", "fresh2", "fresh3"} <= set(train_contact_scorer.REFUSED_SPLITS)
    assert set(train_contact_scorer.READ_SPLITS) == {
        "train",
        "dev",
        "test",
        "sealed",
        *HOLDOUT_SPLITS,
    }
    sys.modules.pop("train_contact_scorer", None)
