"""Pieces every app's JSON API shares: error bodies, the token check for writes, uploads."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import NinjaAPI, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from greencluster.core.errors import InputError
from greencluster.web.accounts.auth import request_viewer
from greencluster.web.accounts.permissions import Viewer


class RowErrorOut(Schema):
    row: int | None
    column: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[RowErrorOut] = []


def row_errors(exc: InputError, detail: str = "{n} errors; nothing was imported") -> Status:
    """HTTP 400 listing every row error; ``detail`` says what happened ({n}: their count)."""
    return Status(
        400,
        ErrorOut(
            detail=detail.format(n=len(exc.errors)),
            errors=[RowErrorOut(row=e.row, column=e.column, message=e.message) for e in exc.errors],
        ),
    )


def token_viewer(request: HttpRequest) -> Viewer:
    """The caller of a write: a token is required, so that no cross-site form can write with a
    browser's session (the API is CSRF-exempt)."""
    viewer = request_viewer(request, allow_session=False)
    if not viewer.is_authenticated:
        raise HttpError(401, "writes need an API token: Authorization: Bearer <token>")
    return viewer


def read_upload(file: UploadedFile, *, max_bytes: int | None = None) -> bytes:
    """The bytes of an uploaded file, refused (InputError) when it is over the size limit."""
    limit = max_bytes or settings.GREENCLUSTER_MAX_IMPORT_BYTES
    if file.size is not None and file.size > limit:
        raise InputError(f"the file is larger than {limit // (1024 * 1024)} MB", source=file.name)
    return file.read()


# django-ninja answers 422 {"detail": [{"loc": [...], "msg": ..., "type": ...}]} when the
# parameters or the body of a request do not validate.
VALIDATION_ERROR_RESPONSE = {
    "description": "Parameters or body that do not validate, each problem with its location",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["detail"],
                "properties": {
                    "detail": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["loc", "msg"],
                            "properties": {
                                "loc": {
                                    "type": "array",
                                    "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                                },
                                "msg": {"type": "string"},
                                "type": {"type": "string"},
                            },
                        },
                    }
                },
            }
        }
    },
}


class DocumentedAPI(NinjaAPI):
    """The API whose OpenAPI document also lists the 422 answer of every operation (to
    parameters or a body that do not validate, or that hold text no database column holds:
    see :mod:`greencluster.web.common.middleware`), so that clients (and schema checks)
    know every status it gives."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                if isinstance(operation, dict) and "responses" in operation:
                    operation["responses"].setdefault("422", VALIDATION_ERROR_RESPONSE)
        return schema
