"""One home for permission decisions. Selectors and services ask a :class:`Viewer`; pages,
API and CLI never decide on their own.

Roles: superuser; coordinator of a cluster (manages it, sees its members' confidential
figures); organisation admin (edits own organisation); member user (sees own organisation's
confidential figures); public visitor (public profile fields only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied


class PermissionDenied(DjangoPermissionDenied):
    """The viewer may not do this. Pages answer HTTP 403, the API 403 JSON."""


@dataclass(frozen=True)
class Viewer:
    user_id: int | None
    username: str
    is_superuser: bool
    coordinated_cluster_ids: frozenset[int]
    organisation_ids: frozenset[int]
    admin_organisation_ids: frozenset[int]
    user: Any = None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_coordinator(self) -> bool:
        return self.is_superuser or bool(self.coordinated_cluster_ids)

    def can_manage_cluster(self, cluster_id: int) -> bool:
        return self.is_superuser or cluster_id in self.coordinated_cluster_ids

    def _coordinates_any(self, cluster_ids: set[int] | frozenset[int]) -> bool:
        return bool(self.coordinated_cluster_ids & set(cluster_ids))

    def can_see_confidential(self, organisation_id: int, cluster_ids: set[int]) -> bool:
        """``cluster_ids``: the clusters the organisation is a member of."""
        return (
            self.is_superuser
            or organisation_id in self.organisation_ids
            or self._coordinates_any(cluster_ids)
        )

    def can_edit_organisation(self, organisation_id: int, cluster_ids: set[int]) -> bool:
        return (
            self.is_superuser
            or organisation_id in self.admin_organisation_ids
            or self._coordinates_any(cluster_ids)
        )


ANONYMOUS = Viewer(None, "", False, frozenset(), frozenset(), frozenset())


def system_viewer(label: str) -> Viewer:
    """The installation itself (demo loader, command line): every right, no user; audit
    entries name ``label`` as the actor."""
    return Viewer(None, label, True, frozenset(), frozenset(), frozenset())


def viewer_for(user: Any) -> Viewer:
    """The roles of ``user``, loaded once per request (cached on the user object)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_greencluster_viewer", None)
    if cached is not None:
        return cached
    from greencluster.web.accounts.models import ClusterCoordinator, OrganisationRole

    coordinated = frozenset(
        ClusterCoordinator.objects.filter(user=user).values_list("cluster_id", flat=True)
    )
    roles = list(OrganisationRole.objects.filter(user=user).values_list("organisation_id", "role"))
    viewer = Viewer(
        user_id=user.pk,
        username=user.get_username(),
        is_superuser=bool(user.is_superuser and user.is_active),
        coordinated_cluster_ids=coordinated,
        organisation_ids=frozenset(org for org, _ in roles),
        admin_organisation_ids=frozenset(
            org for org, role in roles if role == OrganisationRole.Role.ADMIN
        ),
        user=user,
    )
    user._greencluster_viewer = viewer
    return viewer
