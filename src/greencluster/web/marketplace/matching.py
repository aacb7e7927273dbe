"""Stored suggestions: the matching engine (``greencluster.core.matching``) run over the
marketplace's active listings, its pairs kept as :class:`Suggestion` rows so that list pages
only read.

Listings are matched within **universes**: each cluster that keeps to itself is one; all the
clusters that allow matching across clusters form one more. A pair of listings is suggested
only when both organisations share a universe, so a member of a cluster that does not allow
it is never matched with another cluster's members (unless its organisation belongs to both).

:func:`refresh_suggestions` takes plain ids (it runs in a background worker when a broker is
configured, see ``greencluster.web.common.tasks``), recomputes the universes touched and
writes only what changed: new pairs, changed figures, pairs no longer suggested.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from greencluster.core.errors import GreenClusterError
from greencluster.core.matching import (
    Listing as CoreListing,
)
from greencluster.core.matching import (
    ListingTable,
    TaxonomyCompatibility,
    allocate_optimal,
    explain,
    find_candidates,
    parse_unit,
    score_pairs,
)
from greencluster.core.matching.scoring import basis_unit, use_arrays
from greencluster.web.common.tasks import enqueue
from greencluster.web.marketplace.models import Listing, MarketplaceSettings, Suggestion
from greencluster.web.registry.models import Membership

TOP_K = 10
"""Suggestions per listing (its nearest compatible partners, then ranked by score)."""

REFRESH_TASK = "greencluster.web.marketplace.matching.refresh_suggestions"

FIGURE_NAMES = (
    "basis",
    "flow_per_a",
    "transport_t_co2e_per_a",
    "avoided_t_co2e_per_a",
    "net_t_co2e_per_a",
    "value_eur_per_a",
    "score",
    "explanation",
)
"""The figures of a pair that depend on the quantities and prices used (stored twice)."""

FIGURE_FIELDS = (
    "distance_km",
    "use",
    "transport_mode",
    "rule_source",
    "rule_basis",
    "transport_kg_co2e_per_t",
    "avoided_kg_co2e_per_unit",
    *(name for name in FIGURE_NAMES if name != "explanation"),
    *(f"public_{name}" for name in FIGURE_NAMES if name != "explanation"),
    "cross_cluster",
)
"""Stored fields compared on a refresh (explanations follow from them)."""


@dataclass(frozen=True)
class Universe:
    """Clusters whose members' listings are matched with each other."""

    key: str
    cluster_ids: frozenset[int]


def open_cluster_ids() -> frozenset[int]:
    return frozenset(
        MarketplaceSettings.objects.filter(allow_cross_cluster=True).values_list(
            "cluster_id", flat=True
        )
    )


def universes(cluster_ids: Iterable[int] | None = None) -> list[Universe]:
    """The universes touching ``cluster_ids`` (every universe when None)."""
    open_ids = open_cluster_ids()
    if cluster_ids is None:
        wanted = set(
            Membership.objects.filter(organisation__listings__isnull=False)
            .values_list("cluster_id", flat=True)
            .distinct()
        )
        wanted |= open_ids
    else:
        wanted = set(cluster_ids)
    found = [Universe(f"cluster:{c}", frozenset({c})) for c in sorted(wanted - open_ids)]
    if wanted & open_ids:
        found.insert(0, Universe("open", open_ids))
    return found


def schedule_refresh(cluster_ids: Iterable[int] | None) -> None:
    """Refresh the suggestions of ``cluster_ids`` (all when None) in the background, or now
    when no broker is configured."""
    ids = None if cluster_ids is None else sorted(set(cluster_ids))
    enqueue(REFRESH_TASK, cluster_ids=ids)


def refresh_suggestions(*, cluster_ids: list[int] | None = None) -> dict[str, int]:
    """Recompute and store the suggestions of the universes touching ``cluster_ids`` (all
    universes when None); return how many pairs were created, updated and deleted."""
    counts = {"created": 0, "updated": 0, "deleted": 0}
    targets = universes(cluster_ids)
    with transaction.atomic():
        counts["deleted"] += Suggestion.objects.filter(
            ~Q(offer__status=Listing.Status.ACTIVE) | ~Q(need__status=Listing.Status.ACTIVE)
        ).delete()[0]
        clusters_of = _clusters_of_organisations()
        open_ids = open_cluster_ids()
        affected = {u.key for u in targets}
        for universe in targets:
            listings = matchable_listings(universe)
            pairs = compute_pairs(listings, clusters_of)
            for key, n in _store(universe, pairs, clusters_of, open_ids, affected).items():
                counts[key] += n
        counts["deleted"] += _delete_unshared(targets, clusters_of, open_ids)
    return counts


def _delete_unshared(
    targets: list[Universe], clusters_of: dict[int, frozenset[int]], open_ids: frozenset[int]
) -> int:
    """Delete pairs of the touched members that no universe joins any more (a cluster
    stopped matching across clusters, or a member left a cluster)."""
    cluster_ids = set().union(*(u.cluster_ids for u in targets)) if targets else set()
    members = Membership.objects.filter(cluster_id__in=cluster_ids).values("organisation_id")
    touched = Suggestion.objects.filter(
        Q(offer__organisation_id__in=members) | Q(need__organisation_id__in=members)
    ).values_list("pk", "offer__organisation_id", "need__organisation_id")
    gone = [
        pk
        for pk, org_a, org_b in touched
        if not _shared_universes(org_a, org_b, clusters_of, open_ids)
    ]
    return Suggestion.objects.filter(pk__in=gone).delete()[0] if gone else 0


ENGINE_FIELDS = (
    "organisation__name",
    "site__lat",
    "site__lon",
    "kind",
    "title",
    "class_id",
    "quantity_per_a",
    "basis",
    "amount_unit",
    "period",
    "price_eur",
    "show_quantity",
    "show_price",
    "available_from",
    "available_until",
    "max_distance_km",
)
"""What the engine reads of a listing (loading only these keeps a refresh quick)."""


def matchable_listings(universe: Universe) -> list[Listing]:
    members = Membership.objects.filter(cluster_id__in=universe.cluster_ids).values(
        "organisation_id"
    )
    return list(
        Listing.objects.filter(
            status=Listing.Status.ACTIVE,
            organisation_id__in=members,
            site__isnull=False,
        )
        .exclude(kind=Listing.Kind.OFFER_SERVICE)
        .exclude(class_id="")
        .select_related("site", "organisation")
        .only(*ENGINE_FIELDS)
        .order_by("id")
    )


def _clusters_of_organisations() -> dict[int, frozenset[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for org_id, cluster_id in Membership.objects.values_list("organisation_id", "cluster_id"):
        found[org_id].add(cluster_id)
    return {org: frozenset(ids) for org, ids in found.items()}


def price_per_basis_unit(listing: Listing) -> float | None:
    if listing.price_eur is None or not listing.amount_unit:
        return None
    return parse_unit(listing.unit_text).price_per_basis_unit(float(listing.price_eur))


def core_listing(listing: Listing, *, public: bool, organisation: str) -> CoreListing:
    """The engine's listing; ``public`` leaves out what the member keeps confidential.
    ``organisation`` names the member in explanations (listings with the same name are
    never matched with each other, so it must be unique among the listings matched)."""
    site = listing.site
    assert site is not None
    hide_quantity = public and not listing.show_quantity
    hide_price = public and not listing.show_price
    return CoreListing(
        id=str(listing.pk),
        organization=organisation,
        role="offer" if listing.is_offer else "need",
        resource=listing.title,
        class_id=listing.class_id,
        lat=site.lat,
        lon=site.lon,
        quantity_per_a=None if hide_quantity else listing.quantity_per_a,
        basis=None if hide_quantity or listing.quantity_per_a is None else listing.basis,
        available_from=listing.available_from,
        available_until=listing.available_until,
        price_eur_per_unit=None if hide_price else price_per_basis_unit(listing),
        max_distance_km=listing.max_distance_km,
    )


def organisation_labels(listings: Sequence[Listing]) -> dict[int, str]:
    """Each organisation's name, with its id added where two organisations share a name."""
    names = {x.organisation_id: x.organisation.name for x in listings}
    seen: dict[str, int] = defaultdict(int)
    for name in names.values():
        seen[name] += 1
    return {org: name if seen[name] == 1 else f"{name} (#{org})" for org, name in names.items()}


def _number(value: Any, digits: int = 4) -> float | None:
    number = float(value)
    return None if math.isnan(number) else round(number, digits)


PairKey = tuple[int, int]


@dataclass(frozen=True, eq=False)
class Engine:
    """One run of the matching engine over some listings: the tables (full and public),
    the candidate pairs and their scores from both."""

    listings: tuple[Listing, ...]
    full: ListingTable
    public: ListingTable
    candidates: Any
    scored: Any
    scored_public: Any


def run_engine(listings: Sequence[Listing]) -> Engine | None:
    """The engine over ``listings`` (None when there is nothing to match)."""
    if len(listings) < 2:
        return None
    names = organisation_labels(listings)
    full = ListingTable.from_listings(
        [core_listing(x, public=False, organisation=names[x.organisation_id]) for x in listings]
    )
    public = ListingTable.from_listings(
        [core_listing(x, public=True, organisation=names[x.organisation_id]) for x in listings]
    )
    candidates = find_candidates(full, TaxonomyCompatibility(), top_k=TOP_K)
    if not len(candidates):
        return None
    return Engine(
        tuple(listings),
        full,
        public,
        candidates,
        score_pairs(full, candidates),
        score_pairs(public, candidates),
    )


@dataclass(frozen=True)
class Pair:
    """A suggested pair: its stored figures, and its two explanations (full and public),
    written out only when the pair is new or its figures changed."""

    figures: dict[str, Any]
    explain: Callable[[], dict[str, str]]


def compute_pairs(
    listings: Sequence[Listing], clusters_of: dict[int, frozenset[int]]
) -> dict[PairKey, Pair]:
    """The engine's suggestions among ``listings``: every figure of each offer-need pair,
    from the full data and from what every member may see."""
    engine = run_engine(listings)
    if engine is None:
        return {}
    candidates, scored, scored_public = engine.candidates, engine.scored, engine.scored_public
    tkm, avoided_per_unit, _limit, _basis = use_arrays(candidates.uses)
    by_row = engine.listings
    out: dict[PairKey, Pair] = {}
    for j in range(len(scored)):
        o, n = int(scored.offer[j]), int(scored.need[j])
        key = (by_row[o].pk, by_row[n].pk)
        if key in out:
            continue
        u = int(candidates.use_code[j])
        use = candidates.uses[u]
        km = float(candidates.distance_km[j])
        org_o, org_n = by_row[o].organisation_id, by_row[n].organisation_id
        figures = {
            "distance_km": round(km, 3),
            "use": use.use[:250],
            "transport_mode": use.transport,
            "rule_source": use.source[:300],
            "rule_basis": use.basis,
            "transport_kg_co2e_per_t": _number(tkm[u] * km),
            "avoided_kg_co2e_per_unit": _number(avoided_per_unit[u]),
            **pair_figures(scored, j),
            **pair_figures(scored_public, j, prefix="public_"),
            "cross_cluster": not (
                clusters_of.get(org_o, frozenset()) & clusters_of.get(org_n, frozenset())
            ),
        }
        out[key] = Pair(figures, partial(_explanations, engine, j))
    return out


def _explanations(engine: Engine, j: int) -> dict[str, str]:
    return {
        "explanation": explain(engine.full, engine.scored, j),
        "public_explanation": explain(engine.public, engine.scored_public, j),
    }


def pair_figures(scored: Any, j: int, prefix: str = "") -> dict[str, Any]:
    """The figures of scored pair ``j`` but its explanation, keys prefixed with ``prefix``."""
    figures = {
        "basis": _basis_of(int(scored.basis_code[j])),
        "flow_per_a": _number(scored.flow_per_a[j]),
        "transport_t_co2e_per_a": _number(scored.transport_t_co2e_per_a[j]),
        "avoided_t_co2e_per_a": _number(scored.avoided_t_co2e_per_a[j]),
        "net_t_co2e_per_a": _number(scored.net_t_co2e_per_a[j]),
        "value_eur_per_a": _number(scored.value_eur_per_a[j], 2),
        "score": round(float(scored.score[j]), 2),
    }
    return {prefix + name: value for name, value in figures.items()}


def _basis_of(code: int) -> str:
    return basis_unit(code).removesuffix("/a")


def allocation(cluster_ids: Iterable[int]) -> dict[PairKey, float]:
    """The network-wide optimal allocation (quantity per year by (offer, need) listing id) of
    the universes touching ``cluster_ids``, computed now: it moves with every listing, so it
    is not stored with the suggestions."""
    out: dict[PairKey, float] = {}
    for universe in universes(cluster_ids):
        engine = run_engine(matchable_listings(universe))
        if engine is None:
            continue
        try:
            result = allocate_optimal(engine.scored, engine.full.quantity_per_a, method="flow")
        except GreenClusterError:
            continue
        for o, n, q in zip(result.offer, result.need, result.quantity_per_a, strict=True):
            key = (engine.listings[int(o)].pk, engine.listings[int(n)].pk)
            if q > 0 and not np.isnan(q) and key not in out:
                out[key] = round(float(q), 4)
    return out


def _shared_universes(
    org_a: int,
    org_b: int,
    clusters_of: dict[int, frozenset[int]],
    open_ids: frozenset[int],
) -> set[str]:
    a, b = clusters_of.get(org_a, frozenset()), clusters_of.get(org_b, frozenset())
    keys = {f"cluster:{c}" for c in (a & b) - open_ids}
    if a & open_ids and b & open_ids:
        keys.add("open")
    return keys


def _store(
    universe: Universe,
    pairs: dict[PairKey, Pair],
    clusters_of: dict[int, frozenset[int]],
    open_ids: frozenset[int],
    affected: set[str],
) -> dict[str, int]:
    members = Membership.objects.filter(cluster_id__in=universe.cluster_ids).values(
        "organisation_id"
    )
    names = list(FIGURE_FIELDS)
    existing = {
        (row[1], row[2]): row
        for row in Suggestion.objects.filter(
            offer__organisation_id__in=members, need__organisation_id__in=members
        ).values_list(
            "pk", "offer_id", "need_id", "offer__organisation_id", "need__organisation_id", *names
        )
    }
    now = timezone.now()
    created = [
        Suggestion(offer_id=o, need_id=n, **pair.figures, **pair.explain())
        for (o, n), pair in pairs.items()
        if (o, n) not in existing
    ]
    changed: dict[tuple[str, ...], list[Suggestion]] = defaultdict(list)
    for key, pair in pairs.items():
        row = existing.get(key)
        if row is None:
            continue
        stored = dict(zip(names, row[5:], strict=True))
        fields = tuple(f for f in names if stored[f] != pair.figures[f])
        if fields:
            values = {f: pair.figures[f] for f in fields}
            changed[fields].append(
                Suggestion(pk=row[0], updated_at=now, **values, **pair.explain())
            )
    gone = [
        row[0]
        for key, row in existing.items()
        if key not in pairs
        # another universe this pair belongs to, not recomputed now, may still suggest it
        and not (_shared_universes(row[3], row[4], clusters_of, open_ids) - affected)
    ]
    Suggestion.objects.bulk_create(created, batch_size=500)
    for fields, rows in changed.items():
        Suggestion.objects.bulk_update(
            rows, [*fields, "explanation", "public_explanation", "updated_at"], batch_size=500
        )
    deleted = Suggestion.objects.filter(pk__in=gone).delete()[0] if gone else 0
    updated = sum(len(rows) for rows in changed.values())
    return {"created": len(created), "updated": updated, "deleted": deleted}
