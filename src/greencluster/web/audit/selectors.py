"""Reading the audit log: coordinators see the entries of their clusters and of the
organisations that are members there."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.audit.models import AuditEntry


def audit_entry_list(viewer: Viewer, *, cluster_id: int) -> QuerySet[AuditEntry]:
    if not viewer.can_manage_cluster(cluster_id):
        raise PermissionDenied("only the cluster's coordinators may read its audit log")
    from greencluster.web.registry.models import Membership, Organisation, Site

    org_ids = Membership.objects.filter(cluster_id=cluster_id).values_list(
        "organisation_id", flat=True
    )
    org_keys = [str(pk) for pk in org_ids]
    site_keys = [
        str(pk)
        for pk in Site.objects.filter(organisation_id__in=org_ids).values_list("id", flat=True)
    ]
    return (
        AuditEntry.objects.filter(
            Q(cluster_id=cluster_id)
            | Q(target_type=Organisation._meta.label_lower, target_id__in=org_keys)
            | Q(target_type=Site._meta.label_lower, target_id__in=site_keys)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
