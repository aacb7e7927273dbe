"""Which files may be attached to good practices and publications: documents and images up to
a size limit, recognised by their content as well as their name, so that a renamed executable
or a web page cannot pass as a PDF."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


class AttachmentRefused(ValueError):
    """The file may not be attached; the message says why and what is accepted."""


@dataclass(frozen=True, slots=True)
class FileKind:
    extension: str
    media_type: str
    magic: bytes | None  # leading bytes; None: checked by other means


KINDS: tuple[FileKind, ...] = (
    FileKind("pdf", "application/pdf", b"%PDF-"),
    FileKind("png", "image/png", b"\x89PNG\r\n\x1a\n"),
    FileKind("jpg", "image/jpeg", b"\xff\xd8\xff"),
    FileKind("jpeg", "image/jpeg", b"\xff\xd8\xff"),
    FileKind(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        None,
    ),
    FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", None),
    FileKind(
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        None,
    ),
    FileKind("odt", "application/vnd.oasis.opendocument.text", None),
    FileKind("txt", "text/plain", None),
    FileKind("csv", "text/csv", None),
)
_BY_EXTENSION = {k.extension: k for k in KINDS}
_ZIP_MEMBER = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/", "odt": "content.xml"}


def accepted_extensions() -> tuple[str, ...]:
    return tuple(k.extension for k in KINDS)


def check_attachment(name: str, data: bytes, *, max_bytes: int = MAX_ATTACHMENT_BYTES) -> str:
    """The media type of the file ``name`` with content ``data``, or :class:`AttachmentRefused`
    when its type is not accepted, its content does not match its name, or it is too large."""
    extension = PurePath(name).suffix.lower().lstrip(".")
    kind = _BY_EXTENSION.get(extension)
    if kind is None:
        raise AttachmentRefused(
            f"'{name}': files of this type are not accepted; "
            f"accepted: {', '.join(accepted_extensions())}"
        )
    if not data:
        raise AttachmentRefused(f"'{name}' is empty")
    if len(data) > max_bytes:
        raise AttachmentRefused(
            f"'{name}' is {len(data) / 1_048_576:.1f} MB; the limit is {max_bytes / 1_048_576:g} MB"
        )
    if kind.magic is not None:
        if not data.startswith(kind.magic):
            raise AttachmentRefused(f"'{name}' is not a {extension.upper()} file by its content")
    elif extension in _ZIP_MEMBER:
        _check_zip(name, data, _ZIP_MEMBER[extension])
    else:
        _check_text(name, data)
    return kind.media_type


def _check_zip(name: str, data: bytes, member: str) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        raise AttachmentRefused(f"'{name}' is not an office document by its content") from None
    if not any(n.startswith(member) for n in names):
        raise AttachmentRefused(f"'{name}' is not an office document of its kind by its content")


def _check_text(name: str, data: bytes) -> None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AttachmentRefused(f"'{name}' is not UTF-8 text") from None
    head = text[:512].lstrip().lower()
    if "\x00" in text or head.startswith(("<!doctype", "<html", "<script", "<svg")):
        raise AttachmentRefused(f"'{name}' is not plain text")
