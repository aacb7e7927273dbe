"""The error every app's services raise when a write is refused for a reason the user can fix."""

from __future__ import annotations

from typing import Any


class ServiceError(ValueError):
    """A refused write; ``field`` names the form or API field at fault, if any."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def add_form_error(form: Any, exc: ServiceError) -> None:
    """Show ``exc`` on its field of ``form``, or above the form when the field is not on it."""
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))
