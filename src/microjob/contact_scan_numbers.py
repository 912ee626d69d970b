"""Contact rules for numbers: phone numbers (digits, words or both), card and account
numbers, IBANs, crypto wallets and payment services.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import NamedTuple

from microjob import contact_rules as rules
from microjob import contact_words as words
from microjob.contact_normalize import View as _View
from microjob.contact_numbers import (
    _CARD_PREFIX,
    ID_REACH,
    ID_WINDOW,
    _classify_phone,
    _compose,
    _ean13,
    _hu_giro,
    _iban_ok,
    _identifier,
    _identifier_after,
    _luhn,
    _Run,
)
from microjob.contact_patterns import _all_variants, _alternation, _within
from microjob.contact_scan_base import _inside, _ScanBase
from microjob.contact_types import ContactKind, Finding

_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_DIGITS_TOKEN = re.compile(r"\d+")
_GAP_DIGITS = re.compile(r"[ \t\n.\-()/*_|~]{0,4}")
_GAP_WORDS = re.compile(r"[ \t\n.\-()/*_,|~]{0,4}")
_DATE = re.compile(
    r"(?<![\d.])(?:(?P<y1>(?:19|20)\d\d)(?:\. ?|-|/)(?P<m1>\d{1,2})(?:\. ?|-|/)(?P<d1>\d{1,2})\.?"
    r"|(?P<d2>\d{1,2})(?:\.|/|-)(?P<m2>\d{1,2})(?:\.|/|-)(?P<y2>(?:19|20)?\d\d)"
    r"|(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})(?:\.|-(?=[^\W\d_]))"
    r"|(?:19|20)\d\d ?- ?(?:19|20)\d\d|\d{1,3}(?:\.\d{1,3}){3})(?!\d)"
)
_SINGLE_DIGITS = re.compile(r"(?<![\d.\-/])\d(?:[.\-/]\d(?!\d)){6,}")
_LETTER = r"[^\W\d_]"
_YEAR = r"(?:19|20)\d\d(?!\d)"
_MONTHS = _alternation(_all_variants(words.MONTHS))
# "3 March 2025", "3 марта 2025", "3 de marzo de 2025", "3. März"; "March 3, 2025",
# "2025. március 3.", "március 3-án" (German "Mai" is "today's" in Hungarian: never first).
_MONTH_FIRST = _alternation(_all_variants(m for m in words.MONTHS if m != "mai"))
_MONTH_DATE = re.compile(
    rf"(?<![\d.])(?P<day>\d{{1,2}})\.?\s?(?:de\s)?(?<!{_LETTER})(?:{_MONTHS})(?!{_LETTER})\.?"
    rf"(?:,?\s(?:de\s)?{_YEAR})?"
    rf"|(?:{_YEAR}\.?\s)?(?<!{_LETTER})(?:{_MONTH_FIRST})(?!{_LETTER})\.?\s"
    rf"(?P<day2>\d{{1,2}})(?!\d)(?:,\s{_YEAR})?"
)
_MONTH_WORDS = frozenset(_all_variants(words.MONTHS))


def _date_spans(norm: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Dates, year ranges and IP addresses: digit runs that are never phone numbers.

    ``tokens`` are the message's words: month names are only looked for when one is there."""
    spans = []
    if "." in norm or "-" in norm or "/" in norm:
        # "0•1•5•7•6•1•5•0•2•4•7•8" (bullets read as dots): seven or more single digits in a
        # row are a number dictated digit by digit, whatever dates or addresses hide in it.
        dictated = [m.span() for m in _SINGLE_DIGITS.finditer(norm)]
        for m in _DATE.finditer(norm):
            if dictated and any(s <= m.start() < e for s, e in dictated):
                continue
            month = m.group("m1") or m.group("m2") or m.group("m3")
            day = m.group("d1") or m.group("d2") or m.group("d3")
            dmy = not month or (1 <= int(month) <= 12 and 1 <= int(day) <= 31)
            mdy = bool(m.group("d2") or m.group("d3")) and 1 <= int(day) <= 12
            mdy = mdy and 1 <= int(month) <= 31
            if m.group().count(".") == 3 and not m.group("y1") and not m.group("y2"):
                parts = m.group().split(".")
                # "062.08.852.967" is a phone number written with dots, not an IP address.
                dmy = all(int(p) <= 255 and (p == "0" or not p.startswith("0")) for p in parts)
                mdy = False
            if dmy or mdy:
                spans.append(m.span())
    if not _MONTH_WORDS.isdisjoint(tokens):
        for m in _MONTH_DATE.finditer(norm):
            if 1 <= int(m.group("day") or m.group("day2")) <= 31:
                spans.append(m.span())
        spans.sort()
        merged: list[tuple[int, int]] = []
        for s, e in spans:
            if merged and s < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        spans = merged
    return spans


def _near(spans: list[tuple[int, int]], norm: str, start: int, end: int) -> bool:
    """Whether one of the sorted ``spans`` lies within ``DATE_REACH`` characters of the
    number at ``start:end``, on the same line."""
    i = bisect.bisect_left(spans, (start, start))
    before = spans[i - 1] if i > 0 else None
    after = spans[i] if i < len(spans) else None
    if (
        before is not None
        and 0 <= start - before[1] <= DATE_REACH
        and "\n" not in norm[before[1] : start]
    ):
        return True
    if after is not None and 0 <= after[0] - end <= DATE_REACH:
        return "\n" not in norm[end : after[0]]
    return False


# How far a date still dates the number beside it ("pro forma 694610473, due October 12, 2025").
DATE_REACH = 40
# A document numbered within its year ("2026-214119", "2025/00123"): never how a phone
# number is written.
_YEAR_SERIAL = re.compile(r"(?:19|20)\d\d ?[-/] ?\d{3}")


_IBAN = re.compile(r"(?<![a-z0-9])[a-z]{2}\d{2}(?:[ \-]?[a-z0-9]){11,30}(?![a-z0-9])")
_CRYPTO = re.compile(
    r"(?<![a-z0-9])(?:bc1[a-z0-9]{25,59}|0x[0-9a-f]{40}|t[1-9a-z]{33})(?![a-z0-9])"
)
_LEET_DIGITS_HINT = re.compile(r"\d[oil]|[oil]\d")
_LEET_DIGITS = re.compile(r"(?<![^\W\d_])(?=[oil.\-]*\d)[\doil][\doil.\-]*[\doil](?![^\W\d_])")
_DIGIT_LEET_TABLE = str.maketrans({"o": "0", "i": "1", "l": "1"})
_PAY_CONTEXT = re.compile(
    r"(?:pay|send|transfer|accept|money|fizet|utal|elfogad|оплат|перев|плат|приним|скин|кин|"
    r"zahl|überweis|ueberweis|akzeptier|schick|pag|transfer|envi|acept|\bmy\b|\bmi\b|мой|"
    r"\bmein|számlá)"
)
_PAYMENT_CONTEXT_ACCOUNT = re.compile(
    r"(?:account|acct|iban|számla|szamla|bankszámla|счет|счёт|р/с|карт|konto|cuenta|card|kártya)"
)
_CARD_CONTEXT = re.compile(
    r"(?:card|kártya|kartya|карт|tarjeta|karte|visa|mastercard|pay|fizet|оплат|zahl|pag)"
)
_NUMBER_NOUN_AFTER = re.compile(
    rf"(?:-{_LETTER}{{1,3}})?[\s.,:-]{{0,3}}(?:(?:{_alternation(_all_variants(words.ID_NOUNS_AFTER))})"
    rf"|(?!{_alternation(_all_variants(words.PHONE_NUMBER_COMPOUNDS))}){_LETTER}+?sz[áa]m)"
)


class _Context(NamedTuple):
    """What surrounds a number: the text before and after it, and whether an identifier
    phrase names it ("serial number …", "… rendelés")."""

    before: str
    after: str
    context_before: str  # the text before and after without its identifier phrases
    context_after: str
    identifier: bool


class _NumberRules(_ScanBase):
    """Phone, card and account numbers, IBANs, wallets and payment services."""

    def _payments(self, view: _View, has_digit: bool) -> Iterator[Finding]:
        norm = view.norm
        if not has_digit:
            return
        for m in _IBAN.finditer(norm):
            yield from self._iban(view, m)
        for m in _CRYPTO.finditer(norm):
            token = m.group()
            if sum(c.isdigit() for c in token) >= 3 and sum(c.isalpha() for c in token) >= 3:
                yield self._finding(
                    view, ContactKind.PAYMENT, m.start(), m.end(), 0.85, "crypto wallet"
                )

    def _services(self, view: _View, keys: set[str]) -> Iterator[Finding]:
        norm = view.norm
        for m in self._services_dispatch.finditer(norm, keys):
            before, after = _within(norm, m.start(), m.end(), 30, 30)
            if _PAY_CONTEXT.search(before) or _PAY_CONTEXT.search(after) or ":" in after[:3]:
                conf = 0.75
            else:
                conf = 0.45
            if self._negated(norm, m.start(), m.end()):
                conf = 0.2
            yield self._finding(
                view, ContactKind.PAYMENT, m.start(), m.end(), conf, f"payment service {m.group()}"
            )

    def _iban(self, view: _View, m: re.Match[str]) -> Iterator[Finding]:
        raw = m.group()
        # Try the longest candidate first, then shorter ones ending at a separator.
        cuts = [len(raw)] + [i for i in range(len(raw) - 1, 14, -1) if raw[i] in " -"]
        for cut in cuts:
            compact = raw[:cut].replace(" ", "").replace("-", "")
            if 15 <= len(compact) <= 34 and _iban_ok(compact.upper()):
                yield self._finding(
                    view, ContactKind.PAYMENT, m.start(), m.start() + cut, 0.95, "IBAN (mod-97)"
                )
                return

    def _numbers_in(self, view: _View, tokens: list[str], has_digit: bool) -> Iterator[Finding]:
        """Phone, card and account numbers, written in digits, words or both.

        The token loop is the most expensive stage, so it only runs when the message has
        enough digits, or enough number words to dictate a phone number.
        """
        norm = view.norm
        digits = sum(map(norm.count, "0123456789")) if has_digit else 0
        hits = len(self._numbers_hint.intersection(tokens))
        if digits < 7 and hits < 3 and (hits == 0 or digits + 3 * hits < 7):
            return
        if has_digit and _LEET_DIGITS_HINT.search(norm):
            norm = _LEET_DIGITS.sub(lambda m: m.group().translate(_DIGIT_LEET_TABLE), norm)
            view = _View(view.text, norm, view.starts, view.ends)
        dates = _date_spans(norm, tokens)
        # Without number words only digit tokens matter: skipping the words is much faster.
        for run in self._runs(norm, _TOKEN if hits else _DIGITS_TOKEN, dates):
            yield from self._judge_run(view, run, dates)

    def _runs(
        self, norm: str, token_re: re.Pattern[str], dates: list[tuple[int, int]]
    ) -> Iterator[_Run]:
        items: list[str | int] = []
        literal: list[str] = []
        tokens: list[tuple[int, int]] = []
        has_words = False
        singles = 0
        pending_and: tuple[int, int] | None = None

        def close() -> _Run | None:
            nonlocal items, literal, tokens, has_words, singles
            run = None
            if tokens:
                digits = _compose(items)
                if len(digits) >= 7:
                    start, end = tokens[0][0], tokens[-1][1]
                    alt = "".join(literal)
                    run = _Run(start, end, digits, alt, tuple(tokens), has_words, singles)
            items, literal, tokens, has_words, singles = [], [], [], False, 0
            return run

        last_is_digit = False
        for m in token_re.finditer(norm):
            start, end = m.start(), m.end()
            tok = m.group()
            value: tuple[int, ...] | None
            if tok[0].isdigit():
                glued = (
                    (start > 0 and norm[start - 1].isalpha())
                    or (end < len(norm) and norm[end].isalpha())
                    or (start > 1 and norm[start - 1] in "-_#/" and norm[start - 2].isalpha())
                    or _inside(dates, start)
                )
                value = None if glued else ()
                is_digit = True
            else:
                value = self._numbers.split(tok, self._number_cache)
                is_digit = False
                if value == (words.AND,):
                    if tokens and pending_and is None:
                        pending_and = (start, end)
                        continue
                    value = None
            if value is None:
                pending_and = None
                if (run := close()) is not None:
                    yield run
                continue
            if tokens and pending_and is None:
                # Dictated numbers ("5 five 5, 0 two") take commas between digit groups too.
                plain = is_digit and last_is_digit and not has_words
                gap_re = _GAP_DIGITS if plain else _GAP_WORDS
                if not gap_re.fullmatch(norm[tokens[-1][1] : start]) and (run := close()):
                    yield run
            if pending_and is not None and tokens:
                items.append(words.AND)
            pending_and = None
            tokens.append((start, end))
            last_is_digit = is_digit
            if is_digit:
                items.append(tok)
                literal.append(tok)
                singles += len(tok) == 1
            else:
                items.extend(value)
                literal.append(_compose(list(value)))
                has_words = True
        if (run := close()) is not None:
            yield run

    def _context(self, norm: str, start: int, end: int) -> _Context:
        """The words around a number, and whether an identifier phrase names it."""
        before, after = _within(norm, start, end, 40, 25)
        # "serial number 2900721962", "трек-номер …", "a kamera sorozatszáma …": the number
        # names a thing, and the "number" word in the phrase is no phone context.
        context_before, gap, distance = _identifier(norm[max(0, start - ID_WINDOW) : start])
        context_before = context_before[-len(before) :] if before else ""
        context_after, named_after = _identifier_after(after)
        context_after = context_after[:15]
        identifier = (0 <= distance <= ID_REACH and not self._phone_ctx_re.search(gap)) or (
            named_after >= 0 and not self._phone_ctx_re.search(after[:named_after])
        )
        return _Context(before, after, context_before, context_after, identifier)

    def _judge_run(self, view: _View, run: _Run, dates: list[tuple[int, int]]) -> Iterator[Finding]:
        norm = view.norm
        start, end = run.start, run.end
        ctx = self._context(norm, start, end)
        before = ctx.before
        digits = run.digits
        card_word = _CARD_CONTEXT.search(before) is not None
        # Payment: card numbers (Luhn) and Hungarian GIRO account numbers.
        if rules.test_card(norm, digits, card_word):
            yield self._finding(
                view, ContactKind.PAYMENT, start, end, 0.2, "published test card, test context"
            )
            return
        if (
            run.has_words
            and 15 <= len(digits) <= 19
            and _luhn(digits)
            and _CARD_PREFIX.match(digits)
        ):
            yield self._finding(
                view, ContactKind.PAYMENT, start, end, 0.85, "card number in words (Luhn)"
            )
            return
        # A product barcode or a reference number is no card unless a card is mentioned.
        not_card = not card_word and (ctx.identifier or _ean13(digits))
        if not run.has_words and 13 <= len(digits) <= 19:
            if _luhn(digits) and _CARD_PREFIX.match(digits) and not not_card:
                yield self._finding(
                    view, ContactKind.PAYMENT, start, end, 0.9, "card number (Luhn)"
                )
                return
            if len(digits) == 16 and _hu_giro(digits):
                yield self._finding(
                    view, ContactKind.PAYMENT, start, end, 0.85, "bank account (HU GIRO)"
                )
                return
            if len(digits) >= 16 and _PAYMENT_CONTEXT_ACCOUNT.search(before):
                yield self._finding(view, ContactKind.PAYMENT, start, end, 0.7, "bank account")
                return
        if not run.has_words and len(digits) == 24 and _hu_giro(digits):
            # the three-block form, "11773016-11111018-00000000"
            yield self._finding(
                view, ContactKind.PAYMENT, start, end, 0.85, "bank account (HU GIRO)"
            )
            return
        international = False
        prefix_start = start
        head = norm[max(0, start - 3) : start]
        if head.rstrip(" (").endswith("+"):
            international = True
            prefix_start = start - (len(head) - head.rstrip(" (").rfind("+"))
        elif digits.startswith("00"):
            international, digits = True, digits[2:]
        if not (7 <= len(digits) <= 15):
            yield from self._without_words(view, run, dates) or self._sub_runs(view, run, dates)
            return
        conf, detail = _classify_phone(digits, international, self.regions)
        if conf < 0.6 and run.literal != run.digits and 7 <= len(run.literal) <= 15:
            conf, detail = max((conf, detail), _classify_phone(run.literal, False, self.regions))
        if conf == 0.0:
            yield from self._without_words(view, run, dates) or self._sub_runs(view, run, dates)
            return
        # A national number without its trunk prefix ("612 345 678", "415 555 2671"): only
        # the words around it make it a phone number.
        bare = not international and conf < 0.7 and not run.has_words
        if run.has_words:
            conf += 0.15
        if run.singles >= 5:
            conf += 0.1
        conf, detail = self._in_context(norm, run, ctx, conf, detail, international, bare, dates)
        yield self._finding(view, ContactKind.PHONE, prefix_start, end, conf, detail)

    def _in_context(
        self,
        norm: str,
        run: _Run,
        ctx: _Context,
        conf: float,
        detail: str,
        international: bool,
        bare: bool,
        dates: list[tuple[int, int]],
    ) -> tuple[float, str]:
        """A phone number's confidence after the words and dates around it; ``bare``: a
        national number without its trunk prefix, which only the words around it make a
        phone number."""
        start, end, before, after = run.start, run.end, ctx.before, ctx.after
        phone_word = bool(
            self._phone_ctx_re.search(ctx.context_before)
            or self._phone_ctx_re.search(ctx.context_after)
        )
        if phone_word:
            conf += 0.3
        if not international and (
            self._negative_ctx_re.search(before) or self._currency_after_re.match(after)
        ):
            conf -= 0.5
        if not international and ctx.identifier:
            conf -= 0.5
            detail += ", after an identifier noun"
        if not international and _NUMBER_NOUN_AFTER.match(after):
            conf -= 0.5  # Hungarian puts the noun after: "a 855706325 rendelés"
            detail += ", before an identifier noun"
        if not international and before.rstrip()[-1:] in ("$", "€", "£", "₽", "#"):
            conf -= 0.5
        if bare and not phone_word:
            if _YEAR_SERIAL.match(norm, start):
                conf -= 0.5
                detail += ", numbered within a year"
            elif _near(dates, norm, start, end):
                # "pro forma 694610473, due October 12, 2025", "чек 828505318 от 26 января"
                conf -= 0.3
                detail += ", next to a date"
        if len(set(run.digits[-6:])) == 1:
            # "8 800 000-00-00", "+1 555 000 0000": the last six digits all alike is a mock-up;
            # "+1 415 555 5500" is a number.
            conf = min(conf, 0.3)
        if self._tax_before_re.search(norm, max(0, start - 30), start) or self._tax_at_re.match(
            norm, start
        ):
            conf, detail = min(conf, 0.3), detail + ", after a tax/company id word"
        return conf, detail

    def _without_words(self, view: _View, run: _Run, dates: list[tuple[int, int]]) -> list[Finding]:
        """A written number glued to a real one ("+1 415 555 2671 one more thing"): judge the
        longest stretch of digit tokens on its own."""
        if not run.has_words:
            return []
        norm = view.norm
        best: list[tuple[int, int]] = []
        block: list[tuple[int, int]] = []
        for token in (*run.tokens, (-1, -1)):
            if token[0] >= 0 and norm[token[0]].isdigit():
                block.append(token)
                continue
            if len(block) > len(best):
                best = block
            block = []
        if not best or len(best) == len(run.tokens):
            return []
        digits = "".join(norm[s:e] for s, e in best)
        if len(digits) < 7:
            return []
        singles = sum(1 for s, e in best if e - s == 1)
        sub = _Run(best[0][0], best[-1][1], digits, digits, tuple(best), False, singles)
        return list(self._judge_run(view, sub, dates))

    def _sub_runs(self, view: _View, run: _Run, dates: list[tuple[int, int]]) -> Iterator[Finding]:
        """A phone number glued to another number ("06301234567 2 db"): try trimming."""
        if len(run.tokens) < 2 or run.has_words or len(run.tokens) > 12:
            return
        norm = view.norm
        toks = run.tokens
        for lo, hi in [(0, k) for k in range(len(toks) - 1, 0, -1)] + [
            (k, len(toks)) for k in range(1, len(toks))
        ]:
            part = toks[lo:hi]
            digits = "".join(norm[s:e] for s, e in part)
            if not 10 <= len(digits) <= 13:
                continue
            sub = _Run(part[0][0], part[-1][1], digits, digits, part, False, 0)
            found = list(self._judge_run_simple(view, sub, dates))
            if found:
                yield from found
                return

    def _judge_run_simple(
        self, view: _View, run: _Run, dates: list[tuple[int, int]]
    ) -> Iterator[Finding]:
        """A trimmed run that validates as a phone number, weighed by the same words and
        dates around it as a whole one ("ИНН/КПП 7707083893/770701001" is no phone)."""
        conf, detail = _classify_phone(run.digits, False, self.regions)
        if conf >= 0.6:
            ctx = self._context(view.norm, run.start, run.end)
            bare = conf < 0.7
            conf, detail = self._in_context(view.norm, run, ctx, conf, detail, False, bare, dates)
            yield self._finding(view, ContactKind.PHONE, run.start, run.end, conf, detail)
