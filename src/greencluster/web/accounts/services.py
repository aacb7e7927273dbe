"""Writes about users and roles."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from greencluster.web.accounts.models import (
    ApiToken,
    ClusterCoordinator,
    OrganisationRole,
    hash_token,
)
from greencluster.web.audit.services import audit_record


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its key; the key is not stored and is shown once."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "API token", prefix=key[3:9], key_hash=hash_token(key)
    )
    audit_record(actor=user, action="api-token.create", target=token)
    return token, key


@transaction.atomic
def coordinator_add(*, actor: Any, user: Any, cluster: Any) -> ClusterCoordinator:
    role, _ = ClusterCoordinator.objects.get_or_create(user=user, cluster=cluster)
    audit_record(
        actor=actor,
        action="coordinator.add",
        target=cluster,
        cluster=cluster,
        changes={"user": user.get_username()},
    )
    return role


@transaction.atomic
def organisation_role_set(
    *, actor: Any, user: Any, organisation: Any, role: str
) -> OrganisationRole:
    obj, _ = OrganisationRole.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    audit_record(
        actor=actor,
        action="organisation-role.set",
        target=organisation,
        changes={"user": user.get_username(), "role": role},
    )
    return obj
