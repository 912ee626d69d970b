"""The scanner on the families of the generalisation corpus: shapes it must find, traps it must
leave alone, direct settlement, the corpus split and the learned scorer's contract."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import attrs
import pytest

from microjob.contact_scorer import Scorer, default_scorer, features
from microjob.contacts import MASK, ContactKind, ContactScanner, scan

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "contacts"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("my cell is nine 1 seven, 5 five 5, 0 two 3 four", ContactKind.PHONE),
        ("mark.jones 🔸 outlook 🔸 com", ContactKind.EMAIL),
        ("mail: anna ◆ gmx ◆ de", ContactKind.EMAIL),
        ("my site anna(.)net", ContactKind.URL),
        ("go to anna[dot]studio[dot]com", ContactKind.URL),
        ("w w w . a n n a . n e t", ContactKind.URL),
        ("all on www dot anna-design dot de", ContactKind.URL),
        ("write me on Vatsap", ContactKind.MESSENGER),
        ("add me on Telegramm: @anna_b", ContactKind.MESSENGER),
        ("ping me on WhatsUp", ContactKind.MESSENGER),
        ("escríbeme mejor por Diskord!", ContactKind.MESSENGER),
        ("UPI: anna123@okaxis", ContactKind.PAYMENT),
        ("IFSC HDFC0001234, a/c 50100234567890", ContactKind.PAYMENT),
        ("pay here: p a y p a l . m e / a n n a", ContactKind.PAYMENT),
        ("paypal(.)me/anna", ContactKind.PAYMENT),
        ("card five 1 nine eight, two 5 nine 7, nine one 9 0, seven 4 8 one", ContactKind.PAYMENT),
        ("same username on yahoo", ContactKind.SOLICITATION),
        ("my number is in my portfolio PDF", ContactKind.SOLICITATION),
        ("search my name on LinkedIn", ContactKind.SOLICITATION),
        ("let's continue somewhere the site takes no cut", ContactKind.SOLICITATION),
        ("we can talk where moderators can't read", ContactKind.SOLICITATION),
        ("давай продолжим там, где сайт не берёт процент", ContactKind.SOLICITATION),
        ("folytassuk ott, ahol az oldal nem von le jutalékot", ContactKind.SOLICITATION),
        ("sigamos donde la web no se lleva comisión", ContactKind.SOLICITATION),
        ("lass uns dort weitermachen, wo die Seite nichts abzieht", ContactKind.SOLICITATION),
        ("cancel the order and I'll do it cheaper privately", ContactKind.SOLICITATION),
        ("I will pay the rest by bank transfer", ContactKind.SOLICITATION),
    ],
)
def test_families_the_seed_scanner_missed(text: str, kind: ContactKind) -> None:
    result = scan(text)
    assert kind in result.kinds, result.findings
    assert all(f.detail for f in result.findings)  # every finding says why


@pytest.mark.parametrize(
    "text",
    [
        "I need a Telegram-like bot for the shop",
        "add the Share on WhatsApp button under each post",
        "нужен бот как в телеграме для магазина",
        "a client once asked for my WhatsApp and I said no, everything stays here",
        "someone offered me cash to skip the fees, I reported it",
        "use @dataclass(frozen=True) for the model",
        "run npm i @scope/pkg@2 then rebuild",
        "the @media (max-width: 600px) rule breaks the header",
        "please put ИНН 7707083893 on the invoice",
        "invoice details: EIN 12-3456789",
        "adószám: 12345678-2-42",
        "Stripe test card 4000 0566 5566 5556 for the sandbox",
        "use the test card 4242 4242 4242 4242, any CVC",
        "a 855706325 rendelés határideje 2025. 09. 01.",
        "продолжим там, где остановились",
        "I need a website without a cookie banner",
        "сделаю сайт без проблем",
        "please pay through the site as usual",
        "the skipper discarded the telegraph",
        # the site as the product being built, not the marketplace
        "The website should also work outside the EU",
        "Skip the intro animation on the site please",
        "the site must work outside business hours",
        "die Seite soll außerhalb der Öffnungszeiten Bestellungen annehmen",
        "az oldal működjön kívül is a hálózaton",
        "please skip the platform logo in the footer",
        "we should avoid the platform's default font",
        "design a checkout page where buyers pay the rest on delivery",
        "can I pay the rest via the platform?",
        "search my name on the invoice PDF and fix the typo",
        "same username as the old site admin account",
    ],
)
def test_hard_negatives(text: str) -> None:
    assert not scan(text).found, scan(text).findings


def test_published_test_card_explains_itself() -> None:
    low = ContactScanner(min_confidence=0.0).scan("Stripe test card 4242 4242 4242 4242")
    assert [f.detail for f in low.findings] == ["published test card, test context"]


def test_published_test_card_offered_for_payment_still_counts() -> None:
    assert ContactKind.PAYMENT in scan("my card 4111 1111 1111 1111, send it there").kinds


def test_code_handle_is_still_a_handle_after_a_messenger() -> None:
    assert ContactKind.MESSENGER in scan("telegram: @anna_design").kinds


def test_dotted_phone_is_not_an_ip_address() -> None:
    assert ContactKind.PHONE in scan("küldj sms-t: 062.08.852.967").kinds
    assert not scan("server at 192.168.1.10 is down").found


# -- KiwiGigs direct mode (rule 4): settling the booked price directly is allowed --------------

DIRECT = ContactScanner(allow_direct_settlement=True)


@pytest.mark.parametrize(
    "text",
    [
        "I will pay the rest by bank transfer",
        "I'll settle the remaining $40 directly with you",
        "a maradékot banki átutalással fizetem",
        "остаток переведу банковским переводом",
        "el resto lo pago por transferencia bancaria",
        "den Rest zahle ich per Banküberweisung",
        "I'll pay you via PayPal when it's done",
    ],
)
def test_direct_settlement_talk_is_allowed_in_direct_mode(text: str) -> None:
    assert scan(text).found  # the default marketplace flags it
    assert not DIRECT.scan(text).found, DIRECT.scan(text).findings


@pytest.mark.parametrize(
    "text",
    [
        "let's skip the site for the next job",
        "pay me directly and we both save the fees",
        "cancel the order and I'll do it cheaper privately",
        "I will pay the rest by bank transfer, call me +36 30 123 4567",
        "send it to IBAN DE89 3704 0044 0532 0130 00",
        "my paypal is anna.berg@gmail.com",
        "same username on yahoo",
    ],
)
def test_direct_mode_still_flags_contacts_and_going_around(text: str) -> None:
    assert DIRECT.scan(text).found


# -- masks -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mail: mark.jones 🔸 outlook 🔸 com thanks", f"mail: {MASK} thanks"),
        ("site: w w w . a n n a . n e t ok", f"site: {MASK} ok"),
        ("UPI: anna123@okaxis pls", f"UPI: {MASK} pls"),
    ],
)
def test_masks_cover_the_new_shapes(text: str, masked: str) -> None:
    assert scan(text).masked == masked


# -- the corpus and its split ------------------------------------------------------------------


def _rows() -> list[dict[str, object]]:
    with (CORPUS / "messages.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_corpus_size_languages_and_kinds() -> None:
    rows = _rows()
    assert len(rows) >= 4000
    per_lang: dict[str, int] = defaultdict(int)
    for row in rows:
        per_lang[str(row["lang"])] += 1
    assert set(per_lang) == {"en", "ru", "hu", "es", "de"}
    assert min(per_lang.values()) >= 700
    kinds = {k for row in rows for k in row["kinds"]}  # type: ignore[attr-defined]
    assert kinds == {k.value for k in ContactKind}
    negatives = sum(not row["contact"] for row in rows)
    assert 0.35 <= negatives / len(rows) <= 0.6


def test_split_is_by_template_group_and_matches_the_manifest() -> None:
    manifest = json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))
    split_of_group: dict[str, set[str]] = defaultdict(set)
    for row in _rows():
        split_of_group[str(row["group"])].add(str(row["split"]))
        assert manifest["groups"][row["group"]] == row["split"]
    assert all(len(s) == 1 for s in split_of_group.values())
    families: dict[str, set[str]] = defaultdict(set)
    for group, split in manifest["groups"].items():
        families[group.split("#")[0]].add(split)
    # Every family is seen in training and tested on a phrasing it was not trained on, and
    # every family has phrasings in every fresh held-out split; of the families added with the
    # first, three got train and dev phrasings in the third round and one exists only there.
    held_out = {"holdout", "holdout_sealed", "fresh", "fresh2", "fresh3"}
    only_held_out = {f for f, s in families.items() if s == held_out}
    assert only_held_out == {"neg_logistics_numbers"}
    tuned_later = {"neg_invoice_figures", "neg_contact_design", "pointer_coded"}
    assert all(families[f] == {"train", "dev", *held_out} for f in tuned_later), families
    trained = {f: s for f, s in families.items() if f not in only_held_out | tuned_later}
    assert all({"train", "dev", "test"} <= s for s in trained.values()), families
    assert all(held_out <= s for s in families.values()), families


def test_texts_are_unique() -> None:
    texts = [row["text"] for row in _rows()]
    assert len(texts) == len(set(texts))


# -- the learned scorer ------------------------------------------------------------------------


def test_shipped_scorer_loads_and_records_its_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped scorer is on exactly when grouped cross-validation said it helps, and
    the recorded cross-validation summary gives back the same decision and threshold."""
    scorer = default_scorer()
    assert scorer.weights
    decision, cv = scorer.meta["decision"], scorer.meta["cv"]
    assert scorer.enabled == decision["enabled"]
    assert cv["grouping"] == "family"
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import cv_contact_scorer

    threshold, enabled, again = cv_contact_scorer.decide({"summary": cv})
    assert (enabled, again) == (scorer.enabled, decision)
    assert threshold == scorer.threshold
    if enabled:
        best = cv["sweep"][cv["best_threshold"]]
        assert best["fpr"] <= 0.02
        assert best["f1"] > cv["rules_alone"]["f1"]


def test_the_shipped_scorer_explains_its_findings() -> None:
    """A finding of the shipped weights names the score, the threshold and the features that
    weighed most, for the moderator (a low threshold makes it fire on a rule-free message)."""
    scorer = attrs.evolve(default_scorer(), threshold=0.001, enabled=True)
    scanner = ContactScanner(scorer=scorer)
    (finding,) = scanner.scan("we could sort the rest out some other way later").findings
    assert finding.kind is ContactKind.SOLICITATION
    assert re.fullmatch(r"learned score 0\.\d\d >= 0\.00 \('.+'(, '.+')*\)", finding.detail)


def test_scorer_score_and_explanation() -> None:
    scorer = Scorer({"w:cut": 3.0, "b:no_cut": 2.0, "w:logo": -2.0}, -1.0, 0.8)
    feats = features("the site takes no cut")
    assert scorer.score(feats) == pytest.approx(1 / (1 + 2.718281828459045**-4), rel=1e-6)
    assert scorer.explain(feats) == ["'cut'", "'no cut'"]
    assert scorer.score(features("logo")) < 0.1


def test_an_enabled_scorer_adds_a_finding_that_explains_itself() -> None:
    scorer = Scorer({"w:elsewhere": 5.0}, -2.0, 0.9)
    scanner = ContactScanner(scorer=scorer, use_scorer=True)
    (finding,) = scanner.scan("Thanks. Let us go elsewhere. Bye").findings
    assert finding.kind is ContactKind.SOLICITATION
    assert finding.text == "Let us go elsewhere"
    assert finding.detail.startswith("learned score 0.95 >= 0.90")
    assert "'elsewhere'" in finding.detail
    assert not ContactScanner(scorer=scorer, use_scorer=False).scan("go elsewhere").found


def test_a_mock_up_number_is_weak_but_a_real_one_with_repeated_digits_is_not() -> None:
    """Only a subscriber part of one repeated digit is a mock-up ("8 800 000-00-00"); the
    testing kit's "+1 415 555 55xx" numbers are real numbers."""
    assert ContactKind.PHONE in scan("call me on +1 415 555 5500").kinds
    assert ContactKind.PHONE in scan("call me on +1 415 555 5501").kinds
    assert not scan("Номер телефона в макете замените на 8 800 000-00-00").found
    assert not scan("placeholder: +1 555 000 0000").found
