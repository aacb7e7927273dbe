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

from greencluster.web.accounts.models import OrganisationRole
from greencluster.web.accounts.permissions import system_viewer
from greencluster.web.accounts.services import coordinator_add, organisation_role_set
from greencluster.web.registry.imports import registry_import
from greencluster.web.registry.interchange import FORMAT_NAME, FORMAT_VERSION
from greencluster.web.registry.models import Cluster, MiniCluster, Organisation

SYSTEM = system_viewer("demo loader")

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


COORDINATED = {
    "coordinator": ("south-ostrobothnia-heat", "southern-finland-environment", "tampere-cleantech"),
    "coordinator-no": ("grenland-green-industry", "ida-viru-circular"),
}
ORGANISATION_ROLES = {
    "heat": ("Demo Kuortaneen Lämpö Oy", OrganisationRole.Role.ADMIN),
    "member": ("Demo Alavuden Kattilatekniikka Oy", OrganisationRole.Role.MEMBER),
}


def _users(passwords: dict[str, str]) -> None:
    users = get_user_model()
    actor = SYSTEM.username
    for username, _description in DEMO_USERS:
        user = users.objects.create_user(
            username=username,
            password=passwords[username],
            email=f"{username}@example.org",
            is_superuser=username == "admin",
            is_staff=username == "admin",
        )
        for slug in COORDINATED.get(username, ()):
            coordinator_add(actor=actor, user=user, cluster=Cluster.objects.get(slug=slug))
        if username in ORGANISATION_ROLES:
            name, role = ORGANISATION_ROLES[username]
            organisation_role_set(
                actor=actor, user=user, organisation=Organisation.objects.get(name=name), role=role
            )
