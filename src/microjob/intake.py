"""One entrance for every text a user writes.

A marketplace that filters contact details in chat but not in an order's title, a delivery
note, a dispute's evidence or a file name has no filter: users put their phone number wherever
it passes. So every free text a command accepts goes through `Intake`, which

1. **cleans** it: text only, Unicode NFC, no control characters (tabs and newlines where the
   field is multi-line), no bidirectional overrides or isolates (they make a text display as
   something else than it is, e.g. a reversed e-mail address), surrounding space stripped;
2. **bounds** it: every field has a maximum length (a title 200 characters, a message 20,000),
   refused with a clear error, so nobody stores megabytes in a reason;
3. **screens** it with the marketplace's contact filter, exactly as chat does: ``ALLOW`` keeps
   it and counts a strike, ``MASK`` stores it masked and counts a strike, ``BLOCK`` refuses the
   command (the strike is still recorded: the refusal is the policy working). ``HOLD`` cannot
   hold an order's title or a dispute's reason for a moderator without holding the command
   itself, so outside chat it masks what others read and counts the strike, like ``MASK``;
   the text as typed is kept for moderators (`FlaggedText`).

Texts written by admins (rulings, rejection reasons, questions) are cleaned and bounded but not
screened: they are the platform speaking.
"""

from __future__ import annotations

import re
import unicodedata

import attrs
from pendulum import DateTime

from microjob.chat import judge, policy_scanner
from microjob.errors import PolicyViolation, ValidationError
from microjob.policies import ContactFilter, MarketplacePolicy

__all__ = [
    "MAX_FILE_NAME_CHARS",
    "MAX_REASON_CHARS",
    "MAX_TEXT_CHARS",
    "MAX_TITLE_CHARS",
    "ContactDetailsRefused",
    "FlaggedText",
    "Intake",
    "Screened",
    "clean_text",
    "safe_file_name",
]

MAX_TITLE_CHARS = 200
"""Titles and other one-line labels."""
MAX_REASON_CHARS = 2_000
"""Reasons (cancellation, revision, dispute), review texts and answers, offer messages."""
MAX_TEXT_CHARS = 20_000
"""Long texts: a delivery note, evidence, a description (the chat's limit too)."""
MAX_FILE_NAME_CHARS = 120
"""A file name as stored, extension included."""

_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_KEEP_IN_MULTILINE = frozenset("\n\t")
# One regex pass each instead of a Python step per character: the bidirectional controls above,
# and the characters of general category Cc (U+0000-U+001F and U+007F-U+009F, a set Unicode's
# stability policy fixes for good; tests/test_text_intake.py checks it against unicodedata),
# without tab and newline where the field is multi-line.
_BIDI = re.compile(f"[{''.join(sorted(_BIDI_CONTROLS))}]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(
    value: object,
    what: str,
    *,
    limit: int,
    required: bool = False,
    single_line: bool = False,
) -> str:
    """``value`` as stored text, or [`ValidationError`][microjob.errors.ValidationError] saying what
    is wrong with it (see the module docstring for the rules)."""
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be text, got {type(value).__name__}")
    if len(value) > 4 * limit:  # refuse absurd input before any work on it
        raise ValidationError(f"{what} is {len(value):,} characters; the limit is {limit:,}")
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _BIDI.sub("", unicodedata.normalize("NFC", value))
    control = (_CONTROL if single_line else _CONTROL_MULTILINE).search(text)
    if control is not None:
        ch = control.group()
        kind = "line breaks" if ch == "\n" else "control characters"
        raise ValidationError(f"{what} cannot contain {kind} (found {ch!r})")
    text = text.strip()
    if required and not text:
        raise ValidationError(f"{what} is required: write a few words")
    if len(text) > limit:
        raise ValidationError(
            f"{what} is {len(text):,} characters; the limit is {limit:,} "
            "(send longer texts as an attachment)"
        )
    return text


_UNSAFE_NAME = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')


def safe_file_name(name: object) -> str:
    """A file name reduced to a safe base name of bounded length.

    Directories are dropped (``../../etc/passwd.pdf`` becomes ``passwd.pdf``), characters that
    are unsafe on common file systems or invisible are removed, and a long stem is shortened so
    the whole name fits `MAX_FILE_NAME_CHARS` with its extension kept.
    """
    if not isinstance(name, str):
        raise ValidationError(f"a file name must be text, got {type(name).__name__}")
    if len(name) > 65_536:
        raise ValidationError(f"a file name of {len(name):,} characters is not a file name")
    text = unicodedata.normalize("NFC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))
    base = re.split(r"[/\\]", text)[-1]
    base = _UNSAFE_NAME.sub("", base).strip().strip(".").strip()
    if not base:
        raise ValidationError(f"file name {name[:80]!r} has no usable name; e.g. 'logo.png'")
    if len(base) > MAX_FILE_NAME_CHARS:
        stem, dot, ext = base.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            base = f"{stem[: MAX_FILE_NAME_CHARS - len(ext) - 1]}.{ext}"
        else:
            base = base[:MAX_FILE_NAME_CHARS]
    return base


class ContactDetailsRefused(PolicyViolation):
    """A text was refused because it shares contact details (policy ``BLOCK``).

    ``field`` names the text (``"title"``, ``"delivery message"``, ...), ``kinds`` what was
    found, ``strikes`` the writer's strike count after this attempt. ``str(error)`` is the reason
    to show the writer.
    """

    def __init__(self, field: str, reason: str, kinds: tuple[str, ...], strikes: int = 0) -> None:
        self.field = field
        self.kinds = kinds
        self.strikes = strikes
        self.reason = reason
        super().__init__(f"{field}: {reason}")


@attrs.frozen(slots=True)
class Screened:
    """One text after the intake: what is stored, and what the scanner found in it."""

    field: str
    text: str
    original: str
    flags: tuple[str, ...] = ()


@attrs.frozen(slots=True)
class FlaggedText:
    """A text outside chat in which the scanner found contact details, kept for moderators:
    who wrote it, where (``ref``, e.g. ``order:42``, and the field), what they typed and what
    others see."""

    id: str
    user_id: str
    ref: str
    field: str
    original: str
    shown: str
    flags: tuple[str, ...]
    at: DateTime
    state: str = "new"
    version: int = 0


class Intake:
    """The texts of one command, cleaned, bounded and screened under one policy."""

    def __init__(self, policy: MarketplacePolicy) -> None:
        self._rule = policy.contact_filter
        self._scanner = policy_scanner(policy)
        self.screened: list[Screened] = []

    def text(
        self,
        value: object,
        field: str,
        *,
        limit: int = MAX_REASON_CHARS,
        required: bool = False,
        single_line: bool = False,
    ) -> str:
        """Clean, bound and screen one text; returns what is to be stored."""
        cleaned = clean_text(value, field, limit=limit, required=required, single_line=single_line)
        if not cleaned:
            return cleaned
        rule = ContactFilter.MASK if self._rule is ContactFilter.HOLD else self._rule
        verdict = judge(rule, self._scanner, cleaned)
        if not verdict.flags:
            return cleaned
        if rule is ContactFilter.BLOCK:
            raise ContactDetailsRefused(field, verdict.reason, verdict.flags)
        self.screened.append(Screened(field, verdict.text, cleaned, verdict.flags))
        return verdict.text

    def file_name(self, name: object) -> str:
        """A file name made safe (`safe_file_name`) and screened like any text."""
        return self.text(safe_file_name(name), "file name", limit=MAX_FILE_NAME_CHARS)

    @property
    def flagged(self) -> bool:
        return bool(self.screened)
