"""Form fields shared by the apps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from greencluster.core.tables import EXTENSIONS as TABLE_EXTENSIONS


class LimitedFileField(forms.FileField):
    """A file upload refused when larger than ``max_bytes`` (default: the import limit) or
    when its name does not end in one of ``extensions`` (default: the tables importers read,
    CSV, XLSX or JSON). Every file field of a form is one of these."""

    def __init__(
        self,
        *args: Any,
        max_bytes: int | None = None,
        extensions: Iterable[str] = tuple(TABLE_EXTENSIONS),
        **kwargs: Any,
    ) -> None:
        self.extensions = tuple(e.lower() for e in extensions)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs=self._accept()))
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.validators.append(FileExtensionValidator(list(self.extensions)))

    def _accept(self) -> dict[str, str]:
        return {"accept": ",".join(f".{e}" for e in self.extensions)}

    @property
    def limit_bytes(self) -> int:
        return self.max_bytes or settings.GREENCLUSTER_MAX_IMPORT_BYTES

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        limit = self.limit_bytes
        if upload is not None and getattr(upload, "size", 0) > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)},
                code="file_too_large",
            )
        return upload
