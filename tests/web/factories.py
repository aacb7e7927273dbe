"""Small factories for web tests: each makes a valid object with overridable fields."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from greencluster.web.accounts.models import ClusterCoordinator, OrganisationRole
from greencluster.web.registry.models import Cluster, Membership, Organisation, Site

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-42"


def make_cluster(**fields: Any) -> Cluster:
    n = next(_seq)
    defaults = {
        "name": f"Cluster {n}",
        "slug": f"cluster-{n}",
        "country": "FI",
        "region": "Region",
        "languages": "fi,en",
    }
    return Cluster.objects.create(**{**defaults, **fields})


def make_organisation(
    *, cluster: Cluster | None = None, role: str = "member", **fields: Any
) -> Organisation:
    n = next(_seq)
    defaults = {
        "name": f"Organisation {n} Oy",
        "slug": f"organisation-{n}",
        "country": "FI",
        "turnover_eur": Decimal("1234567"),
        "export_eur": Decimal("345678"),
        "employees": 17,
        "figures_year": 2025,
    }
    org = Organisation.objects.create(**{**defaults, **fields})
    Site.objects.create(
        organisation=org,
        name="Main site",
        place="Seinäjoki",
        country="FI",
        lat=62.79,
        lon=22.84,
        is_primary=True,
    )
    if cluster is not None:
        Membership.objects.create(organisation=org, cluster=cluster, role=role)
    return org


def make_user(username: str | None = None, **fields: Any):  # type: ignore[no-untyped-def]
    username = username or f"user{next(_seq)}"
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)


def make_coordinator(cluster: Cluster, username: str | None = None):  # type: ignore[no-untyped-def]
    user = make_user(username)
    ClusterCoordinator.objects.create(user=user, cluster=cluster)
    return user


def make_org_user(org: Organisation, role: str = "member", username: str | None = None):  # type: ignore[no-untyped-def]
    user = make_user(username)
    OrganisationRole.objects.create(user=user, organisation=org, role=role)
    return user
