"""Who is calling: a personal API token (``Authorization: Bearer gc_…``) or the session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from greencluster.web.accounts.models import ApiToken, hash_token
from greencluster.web.accounts.permissions import ANONYMOUS, Viewer, viewer_for


def token_user(request: HttpRequest) -> Any | None:
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(key.strip()), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def request_viewer(request: HttpRequest, *, allow_session: bool = True) -> Viewer:
    """The viewer of an API request. Writes pass ``allow_session=False``: they need a token,
    so that no cross-site form can use a browser's session to write."""
    user = token_user(request)
    if user is not None:
        return viewer_for(user)
    if allow_session and request.user.is_authenticated:
        return viewer_for(request.user)
    return ANONYMOUS
