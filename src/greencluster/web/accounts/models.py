"""Who may do what: coordinators of clusters, admins and users of organisations, API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ClusterCoordinator(models.Model):
    """A user who manages a cluster and sees its members' confidential figures."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator_roles"
    )
    cluster = models.ForeignKey(
        "registry.Cluster", on_delete=models.CASCADE, related_name="coordinators"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "cluster"], name="unique_coordinator")
        ]

    def __str__(self) -> str:
        return f"{self.user} coordinates {self.cluster}"


class OrganisationRole(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Organisation admin")
        MEMBER = "member", _("Member user")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_roles"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="user_roles"
    )
    role = models.CharField(max_length=10, choices=Role, default=Role.MEMBER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_org_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} of {self.organisation}"


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored, the key is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key() -> str:
        return "gc_" + secrets.token_urlsafe(32)
