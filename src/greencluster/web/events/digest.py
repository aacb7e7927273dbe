"""The events app's section of the periodic digest (see ``greencluster.web.knowledge.digest``):
the coming events of the clusters the reader belongs to or coordinates that they may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from greencluster.web.accounts.permissions import Viewer
from greencluster.web.events.models import Event
from greencluster.web.events.selectors import visible_events
from greencluster.web.knowledge.digest import MAX_ITEMS, DigestItem, DigestSection
from greencluster.web.knowledge.selectors import member_cluster_ids

AHEAD = dt.timedelta(days=90)


def digest_sections(*, viewer: Viewer, since: dt.datetime, language: str) -> list[DigestSection]:
    """Upcoming events (the next 90 days) of the viewer's clusters, newly announced ones
    (published since ``since``) first."""
    now = timezone.now()
    clusters = member_cluster_ids(viewer)
    events = visible_events(viewer).filter(
        status=Event.Status.PUBLISHED, starts_at__gte=now, starts_at__lte=now + AHEAD
    )
    if clusters is not None:
        events = events.filter(Q(cluster_id__in=clusters) | Q(mini_cluster__clusters__in=clusters))
    chosen = list(events.select_related("cluster").distinct().order_by("starts_at", "pk"))
    chosen.sort(key=lambda e: (e.updated_at < since, e.starts_at))
    if not chosen:
        return []
    items = tuple(
        DigestItem(
            e.title,
            reverse("events:detail", args=[e.slug]),
            f"{timezone.localtime(e.starts_at, e.zone):%d.%m.%Y %H:%M}, {e.get_kind_display()}, "
            f"{e.cluster.name}" + (f" ({_('new')})" if e.updated_at >= since else ""),
        )
        for e in chosen[:MAX_ITEMS]
    )
    return [DigestSection(_("Coming events"), items)]
