"""Invitations found by the ideas they combine, not by the words they use.

"let's continue somewhere the site takes no cut", "sigamos donde la web no se lleva
comisión" and "lass uns dort weitermachen, wo die Seite nichts abzieht" share no phrase, but
each puts a *fee* next to its *absence*. A phrase list learns the phrasings it was written
from; a small set of concepts (fee, platform, avoiding, elsewhere, privacy, paying, directly,
the same username, a document that holds the number...) in five languages, and the pairs of
them that make an invitation when they meet in one sentence, carry over to phrasings never
seen. Each concept is a list of word stems matched at a word start in the normalised text.

The scanner reports the pair that fired ("fee + avoiding"), so a moderator sees why.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from itertools import pairwise
from typing import Final, NamedTuple

__all__ = ["BYPASS", "COMBINATIONS", "CONCEPTS", "NEGATION_BUILT_IN", "Combination", "Concepts"]

from microjob.contact_words.concepts import CONCEPTS

# Pairs of concepts that make an invitation when they share a sentence, and what a
# moderator reads when one fires.
_PAY_GUARD = ("product", "onplatform")


class Combination(NamedTuple):
    """Two concepts that make an invitation when they meet in one sentence.

    ``gap`` bounds the characters between them (``None``: anywhere in the sentence): "the
    site" and "outside" are an invitation in "outside the site", not in "the website should
    also work outside the EU". ``unless`` names a concept that, in the same sentence, makes
    it product talk instead ("a page for bank transfer payments").
    """

    a: str
    b: str
    reason: str
    gap: int | None = None
    unless: tuple[str, ...] = ()
    ordered: bool = False
    """With ``ordered``, ``b`` comes first unless the two touch ("outside the site", but
    also Hungarian "az oldalon kívül" and "moderators can't read")."""
    follows: bool = False
    """With ``follows``, ``b`` comes after ``a``, touching or not: "pay you" is paying the
    other party, "you pay only the listed price" is not."""
    distinct: bool = False
    """With ``distinct``, the two may not overlap: "cash" is a way of paying and part of "in
    cash", so the pair needs a verb of paying besides it ("I pay in cash")."""


COMBINATIONS: Final[tuple[Combination, ...]] = (
    Combination("fee", "avoid", "avoiding the platform's fee", 24),
    Combination("fee", "save", "saving the platform's fee", 24),
    Combination("platform", "avoid", "going around the platform", 12, ("product",), True),
    Combination("elsewhere", "talk", "moving the conversation elsewhere", None, ("product",)),
    Combination("private", "talk", "moving the conversation to private", None, ("kept_private",)),
    Combination("next", "avoid", "the next deal around the platform", 40),
    Combination(
        "contact_item", "document", "contact details in a document or profile", None, ("blank",)
    ),
    Combination("fee", "offsite", "avoiding the platform's fee"),
    Combination("cheaper", "offsite", "a cheaper deal around the platform"),
    Combination("next", "offsite", "the next deal around the platform"),
    Combination("middleman", "negation", "cutting out the platform", 12),
    Combination("middleman", "avoid", "cutting out the platform", 12),
    Combination("direct", "offsite", "reaching each other directly, not through the platform"),
    Combination("talk", "not_here", "moving the conversation away from the platform"),
    Combination("callme", "not_here", "moving the conversation away from the platform"),
    Combination(
        "described_app", "talk", "an app described instead of named", None, ("ui_element",)
    ),
    Combination("described_app", "dm", "an app described instead of named", None, ("ui_element",)),
    Combination(
        "platform", "unneeded", "doing without the platform", 8, ("product", "own_contact")
    ),
    Combination("same_handle", "search", "the same username elsewhere"),
    Combination("platform_takes", "otherwise", "avoiding the platform's fee", 12),
    Combination("platform_takes", "save", "saving the platform's fee"),
    Combination("next", "private", "the next deal in private"),
    Combination("same_handle", "as_here", "the same username elsewhere", None, ("product",)),
    Combination("mailword", "spelled_hint", "an address described in words"),
    Combination("real_contact", "callme", "a contact given as the real one"),
    Combination("real_contact", "contact_item", "a contact given as the real one"),
    Combination("real_contact", "document", "a contact given as the real one", None, ("blank",)),
    Combination("this_chat", "negation", "a contact outside this chat", 6, (), True),
    Combination("deposit", "handover", "paying the rest outside the booking", None, ("product",)),
    Combination("same_handle", "external", "the same username elsewhere"),
    Combination("search", "external", "search for me elsewhere"),
    Combination("pay", "direct", "paying directly", None, _PAY_GUARD),
    Combination("pay", "bank", "paying by bank transfer", None, _PAY_GUARD),
    Combination("pay", "counterpart", "paying each other directly", 9, _PAY_GUARD, follows=True),
    Combination(
        "money", "any_way", "paying however it suits, outside the checkout", 40, ("onplatform",)
    ),
    Combination(
        "pay", "any_way", "paying however it suits, outside the checkout", 40, ("onplatform",)
    ),
    Combination("money", "avoid", "paying outside the checkout", None, ("onplatform",)),
    Combination("clitic", "pay", "paying each other directly", 2, _PAY_GUARD, follows=True),
    Combination("pay", "agreed", "paying the price outside the booking", None, _PAY_GUARD),
    Combination(
        "pay", "decoy", "paying the real price outside a decoy booking", 40, ("onplatform",)
    ),
    Combination("cancel", "cheaper", "cancelling the order for a cheaper deal"),
    Combination("cancel", "private", "cancelling the order to deal privately"),
    Combination("cheaper", "private", "a cheaper deal in private"),
    Combination("cheaper", "avoid", "a cheaper deal around the platform"),
    Combination("cheaper", "direct", "a cheaper deal directly"),
    Combination("cancel", "direct", "cancelling the order to deal directly", None, ("onplatform",)),
    Combination("leave", "follow", "taking clients along when leaving the platform"),
    Combination("leave", "search", "taking clients along when leaving the platform"),
    Combination("same_handle", "described_app", "the same username elsewhere"),
    Combination("search", "described_app", "search for me elsewhere"),
    Combination(
        "decode", "contact_item", "a contact hidden behind a disguise", None, ("unneeded", "blank")
    ),
    Combination(
        "my_contact", "file", "contact details in a file", None, ("blank", "product", "design")
    ),
    Combination(
        "real_contact", "file", "contact details in a file", None, ("blank", "product", "design")
    ),
    Combination(
        "decode", "handle_word", "a contact hidden behind a disguise", None, (), distinct=True
    ),
    Combination(
        "described_app", "handle_word", "an app described instead of named", None, ("ui_element",)
    ),
    Combination("pay", "cash", "paying in cash", None, _PAY_GUARD, distinct=True),
    Combination("half", "handover", "paying the rest outside the booking", None, _PAY_GUARD),
)
# Concepts that, next to payment talk, make it more than settling the booked price: under
# direct settlement such a message is still an invitation to go around the booking.
BYPASS: Final[frozenset[str]] = frozenset(
    {
        "avoid",
        "save",
        "fee",
        "next",
        "cancel",
        "cheaper",
        "private",
        "elsewhere",
        "same_handle",
        "search",
        "platform_takes",
        "middleman",
        "own_contact",
        "leave",
        "off_books",
        "decoy",
    }
)
# Concepts that carry their own negation ("brauchen wir … nicht", "not through this site",
# "ne itt"): a pair with one of them is not cancelled by a negation in its clause.
NEGATION_BUILT_IN: Final[frozenset[str]] = frozenset({"unneeded", "offsite", "not_here"})
SINGLE: Final[dict[str, str]] = {
    "own_contact": "asking for a personal contact",
    "off_books": "keeping the money off the books",
    "other_channel": "asking for another way to reach each other",
}
# Concepts that make a single-concept hit product talk ("a personal email field on the form").
SINGLE_UNLESS: Final[tuple[str, ...]] = ("product", "blank", "onplatform", "unneeded")


def _stem_pattern(stems: tuple[str, ...]) -> str:
    parts = []
    for stem in sorted(set(stems), key=lambda s: (-len(s), s)):
        whole = stem.endswith("$")
        body = re.escape(stem.rstrip("$"))
        parts.append(body + (r"(?![^\W\d_])" if whole else ""))
    return r"(?<![^\W\d_])(?:" + "|".join(parts) + r")[^\W\d_]*"  # to the end of the word


class Concepts:
    """Compiled concept matchers, each tried only when a word of the message could start it.

    Running seventeen patterns over every message would cost more than all the other rules
    together, so each stem is keyed by the first letters (up to four) of its longest word
    and a message only runs the concepts whose keys its words start with.
    """

    def __init__(self) -> None:
        self._res = {name: re.compile(_stem_pattern(stems)) for name, stems in CONCEPTS.items()}
        self._by_key: dict[str, set[str]] = {}
        self._always: set[str] = set()
        for name, stems in CONCEPTS.items():
            for stem in stems:
                # Key on the stem's longest word: "no cut" is keyed "cut", not "no", so
                # common short words do not wake the concept up on every message.
                parts = _HEAD.findall(stem)
                if not parts:
                    self._always.add(name)
                    continue
                longest = max(parts, key=len)
                self._by_key.setdefault(longest[:_KEY], set()).add(name)
        self._lengths = sorted({len(k) for k in self._by_key})
        # The concepts each word could start, remembered: chat repeats its words, and
        # looking a word up once beats slicing every word of every message into prefixes.
        self._word_names: dict[str, frozenset[str]] = {}

    def _names(self, word: str) -> frozenset[str]:
        names = self._word_names.get(word)
        if names is None:
            found: set[str] = set()
            for n in self._lengths:
                found.update(self._by_key.get(word[:n], ()))
            names = frozenset(found)
            if len(self._word_names) < _WORD_CACHE:
                self._word_names[word] = names
        return names

    def hits(
        self, norm: str, only_if_combined: bool = False, words: Iterable[str] | None = None
    ) -> dict[str, list[tuple[int, int]]]:
        """Spans of every concept found in ``norm``; with ``only_if_combined``, nothing
        unless the words could make a combination (most messages: no pattern runs)."""
        wanted = set(self._always)
        if words is None:
            words = _WORDS.findall(norm)
        names = self._word_names
        for w in words:
            found = names.get(w)
            if found is None:
                found = self._names(w)
            if found:
                wanted |= found
        if only_if_combined:
            if not _combinable(wanted):
                return {}
            wanted = _needed(wanted)
        out: dict[str, list[tuple[int, int]]] = {}
        for name in wanted:
            spans = [m.span() for m in self._res[name].finditer(norm)]
            if spans:
                out[name] = spans
        return out

    def settlement_only(self, norm: str) -> bool:
        """Talk of paying ("I will pay the rest by bank transfer") and nothing that goes
        around the booking (fees, "next time", "cancel the order", "cheaper", "in private")."""
        hits = self.hits(norm)
        paying = any(name in hits for name in ("pay", "bank", "handover", "cash", "half"))
        if not paying:
            return False
        # "persönlich gebe", "in cash": the handing over is the settling, so the "in person"
        # inside it is no private deal
        handed = [span for name in ("handover", "cash") for span in hits.get(name, ())]
        # "transfer your fee", "utalja a díjat": the fee being paid is the price, not the
        # platform's cut
        paid = [end for _, end in hits.get("pay", ())]
        return all(
            all(
                any(a <= s and e <= b for a, b in handed)
                or (name == "private" and _IN_PERSON.fullmatch(norm, s, e) is not None)
                or (name == "fee" and any(_PAID_GAP.fullmatch(norm, p, s) for p in paid))
                for s, e in hits[name]
            )
            for name in BYPASS.intersection(hits)
        )

    def invitations(
        self, norm: str, words: Iterable[str] | None = None
    ) -> Iterator[tuple[int, int, str, bool]]:
        """(start, end, reason, negatable) for each sentence where a combination of concepts
        meets; ``negatable`` is False for a pair that carries its own negation
        (`NEGATION_BUILT_IN`), which a negation in its clause must not cancel.

        ``words`` are the message's words if the caller has them already."""
        hits = self.hits(norm, only_if_combined=True, words=words)
        if not hits:
            return
        if "pay" in hits and "platform" in hits:
            hits["pay"] = _payer_not_platform(norm, hits["pay"], hits["platform"])
        if "platform" in hits:
            # "without the platform's escrow": the platform owns a thing, nobody goes around it
            # ... and neither is the thing it owns ("the platform's escrow")
            hits["platform"] = [
                s
                for s in hits["platform"]
                if not _OWNS.match(norm, s[1]) and not _OWNED.search(norm, max(0, s[0] - 6), s[0])
            ]
        if "platform_takes" in hits:
            hits["platform_takes"] = [
                s for s in hits["platform_takes"] if _SHARE_AFTER.match(norm, s[1])
            ]
        if "this_chat" in hits:
            # "isn't this chat", "que no sea este chat"; not "no, this chat is fine"
            ends = [e for _, e in hits.get("negation", ())]
            hits["this_chat"] = [
                s for s in hits["this_chat"] if any(_joined(norm, e, s[0]) for e in ends)
            ]
        if "counterpart" in hits:
            # "paid, thank you": thanking the other party is not paying them
            hits["counterpart"] = [
                s for s in hits["counterpart"] if not _THANKS.search(norm, max(0, s[0] - 10), s[0])
            ]
        for name in ("my_contact", "half"):
            if name in hits:
                # "my number of revisions", "the second half of the drawings": a count or a
                # part of something, not a contact or a sum of money
                hits[name] = [s for s in hits[name] if not _OF_AFTER.match(norm, s[1])]
        if "negation" in hits and "onplatform" in hits:
            _negated_platform(norm, hits)
        present = {name for name, spans in hits.items() if spans}
        active = sorted((i for a in present for i, c in _BY_FIRST.get(a, ()) if c.b in present))
        singles = [(name, reason) for name, reason in SINGLE.items() if name in present]
        if not active and not singles:
            return
        # A sentence that begins by pointing back ("…with the blue «in»? There I'm under my
        # full name, write there") continues the one before it.
        bounds = [
            0,
            *(m.end() for m in _SENTENCE.finditer(norm) if not _points_back(norm, m)),
            len(norm),
        ]
        for lo, hi in pairwise(bounds):
            if len(bounds) == 2:
                inside = hits
            else:
                inside = {n: [s for s in spans if lo <= s[0] < hi] for n, spans in hits.items()}
            for name, reason in singles:
                if any(inside.get(u) for u in SINGLE_UNLESS):
                    break
                for s in inside.get(name, ()):
                    yield s[0], s[1], reason, True
            for combo in (COMBINATIONS[i] for i in active):
                found = _meet(
                    inside.get(combo.a),
                    inside.get(combo.b),
                    combo.gap,
                    combo.ordered,
                    combo.follows,
                    combo.distinct,
                )
                if found is None or any(inside.get(u) for u in combo.unless):
                    continue
                negatable = NEGATION_BUILT_IN.isdisjoint((combo.a, combo.b))
                yield found[0], found[1], f"{combo.reason} ({combo.a} + {combo.b})", negatable


_BY_FIRST: dict[str, list[tuple[int, Combination]]] = {}
for _i, _c in enumerate(COMBINATIONS):
    _BY_FIRST.setdefault(_c.a, []).append((_i, _c))
_PARTNERS: dict[str, frozenset[str]] = {}
for _a, _b, *_ in COMBINATIONS:
    _PARTNERS[_a] = _PARTNERS.get(_a, frozenset()) | {_b}
# "offsite" is derived from a negation next to "through the platform", never matched itself.
_PARTNERS["negation"] = _PARTNERS.get("negation", frozenset()) | {"onplatform"}
_NEGATION_GAP = 8
_OWNS = re.compile(r"['’]s\b")
# Meeting in person to pay is settling the price, not a private deal around it.
_IN_PERSON = re.compile(r"in person|en persona|persönlich|personlich")
# Between a verb of paying and the fee it pays: at most a determiner ("your", "deine", "a")
_PAID_GAP = re.compile(r"\s+(?:[^\W\d_]{1,6}\s+)?")
_THANKS = re.compile(r"(?:thank|спасибо|köszönöm|koszonom|gracias|danke)\s+$")
_OWNED = re.compile(r"['’]s\s+$")
# "the site takes 15%", "…its cut": a share follows, not "the site takes too long to load".
_SHARE_AFTER = re.compile(
    r"[^.!?;\n\d%]{0,14}?(?:\d|%|cut|fee|commission|комисси|процент|jutalék|jutalek|"
    r"százalék|szazalek|comisi|porcentaje|provision|gebühr|prozent|"
    r"half|third|quarter|fifth|tenth|part|половин|трет|четверт|пят|част|"
    r"fel|harmad|negyed|ötöd|otod|tized|rész|mitad|tercera|cuarta|quinta|parte|"
    r"hälfte|drittel|viertel|fünftel|zehntel|teil)"
)
# Between the negation and the phrase: spaces and at most one short word ("no pasa por la web").
_NEGATION_JOIN = re.compile(r"\s+(?:[^\W\d_]{1,6}\s+)?")


def _joined(norm: str, negation_end: int, start: int) -> bool:
    """Whether a negation ending at ``negation_end`` governs the phrase at ``start``: close
    before it, spaces and at most one short word between ("no pasa por la web")."""
    return start - _NEGATION_GAP <= negation_end <= start and bool(
        _NEGATION_JOIN.fullmatch(norm, negation_end, start)
    )


def _negated_platform(norm: str, hits: dict[str, list[tuple[int, int]]]) -> None:
    """Turn "not through the site", "nem az oldalon keresztül", "no pasa por la web" into
    ``offsite``: a negation at most a short word before the phrase of paying through the
    platform. The phrase then no longer counts as ``onplatform``, which would spare the
    message as a payment made on the platform."""
    kept, off = [], []
    for start, end in hits["onplatform"]:
        if any(_joined(norm, n_end, start) for _, n_end in hits["negation"]):
            off.append((start, end))
        else:
            kept.append((start, end))
    if off:
        hits["onplatform"] = kept
        hits["offsite"] = off


def _meet(
    sa: list[tuple[int, int]] | None,
    sb: list[tuple[int, int]] | None,
    gap: int | None,
    ordered: bool = False,
    follows: bool = False,
    distinct: bool = False,
) -> tuple[int, int] | None:
    """The span covering the closest pair of hits of two concepts, if within ``gap``."""
    if not sa or not sb:
        return None
    best: tuple[int, int, int] | None = None
    for a in sa:
        for b in sb:
            distance = max(0, max(a[0], b[0]) - min(a[1], b[1]))
            if ordered and b[0] > a[0] and distance > 2:
                continue
            if follows and b[0] < a[1]:
                continue
            if distinct and a[0] < b[1] and b[0] < a[1]:
                continue
            if best is None or distance < best[0]:
                best = (distance, min(a[0], b[0]), max(a[1], b[1]))
    if best is None or (gap is not None and best[0] > gap):
        return None
    return best[1], best[2]


# "the site pays out", "la web paga", "die Seite zahlt … aus": the platform is the one paying,
# which is how payouts work, not a deal around it. At most a short word between them
# ("the site will pay"), no punctuation ("skip the site, pay me directly" is an invitation).
_PAYER_GAP = re.compile(r"\s+(?:[^\W\d_]{1,4}\s+)?")


def _payer_not_platform(
    norm: str, pay: list[tuple[int, int]], platform: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The "pay" hits whose subject is not the platform right before them."""
    ends = {end for _, end in platform}
    kept = []
    for start, end in pay:
        lo = max(0, start - 7)
        if not any(e in ends and _PAYER_GAP.fullmatch(norm, e, start) for e in range(lo, start)):
            kept.append((start, end))
    return kept


_COMBO_USES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset((c.a, c.b)), frozenset((c.a, c.b, *c.unless))) for c in COMBINATIONS
)


def _needed(wanted: set[str]) -> set[str]:
    """`_needed_uncached`, remembered per set of concepts: messages wake few distinct sets."""
    key = frozenset(wanted)
    need = _NEEDED.get(key)
    if need is None:
        need = _NEEDED[key] = frozenset(_needed_uncached(wanted))
        if len(_NEEDED) > 10_000:
            _NEEDED.clear()
    return set(need)


_NEEDED: dict[frozenset[str], frozenset[str]] = {}


def _needed_uncached(wanted: set[str]) -> set[str]:
    """The concepts worth matching: both halves of a pair that could meet, and what could
    spare it. "negation" matches in most messages and "product" in many; running them only
    when their partner is there keeps the concept pass as cheap as before it had them."""
    present = set(wanted)
    if "negation" in present and "onplatform" in present:
        present.add("offsite")
    need: set[str] = set()
    for pair, uses in _COMBO_USES:
        if pair <= present:
            need |= uses
    for name in SINGLE:
        if name in present:
            need.add(name)
            need.update(SINGLE_UNLESS)
    if "offsite" in need:
        need |= {"negation", "onplatform"}
    if "onplatform" in need:
        # a guard only when not negated: "not through the site" spares nothing
        need.add("negation")
    if "pay" in need:
        need.add("platform")  # the platform as the payer
    return need & wanted


def _combinable(names: Collection[str]) -> bool:
    """Whether ``names`` hold a single-concept invitation or both halves of a pair."""
    for name in names:
        if name in SINGLE:
            return True
        partners = _PARTNERS.get(name)
        if partners is not None and not partners.isdisjoint(names):
            return True
    return False


_SENTENCE = re.compile(r"[.!?;\n]+")
_OF_AFTER = re.compile(r"\s+(?:of|из|de|del|von|der|des)(?![^\W\d_])")
_POINTER = r"(?:there|that's where|там|туда|ott|oda|ahí|ahi|allí|alli|allá|dort|da)(?![^\W\d_])"
_POINTS_BACK = re.compile(r"\s*" + _POINTER)
_POINTER_SOON = re.compile(r"[^.!?;\n]{0,40}?(?<![^\W\d_])" + _POINTER)


def _points_back(norm: str, boundary: re.Match[str]) -> bool:
    """Whether the sentence after ``boundary`` continues the one before it: it begins with
    "there", or it answers a question ("you know the app with the blue logo?") with a
    "there" in its first words ("my full name is on there, message me")."""
    end = boundary.end()
    if _POINTS_BACK.match(norm, end):
        return True
    return "?" in boundary.group() and _POINTER_SOON.match(norm, end) is not None


_HEAD = re.compile(r"[^\W\d_]+")
_WORDS = re.compile(r"[^\W\d_]+")
_KEY = 4
_WORD_CACHE = 50_000
"""Words whose concepts are remembered; past it, new words are looked up every time."""
