"""Export of a cluster's deals for its coordinators (CSV or XLSX): one row per deal with its
stage, dates and realised quantities per year."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.db.models.functions import ExtractYear

from greencluster.web.accounts.permissions import Viewer
from greencluster.web.common.exports import table_export
from greencluster.web.marketplace.models import STAGE_ORDER, RealisedQuantity
from greencluster.web.marketplace.selectors import cluster_deals
from greencluster.web.registry.models import Cluster

COLUMNS = (
    "deal_id",
    "supplier",
    "receiver",
    "offer",
    "need",
    "resource_class",
    "stage",
    "furthest_stage",
    "drop_reason",
    "distance_km",
    "transport_mode",
    "report_unit",
    "displaced_key",
    "created_at",
    "contacted_at",
    "running_at",
    "last_activity_at",
    "realised_total",
    "realised_by_year",
    "is_demo",
)


def _iso(value: Any) -> str:
    return value.isoformat(timespec="seconds") if value else ""


def deal_rows(viewer: Viewer, cluster: Cluster) -> list[dict[str, Any]]:
    """The cluster's deals as export rows (only its coordinators may ask)."""
    deals = list(cluster_deals(viewer, cluster).order_by("pk"))
    by_year: dict[int, dict[int, Decimal]] = defaultdict(dict)
    totals = (
        RealisedQuantity.objects.filter(deal__in=[d.pk for d in deals])
        .annotate(year=ExtractYear("period_start"))
        .values("deal_id", "year")
        .annotate(total=Sum("quantity"))
    )
    for row in totals:
        by_year[row["deal_id"]][row["year"]] = row["total"]
    rows = []
    for d in deals:
        years = by_year.get(d.pk, {})
        rows.append(
            {
                "deal_id": d.pk,
                "supplier": d.supplier.name,
                "receiver": d.receiver.name,
                "offer": d.offer.title,
                "need": d.need.title,
                "resource_class": d.class_id,
                "stage": d.stage,
                "furthest_stage": STAGE_ORDER[d.furthest_stage].value,
                "drop_reason": d.drop_reason,
                "distance_km": round(d.distance_km, 1) if d.distance_km is not None else "",
                "transport_mode": d.transport_mode,
                "report_unit": d.report_unit,
                "displaced_key": d.displaced_key,
                "created_at": _iso(d.created_at),
                "contacted_at": _iso(d.contacted_at),
                "running_at": _iso(d.running_at),
                "last_activity_at": _iso(d.last_activity_at),
                "realised_total": float(sum(years.values())) if years else "",
                "realised_by_year": "; ".join(
                    f"{y}: {float(q):g}" for y, q in sorted(years.items())
                ),
                "is_demo": d.is_demo,
            }
        )
    return rows


def deals_export(viewer: Viewer, cluster: Cluster, fmt: str) -> bytes:
    """The cluster's deals as CSV or XLSX (text that looks like a formula stays text)."""
    return table_export(COLUMNS, deal_rows(viewer, cluster), fmt, sheet="deals")
