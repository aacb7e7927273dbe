"""A large generated installation for the load benchmark (seeded, invented data).

``python -m benchmarks.load_data ORGS LISTINGS`` fills the database named by the environment
(``GREENCLUSTER_VAR_DIR`` or ``DATABASE_URL``; migrated first) with 5 clusters, ``ORGS``
organisations with sites and NACE codes, two years of KPI reports each, ``LISTINGS``
marketplace listings with suggestions between them, events with partnering agendas, and the
users the load test logs in as. Rows are written in bulk, not through the services: this is a
load fixture, not a demonstration of the product's write path. Prints one JSON line with the
counts and the users.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

SEED = 20261126
PASSWORD = "load-test-password-not-secret"
BATCH = 2000

CLUSTERS = [
    ("load-fi-heat", "Load FI heat", "FI", (62.0, 23.0)),
    ("load-fi-environment", "Load FI environment", "FI", (60.5, 25.0)),
    ("load-fi-tampere", "Load FI Tampere", "FI", (61.5, 23.8)),
    ("load-no-industry", "Load NO industry", "NO", (59.2, 9.6)),
    ("load-ee-circular", "Load EE circular", "EE", (59.3, 27.4)),
]
NACE = ["16.10", "35.30", "38.11", "38.21", "20.14", "10.11", "17.12", "23.51", "24.10", "01.11"]
WORDS = ["Bio", "Lämpö", "Kierto", "Energi", "Puu", "Metall", "Vesi", "Ringlus", "Kraft", "Öko"]


def chunks(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def bulk(model: Any, rows: Iterable[Any]) -> int:
    n = 0
    for chunk in chunks(rows):
        model.objects.bulk_create(chunk)
        n += len(chunk)
    return n


def generate(n_orgs: int, n_listings: int) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from greencluster.web.accounts.models import ClusterCoordinator, OrganisationRole
    from greencluster.web.impact.models import KpiActivity, KpiReport
    from greencluster.web.registry.models import (
        Cluster,
        Membership,
        Organisation,
        OrganisationActivity,
        Site,
    )

    rng = random.Random(SEED)
    clusters = [
        Cluster.objects.create(name=name, slug=slug, country=country, region=name)
        for slug, name, country, _centre in CLUSTERS
    ]
    bulk(
        Organisation,
        (
            Organisation(
                name=f"{rng.choice(WORDS)}{rng.choice(WORDS).lower()} {i} Oy",
                slug=f"load-org-{i}",
                country=CLUSTERS[i % len(CLUSTERS)][2],
                org_type="company",
                employees=rng.randint(2, 400),
                turnover_eur=rng.randint(100_000, 80_000_000),
                export_eur=rng.randint(0, 10_000_000),
                descriptions={"en": f"Invented load-test organisation {i}"},
            )
            for i in range(n_orgs)
        ),
    )
    orgs = list(Organisation.objects.filter(slug__startswith="load-org-").order_by("pk"))
    bulk(
        Membership,
        (
            Membership(organisation=o, cluster=clusters[i % len(clusters)])
            for i, o in enumerate(orgs)
        ),
    )
    bulk(
        OrganisationActivity,
        (OrganisationActivity(organisation=o, code=rng.choice(NACE), is_main=True) for o in orgs),
    )

    def site(i: int, org: Any) -> Any:
        lat, lon = CLUSTERS[i % len(CLUSTERS)][3]
        return Site(
            organisation=org,
            name=f"Site {i}",
            place="Load",
            country=org.country,
            lat=lat + rng.uniform(-0.8, 0.8),
            lon=lon + rng.uniform(-1.2, 1.2),
            coordinates_source="manual",
            is_primary=True,
        )

    bulk(Site, (site(i, o) for i, o in enumerate(orgs)))

    reports = bulk(
        KpiReport,
        (
            KpiReport(
                organisation=o,
                year=year,
                turnover_eur=rng.randint(100_000, 80_000_000),
                employees=rng.randint(2, 400),
            )
            for o in orgs
            for year in (2024, 2025)
        ),
    )
    report_ids = KpiReport.objects.filter(organisation__slug__startswith="load-org-").values_list(
        "pk", flat=True
    )
    bulk(
        KpiActivity,
        (
            line
            for pk in report_ids.iterator()
            for line in (
                KpiActivity(
                    report_id=pk,
                    position=0,
                    kind="fuel",
                    type="light_fuel_oil",
                    quantity=rng.uniform(10, 900),
                    unit="MWh",
                ),
                KpiActivity(
                    report_id=pk,
                    position=1,
                    kind="electricity",
                    type="FI",
                    quantity=rng.uniform(10, 900),
                    unit="MWh",
                ),
            )
        ),
    )

    users = {}
    password = make_password(PASSWORD)
    user_model = get_user_model()
    for i, cluster in enumerate(clusters):
        coordinator = user_model.objects.create(username=f"load-coord-{i}", password=password)
        ClusterCoordinator.objects.create(user=coordinator, cluster=cluster)
        users[coordinator.username] = {"role": "coordinator", "cluster": cluster.slug}
    for i in range(20):
        index = i * (len(orgs) // 20) + i % len(clusters)
        org = orgs[index]
        member = user_model.objects.create(username=f"load-member-{i}", password=password)
        OrganisationRole.objects.create(user=member, organisation=org, role="admin")
        users[member.username] = {
            "role": "member",
            "organisation": org.slug,
            "cluster": clusters[index % len(clusters)].slug,
        }

    counts = {"clusters": len(clusters), "organisations": len(orgs), "kpi_reports": reports}
    for extend in EXTENSIONS:
        counts.update(
            extend(rng=rng, clusters=clusters, orgs=orgs, n_listings=n_listings, users=users)
        )
    return {"counts": counts, "users": users, "password": PASSWORD}


def events(
    *, rng: random.Random, clusters: list[Any], orgs: list[Any], users: dict[str, Any], **_: Any
) -> dict[str, int]:
    """Per cluster 20 activities over two years (10 past, 10 coming) with up to 80 people
    each, and a coming partnering day where every load member has a profile and up to 8
    scheduled meetings."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from greencluster.web.events.models import Event, Meeting, PartneringProfile, Registration

    now = timezone.now()
    kinds = [k for k in Event.Kind.values if k != Event.Kind.PARTNERING]
    by_cluster: dict[int, list[Any]] = {}
    for i, org in enumerate(orgs):
        by_cluster.setdefault(clusters[i % len(clusters)].pk, []).append(org)
    made = bulk(
        Event,
        (
            Event(
                cluster=cluster,
                slug=f"load-{cluster.slug}-{n}",
                kind=kinds[n % len(kinds)] if n < 20 else Event.Kind.PARTNERING,
                title=f"Load activity {n} of {cluster.name}",
                starts_at=now + dt.timedelta(days=(n - 10) * 36 if n < 20 else 30),
                ends_at=now + dt.timedelta(days=(n - 10) * 36 if n < 20 else 30, hours=6),
                capacity=200,
                status=Event.Status.PUBLISHED,
                meetings_start_at=(now + dt.timedelta(days=30)) if n == 20 else None,
                slot_count=16,
                tables=40,
            )
            for cluster in clusters
            for n in range(21)
        ),
    )
    all_events = list(Event.objects.filter(slug__startswith="load-").order_by("pk"))
    people = {u.pk: u for u in get_user_model().objects.filter(username__startswith="load-member-")}
    member_orgs = {users[u.username]["organisation"]: u for u in people.values()}
    registrations = []
    for event in all_events:
        members = by_cluster[event.cluster_id]
        chosen = rng.sample(
            members, min(len(members), 80 if event.kind != "partnering-day" else 120)
        )
        for org in chosen:
            registrations.append(
                Registration(
                    event=event,
                    organisation=org,
                    name=f"Contact of {org.name}",
                    user=member_orgs.get(org.slug),
                    queued_at=now,
                )
            )
    for event in all_events:  # every load member takes part in their cluster's activities
        for slug, user in member_orgs.items():
            org = (
                next(o for o in by_cluster[event.cluster_id] if o.slug == slug)
                if any(o.slug == slug for o in by_cluster[event.cluster_id])
                else None
            )
            if org is not None and not any(
                r.event is event and r.organisation is org for r in registrations
            ):
                registrations.append(
                    Registration(
                        event=event, organisation=org, user=user, name=user.username, queued_at=now
                    )
                )
    bulk(Registration, registrations)
    partnering = [e for e in all_events if e.kind == Event.Kind.PARTNERING]
    regs = list(Registration.objects.filter(event__in=partnering))
    bulk(
        PartneringProfile,
        (
            PartneringProfile(
                registration=r,
                offers="wood chips, sawdust, bark",
                seeks="heat, ash use",
                cooperation=["commercial"],
            )
            for r in regs
        ),
    )
    meetings = 0
    for event in partnering:
        people_here = [r for r in regs if r.event_id == event.pk]
        rng.shuffle(people_here)
        slot_table: dict[int, int] = {}
        for k in range(0, len(people_here) - 1, 2):
            a, b = people_here[k], people_here[k + 1]
            for slot in rng.sample(range(event.slot_count), 4):
                table = slot_table.get(slot, 0) + 1
                if table > event.tables:
                    continue
                slot_table[slot] = table
                meeting = Meeting.objects.create(event=event, slot=slot, table=table)
                meeting.participants.set([a, b])
                meetings += 1
    return {"events": made, "registrations": len(registrations), "meetings": meetings}


def marketplace(
    *, rng: random.Random, orgs: list[Any], n_listings: int, users: dict[str, Any], **_: Any
) -> dict[str, int]:
    """``n_listings`` listings (offers and needs alternately, at the organisations' sites,
    of real resource classes) and for every need its two nearest-scored offers as stored
    suggestions."""
    from greencluster.core.taxonomy import all_classes
    from greencluster.web.marketplace.models import Listing, Suggestion
    from greencluster.web.registry.models import Site

    classes = [c.id for c in all_classes()][:: max(1, len(list(all_classes())) // 200)]
    sites = dict(Site.objects.filter(organisation__in=orgs).values_list("organisation_id", "id"))
    kinds = [Listing.Kind.OFFER_WASTE, Listing.Kind.RECEIVE_MATERIAL, Listing.Kind.OFFER_MATERIAL]
    made = bulk(
        Listing,
        (
            Listing(
                organisation=orgs[i % len(orgs)],
                site_id=sites.get(orgs[i % len(orgs)].pk),
                kind=kinds[i % len(kinds)],
                category=Listing.Category.MATERIAL,
                title=f"Load side stream {i}",
                language="en",
                class_id=classes[i % len(classes)],
                quantity=rng.randint(1, 5000),
                amount_unit=Listing.AmountUnit.T,
                quantity_per_a=float(rng.randint(1, 5000)),
                basis="t",
                price_eur=rng.randint(0, 90),
                show_quantity=i % 2 == 0,
            )
            for i in range(n_listings)
        ),
    )
    listings = list(
        Listing.objects.filter(title__startswith="Load side stream").values_list("pk", "kind")
    )
    offers = [pk for pk, kind in listings if kind != Listing.Kind.RECEIVE_MATERIAL]
    needs = [pk for pk, kind in listings if kind == Listing.Kind.RECEIVE_MATERIAL]

    def suggestion(need: int, offer: int) -> Any:
        score = rng.random()
        return Suggestion(
            offer_id=offer,
            need_id=need,
            distance_km=rng.uniform(2, 180),
            use="load test",
            transport_mode="road",
            score=score,
            explanation="Invented for the load test.",
            public_score=score,
            public_explanation="Invented for the load test.",
            flow_per_a=rng.uniform(1, 500),
            basis="t",
        )

    pairs = {(need, rng.choice(offers)) for need in needs for _ in range(2)}
    made_suggestions = bulk(Suggestion, (suggestion(n, o) for n, o in pairs))
    for profile in users.values():  # the listing each member looks after
        if profile["role"] == "member":
            profile["listing"] = (
                Listing.objects.filter(
                    organisation__slug=profile["organisation"], kind=Listing.Kind.RECEIVE_MATERIAL
                )
                .values_list("pk", flat=True)
                .first()
            )
    return {"listings": made, "suggestions": made_suggestions}


# Apps that have their own load data add a function here:
# (rng, clusters, orgs, n_listings, users) -> counts.
EXTENSIONS: list[Callable[..., dict[str, int]]] = [events, marketplace]


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greencluster.web.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    start = time.perf_counter()
    result = generate(int(argv[0]), int(argv[1]))
    result["seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
