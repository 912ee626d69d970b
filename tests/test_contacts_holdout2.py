"""The second fresh held-out split of the contact corpus (``scripts/contact_corpus_holdout2.py``).

It is built after every other group, the first held-out split included, from a random stream
of its own, so every earlier row stays byte for byte what it was, and phrasings added for
tuning later cannot move it. Nothing here runs the scanner on a ``fresh`` message: the split
is meant to be scored once, at the end, by ``scripts/eval_contacts.py --split fresh``.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from types import ModuleType
from typing import Any

import pytest

from tests.corpus_builder import (
    CORPUS,
    LANGS,
    ROOT,
    builder,
    check_a_tuning_round_moves_nothing,
    check_the_tuning_fillers_are_not_used,
    line,
)

__all__ = ["builder"]

EARLIER_SPLITS = {"train", "dev", "test", "sealed", "holdout", "holdout_sealed"}
FRESH = "fresh"
_SLOT = re.compile(r"\{(\w+)\}")
# The slots that put a contact into a message, by the kind of contact they carry.
_CONTACT_SLOTS = {
    "email": {"email", "email_spelled", "email_sym", "email_spaced", "email_rlo", "email_zw"},
    "phone": {"phone", "phone_words", "phone_sym", "phone_spaced", "phone_script"},
    "messenger": {"msgr", "msgr_bad"},
    "url": {"url", "url_obf"},
    "payment": {"upi", "ifsc", "acct", "paylink", "card", "card_words", "iban"},
}


def _fresh(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r["split"] == FRESH]


def _families(builder: ModuleType) -> dict[str, dict[str, Any]]:
    """Every family that existed before the fresh split: templates and the first held-out's."""
    families = {f["id"]: f for f in builder.FAMILIES}
    families |= {f["id"]: f for f in builder.holdout.NEW_FAMILIES}
    return families


def test_earlier_rows_and_manifest_are_unchanged_byte_for_byte(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows, manifest = builder.build()
    committed = (CORPUS / "messages.jsonl").read_text(encoding="utf-8").splitlines()
    assert [line(r) for r in rows] == committed  # the committed corpus is what it builds
    committed_manifest = json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))
    assert committed_manifest == manifest
    # The third and fourth held-out splits are built after this one
    # (tests/test_contacts_holdout3.py, tests/test_contacts_holdout4.py); without them the
    # corpus ends with the fresh rows.
    monkeypatch.setattr(builder.holdout3, "FRESH2", {})
    monkeypatch.setattr(builder.holdout4, "FRESH3", {})
    rows, manifest = builder.build()
    # Without the fresh phrasings the script builds what it built before they existed: the
    # original splits and the first held-out split, row for row, then the fresh rows.
    monkeypatch.setattr(builder.holdout2, "FRESH", {})
    before, before_manifest = builder.build()
    assert {r["split"] for r in before} == EARLIER_SPLITS
    assert [line(r) for r in rows[: len(before)]] == [line(r) for r in before]
    assert {r["split"] for r in rows[len(before) :]} == {FRESH}
    assert list(manifest["groups"].items())[: len(before_manifest["groups"])] == list(
        before_manifest["groups"].items()
    )
    assert {k: manifest["messages"][k] for k in EARLIER_SPLITS} == before_manifest["messages"]


def test_every_family_has_two_fresh_groups_in_five_languages(builder: ModuleType) -> None:
    rows, manifest = builder.build()
    fresh = builder.holdout2
    families = _families(builder)
    assert set(fresh.FRESH) == set(families)
    assert fresh.PER_LANGUAGE == 2
    expected = {f"{fam}#f{j}" for fam in families for j in range(fresh.PER_LANGUAGE)}
    assert {g for g, s in manifest["groups"].items() if s == FRESH} == expected
    langs_of_group: dict[str, set[str]] = defaultdict(set)
    for row in _fresh(rows):
        assert manifest["groups"][row["group"]] == FRESH
        langs_of_group[row["group"]].add(row["lang"])
    assert langs_of_group == dict.fromkeys(expected, LANGS)
    assert manifest["messages"][FRESH] == len(_fresh(rows))


def test_every_language_has_the_same_phrasings_per_family(builder: ModuleType) -> None:
    for fam_id, per_lang in builder.holdout2.FRESH.items():
        assert set(per_lang) == LANGS, fam_id
        assert {len(v) for v in per_lang.values()} == {builder.holdout2.PER_LANGUAGE}, fam_id
        for lang, phrasings in per_lang.items():
            assert len(set(phrasings)) == len(phrasings), (fam_id, lang)


def test_fresh_rows_carry_their_family_labels(builder: ModuleType) -> None:
    families = _families(builder)
    rows, _ = builder.build()
    for row in _fresh(rows):
        fam = families[row["family"]]
        assert row["kinds"] == fam["kinds"], row
        assert row["contact"] == bool(fam["kinds"]), row
        assert row["direct_ok"] == bool(fam.get("direct_ok")), row
        assert row["group"].startswith(f"{row['family']}#f")


def test_phrasings_carry_the_contacts_their_labels_say(builder: ModuleType) -> None:
    """A negative phrasing has no slot that puts a contact into the message; a phrasing of a
    family that shares an address has a slot of every kind the family is labelled with."""
    families = _families(builder)
    contact_slots = set().union(*_CONTACT_SLOTS.values())
    for fam_id, per_lang in builder.holdout2.FRESH.items():
        kinds = set(families[fam_id]["kinds"])
        for lang, phrasings in per_lang.items():
            for phrasing in phrasings:
                slots = set(_SLOT.findall(phrasing))
                if not kinds:
                    assert not slots & contact_slots, (fam_id, lang, phrasing)
                for kind in kinds - {"solicitation"}:
                    assert slots & _CONTACT_SLOTS[kind], (fam_id, lang, phrasing)


def test_fresh_phrasings_and_texts_are_new(builder: ModuleType) -> None:
    """No fresh phrasing repeats a template, a tuning phrasing or a first held-out phrasing,
    and no fresh message text occurs in another split."""
    holdout = builder.holdout
    seen = {t for f in builder.FAMILIES for ts in f["t"].values() for t in ts}
    seen |= {
        t
        for round_ in builder.extra.ROUNDS
        for per_lang in round_.values()
        for ts in per_lang.values()
        for t in ts
    }
    seen |= {t for per_lang in holdout.HOLDOUT.values() for ts in per_lang.values() for t in ts}
    seen |= {t for f in holdout.NEW_FAMILIES for ts in f["t"].values() for t in ts}
    new = {
        t for per_lang in builder.holdout2.FRESH.values() for ts in per_lang.values() for t in ts
    }
    assert not new & seen
    rows, _ = builder.build()
    other = {r["text"] for r in rows if r["split"] != FRESH}
    assert not {r["text"] for r in _fresh(rows)} & other


def test_fresh_rows_do_not_move_when_a_tuning_round_is_added(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    langs = ("en", "ru", "hu", "es", "de")
    more = {
        "neg_prices": {
            lang: [f"{{amount}} for the {lang} banner, via the order"] for lang in langs
        },
        "offplatform_invite": {lang: [f"{lang}: let's talk about it elsewhere"] for lang in langs},
        "pointer_coded": {lang: [f"{lang}: same nick on the orange app"] for lang in langs},
    }
    check_a_tuning_round_moves_nothing(builder, monkeypatch, FRESH, more)


def test_fresh_rows_never_use_the_tuning_fillers(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_the_tuning_fillers_are_not_used(builder, monkeypatch, FRESH)


def test_training_refuses_the_fresh_split(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scorer never learns from the split; listing its mistakes is offered, since it was
    scored once and is read now (the third held-out split is the one still refused there:
    tests/test_contacts_holdout3.py)."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import eval_contacts
    import train_contact_scorer

    with pytest.raises(ValueError, match="never reads the 'fresh' split"):
        train_contact_scorer.load([FRESH])

    # Listing mistakes gets as far as loading the split (stopped there, nothing is scanned).
    def refuse(splits: Any) -> list[dict[str, Any]]:
        raise AssertionError(f"eval_contacts loaded {list(splits)}")

    monkeypatch.setattr(eval_contacts, "load", refuse)
    monkeypatch.setattr(sys, "argv", ["eval_contacts.py", "--errors", FRESH])
    with pytest.raises(AssertionError, match="loaded \\['fresh'\\]"):
        eval_contacts.main()
    sys.modules.pop("train_contact_scorer", None)
    sys.modules.pop("eval_contacts", None)
