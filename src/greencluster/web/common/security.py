"""Security headers and login throttling that Django 5.2 does not provide itself.

- ``ContentSecurityPolicyMiddleware`` sends a strict Content-Security-Policy: scripts only
  from this site (no inline script, no eval), no plugins, no framing, forms posting only to
  this site; map tiles from the configured tile server only.
- ``LoginThrottleBackend`` is django-axes' backend for logins that come with a request (the
  login page, the admin): after ``AXES_FAILURE_LIMIT`` failures for a user name from one
  address the pair is locked for ``AXES_COOLOFF_TIME``. Programmatic authentication without a
  request (management commands, test clients) is not throttled, because there is no client
  to throttle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse


def tile_origin(template: str) -> str:
    """``https://tile.example.org`` of a ``https://tile.example.org/{z}/{x}/{y}.png``
    template; "" when tiles are off. A ``{s}`` sub-domain placeholder becomes a wildcard."""
    if not template:
        return ""
    parts = urlsplit(template.replace("{s}", "*"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy() -> str:
    images = ["'self'", "data:"]
    if origin := tile_origin(settings.GREENCLUSTER.get("TILE_URL", "")):
        images.append(origin)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Leaflet and htmx set element styles; inline style attributes stay allowed.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response


class LoginThrottleBackend(AxesStandaloneBackend):  # type: ignore[misc]
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username=username, password=password, **kwargs)
        return None
