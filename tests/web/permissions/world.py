"""The permission matrix's world: every role, and a distinctive secret planted in every
confidential field and object of the owner organisation Lämpö Oy (cluster ``heat``).

A secret is found in a response when any of its needles occurs in the body (case-insensitive;
numbers in every usual grouping). Each secret says which roles may see it, taken from the
documented rules of its app (docs/registry.md, docs/impact.md, docs/heat-web.md,
docs/knowledge.md); where a rule leaves room, the strict reading is used.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from greencluster.core.impact import Activity, ReportData
from greencluster.core.network import Edge, EdgeKind
from greencluster.web.accounts.permissions import ANONYMOUS as ANONYMOUS_VIEWER
from greencluster.web.accounts.permissions import system_viewer, viewer_for
from greencluster.web.accounts.services import api_token_create
from greencluster.web.events import partnering
from greencluster.web.events import services as event_services
from greencluster.web.events.models import Event, Meeting
from greencluster.web.events.services import EventSpec
from greencluster.web.heat import demo as heat_demo
from greencluster.web.heat import services as heat_services
from greencluster.web.heat.models import HeatCustomer, HeatFuelSource
from greencluster.web.impact.models import Goal
from greencluster.web.impact.services import factor_override_create, kpi_report_save
from greencluster.web.knowledge import services as knowledge
from greencluster.web.marketplace import services as marketplace
from greencluster.web.marketplace.models import Listing
from greencluster.web.marketplace.services import ListingInput
from greencluster.web.network import services as network_services
from greencluster.web.registry import services as registry
from greencluster.web.registry.models import Organisation
from tests.web.conftest import World, build_world
from tests.web.factories import make_org_user, make_organisation
from tests.web.knowledge.conftest import record

HELSINKI = ZoneInfo("Europe/Helsinki")
ANONYMOUS = "anonymous"
# The public visitor, a member user and an admin of another organisation of the cluster, the
# coordinator of another cluster, the cluster's coordinator, a superuser, and the owner
# organisation's own admin and member user.
ROLES = (
    ANONYMOUS,
    "naapurimember",
    "neighbouradmin",
    "othercoord",
    "coord",
    "root",
    "orgadmin",
    "orgmember",
)
# The least privileged role first (it makes the writes that prove a request is valid).
PRIVILEGE = (ANONYMOUS, "naapurimember", "neighbouradmin", "orgmember", "orgadmin")
PRIVILEGE += ("othercoord", "coord", "root")
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANONYMOUS}
COORDINATORS = frozenset({"coord", "root"})
ANY_COORDINATOR = COORDINATORS | {"othercoord"}
OWNER_EDITORS = COORDINATORS | {"orgadmin"}
OWNER_SIDE = OWNER_EDITORS | {"orgmember"}
CLUSTER_MEMBERS = OWNER_SIDE | {"neighbouradmin", "naapurimember"}
NOBODY: frozenset[str] = frozenset()
# The users of both partners of the deal, and the coordinators of their cluster.
DEAL_PARTIES = OWNER_SIDE | {"neighbouradmin", "naapurimember"}
# The partnering day's confirmed participants (with a third one who is no role) and the
# parties of the meeting request (orgadmin asks neighbouradmin), with the organisers.
PARTICIPANTS = COORDINATORS | {"orgadmin", "neighbouradmin"}
REQUEST_PARTIES = PARTICIPANTS


def number_forms(value: int) -> tuple[str, ...]:
    """``value`` as pages, exports and documents may write it: plain and with each usual
    thousands separator (comma, point, space, no-break and narrow no-break space, apostrophe)."""
    plain = str(value)
    groups = f"{value:,}".split(",")
    return (plain, *(sep.join(groups) for sep in (",", ".", " ", "\xa0", "\u202f", "'")))


def price_forms(value: str) -> tuple[str, ...]:
    """A price with two decimals as pages write it: ``37.19``, ``37,19``."""
    return (value, value.replace(".", ","))


@dataclass(frozen=True)
class Secret:
    """``needles``: texts that give the secret away. A needle that starts with a digit is a
    number: it counts only as a whole number (not inside ``0.123456`` or ``91234567``)."""

    key: str
    what: str
    needles: tuple[str, ...]
    roles: frozenset[str]

    def found_in(self, text: str) -> bool:
        """``text`` must be lower-cased already."""
        return any(pattern.search(text) for pattern in _patterns(self.needles))


@cache
def _patterns(needles: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(
        re.compile(
            rf"(?<!\d)(?<!\d\.){re.escape(n)}(?!\d)" if n[:1].isdigit() else re.escape(n.lower())
        )
        for n in needles
    )


def _secret(key: str, what: str, needles: tuple[str, ...] | str, roles: frozenset[str]) -> Secret:
    return Secret(key, what, (needles,) if isinstance(needles, str) else needles, roles)


# Registry figures of Lämpö Oy (docs/registry.md: the organisation's users, coordinators of its
# clusters, superusers). figures_year is confidential too, but a year is not distinctive.
TURNOVER_EUR = 918_273_645
EXPORT_EUR = 56_473_829
EMPLOYEES = 48_213
# Its 2025 KPI report (docs/impact.md: the organisation and its clusters' coordinators).
KPI_YEAR = 2025
KPI_TURNOVER_EUR = 73_519_246
KPI_EXPORT_EUR = 64_208_517
KPI_EMPLOYEES = 39_173
KPI_FUEL_MWH = 86_421
# Markers in names and texts (ASCII, so that JSON and PDF escaping keeps them intact).
HEAT_PROJECT = "Zqheatplan"
HEAT_CUSTOMER = "Zqcustomer"
HEAT_FUEL_SOURCE = "Zqfuelsource"
DELETED_SITE = "Zqoldsite"
PRACTICE = "Zqpractice"
PROJECT = "Zqdevproject"
PUBLICATION = "Zqpublication"
STRATEGY = "Zqstrategy"
# Events: a members-only partnering day, a draft, and a public workshop with a guest.
EVENT = "Zqpartnering"
DRAFT_EVENT = "Zqdraftevent"
PROFILE = "Zqprofile"
MEETING_REQUEST = "Zqmeetingask"
GUEST = "Zqguest"
# Marketplace: Lämpö's wood chips, quantity (t/a) and price (EUR/t) hidden, matched with
# Naapuri's larger need (so the pair's flow is Lämpö's quantity); its steel turnings in a
# running deal with Naapuri (whose users therefore see their quantity), with a message and a
# realised quantity.
CHIPS_T = 7_391
CHIPS_PRICE_EUR = "37.19"
NEED_T = 13_729
TURNINGS_T = 6_173
DEAL_MESSAGE = "Zqdealmessage"
REALISED_T = 5_437
# A realised flow into Lämpö (the network's locomotive), in t/a.
FLOW_TONNES = 753_159
ENQUIRER = "Zqenquirer"
PARTICIPANT = "Zqparticipant"

SECRETS: dict[str, Secret] = {
    s.key: s
    for s in (
        _secret("registry.turnover", "turnover", number_forms(TURNOVER_EUR), OWNER_SIDE),
        _secret("registry.export", "export", number_forms(EXPORT_EUR), OWNER_SIDE),
        _secret("registry.employees", "exact head-count", number_forms(EMPLOYEES), OWNER_SIDE),
        _secret("impact.turnover", "KPI turnover", number_forms(KPI_TURNOVER_EUR), OWNER_SIDE),
        _secret("impact.export", "KPI export", number_forms(KPI_EXPORT_EUR), OWNER_SIDE),
        _secret("impact.employees", "KPI employees", number_forms(KPI_EMPLOYEES), OWNER_SIDE),
        _secret("impact.fuel", "KPI fuel use (MWh)", number_forms(KPI_FUEL_MWH), OWNER_SIDE),
        _secret("heat.project", "heat project name", HEAT_PROJECT, OWNER_SIDE),
        _secret("heat.customer", "heat customer", HEAT_CUSTOMER, OWNER_SIDE),
        _secret("heat.fuel_source", "heat fuel source", HEAT_FUEL_SOURCE, OWNER_SIDE),
        # The name of a deleted site survives only in the audit log (coordinators' reading).
        _secret("audit.entry", "audit log entry", DELETED_SITE, COORDINATORS),
        # Records not marked public: the cluster's coordinators and its members' users.
        _secret("knowledge.practice", "members-only practice", PRACTICE, CLUSTER_MEMBERS),
        _secret("knowledge.project", "members-only project", PROJECT, CLUSTER_MEMBERS),
        _secret("knowledge.publication", "members-only publication", PUBLICATION, CLUSTER_MEMBERS),
        _secret("knowledge.strategy", "members-only strategy", STRATEGY, CLUSTER_MEMBERS),
        # Personal data of training customers: the package's cluster's coordinators only.
        _secret("knowledge.enquiry", "enquirer's name and e-mail", ENQUIRER, COORDINATORS),
        _secret("knowledge.participant", "participant's name", PARTICIPANT, COORDINATORS),
        # docs/marketplace.md: hidden quantity and price by the organisation's users and its
        # clusters' coordinators, and the partner of a contacted deal; a deal, its messages and
        # realised quantities by the users of both organisations and their coordinators.
        _secret("marketplace.quantity", "hidden quantity", number_forms(CHIPS_T), OWNER_SIDE),
        # The price is also given away by a value per year: Naapuri's quantity or the pair's
        # flow (Lämpö's quantity) at that price.
        _secret(
            "marketplace.price",
            "hidden price",
            (
                *price_forms(CHIPS_PRICE_EUR),
                *number_forms(510_581),  # 13,729 t x 37.19 EUR/t = 510,581.51
                *number_forms(274_871),  # 7,391 t x 37.19 EUR/t = 274,871.29
            ),
            OWNER_SIDE,
        ),
        # Naapuri's need keeps its quantity hidden too: Lämpö's users see the pair without it.
        _secret(
            "marketplace.need_quantity",
            "the partner's hidden quantity",
            number_forms(NEED_T),
            COORDINATORS | {"neighbouradmin", "naapurimember"},
        ),
        _secret(
            "marketplace.deal_quantity",
            "hidden quantity of a listing in a deal",
            number_forms(TURNINGS_T),
            DEAL_PARTIES,
        ),
        _secret("marketplace.deal_message", "deal message", DEAL_MESSAGE, DEAL_PARTIES),
        _secret(
            "marketplace.realised", "realised quantity", number_forms(REALISED_T), DEAL_PARTIES
        ),
        # docs/events.md: a members-only event is seen by the cluster's members' users and its
        # organisers, a draft by its organisers only; profiles by the confirmed participants
        # and organisers; a meeting request by its requester, its invitees and the organisers;
        # a guest's registration (name, e-mail) by the organisers (and the guest's own link).
        _secret("events.event", "members-only event", EVENT, CLUSTER_MEMBERS),
        _secret("events.draft", "draft event", DRAFT_EVENT, COORDINATORS),
        _secret("events.profile", "partnering profile", PROFILE, PARTICIPANTS),
        _secret("events.request", "meeting request", MEETING_REQUEST, REQUEST_PARTIES),
        _secret("events.guest", "guest's name and e-mail", GUEST, COORDINATORS),
        # Flows and quantities in the network analysis: the cluster's coordinators only
        # (docs/network.md: members see value networks, never quantities or flows).
        _secret("network.flow", "realised flow (t/a)", number_forms(FLOW_TONNES), COORDINATORS),
    )
}


@dataclass
class MatrixWorld:
    """The ``world`` of tests/web/conftest.py, a user per role with an API token, and the
    objects whose URLs the matrix opens (``ids`` by name)."""

    w: World
    users: dict[str, Any]
    tokens: dict[str, str]
    sessions: dict[str, str]
    ids: dict[str, Any] = field(default_factory=dict)


def build_matrix_world() -> MatrixWorld:
    w = build_world()
    system = system_viewer("permission matrix")
    w.org.turnover_eur = Decimal(TURNOVER_EUR)
    w.org.export_eur = Decimal(EXPORT_EUR)
    w.org.employees = EMPLOYEES
    w.org.save(update_fields=["turnover_eur", "export_eur", "employees"])
    users = {
        "naapurimember": make_org_user(w.neighbour, "member", "naapurimember"),
        "neighbouradmin": w.neighbour_admin,
        "othercoord": w.other_coordinator,
        "coord": w.coordinator,
        "root": w.superuser,
        "orgadmin": w.org_admin,
        "orgmember": w.org_member,
    }
    for role, user in users.items():
        user.email = f"{role}@example.org"
        user.save(update_fields=["email"])
    tokens = {role: api_token_create(user=u, name="matrix")[1] for role, u in users.items()}
    mw = MatrixWorld(w, users, tokens, {role: _session(u) for role, u in users.items()})
    _registry(mw)
    _impact(mw, system)
    _heat(mw)
    _knowledge(mw)
    _events(mw)
    _marketplace(mw)
    _network(mw)
    _neighbours_own(mw)
    return mw


def _session(user: Any) -> str:
    """The key of a signed-in session of ``user`` (tests set it as their cookie)."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _registry(mw: MatrixWorld) -> None:
    admin = viewer_for(mw.w.org_admin)
    old = registry.site_create(
        viewer=admin, organisation=mw.w.org, name=f"{DELETED_SITE} depot", place="Kuortane"
    )
    registry.site_delete(viewer=admin, site=old)
    mw.ids["site"] = mw.w.org.sites.get().pk
    mw.ids["mini_cluster"] = registry.mini_cluster_create(
        viewer=viewer_for(mw.w.coordinator),
        cluster=mw.w.cluster,
        name="Bioenergy",
        theme="energy",
        description="Heat entrepreneurs",
        language="en",
    ).slug


def _kpi(turnover: float, fuel_mwh: float, *, year: int = KPI_YEAR, **figures: Any) -> ReportData:
    return ReportData(
        year=year,
        turnover_eur=turnover,
        activities=[
            Activity("fuel", "light_fuel_oil", fuel_mwh, "MWh"),
            Activity("electricity", "FI", 100, "MWh"),
            Activity("material", "wood", 10, "t"),
        ],
        **figures,
    )


def _impact(mw: MatrixWorld, system: Any) -> None:
    """Lämpö's reports hold the secrets. In 2025 three more members report round figures, so
    that the cluster's aggregates are shown (four reporters, minimum group 3); in 2024 Lämpö
    reports alone, so that an aggregate shown for 2024 would be its own figure."""
    for year in (KPI_YEAR - 1, KPI_YEAR):
        kpi_report_save(
            viewer=system,
            organisation=mw.w.org,
            data=_kpi(
                KPI_TURNOVER_EUR,
                KPI_FUEL_MWH,
                year=year,
                export_eur=KPI_EXPORT_EUR,
                employees=KPI_EMPLOYEES,
            ),
        )
    others = [mw.w.neighbour] + [
        make_organisation(cluster=mw.w.cluster, name=f"Reporter {i} Oy", slug=f"reporter-{i}")
        for i in (1, 2)
    ]
    for i, org in enumerate(others, start=1):
        kpi_report_save(viewer=system, organisation=org, data=_kpi(1_000_000.0 * i, 100.0 * i))
    mw.ids["goal"] = Goal.objects.create(
        cluster=mw.w.cluster,
        title="-20 % CO2 by 2029",
        metric="co2_total_t",
        base_year=2024,
        target_year=2029,
        target_kind="percent",
        target_value=-20.0,
    ).pk
    mw.ids["factor"] = factor_override_create(
        viewer=viewer_for(mw.w.coordinator),
        cluster=mw.w.cluster,
        values=FACTOR_FORM,
    ).pk


# A cluster factor as the coordinators' form posts it.
FACTOR_FORM = {
    "key": "district_heat.FI",
    "gas": "co2e",
    "value": "0.15",
    "unit": "kg CO2e/kWh",
    "scope": "2",
    "category": "heat_location",
    "region": "FI",
    "year": "2024",
    "source": "Local network's published factor (test value)",
}


def _heat(mw: MatrixWorld) -> None:
    """Lämpö's project (the demo village, four customers) with one evaluation; its fuel source
    comes from Naapuri and a customer is Naapuri's site, which must not let Naapuri see it."""
    data = copy.deepcopy(heat_demo.PROJECT)
    data["project"]["name"] = f"{HEAT_PROJECT} village heat"
    data["customers"] = data["customers"][:4]
    data["customers"][0]["name"] = f"{HEAT_CUSTOMER} school"
    data["fuel_sources"][0]["name"] = f"{HEAT_FUEL_SOURCE} chips"
    admin = viewer_for(mw.w.org_admin)
    project = heat_services.heat_project_import(viewer=admin, organisation=mw.w.org, data=data)
    HeatFuelSource.objects.filter(project=project).update(supplier=mw.w.neighbour)
    HeatCustomer.objects.filter(project=project, name__startswith=HEAT_CUSTOMER).update(
        site=mw.w.neighbour.sites.get()
    )
    evaluation = heat_services.heat_evaluation_run(viewer=admin, project=project, label="Base")
    mw.ids |= {
        "heat_project": project.pk,
        "heat_customer": project.customers.get(name__startswith=HEAT_CUSTOMER).pk,
        "heat_fuel_source": project.fuel_sources.get(name__startswith=HEAT_FUEL_SOURCE).pk,
        "heat_evaluation": evaluation.pk,
    }


def _knowledge(mw: MatrixWorld) -> None:
    """Members-only records of the cluster ``heat`` (a marker in the title, so that lists show
    it, and in the text), and a training booking with personal data."""
    coord = viewer_for(mw.w.coordinator)
    cluster = mw.w.cluster
    practice = knowledge.practice_save(
        viewer=coord,
        cluster=cluster,
        record=record(
            "GP-7",
            f"{PRACTICE} ash recycling",
            public=False,
            summary=f"{PRACTICE}: ash from the village plant goes back to the forest.",
        ),
        organisations=[mw.w.org],
    )
    attachment = knowledge.attachment_add(
        viewer=coord, practice=practice, name="notes.txt", data=f"{PRACTICE} notes\n".encode()
    )
    project = knowledge.project_save(
        viewer=coord,
        cluster=cluster,
        title=f"{PROJECT} heat study",
        summary=f"{PROJECT} summary",
        partners=[(mw.w.org, "partner")],
    )
    publication = knowledge.publication_create(
        viewer=coord,
        cluster=cluster,
        kind="report",
        title=f"{PUBLICATION} heat report",
        abstract=f"{PUBLICATION} abstract",
        language="en",
        year=2025,
        projects=[project],
        file_name="report.txt",
        file_data=f"{PUBLICATION} full text\n".encode(),
    )
    strategy = knowledge.strategy_create(
        viewer=coord,
        cluster=cluster,
        title=f"{STRATEGY} strategy",
        year_start=2026,
        year_end=2030,
        texts={"en": f"{STRATEGY} text"},
        focus_areas=[("Green circular industry", "")],
        is_public=False,
    )
    action = knowledge.action_create(
        viewer=coord, strategy=strategy, title="Fuel logistics study", status="planned"
    )
    package = knowledge.package_create(
        viewer=coord,
        cluster=cluster,
        titles={"en": "Heat entrepreneurship week"},
        descriptions={"en": "One week for foreign groups."},
        days=5,
        languages=["en", "de"],
        target_groups=["foreign-delegations"],
        price_eur=Decimal("9500"),
    )
    knowledge.module_add(
        viewer=coord,
        package=package,
        code="M1",
        titles={"en": "Village heat plants"},
        duration_days=Decimal("1"),
        languages=["en", "de"],
        partner=mw.w.org,
    )
    enquiry = knowledge.enquiry_submit(
        package=package,
        contact_name=f"{ENQUIRER} Schmidt",
        email=f"{ENQUIRER.lower()}@example.de",
        organisation_name="Landkreis Demo",
        country="DE",
        group_size=12,
        preferred_start=dt.date(2027, 5, 10),
        language="de",
    )
    booking = knowledge.booking_create(
        viewer=coord,
        package=package,
        group_name="Delegation",
        country="DE",
        language="de",
        start_date=dt.date(2027, 5, 10),
        group_size=12,
        module_codes=["M1"],
        enquiry=enquiry,
    )
    knowledge.participant_add(viewer=coord, booking=booking, name=f"{PARTICIPANT} Meier")
    mw.ids |= {
        "practice": practice.slug,
        "attachment": attachment.pk,
        "project": project.slug,
        "publication": publication.slug,
        "strategy": strategy.pk,
        "action": action.pk,
        "package": package.slug,
        "enquiry": enquiry.pk,
        "booking": booking.pk,
        "feedback_token": booking.feedback_token,
    }


def _network(mw: MatrixWorld) -> None:
    """The cluster's network analysis with realised flows from Naapuri (the secret) and two
    more members into Lämpö, given by a stand-in for the marketplace's ``network_edges`` (the
    real apps' edges come as well)."""
    suppliers = Organisation.objects.filter(slug__in=["naapuri", "reporter-1", "reporter-2"])
    flows = [
        Edge(
            str(org.pk),
            str(mw.w.org.pk),
            EdgeKind.REALISED_FLOW,
            tonnes=float(FLOW_TONNES if org == mw.w.neighbour else 1000),
            class_code="product.wood-chips",
        )
        for org in suppliers
    ]
    real = network_services.providers

    def providers(function: str = "network_edges") -> list[Any]:
        found = real(function)
        return [*found, lambda *, cluster_ids: flows] if function == "network_edges" else found

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(network_services, "providers", providers)
        run = network_services.network_run_request(
            viewer=viewer_for(mw.w.coordinator), cluster=mw.w.cluster
        )
    run.refresh_from_db()
    assert run.status == "finished", run.error
    mw.ids["value_network"] = run.result["value_networks"][0]["key"]


def _neighbours_own(mw: MatrixWorld) -> None:
    """Objects that other roles may change (their own), for URLs that name one of them with
    an object of Lämpö's (the crossed cases of the matrix): Naapuri's heat project, a public
    practice of the cluster, the other cluster's practice with a file, its strategy and its
    partnering day."""
    data = copy.deepcopy(heat_demo.PROJECT)
    data["project"]["name"] = "Naapuri heat"
    data["customers"] = data["customers"][4:6]
    mw.ids["naapuri_heat_project"] = heat_services.heat_project_import(
        viewer=viewer_for(mw.w.neighbour_admin), organisation=mw.w.neighbour, data=data
    ).pk
    mw.ids["public_practice"] = knowledge.practice_save(
        viewer=viewer_for(mw.w.coordinator),
        cluster=mw.w.cluster,
        record=record("GP-1", "Village heat from birch thinnings"),
    ).slug
    other = viewer_for(mw.w.other_coordinator)
    practice = knowledge.practice_save(
        viewer=other, cluster=mw.w.other_cluster, record=record("GP-9", "Return transport")
    )
    knowledge.attachment_add(viewer=other, practice=practice, name="plan.txt", data=b"plan\n")
    strategy = knowledge.strategy_create(
        viewer=other,
        cluster=mw.w.other_cluster,
        title="Other strategy",
        year_start=2026,
        year_end=2030,
        texts={"en": "Text"},
        focus_areas=[("Logistics", "")],
    )
    now = timezone.now()
    event = event_services.event_create(
        viewer=other,
        cluster=mw.w.other_cluster,
        spec=EventSpec(
            kind=Event.Kind.PARTNERING,
            title="Grenland partnering day",
            starts_at=now + dt.timedelta(days=20),
            ends_at=now + dt.timedelta(days=20, hours=8),
            meetings_start_at=now + dt.timedelta(days=20, hours=1),
            venue="Porsgrunn",
        ),
    )
    mw.ids |= {
        "other_practice": practice.slug,
        "other_strategy": strategy.pk,
        "other_event": event_services.event_publish(viewer=other, event=event).slug,
    }


def _events(mw: MatrixWorld) -> None:
    """A members-only partnering day under way (its first slot has begun, so meetings can be
    rated): orgadmin, neighbouradmin and a third member's user take part; orgadmin asks
    neighbouradmin for a meeting (pending) and meets the third (slot 1). A draft, and a
    public workshop with a guest's registration."""
    coord = viewer_for(mw.w.coordinator)
    now = timezone.now().astimezone(HELSINKI).replace(second=0, microsecond=0)
    start = now - dt.timedelta(hours=1)
    day = event_services.event_create(
        viewer=coord,
        cluster=mw.w.cluster,
        spec=EventSpec(
            kind=Event.Kind.PARTNERING,
            title=f"{EVENT} heat day",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=8),
            venue="Kuortane",
            is_public=False,
            meetings_start_at=start,
            slot_minutes=20,
            slot_count=12,
            tables=3,
        ),
    )
    event_services.event_publish(viewer=coord, event=day)
    third_user = make_org_user(Organisation.objects.get(slug="reporter-1"), "member", "third")
    users = {"a": mw.w.org_admin, "b": mw.w.neighbour_admin, "c": third_user}
    regs = {
        key: event_services.registration_create(viewer=viewer_for(u), event=day)
        for key, u in users.items()
    }
    for key, offers in (("a", f"{PROFILE} wood ash"), ("b", "birch chips"), ("c", "training")):
        partnering.profile_save(
            viewer=viewer_for(users[key]),
            registration=regs[key],
            offers=offers,
            seeks="dry wood chips",
            cooperation=["commercial"],
        )
    ask = partnering.meeting_request_create(
        viewer=viewer_for(users["a"]),
        requester=regs["a"],
        invitees=[regs["b"]],
        message=f"{MEETING_REQUEST}: shall we talk about ash?",
    )
    met = partnering.meeting_request_create(
        viewer=viewer_for(users["c"]), requester=regs["c"], invitees=[regs["a"]]
    )
    partnering.invitation_answer(
        viewer=viewer_for(users["a"]), invitation=met.invitations.get(), accept=True
    )
    met.refresh_from_db()
    Meeting.objects.filter(pk=met.meeting.pk).update(slot=1, table=1)
    draft = event_services.event_create(
        viewer=coord,
        cluster=mw.w.cluster,
        spec=EventSpec(
            kind=Event.Kind.WORKSHOP,
            title=f"{DRAFT_EVENT} workshop",
            starts_at=now + dt.timedelta(days=30),
            ends_at=now + dt.timedelta(days=30, hours=3),
            venue="Seinäjoki",
        ),
    )
    workshop = event_services.event_create(
        viewer=coord,
        cluster=mw.w.cluster,
        spec=EventSpec(
            kind=Event.Kind.WORKSHOP,
            title="Ash recycling workshop",
            starts_at=now + dt.timedelta(days=10),
            ends_at=now + dt.timedelta(days=10, hours=3),
            venue="Seinäjoki",
        ),
    )
    event_services.event_publish(viewer=coord, event=workshop)
    guest = event_services.registration_create(
        viewer=ANONYMOUS_VIEWER,
        event=workshop,
        name=f"{GUEST} Gast",
        email=f"{GUEST.lower()}@example.de",
    )
    mw.ids |= {
        "event": day.slug,
        "draft_event": draft.slug,
        "workshop": workshop.slug,
        "guest_token": guest.token,
        "registration": regs["a"].pk,
        "third_registration": regs["c"].pk,
        "invitation": ask.invitations.get().pk,
        "meeting_request": ask.pk,
        "meeting": met.meeting.pk,
    }


def _listing(
    user: Any, org: Organisation, kind: str, title: str, datasheet: Any = None, **fields: Any
) -> Listing:
    data = ListingInput(organisation=org, kind=kind, title=title, amount_unit="t", **fields)
    return marketplace.listing_create(viewer=viewer_for(user), data=data, datasheet=datasheet)


def _marketplace(mw: MatrixWorld) -> None:
    """Lämpö's hidden chips (matched with Naapuri's need) and a running deal with Naapuri."""
    w = mw.w
    chips = _listing(
        w.org_member,
        w.org,
        Listing.Kind.OFFER_MATERIAL,
        "Koivuhaketta",
        description="Kuivaa koivuhaketta sahalta",
        quantity=Decimal(CHIPS_T),
        price_eur=Decimal(CHIPS_PRICE_EUR),
        datasheet=SimpleUploadedFile("chips.pdf", b"%PDF-1.4 chips data sheet\n%%EOF\n"),
    )
    need = _listing(
        w.neighbour_admin,
        w.neighbour,
        Listing.Kind.RECEIVE_MATERIAL,
        "Vi köper träflis till vår panna",
        quantity=Decimal(NEED_T),
    )
    turnings = _listing(
        w.org_member,
        w.org,
        Listing.Kind.OFFER_WASTE,
        "Teräslastua",
        quantity=Decimal(TURNINGS_T),
        price_eur=Decimal("150"),
    )
    scrap = _listing(
        w.neighbour_admin,
        w.neighbour,
        Listing.Kind.RECEIVE_MATERIAL,
        "Metalliromua",
        quantity=Decimal(8_000),
    )
    member = viewer_for(w.org_member)
    deal = marketplace.deal_contact(
        viewer=member, listing=turnings, partner=scrap, message=f"{DEAL_MESSAGE}: shall we?"
    )
    marketplace.deal_move(viewer=member, deal=deal, stage="negotiating")
    marketplace.deal_move(
        viewer=member,
        deal=deal,
        stage="agreed",
        report_unit="t",
        displaced_key="material.metals.primary_material_production",
    )
    marketplace.deal_move(viewer=member, deal=deal, stage="running")
    marketplace.realised_record(
        viewer=member,
        deal=deal,
        period_start=dt.date(KPI_YEAR, 1, 1),
        period_end=dt.date(KPI_YEAR, 1, 31),
        quantity=Decimal(REALISED_T),
    )
    mw.ids |= {"listing": chips.pk, "need": need.pk, "turnings": turnings.pk, "deal": deal.pk}
