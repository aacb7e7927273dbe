"""The API matrix: every operation of the OpenAPI document (/api/openapi.json) with how to
fill its path and query from the matrix world, who may read it (GET) or write through it, and
which secrets it returns to the readers allowed to see them. An operation that is neither here
nor in :data:`API_EXEMPT` fails ``test_every_api_operation_is_in_the_matrix``."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from greencluster.web.heat import demo as heat_demo
from tests.web.permissions.pages import (
    CUSTOMERS,
    DEAL,
    HEAT,
    KPI_UPLOAD,
    LISTING_FIGURES,
    LISTINGS,
    MEMBER_USERS,
    ORGANISATIONS,
    PARTICIPANT_USERS,
    PRACTICES,
    REGISTRY_FIGURES,
    Shown,
    Values,
    by_cluster,
    by_event,
    by_heat_project,
    by_listing,
    by_org,
    no_values,
    only,
    realised,
)
from tests.web.permissions.world import (
    CLUSTER_MEMBERS,
    COORDINATORS,
    DEAL_PARTIES,
    EVERYONE,
    KPI_YEAR,
    NOBODY,
    OWNER_EDITORS,
    OWNER_SIDE,
    MatrixWorld,
)


@dataclass(frozen=True)
class Operation:
    """GET: ``readers`` get 200 (with a session or a token), everyone else 401, 403 or 404.
    Writes: ``writers`` with a token succeed (the positive control); every other role is
    refused with nothing written, and so is every role with only a session when
    ``token_only`` (writes need a token, so that no cross-site form can use a session)."""

    params: Values = no_values
    readers: frozenset[str] = NOBODY
    shows: tuple[Shown, ...] = ()
    query: dict[str, Any] | None = None
    variants: tuple[dict[str, Any], ...] = ({},)
    writers: frozenset[str] = NOBODY
    body: Values = no_values
    files: Callable[[MatrixWorld], dict[str, Any]] | None = None
    token_only: bool = True


def read(
    readers: frozenset[str] = EVERYONE,
    params: Values = no_values,
    *,
    shows: tuple[Shown, ...] = (),
    query: dict[str, Any] | None = None,
    variants: tuple[dict[str, Any], ...] = ({},),
) -> Operation:
    return Operation(params, readers, shows, query, variants)


def write(
    writers: frozenset[str],
    params: Values = no_values,
    body: Values = no_values,
    *,
    files: Callable[[MatrixWorld], dict[str, Any]] | None = None,
    token_only: bool = True,
) -> Operation:
    return Operation(params, writers=writers, body=body, files=files, token_only=token_only)


def _pk(name: str) -> Values:
    return lambda mw: {"pk": mw.ids[name]}


def _heat_project(mw: MatrixWorld) -> dict[str, Any]:
    data = copy.deepcopy(heat_demo.PROJECT)
    data["project"]["name"] = "Second plant"
    data["customers"] = data["customers"][:2]
    return {"organisation": mw.w.org.slug, "project": data}


# Who may change Naapuri's need (and see its suggestions).
NEED_MANAGERS = COORDINATORS | {"neighbouradmin", "naapurimember"}
FORMATS = ({"format": "csv"}, {"format": "xlsx"}, {"format": "json"})
MEMBERS_ONLY_PRACTICE = ("knowledge.practice",)

API_MATRIX: dict[tuple[str, str], Operation] = {
    # ---- registry
    ("GET", "/api/clusters"): read(),
    ("GET", "/api/clusters/{slug}"): read(params=by_cluster),
    ("GET", "/api/mini-clusters"): read(query={"cluster": "heat"}),
    ("GET", "/api/organisations"): read(shows=REGISTRY_FIGURES, query={"cluster": "heat"}),
    ("GET", "/api/organisations/{slug}"): read(params=by_org, shows=REGISTRY_FIGURES),
    ("PATCH", "/api/organisations/{slug}"): write(
        OWNER_EDITORS, by_org, lambda mw: {"turnover_eur": 1, "name": "Renamed Oy"}
    ),
    ("POST", "/api/organisations/{slug}/sites"): write(
        OWNER_EDITORS,
        by_org,
        lambda mw: {"name": "API site", "place": "Kuortane", "lat": 62.8, "lon": 23.5},
    ),
    ("GET", "/api/clusters/{slug}/export"): read(
        COORDINATORS, by_cluster, shows=REGISTRY_FIGURES, variants=FORMATS
    ),
    ("POST", "/api/clusters/{slug}/import"): write(
        COORDINATORS,
        by_cluster,
        files=ORGANISATIONS,
    ),
    # ---- heat
    ("GET", "/api/heat/projects"): read(shows=("heat.project",)),
    ("POST", "/api/heat/projects"): write(OWNER_EDITORS, body=_heat_project),
    ("GET", "/api/heat/projects/{pk}"): read(OWNER_SIDE, by_heat_project, shows=HEAT),
    ("POST", "/api/heat/projects/{pk}/customers"): write(
        OWNER_EDITORS,
        by_heat_project,
        files=CUSTOMERS,
    ),
    ("GET", "/api/heat/projects/{pk}/evaluations"): read(OWNER_SIDE, by_heat_project),
    ("POST", "/api/heat/projects/{pk}/evaluations"): write(
        OWNER_EDITORS, by_heat_project, lambda mw: {"label": "API run"}
    ),
    ("GET", "/api/heat/evaluations/{pk}"): read(OWNER_SIDE, _pk("heat_evaluation"), shows=HEAT),
    # ---- impact
    # 2024: the owner reported alone, so every aggregate of that year must stay hidden.
    ("GET", "/api/impact/clusters/{slug}/aggregates"): read(
        params=by_cluster, query={"year": KPI_YEAR}, variants=({}, {"year": KPI_YEAR - 1})
    ),
    ("GET", "/api/impact/organisations/{slug}/reports"): read(
        OWNER_SIDE, by_org, shows=("impact.fuel",)
    ),
    ("POST", "/api/impact/organisations/{slug}/reports"): write(
        OWNER_EDITORS,
        by_org,
        files=KPI_UPLOAD,
    ),
    ("GET", "/api/impact/clusters/{slug}/goals"): read(params=by_cluster),
    ("GET", "/api/impact/factors"): read(query={"prefix": "district_heat", "cluster": "heat"}),
    # ---- knowledge
    ("GET", "/api/knowledge/vocabulary"): read(),
    ("GET", "/api/knowledge/practices"): read(shows=MEMBERS_ONLY_PRACTICE),
    ("GET", "/api/knowledge/practices/{slug}"): read(
        CLUSTER_MEMBERS, lambda mw: {"slug": mw.ids["practice"]}, shows=MEMBERS_ONLY_PRACTICE
    ),
    ("POST", "/api/knowledge/clusters/{slug}/practices"): write(
        COORDINATORS, by_cluster, lambda mw: {"ref": "GP-50", "title": "API practice"}
    ),
    ("POST", "/api/knowledge/clusters/{slug}/practices/import"): write(
        COORDINATORS,
        by_cluster,
        files=PRACTICES,
    ),
    ("GET", "/api/knowledge/clusters/{slug}/practices/export"): read(
        params=by_cluster, shows=MEMBERS_ONLY_PRACTICE, variants=FORMATS
    ),
    ("GET", "/api/knowledge/training"): read(),
    ("GET", "/api/knowledge/training/{slug}"): read(params=lambda mw: {"slug": mw.ids["package"]}),
    # Anyone may send an enquiry about a training package, without an account.
    ("POST", "/api/knowledge/training/{slug}/enquiries"): write(
        EVERYONE,
        lambda mw: {"slug": mw.ids["package"]},
        lambda mw: {
            "contact_name": "Eva",
            "email": "eva@example.se",
            "country": "SE",
            "group_size": 5,
            "language": "en",
        },
        token_only=False,
    ),
    ("POST", "/api/knowledge/training/{slug}/bookings"): write(
        COORDINATORS,
        lambda mw: {"slug": mw.ids["package"]},
        lambda mw: {
            "group_name": "API group",
            "country": "SE",
            "language": "en",
            "start_date": "2027-06-07",
            "group_size": 5,
            "modules": ["M1"],
        },
    ),
    ("GET", "/api/knowledge/bookings/{booking_id}"): read(
        COORDINATORS, lambda mw: {"booking_id": mw.ids["booking"]}
    ),
    ("GET", "/api/knowledge/projects"): read(shows=("knowledge.project",)),
    ("POST", "/api/knowledge/projects"): write(
        COORDINATORS, body=lambda mw: {"cluster": mw.w.cluster.slug, "title": "API project"}
    ),
    ("GET", "/api/knowledge/projects/figures"): read(query={"cluster": "heat"}),
    ("GET", "/api/knowledge/publications"): read(shows=("knowledge.publication",)),
    ("GET", "/api/knowledge/strategies"): read(shows=("knowledge.strategy",)),
    ("PATCH", "/api/knowledge/actions/{action_id}"): write(
        COORDINATORS, lambda mw: {"action_id": mw.ids["action"]}, lambda mw: {"progress_pct": 50}
    ),
    # ---- network
    ("GET", "/api/network/clusters/{slug}/analysis"): read(
        CLUSTER_MEMBERS, by_cluster, shows=("network.flow",)
    ),
    ("GET", "/api/network/clusters/{slug}/graph"): read(
        CLUSTER_MEMBERS, by_cluster, shows=("network.flow",)
    ),
    ("POST", "/api/network/clusters/{slug}/runs"): write(COORDINATORS, by_cluster),
    # ---- events
    ("GET", "/api/events/"): read(shows=("events.event", "events.draft")),
    ("GET", "/api/events/{slug}"): read(CLUSTER_MEMBERS, by_event, shows=("events.event",)),
    ("POST", "/api/events/{slug}/registrations"): write(
        MEMBER_USERS | COORDINATORS, by_event, lambda mw: {"language": "en"}
    ),
    ("DELETE", "/api/events/{slug}/registrations/me"): write(
        PARTICIPANT_USERS, by_event, lambda mw: {}
    ),
    ("GET", "/api/events/{slug}/requests"): read(
        PARTICIPANT_USERS, by_event, shows=("events.request",)
    ),
    ("GET", "/api/events/{slug}/requests/all"): read(
        COORDINATORS, by_event, shows=("events.request",)
    ),
    ("POST", "/api/events/{slug}/requests"): write(
        PARTICIPANT_USERS,
        by_event,
        lambda mw: {"invitees": [mw.ids["third_registration"]], "message": "Hi"},
    ),
    ("POST", "/api/events/{slug}/invitations/{invitation_id}"): write(
        frozenset({"neighbouradmin"}),
        lambda mw: by_event(mw) | {"invitation_id": mw.ids["invitation"]},
        lambda mw: {"accept": True},
    ),
    ("GET", "/api/events/{slug}/agenda"): read(PARTICIPANT_USERS, by_event),
    ("GET", "/api/events/{slug}/suggestions"): read(PARTICIPANT_USERS, by_event),
    ("GET", "/api/events/{slug}/meetings"): read(COORDINATORS, by_event),
    ("GET", "/api/events/{slug}/funnel"): read(COORDINATORS, by_event),
    ("POST", "/api/events/{slug}/schedule"): write(COORDINATORS, by_event, lambda mw: {}),
    # ---- marketplace
    ("GET", "/api/marketplace/listings"): read(shows=LISTING_FIGURES),
    ("POST", "/api/marketplace/listings"): write(
        OWNER_SIDE,
        body=lambda mw: {
            "organisation": mw.w.org.slug,
            "kind": "offer_material",
            "title": "Sahanpurua",
            "class_id": "product.wood-chips",
            "quantity": "10",
            "amount_unit": "t",
        },
    ),
    ("GET", "/api/marketplace/listings/{pk}"): read(
        CLUSTER_MEMBERS, by_listing, shows=LISTING_FIGURES
    ),
    ("POST", "/api/marketplace/listings/{pk}/status"): write(
        OWNER_SIDE, by_listing, lambda mw: {"status": "paused"}
    ),
    # Naapuri's need, whose suggestions hold Lämpö's chips: full figures for coordinators,
    # what every member may see for Naapuri.
    ("GET", "/api/marketplace/listings/{pk}/suggestions"): read(
        NEED_MANAGERS,
        lambda mw: {"pk": mw.ids["need"]},
        shows=(
            only("marketplace.quantity", *COORDINATORS),
            only("marketplace.need_quantity", *COORDINATORS),
        ),
    ),
    ("POST", "/api/marketplace/listings/{pk}/feedback"): write(
        OWNER_SIDE, by_listing, lambda mw: {"partner": mw.ids["need"], "kind": "not_interested"}
    ),
    ("GET", "/api/marketplace/classify"): read(query={"text": "koivuhake"}),
    ("GET", "/api/marketplace/deals"): read(shows=("marketplace.deal_quantity",)),
    ("POST", "/api/marketplace/deals"): write(
        OWNER_SIDE,
        body=lambda mw: {"listing": mw.ids["listing"], "partner": mw.ids["need"], "message": "Hei"},
    ),
    ("GET", "/api/marketplace/deals/{pk}"): read(DEAL_PARTIES, _pk("deal"), shows=DEAL),
    ("POST", "/api/marketplace/deals/{pk}/stage"): write(
        DEAL_PARTIES, _pk("deal"), lambda mw: {"stage": "ended"}
    ),
    ("POST", "/api/marketplace/deals/{pk}/messages"): write(
        DEAL_PARTIES, _pk("deal"), lambda mw: {"body": "Hello"}
    ),
    ("POST", "/api/marketplace/deals/{pk}/realised"): write(
        DEAL_PARTIES,
        _pk("deal"),
        realised,
    ),
    ("GET", "/api/marketplace/clusters/{slug}/funnel"): read(COORDINATORS, by_cluster),
    ("POST", "/api/marketplace/clusters/{slug}/listings/import"): write(
        COORDINATORS, by_cluster, files=LISTINGS
    ),
}

# Operations the API matrix does not call, with the reason.
API_EXEMPT: dict[tuple[str, str], str] = {}

# Secrets the API does not return to anyone, with the reason (their positive controls are
# on pages).
API_NOT_EXPOSED: dict[str, str] = {
    "audit.entry": "the audit log has no API",
    "knowledge.enquiry": "enquiries are not in the API",
    "knowledge.participant": "the booking API gives the number of participants, not names",
    "events.profile": "the API's partner suggestions name the partner, not its profile",
    "events.guest": "registrations are not in the API",
    **{
        key: "the report API gives the activity figures with their factor rows, not turnover, "
        "export or employees"
        for key in ("impact.turnover", "impact.export", "impact.employees")
    },
}
