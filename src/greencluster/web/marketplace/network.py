"""The marketplace's edges of the cluster graph (``greencluster.core.network.Edge``): current
suggestions as potential flows and running or ended deals as realised flows, from supplier to
receiver, between members of the given clusters. Node ids are ``str(Organisation.pk)``.

The edges carry members' quantities and values (the full figures): whoever shows them must
show them to the clusters' coordinators only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractYear

from greencluster.core.network import Edge, EdgeKind
from greencluster.web.marketplace.matching import price_per_basis_unit
from greencluster.web.marketplace.models import Deal, Listing, RealisedQuantity, Suggestion
from greencluster.web.registry.models import Membership


def _members(cluster_ids: Iterable[int]) -> set[int]:
    return set(
        Membership.objects.filter(cluster_id__in=list(cluster_ids)).values_list(
            "organisation_id", flat=True
        )
    )


def _amounts(quantity: float | None, basis: str) -> dict[str, float]:
    if quantity is None:
        return {}
    return {"t": {"tonnes": quantity}, "MWh": {"mwh": quantity}}.get(basis, {})


def potential_edges(members: set[int]) -> list[Edge]:
    suggestions = (
        Suggestion.objects.filter(
            offer__organisation_id__in=members,
            need__organisation_id__in=members,
            offer__status=Listing.Status.ACTIVE,
            need__status=Listing.Status.ACTIVE,
        )
        .select_related("offer", "need")
        .order_by("pk")
    )
    return [
        Edge(
            source=str(s.offer.organisation_id),
            target=str(s.need.organisation_id),
            kind=EdgeKind.POTENTIAL_FLOW,
            weight=round(s.score / 100, 4),
            value_eur=s.value_eur_per_a or 0.0,
            class_code=s.offer.class_id,
            label=s.use,
            **_amounts(s.flow_per_a, s.basis),
        )
        for s in suggestions
    ]


def realised_edges(members: set[int]) -> list[Edge]:
    """One edge per running or ended deal: its realised quantity in the latest year with
    records (per year), valued at the offer's price where the units agree."""
    deals = {
        d.pk: d
        for d in Deal.objects.filter(
            supplier_id__in=members,
            receiver_id__in=members,
            stage__in=(Deal.Stage.RUNNING, Deal.Stage.ENDED),
        ).select_related("offer")
    }
    per_year: dict[int, dict[int, Decimal]] = defaultdict(dict)
    rows = (
        RealisedQuantity.objects.filter(deal_id__in=list(deals))
        .annotate(year=ExtractYear("period_start"))
        .values("deal_id", "year")
        .annotate(total=Sum("quantity"))
    )
    for row in rows:
        per_year[row["deal_id"]][row["year"]] = row["total"]
    edges = []
    for pk, deal in sorted(deals.items()):
        years = per_year.get(pk)
        quantity = float(years[max(years)]) if years else 0.0
        price = price_per_basis_unit(deal.offer)
        value = (
            quantity * price if price is not None and deal.offer.basis == deal.report_unit else 0.0
        )
        edges.append(
            Edge(
                source=str(deal.supplier_id),
                target=str(deal.receiver_id),
                kind=EdgeKind.REALISED_FLOW,
                weight=1.0,
                value_eur=value,
                class_code=deal.class_id,
                label=deal.get_stage_display(),
                **_amounts(quantity, deal.report_unit),
            )
        )
    return edges


def network_edges(*, cluster_ids: Iterable[int]) -> Iterable[Edge]:
    """Potential flows (current suggestions, weight = score / 100, quantities per year) and
    realised flows (running or ended deals) between members of ``cluster_ids``."""
    members = _members(cluster_ids)
    return [*potential_edges(members), *realised_edges(members)]
