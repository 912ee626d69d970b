"""Build the labelled contact corpus and its split manifest from the template families.

    python scripts/build_contact_corpus.py   # corpus/contacts/{messages.jsonl,split.json}

Deterministic (fixed seed, no network). Each template is filled several times with fresh
names, numbers and obfuscations; the split is by template group (template *i* of a family in
all five languages), so the test split holds phrasings never seen in train or dev. Families
with five templates give one group to a *sealed* slice of the test split, which the
evaluation script reports only when asked with ``--sealed``.

A fresh held-out split (``contact_corpus_holdout``: new phrasings of every family and four
new families, splits ``holdout`` and ``holdout_sealed``) is built last, from a random stream
of its own (seed ``SEED + 1``) and with fillers that bypass ``contact_corpus_extra``: every
earlier message stays byte for byte what it was, and phrasings added for tuning later change
no held-out message.

A second fresh held-out split (``contact_corpus_holdout2``: two new phrasings of every family,
split ``fresh``) is built after the first, the same way, from a stream of its own (seed
``SEED + 2``): it moves no earlier row, and no tuning phrasing moves it.

A third fresh held-out split (``contact_corpus_holdout3``: two new phrasings of every family,
split ``fresh2``) is built after the second, the same way, from a stream of its own (seed
``SEED + 3``).

A fourth fresh held-out split (``contact_corpus_holdout4``: two new phrasings of every family,
split ``fresh3``) is built after the third, the same way, from a stream of its own (seed
``SEED + 4``).
"""

from __future__ import annotations

import json
import random
import re
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contact_corpus_extra as extra
import contact_corpus_holdout as holdout
import contact_corpus_holdout2 as holdout2
import contact_corpus_holdout3 as holdout3
import contact_corpus_holdout4 as holdout4
import contact_corpus_slots as s
from contact_corpus_templates import FAMILIES

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpus" / "contacts"
SEED = 20261206
FILLS_POSITIVE = 8
FILLS_NEGATIVE = 15
_SLOT = re.compile(r"\{(\w+)\}")
# Openers and closers around every message, so one template yields many distinct texts.
OPENERS = {
    "en": ["", "", "", "hi, ", "ok ", "thanks! ", "{name}, ", "sure. ", "hello {name}! "],
    "ru": ["", "", "", "привет, ", "ок ", "спасибо! ", "{name}, ", "хорошо. ", "здравствуйте! "],
    "hu": ["", "", "", "szia, ", "ok ", "köszi! ", "{name}, ", "rendben. ", "helló {name}! "],
    "es": ["", "", "", "hola, ", "vale ", "¡gracias! ", "{name}, ", "claro. ", "¡hola {name}! "],
    "de": ["", "", "", "hallo, ", "ok ", "danke! ", "{name}, ", "klar. ", "hi {name}! "],
}
CLOSERS = {
    "en": ["", "", "", " 🙂", " thanks", "!", " ok?", " 👍", ", cheers"],
    "ru": ["", "", "", " 🙂", " спасибо", "!", " ок?", " 👍", ", до связи"],
    "hu": ["", "", "", " 🙂", " köszi", "!", " jó?", " 👍", ", üdv"],
    "es": ["", "", "", " 🙂", " gracias", "!", " ¿vale?", " 👍", ", saludos"],
    "de": ["", "", "", " 🙂", " danke", "!", " ok?", " 👍", ", Gruß"],
}


def fill(slot: str, rng: random.Random, lang: str) -> str:
    own = extra.fill(slot, rng, lang)
    if own is not None:
        return own
    return shared_fill(slot, rng, lang)


def holdout_fill(slot: str, rng: random.Random, lang: str) -> str:
    """The held-out groups' values: their own fillers, then the shared ones, never extra's."""
    own = holdout.fill(slot, rng, lang)
    if own is not None:
        return own
    return shared_fill(slot, rng, lang)


def fresh_fill(slot: str, rng: random.Random, lang: str) -> str:
    """The ``fresh`` groups' values: the first held-out module's number fillers for the slots
    it names, the shared ones otherwise, never extra's."""
    if slot in holdout2.HOLDOUT_SLOTS:
        own = holdout.fill(slot, rng, lang)
        assert own is not None, slot
        return own
    return shared_fill(slot, rng, lang)


def fresh2_fill(slot: str, rng: random.Random, lang: str) -> str:
    """The ``fresh2`` groups' values: as the ``fresh`` groups' (the first held-out module's
    number fillers for the slots it names, the shared ones otherwise), never extra's."""
    if slot in holdout3.HOLDOUT_SLOTS:
        own = holdout.fill(slot, rng, lang)
        assert own is not None, slot
        return own
    return shared_fill(slot, rng, lang)


def fresh3_fill(slot: str, rng: random.Random, lang: str) -> str:
    """The ``fresh3`` groups' values: as the ``fresh`` and ``fresh2`` groups' (the first
    held-out module's number fillers for the slots it names, the shared ones otherwise), never
    extra's."""
    if slot in holdout4.HOLDOUT_SLOTS:
        own = holdout.fill(slot, rng, lang)
        assert own is not None, slot
        return own
    return shared_fill(slot, rng, lang)


def shared_fill(slot: str, rng: random.Random, lang: str) -> str:
    """Values of the slots every module shares (``contact_corpus_slots``)."""
    if slot == "phone":
        return s.phone(rng, lang)
    if slot == "phone_words":
        return s.digits_as_words(rng, lang, s.phone_raw(rng, lang), mix=rng.choice((0.4, 0.6, 0.8)))
    if slot == "phone_sym":
        return s.digits_with_symbols(rng, s.phone_raw(rng, lang))
    if slot == "phone_spaced":
        return s.spaced_digits(rng, s.phone_raw(rng, lang))
    if slot == "phone_script":
        return s.digits_in_script(rng, s.phone_raw(rng, lang))
    simple = {
        "email": s.email,
        "email_spelled": s.email_spelled,
        "email_sym": s.email_symbols,
        "email_spaced": s.email_spaced,
        "email_rlo": s.email_rlo,
        "email_zw": s.email_zero_width,
        "url": s.url,
        "url_obf": s.url_obfuscated,
        "handle": s.handle,
        "upi": s.upi,
        "paylink": s.payment_link,
        "card_words": s.card_in_words,
        "amount": s.amount,
        "date": s.date,
        "tax": s.tax_number,
    }
    if slot in simple:
        return simple[slot](rng, lang)
    if slot == "msgr":
        return s.messenger(rng, lang)
    if slot == "msgr_bad":
        return s.messenger(rng, lang, misspelled=rng.random() < 0.6)
    if slot == "ifsc":
        return s.ifsc(rng)
    if slot == "acct":
        return s.account_number(rng)
    if slot == "card":
        return s.card_spaced(rng)
    if slot == "iban":
        return s.iban(rng, {"en": "GB", "ru": "DE", "hu": "HU", "es": "ES", "de": "DE"}[lang])
    if slot == "name":
        return rng.choice(s.FIRST[lang]).capitalize()
    if slot == "n":
        return str(rng.randrange(2, 12))
    if slot == "order":
        return s.order_no(rng)
    if slot == "testcard":
        return rng.choice(s.TEST_CARDS)
    raise KeyError(slot)


def split_of(family: str, n_groups: int) -> dict[int, str]:
    """Template index -> split, shuffled per family by a fixed hash of its name."""
    order = list(range(n_groups))
    random.Random(zlib.crc32(family.encode())).shuffle(order)
    names = ["test", "sealed", "dev"] if n_groups >= 5 else ["test", "dev"]
    names += ["train"] * (n_groups - len(names))
    return {idx: names[i] for i, idx in enumerate(order)}


def _messages(
    fam: dict[str, Any],
    group: str,
    split: str,
    phrasings: dict[str, str],
    fills: int,
    rng: random.Random,
    seen: set[str],
    filler: Callable[[str, random.Random, str], str] = fill,
) -> list[dict[str, Any]]:
    """Rows of one template group: each language's phrasing filled ``fills`` times."""
    rows: list[dict[str, Any]] = []
    for lang, template in phrasings.items():
        for _ in range(fills):
            framed = rng.choice(OPENERS[lang]) + template + rng.choice(CLOSERS[lang])
            text = _SLOT.sub(lambda m, lang=lang: filler(m.group(1), rng, lang), framed)
            if text in seen:
                continue
            seen.add(text)
            rows.append(
                {
                    "text": text,
                    "lang": lang,
                    "contact": bool(fam["kinds"]),
                    "kinds": fam["kinds"],
                    "family": fam["id"],
                    "group": group,
                    "template": f"{group.replace('#', f'/{lang}/')}",
                    "split": split,
                    "direct_ok": bool(fam.get("direct_ok")),
                }
            )
    return rows


def build() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rng = random.Random(SEED)
    rows: list[dict[str, Any]] = []
    manifest: dict[str, Any] = {
        "seed": SEED,
        "unit": "template group (family#index, all languages)",
        "groups": {},
    }
    seen: set[str] = set()
    by_id = {fam["id"]: fam for fam in FAMILIES}
    first_extra: dict[str, int] = {}
    for fam in FAMILIES:
        n_groups = min(len(v) for v in fam["t"].values())
        first_extra[fam["id"]] = n_groups
        splits = split_of(fam["id"], n_groups)
        fills = FILLS_POSITIVE if fam["kinds"] else FILLS_NEGATIVE
        for idx in range(n_groups):
            group = f"{fam['id']}#{idx}"
            manifest["groups"][group] = splits[idx]
            phrasings = {lang: templates[idx] for lang, templates in fam["t"].items()}
            rows += _messages(fam, group, splits[idx], phrasings, fills, rng, seen)
    original_texts = set(seen)
    # Phrasings added for tuning come last, round after round, from the same stream: the rows
    # above, and so the test split, stay exactly as they were, so do the rows of earlier
    # rounds, and these groups go to dev and train only. A family's groups are numbered on
    # from its last one, and alternate between the two splits across rounds.
    # Families only the held-out split had until the third round (contact-free designs,
    # invoice figures, coded pointers) take tuning groups too, numbered from 0 (their held-out
    # groups are "#h<j>"); their labels are declared in contact_corpus_extra, so nothing here
    # depends on the held-out module.
    tunable = {
        **{
            fam_id: {"id": fam_id, "kinds": kinds}
            for fam_id, kinds in extra.NEW_FAMILY_KINDS.items()
        },
        **by_id,
    }
    added = dict.fromkeys(tunable, 0)
    for round_ in extra.ROUNDS:
        for fam_id, per_lang in round_.items():
            fam = tunable[fam_id]
            for template_idx in range(min(len(v) for v in per_lang.values())):
                j = added[fam_id]
                added[fam_id] += 1
                group = f"{fam_id}#{first_extra.get(fam_id, 0) + j}"
                split = extra.EXTRA_SPLITS[j % len(extra.EXTRA_SPLITS)]
                manifest["groups"][group] = split
                phrasings = {lang: ts[template_idx] for lang, ts in per_lang.items()}
                rows += _messages(fam, group, split, phrasings, extra.FILLS, rng, seen)
    rows += holdout_rows(manifest, by_id, original_texts)
    # original_texts now holds the first held-out split's texts too: the fresh split repeats
    # none of them, and does not look at the tuning rounds' texts, so they cannot move it.
    labelled = {**by_id, **{fam["id"]: fam for fam in holdout.NEW_FAMILIES}}
    rows += fresh_rows(manifest, labelled, original_texts)
    # ... and now the fresh split's texts as well, which the ``fresh2`` split repeats none of.
    rows += fresh2_rows(manifest, labelled, original_texts)
    # ... and the fresh2 split's texts too, which the ``fresh3`` split repeats none of.
    rows += fresh3_rows(manifest, labelled, original_texts)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["split"]] = counts.get(row["split"], 0) + 1
    manifest["messages"] = counts
    return rows, manifest


def holdout_rows(
    manifest: dict[str, Any], by_id: dict[str, dict[str, Any]], seen: set[str]
) -> list[dict[str, Any]]:
    """The held-out groups, ``family#h<j>``: phrasing *j* of a family in all five languages.

    They draw from their own random stream and skip only texts of the original template groups
    (``seen``), so nothing in ``contact_corpus_extra`` can change them.
    """
    rng = random.Random(SEED + holdout.SEED_OFFSET)
    manifest["holdout_seed"] = SEED + holdout.SEED_OFFSET
    families = [(by_id[fam_id], per_lang) for fam_id, per_lang in holdout.HOLDOUT.items()]
    families += [(fam, fam["t"]) for fam in holdout.NEW_FAMILIES]
    rows: list[dict[str, Any]] = []
    for fam, per_lang in families:
        fills = FILLS_POSITIVE if fam["kinds"] else FILLS_NEGATIVE
        for j, split in enumerate(holdout.SPLITS):
            group = f"{fam['id']}#h{j}"
            manifest["groups"][group] = split
            phrasings = {lang: templates[j] for lang, templates in per_lang.items()}
            rows += _messages(fam, group, split, phrasings, fills, rng, seen, holdout_fill)
    return rows


def fresh_rows(
    manifest: dict[str, Any], by_id: dict[str, dict[str, Any]], seen: set[str]
) -> list[dict[str, Any]]:
    """The second held-out split's groups, ``family#f<j>``, all in the split ``fresh``.

    Like ``holdout_rows``, from a random stream of their own and skipping only the texts of
    the original and first held-out groups (``seen``); the family id gives the labels.
    """
    rng = random.Random(SEED + holdout2.SEED_OFFSET)
    manifest["fresh_seed"] = SEED + holdout2.SEED_OFFSET
    rows: list[dict[str, Any]] = []
    for fam_id, per_lang in holdout2.FRESH.items():
        fam = by_id[fam_id]
        fills = FILLS_POSITIVE if fam["kinds"] else FILLS_NEGATIVE
        for j in range(holdout2.PER_LANGUAGE):
            group = f"{fam_id}#f{j}"
            manifest["groups"][group] = holdout2.SPLIT
            phrasings = {lang: templates[j] for lang, templates in per_lang.items()}
            rows += _messages(fam, group, holdout2.SPLIT, phrasings, fills, rng, seen, fresh_fill)
    return rows


def fresh2_rows(
    manifest: dict[str, Any], by_id: dict[str, dict[str, Any]], seen: set[str]
) -> list[dict[str, Any]]:
    """The third held-out split's groups, ``family#g<j>``, all in the split ``fresh2``.

    Like ``fresh_rows``, from a random stream of their own and skipping only the texts of the
    original and both earlier held-out splits' groups (``seen``); the family id gives the
    labels.
    """
    rng = random.Random(SEED + holdout3.SEED_OFFSET)
    manifest["fresh2_seed"] = SEED + holdout3.SEED_OFFSET
    rows: list[dict[str, Any]] = []
    for fam_id, per_lang in holdout3.FRESH2.items():
        fam = by_id[fam_id]
        fills = FILLS_POSITIVE if fam["kinds"] else FILLS_NEGATIVE
        for j in range(holdout3.PER_LANGUAGE):
            group = f"{fam_id}#g{j}"
            manifest["groups"][group] = holdout3.SPLIT
            phrasings = {lang: templates[j] for lang, templates in per_lang.items()}
            rows += _messages(fam, group, holdout3.SPLIT, phrasings, fills, rng, seen, fresh2_fill)
    return rows


def fresh3_rows(
    manifest: dict[str, Any], by_id: dict[str, dict[str, Any]], seen: set[str]
) -> list[dict[str, Any]]:
    """The fourth held-out split's groups, ``family#i<j>``, all in the split ``fresh3``.

    Like ``fresh2_rows``, from a random stream of their own and skipping only the texts of the
    original and all three earlier held-out splits' groups (``seen``); the family id gives the
    labels.
    """
    rng = random.Random(SEED + holdout4.SEED_OFFSET)
    manifest["fresh3_seed"] = SEED + holdout4.SEED_OFFSET
    rows: list[dict[str, Any]] = []
    for fam_id, per_lang in holdout4.FRESH3.items():
        fam = by_id[fam_id]
        fills = FILLS_POSITIVE if fam["kinds"] else FILLS_NEGATIVE
        for j in range(holdout4.PER_LANGUAGE):
            group = f"{fam_id}#i{j}"
            manifest["groups"][group] = holdout4.SPLIT
            phrasings = {lang: templates[j] for lang, templates in per_lang.items()}
            rows += _messages(fam, group, holdout4.SPLIT, phrasings, fills, rng, seen, fresh3_fill)
    return rows


def main() -> None:
    rows, manifest = build()
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "messages.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    (OUT / "split.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"{len(rows)} messages: {manifest['messages']}")


if __name__ == "__main__":
    main()
