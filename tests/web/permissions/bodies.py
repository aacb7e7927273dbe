"""What a response shows, as lower-case text: HTML and JSON (entities and escapes undone),
CSV, the XML parts of XLSX workbooks, and the text of PDFs (raw and inflated streams)."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
import zlib
from typing import Any

PDF_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
PDF_ESCAPE = re.compile(r"\\([()\\])")


def response_bytes(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def pdf_text(data: bytes) -> str:
    """The PDF's bytes and each Flate stream inflated, Latin-1 decoded, string escapes undone
    (the built-in fonts write text as literal strings)."""
    parts = [data]
    for match in PDF_STREAM.finditer(data):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return PDF_ESCAPE.sub(r"\1", b"\n".join(parts).decode("latin-1"))


def xlsx_text(data: bytes) -> str:
    """Every XML part of the workbook: cell values, shared strings, charts, properties."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return html.unescape(
            "\n".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith((".xml", ".rels"))
            )
        )


def shown_text(response: Any) -> str:
    """Everything ``response`` shows, lower-cased, including a download's file name."""
    data = response_bytes(response)
    content_type = response.get("Content-Type", "")
    if data.startswith(b"%PDF"):
        text = pdf_text(data)
    elif data.startswith(b"PK\x03\x04"):
        text = xlsx_text(data)
    else:
        text = data.decode("utf-8", "replace")
        if "json" in content_type:
            text += "\n" + json.dumps(_loads(text), ensure_ascii=False)
        text = html.unescape(text)
    return (response.get("Content-Disposition", "") + "\n" + text).lower()


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None
