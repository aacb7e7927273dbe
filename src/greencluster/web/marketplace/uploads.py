"""Photos and data sheets of listings: size- and type-limited, checked by their first bytes
(not only their name), stored under a random name in the media folder and served only to
those who may see the listing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from greencluster.web.common.errors import ServiceError

PHOTO_MAX_BYTES = 5 * 1024 * 1024
DATASHEET_MAX_BYTES = 10 * 1024 * 1024

PHOTO_TYPES = {
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".webp": ("image/webp", b"RIFF"),
}
DATASHEET_TYPES = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
    ),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
}
PHOTO_HELP = _("JPEG, PNG or WebP, at most 5 MB.")
DATASHEET_HELP = _("PDF, XLSX or DOCX, at most 10 MB.")


def _check(upload: Any, types: dict[str, tuple[str, bytes]], limit: int, field: str) -> None:
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in types:
        raise ServiceError(f"expected a {', '.join(sorted(types))} file", field=field)
    size = getattr(upload, "size", None) or 0
    if size > limit:
        raise ServiceError(f"the file is larger than {limit // (1024 * 1024)} MB", field=field)
    _type, magic = types[suffix]
    head = upload.read(12)
    upload.seek(0)
    if not head.startswith(magic) or (suffix == ".webp" and head[8:12] != b"WEBP"):
        raise ServiceError(f"the file is not a real {suffix} file", field=field)


def check_photo(upload: Any) -> None:
    _check(upload, PHOTO_TYPES, PHOTO_MAX_BYTES, "photo")


def check_datasheet(upload: Any) -> None:
    _check(upload, DATASHEET_TYPES, DATASHEET_MAX_BYTES, "datasheet")


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    found = PHOTO_TYPES.get(suffix) or DATASHEET_TYPES.get(suffix)
    return found[0] if found else "application/octet-stream"
