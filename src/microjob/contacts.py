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

import bisect
import enum
import functools
import re
import sys
import unicodedata
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
    _CARD_PREFIX,
    _classify_phone,
    _compose,
    _hu_giro,
    _iban_ok,
    _luhn,
    _NumberWords,
    _Run,
)
from microjob.contact_patterns import (
    _all_variants,
    _alternation,
    _ascii_variants,
    _Dispatch,
    _has_spaced_letters,
    _within,
    _word_keys,
)
from microjob.contact_scorer import Scorer, default_scorer, features

__all__ = ["MASK", "ContactKind", "ContactScanner", "Finding", "Scan", "scan"]

MASK = "[contact removed]"


class ContactKind(enum.Enum):
    """What a finding would let the other party do outside the platform."""

    EMAIL = "email"
    PHONE = "phone"
    MESSENGER = "messenger"
    URL = "url"
    PAYMENT = "payment"
    SOLICITATION = "solicitation"


@attrs.frozen
class Finding:
    """One piece of contact detail, located in the original message."""

    kind: ContactKind
    text: str
    span: tuple[int, int]
    confidence: float
    detail: str = ""


@attrs.frozen
class Scan:
    """The result of scanning one message."""

    text: str
    findings: tuple[Finding, ...]

    @property
    def found(self) -> bool:
        return bool(self.findings)

    @property
    def kinds(self) -> frozenset[ContactKind]:
        return frozenset(f.kind for f in self.findings)

    @property
    def masked(self) -> str:
        """The message with each (merged) finding replaced by one mask.

        Overlapping and touching spans are merged first, so "call +36 30 123 4567 on
        WhatsApp" does not turn into a stutter of masks.
        """
        if not self.findings:
            return self.text
        spans = sorted(f.span for f in self.findings)
        merged: list[list[int]] = [list(spans[0])]
        for start, end in spans[1:]:
            if start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        out: list[str] = []
        pos = 0
        for start, end in merged:
            out.append(self.text[pos:start])
            out.append(MASK)
            pos = end
        out.append(self.text[pos:])
        return "".join(out)


# --------------------------------------------------------------------------------------
# Regex helpers
# --------------------------------------------------------------------------------------

_L = r"[^\W\d_]"  # a letter in any script
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"


# --------------------------------------------------------------------------------------
# Static patterns
# --------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_DIGIT = re.compile(r"\d")
_PLACEHOLDER = re.compile(r"(\d)\1{5}")
_DIGITS_TOKEN = re.compile(r"\d+")
_DOT_LETTER = re.compile(r"\.[^\W\d_]")
_GAP_DIGITS = re.compile(r"[ \t\n.\-()/*_|~]{0,4}")
_GAP_WORDS = re.compile(r"[ \t\n.\-()/*_,|~]{0,4}")
_DATE = re.compile(
    r"(?<![\d.])(?:(?P<y1>(?:19|20)\d\d)(?:\. ?|-|/)(?P<m1>\d{1,2})(?:\. ?|-|/)(?P<d1>\d{1,2})\.?"
    r"|(?P<d2>\d{1,2})(?:\.|/|-)(?P<m2>\d{1,2})(?:\.|/|-)(?P<y2>(?:19|20)?\d\d)"
    r"|(?:19|20)\d\d ?- ?(?:19|20)\d\d|\d{1,3}(?:\.\d{1,3}){3})(?!\d)"
)


def _date_spans(norm: str) -> list[tuple[int, int]]:
    """Dates, year ranges and IP addresses: digit runs that are never phone numbers."""
    spans = []
    for m in _DATE.finditer(norm):
        month, day = m.group("m1") or m.group("m2"), m.group("d1") or m.group("d2")
        dmy = not month or (1 <= int(month) <= 12 and 1 <= int(day) <= 31)
        mdy = bool(m.group("d2")) and 1 <= int(day) <= 12 and 1 <= int(month) <= 31
        if m.group().count(".") == 3 and not m.group("y1") and not m.group("y2"):
            parts = m.group().split(".")
            # "062.08.852.967" is a phone number written with dots, not an IP address.
            dmy = all(int(p) <= 255 and (p == "0" or not p.startswith("0")) for p in parts)
            mdy = False
        if dmy or mdy:
            spans.append(m.span())
    return spans


_HANDLE = re.compile(r"(?<![\w@.])@([a-z0-9_](?:[a-z0-9_.]{0,30}[a-z0-9_])?)(?![\w@])")
_HANDLE_CONTEXT = re.compile(
    r"(?:telegram|tg|insta|instagram|ig|twitter|tiktok|discord|snap|skype|handle|username|"
    r"user name|nick|ник|юзер|логин|felhasználó|benutzername|usuario|тг|телег|инст)"
)
_SCHEME_URL = re.compile(r"(?:(?:https?|ftp)://|www\d?\.)[^\s<>\"'()\[\]{}]+")
_BARE_URL = re.compile(
    r"(?<![\w@.\-/:])(?:[^\W_][\w\-]{0,62}\.)+([^\W\d_]{2,24})(?![\w\-])(/[^\s<>\"'()\[\]{}]*)?"
)
_IBAN = re.compile(r"(?<![a-z0-9])[a-z]{2}\d{2}(?:[ \-]?[a-z0-9]){11,30}(?![a-z0-9])")
_CRYPTO = re.compile(
    r"(?<![a-z0-9])(?:bc1[a-z0-9]{25,59}|0x[0-9a-f]{40}|t[1-9a-z]{33})(?![a-z0-9])"
)
_NEGATION = re.compile(
    r"(?:\bnot?\b(?! problem| worries)|n't|\bnever\b|\bcannot\b|\bnem\b|\bne\b|\bsoha\b|"
    r"\bне\b|\bнельзя\b|\bnicht\b|\bkein|\bnunca\b|prohibit|forbidden|against|tilos|запрещ|verboten|prohibido)"
)
_SPACED_RUN = re.compile(r"(?<!\S)(?:\S ){5,}\S(?![^\s,;!?)])")
_PLAIN_EMAIL = re.compile(r"[^\W_][\w.%+\-]{0,63}@[^\W_][\w\-]{0,62}(?:\.[^\W_][\w\-]{0,62})+")
_NEGATION_AFTER = re.compile(r"[\s,]*(?:nem|не|nicht|no)\b")
# "4I5.555.267I", "O6 3O": letters standing in for digits inside a digit group.
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


class ContactScanner:
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
        self._product_re = re.compile(
            rf"^[\s\-]*(?:{_alternation(_all_variants(words.PRODUCT_NOUNS))})"
        )
        verbs = _alternation(_all_variants(words.CONTACT_VERBS))
        fillers = (
            r"me|us|to|on|via|in|at|over|through|my|the|your|a|an|mich|mir|auf|über|per|bei|im|"
            r"en|por|al|el|mi|tu|в|на|по|через|мне|меня|нам|мой|мою|моём|nekem|engem|rám|az|is|"
            r"this|it|that|chat|conversation|please|pls|plz|kérlek|пожалуйста|bitte|por favor|"
            r"again|there|dort|там|ott|allí|mejor|lieber|inkább|inkabb|лучше|rather|instead|"
            r"better|át|at|zu|мне лучше"
        )
        self._product_before_re = re.compile(
            rf"(?<![^\W\d_])(?:{_alternation(_all_variants(words.PRODUCT_NOUNS))})"
            # "post on instagram", "size for skype"; not "size my skype": a possessive
            # between them makes the messenger the writer's own account.
            rf"[^\W\d_]{{0,3}}\s+(?:(?!(?:{_alternation(words.POSSESSIVES)})\s)"
            r"[^\W\d_]{1,4}\s+)?$"
        )
        self._verb_re = re.compile(
            rf"(?<![^\W\d_])(?:{verbs})[^\W\d_]{{0,6}}(?:[\s,!.]+(?:{fillers}))*[\s,:!.]*$"
        )
        self._verb_after_re = re.compile(
            rf"^[\s,]*(?:me|us|мне|mir|nekem|(?:{verbs})[^\W\d_]{{0,6}})(?![^\W\d_])"
        )
        self._possessive_re = re.compile(rf"(?<![^\W\d_])(?:{_alternation(words.POSSESSIVES)})\s*$")
        self._preposition_re = re.compile(
            rf"(?<![^\W\d_])(?:{_alternation(words.MESSENGER_PREPOSITIONS)})\s+$"
        )
        self._handle_after_re = re.compile(
            r"^\s*(?P<conn>[:=\-]|is|ist|es|это|—|id|id:|nick|name|username|handle|ник)?"
            r"\s*:?\s*(?P<handle>@?[a-z][a-z0-9_.]{2,31}|@[a-z0-9_.]{3,32}|\+?\(?\d)"
        )

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
        self._phone_ctx_re = re.compile(
            rf"(?<![^\W\d_])(?:{_alternation(_all_variants(phone_ctx))})"
        )
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

    @staticmethod
    def _negated(norm: str, start: int, end: int) -> bool:
        """A negation in the same sentence before the phrase, or right after it.

        "I can't share contact details outside the platform" and Hungarian "az oldalon
        kívül nem fizetek" are the honest side of the conversation, not a solicitation.
        """
        lo = max(0, start - 60)
        before = norm[lo:start]
        boundaries = [m.end() for m in _SENTENCE_END.finditer(before)]
        if boundaries:
            before = before[boundaries[-1] :]
        after = norm[end : end + 14]
        return bool(
            _NEGATION.search(before)
            or _NEGATION_AFTER.match(after)
            or rules.refused_after(norm, end)
        )

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
        if all(len(w) < 5 or w in known or lookup(w) is None for w in tokens):
            return  # no misspelled messenger name: the usual case, decided from cached words
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
        for start, end, reason in self._concepts.invitations(norm, tokens):
            conf = 0.3 if self._negated(norm, start, end) else 0.75
            yield self._finding(
                view, ContactKind.SOLICITATION, start, end, conf, f"invitation: {reason}"
            )
            return

    def _spaced_urls(self, view: _View) -> Iterator[Finding]:
        """ "w w w . a n n a . n e t", "p a y p a l . m e / a n n a": collapse, then read."""
        norm = view.norm
        for run in _SPACED_RUN.finditer(norm):
            if "." not in run.group() or "@" in run.group():
                continue
            positions = [run.start() + i for i, c in enumerate(run.group()) if c != " "]
            collapsed = "".join(norm[i] for i in positions)
            m = _SPACED_LINK.search(collapsed)
            if m is None:
                continue
            host = m.group("host")
            tld = host.rsplit(".", 1)[-1]
            if tld not in self._tlds and tld not in self._wordlike_tlds and not _host_kind(host):
                continue
            start, end = positions[m.start()], positions[m.end() - 1] + 1
            finding = self._url_finding(view, start, end, host, 0.85)
            if finding is not None:
                yield attrs.evolve(finding, detail=finding.detail + " (spaced)")

    def _bracket_urls(self, view: _View) -> Iterator[Finding]:
        """ "anna(.)net", "anna[dot]studio[dot]com", "paypal(.)me/anna"."""
        norm = view.norm
        for m in self._bracket_url_re.finditer(norm):
            host = self._bracket_dot_re.sub(".", m.group("host"))
            tld = host.rsplit(".", 1)[-1]
            known = _host_kind(host) is not None
            if not known and tld not in self._tlds and tld not in self._wordlike_tlds:
                continue
            end = _trim_url(norm, m.start(), m.end())
            finding = self._url_finding(view, m.start(), end, host, 0.8)
            if finding is not None:
                yield attrs.evolve(finding, detail=finding.detail + " (bracketed dots)")

    def _finding(
        self, view: _View, kind: ContactKind, start: int, end: int, conf: float, detail: str
    ) -> Finding:
        s, e = view.span(start, end)
        text = view.text
        # The invisible controls around it go with it ("\u202e...\u202c").
        while s > 0 and text[s - 1] > "\x7f" and unicodedata.category(text[s - 1]) == "Cf":
            s -= 1
        while e < len(text) and text[e] > "\x7f" and unicodedata.category(text[e]) == "Cf":
            e += 1
        return Finding(kind, text[s:e], (s, e), round(min(conf, 1.0), 2), detail)

    def _allowed(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.allowed_domains)

    # ---- e-mail -----------------------------------------------------------------------

    def _emails(self, view: _View) -> Iterator[Finding]:
        norm = view.norm
        pos = 0
        while (m := self._email_re.search(norm, pos)) is not None:
            pos = m.start() + 1
            at = m.group("at")
            plain_at = at.strip() == "@" or "@" in at
            labels = self._dot_split_re.split(m.group("domain"))
            spelled_dot = m.group("domain").count(".") != len(labels) - 1
            spelled = not plain_at or spelled_dot
            # "ines punto torres at yahoo punto es": a local part with a spelled-out dot is an
            # address being dictated, so a word-like TLD ("es", "de") counts after "at" too.
            prefix = self._local_prefix_re.search(norm, max(0, m.start() - 80), m.start())
            dictated = prefix is not None or any(c in m.group("local") for c in "._0123456789")
            tld_at = "@" if dictated else at
            # Drop trailing labels until the last one is a top-level domain.
            end_labels = len(labels)
            while end_labels >= 2 and not self._is_tld(labels[end_labels - 1], spelled, tld_at):
                end_labels -= 1
            conf = 0.95 if plain_at and not spelled else 0.85
            if end_labels >= 2:
                domain = ".".join(labels[:end_labels])
                end = self._end_of_labels(m, labels, end_labels)
            elif labels[0] in self._providers and (
                plain_at
                or at.strip() != "at"
                or prefix is not None
                or any(c in m.group("local") for c in "._0123456789")
            ):
                domain, end, conf = labels[0], m.start("domain") + len(labels[0]), 0.75
            else:
                continue
            if self._allowed(domain) or "_" in domain:
                continue
            if at.strip() == "at" and not spelled_dot and labels[0] not in self._providers:
                continue  # "my work at dribbble.com/x" is a link, not an address
            if norm[end : end + 1] == "/":
                continue
            pos = end
            start = m.start() if prefix is None else prefix.start()
            yield self._finding(view, ContactKind.EMAIL, start, end, conf, "e-mail address")
            before = norm[max(0, m.start() - 30) : m.start()]
            service = None
            for sm in self._service_re.finditer(before):
                service = sm
            if service is not None:
                start = max(0, m.start() - 30) + service.start()
                yield self._finding(
                    view, ContactKind.PAYMENT, start, end, 0.9, f"{service.group()} account"
                )

    def _spaced_emails(self, view: _View) -> Iterator[Finding]:
        """ "n a g y . e v a @ g m a i l . c o m": collapse letter-by-letter runs first."""
        norm = view.norm
        for run in _SPACED_RUN.finditer(norm):
            if "@" not in run.group():
                continue
            positions = [run.start() + i for i, c in enumerate(run.group()) if c != " "]
            collapsed = "".join(norm[i] for i in positions)
            for m in _PLAIN_EMAIL.finditer(collapsed):
                start, end = positions[m.start()], positions[m.end() - 1] + 1
                yield self._finding(view, ContactKind.EMAIL, start, end, 0.9, "e-mail (spaced)")

    def _is_tld(self, label: str, spelled: bool, at: str) -> bool:
        if not spelled:
            return label.isalpha() and 2 <= len(label) <= 24
        if label in self._spelled_tlds or label in self._tlds:
            return True
        return label in self._wordlike_tlds and at.strip() not in ("at", "")

    @staticmethod
    def _end_of_labels(m: re.Match[str], labels: list[str], count: int) -> int:
        domain = m.group("domain")
        pos = 0
        for i in range(count):
            pos = domain.index(labels[i], pos) + len(labels[i])
        return m.start("domain") + pos

    def _handles(self, view: _View) -> Iterator[Finding]:
        norm = view.norm
        for m in _HANDLE.finditer(norm):
            handle = m.group(1)
            if handle.isdigit() or handle.replace(".", "").isdigit():
                continue
            if rules.code_handle(norm, m.start(), m.end(), handle):
                continue  # "@dataclass(", "npm i @scope/pkg", "@media (...)"
            before = norm[max(0, m.start() - 40) : m.start()]
            if _HANDLE_CONTEXT.search(before) or any(
                True for _ in self._messenger.finditer(before, _word_keys(_WORD.findall(before)))
            ):
                conf = 0.9
            elif len(handle) >= 5 or any(c.isdigit() or c == "_" for c in handle):
                conf = 0.65
            else:
                conf = 0.45
            yield self._finding(view, ContactKind.MESSENGER, m.start(), m.end(), conf, "@handle")

    # ---- URLs ---------------------------------------------------------------------------

    def _urls(self, view: _View, spelled: bool) -> Iterator[Finding]:
        norm = view.norm
        taken: list[tuple[int, int]] = []
        schemes = _SCHEME_URL.finditer(norm) if "://" in norm or "www" in norm else ()
        for m in schemes:
            start, end = m.start(), _trim_url(norm, m.start(), m.end())
            taken.append((start, end))
            host = re.sub(r"^(?:(?:https?|ftp)://)?(?:www\d?\.)?", "", norm[start:end])
            host = host.split("/", 1)[0].split(":", 1)[0].split("?", 1)[0]
            finding = self._url_finding(view, start, end, host, 0.95)
            if finding is not None:
                yield finding
        bare = _BARE_URL.finditer(norm) if _DOT_LETTER.search(norm) else ()
        for m in bare:
            start, end = m.start(), _trim_url(norm, m.start(), m.end())
            if _inside(taken, start):
                continue
            host = norm[start:end].split("/", 1)[0]
            tld, path = m.group(1), m.group(2)
            if "_" in host or host in words.TECH_DOMAINS:
                continue
            known_host = _host_kind(host) is not None
            if tld in self._tlds:
                conf = 0.85 if path and len(path) > 1 else 0.7
            elif (
                tld in self._wordlike_tlds and (known_host or (path and len(path) > 1))
            ) or known_host:
                conf = 0.8
            else:
                continue
            finding = self._url_finding(view, start, end, host, conf)
            if finding is not None:
                yield finding
        for m in self._spelled_url_re.finditer(norm) if spelled else ():
            if m.group("tld") == "de" and "punkt" not in m.group():
                continue
            label = m.group("label")
            if _inside(taken, m.start()):
                continue
            host = f"{label}.{m.group('tld')}"
            finding = self._url_finding(view, m.start(), m.end(), host, 0.75)
            if finding is not None:
                yield finding

    def _url_finding(
        self, view: _View, start: int, end: int, host: str, conf: float
    ) -> Finding | None:
        if self._allowed(host):
            return None
        kind_detail = _host_kind(host)
        if kind_detail is None:
            return self._finding(view, ContactKind.URL, start, end, conf, "external link")
        kind, detail = kind_detail
        return self._finding(view, kind, start, end, max(conf, 0.9), detail)

    # ---- payment --------------------------------------------------------------------------

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

    # ---- numbers --------------------------------------------------------------------------

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
        # Without number words only digit tokens matter: skipping the words is much faster.
        for run in self._runs(norm, _TOKEN if hits else _DIGITS_TOKEN):
            yield from self._judge_run(view, run)

    def _runs(self, norm: str, token_re: re.Pattern[str]) -> Iterator[_Run]:
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
        dates = _date_spans(norm) if "." in norm or "-" in norm or "/" in norm else []
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

    def _judge_run(self, view: _View, run: _Run) -> Iterator[Finding]:
        norm = view.norm
        start, end = run.start, run.end
        before, after = _within(norm, start, end, 40, 25)
        digits = run.digits
        # Payment: card numbers (Luhn) and Hungarian GIRO account numbers.
        if rules.test_card(norm, digits):
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
        if not run.has_words and 13 <= len(digits) <= 19:
            if _luhn(digits) and _CARD_PREFIX.match(digits):
                yield self._finding(
                    view, ContactKind.PAYMENT, start, end, 0.9, "card number (Luhn)"
                )
                return
            if len(digits) in (16, 24) and _hu_giro(digits):
                yield self._finding(
                    view, ContactKind.PAYMENT, start, end, 0.85, "bank account (HU GIRO)"
                )
                return
            if len(digits) >= 16 and _PAYMENT_CONTEXT_ACCOUNT.search(before):
                yield self._finding(view, ContactKind.PAYMENT, start, end, 0.7, "bank account")
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
            yield from self._without_words(view, run) or self._sub_runs(view, run)
            return
        conf, detail = _classify_phone(digits, international, self.regions)
        if conf < 0.6 and run.literal != run.digits and 7 <= len(run.literal) <= 15:
            conf, detail = max((conf, detail), _classify_phone(run.literal, False, self.regions))
        if conf == 0.0:
            yield from self._without_words(view, run) or self._sub_runs(view, run)
            return
        if self._phone_ctx_re.search(before) or self._phone_ctx_re.search(after[:15]):
            conf += 0.3
        if run.has_words:
            conf += 0.15
        if run.singles >= 5:
            conf += 0.1
        if not international and (
            self._negative_ctx_re.search(before) or self._currency_after_re.match(after)
        ):
            conf -= 0.5
        if not international and _NUMBER_NOUN_AFTER.match(after):
            conf -= 0.5  # Hungarian puts the noun after: "a 855706325 rendelés"
        if not international and before.rstrip()[-1:] in ("$", "€", "£", "₽", "#"):
            conf -= 0.5
        if _PLACEHOLDER.search(digits):
            conf = min(conf, 0.3)  # "8 800 000-00-00", "+1 555 000 0000": a mock-up, not a contact
        if self._tax_before_re.search(norm, max(0, start - 30), start) or self._tax_at_re.match(
            norm, start
        ):
            conf, detail = min(conf, 0.3), detail + ", after a tax/company id word"
        yield self._finding(view, ContactKind.PHONE, prefix_start, end, conf, detail)

    def _without_words(self, view: _View, run: _Run) -> list[Finding]:
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
        return list(self._judge_run(view, sub))

    def _sub_runs(self, view: _View, run: _Run) -> Iterator[Finding]:
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
            found = list(self._judge_run_simple(view, sub))
            if found:
                yield from found
                return

    def _judge_run_simple(self, view: _View, run: _Run) -> Iterator[Finding]:
        conf, detail = _classify_phone(run.digits, False, self.regions)
        if conf >= 0.6:
            before = view.norm[max(0, run.start - 40) : run.start]
            if self._phone_ctx_re.search(before):
                conf += 0.3
            yield self._finding(view, ContactKind.PHONE, run.start, run.end, conf, detail)

    # ---- messengers ---------------------------------------------------------------------

    def _messenger_matches(
        self, leet: str, tokens: list[str], keys: set[str]
    ) -> Iterator[tuple[re.Match[str], bool]]:
        for m in self._messenger.finditer(leet, keys):
            yield m, False
        if _has_spaced_letters(tokens):
            for m in self._spaced_messenger_re.finditer(leet):
                yield m, True

    def _messengers(
        self, view: _View, leet: str, tokens: list[str], keys: set[str]
    ) -> Iterator[Finding]:
        norm = view.norm
        for m, spaced in self._messenger_matches(leet, tokens, keys):
            start, end = m.start(), m.end()
            if spaced:
                key = re.sub(r"[ .\-_*'/|]", "", m.group("name"))
                base = end
                suffix = ""
            else:
                key = re.sub(r"[ .\-_'*]", "", m.group("name"))
                base = m.end("name")
                suffix = m.group("suffix") or ""
            group_name = self._messenger_groups.get(key) or self._messenger_groups.get(
                key.replace("l", "i")
            )
            if group_name is None:
                group_name = _lookup_fuzzy(self._messenger_groups, key)
                if group_name is None:
                    continue
            group, canonical = group_name.split(":", 1)
            if group == "weak" and (
                norm[start:base] != leet[start:base] or (suffix and suffix[0] != "-")
            ):
                continue  # "7g" is not "tg", "lines" is not "line"
            conf = self._messenger_confidence(norm, start, base, end, group, suffix)
            if conf < 0.85 and rules.refused_after(norm, end):
                conf = 0.3  # "asked for my WhatsApp and I said no"
            if spaced and group != "weak":
                conf = max(conf, 0.7)
            if norm[start:base] != leet[start:base] and group != "weak":
                conf = max(conf, 0.6)
            yield self._finding(view, ContactKind.MESSENGER, start, end, conf, canonical)

    def _messenger_confidence(
        self, norm: str, start: int, base: int, end: int, group: str, suffix: str
    ) -> float:
        before = norm[max(0, start - 40) : start]
        after = norm[end : end + 40]
        conf = {"app": 0.4, "social": 0.25}.get(group, 0.0)
        if self._product_re.match(after) or self._product_before_re.search(before):
            return 0.15
        handle = self._handle_after_re.match(after)
        if handle is not None:
            raw = handle.group("handle")
            h = raw.lstrip("@")
            good = h not in words.HANDLE_STOPWORDS and (
                handle.group("conn") is not None
                or raw.startswith("@")
                or any(c in h for c in "._0123456789")
            )
            if h[:1].isdigit() or h.startswith(("+", "(")):
                good = group != "weak" or handle.group("conn") is not None or h.startswith("+")
            elif group == "weak":
                good = good and (
                    handle.group("conn") is not None or handle.group("handle").startswith("@")
                )
            if good and h != "me":
                return 0.85
        if self._verb_re.search(before):
            return 0.85 if group != "weak" else 0.6
        if self._verb_after_re.match(after) and group != "weak":
            return 0.85
        if self._possessive_re.search(before):
            return 0.7 if group != "weak" else 0.45
        hu_on = suffix.lstrip("-") in ("on", "en", "ön", "n")
        if self._preposition_re.search(before) or hu_on:
            return {"app": 0.6, "social": 0.4}.get(group, 0.3)
        return conf

    # ---- solicitation ---------------------------------------------------------------------

    def _solicitations(self, view: _View, keys: set[str]) -> Iterator[Finding]:
        norm = view.norm
        for m in self._solicit.finditer(norm, keys):
            conf = 0.3 if self._negated(norm, m.start(), m.end()) else 0.8
            if _POSSESSIVE_START.match(m.group()) and not _DETAIL_FOLLOWS.match(
                norm, m.end(), m.end() + 25
            ):
                conf = 0.45  # "mi número favorito", "my email template": no detail given
            yield self._finding(
                view, ContactKind.SOLICITATION, m.start(), m.end(), conf, "off-platform request"
            )


_SENTENCE_END = re.compile(r"[.!?;\n]")

_NUMBER_NOUN_AFTER = re.compile(
    r"[\s.,:-]{0,3}(?:sz\.|számú|szamu|rendelés|rendeles|számla|szamla|azonosító|"
    r"order|invoice|ticket|заказ|счёт|счет|pedido|factura|auftrag|bestellung|rechnung)"
)
_SPACED_LINK = re.compile(
    r"(?:(?:https?|ftp):/+)?(?:www\.)?(?P<host>[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)+)(?:/\S*)?"
)
_POSSESSIVE_START = re.compile(
    r"(?:my|mi(?! a\b)|mein|meine|мой|моя|мою|here is my|here's my|this is my)\b"
    r"|(?:a |az )?[^\W\d_]+(?:om|em)\b"
)
_DETAIL_FOLLOWS = re.compile(r"[^\d@:+]{0,20}(?:\d[\d \-]{2}|[@:+])")


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` falls in one of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_right(spans, (pos, sys.maxsize)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _lookup_fuzzy(groups: Mapping[str, str], key: str) -> str | None:
    for variant in (key.replace("i", "l"), key.rstrip("s")):
        if variant in groups:
            return groups[variant]
    return None


def _host_kind(host: str) -> tuple[ContactKind, str] | None:
    host = host.lower().removeprefix("www.")
    parts = host.split(".")
    for i in range(len(parts) - 1):
        candidate = ".".join(parts[i:])
        if candidate in words.MESSENGER_HOSTS:
            return ContactKind.MESSENGER, f"{words.MESSENGER_HOSTS[candidate]} link"
        if candidate in words.PAYMENT_HOSTS:
            return ContactKind.PAYMENT, f"{words.PAYMENT_HOSTS[candidate]} link"
        if candidate in words.SOCIAL_HOSTS:
            return ContactKind.URL, f"social profile ({words.SOCIAL_HOSTS[candidate]})"
    return None


def _trim_url(norm: str, start: int, end: int) -> int:
    while end > start and norm[end - 1] in ".,;:!?)'\"":
        end -= 1
    return end


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
