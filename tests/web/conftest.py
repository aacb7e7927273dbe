from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.web.factories import (
    make_cluster,
    make_coordinator,
    make_org_user,
    make_organisation,
    make_user,
)


@dataclass
class World:
    """Two clusters, organisations in each, and a user in every role."""

    cluster: Any
    other_cluster: Any
    org: Any
    neighbour: Any
    foreign_org: Any
    coordinator: Any
    other_coordinator: Any
    org_admin: Any
    org_member: Any
    neighbour_admin: Any
    superuser: Any


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """The objects of :class:`World` (also built once per module by suites that only read)."""
    cluster = make_cluster(name="Heat cluster", slug="heat")
    other = make_cluster(name="Other cluster", slug="other", country="NO")
    org = make_organisation(
        cluster=cluster,
        name="Lämpö Oy",
        slug="lampo",
        turnover_eur=987654321,
        export_eur=12345678,
        employees=42,
    )
    neighbour = make_organisation(cluster=cluster, name="Naapuri Oy", slug="naapuri")
    foreign = make_organisation(
        cluster=other, name="Utenlandsk AS", slug="utenlandsk", country="NO"
    )
    return World(
        cluster=cluster,
        other_cluster=other,
        org=org,
        neighbour=neighbour,
        foreign_org=foreign,
        coordinator=make_coordinator(cluster, "coord"),
        other_coordinator=make_coordinator(other, "othercoord"),
        org_admin=make_org_user(org, "admin", "orgadmin"),
        org_member=make_org_user(org, "member", "orgmember"),
        neighbour_admin=make_org_user(neighbour, "admin", "neighbouradmin"),
        superuser=make_user("root", is_superuser=True, is_staff=True),
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Password hashing is deliberately slow; tests need no protection against guessing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Pages render without collectstatic; the browser tests check the real storage."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
