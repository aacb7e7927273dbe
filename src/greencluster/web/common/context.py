"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from greencluster.web.accounts.permissions import viewer_for


def site(request: HttpRequest) -> dict[str, Any]:
    viewer = viewer_for(getattr(request, "user", None))
    return {
        "site_name": settings.GREENCLUSTER["SITE_NAME"],
        "viewer": viewer,
        "languages": settings.LANGUAGES,
    }
