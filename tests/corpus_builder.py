"""What the tests of the contact corpus's held-out splits share: the build script imported
fresh, and the two checks every held-out split must pass (its rows move neither when a tuning
round is added nor when the tuning fillers change)."""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "contacts"
LANGS = {"en", "ru", "hu", "es", "de"}
SCRIPTS = (
    "build_contact_corpus",
    "contact_corpus_extra",
    "contact_corpus_holdout",
    "contact_corpus_holdout2",
    "contact_corpus_holdout3",
    "contact_corpus_holdout4",
    "contact_corpus_slots",
    "contact_corpus_templates",
)
"""The corpus scripts, forgotten before and after each test so each imports them anew."""


@pytest.fixture
def builder(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The corpus build script, imported fresh and forgotten again afterwards."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    for name in SCRIPTS:
        sys.modules.pop(name, None)
    import build_contact_corpus

    yield build_contact_corpus
    for name in SCRIPTS:
        sys.modules.pop(name, None)


def line(row: dict[str, Any]) -> str:
    """A row as the committed ``messages.jsonl`` holds it."""
    return json.dumps(row, ensure_ascii=False)


def of_split(rows: list[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    return [r for r in rows if r["split"] == split]


def check_a_tuning_round_moves_nothing(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch, split: str, more: dict[str, Any]
) -> None:
    """Adding the tuning round ``more`` builds more rows but leaves ``split``'s rows and
    groups as they were."""
    rows, manifest = builder.build()
    monkeypatch.setattr(builder.extra, "ROUNDS", (*builder.extra.ROUNDS, more))
    rows2, manifest2 = builder.build()
    assert len(rows2) > len(rows)  # the tuning round was built
    assert of_split(rows2, split) == of_split(rows, split)
    groups = {g: s for g, s in manifest["groups"].items() if s == split}
    assert {g: s for g, s in manifest2["groups"].items() if s == split} == groups


def check_the_tuning_fillers_are_not_used(
    builder: ModuleType, monkeypatch: pytest.MonkeyPatch, split: str
) -> None:
    """A tuning round may add or change fillers in ``contact_corpus_extra``; ``split``'s rows
    take none of their values from it."""
    rows, _ = builder.build()

    def changed(slot: str, rng: Any, lang: str) -> str | None:
        rng.random()  # a changed filler may also draw differently from the stream
        return f"<{slot}>"

    monkeypatch.setattr(builder.extra, "fill", changed)
    rows2, _ = builder.build()
    assert of_split(rows2, split) == of_split(rows, split)


SLOT = re.compile(r"\{(\w+)\}")
"""A slot in a phrasing: ``{phone}``."""
CONTACT_SLOTS = {
    "email": {"email", "email_spelled", "email_sym", "email_spaced", "email_rlo", "email_zw"},
    "phone": {"phone", "phone_words", "phone_sym", "phone_spaced", "phone_script"},
    "messenger": {"msgr", "msgr_bad"},
    "url": {"url", "url_obf"},
    "payment": {"upi", "ifsc", "acct", "paylink", "card", "card_words", "iban"},
}
"""The slots that put a contact into a message, by the kind of contact they carry."""
SHARED_SLOTS = set().union(*CONTACT_SLOTS.values()) | {
    "handle",
    "amount",
    "date",
    "tax",
    "name",
    "n",
    "order",
    "testcard",
}
"""Every slot the fresh held-out splits (``fresh``, ``fresh2``, ``fresh3``) may use."""


def all_families(builder: ModuleType) -> dict[str, dict[str, Any]]:
    """Every family of the corpus, by id: the templates' and the first held-out split's."""
    found = {f["id"]: f for f in builder.FAMILIES}
    found |= {f["id"]: f for f in builder.holdout.NEW_FAMILIES}
    return found


def all_phrasings(per_family: dict[str, dict[str, list[str]]]) -> set[str]:
    """Every phrasing of a held-out module's table (family -> language -> phrasings)."""
    return {t for per_lang in per_family.values() for ts in per_lang.values() for t in ts}


def check_groups_in_five_languages(
    builder: ModuleType, table: dict[str, dict[str, list[str]]], split: str, suffix: str
) -> None:
    """A fresh held-out split has ``PER_LANGUAGE`` groups per family, ``family#<suffix><j>``,
    each in all five languages, both labels in every language, the direct-settlement family
    among its positives, and the manifest counts its rows."""
    rows, manifest = builder.build()
    own = of_split(rows, split)
    families = all_families(builder)
    per_language = len(next(iter(next(iter(table.values())).values())))
    assert set(table) == set(families)
    assert per_language == 2
    expected = {f"{fam}#{suffix}{j}" for fam in families for j in range(per_language)}
    assert {g for g, s in manifest["groups"].items() if s == split} == expected
    langs_of_group: dict[str, set[str]] = defaultdict(set)
    for row in own:
        assert manifest["groups"][row["group"]] == split
        langs_of_group[row["group"]].add(row["lang"])
    assert langs_of_group == dict.fromkeys(expected, LANGS)
    assert manifest["messages"][split] == len(own)
    by_lang: dict[str, set[bool]] = defaultdict(set)
    for row in own:
        by_lang[row["lang"]].add(row["contact"])
    assert by_lang == {lang: {True, False} for lang in LANGS}
    assert any(r["direct_ok"] for r in own)


def check_same_phrasings_per_language(
    table: dict[str, dict[str, list[str]]], per_language: int
) -> None:
    """Every family has ``per_language`` distinct phrasings in each of the five languages."""
    for fam_id, per_lang in table.items():
        assert set(per_lang) == LANGS, fam_id
        assert {len(v) for v in per_lang.values()} == {per_language}, fam_id
        for lang, phrasings in per_lang.items():
            assert len(set(phrasings)) == len(phrasings), (fam_id, lang)


def check_rows_carry_family_labels(builder: ModuleType, split: str, suffix: str) -> None:
    """Each row of the split has its family's labels, group and template name."""
    families = all_families(builder)
    rows, _ = builder.build()
    for row in of_split(rows, split):
        fam = families[row["family"]]
        assert row["kinds"] == fam["kinds"], row
        assert row["contact"] == bool(fam["kinds"]), row
        assert row["direct_ok"] == bool(fam.get("direct_ok")), row
        assert row["group"].startswith(f"{row['family']}#{suffix}")
        assert row["template"] == row["group"].replace("#", f"/{row['lang']}/")


def check_slots_carry_contacts(
    builder: ModuleType, table: dict[str, dict[str, list[str]]], allowed: set[str]
) -> None:
    """Only ``allowed`` slots; a negative phrasing has no slot that puts a contact into the
    message; a phrasing of a family that shares an address has a slot of every kind the family
    is labelled with."""
    families = all_families(builder)
    contact_slots = set().union(*CONTACT_SLOTS.values())
    for fam_id, per_lang in table.items():
        kinds = set(families[fam_id]["kinds"])
        for lang, phrasings in per_lang.items():
            for phrasing in phrasings:
                slots = set(SLOT.findall(phrasing))
                assert slots <= allowed, (fam_id, lang, phrasing)
                if not kinds:
                    assert not slots & contact_slots, (fam_id, lang, phrasing)
                for kind in kinds - {"solicitation"}:
                    assert slots & CONTACT_SLOTS[kind], (fam_id, lang, phrasing)
