"""Reading the audit log: coordinators see the entries of their clusters and of the
organisations that are members there."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.audit.models import AuditEntry


def audit_entry_list(viewer: Viewer, *, cluster_id: int) -> QuerySet[AuditEntry]:
    if not viewer.can_manage_cluster(cluster_id):
        raise PermissionDenied("only the cluster's coordinators may read its audit log")
    from greencluster.web.registry.models import Membership, Organisation, Site

    members = Membership.objects.filter(cluster_id=cluster_id)
    # Subqueries, not lists: a cluster may have thousands of members.
    org_keys = members.annotate(key=Cast("organisation_id", CharField())).values("key")
    site_keys = (
        Site.objects.filter(organisation_id__in=members.values("organisation_id"))
        .annotate(key=Cast("id", CharField()))
        .values("key")
    )
    return (
        AuditEntry.objects.filter(
            Q(cluster_id=cluster_id)
            | Q(target_type=Organisation._meta.label_lower, target_id__in=org_keys)
            | Q(target_type=Site._meta.label_lower, target_id__in=site_keys)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def audit_entry_filter(
    entries: QuerySet[AuditEntry],
    *,
    action: str = "",
    actor: str = "",
    text: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """Narrow ``entries``: ``action`` is a prefix (``organisation`` or
    ``organisation.update``), ``actor`` and ``text`` (object and action) are substrings,
    ``since``/``until`` whole days, both included."""
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        entries = entries.filter(
            Q(actor_label__icontains=actor) | Q(actor__username__icontains=actor)
        )
    if text:
        entries = entries.filter(Q(target_repr__icontains=text) | Q(action__icontains=text))
    if since:
        entries = entries.filter(created_at__date__gte=since)
    if until:
        entries = entries.filter(created_at__date__lte=until)
    return entries


AUDIT_COLUMNS = ("time", "actor", "action", "object_type", "object_id", "object", "changes")


def audit_rows(entries: QuerySet[AuditEntry]) -> list[dict[str, Any]]:
    import json

    return [
        {
            "time": e.created_at.isoformat(timespec="seconds"),
            "actor": e.actor_label,
            "action": e.action,
            "object_type": e.target_type,
            "object_id": e.target_id,
            "object": e.target_repr,
            "changes": json.dumps(e.changes, ensure_ascii=False, sort_keys=True),
        }
        for e in entries.iterator(chunk_size=2000)
    ]
