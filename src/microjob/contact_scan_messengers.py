"""Messenger names in a message, and how sure the context makes them a contact.

A chat-app name alone is a topic ("a WhatsApp chatbot", "the Share on Telegram button");
with a handle, a number, a verb of contacting, a possessive or a preposition next to it, it
is a place the writer asks the reader to go. The context rules here weigh those signals,
and the sentence around the name can turn them back (a QR code on a menu opening an order
via WhatsApp builds a feature; a group where "the three of us can talk" is a conversation).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from microjob import contact_rules as rules
from microjob import contact_words as words
from microjob.contact_normalize import View as _View
from microjob.contact_patterns import _all_variants, _alternation, _has_spaced_letters
from microjob.contact_scan_base import _SENTENCE_END, _ScanBase
from microjob.contact_types import ContactKind, Finding

__all__: list[str] = []


def _sentence_of(norm: str, start: int, end: int) -> str:
    """The sentence around ``start:end`` (up to 120 characters each side)."""
    lo = max(0, start - 120)
    cut = [m.end() for m in _SENTENCE_END.finditer(norm, lo, start)]
    hi_match = _SENTENCE_END.search(norm, end, end + 120)
    return norm[cut[-1] if cut else lo : hi_match.start() if hi_match else end + 120]


# An account name a few words after a messenger: letters with digits or underscores
# ("gabor_horvath7", "anna.b88"), never a plain word, a number or a version ("v2").
_HANDLE_NEAR = re.compile(
    r"(?<![\w@.\-])(?=[a-z0-9_.]{6,})(?=[a-z0-9_.]*[_\d])[a-z][a-z0-9]*[._]?[a-z0-9_.]*[a-z][a-z0-9_]*\d*"
    r"(?<=[a-z0-9_])(?![\w@])"
)
# "account … name": a product noun that is the account itself, with its name a few words on.
_ACCOUNT_THEN_HANDLE = re.compile(
    r"[\s\-]*(?:account|profile|fiókom|fiók|аккаунт|профиль|cuenta|perfil|konto|profil)"
    r"[^\n.!?]{0,24}?" + _HANDLE_NEAR.pattern
)
_ARTICLE_BEFORE = re.compile(r"(?<![\w])an? $")
"""An indefinite article right before a name that is also a plain word (see `_plain_noun`)."""
_USERNAME_MARK = re.compile(r"[a-z0-9][._][a-z0-9]")
"""A username's separator inside a token ("kate_88", "anna.b"), which ids and codes lack."""
_ARROWS = frozenset({"→", "->", "=>", "➡", "➡️"})
_ARROW_NEXT = re.compile(r"[a-z0-9_.]*\s*(?:→|->|=>|➡)")
"""Another arrow right after what an arrow pointed at (the rest of its word skipped)."""
# The writer or the reader as the one to reach: "write me", "írj nekem", "schreib mir".
_FIRST_PERSON = re.compile(
    r"(?<![^\W\d_])(?:me|us|my|mich|mir|uns|мне|меня|нам|нас|мой|мою|nekem|engem|nekünk|"
    r"minket|rám|nos|mi|mí|ich|i|я|мы|we)(?![^\W\d_])"
)


def _lookup_fuzzy(groups: Mapping[str, str], key: str) -> str | None:
    for variant in (key.replace("i", "l"), key.rstrip("s")):
        if variant in groups:
            return groups[variant]
    return None


class _MessengerRules(_ScanBase):
    """Messenger names and the context that makes them a contact (see the module)."""

    _messenger_groups: dict[str, str]
    _spaced_messenger_re: re.Pattern[str]
    _product_re: re.Pattern[str]
    _product_before_re: re.Pattern[str]
    _verb_re: re.Pattern[str]
    _verb_after_re: re.Pattern[str]
    _product_context_re: re.Pattern[str]
    _call_after_re: re.Pattern[str]
    _group_talk_re: re.Pattern[str]
    _possessive_re: re.Pattern[str]
    _preposition_re: re.Pattern[str]
    _handle_after_re: re.Pattern[str]
    _add_you_re: re.Pattern[str]
    _dev_re: re.Pattern[str]
    _handle_before_re: re.Pattern[str]

    def _compile_messenger_context(self) -> None:
        self._product_re = re.compile(
            rf"^[\s\-]*(?:{_alternation(_all_variants(words.PRODUCT_NOUNS))})"
        )
        verbs = _alternation(_all_variants(words.CONTACT_VERBS))
        fillers = (
            r"me|us|to|on|via|in|at|over|through|my|the|your|a|an|mich|mir|auf|über|per|bei|im|"
            r"en|por|al|el|mi|tu|в|на|по|через|мне|меня|нам|мой|мою|моём|nekem|engem|rám|az|is|"
            r"this|it|that|chat|conversation|please|pls|plz|kérlek|пожалуйста|bitte|por favor|"
            r"again|there|dort|там|ott|allí|mejor|lieber|inkább|inkabb|лучше|rather|instead|"
            r"better|át|at|zu|мне лучше|ich|dir|du|video|видео|videó|un|una|ein|eine|einen|egy"
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
        self._product_context_re = re.compile(
            rf"(?<![^\W\d_])(?:{_alternation(_all_variants(words.PRODUCT_CONTEXT))})"
        )
        self._call_after_re = re.compile(
            rf"^[\s\-]*(?:{_alternation(_all_variants(words.CALL_NOUNS))})"
        )
        self._group_talk_re = re.compile(
            rf"(?<![^\W\d_])(?:{_alternation(_all_variants(words.GROUP_TALK))})"
        )
        self._possessive_re = re.compile(rf"(?<![^\W\d_])(?:{_alternation(words.POSSESSIVES)})\s*$")
        self._preposition_re = re.compile(
            rf"(?<![^\W\d_])(?:{_alternation(words.MESSENGER_PREPOSITIONS)})\s+$"
        )
        self._add_you_re = re.compile(
            rf"(?<![^\W\d_])(?:{_alternation(_all_variants(words.ADD_YOU))})(?![^\W\d_])"
        )
        self._dev_re = re.compile(
            rf"(?<![^\W\d_])(?:{_alternation(words.DEV_WORDS)})[^\W\d_]{{0,3}}(?![^\W\d_])"
        )
        # An account name, then at most a short word and the preposition, right before the
        # messenger: "anna_b7 from Telegram", "nina_s1 из телеграм", "kata_v8 – WhatsApp".
        self._handle_before_re = re.compile(
            _HANDLE_NEAR.pattern
            + rf"\s*(?:[^\W\d_]{{1,5}}\s+)?(?:{_alternation(words.HANDLE_FROM)})\s*$"
        )
        self._handle_after_re = re.compile(
            r"^\s*(?P<conn>[:=\-]|→|->|=>|➡|➡️|is|ist|es|это|—|id|id:|nick|name|username|handle|ник)?"
            r"\s*:?\s*(?P<handle>@?[a-z][a-z0-9_.]{2,31}|@[a-z0-9_.]{3,32}|\+?\(?\d)"
        )

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
                norm[start:base] != leet[start:base]
                or (suffix and suffix[0] != "-")
                or self._plain_noun(view, norm, start, base)
            ):
                continue  # "7g" is not "tg", "lines" is not "line", "drop me a line" no app
            conf = self._messenger_confidence(norm, start, base, end, group, suffix)
            if conf < 0.85 and (
                rules.refused_after(norm, end) or rules.refused_before(norm, start)
            ):
                conf = 0.3  # "asked for my WhatsApp and I said no"
            if spaced and group != "weak":
                conf = max(conf, 0.7)
            if norm[start:base] != leet[start:base] and group != "weak":
                conf = max(conf, 0.6)
            yield self._finding(view, ContactKind.MESSENGER, start, end, conf, canonical)

    @staticmethod
    def _plain_noun(view: _View, norm: str, start: int, end: int) -> bool:
        """A name that is also a plain word, in lower case after an indefinite article: "drop
        me a line", "give me a signal". Capitalised it stays the app ("send me a Signal"), as
        "send me a WhatsApp" does."""
        if not _ARTICLE_BEFORE.search(norm, max(0, start - 4), start):
            return False
        s, e = view.span(start, end)
        return view.text[s:e].islower()

    def _builds_something(self, norm: str, start: int, end: int) -> bool:
        """Whether the messenger's sentence builds a deliverable (a QR code on a menu, a
        chatbot, a mini app): then the messenger is a feature, not a place to go."""
        return self._product_context_re.search(_sentence_of(norm, start, end)) is not None

    def _dev_talk(self, sentence: str) -> bool:
        """Whether the sentence builds a feature or talks code ("the bot_token2 from
        Telegram", "add you as an admin of the Telegram bot"): then an account name or an
        offer to add the reader is about the product, not a place to meet."""
        return bool(self._product_context_re.search(sentence) or self._dev_re.search(sentence))

    def _messenger_confidence(
        self, norm: str, start: int, base: int, end: int, group: str, suffix: str
    ) -> float:
        before = norm[max(0, start - 40) : start]
        after = norm[end : end + 40]
        conf = {"app": 0.4, "social": 0.25}.get(group, 0.0)
        sentence = _sentence_of(norm, start, end)
        if self._add_you_re.search(sentence) and not self._dev_talk(sentence):
            return 0.8  # "a Telegram list for our clients, shall I add you?"
        if self._product_re.match(after) or self._product_before_re.search(before):
            if _ACCOUNT_THEN_HANDLE.match(after):
                return 0.8  # "my Viber account is still tom_hardy77"
            if self._group_talk_re.search(sentence) and not self._product_context_re.search(
                sentence
            ):
                return 0.7  # "a WhatsApp group so the three of us can talk"
            return 0.15
        if self._call_after_re.match(after) and not self._builds_something(norm, start, end):
            return 0.7 if group != "weak" else 0.6  # "a quick Telegram video call tonight"
        handle = self._handle_after_re.match(after)
        if handle is not None:
            raw = handle.group("handle")
            h = raw.lstrip("@")
            conn = handle.group("conn")
            # An arrow also joins the steps of a flow ("Telegram → webhook → server"): what
            # it points at must look like an account, a plain word is the next step.
            arrow = conn in _ARROWS
            good = h not in words.HANDLE_STOPWORDS and (
                (conn is not None and not arrow)
                or raw.startswith("@")
                or any(c in h for c in "._0123456789")
            )
            if h[:1].isdigit() or h.startswith(("+", "(")):
                good = group != "weak" or conn is not None or h.startswith("+")
            elif group == "weak":
                good = good and (conn is not None or raw.startswith("@"))
            if good and handle.group(0).startswith("-") and h.isalpha():
                good = False  # a compound ("WhatsApp-Bestellung", "Telegram-Kanal"), no handle
            if arrow and _ARROW_NEXT.match(after, handle.end()):
                good = False  # another arrow after it: a step of a flow, whatever its name
            if good and h != "me":
                return 0.85
        near = _HANDLE_NEAR.search(after, 0, 36)
        if near is not None and (group != "weak" or _USERNAME_MARK.search(near.group())):
            # "a vaiber fiókom még mindig gabor_horvath7": an account name nearby. After a
            # name that is also a plain word, letters and digits alone are as likely an id
            # ("does the reverse-charge line take your VAT GB413602164"): it takes a
            # username's "_" or "." to count.
            return 0.8
        if self._handle_before_re.search(before) and not self._dev_talk(sentence):
            return 0.8  # "it's me anna_b7 from Telegram"
        verb = self._verb_re.search(before)
        if verb is not None:
            if not _FIRST_PERSON.search(verb.group()) and self._builds_something(norm, start, end):
                return 0.45  # "the QR code opens a chat via WhatsApp with the restaurant"
            return 0.85 if group != "weak" else 0.6
        if self._verb_after_re.match(after) and group != "weak":
            return 0.85
        if self._possessive_re.search(before):
            return 0.7 if group != "weak" else 0.45
        hu_on = suffix.lstrip("-") in ("on", "en", "ön", "n")
        if self._preposition_re.search(before) or hu_on:
            if self._builds_something(norm, start, end):
                return 0.45  # "the QR on the menu opens the order via WhatsApp"
            return {"app": 0.6, "social": 0.4}.get(group, 0.3)
        return conf
