"""Contact-detail and off-platform solicitation detector for marketplace chat.

A marketplace only earns its commission, and can only protect buyers with escrow, while
the deal stays on the platform.  Chat messages are therefore scanned for anything that
moves the conversation or the money elsewhere: e-mail addresses, phone numbers, messenger
handles, external links, payment details and plain invitations ("pay me outside").

People who want to get around such a filter obfuscate, so every rule works on a
*normalised* view of the message (NFKC, lower case, zero-width and emoji removed,
homoglyphs and leetspeak resolved, number words turned into digits) that keeps an offset
map back to the original text: findings always point at what the user actually typed,
which is what gets masked.

Ordinary order talk is full of numbers, dots and the word "at", so each rule is written
against its false-positive trap (prices, dates, order numbers, file names, "meet at
noon") and weak signals only count together with context, through ``confidence``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from itertools import pairwise

import attrs

from microjob import contact_rules as rules
from microjob import contact_words as words
from microjob.contact_concepts import Concepts
from microjob.contact_normalize import WORD as _WORD
from microjob.contact_normalize import View as _View
from microjob.contact_normalize import normalise as _normalise
from microjob.contact_numbers import (
    _NumberWords,
)
from microjob.contact_patterns import (
    _all_variants,
    _alternation,
    _alternation_except,
    _ascii_variants,
    _Dispatch,
    _has_spaced_letters,
    _word_keys,
)
from microjob.contact_scan_base import _SENTENCE_END
from microjob.contact_scan_links import _LinkRules
from microjob.contact_scan_messengers import _MessengerRules
from microjob.contact_scan_numbers import _NumberRules
from microjob.contact_scorer import Scorer, default_scorer, features
from microjob.contact_types import MASK, ContactKind, Finding, Scan

__all__ = ["MASK", "ContactKind", "ContactScanner", "Finding", "Scan", "scan"]


# --------------------------------------------------------------------------------------
# Regex helpers
# --------------------------------------------------------------------------------------

_L = r"[^\W\d_]"  # a letter in any script
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"


# --------------------------------------------------------------------------------------
# Static patterns
# --------------------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")


# "4I5.555.267I", "O6 3O": letters standing in for digits inside a digit group.

_HU_SUFFIXES = (
    "on|en|ön|n|ra|re|ról|ről|ot|et|t|om|od|öd|ed|ad|d|m|ja|je|ban|ben|ba|be|hoz|hez|os|am|"
    "em|s|'s|"
    "а|у|е|ом|ем|ы|и|ой|ам|ах|ке|ку|ка|чик|чике"
)
_MESSENGER_SUFFIX = rf"(?:-?(?:{_HU_SUFFIXES}))?"


def _spaced(name: str) -> str:
    """ "t e l e g r a m", "t.e.l.e.g.r.a.m": every letter, one separator after each."""
    return r"[ .\-_*'/|]".join(_letter_class(c) for c in name)


def _letter_class(c: str) -> str:
    if c in "il":
        return "[il]"
    return re.escape(c)


# --------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------
# The scanner
# --------------------------------------------------------------------------------------

_EXTRA_KEYS = frozenset(
    {"messengers", "solicitation", "at_words", "dot_words", "phone_context", "payment_services"}
)


class ContactScanner(_LinkRules, _NumberRules, _MessengerRules):
    """Finds contact details and off-platform invitations in chat messages.

    Build one per configuration and reuse it: construction compiles the word lists into
    regular expressions, scanning is then a handful of linear-time regex passes.
    """

    def __init__(
        self,
        *,
        allowed_domains: Iterable[str] = (),
        default_regions: Iterable[str] = ("US", "GB", "HU", "RU", "DE", "ES"),
        extra_words: Mapping[str, Iterable[str]] | None = None,
        min_confidence: float = 0.5,
        allow_direct_settlement: bool = False,
        use_scorer: bool | None = None,
        scorer: Scorer | None = None,
    ) -> None:
        extra = {k: tuple(v) for k, v in (extra_words or {}).items()}
        unknown = {k for k in extra if k not in _EXTRA_KEYS and not k.startswith("number_words:")}
        if unknown:
            raise ValueError(f"unknown extra_words keys: {sorted(unknown)}")
        self.allowed_domains = tuple(
            d.lower().strip().lstrip(".").removeprefix("www.") for d in allowed_domains if d
        )
        self.regions = tuple(r.upper() for r in default_regions)
        self.min_confidence = min_confidence
        self.allow_direct_settlement = allow_direct_settlement
        chosen = scorer or default_scorer()
        on = chosen.enabled if use_scorer is None else use_scorer
        self._scorer = chosen if on else None
        self._concepts = Concepts()
        self._not_misspelled: set[str] = set()
        """Words known to be no misspelled messenger name (a cache of the fuzzy lookup)."""
        self._numbers = _NumberWords.build(
            {k: v for k, v in extra.items() if k.startswith("number_words:")}
        )
        self._number_cache: dict[str, tuple[int, ...] | None] = {}
        self._compile(extra)

    # ---- construction -----------------------------------------------------------------

    def _compile(self, extra: Mapping[str, tuple[str, ...]]) -> None:
        groups: dict[str, str] = {}
        names: list[str] = []
        spaced: list[str] = []
        messengers = dict(words.MESSENGERS)
        for name in extra.get("messengers", ()):
            messengers[name.lower()] = ("app", (name.lower(),))
        for canonical, (group, variants) in messengers.items():
            for variant in variants:
                for v in _ascii_variants(variant):
                    groups.setdefault(v, f"{group}:{canonical}")
                    groups.setdefault(re.sub(r"[ .\-_'*]", "", v), f"{group}:{canonical}")
                    names.append(v)
                    if group != "weak" and len(v) >= 5 and " " not in v:
                        spaced.append(v)
        for name in list(names):  # "te1egram" reads as "teiegram" in the leet view
            for swapped in (name.replace("l", "i"), name.replace("i", "l")):
                groups.setdefault(swapped, groups[name])
                names.append(swapped)
        split_names = []
        for first, second, group in (
            ("whats", "app", "app:whatsapp"),
            ("what's", "app", "app:whatsapp"),
            ("what s", "app", "app:whatsapp"),
            ("face", "book", "social:facebook"),
            ("insta", "gram", "social:instagram"),
            ("tele", "gram", "app:telegram"),
        ):
            for sep in (" ", "-", ".", "_"):
                split_names.append(first + sep + second)
                groups[first + second] = group
        self._messenger_groups = groups
        self._messenger = _Dispatch.build(
            [re.escape(n) for n in {*names, *split_names}],
            rf"{_NOT_LETTER_BEFORE}(?P<name>{{}})(?P<suffix>{_MESSENGER_SUFFIX}){_NOT_LETTER_AFTER}",
        )
        spaced_re = "|".join(_spaced(n) for n in sorted(set(spaced), key=lambda s: (-len(s), s)))
        self._spaced_messenger_re = re.compile(
            rf"{_NOT_LETTER_BEFORE}(?P<name>{spaced_re}){_NOT_LETTER_AFTER}"
        )
        self._compile_messenger_context()

        at_words = _alternation(_all_variants((*words.AT_WORDS, *extra.get("at_words", ()))))
        dot_words = _alternation(_all_variants((*words.DOT_WORDS, *extra.get("dot_words", ()))))
        at_any = (
            rf"(?P<at>\s?@\s?|\s*[(\[{{<]\s*(?:@|{at_words})\s*[)\]}}>]\s*|\s+(?:{at_words})\s+)"
        )
        dot_any = (
            rf"(?:\s?\.\s?|\s*[(\[{{<]\s*(?:\.|{dot_words})\s*[)\]}}>]\s*|\s+(?:{dot_words})\s+)"
        )
        label = r"[^\W_][\w\-]{0,62}"
        self._email_re = re.compile(
            rf"(?<![\w.%+\-])(?P<local>[^\W_][\w.%+\-]{{0,63}})(?<!\.){at_any}"
            rf"(?P<domain>{label}(?:{dot_any}{label}){{0,4}})"
        )
        self._dot_split_re = re.compile(dot_any)
        # "anna dot berg" before "@outlook.com" or " at outlook dot com": the local part's
        # spelled-out dots belong to the address, and a mask must cover them too.
        self._local_prefix_re = re.compile(
            rf"(?<![\w.%+\-])(?:[^\W_][\w%+\-]{{0,63}}"
            rf"(?:\s+(?:{dot_words})\s+|\s*[(\[{{<]\s*(?:\.|{dot_words})\s*[)\]}}>]\s*))+$"
        )
        self._at_hint_re = re.compile(rf"@|(?<![^\W\d_])(?:{at_words})(?![^\W\d_])")
        self._spelled_url_re = re.compile(
            rf"(?<![\w@.\-])(?P<label>[^\W_][\w\-]{{2,62}})"
            rf"(?:\s*[(\[{{<]\s*(?:{dot_words})\s*[)\]}}>]\s*|\s+(?:{dot_words})\s+)"
            rf"(?P<tld>{_alternation(words.SPELLED_TLDS)}|de)(?![\w])"
        )
        self._providers = frozenset(words.MAIL_PROVIDERS)

        solicitation = [f for frags in words.SOLICITATION.values() for f in frags]
        solicitation += [re.escape(p.lower()) for p in extra.get("solicitation", ())]
        self._solicit = _Dispatch.build(solicitation, r"(?<![^\W\d_])(?:{})")
        services = (*words.PAYMENT_SERVICES, *extra.get("payment_services", ()))
        self._services_dispatch = _Dispatch.build(
            [re.escape(v) for v in _all_variants(services)],
            rf"(?<![^\W\d_])(?:{{}})(?:{_MESSENGER_SUFFIX})(?![^\W\d_])",
        )
        self._service_re = re.compile(
            rf"(?<![^\W\d_])(?:{_alternation(_all_variants(services))})"
            rf"(?:{_MESSENGER_SUFFIX})(?![^\W\d_])"
        )
        phone_ctx = (*words.PHONE_CONTEXT, *extra.get("phone_context", ()))
        phone_words = _alternation_except(
            _all_variants(phone_ctx), _all_variants(words.PHONE_CONTEXT_EXCEPTIONS)
        )
        self._phone_ctx_re = re.compile(rf"(?<![^\W\d_])(?:{phone_words})")
        short = [w for w in words.NUMBER_CONTEXT_NEGATIVE if len(w) <= 3]
        long = [w for w in words.NUMBER_CONTEXT_NEGATIVE if len(w) > 3]
        self._negative_ctx_re = re.compile(
            rf"(?:(?<![^\W\d_])(?:{_alternation(short)})(?![^\W\d_])|"
            rf"(?:{_alternation(_all_variants(long))})|#)[^\n]{{0,16}}$"
        )
        tax = _alternation(_all_variants(words.TAX_ID_WORDS))
        self._tax_before_re = re.compile(
            rf"(?<![^\W\d_])(?:{tax})(?![^\W\d_])[^\n\d]{{0,8}}(?:[a-z]{{1,2}})?$"
        )
        self._tax_at_re = re.compile(rf"(?:{tax})(?![^\W\d_])")
        self._currency_after_re = re.compile(
            rf"^\s?(?:{_alternation(words.CURRENCY_WORDS)})(?![^\W\d_])"
        )
        self._tlds = frozenset(words.TLDS)
        self._wordlike_tlds = frozenset(words.WORDLIKE_TLDS)
        self._spelled_tlds = frozenset(words.SPELLED_TLDS)
        self._at_dot_words = frozenset(
            w
            for w in _all_variants(
                (
                    *words.AT_WORDS,
                    *words.DOT_WORDS,
                    *extra.get("at_words", ()),
                    *extra.get("dot_words", ()),
                )
            )
        )
        self._numbers_hint = frozenset(self._numbers.values)
        self._mail_words = self._providers | self._tlds | self._wordlike_tlds
        self._fuzzy = rules.FuzzyNames(
            {n: f"{g}:{n}" for n, (g, _) in words.MESSENGERS.items() if g == "app"},
            words.FUZZY_STOPWORDS,
        )
        self._bracket_url_re = re.compile(
            rf"(?<![\w@.\-])(?P<host>[^\W_][\w\-]{{0,62}}(?:\s*[(\[{{<]\s*(?:\.|{dot_words})"
            rf"\s*[)\]}}>]\s*[^\W_][\w\-]{{0,62}})+)(?P<path>/[^\s<>\"'()\[\]{{}}]*)?"
        )
        self._www_spelled_re = re.compile(
            rf"(?<![\w.])www{dot_any}(?P<host>{label}(?:{dot_any}{label}){{1,3}})(?![\w])"
        )
        self._bracket_dot_re = re.compile(rf"\s*[(\[{{<]\s*(?:\.|{dot_words})\s*[)\]}}>]\s*")

    # ---- scanning ---------------------------------------------------------------------

    def scan(self, text: str) -> Scan:
        """Scan one message; findings below ``min_confidence`` are dropped."""
        norm, starts, ends = _normalise(text)
        view = _View(text, norm, starts, ends)
        found: list[Finding] = []
        tokens = _WORD.findall(norm)
        has_digit = _DIGIT.search(norm) is not None
        has_at = "@" in norm
        spelled = not self._at_dot_words.isdisjoint(tokens)
        if has_at or spelled:
            found.extend(self._emails(view))
            if has_at:
                found.extend(self._spaced_emails(view))
                found.extend(self._handles(view))
        if "." in norm or spelled:
            found.extend(self._urls(view, spelled))
        if has_digit:
            found.extend(self._payments(view, has_digit))
        keys = _word_keys(tokens)
        if self._services_dispatch.hit(keys):
            found.extend(self._services(view, keys))
        found.extend(self._numbers_in(view, tokens, has_digit))
        leet, leet_tokens, leet_keys = norm, tokens, keys
        if has_digit or has_at or "$" in norm or "!" in norm:
            leet = view.leet
            leet_tokens = _WORD.findall(leet)
            leet_keys = _word_keys(leet_tokens)
        if self._messenger.hit(leet_keys) or _has_spaced_letters(leet_tokens):
            found.extend(self._messengers(view, leet, leet_tokens, leet_keys))
        if self._solicit.hit(keys):
            found.extend(self._solicitations(view, keys))
        found.extend(self._extra_rules(view, tokens, has_digit, has_at))
        found.extend(self._invitations(view, tokens))
        kept = [f for f in found if f.confidence >= self.min_confidence]
        if self.allow_direct_settlement and kept:
            kept = [f for f in kept if not self._direct_settlement(view, f)]
        if not kept and self._scorer is not None:
            learned = self._learned(view, self._scorer)
            if learned is not None and learned.confidence >= self.min_confidence:
                kept.append(learned)
        if not kept:
            return Scan(text, ())
        return Scan(text, _resolve(kept))

    # ---- learned scorer and direct settlement ----------------------------------------------

    def _learned(self, view: _View, scorer: Scorer) -> Finding | None:
        """The scorer's verdict on a message no rule flagged, located at its best sentence.

        Confidence maps the tuned threshold to 0.5 (the default ``min_confidence``) and 1.0
        to 1.0; the raw score, the threshold and the n-grams that weighed most are in the
        detail, for the moderator.
        """
        norm = view.norm
        feats = features(norm, self._concepts.hits(norm))
        p = scorer.score(feats)
        if p < scorer.threshold:
            return None
        if self.allow_direct_settlement and self._concepts.settlement_only(norm):
            return None
        start, end = 0, len(norm)
        bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(norm)), len(norm)]
        if len(bounds) > 3:  # more than one sentence: point at the one that scores
            best = max(
                pairwise(bounds),
                key=lambda se: scorer.score(features(norm[se[0] : se[1]])),
            )
            if scorer.score(features(norm[best[0] : best[1]])) >= scorer.threshold:
                start, end = best
        while start < end and norm[start].isspace():
            start += 1
        while end > start and norm[end - 1] in " \t\n.!?;":
            end -= 1
        conf = 0.5 + 0.5 * (p - scorer.threshold) / max(1e-9, 1.0 - scorer.threshold)
        why = ", ".join(scorer.explain(feats))
        detail = f"learned score {p:.2f} >= {scorer.threshold:.2f} ({why})"
        return self._finding(view, ContactKind.SOLICITATION, start, end, conf, detail)

    def _direct_settlement(self, view: _View, finding: Finding) -> bool:
        """Under direct settlement, talk of paying the booked price directly is allowed.

        Only invitations are spared, and only when they are about settling the price
        ("I will pay the rest by bank transfer") without going around the booking or its
        fees ("pay me outside and skip the commission", "the next job without the site").
        Contact and payment *details* are never spared.
        """
        if finding.kind is not ContactKind.SOLICITATION and not finding.detail.startswith(
            "payment service"
        ):
            return False
        return self._concepts.settlement_only(view.norm)

    # ---- rules of contact_rules -----------------------------------------------------------

    def _extra_rules(
        self, view: _View, tokens: list[str], has_digit: bool, has_at: bool
    ) -> Iterator[Finding]:
        """The stand-alone rules: symbol-separated addresses, spaced and bracketed links,
        UPI, IFSC and account numbers, misspelled messenger names."""
        norm, text = view.norm, view.text
        if (not text.isascii() or "|" in text or "~" in text) and not self._mail_words.isdisjoint(
            tokens
        ):
            tlds = self._tlds | self._wordlike_tlds
            for s, e, conf, detail in rules.symbol_emails(text, self._providers, tlds):
                yield Finding(ContactKind.EMAIL, text[s:e], (s, e), conf, detail)
        if has_at:
            for s, e, conf, detail in rules.upi_ids(norm):
                yield self._finding(view, ContactKind.PAYMENT, s, e, conf, detail)
        if has_digit:
            for s, e, conf, detail in (*rules.ifsc_codes(norm), *rules.account_numbers(norm)):
                yield self._finding(view, ContactKind.PAYMENT, s, e, conf, detail)
        if ("." in norm and " . " in norm) or "/ /" in norm:
            yield from self._spaced_urls(view)
        if "(" in norm or "[" in norm or "{" in norm:
            yield from self._bracket_urls(view)
        if "www" in norm:
            for m in self._www_spelled_re.finditer(norm):
                host = ".".join(self._dot_split_re.split(m.group("host")))
                finding = self._url_finding(view, m.start(), m.end(), host, 0.85)
                if finding is not None:
                    yield attrs.evolve(finding, detail=finding.detail + " (spelled www)")
        lookup, known = self._fuzzy.lookup, self._messenger_groups
        clean = self._not_misspelled
        if clean.issuperset(tokens):
            return  # no misspelled messenger name: the usual case, decided in one set test
        misspelled = False
        for w in tokens:
            if len(w) < 5 or w in known or lookup(w) is None:
                if len(clean) < 50_000:
                    clean.add(w)
            else:
                misspelled = True
        if not misspelled:
            return
        for m in _WORD.finditer(norm):
            word = m.group()
            if len(word) < 5 or word in known:
                continue
            group_name = lookup(word)
            if group_name is None:
                continue
            group, canonical = group_name.split(":", 1)
            conf = self._messenger_confidence(norm, m.start(), m.end(), m.end(), group, "")
            if rules.refused_after(norm, m.end()):
                conf = min(conf, 0.3)
            yield self._finding(
                view, ContactKind.MESSENGER, m.start(), m.end(), conf, f"{canonical} (misspelled)"
            )

    def _invitations(self, view: _View, tokens: list[str]) -> Iterator[Finding]:
        """Invitations recognised by the concepts they combine (see contact_concepts)."""
        norm = view.norm
        negated: tuple[int, int, str] | None = None
        for start, end, reason, negatable in self._concepts.invitations(norm, tokens):
            # A negation counts within the invitation's clause, and one pair the negation
            # does not reach is enough: in "no need to lose the commission, settle with me
            # outside the order" it denies the loss, not the deal outside the order.
            clause = norm.rfind(",", 0, start) + 1
            if (
                negatable
                and (
                    self._negated(norm[clause:], start - clause, end - clause)
                    or _CLAUSE_FINAL_NICHT.search(norm, start, end) is not None
                )
            ) or _within_quotes(norm, start, end):
                # Negated, or quoted: «send the money however you like» is a phrase someone
                # mentions (and, as a rule, turns down), not one they say.
                negated = negated or (start, end, reason)
                continue
            yield self._finding(
                view, ContactKind.SOLICITATION, start, end, 0.75, f"invitation: {reason}"
            )
            return
        if negated is not None:
            start, end, reason = negated
            yield self._finding(
                view, ContactKind.SOLICITATION, start, end, 0.3, f"invitation: {reason}"
            )

    # ---- solicitation ---------------------------------------------------------------------

    def _solicitations(self, view: _View, keys: set[str]) -> Iterator[Finding]:
        norm = view.norm
        for m in self._solicit.finditer(norm, keys):
            conf = 0.3 if self._negated(norm, m.start(), m.end()) else 0.8
            if _quoted(norm, m.start(), m.end()):
                conf = 0.3  # a label on a design: the flyer says "Ihre Telefonnummer"
            if _POSSESSIVE_START.match(m.group()) and not _DETAIL_FOLLOWS.match(
                norm, m.end(), m.end() + 25
            ):
                conf = 0.45  # "mi número favorito", "my email template": no detail given
            yield self._finding(
                view, ContactKind.SOLICITATION, m.start(), m.end(), conf, "off-platform request"
            )


# German puts the negation at the end of its clause: "ich verlasse die Plattform nicht, …"
_CLAUSE_FINAL_NICHT = re.compile(r"\bnicht\s*[,.;!?]")
_POSSESSIVE_START = re.compile(
    r"(?:my|mi(?! a\b)|mein|meine|мой|моя|мою|here is my|here's my|this is my)\b"
    r"|(?:a |az )?[^\W\d_]+(?:om|em)\b"
)
_DETAIL_FOLLOWS = re.compile(r"[^\d@:+]{0,20}(?:\d[\d \-]{2}|[@:+])")
_OPEN_QUOTES = "\"'„“«‘‚»"
_CLOSE_QUOTES = "\"'“”»’‘«"


_QUOTE_CLOSERS = {"«": "»", "»": "«", "„": "“”", "“": "”", '"': '"'}
"""Each opening quotation mark and the marks that close it: « » and » « (Danish), „ “
(German) and „ ” (Hungarian, Polish), “ ” (English); a straight quote closes itself."""
_SENTENCE_ENDS = ".!?\n"


def _within_quotes(norm: str, start: int, end: int) -> bool:
    """Whether ``start:end`` lies inside a pair of quotation marks of one sentence
    («скинь деньги как удобно» я не практикую): a phrase mentioned, not said.

    The marks are read from the sentence's start (at most 80 characters back), so a
    quotation closed before the phrase ("the file "logo" is ready, pay me directly") is
    known to be closed: the nearest mark before the phrase may be a closing one."""
    lo = max(0, start - 80)
    head = norm[lo:start]
    cut = max(head.rfind(c) for c in _SENTENCE_ENDS)
    opened: list[str] = []  # the closing marks awaited, innermost last
    for c in head[cut + 1 :]:
        if opened and c in opened[-1]:
            opened.pop()
        elif c in _QUOTE_CLOSERS:
            opened.append(_QUOTE_CLOSERS[c])
    if not opened:
        return False
    tail = norm[end : end + 80]
    for j, c in enumerate(tail):
        if c in opened[-1]:
            return not any(ch in _SENTENCE_ENDS for ch in tail[:j])
    return False


def _quoted(norm: str, start: int, end: int) -> bool:
    """Whether a phrase stands inside quotation marks on its own ("„Ihre Telefonnummer“",
    "«ваш телефон»"): text printed on a design or a button, not a request."""
    before = norm[max(0, start - 2) : start].rstrip()
    after = norm[end : end + 2].lstrip()
    return bool(before) and before[-1] in _OPEN_QUOTES and bool(after) and after[0] in _CLOSE_QUOTES


_CONTAINS_OK = {
    (ContactKind.URL, ContactKind.EMAIL),
    (ContactKind.PHONE, ContactKind.URL),
    (ContactKind.PHONE, ContactKind.MESSENGER),
    (ContactKind.PHONE, ContactKind.PAYMENT),
    (ContactKind.MESSENGER, ContactKind.URL),
    (ContactKind.MESSENGER, ContactKind.EMAIL),
    (ContactKind.PAYMENT, ContactKind.URL),
}


def _resolve(findings: list[Finding]) -> tuple[Finding, ...]:
    """Drop duplicates and findings swallowed by a more specific one.

    A URL inside an e-mail address or a phone number inside a wa.me link adds nothing, but
    a PAYMENT finding around an e-mail ("paypal: x@y.com") does, so both are kept.  A sweep
    over start offsets keeps this linear for messages with thousands of findings.
    """
    ordered = sorted(findings, key=lambda f: (f.span[0], f.span[0] - f.span[1], -f.confidence))
    kept: list[Finding] = []
    active: list[Finding] = []
    for f in ordered:
        start, end = f.span
        active = [k for k in active if k.span[1] > start]
        if any(
            k.span[1] >= end and (k.kind == f.kind or (f.kind, k.kind) in _CONTAINS_OK)
            for k in active
        ):
            continue
        kept.append(f)
        active.append(f)
    return tuple(sorted(kept, key=lambda f: (f.span, f.kind.value)))


@functools.lru_cache(maxsize=32)
def _default_scanner(allowed: frozenset[str]) -> ContactScanner:
    return ContactScanner(allowed_domains=sorted(allowed))


def scan(text: str, *, allowed_domains: Iterable[str] = ()) -> Scan:
    """Scan with the default configuration; scanners are cached per allow-list."""
    return _default_scanner(frozenset(allowed_domains)).scan(text)
