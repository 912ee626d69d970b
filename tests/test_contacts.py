"""Tests for the chat contact detector: corpus quality, obfuscations, traps, spans, safety."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microjob.contacts import MASK, ContactKind, ContactScanner, Finding, Scan, scan

CORPUS = Path(__file__).parent / "data" / "contacts_corpus.jsonl"


def load_corpus() -> list[dict[str, Any]]:
    with CORPUS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------


def test_corpus_shape() -> None:
    rows = load_corpus()
    assert len(rows) >= 500
    langs = {lang: sum(r["lang"] == lang for r in rows) for lang in ("en", "hu", "ru", "de", "es")}
    assert all(n >= 60 for n in langs.values()), langs
    positive = sum(r["contact"] for r in rows) / len(rows)
    assert 0.35 <= positive <= 0.55
    kinds = {k.value for k in ContactKind}
    for r in rows:
        assert set(r) == {"text", "lang", "contact", "kinds", "note"}
        assert set(r["kinds"]) <= kinds
        assert bool(r["kinds"]) == r["contact"], r


def test_corpus_quality() -> None:
    scanner = ContactScanner()
    tp = fp = fn = tn = 0
    misses: list[str] = []
    for row in load_corpus():
        result = scanner.scan(row["text"])
        if result.found and row["contact"]:
            tp += 1
        elif result.found:
            fp += 1
            shown = [(f.kind.value, f.text, f.confidence) for f in result.findings]
            misses.append(f"FP [{row['lang']}] {row['text']!r} -> {shown}")
        elif row["contact"]:
            fn += 1
            misses.append(f"FN [{row['lang']}] {row['text']!r} ({row['note']})")
        else:
            tn += 1
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    fpr = fp / (fp + tn)
    summary = f"P={precision:.3f} R={recall:.3f} F1={f1:.3f} FPR={fpr:.3f}\n" + "\n".join(misses)
    assert f1 >= 0.95, summary
    assert fpr <= 0.02, summary


def test_corpus_kinds_mostly_right() -> None:
    """Message-level detection is the contract; kinds should still agree most of the time."""
    scanner = ContactScanner()
    rows = [r for r in load_corpus() if r["contact"]]
    wrong = []
    for row in rows:
        got = {k.value for k in scanner.scan(row["text"]).kinds}
        if not got & set(row["kinds"]):
            wrong.append(f"{row['text']!r}: expected {row['kinds']}, got {sorted(got)}")
    assert len(wrong) <= len(rows) * 0.05, "\n".join(wrong)


# --------------------------------------------------------------------------------------
# Obfuscations (hard positives)
# --------------------------------------------------------------------------------------

OBFUSCATED = [
    pytest.param("call me +36 30 123 4567", ContactKind.PHONE, id="intl-phone"),
    pytest.param("0 6 3 0 - 1 2 3 . 4 5 6 7", ContactKind.PHONE, id="spaced-punctuated-digits"),
    pytest.param(
        "six five zero two five three oh one nine eight", ContactKind.PHONE, id="en-digit-words"
    ),
    pytest.param(
        "nulla hat harminc egy kettő három négy öt hat hét", ContactKind.PHONE, id="hu-digit-words"
    ),
    pytest.param(
        "восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь",
        ContactKind.PHONE,
        id="ru-digit-words",
    ),
    pytest.param(
        "null eins sieben eins, eins zwei drei, vier fünf sechs sieben",
        ContactKind.PHONE,
        id="de-digit-words",
    ),
    pytest.param(
        "seiscientos doce, treinta y cuatro, cincuenta y seis, setenta y ocho",
        ContactKind.PHONE,
        id="es-compound-words",
    ),
    pytest.param("Handy 0171-vier fünf sechs-7890", ContactKind.PHONE, id="mixed-digits-words"),
    pytest.param("my cell is 4I5.555.267I", ContactKind.PHONE, id="leet-digits"),
    pytest.param("０６３０１２３４５６７ a mobilom", ContactKind.PHONE, id="fullwidth-digits"),
    pytest.param("szám: 06\u200b30\u200b123\u200b4567", ContactKind.PHONE, id="zero-width-digits"),
    pytest.param("a mobilom 06😊30😊1234567", ContactKind.PHONE, id="emoji-between-digits"),
    pytest.param("john at gmail dot com", ContactKind.EMAIL, id="at-dot-words"),
    pytest.param("sarah(at)designhub(dot)com", ContactKind.EMAIL, id="bracket-at-dot"),
    pytest.param("kiss.anna kukac freemail pont hu", ContactKind.EMAIL, id="kukac-pont"),
    pytest.param("ivan собака yandex точка ru", ContactKind.EMAIL, id="sobaka-tochka"),
    pytest.param("lena.schmidt ät gmx punkt de", ContactKind.EMAIL, id="at-punkt"),
    pytest.param("lucia arroba hotmail punto com", ContactKind.EMAIL, id="arroba-punto"),
    pytest.param("ｍｉｋｅ＠ｙａｈｏｏ．ｃｏｍ", ContactKind.EMAIL, id="fullwidth-email"),
    pytest.param("tоm.baker@gmаil.com", ContactKind.EMAIL, id="cyrillic-homoglyphs-email"),
    pytest.param("n a g y . e v a @ g m a i l . c o m", ContactKind.EMAIL, id="spaced-email"),
    pytest.param("pe\u200bter@gma\u200bil.com", ContactKind.EMAIL, id="zero-width-email"),
    pytest.param("ping me on t e l e g r a m", ContactKind.MESSENGER, id="spaced-name"),
    pytest.param("what's app me later", ContactKind.MESSENGER, id="whats-app-split"),
    pytest.param("msg me on wh@tsapp pls", ContactKind.MESSENGER, id="at-as-a"),
    pytest.param("Kontaktier mich über Wh4tsApp", ContactKind.MESSENGER, id="leet-4"),
    pytest.param("te1egramon keress", ContactKind.MESSENGER, id="leet-1-hu-suffix"),
    pytest.param("schreib mir auf Telеgram", ContactKind.MESSENGER, id="cyrillic-e-in-latin"),
    pytest.param("тeлeгрaм мой: @petrov_ux", ContactKind.MESSENGER, id="latin-in-cyrillic"),
    pytest.param("Ｖｉｂｅｒ: ０６３０９８７６５４３", ContactKind.MESSENGER, id="fullwidth-name"),
    pytest.param("my tg is xyz_studio", ContactKind.MESSENGER, id="my-tg-is"),
    pytest.param("t.me/markdesigns", ContactKind.MESSENGER, id="t-me-link"),
    pytest.param("Viberen írj, ott gyorsabban válaszolok", ContactKind.MESSENGER, id="hu-viberen"),
    pytest.param("напиши в телегу", ContactKind.MESSENGER, id="ru-telega"),
    pytest.param("see behance.net/janedoe", ContactKind.URL, id="bare-domain-path"),
    pytest.param("my site is markdesigns dot com", ContactKind.URL, id="spelled-domain"),
    pytest.param("IBAN: HU42 1177 3016 1111 1018 0000 0000", ContactKind.PAYMENT, id="iban"),
    pytest.param("card 4539 1488 0343 6467", ContactKind.PAYMENT, id="card-luhn"),
    pytest.param("paypal: billing.mark@gmail.com", ContactKind.PAYMENT, id="paypal-email"),
    pytest.param("PayPal me at paypal.me/markd", ContactKind.PAYMENT, id="paypal-me"),
    pytest.param("bankszámlaszámom 11773016-11111018", ContactKind.PAYMENT, id="hu-giro"),
    pytest.param("pay me outside the platform", ContactKind.SOLICITATION, id="en-pay-outside"),
    pytest.param("intézzük az oldalon kívül", ContactKind.SOLICITATION, id="hu-oldalon-kivul"),
    pytest.param("давайте работать напрямую, мимо сайта", ContactKind.SOLICITATION, id="ru"),
    pytest.param("Zahl mir direkt, dann sparen wir", ContactKind.SOLICITATION, id="de"),
    pytest.param("mejor fuera de la plataforma", ContactKind.SOLICITATION, id="es"),
]


@pytest.mark.parametrize(("text", "kind"), OBFUSCATED)
def test_obfuscated_contact_is_found(text: str, kind: ContactKind) -> None:
    result = scan(text)
    assert kind in result.kinds, result.findings


# --------------------------------------------------------------------------------------
# False-positive traps (hard negatives)
# --------------------------------------------------------------------------------------

TRAPS = [
    pytest.param("Hi, I can deliver the logo in 3 days for $40", id="price-days"),
    pytest.param("Az ár 150 000 Ft, áfával együtt", id="price-ft"),
    pytest.param("Der Preis ist 1.500,00 € inkl. MwSt.", id="price-eur"),
    pytest.param("цена 2 500 ₽", id="price-rub"),
    pytest.param("We sold 1 500 000 units last year", id="quantity"),
    pytest.param("Delivery date: 2026-11-23", id="iso-date"),
    pytest.param("Дедлайн 23.11.2026, успеем?", id="dotted-date"),
    pytest.param("Let's have the call at 14:30 tomorrow, here in the chat", id="time"),
    pytest.param("I'll deliver in 3 days", id="in-days"),
    pytest.param("Order #100234567 was delivered yesterday", id="order-number"),
    pytest.param("Reference ORD-2026-000123, please check", id="order-id"),
    pytest.param("Use version v2.10.3 of the plugin", id="version"),
    pytest.param("I uploaded logo_final_v3.psd and report.pdf", id="file-names"),
    pytest.param("Can you change the colour to #FF5733?", id="colour"),
    pytest.param("The banner should be 1920x1080 px", id="resolution"),
    pytest.param("Print size is 30 x 40 cm", id="dimensions"),
    pytest.param("Conversion went up by 12.5% after the redesign", id="percent"),
    pytest.param("Meet the deadline at noon on Friday", id="at-noon"),
    pytest.param("I like the dot pattern in the background", id="dot-pattern"),
    pytest.param("whats the status of my order?", id="whats-status"),
    pytest.param("I will signal when the draft is done", id="signal-verb"),
    pytest.param("There's a typo on line 42 of the script", id="line-42"),
    pytest.param("I need a Telegram bot that posts daily news", id="telegram-bot"),
    pytest.param("I need 10 Instagram post templates for my bakery", id="instagram-posts"),
    pytest.param("The site uses Node.js and ASP.NET on the backend", id="tech-names"),
    pytest.param("Listo.De nada, un placer", id="missing-space-tld"),
    pytest.param("El punto de venta es una cafetería", id="punto-de"),
    pytest.param("Pont így képzeltem, köszönöm!", id="pont-word"),
    pytest.param("Собака на логотипе должна быть рыжей", id="sobaka-word"),
    pytest.param("I can't share contact details outside the platform, sorry", id="negated"),
    pytest.param("Az oldalon kívül nem fizetek, bocs", id="hu-negated-after"),
    pytest.param("My IP whitelist is 192.168.1.10", id="ip-address"),
    pytest.param("Shipping 2020-2024 archive", id="year-range"),
    pytest.param("Call me Bob, everyone does", id="call-me-name"),
    pytest.param("Номер телефона в макете замените на 8 800 000-00-00", id="placeholder"),
    pytest.param("Mi número favorito es el 7", id="mi-numero-favorito"),
]


@pytest.mark.parametrize("text", TRAPS)
def test_trap_is_not_flagged(text: str) -> None:
    result = scan(text)
    assert not result.found, result.findings


def test_lone_seven_digits_weaker_than_call_me() -> None:
    assert not scan("5550123").found
    assert ContactKind.PHONE in scan("call me 555 0123").kinds


# --------------------------------------------------------------------------------------
# Spans and masking
# --------------------------------------------------------------------------------------

SPAN_TEXTS = [
    pytest.param("call me +36 30 123 4567 ok?", id="plain"),
    pytest.param("mail: pe\u200bter.h\u200boward@gma\u200bil.com now", id="zero-width"),
    pytest.param("ｊｏｈｎ＠ｇｍａｉｌ．ｃｏｍ and ０６３０１２３４５６７", id="fullwidth"),
    pytest.param("a mobilom 06😊30😊1234567, Viberen írj", id="emoji"),
    pytest.param("e\u0301mail: jose\u0301@yahoo.es", id="combining-marks"),
    pytest.param("ﬁnd me on t.me/ﬁnn_art", id="ligature-expands"),
]


@pytest.mark.parametrize("text", SPAN_TEXTS)
def test_spans_point_into_original_text(text: str) -> None:
    result = scan(text)
    assert result.found
    for f in result.findings:
        start, end = f.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == f.text


def test_span_of_zero_width_email_covers_original() -> None:
    text = "x jo\u200bhn@gm\u200bail.com y"
    (finding,) = scan(text).findings
    assert finding.text == "jo\u200bhn@gm\u200bail.com"
    assert finding.span == (2, 2 + len(finding.text))


@pytest.mark.parametrize(
    "text",
    [
        "Hívj fel: 0 6 3 0 - 1 2 3 . 4 5 6 7, köszi",
        "call me +36 30 123 4567 or +36 20 987 6543",
        "номер 8🔥916🔥123🔥45🔥67",
        "card 4539 1488 0343 6467, thanks",
        "Tel ０１７１ １２３４５６７ bitte",
    ],
)
def test_masked_text_keeps_no_contact_digits(text: str) -> None:
    masked = scan(text).masked
    assert MASK in masked
    assert len(re.findall(r"\d", masked)) == 0, masked


def test_masked_merges_overlapping_findings_into_one_mask() -> None:
    result = scan("paypal: billing.mark@gmail.com")
    assert len(result.findings) >= 2
    assert result.masked == MASK


def test_masked_without_findings_is_the_text() -> None:
    text = "Küldd el a fájlt pdf-ben"
    assert scan(text).masked == text


def test_scan_result_value_objects() -> None:
    result = scan("write to me on telegram @john_doe")
    assert isinstance(result, Scan)
    assert all(isinstance(f, Finding) for f in result.findings)
    assert all(0.0 <= f.confidence <= 1.0 for f in result.findings)
    assert {ContactKind.MESSENGER} <= result.kinds
    assert ContactKind.MESSENGER.value == "messenger"


# --------------------------------------------------------------------------------------
# Configuration
# --------------------------------------------------------------------------------------


def test_allowed_domains_are_not_flagged() -> None:
    text = "details at https://www.microjob.com/orders/12 or help@microjob.com"
    assert scan(text).found
    assert not scan(text, allowed_domains=["microjob.com"]).found
    sub = "see docs.microjob.com/faq"
    assert not ContactScanner(allowed_domains=["microjob.com"]).scan(sub).found


def test_allowed_domains_do_not_hide_other_sites() -> None:
    result = scan("see microjob.com and evil-microjob.net", allowed_domains=["microjob.com"])
    assert [f.text for f in result.findings] == ["evil-microjob.net"]


def test_extra_words_extend_the_lists() -> None:
    plain = ContactScanner()
    extended = ContactScanner(
        extra_words={
            "messengers": ["matrix"],
            "solicitation": ["meet me at the market"],
            "at_words": ["chiocciola"],
            "dot_words": ["punto"],
            "number_words:it": ["zero=0", "tre=3", "sei=6", "quattro=4", "otto=8", "nove=9"],
        }
    )
    cases = {
        "add me on matrix": ContactKind.MESSENGER,
        "or meet me at the market on sunday": ContactKind.SOLICITATION,
        "luca chiocciola libero punto com": ContactKind.EMAIL,
        "chiamami: tre quattro sei, otto nove zero, tre quattro sei otto": ContactKind.PHONE,
    }
    for text, kind in cases.items():
        assert kind not in plain.scan(text).kinds, text
        assert kind in extended.scan(text).kinds, text


def test_unknown_extra_words_key_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown extra_words"):
        ContactScanner(extra_words={"emojis": ["x"]})
    with pytest.raises(ValueError, match="word=value"):
        ContactScanner(extra_words={"number_words:it": ["tre"]})


def test_min_confidence_controls_weak_signals() -> None:
    text = "I saw your work on Instagram"
    assert not ContactScanner().scan(text).found
    assert ContactScanner(min_confidence=0.3).scan(text).found


def test_default_regions_limit_national_numbers() -> None:
    text = "hívj: 06 30 123 4567"
    assert ContactKind.PHONE in ContactScanner(default_regions=["HU"]).scan(text).kinds
    us_only = ContactScanner(default_regions=["US"]).scan("06 30 123 4567")
    assert ContactKind.PHONE not in us_only.kinds


# --------------------------------------------------------------------------------------
# Robustness
# --------------------------------------------------------------------------------------

ADVERSARIAL = [
    pytest.param("a" * 100_000, id="letters"),
    pytest.param("1 " * 50_000, id="spaced-digits"),
    pytest.param("@." * 50_000, id="at-dot"),
    pytest.param("1" * 100_000, id="digits"),
    pytest.param("a." * 50_000, id="dots"),
    pytest.param("a at b dot " * 9_000, id="at-dot-words"),
    pytest.param("аa\u200b1@.🙂 " * 12_500, id="mixed-unicode"),
    pytest.param("t e l e " * 12_500, id="spaced-letters"),
    pytest.param("one two three " * 7_000, id="number-words"),
    pytest.param("neunzehn" * 12_500, id="compound-word"),
    pytest.param("a-" * 50_000 + ".com", id="long-label"),
    pytest.param("HU42" + " 1177" * 20_000, id="iban-like"),
    pytest.param("тeлeгрaм " * 11_000, id="homoglyph-words"),
    pytest.param("a@b.com " * 12_500, id="many-emails"),
    pytest.param("+36 30 123 4567 " * 6_200, id="many-phones"),
    pytest.param("23.11.2026 " * 9_000, id="many-dates"),
    pytest.param("tg: @abcde " * 9_000, id="many-handles"),
    pytest.param("\u200b" * 100_000, id="zero-width"),
    pytest.param("１" * 100_000, id="fullwidth-digits"),
]


def _cpu_seconds(scanner: ContactScanner, text: str) -> float:
    start = time.process_time()
    _ = scanner.scan(text).masked
    return time.process_time() - start


@pytest.mark.parametrize("text", ADVERSARIAL)
def test_adversarial_input_is_linear(text: str) -> None:
    """About 100,000 characters built to make a pattern backtrack: the scan stays linear.

    Measured in this process's CPU time (other jobs on a shared machine do not count), and
    judged by how the time grows: a quarter of the text first, then all of it. Linear work
    takes about four times as long; quadratic work sixteen. A scan that is quick in absolute
    terms passes whatever the ratio, since timings that small are mostly noise."""
    scanner = ContactScanner()
    quarter = _cpu_seconds(scanner, text[: len(text) // 4])
    full = _cpu_seconds(scanner, text)
    assert full < 1.0 or full < 8 * quarter, f"{full:.2f}s for all, {quarter:.2f}s for a quarter"


unicode_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),
    max_size=300,
)
chat_like = st.lists(
    st.sampled_from(
        [
            "call",
            "me",
            "+36",
            "30",
            "123",
            "4567",
            "@",
            ".",
            "at",
            "dot",
            "kukac",
            "gmail",
            "com",
            "\u200b",
            "\u200f",
            "\u202e",
            "🙂",
            "️",
            "⃣",
            "ｔｇ",
            "telegram",
            "wh@tsapp",
            "nulla",
            "hat",
            "восемь",
            "девятьсот",
            "und",
            "y",
            "e\u0301",
            "İ",
            "ß",
            " ",
            "-",
            "/",
            "(",
            ")",
        ]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(unicode_text, chat_like))
def test_never_crashes_and_spans_are_consistent(text: str) -> None:
    result = scan(text)
    assert result.text == text
    for f in result.findings:
        start, end = f.span
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == f.text
        assert 0.5 <= f.confidence <= 1.0
    assert isinstance(result.masked, str)
