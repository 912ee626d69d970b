"""Regular-expression building blocks of the contact scanner.

Word lists of hundreds of entries in five languages are compiled into tries
(`_alternation`) and bucketed by the letters they start with (`_Dispatch`), so a
message only runs the phrases its own words could begin: the difference between a few and a
few hundred regex attempts per position.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import attrs


def _alternation(items: Iterable[str]) -> str:
    """A regex matching any of the literal ``items``, factored as a trie.

    Python's regex engine tries alternatives one by one; sharing prefixes
    ("tele(?:gram(?:m)?|fon)") makes a 300-word list cost a handful of steps per position.
    Greedy optional tails keep the longest-match behaviour of a longest-first list.
    """
    trie: dict[str, dict[str, Any]] = {}
    for item in items:
        if not item:
            continue
        node = trie
        for ch in item:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(trie) or "(?!)"


def _alternation_except(items: Iterable[str], exceptions: Iterable[str]) -> str:
    """Like `_alternation`, but an item never matches where it begins one of the
    ``exceptions`` ("szám" but not "számla"). Only items that do begin an exception carry a
    look-ahead, so the rest of the trie stays as cheap as before."""
    excepted = set(exceptions)
    plain, guarded = [], []
    for item in sorted(set(items)):
        tails = [e[len(item) :] for e in excepted if e.startswith(item) and e != item]
        if tails:
            guarded.append(f"{re.escape(item)}(?!{_alternation(tails)})")
        else:
            plain.append(item)
    return "|".join([_alternation(plain), *guarded])


def _emit(node: dict[str, Any]) -> str:
    alts = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    optional = "" in node
    if len(alts) == 1 and not optional:
        return alts[0]
    return "(?:" + "|".join(alts) + ")" + ("?" if optional else "")


def _strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def _ascii_variants(word: str) -> set[str]:
    """The word as typed on a keyboard without accents: "három"→"harom", "fünf"→"fuenf"."""
    stripped = _strip_accents(word)
    german = word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return {word, stripped, german, stripped.replace("ß", "ss")}


def _within(norm: str, start: int, end: int, before: int, after: int) -> tuple[str, str]:
    return norm[max(0, start - before) : start], norm[end : end + after]


def _all_variants(items: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for item in items:
        out |= _ascii_variants(item.lower())
    return out


def _matching_paren(p: str) -> int:
    depth = 0
    i = 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced pattern: {p!r}")


def _split_top(p: str) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(p[start:i])
            start = i + 1
        i += 1
    parts.append(p[start:])
    return parts


def _lead_keys(pattern: str) -> set[str] | None:
    """The first four letters (or the whole shorter word) a match can start with.

    Only understands the plain shapes used in the word lists (literals, ``(?:a|b)``
    groups, ``?``); returns None for anything else, and such a pattern is then always
    tried.  This lets the scanner skip most phrases without running them.
    """
    out: set[str] = set()

    def walk(p: str, acc: str) -> bool:
        if len(acc) == _KEY_LEN:
            out.add(acc)
            return True
        if p.startswith("(?:"):
            close = _matching_paren(p)
            inner, rest = p[3:close], p[close + 1 :]
            optional = rest[:1] in ("?", "*")
            if rest[:1] in ("?", "*", "+"):
                rest = rest[1:]
            ok = all(walk(alt + rest, acc) for alt in _split_top(inner))
            return ok and (not optional or walk(rest, acc))
        c = p[:1]
        if c and c.isalpha() and p[1:2] not in ("{", "*", "?", "+"):
            return walk(p[1:], acc + c)
        if c and c.isalpha() and p[1:2] == "?":
            return walk(p[2:], acc) and walk(c + p[2:], acc)
        if acc and not (c and c.isalpha()) and c not in ("(", "["):
            out.add(acc)  # a short whole word ("dm", "a", "e" of "e-mail")
            return True
        return False

    return out if walk(pattern, "") else None


@attrs.frozen
class _Dispatch:
    """Patterns bucketed by the letters they start with, tried only when a word does."""

    buckets: dict[str, re.Pattern[str]]
    always: re.Pattern[str] | None
    keys: frozenset[str] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "keys", frozenset(self.buckets))

    @classmethod
    def build(cls, fragments: Iterable[str], template: str) -> _Dispatch:
        by_key: dict[str, list[str]] = {}
        always: list[str] = []
        for frag in fragments:
            keys = _lead_keys(frag)
            if keys is None:
                always.append(frag)
            for key in keys or ():
                by_key.setdefault(key, []).append(frag)

        def compile_(frags: list[str]) -> re.Pattern[str]:
            ordered = sorted(set(frags), key=lambda f: (-len(f), f))
            return re.compile(template.format("|".join(f"(?:{f})" for f in ordered)))

        buckets = {k: compile_(v) for k, v in by_key.items()}
        return cls(buckets, compile_(always) if always else None)

    def hit(self, keys: set[str]) -> bool:
        return self.always is not None or not self.keys.isdisjoint(keys)

    def finditer(self, text: str, keys: set[str]) -> list[re.Match[str]]:
        patterns = [self.buckets[k] for k in self.keys.intersection(keys)]
        if self.always is not None:
            patterns.append(self.always)
        if len(patterns) == 1:
            return list(patterns[0].finditer(text))
        seen: set[tuple[int, int]] = set()
        out = []
        for pattern in dict.fromkeys(patterns):
            for m in pattern.finditer(text):
                if m.span() not in seen:
                    seen.add(m.span())
                    out.append(m)
        return out


_KEY_LEN = 4


def _has_spaced_letters(tokens: list[str]) -> bool:
    """Four or more one-letter words: maybe a name typed letter by letter."""
    return sum(1 for t in tokens if len(t) == 1) >= 4


def _word_keys(tokens: Iterable[str]) -> set[str]:
    """Dispatch keys of a message: each word's first four letters, or the short word."""
    return {t[:_KEY_LEN] for t in tokens}
