"""Attachment rules: allowed extensions, a size limit and the file's *real* type.

A name proves nothing: ``invoice.pdf.exe`` ends in ``.exe``, and a ``logo.png`` may be a zip
archive or a Windows program. The check therefore looks at three things: the last extension
against the policy's allow-list, the declared size against the limit, and the first bytes of
the file (through the [`FileInspector`][microjob.ports.FileInspector] port) against what that
extension may really contain. ``docx`` and friends are zip containers, old ``doc`` files are OLE
compound files; a ``.zip`` that turns out to be an executable is refused like a bare ``.exe``.

Jobindoor: pdf, doc, docx, zip, psd, jpg, png; at most 150 MB.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from microjob.errors import PolicyViolation, ValidationError
from microjob.orders import Attachment
from microjob.ports import FileInspector

__all__ = ["EXPECTED_TYPES", "MagicInspector", "check_attachments"]

# First bytes of the formats people exchange on a marketplace, and of the ones to refuse.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # an empty zip archive
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # doc, xls, ppt (OLE compound file)
    (b"8BPS", "psd"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"RIFF", "riff"),  # webp, wav, avi
    (b"ID3", "mp3"),
    (b"\xff\xfb", "mp3"),
    (b"OggS", "ogg"),
    (b"Rar!\x1a\x07", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"MZ", "exe"),
    (b"\x7fELF", "elf"),
    (b"\xcf\xfa\xed\xfe", "macho"),
    (b"\xfe\xed\xfa\xcf", "macho"),
    (b"#!", "script"),
)

EXPECTED_TYPES: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "zip": frozenset({"zip"}),
    "docx": frozenset({"zip"}),
    "xlsx": frozenset({"zip"}),
    "pptx": frozenset({"zip"}),
    "odt": frozenset({"zip"}),
    "doc": frozenset({"ole"}),
    "xls": frozenset({"ole"}),
    "ppt": frozenset({"ole"}),
    "psd": frozenset({"psd"}),
    "jpg": frozenset({"jpeg"}),
    "jpeg": frozenset({"jpeg"}),
    "png": frozenset({"png"}),
    "gif": frozenset({"gif"}),
    "webp": frozenset({"riff"}),
    "mp3": frozenset({"mp3"}),
    "rar": frozenset({"rar"}),
    "7z": frozenset({"7z"}),
    "gz": frozenset({"gzip"}),
}
"""What the first bytes of a file with this extension may be."""

_EXECUTABLE = frozenset({"exe", "elf", "macho", "script"})


class MagicInspector:
    """The built-in [`FileInspector`][microjob.ports.FileInspector]: magic numbers, no dependencies.

    It has no access to the host's file storage, so
    [`fetch_head`][microjob.ports.FileInspector.fetch_head] knows nothing: an attachment must carry
    its first bytes (``Attachment.head``). A host that stores uploads itself subclasses or wraps it
    to read them by ``ref``.
    """

    def sniff(self, head: bytes) -> str | None:
        for magic, kind in _MAGIC:
            if head.startswith(magic):
                return kind
        return None

    def fetch_head(self, ref: str) -> bytes | None:
        return None


def _extension(name: str) -> str:
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].strip().rstrip(".")
    if "." not in base:
        return ""
    return base.rsplit(".", 1)[1].lower()


def check_attachments(
    attachments: Sequence[Attachment],
    *,
    extensions: Iterable[str] | None,
    max_bytes: int | None,
    inspector: FileInspector | None = None,
) -> None:
    """Refuse any attachment the policy does not allow, naming the file and the rule.

    ``extensions=None`` allows any name, ``max_bytes=None`` any size. The real-type check
    always runs: on the attachment's first bytes (``Attachment.head``), or on those the
    inspector fetches by ``ref``; without any, the file is refused (fail closed).
    """
    allowed = None if extensions is None else {e.lower().lstrip(".") for e in extensions}
    sniffer = inspector or MagicInspector()
    for item in attachments:
        if not isinstance(item, Attachment):
            raise ValidationError(f"expected an Attachment, got {type(item).__name__}")
        if isinstance(item.size, bool) or not isinstance(item.size, int) or item.size < 0:
            raise ValidationError(f"{item.name!r}: size must be a whole number of bytes")
        ext = _extension(item.name)
        if allowed is not None and ext not in allowed:
            raise PolicyViolation(
                f"{item.name!r}: files of type {('.' + ext) if ext else '(no extension)'} are not "
                f"allowed here; allowed: {', '.join(sorted(allowed))}"
            )
        if max_bytes is not None and item.size > max_bytes:
            raise PolicyViolation(
                f"{item.name!r} is {item.size:,} bytes; the limit is {max_bytes:,} bytes"
            )
        head: bytes | None = item.head
        if not head and item.ref:
            head = sniffer.fetch_head(item.ref)
        if not head or not isinstance(head, bytes):
            raise PolicyViolation(
                f"{item.name!r}: its real type cannot be checked without its first bytes; "
                "send Attachment(..., head=<the file's first bytes>) or let the FileInspector "
                "fetch them by ref"
            )
        real = sniffer.sniff(head)
        if real in _EXECUTABLE:
            raise PolicyViolation(
                f"{item.name!r} is really a program ({real}); programs cannot be sent"
            )
        expected = EXPECTED_TYPES.get(ext)
        if expected is not None and real not in expected:
            raise PolicyViolation(
                f"{item.name!r} is named .{ext} but its content is "
                f"{real or 'not a known format'}; send a real .{ext} file"
            )
