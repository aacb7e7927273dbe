"""The coordinator's view of a cluster's marketplace: the funnel from suggestion to running
exchange, the realisation rate per month, and the tonnes and MWh actually exchanged.

A deal counts at every stage it has reached (``Deal.furthest_stage``), also when it was
dropped later, so the funnel shows where matches stop. The realisation rate of a month is the
share of the deals first contacted in that month that have reached "running" since.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils.translation import gettext as _

from greencluster.web.accounts.permissions import Viewer
from greencluster.web.marketplace.models import (
    STAGE_ORDER,
    Deal,
    RealisedQuantity,
    Suggestion,
    stage_index,
)
from greencluster.web.marketplace.selectors import cluster_deals, cluster_suggestions
from greencluster.web.registry.models import Cluster

FUNNEL_STAGES = (
    Deal.Stage.CONTACTED,
    Deal.Stage.NEGOTIATING,
    Deal.Stage.AGREED,
    Deal.Stage.RUNNING,
)


@dataclass(frozen=True)
class FunnelStep:
    key: str
    label: str
    count: int
    share: float | None  # of the suggested pairs


@dataclass(frozen=True)
class MonthRow:
    month: Any
    contacted: int
    running: int

    @property
    def rate(self) -> float | None:
        return self.running / self.contacted if self.contacted else None


def funnel(viewer: Viewer, cluster: Cluster) -> list[FunnelStep]:
    """Suggested pairs, then deals that reached each stage (one query each way)."""
    deals = cluster_deals(viewer, cluster)
    suggestions = cluster_suggestions(viewer, cluster)
    untracked = deals.filter(
        ~Exists(Suggestion.objects.filter(offer=OuterRef("offer"), need=OuterRef("need")))
    )
    suggested = suggestions.count() + untracked.count()
    counts = deals.aggregate(
        **{
            stage: Count("pk", filter=Q(furthest_stage__gte=stage_index(stage)))
            for stage in FUNNEL_STAGES
        }
    )
    steps = [FunnelStep("suggested", str(_("Suggested")), suggested, 1.0 if suggested else None)]
    for stage in FUNNEL_STAGES:
        n = counts[stage] or 0
        steps.append(
            FunnelStep(stage, str(Deal.Stage(stage).label), n, n / suggested if suggested else None)
        )
    return steps


def realisation_by_month(viewer: Viewer, cluster: Cluster) -> list[MonthRow]:
    """Per month of first contact: deals contacted, and how many of them reached running."""
    running = STAGE_ORDER.index(Deal.Stage.RUNNING)
    rows = (
        cluster_deals(viewer, cluster)
        .filter(contacted_at__isnull=False)
        .annotate(month=TruncMonth("contacted_at"))
        .values("month")
        .annotate(
            contacted=Count("pk", distinct=True),
            running=Count("pk", filter=Q(furthest_stage__gte=running), distinct=True),
        )
        .order_by("-month")
    )
    return [MonthRow(r["month"], r["contacted"], r["running"]) for r in rows]


def exchanged_by_year(viewer: Viewer, cluster: Cluster) -> list[dict[str, Any]]:
    """Realised quantities of the cluster's deals, per year and unit."""
    deals = cluster_deals(viewer, cluster).values("pk")
    return list(
        RealisedQuantity.objects.filter(deal__in=deals)
        .annotate(year=ExtractYear("period_start"))
        .values("year", "deal__report_unit")
        .annotate(total=Sum("quantity"), deals=Count("deal", distinct=True))
        .order_by("-year", "deal__report_unit")
    )
