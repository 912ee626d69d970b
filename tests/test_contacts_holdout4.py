"""The fourth fresh held-out split of the contact corpus (``scripts/contact_corpus_holdout4.py``).

It is built after every other group, all three earlier held-out splits included, from a random
stream of its own, so every earlier row stays byte for byte what it was, and phrasings added
for tuning later cannot move it. Nothing here runs the scanner on a ``fresh3`` message: the
split is meant to be scored once, at the end, by ``scripts/eval_contacts.py --split fresh3``.
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

EARLIER_SPLITS = {"train", "dev", "test", "sealed", "holdout", "holdout_sealed", "fresh", "fresh2"}
FRESH3 = "fresh3"


def _fresh3(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r["split"] == FRESH3]


def test_earlier_rows_and_manifest_are_unchanged_byte_for_byte(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows, manifest = builder.build()
    committed = (CORPUS / "messages.jsonl").read_text(encoding="utf-8").splitlines()
    assert [line(r) for r in rows] == committed  # the committed corpus is what it builds
    committed_manifest = json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))
    assert committed_manifest == manifest
    # Without these phrasings the script builds what it built before they existed: every
    # earlier split, row for row, then the fresh3 rows; the manifest gains only its groups,
    # its seed and its count.
    monkeypatch.setattr(builder.holdout4, "FRESH3", {})
    before, before_manifest = builder.build()
    assert {r["split"] for r in before} == EARLIER_SPLITS
    assert [line(r) for r in rows[: len(before)]] == [line(r) for r in before]
    assert {r["split"] for r in rows[len(before) :]} == {FRESH3}
    groups = list(manifest["groups"].items())
    assert groups[: len(before_manifest["groups"])] == list(before_manifest["groups"].items())
    assert {s for _, s in groups[len(before_manifest["groups"]) :]} == {FRESH3}
    assert {k: manifest["messages"][k] for k in EARLIER_SPLITS} == before_manifest["messages"]
    assert set(manifest["messages"]) - set(before_manifest["messages"]) == {FRESH3}
    assert {k: v for k, v in manifest.items() if k not in ("groups", "messages")} == {
        k: v for k, v in before_manifest.items() if k not in ("groups", "messages")
    }
    # the new seed comes after the earlier splits' seeds, before the counts
    keys = list(committed_manifest)
    assert keys[-2:] == ["fresh3_seed", "messages"]
    assert keys[:-2] == [k for k in before_manifest if k not in ("fresh3_seed", "messages")]


def test_split_name_seed_and_group_names(builder: ModuleType) -> None:
    module = builder.holdout4
    assert module.SPLIT == FRESH3
    assert module.SEED_OFFSET == 4
    offsets = {
        builder.holdout.SEED_OFFSET,
        builder.holdout2.SEED_OFFSET,
        builder.holdout3.SEED_OFFSET,
        module.SEED_OFFSET,
    }
    assert len(offsets) == 4
    assert 0 not in offsets
    _, manifest = builder.build()
    # "#i<j>" is a suffix no earlier split uses (they use "#<j>", "#h<j>", "#f<j>", "#g<j>")
    for group, split in manifest["groups"].items():
        assert (split == FRESH3) == bool(re.fullmatch(r"\w+#i\d+", group)), (group, split)


def test_fresh3_rows_are_drawn_from_their_own_stream(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fresh3 rows are what their own stream gives, given only the earlier splits' texts
    to skip: nothing drawn before them (and so no earlier phrasing) moves them; the fresh3
    seed does."""
    rows, manifest = builder.build()
    labelled = all_families(builder)
    earlier = {r["text"] for r in rows if r["split"] != FRESH3}
    own: dict[str, Any] = {"groups": {}}
    assert builder.fresh3_rows(own, labelled, set(earlier)) == _fresh3(rows)
    assert own["fresh3_seed"] == manifest["fresh3_seed"] == builder.SEED + 4
    assert own["groups"] == {g: s for g, s in manifest["groups"].items() if s == FRESH3}
    # Another stream, or the earlier splits' draws shifted, give other fresh3 texts only in
    # the first case: the stream is the split's own.
    monkeypatch.setattr(builder.holdout4, "SEED_OFFSET", 99)
    other = builder.fresh3_rows({"groups": {}}, labelled, set(earlier))
    assert [r["text"] for r in other] != [r["text"] for r in _fresh3(rows)]


def test_fresh3_rows_do_not_move_when_an_earlier_held_out_split_changes(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dropping one phrasing of the third held-out split changes that split's draws, not the
    fresh3 rows (they skip only texts, and none of theirs is a fresh2 text)."""
    rows, _ = builder.build()
    trimmed = {
        fam: (
            {lang: ts[:1] * 2 for lang, ts in per_lang.items()}
            if fam == "email_plain"
            else per_lang
        )
        for fam, per_lang in builder.holdout3.FRESH2.items()
    }
    monkeypatch.setattr(builder.holdout3, "FRESH2", trimmed)
    rows2, _ = builder.build()
    assert [r for r in rows2 if r["split"] == "fresh2"] != [
        r for r in rows if r["split"] == "fresh2"
    ]
    assert _fresh3(rows2) == _fresh3(rows)


def test_every_family_has_two_fresh3_groups_in_five_languages(builder: ModuleType) -> None:
    assert builder.holdout4.PER_LANGUAGE == 2
    check_groups_in_five_languages(builder, builder.holdout4.FRESH3, FRESH3, "i")


def test_every_language_has_the_same_phrasings_per_family(builder: ModuleType) -> None:
    check_same_phrasings_per_language(builder.holdout4.FRESH3, builder.holdout4.PER_LANGUAGE)


def test_fresh3_rows_carry_their_family_labels(builder: ModuleType) -> None:
    check_rows_carry_family_labels(builder, FRESH3, "i")


def test_phrasings_use_the_earlier_splits_slots_and_carry_their_contacts(
    builder: ModuleType,
) -> None:
    """Only the slots the second and third held-out splits may use; a negative phrasing has
    no slot that puts a contact into the message; a phrasing of a family that shares an
    address has a slot of every kind the family is labelled with."""
    assert builder.holdout4.HOLDOUT_SLOTS == builder.holdout3.HOLDOUT_SLOTS
    allowed = SHARED_SLOTS | builder.holdout4.HOLDOUT_SLOTS
    check_slots_carry_contacts(builder, builder.holdout4.FRESH3, allowed)


def test_fresh3_phrasings_and_texts_are_new(builder: ModuleType) -> None:
    """No fresh3 phrasing repeats a template, a tuning phrasing or a phrasing of any earlier
    held-out split, and no fresh3 message text occurs in another split."""
    holdout = builder.holdout
    seen = {t for f in builder.FAMILIES for ts in f["t"].values() for t in ts}
    seen |= {t for round_ in builder.extra.ROUNDS for t in all_phrasings(round_)}
    seen |= all_phrasings(holdout.HOLDOUT)
    seen |= {t for f in holdout.NEW_FAMILIES for ts in f["t"].values() for t in ts}
    seen |= all_phrasings(builder.holdout2.FRESH)
    seen |= all_phrasings(builder.holdout3.FRESH2)
    new = all_phrasings(builder.holdout4.FRESH3)
    assert not new & seen

    # not even once the slots, case and punctuation are set aside
    def bare(t: str) -> str:
        return re.sub(r"\W+", " ", SLOT.sub(" ", t)).strip().casefold()

    assert not {bare(t) for t in new} & {bare(t) for t in seen}
    rows, _ = builder.build()
    other = {r["text"] for r in rows if r["split"] != FRESH3}
    texts = [r["text"] for r in _fresh3(rows)]
    assert len(set(texts)) == len(texts)
    assert not set(texts) & other


def test_fresh3_rows_do_not_move_when_a_tuning_round_is_added(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    langs = ("en", "ru", "hu", "es", "de")
    more = {
        "neg_tech_names": {lang: [f"{lang}: export the poster at 300 dpi"] for lang in langs},
        "pay_outside": {lang: [f"{lang}: pay me off the books"] for lang in langs},
        "neg_contact_design": {lang: [f"{lang}: no phone on the menu card"] for lang in langs},
    }
    check_a_tuning_round_moves_nothing(builder, monkeypatch, FRESH3, more)


def test_fresh3_rows_never_use_the_tuning_fillers(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_the_tuning_fillers_are_not_used(builder, monkeypatch, FRESH3)


def test_training_refuses_the_fresh3_split_and_listing_its_mistakes_is_offered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The scorer never learns from the split and cross-validation never pools it, so a later
    scorer's figures on it stay comparable; since it was scored once, ``eval_contacts`` lists
    its mistakes for tuning like any read split. Nothing here scans a message of it."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import eval_contacts
    import train_contact_scorer

    for splits in ([FRESH3], ["train", FRESH3]):
        with pytest.raises(ValueError, match="never reads the 'fresh3' split"):
            train_contact_scorer.load(splits)
    assert FRESH3 in train_contact_scorer.REFUSED_SPLITS
    assert FRESH3 not in train_contact_scorer.READ_SPLITS
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
    assert FRESH3 not in named[0]

    # Listing its mistakes is offered since the split was scored once (the figures in
    # docs/chat-filter.md); it gets as far as loading the split (stopped there).
    def refuse(splits: Any) -> list[dict[str, Any]]:
        raise AssertionError(f"eval_contacts loaded {list(splits)}")

    monkeypatch.setattr(eval_contacts, "load", refuse)
    monkeypatch.setattr(sys, "argv", ["eval_contacts.py", "--errors", FRESH3])
    with pytest.raises(AssertionError, match="loaded \\['fresh3'\\]"):
        eval_contacts.main()
    sys.modules.pop("train_contact_scorer", None)
    sys.modules.pop("eval_contacts", None)


def test_the_scored_fresh3_split_is_scanned_like_every_read_split() -> None:
    """``fresh3`` was scored once (docs/chat-filter.md) and is read since: the one test that
    scans every corpus split (the remembered-scan check) no longer leaves it out."""
    tree = ast.parse((ROOT / "tests" / "test_chat.py").read_text(encoding="utf-8"))
    values = [
        node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == "UNSCORED_SPLITS"
    ]
    assert len(values) == 1
    assert isinstance(values[0], ast.Call)
    assert FRESH3 not in ast.literal_eval(values[0].args[0])
