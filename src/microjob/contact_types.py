"""What the contact scanner reports: kinds, findings located in the original text, scans.

Kept apart from the rules so every rule module can build findings without importing the
scanner; [`microjob.contacts`][microjob.contacts] re-exports all of it.
"""

from __future__ import annotations

import enum

import attrs

__all__ = ["MASK", "ContactKind", "Finding", "Scan"]

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
