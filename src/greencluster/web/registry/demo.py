"""Demo registry: five clusters, their mini-clusters and organisations, and demo logins.

Organisations come from the shipped ``greencluster/data/demo/registry_demo.json`` (real
Finnish E-PRTR facilities plus clearly named invented ones; invented values are listed in
each organisation's ``demo_fields`` and shown as "demo value"). The import goes through the
same service as a coordinator's upload.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from django.contrib.auth import get_user_model

from greencluster.web.accounts.models import ClusterCoordinator, OrganisationRole
from greencluster.web.accounts.permissions import Viewer
from greencluster.web.registry.imports import registry_import
from greencluster.web.registry.interchange import FORMAT_NAME, FORMAT_VERSION
from greencluster.web.registry.models import Cluster, MiniCluster, Organisation

SYSTEM = Viewer(None, "demo loader", True, frozenset(), frozenset(), frozenset())

DEMO_USERS = [
    ("admin", "Administrator of the installation (superuser)"),
    ("coordinator", "Coordinator of the three Finnish demo clusters"),
    ("coordinator-no", "Coordinator of the Norwegian and Estonian demo clusters"),
    ("heat", "Organisation admin of Demo Kuortaneen Lämpö Oy (a heat entrepreneur)"),
    ("member", "Member user of Demo Alavuden Kattilatekniikka Oy"),
]


def _read(name: str) -> Any:
    return json.loads((files("greencluster.data") / "demo" / name).read_text(encoding="utf-8"))


def is_loaded() -> bool:
    return Cluster.objects.filter(slug="south-ostrobothnia-heat").exists()


def load(passwords: dict[str, str]) -> None:
    """Create the demo clusters, organisations and users (call inside a transaction)."""
    meta = _read("clusters.json")
    for spec in meta["clusters"]:
        Cluster.objects.create(
            slug=spec["slug"],
            name=spec["name"],
            region=spec["region"],
            country=spec["country"],
            languages=spec["languages"],
            descriptions=spec["descriptions"],
            strategy=spec["strategy"],
            contact_name=spec["contact_name"],
            contact_email=spec["contact_email"],
            is_demo=True,
        )
    for spec in meta["mini_clusters"]:
        mini = MiniCluster.objects.create(
            slug=spec["slug"],
            name=spec["name"],
            theme=spec["theme"],
            descriptions=spec["descriptions"],
        )
        mini.clusters.set(Cluster.objects.filter(slug__in=spec["clusters"]))
    organisations = _read("registry_demo.json")["clusters"]
    for slug, orgs in organisations.items():
        cluster = Cluster.objects.get(slug=slug)
        document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "organisations": orgs}
        registry_import(
            viewer=SYSTEM,
            cluster=cluster,
            data=json.dumps(document).encode(),
            filename=f"demo-{slug}.json",
        )
    _users(passwords)


def _users(passwords: dict[str, str]) -> None:
    users = get_user_model()
    for username, _description in DEMO_USERS:
        user = users.objects.create_user(
            username=username,
            password=passwords[username],
            email=f"{username}@example.org",
            is_superuser=username == "admin",
            is_staff=username == "admin",
        )
        if username == "coordinator":
            for slug in (
                "south-ostrobothnia-heat",
                "southern-finland-environment",
                "tampere-cleantech",
            ):
                ClusterCoordinator.objects.create(user=user, cluster=Cluster.objects.get(slug=slug))
        elif username == "coordinator-no":
            for slug in ("grenland-green-industry", "ida-viru-circular"):
                ClusterCoordinator.objects.create(user=user, cluster=Cluster.objects.get(slug=slug))
        elif username == "heat":
            OrganisationRole.objects.create(
                user=user,
                organisation=Organisation.objects.get(name="Demo Kuortaneen Lämpö Oy"),
                role=OrganisationRole.Role.ADMIN,
            )
        elif username == "member":
            OrganisationRole.objects.create(
                user=user,
                organisation=Organisation.objects.get(name="Demo Alavuden Kattilatekniikka Oy"),
                role=OrganisationRole.Role.MEMBER,
            )
