"""Form fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class LimitedFileField(forms.FileField):
    """A file upload refused when larger than ``max_bytes`` (default: the import limit)."""

    def __init__(self, *args: Any, max_bytes: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        limit = self.max_bytes or settings.GREENCLUSTER_MAX_IMPORT_BYTES
        if upload is not None and getattr(upload, "size", 0) > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)},
                code="file_too_large",
            )
        return upload
