"""Publishing a listing and getting its suggestions: the marketplace's refresh of the stored
suggestions (``greencluster.web.marketplace.matching.refresh_suggestions``), which a member
waits for when no background worker is configured.

Workload: one cluster of N synthetic listings (seeded; 5 listings per organisation, sites
spread over a 200 x 250 km box of South Ostrobothnia; wood chips, wood ash, steel turnings
and sewage sludge offers and the needs they feed, quantities of 10-5,000 t/a, a third of them
with a shown quantity), in a fresh SQLite database, their suggestions stored. Then one more
listing is published 20 times; each time the refresh recomputes the cluster with the matching
engine and writes what changed. Times are wall time per published listing, database included.

Baseline: recompute and rewrite everything (delete every stored suggestion of the cluster and
insert the engine's pairs again), as a store without the diff would do.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from typing import Any

from benchmarks.harness import measure_in_process

SEED = 20261126
KINDS = (
    ("offer_material", "product.wood-chips"),
    ("receive_material", "product.solid-biofuel"),
    ("offer_waste", "ewc.100103"),
    ("receive_material", "product.aggregate"),
    ("offer_waste", "ewc.120101"),
    ("receive_material", "product.scrap-metal"),
    ("offer_waste", "ewc.190805"),
    ("receive_material", "product.biogas"),
)


def _setup(var_dir: str) -> None:
    os.environ["GREENCLUSTER_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("GREENCLUSTER_REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "greencluster.web.config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _listing(org: Any, site: Any, rng: random.Random, n: int) -> Any:
    from greencluster.web.marketplace.models import Listing

    kind, class_id = KINDS[n % len(KINDS)]
    quantity = rng.randint(10, 5000)
    return Listing(
        organisation=org,
        site=site,
        kind=kind,
        category="material",
        title=f"Listing {n}",
        class_id=class_id,
        quantity=quantity,
        amount_unit="t",
        quantity_per_a=float(quantity),
        basis="t",
        show_quantity=n % 3 == 0,
    )


def _workload(n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="gc-bench-marketplace-") as var_dir:
        _setup(var_dir)
        from django.db import connections

        try:
            return _timed(n)
        finally:
            connections.close_all()


def _timed(n: int) -> dict[str, Any]:
    from greencluster.web.marketplace.matching import refresh_suggestions
    from greencluster.web.marketplace.models import Listing, Suggestion
    from greencluster.web.registry.models import Cluster, Membership, Organisation, Site

    rng = random.Random(SEED)
    cluster = Cluster.objects.create(name="Bench", slug="bench", country="FI")
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=f"Org {i}", slug=f"org-{i}", country="FI") for i in range(n // 5)]
    )
    Membership.objects.bulk_create([Membership(organisation=o, cluster=cluster) for o in orgs])
    sites = Site.objects.bulk_create(
        [
            Site(
                organisation=o,
                name="Site",
                country="FI",
                lat=rng.uniform(62.0, 63.8),
                lon=rng.uniform(21.5, 25.0),
            )
            for o in orgs
        ]
    )
    Listing.objects.bulk_create(
        [_listing(orgs[i // 5], sites[i // 5], rng, i) for i in range(n)], batch_size=1000
    )
    refresh_suggestions(cluster_ids=[cluster.pk])
    stored = Suggestion.objects.count()
    ours = []
    for i in range(20):
        start = time.perf_counter()
        _listing(orgs[i], sites[i], rng, n + i).save()
        refresh_suggestions(cluster_ids=[cluster.pk])
        ours.append(time.perf_counter() - start)
    baseline = []
    for i in range(3):
        start = time.perf_counter()
        _listing(orgs[i], sites[i], rng, n + 20 + i).save()
        Suggestion.objects.all().delete()
        refresh_suggestions(cluster_ids=[cluster.pk])
        baseline.append(time.perf_counter() - start)
    return {
        "listings": n,
        "stored": stored,
        "ours_median": statistics.median(ours),
        "ours_max": max(ours),
        "baseline_median": statistics.median(baseline),
    }


def run() -> str:
    rows = [measure_in_process(_workload, n).value for n in (1_000, 5_000)]
    lines = [
        "## Marketplace: publishing a listing and refreshing its suggestions",
        "",
        "| listings in the cluster | stored pairs | GreenCluster refresh, median (max) s | "
        "baseline: recompute and rewrite all, median s |",
        "| --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['listings']:,} | {r['stored']:,} | {r['ours_median']:.2f} "
            f"({r['ours_max']:.2f}) | {r['baseline_median']:.2f} |"
        )
    lines += [
        "",
        "20 listings published one after another (baseline: 3), SQLite, one process; the "
        "engine's candidates and scoring (twice: full and public figures) are included; the "
        "network allocation is computed when a coordinator opens the cluster's suggestions. "
        "With a broker (`GREENCLUSTER_REDIS_URL`) the member does not wait for this: the "
        "refresh runs in a worker.",
    ]
    return "\n".join(lines)
