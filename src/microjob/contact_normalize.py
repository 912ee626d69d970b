"""One normalisation for every contact rule: what the reader sees, in one script of digits.

People who want to get past a contact filter type what *looks* like an address or a number
to the reader but is not plain ASCII to a program: full-width or Arabic-Indic digits
("+١ ٤١٥ ٥٥٥ ٢٦٧١"), zero-width and other format characters inside a word, an address typed
backwards inside a right-to-left override so that it *displays* forwards, Cyrillic letters in
a Latin word. `normalise` undoes all of that once (NFKC, every Unicode decimal digit to
ASCII through `unicodedata.decimal`, bidi and format controls removed, overridden runs
put back in display order, homoglyphs in mixed-script words resolved, lower case) and keeps
an offset map, so every finding still points at what the user actually typed.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

__all__ = ["LEET_TABLE", "WORD", "View", "normalise"]

# Characters that survive NFKC but are only decoration or typography.
_CHAR_MAP = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "\u3002": ".",
        "\u00b7": ".",
        "\u2022": ".",
    }
)
# Homoglyphs: Cyrillic and Greek letters that look Latin, and Latin letters that look
# Cyrillic.  Only applied inside words that mix scripts, so real Russian text is untouched.
_TO_LATIN = {
    "а": "a",
    "е": "e",
    "ё": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "у": "y",
    "х": "x",
    "к": "k",
    "і": "i",
    "ј": "j",
    "ѕ": "s",
    "һ": "h",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ӏ": "l",
    "α": "a",
    "ο": "o",
    "ε": "e",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
}
_TO_CYRILLIC = {
    "a": "а",
    "e": "е",
    "o": "о",
    "p": "р",
    "c": "с",
    "y": "у",
    "x": "х",
    "k": "к",
    "m": "м",
    "t": "т",
    "h": "н",
    "b": "в",
}
_TO_LATIN_TABLE = str.maketrans(_TO_LATIN)
_TO_CYRILLIC_TABLE = str.maketrans(_TO_CYRILLIC)
LEET_TABLE = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
_BANG_END = re.compile(r"!(?![^\W_])")
_DROP_CATEGORIES = frozenset({"Cf", "Cc", "Co", "Cn", "Cs", "Me", "So"})
_SLOW_HINT = re.compile(
    "(?![0-9])\\d|[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u20d0-\u20ff\u2190-\u2bff\u3164\ufe00-\ufe0f\ufeff\uffa0\uff01-\uff5e"
    "\U0001f000-\U0001faff\U000e0000-\U000e007f]"
)
_CYR = "\u0370-\u052f"  # Greek and Cyrillic blocks
_MIXED_HINT = re.compile(rf"[a-z][{_CYR}]|[{_CYR}][a-z]")
WORD = re.compile(r"[^\W\d_]+")


def _fix_homoglyphs(norm: str) -> str:
    """Rewrite words that mix Latin with Cyrillic/Greek into a single script.

    Length is preserved (one character for one), so no offset bookkeeping is needed.
    """
    if not _MIXED_HINT.search(norm):
        return norm
    chars = list(norm)
    for m in WORD.finditer(norm):
        word = m.group()
        foreign = [c for c in word if "\u0370" <= c <= "\u052f"]
        if not foreign or len(foreign) == len(word):
            continue
        if all(c in _TO_LATIN for c in foreign):
            fixed = word.translate(_TO_LATIN_TABLE)
        elif all(c in _TO_CYRILLIC for c in word if not "\u0370" <= c <= "\u052f"):
            fixed = word.translate(_TO_CYRILLIC_TABLE)
        else:
            continue
        chars[m.start() : m.end()] = fixed
    return "".join(chars)


_RLO, _PDF = "\u202e", "\u202c"


def _display_order(text: str) -> list[int]:
    """Indices of ``text`` in the order a reader sees them.

    Only the right-to-left *override* (U+202E ... U+202C, or to the end of the line) changes
    the order of Latin letters and digits: "\u202emoc.liamg@anna\u202c" displays as
    "anna@gmail.com". Embeddings and isolates keep Latin text left to right, so they are only
    removed, like every other format character.
    """
    order: list[int] = []
    run: list[int] | None = None
    for i, ch in enumerate(text):
        if ch == _RLO:
            if run is not None:
                order.extend(reversed(run))
            run = []
            order.append(i)
        elif run is not None and ch in (_PDF, "\n"):
            order.extend(reversed(run))
            order.append(i)
            run = None
        elif run is not None:
            run.append(i)
        else:
            order.append(i)
    if run:
        order.extend(reversed(run))
    return order


def normalise(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """Return the normalised text and, if lengths differ, start/end offset maps.

    Most messages are plain ASCII or already NFKC-clean; they take the fast path with an
    identity offset map (``None``), which keeps the scanner fast on ordinary traffic.
    Decimal digits of every script become ASCII digits here, so no rule needs to know
    about them (Python's ``\\d`` would match them but ``int`` and phonenumbers would
    judge them inconsistently).
    """
    if text.isascii():
        return text.lower(), None, None
    if not _SLOW_HINT.search(text) and unicodedata.is_normalized("NFKC", text):
        low = text.lower()
        if len(low) == len(text):
            return _fix_homoglyphs(low.translate(_CHAR_MAP)), None, None
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    if _RLO in text:
        for i in _display_order(text):
            _one(text, i, out, starts, ends)
        return _fix_homoglyphs("".join(out)), starts, ends
    # Stretches between the characters that need attention (emoji, format characters,
    # foreign digits...) are copied whole when they are already clean: most of a message.
    pos = 0
    for m in _SLOW_HINT.finditer(text):
        _stretch(text, pos, m.start(), out, starts, ends)
        _one(text, m.start(), out, starts, ends)
        pos = m.end()
    _stretch(text, pos, len(text), out, starts, ends)
    return _fix_homoglyphs("".join(out)), starts, ends


def _stretch(
    text: str, lo: int, hi: int, out: list[str], starts: list[int], ends: list[int]
) -> None:
    if lo >= hi:
        return
    seg = text[lo:hi]
    low = seg.translate(_CHAR_MAP).lower()
    if len(low) == len(seg) and unicodedata.is_normalized("NFKC", seg):
        out.append(low)
        starts.extend(range(lo, hi))
        ends.extend(range(lo + 1, hi + 1))
        return
    for i in range(lo, hi):
        _one(text, i, out, starts, ends)


def _one(text: str, i: int, out: list[str], starts: list[int], ends: list[int]) -> None:
    """Normalise the character at ``i``: NFKC, typography map, lower case, digits to ASCII;
    drop format, control and symbol characters; fold combining marks into the letter."""
    for c in unicodedata.normalize("NFKC", text[i]).translate(_CHAR_MAP).lower():
        cat = unicodedata.category(c)
        if cat == "Nd":
            c = str(unicodedata.decimal(c))
        if cat in _DROP_CATEGORIES or (cat == "Sk" and ord(c) > 0x2000):
            continue
        if cat == "Mn":
            if out and len(composed := unicodedata.normalize("NFC", out[-1][-1] + c)) == 1:
                out[-1] = out[-1][:-1] + composed
                ends[-1] = i + 1
            continue
        out.append(c)
        starts.append(i)
        ends.append(i + 1)


@attrs.define(slots=True)
class View:
    """The normalised message plus the way back to the original offsets."""

    text: str
    norm: str
    starts: list[int] | None
    ends: list[int] | None
    _leet: str | None = None

    @property
    def leet(self) -> str:
        if self._leet is None:
            leet = self.norm.translate(LEET_TABLE)
            if "!" in self.norm:
                # "!" ends sentences far more often than it spells an "i" ("Discord!"):
                # only one inside a word ("d!scord") reads as a letter.
                chars = list(leet)
                for m in _BANG_END.finditer(self.norm):
                    chars[m.start()] = "!"
                leet = "".join(chars)
            self._leet = leet
        return self._leet

    def span(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None or self.ends is None:
            return start, end
        # min/max rather than the ends: a run put back in display order is not monotonic.
        return min(self.starts[start:end]), max(self.ends[start:end])
