"""Reads of the marketplace, each checked against the viewer. Pages, the API and exports call
these; what a viewer may see is decided here once.

- A listing is seen by members of its organisation's clusters (and of other clusters when
  both allow matching across clusters), by their coordinators and by superusers. Others see
  only active listings.
- Its quantity, price and exact site, unless the member chose to show them, are seen only by
  the organisation's own users, the coordinators of its clusters and the partner of a deal
  that reached "contacted" (and was not dropped). Everyone else gets ``None``.
- Suggestions of a listing are seen by whoever may change the listing.
- A deal is seen by the users of its two organisations and their clusters' coordinators.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import translation

from greencluster.core.impact.avoided import RealisedExchange
from greencluster.core.taxonomy import get_class
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.marketplace.matching import FIGURE_NAMES, open_cluster_ids
from greencluster.web.marketplace.models import (
    Deal,
    Listing,
    MarketplaceSettings,
    RealisedQuantity,
    Suggestion,
    SuggestionFeedback,
)
from greencluster.web.registry.models import Cluster, Membership

REVEALING_STAGES = (
    Deal.Stage.CONTACTED,
    Deal.Stage.NEGOTIATING,
    Deal.Stage.AGREED,
    Deal.Stage.RUNNING,
    Deal.Stage.ENDED,
)
"""A deal in one of these stages shows each partner the other's confidential values."""

OPEN_STAGES = (
    Deal.Stage.IDENTIFIED,
    Deal.Stage.CONTACTED,
    Deal.Stage.NEGOTIATING,
    Deal.Stage.AGREED,
)
APPROXIMATE_DEGREES = 1
"""Decimals of latitude and longitude shown for a hidden site (about 10 km)."""

MODE_FACTOR_KEYS = {
    "road": "freight.hgv_all_diesel.all_hgvs.average_laden",
    "rail": "freight.rail.freight_train",
    "ship": "freight.cargo_ship.bulk_carrier.0_9999_dwt",
}
"""Freight rows of the impact factor table matching the matching engine's transport modes
(both from UK DESNZ 2025 freighting goods)."""


# ---- who sees what ---------------------------------------------------------------------


@dataclass(frozen=True)
class Access:
    """What one viewer may see in the marketplace, worked out once per request."""

    viewer: Viewer
    cluster_ids: frozenset[int] = frozenset()
    open_ids: frozenset[int] = frozenset()
    revealed: frozenset[int] = frozenset()

    @property
    def is_superuser(self) -> bool:
        return self.viewer.is_superuser

    def coordinates(self, cluster_ids: Iterable[int]) -> bool:
        return self.is_superuser or bool(self.viewer.coordinated_cluster_ids & set(cluster_ids))

    def owns(self, listing: Listing) -> bool:
        return listing.organisation_id in self.viewer.organisation_ids

    def can_manage(self, listing: Listing) -> bool:
        """May change the listing and see its suggestions: its organisation's users, the
        coordinators of its clusters, superusers."""
        return self.owns(listing) or self.coordinates(listing_cluster_ids(listing))

    def sees_confidential(self, listing: Listing) -> bool:
        return self.can_manage(listing) or listing.pk in self.revealed


def listing_cluster_ids(listing: Listing) -> set[int]:
    return {m.cluster_id for m in listing.organisation.memberships.all()}


def access_for(viewer: Viewer) -> Access:
    if not viewer.is_authenticated:
        return Access(viewer)
    member_of = set(
        Membership.objects.filter(organisation_id__in=viewer.organisation_ids).values_list(
            "cluster_id", flat=True
        )
    )
    orgs = viewer.organisation_ids
    revealed: set[int] = set()
    if orgs:
        deals = Deal.objects.filter(stage__in=REVEALING_STAGES).filter(
            Q(supplier_id__in=orgs) | Q(receiver_id__in=orgs)
        )
        for offer_id, need_id, supplier_id, receiver_id in deals.values_list(
            "offer_id", "need_id", "supplier_id", "receiver_id"
        ):
            if supplier_id in orgs:
                revealed.add(need_id)
            if receiver_id in orgs:
                revealed.add(offer_id)
    return Access(
        viewer,
        cluster_ids=frozenset(member_of | viewer.coordinated_cluster_ids),
        open_ids=open_cluster_ids(),
        revealed=frozenset(revealed),
    )


def _visible_organisations(access: Access) -> Q:
    clusters = set(access.cluster_ids)
    if clusters & access.open_ids:
        clusters |= access.open_ids
    members = Membership.objects.filter(cluster_id__in=clusters).values("organisation_id")
    return Q(organisation_id__in=members) | Q(organisation_id__in=access.viewer.organisation_ids)


def listing_queryset() -> QuerySet[Listing]:
    return Listing.objects.select_related("organisation", "site").prefetch_related(
        Prefetch(
            "organisation__memberships",
            queryset=Membership.objects.only("cluster_id", "organisation_id"),
        )
    )


# ---- listings --------------------------------------------------------------------------


@dataclass(frozen=True)
class ListingFilters:
    q: str = ""
    kind: str = ""
    class_prefix: str = ""
    cluster: str = ""
    country: str = ""
    mine: bool = False


def listing_list(access: Access, filters: ListingFilters | None = None) -> QuerySet[Listing]:
    """Listings the viewer may see: active ones, and any of the viewer's own or coordinated
    members."""
    filters = filters or ListingFilters()
    if not access.viewer.is_authenticated:
        return Listing.objects.none()
    qs = listing_queryset()
    if not access.is_superuser:
        managed = Membership.objects.filter(
            cluster_id__in=access.viewer.coordinated_cluster_ids
        ).values("organisation_id")
        own = Q(organisation_id__in=access.viewer.organisation_ids) | Q(organisation_id__in=managed)
        qs = qs.filter(own | (_visible_organisations(access) & Q(status=Listing.Status.ACTIVE)))
    if filters.mine:
        qs = qs.filter(organisation_id__in=access.viewer.organisation_ids)
    if filters.q:
        for word in filters.q.split():
            qs = qs.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(organisation__name__icontains=word)
            )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.class_prefix:
        qs = qs.filter(class_id__startswith=filters.class_prefix)
    if filters.cluster:
        members = Membership.objects.filter(cluster__slug=filters.cluster).values("organisation_id")
        qs = qs.filter(organisation_id__in=members)
    if filters.country:
        qs = qs.filter(organisation__country=filters.country.upper())
    return qs.order_by("-created_at", "-id")


def listing_get(access: Access, pk: int) -> Listing:
    """The listing, or :class:`Listing.DoesNotExist`; PermissionDenied if hidden."""
    listing = listing_queryset().get(pk=pk)
    if access.can_manage(listing) or listing.pk in access.revealed or _involved(access, listing):
        return listing
    if listing.status == Listing.Status.ACTIVE and access.viewer.is_authenticated:
        clusters = listing_cluster_ids(listing)
        if clusters & access.cluster_ids or (
            clusters & access.open_ids and access.cluster_ids & access.open_ids
        ):
            return listing
    raise PermissionDenied("you may not see this listing")


def listing_get_for_edit(access: Access, pk: int) -> Listing:
    listing = listing_get(access, pk)
    if not access.can_manage(listing):
        raise PermissionDenied("only the member's own users and its coordinators may change it")
    return listing


def _involved(access: Access, listing: Listing) -> bool:
    """The viewer is a party of a deal on this listing (at any stage)."""
    orgs = access.viewer.organisation_ids
    if not orgs:
        return False
    return Deal.objects.filter(
        Q(offer=listing, receiver_id__in=orgs) | Q(need=listing, supplier_id__in=orgs)
    ).exists()


def class_label(class_id: str, lang: str | None = None) -> str:
    if not class_id:
        return ""
    language = (lang or translation.get_language() or "en")[:2]
    try:
        return get_class(class_id).label(language)
    except KeyError:
        return class_id


def listing_view(access: Access, listing: Listing) -> dict[str, Any]:
    """The fields of ``listing`` the viewer may see; hidden values are ``None`` (not zero)
    and ``confidential_visible`` tells whether the viewer sees them."""
    confidential = access.sees_confidential(listing)
    quantity = confidential or listing.show_quantity
    price = confidential or listing.show_price
    exact = confidential or listing.show_site
    site = listing.site
    site_view: dict[str, Any] | None = None
    if site is not None:
        digits = None if exact else APPROXIMATE_DEGREES
        site_view = {
            "name": site.name if exact else None,
            "address": site.address if exact else None,
            "place": site.place,
            "country": site.country,
            "lat": site.lat if digits is None else round(site.lat, digits),
            "lon": site.lon if digits is None else round(site.lon, digits),
            "exact": exact,
        }
    return {
        "id": listing.pk,
        "title": listing.title,
        "description": listing.description,
        "language": listing.language,
        "kind": listing.kind,
        "kind_label": listing.get_kind_display(),
        "category": listing.category,
        "category_label": listing.get_category_display(),
        "status": listing.status,
        "status_label": listing.get_status_display(),
        "is_offer": listing.is_offer,
        "class_id": listing.class_id,
        "class_label": class_label(listing.class_id),
        "organisation": listing.organisation.slug,
        "organisation_name": listing.organisation.name,
        "country": listing.organisation.country,
        "quality_notes": listing.quality_notes,
        "available_from": listing.available_from,
        "available_until": listing.available_until,
        "max_distance_km": listing.max_distance_km,
        "quantity": listing.quantity if quantity else None,
        "amount_unit": listing.amount_unit if quantity else None,
        "period": listing.period if quantity else None,
        "period_label": listing.get_period_display() if quantity else None,
        "quantity_per_a": listing.quantity_per_a if quantity else None,
        "basis": (listing.basis or None) if quantity else None,
        "quantity_hidden": not quantity and listing.quantity is not None,
        "price_eur": listing.price_eur if price else None,
        "price_hidden": not price and listing.price_eur is not None,
        "site": site_view,
        "show_quantity": listing.show_quantity,
        "show_price": listing.show_price,
        "show_site": listing.show_site,
        "confidential_visible": confidential,
        "has_photo": bool(listing.photo),
        "has_datasheet": bool(listing.datasheet),
        "is_demo": listing.is_demo,
        "source_note": listing.source_note,
        "created_at": listing.created_at,
        "updated_at": listing.updated_at,
    }


# ---- suggestions -----------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestionFilters:
    max_distance_km: float | None = None
    class_prefix: str = ""
    cluster: str = ""
    country: str = ""
    show_dismissed: bool = False


@dataclass
class SuggestionRow:
    """One suggested partner of a listing, with the figures the viewer may see."""

    suggestion: Suggestion
    partner: Listing
    partner_view: dict[str, Any]
    figures: dict[str, Any]
    full: bool
    own_figures: dict[str, Any] | None = None
    feedback: str = ""
    deal: Deal | None = None
    score: float = 0.0
    lines: list[str] = field(default_factory=list)


def _figures(s: Suggestion, prefix: str) -> dict[str, Any]:
    return {name: getattr(s, prefix + name) for name in FIGURE_NAMES}


def own_quantity_figures(s: Suggestion, own: Listing) -> dict[str, Any] | None:
    """Transport and avoided CO2e for the viewer's own quantity (what the pair could reach
    from the viewer's side), from the pair's per-unit factors; None without a quantity."""
    if own.quantity_per_a is None or not own.basis:
        return None
    q = own.quantity_per_a
    avoided = None
    if s.avoided_kg_co2e_per_unit is not None and own.basis == s.rule_basis:
        avoided = q * s.avoided_kg_co2e_per_unit / 1000
    transport = None
    if s.transport_mode == "pipe":
        transport = 0.0
    elif own.basis == "t" and s.transport_kg_co2e_per_t is not None:
        transport = q * s.transport_kg_co2e_per_t / 1000
    if avoided is None and transport is None:
        return None
    return {
        "quantity_per_a": q,
        "basis": own.basis,
        "transport_t_co2e_per_a": transport,
        "avoided_t_co2e_per_a": avoided,
        "net_t_co2e_per_a": None if avoided is None or transport is None else avoided - transport,
    }


def suggestion_figures(access: Access, s: Suggestion, partner: Listing) -> tuple[dict, bool]:
    """The pair's figures the viewer may see: the full ones for coordinators and partners of
    a contacted deal, otherwise those computed from what every member may see."""
    full = access.coordinates(listing_cluster_ids(partner)) or access.sees_confidential(partner)
    return _figures(s, "" if full else "public_"), full


def _suggestion_queryset(prefix: str) -> QuerySet[Suggestion]:
    return Suggestion.objects.select_related(
        f"{prefix}__organisation", f"{prefix}__site"
    ).prefetch_related(
        Prefetch(
            f"{prefix}__organisation__memberships",
            queryset=Membership.objects.select_related("cluster").only(
                "cluster_id", "organisation_id", "cluster__slug", "cluster__name"
            ),
        )
    )


def listing_suggestions(
    access: Access, listing: Listing, filters: SuggestionFilters | None = None
) -> tuple[list[SuggestionRow], list[SuggestionRow]]:
    """The ranked partners of ``listing`` (for those who may change it) and, apart, those
    the member marked "not interested". Partners marked "already in contact" come last."""
    if not access.can_manage(listing):
        raise PermissionDenied("only the member's own users and its coordinators see these")
    filters = filters or SuggestionFilters()
    prefix = "need" if listing.is_offer else "offer"
    qs = _suggestion_queryset(prefix).filter(**{"offer" if listing.is_offer else "need": listing})
    qs = qs.filter(**{f"{prefix}__status": Listing.Status.ACTIVE})
    if filters.max_distance_km is not None:
        qs = qs.filter(distance_km__lte=filters.max_distance_km)
    if filters.class_prefix:
        qs = qs.filter(**{f"{prefix}__class_id__startswith": filters.class_prefix})
    if filters.cluster:
        members = Membership.objects.filter(cluster__slug=filters.cluster).values("organisation_id")
        qs = qs.filter(**{f"{prefix}__organisation_id__in": members})
    if filters.country:
        qs = qs.filter(**{f"{prefix}__organisation__country": filters.country.upper()})
    feedback = dict(
        SuggestionFeedback.objects.filter(listing=listing).values_list("partner_id", "kind")
    )
    deals = {
        (d.need_id if listing.is_offer else d.offer_id): d
        for d in Deal.objects.filter(**{"offer" if listing.is_offer else "need": listing})
        .exclude(stage=Deal.Stage.DROPPED)
        .order_by("created_at")
    }
    rows, dismissed = [], []
    for s in qs:
        partner = s.need if listing.is_offer else s.offer
        figures, full = suggestion_figures(access, s, partner)
        row = SuggestionRow(
            suggestion=s,
            partner=partner,
            partner_view=listing_view(access, partner),
            figures=figures,
            full=full,
            own_figures=None if full else own_quantity_figures(s, listing),
            feedback=feedback.get(partner.pk, ""),
            deal=deals.get(partner.pk),
            score=figures["score"],
        )
        if row.feedback == SuggestionFeedback.Kind.NOT_INTERESTED:
            dismissed.append(row)
        else:
            rows.append(row)
    in_contact = SuggestionFeedback.Kind.IN_CONTACT
    rows.sort(key=lambda r: (r.feedback == in_contact, -r.score, r.suggestion.distance_km))
    dismissed.sort(key=lambda r: -r.score)
    return rows, dismissed


def suggestion_counts(listings: Sequence[Listing]) -> dict[int, int]:
    """Number of stored suggestions of each listing (one query)."""
    counts: dict[int, int] = defaultdict(int)
    ids = [x.pk for x in listings]
    for offer_id, need_id in Suggestion.objects.filter(
        Q(offer_id__in=ids) | Q(need_id__in=ids)
    ).values_list("offer_id", "need_id"):
        counts[offer_id] += 1
        counts[need_id] += 1
    return counts


def suggestion_between(listing: Listing, partner: Listing) -> Suggestion | None:
    offer, need = (listing, partner) if listing.is_offer else (partner, listing)
    return Suggestion.objects.filter(offer=offer, need=need).first()


def cluster_member_ids(cluster: Cluster) -> QuerySet[Membership]:
    return Membership.objects.filter(cluster=cluster).values("organisation_id")


def cluster_suggestions(viewer: Viewer, cluster: Cluster) -> QuerySet[Suggestion]:
    """Every stored suggestion touching a member of ``cluster``, for its coordinators."""
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators see all its suggestions")
    members = cluster_member_ids(cluster)
    return (
        Suggestion.objects.filter(
            Q(offer__organisation_id__in=members) | Q(need__organisation_id__in=members)
        )
        .filter(offer__status=Listing.Status.ACTIVE, need__status=Listing.Status.ACTIVE)
        .select_related("offer__organisation", "need__organisation", "offer__site", "need__site")
        .order_by("-score", "id")
    )


# ---- deals -----------------------------------------------------------------------------


def deal_queryset() -> QuerySet[Deal]:
    return Deal.objects.select_related(
        "offer__site",
        "need__site",
        "offer__organisation",
        "need__organisation",
        "supplier",
        "receiver",
        "initiated_by",
    ).prefetch_related(
        Prefetch(
            "supplier__memberships",
            queryset=Membership.objects.only("cluster_id", "organisation_id"),
        ),
        Prefetch(
            "receiver__memberships",
            queryset=Membership.objects.only("cluster_id", "organisation_id"),
        ),
    )


def _visible_deals(viewer: Viewer) -> Q | None:
    if viewer.is_superuser:
        return None
    orgs = viewer.organisation_ids
    managed = Membership.objects.filter(cluster_id__in=viewer.coordinated_cluster_ids).values(
        "organisation_id"
    )
    return (
        Q(supplier_id__in=orgs)
        | Q(receiver_id__in=orgs)
        | Q(supplier_id__in=managed)
        | Q(receiver_id__in=managed)
    )


def deal_list(viewer: Viewer, *, stage: str = "") -> QuerySet[Deal]:
    if not viewer.is_authenticated:
        return Deal.objects.none()
    qs = deal_queryset()
    scope = _visible_deals(viewer)
    if scope is not None:
        qs = qs.filter(scope)
    if stage:
        qs = qs.filter(stage=stage)
    return qs.order_by("-last_activity_at", "-id")


def can_see_deal(viewer: Viewer, deal: Deal) -> bool:
    if viewer.is_superuser or {deal.supplier_id, deal.receiver_id} & viewer.organisation_ids:
        return True
    clusters = {m.cluster_id for m in deal.supplier.memberships.all()}
    clusters |= {m.cluster_id for m in deal.receiver.memberships.all()}
    return bool(clusters & viewer.coordinated_cluster_ids)


def deal_get(viewer: Viewer, pk: int) -> Deal:
    """The deal, or :class:`Deal.DoesNotExist`; PermissionDenied when the viewer is neither
    a party nor a coordinator of one."""
    deal = deal_queryset().get(pk=pk)
    if not can_see_deal(viewer, deal):
        raise PermissionDenied("only the two partners and their coordinators see a deal")
    return deal


def cluster_deals(viewer: Viewer, cluster: Cluster) -> QuerySet[Deal]:
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators see all its deals")
    members = cluster_member_ids(cluster)
    return (
        deal_queryset()
        .filter(Q(supplier_id__in=members) | Q(receiver_id__in=members))
        .order_by("-last_activity_at", "-id")
    )


def stalled_after_days(cluster: Cluster) -> int:
    found = MarketplaceSettings.objects.filter(cluster=cluster).first()
    return found.stalled_after_days if found else MarketplaceSettings().stalled_after_days


def stalled_deals(viewer: Viewer, cluster: Cluster, now: dt.datetime) -> QuerySet[Deal]:
    """Open deals without a message or a move for the cluster's stalled period."""
    cutoff = now - dt.timedelta(days=stalled_after_days(cluster))
    return (
        cluster_deals(viewer, cluster)
        .filter(stage__in=OPEN_STAGES, last_activity_at__lt=cutoff)
        .order_by("last_activity_at", "id")
    )


# ---- realised exchanges (impact) ------------------------------------------------------


def _deal_year_totals(deals: QuerySet[Deal], year: int) -> dict[int, Decimal]:
    totals = (
        RealisedQuantity.objects.filter(deal__in=deals, period_start__year=year)
        .values("deal_id")
        .annotate(total=Sum("quantity"))
    )
    return {row["deal_id"]: row["total"] for row in totals}


def realised_exchange(deal: Deal, year: int, quantity: float) -> RealisedExchange:
    transport_t_km = 0.0
    mode_key = MODE_FACTOR_KEYS.get(deal.transport_mode, MODE_FACTOR_KEYS["road"])
    if deal.report_unit == "t" and deal.transport_mode in MODE_FACTOR_KEYS and deal.distance_km:
        transport_t_km = quantity * deal.distance_km
    return RealisedExchange(
        ref=f"marketplace-deal-{deal.pk}",
        supplier=deal.supplier.slug,
        receiver=deal.receiver.slug,
        year=year,
        quantity=quantity,
        unit=deal.report_unit,
        displaced_key=deal.displaced_key,
        displaced_gas=deal.displaced_gas or "co2e",
        transport_t_km=transport_t_km,
        mode_key=mode_key,
    )


def realised_exchanges(*, cluster: Cluster, year: int) -> list[RealisedExchange]:
    """Realised exchanges of the cluster's deals in ``year`` (one per deal, ``ref`` unique
    per deal), for the impact app's avoided emissions. A deal counts in every cluster of
    either partner, once."""
    if not 1 <= year <= 9999:
        return []
    members = cluster_member_ids(cluster)
    deals = (
        Deal.objects.filter(Q(supplier_id__in=members) | Q(receiver_id__in=members))
        .exclude(displaced_key="")
        .select_related("supplier", "receiver")
    )
    totals = _deal_year_totals(deals, year)
    return [
        realised_exchange(deal, year, float(totals[deal.pk]))
        for deal in deals.filter(pk__in=list(totals)).order_by("pk")
    ]
