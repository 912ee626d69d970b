"""What every part of the contact scanner shares: the compiled state it reads, how a finding
is located in the original text, the allow-list and negation.

[`microjob.contacts.ContactScanner`][microjob.contacts.ContactScanner] is assembled from rule
families (links and addresses in `microjob.contact_scan_links`, numbers and payment details in
`microjob.contact_scan_numbers`); each family is a mixin over this base, which declares
the attributes the scanner compiles once in its constructor.
"""

from __future__ import annotations

import bisect
import re
import sys
import unicodedata

from microjob import contact_rules as rules
from microjob import contact_words as words
from microjob.contact_normalize import View as _View
from microjob.contact_numbers import _NumberWords
from microjob.contact_patterns import _Dispatch
from microjob.contact_types import ContactKind, Finding

_NEGATION = re.compile(
    r"(?:\bnot?\b(?! problem| worries)|n't|\bnever\b|\bcannot\b|\bnem\b|\bne\b|\bsoha\b|"
    r"\bне\b|\bнельзя\b|\bnicht\b|\bkein|\bnunca\b|prohibit|forbidden|against|tilos|запрещ|verboten|prohibido)"
)
# A suggestion asked with a negation invites rather than refuses: "why don't we do it without
# the site?", "почему бы не …", "miért ne …", "¿por qué no …?", "warum nicht …".
_SUGGESTION = re.compile(
    r"why don't|why not|can't we|couldn't we|shouldn't we|wouldn't it|почему бы(?: и)? не|"
    r"нельзя ли|не хочешь|не хотите|miért ne|nem lehetne|nem kéne|nem kellene|por qué no|"
    r"no podemos|no podríamos|warum nicht|wieso nicht|können wir nicht|könnten wir nicht"
)
# "…, not here" points elsewhere: it is no refusal ("hablarlo en privado, no aquí").
_NEGATION_AFTER = re.compile(
    r"[\s,]*(?:nem|не|nicht|no)\b(?!\s*(?:here|aquí|aqui|acá|hier|здесь|тут|itt)\b)"
)
_SENTENCE_END = re.compile(r"[.!?;\n]")


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` falls in one of the sorted, non-overlapping ``spans``."""
    i = bisect.bisect_right(spans, (pos, sys.maxsize)) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


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


class _ScanBase:
    """Compiled state of a scanner and the helpers every rule family uses."""

    allowed_domains: tuple[str, ...]
    regions: tuple[str, ...]
    # links and addresses
    _email_re: re.Pattern[str]
    _dot_split_re: re.Pattern[str]
    _local_prefix_re: re.Pattern[str]
    _spelled_url_re: re.Pattern[str]
    _bracket_url_re: re.Pattern[str]
    _bracket_dot_re: re.Pattern[str]
    _service_re: re.Pattern[str]
    _messenger: _Dispatch
    _providers: frozenset[str]
    _tlds: frozenset[str]
    _wordlike_tlds: frozenset[str]
    _spelled_tlds: frozenset[str]
    # numbers and payment details
    _numbers: _NumberWords
    _number_cache: dict[str, tuple[int, ...] | None]
    _numbers_hint: frozenset[str]
    _services_dispatch: _Dispatch
    _phone_ctx_re: re.Pattern[str]
    _negative_ctx_re: re.Pattern[str]
    _currency_after_re: re.Pattern[str]
    _tax_before_re: re.Pattern[str]
    _tax_at_re: re.Pattern[str]

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
        if _SUGGESTION.search(before):
            before = _SUGGESTION.sub(" ", before)
        return bool(
            _NEGATION.search(before)
            or _NEGATION_AFTER.match(after)
            or rules.refused_after(norm, end)
        )
