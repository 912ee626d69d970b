"""The third fresh held-out split of the contact corpus (``scripts/contact_corpus_holdout3.py``).

It is built after every other group, both earlier held-out splits included, from a random
stream of its own, so every earlier row stays byte for byte what it was, and phrasings added
for tuning later cannot move it. Nothing here runs the scanner on a ``fresh2`` message: the
split is meant to be scored once, at the end, by ``scripts/eval_contacts.py --split fresh2``.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from types import ModuleType
from typing import Any

import pytest

from tests.corpus_builder import (
    CORPUS,
    ROOT,
    SHARED_SLOTS,
    SLOT,
    all_families,
    all_phrasings,
    builder,
    check_a_tuning_round_moves_nothing,
    check_groups_in_five_languages,
    check_rows_carry_family_labels,
    check_same_phrasings_per_language,
    check_slots_carry_contacts,
    check_the_tuning_fillers_are_not_used,
    line,
)

__all__ = ["builder"]

EARLIER_SPLITS = {"train", "dev", "test", "sealed", "holdout", "holdout_sealed", "fresh"}
FRESH2 = "fresh2"


def _fresh2(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r["split"] == FRESH2]


def test_earlier_rows_and_manifest_are_unchanged_byte_for_byte(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows, manifest = builder.build()
    committed = (CORPUS / "messages.jsonl").read_text(encoding="utf-8").splitlines()
    assert [line(r) for r in rows] == committed  # the committed corpus is what it builds
    committed_manifest = json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))
    assert committed_manifest == manifest
    # The fourth held-out split is built after this one (tests/test_contacts_holdout4.py);
    # without it the corpus ends with the fresh2 rows.
    monkeypatch.setattr(builder.holdout4, "FRESH3", {})
    rows, manifest = builder.build()
    # Without these phrasings the script builds what it built before they existed: every
    # earlier split, row for row, then the fresh2 rows; the manifest gains only its groups,
    # its seed and its count.
    monkeypatch.setattr(builder.holdout3, "FRESH2", {})
    before, before_manifest = builder.build()
    assert {r["split"] for r in before} == EARLIER_SPLITS
    assert [line(r) for r in rows[: len(before)]] == [line(r) for r in before]
    assert {r["split"] for r in rows[len(before) :]} == {FRESH2}
    groups = list(manifest["groups"].items())
    assert groups[: len(before_manifest["groups"])] == list(before_manifest["groups"].items())
    assert {s for _, s in groups[len(before_manifest["groups"]) :]} == {FRESH2}
    assert {k: manifest["messages"][k] for k in EARLIER_SPLITS} == before_manifest["messages"]
    assert set(manifest["messages"]) - set(before_manifest["messages"]) == {FRESH2}
    assert {k: v for k, v in manifest.items() if k not in ("groups", "messages")} == {
        k: v for k, v in before_manifest.items() if k not in ("groups", "messages")
    }


def test_split_name_seed_and_group_names(builder: ModuleType) -> None:
    module = builder.holdout3
    assert module.SPLIT == FRESH2
    assert module.SEED_OFFSET == 3
    offsets = {builder.holdout.SEED_OFFSET, builder.holdout2.SEED_OFFSET, module.SEED_OFFSET}
    assert len(offsets) == 3  # a stream of its own
    _, manifest = builder.build()
    for group, split in manifest["groups"].items():
        assert (split == FRESH2) == bool(re.fullmatch(r"\w+#g\d+", group)), (group, split)


def test_fresh2_rows_are_drawn_from_their_own_stream(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fresh2 rows are what their own stream gives, given only the earlier splits' texts
    to skip: nothing drawn before them (and so no earlier phrasing) moves them; the fresh2
    seed does."""
    rows, manifest = builder.build()
    labelled = all_families(builder)
    earlier = {r["text"] for r in rows if r["split"] not in (FRESH2, "fresh3")}
    own: dict[str, Any] = {"groups": {}}
    assert builder.fresh2_rows(own, labelled, set(earlier)) == _fresh2(rows)
    assert own["fresh2_seed"] == manifest["fresh2_seed"] == builder.SEED + 3
    assert own["groups"] == {g: s for g, s in manifest["groups"].items() if s == FRESH2}
    monkeypatch.setattr(builder.holdout3, "SEED_OFFSET", 99)
    other = builder.fresh2_rows({"groups": {}}, labelled, set(earlier))
    assert [r["text"] for r in other] != [r["text"] for r in _fresh2(rows)]


def test_every_family_has_two_fresh2_groups_in_five_languages(builder: ModuleType) -> None:
    assert builder.holdout3.PER_LANGUAGE == 2
    check_groups_in_five_languages(builder, builder.holdout3.FRESH2, FRESH2, "g")


def test_every_language_has_the_same_phrasings_per_family(builder: ModuleType) -> None:
    check_same_phrasings_per_language(builder.holdout3.FRESH2, builder.holdout3.PER_LANGUAGE)


def test_fresh2_rows_carry_their_family_labels(builder: ModuleType) -> None:
    check_rows_carry_family_labels(builder, FRESH2, "g")


def test_phrasings_use_the_second_splits_slots_and_carry_their_contacts(
    builder: ModuleType,
) -> None:
    """Only the slots the second held-out split may use; a negative phrasing has no slot that
    puts a contact into the message; a phrasing of a family that shares an address has a slot
    of every kind the family is labelled with."""
    assert builder.holdout3.HOLDOUT_SLOTS == builder.holdout2.HOLDOUT_SLOTS
    allowed = SHARED_SLOTS | builder.holdout3.HOLDOUT_SLOTS
    check_slots_carry_contacts(builder, builder.holdout3.FRESH2, allowed)


def test_fresh2_phrasings_and_texts_are_new(builder: ModuleType) -> None:
    """No fresh2 phrasing repeats a template, a tuning phrasing or a phrasing of either
    earlier held-out split, and no fresh2 message text occurs in another split."""
    holdout = builder.holdout
    seen = {t for f in builder.FAMILIES for ts in f["t"].values() for t in ts}
    seen |= {t for round_ in builder.extra.ROUNDS for t in all_phrasings(round_)}
    seen |= all_phrasings(holdout.HOLDOUT)
    seen |= {t for f in holdout.NEW_FAMILIES for ts in f["t"].values() for t in ts}
    seen |= all_phrasings(builder.holdout2.FRESH)
    new = all_phrasings(builder.holdout3.FRESH2)
    assert not new & seen

    # not even once the slots, case and punctuation are set aside
    def bare(t: str) -> str:
        return re.sub(r"\W+", " ", SLOT.sub(" ", t)).strip().casefold()

    assert not {bare(t) for t in new} & {bare(t) for t in seen}
    rows, _ = builder.build()
    other = {r["text"] for r in rows if r["split"] != FRESH2}
    assert not {r["text"] for r in _fresh2(rows)} & other


def test_fresh2_rows_do_not_move_when_a_tuning_round_is_added(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    langs = ("en", "ru", "hu", "es", "de")
    more = {
        "neg_prices": {
            lang: [f"{{amount}} for the {lang} poster, via the order"] for lang in langs
        },
        "offplatform_invite": {lang: [f"{lang}: let's settle this elsewhere"] for lang in langs},
        "pointer_coded": {lang: [f"{lang}: same nick on the purple app"] for lang in langs},
    }
    check_a_tuning_round_moves_nothing(builder, monkeypatch, FRESH2, more)


def test_fresh2_rows_never_use_the_tuning_fillers(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_the_tuning_fillers_are_not_used(builder, monkeypatch, FRESH2)


def test_training_refuses_the_fresh2_split(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import eval_contacts
    import train_contact_scorer

    for splits in ([FRESH2], ["train", FRESH2]):
        with pytest.raises(ValueError, match="never reads the 'fresh2' split"):
            train_contact_scorer.load(splits)
    assert FRESH2 in train_contact_scorer.REFUSED_SPLITS
    assert FRESH2 not in train_contact_scorer.READ_SPLITS
    # cross-validation pools the splits it names (read without importing it: it imports the
    # scanner)
    cv = ast.parse((ROOT / "scripts" / "cv_contact_scorer.py").read_text(encoding="utf-8"))
    named = [
        ast.literal_eval(node.value)
        for node in cv.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "SPLITS" for t in node.targets)
    ]
    assert named
    assert FRESH2 not in named[0]

    # Listing its mistakes is offered since the split was scored once (the figures in
    # docs/chat-filter.md); it gets as far as loading the split (stopped there).
    def refuse(splits: Any) -> list[dict[str, Any]]:
        raise AssertionError(f"eval_contacts loaded {list(splits)}")

    monkeypatch.setattr(eval_contacts, "load", refuse)
    monkeypatch.setattr(sys, "argv", ["eval_contacts.py", "--errors", FRESH2])
    with pytest.raises(AssertionError, match="loaded \\['fresh2'\\]"):
        eval_contacts.main()
    sys.modules.pop("train_contact_scorer", None)
    sys.modules.pop("eval_contacts", None)
