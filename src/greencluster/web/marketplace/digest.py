"""The marketplace's section of the periodic digest (``greencluster.web.knowledge.digest``):
partners newly suggested for the member's own active listings."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from greencluster.web.accounts.permissions import Viewer
from greencluster.web.knowledge.digest import MAX_ITEMS, DigestItem, DigestSection
from greencluster.web.marketplace.models import Listing, Suggestion


def digest_sections(*, viewer: Viewer, since: dt.datetime, language: str) -> list[DigestSection]:
    """New suggestions since ``since`` for the active listings of the viewer's organisations
    (the partner's title, organisation and distance; no confidential figure)."""
    orgs = viewer.organisation_ids
    if not orgs:
        return []
    active = Listing.Status.ACTIVE
    found = (
        Suggestion.objects.filter(created_at__gte=since)
        .filter(
            Q(offer__organisation_id__in=orgs, offer__status=active, need__status=active)
            | Q(need__organisation_id__in=orgs, need__status=active, offer__status=active)
        )
        .select_related("offer__organisation", "need__organisation")
        .order_by("-public_score", "pk")[:MAX_ITEMS]
    )
    items = []
    for s in found:
        own, partner = (s.offer, s.need) if s.offer.organisation_id in orgs else (s.need, s.offer)
        items.append(
            DigestItem(
                f"{partner.title} – {partner.organisation.name}",
                reverse("marketplace:listing", args=[own.pk]),
                _("for your listing '%(title)s', %(km)d km")
                % {
                    "title": own.title,
                    "km": round(s.distance_km),
                },
            )
        )
    return [DigestSection(_("New partners for your side streams"), tuple(items))] if items else []
