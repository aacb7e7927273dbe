"""The page matrix: every named URL of the site with how to fill it from the matrix world,
who may open it (GET), who may write through it (POST), and which secrets it shows to the
readers allowed to see them (the positive controls). A URL that is neither here nor in
:data:`EXEMPT` fails ``test_every_url_is_in_the_matrix``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.factories import PASSWORD
from tests.web.permissions.world import (
    ANONYMOUS,
    ANY_COORDINATOR,
    CLUSTER_MEMBERS,
    COORDINATORS,
    DEAL_PARTIES,
    EVERYONE,
    FACTOR_FORM,
    KPI_YEAR,
    OWNER_EDITORS,
    OWNER_SIDE,
    PARTICIPANTS,
    SIGNED_IN,
    MatrixWorld,
)

Values = Callable[[MatrixWorld], dict[str, Any]]
Shown = str | tuple[str, frozenset[str]]


def only(key: str, *roles: str) -> Shown:
    """The secret ``key`` is shown here to these ``roles`` only (e.g. one's own profile)."""
    return (key, frozenset(roles))


def no_values(_mw: MatrixWorld) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Write:
    """A POST through the URL. Roles outside ``writers`` must be refused (403, 404 or the
    login page) with nothing written. ``form_refusal``: the form offers a role only what it
    may use (e.g. its own clusters), so a POST naming the owner's object is answered with the
    form and its error (200), still with nothing written. ``observable``: the allowed write
    leaves a trace in the product's tables (the positive control checks it)."""

    writers: frozenset[str]
    data: Values = no_values
    label: str = "post"
    form_refusal: bool = False
    observable: bool = True


@dataclass(frozen=True)
class Page:
    """``readers``: the roles that may GET it (None: POST only); every other role must be
    refused. ``shows``: the secrets it shows (with the first variant) to the readers allowed to
    see them, or ``only(key, roles)`` when it shows one to some of them only (one's own
    profile).
    ``variants``: extra kwargs, one test case each (export formats); a value may be a function
    of the world, the key ``?`` holds a query string, ``hx`` asks as htmx does.
    ``for_outsiders``: a document made to be handed on (a funder report), which holds no
    secret whoever downloads it. ``capability``: the URL is a private link (a token) whose
    holder may see these secrets, whatever their role."""

    kwargs: Values = no_values
    readers: frozenset[str] | None = EVERYONE
    shows: tuple[Shown, ...] = ()
    writes: tuple[Write, ...] = ()
    for_outsiders: bool = False
    capability: tuple[str, ...] = ()
    variants: tuple[dict[str, Any], ...] = ({},)


def action(writers: frozenset[str], kwargs: Values = no_values, data: Values = no_values) -> Page:
    """A POST-only URL."""
    return Page(kwargs, readers=None, writes=(Write(writers, data),))


def form(
    readers: frozenset[str],
    kwargs: Values = no_values,
    data: Values = no_values,
    *,
    writers: frozenset[str] | None = None,
    shows: tuple[Shown, ...] = (),
    form_refusal: bool = False,
    capability: tuple[str, ...] = (),
) -> Page:
    """A page with a form: the readers open it and (unless ``writers`` says otherwise) post it."""
    w = Write(readers if writers is None else writers, data, form_refusal=form_refusal)
    return Page(kwargs, readers=readers, shows=shows, writes=(w,), capability=capability)


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


def a_file(name: str, text: str) -> Values:
    """A form's ``file`` field with ``text`` as ``name``."""
    return lambda mw: {"file": upload(name, text)}


# Valid uploads of each importer (one new row each).
ORGANISATIONS = a_file("orgs.csv", "ref,name,place\nTEST:1,Uusi Oy,Kuortane\n")
CUSTOMERS = a_file(
    "customers.csv",
    "name,lat,lon,annual_heat_mwh,peak_kw,current_heating,must_connect\n"
    "Added,62.81,23.51,100,50,oil,no\n",
)
KPI_UPLOAD = a_file("kpi.csv", "year,kind,type,quantity,unit\n2025,fuel,light_fuel_oil,5,MWh\n")
PRACTICES = a_file("practices.csv", "ref,title,public\nGP-99,Imported,yes\n")
LISTINGS = a_file(
    "listings.csv",
    "organisation,kind,title,class_id,quantity,unit\nnaapuri,offer_waste,Tuhkaa,ewc.100101,100,t\n",
)


def realised(mw: MatrixWorld) -> dict[str, Any]:
    """A realised quantity of the running deal (a period of the KPI year)."""
    return {
        "period_start": f"{KPI_YEAR}-02-01",
        "period_end": f"{KPI_YEAR}-02-28",
        "quantity": "12",
    }


# ---- how URLs are filled ----------------------------------------------------------------------


def by_cluster(mw: MatrixWorld) -> dict[str, Any]:
    return {"slug": mw.w.cluster.slug}


def by_org(mw: MatrixWorld) -> dict[str, Any]:
    return {"slug": mw.w.org.slug}


def by_heat_project(mw: MatrixWorld) -> dict[str, Any]:
    return {"pk": mw.ids["heat_project"]}


def by_value_network(mw: MatrixWorld) -> dict[str, Any]:
    return {"slug": mw.w.cluster.slug, "key": mw.ids["value_network"]}


def by_listing(mw: MatrixWorld) -> dict[str, Any]:
    """Lämpö's wood chips (quantity and price hidden)."""
    return {"pk": mw.ids["listing"]}


def _listing_form(mw: MatrixWorld) -> dict[str, Any]:
    """The listing form as the edit page fills it for Lämpö's wood chips."""
    from greencluster.web.marketplace.forms import listing_initial
    from greencluster.web.marketplace.models import Listing

    out = {}
    for key, value in listing_initial(Listing.objects.get(pk=mw.ids["listing"])).items():
        if value in (None, False, "") or key == "category":  # the category is for services
            continue
        out[key] = getattr(value, "pk", value)
    return out


def by_event(mw: MatrixWorld) -> dict[str, Any]:
    """The members-only partnering day."""
    return {"slug": mw.ids["event"]}


def _event_form(mw: MatrixWorld, name: str) -> dict[str, Any]:
    """The event form as the edit page fills it for the event ``mw.ids[name]``."""
    from greencluster.web.events.forms import event_initial
    from greencluster.web.events.models import Event

    event = Event.objects.select_related("cluster").get(slug=mw.ids[name])
    out = {}
    for key, value in event_initial(event).items():
        if isinstance(value, dt.datetime):
            value = value.astimezone(ZoneInfo(event.time_zone)).strftime("%Y-%m-%dT%H:%M")
        if value not in (None, False, ""):
            out[key] = value
    return out


def _pk(name: str) -> Values:
    return lambda mw: {"pk": mw.ids[name]}


def _ids(**names: str) -> Values:
    """kwargs ``{kwarg: mw.ids[name]}``."""
    return lambda mw: {kwarg: mw.ids[name] for kwarg, name in names.items()}


def _with(base: Values, **names: str) -> Values:
    return lambda mw: base(mw) | _ids(**names)(mw)


# The result list alone, as htmx asks for it.
HTMX = {"hx": True}
# Activity figures of the cluster this year and next.
FIGURES = f"cluster=heat&start={dt.date.today().year}-01-01&end={dt.date.today().year + 1}-12-31"
# The members' users (who may register for the members-only day), its participants' users and
# the participants of the meeting (orgadmin with a third member's user).
MEMBER_USERS = CLUSTER_MEMBERS - COORDINATORS
PARTICIPANT_USERS = PARTICIPANTS - COORDINATORS
MEETING_SEATS = frozenset({"orgadmin"})
LISTING_FIGURES = ("marketplace.quantity", "marketplace.price")
DEAL = ("marketplace.deal_message", "marketplace.deal_quantity", "marketplace.realised")
REGISTRY_FIGURES = ("registry.turnover", "registry.export", "registry.employees")
KPI_FIGURES = ("impact.turnover", "impact.export", "impact.employees", "impact.fuel")
HEAT = ("heat.project", "heat.customer", "heat.fuel_source")
# The log holds a deleted site's name, an enquirer's name (personal data of the enquiry) and
# the titles of members-only records.
AUDIT = (
    "audit.entry",
    "knowledge.enquiry",
    "knowledge.practice",
    "knowledge.project",
    "knowledge.publication",
    "knowledge.strategy",
)
CSV_FORMATS = ({"fmt": "csv"}, {"fmt": "xlsx"})
ALL_FORMATS = (*CSV_FORMATS, {"fmt": "json"})


def _report(mw: MatrixWorld) -> dict[str, Any]:
    return {"slug": mw.w.org.slug, "year": KPI_YEAR}


def _kpi_form(mw: MatrixWorld) -> dict[str, Any]:
    return {
        "year": "2025",
        "turnover_eur": "1",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-kind": "fuel",
        "lines-0-type": "light_fuel_oil",
        "lines-0-quantity": "5",
        "lines-0-unit": "MWh",
    }


def _heat_project_form(mw: MatrixWorld) -> dict[str, Any]:
    return {
        "organisation": mw.w.org.pk,
        "name": "Second plant",
        "start_year": "2028",
        "plant_lat": "62.8",
        "plant_lon": "23.5",
    }


def _customer_form(mw: MatrixWorld) -> dict[str, Any]:
    return {
        "name": "New customer",
        "lat": "62.81",
        "lon": "23.51",
        "annual_heat_mwh": "100",
        "peak_kw": "50",
        "current_heating": "oil",
    }


def _heat_settings_form(mw: MatrixWorld) -> dict[str, Any]:
    """The settings form as the page fills it, with a new name."""
    from greencluster.web.heat.forms import SettingsForm
    from greencluster.web.heat.models import HeatProject

    unbound = SettingsForm(project=HeatProject.objects.get(pk=mw.ids["heat_project"]))
    values = {name: unbound[name].value() for name in unbound.fields}
    return {k: v for k, v in values.items() if v not in (None, False)} | {"name": "Renamed"}


def _practice_form(mw: MatrixWorld) -> dict[str, Any]:
    return {"cluster": mw.w.cluster.slug, "ref": "GP-8", "language": "en", "title": "Written"}


def _attended(mw: MatrixWorld) -> dict[str, Any]:
    return {"attended": "yes"}


def _table(mw: MatrixWorld) -> dict[str, Any]:
    return {"table": "2"}


def _locked(mw: MatrixWorld) -> dict[str, Any]:
    return {"locked": "1"}


MATRIX: dict[str, Page] = {
    # ---- accounts
    "accounts:login": form(
        EVERYONE, data=lambda mw: {"username": "orgmember", "password": PASSWORD}
    ),
    # Signing out only ends the session: nothing of the product's tables changes.
    "accounts:logout": Page(readers=None, writes=(Write(EVERYONE, observable=False),)),
    "accounts:profile": form(SIGNED_IN, data=lambda mw: {"name": "stolen"}),
    # ---- registry
    "registry:home": Page(),
    "registry:directory": Page(variants=({}, HTMX)),
    "registry:map": Page(),
    "registry:map_points": Page(),
    "registry:cluster": Page(by_cluster),
    "registry:cluster_import": form(
        COORDINATORS,
        by_cluster,
        ORGANISATIONS,
    ),
    "registry:cluster_export": Page(
        by_cluster, COORDINATORS, shows=REGISTRY_FIGURES, variants=ALL_FORMATS
    ),
    "registry:cluster_edit": form(
        COORDINATORS, by_cluster, lambda mw: {"description": "Rewritten", "website": ""}
    ),
    "registry:organisation_create": form(
        COORDINATORS,
        by_cluster,
        lambda mw: {"name": "Uusi Oy", "country": "FI", "org_type": "company", "role": "member"},
    ),
    "registry:cluster_audit": Page(by_cluster, COORDINATORS, shows=AUDIT),
    "registry:cluster_audit_export": Page(
        by_cluster, COORDINATORS, shows=AUDIT, variants=CSV_FORMATS
    ),
    "registry:mini_cluster_create": form(
        COORDINATORS, by_cluster, lambda mw: {"name": "Water", "theme": "water"}
    ),
    "registry:mini_cluster": Page(
        lambda mw: {"slug": mw.ids["mini_cluster"]},
        EVERYONE,
        writes=(Write(COORDINATORS, lambda mw: {"organisation": "lampo", "action": "add"}),),
    ),
    "registry:organisation": Page(by_org, EVERYONE, shows=REGISTRY_FIGURES),
    "registry:organisation_edit": form(
        OWNER_EDITORS,
        by_org,
        lambda mw: {"name": "Renamed Oy", "org_type": "company", "turnover_eur": "1"},
        shows=REGISTRY_FIGURES,
    ),
    "registry:site_add": form(
        OWNER_EDITORS,
        by_org,
        lambda mw: {"name": "New site", "place": "Kuortane", "lat": "62.8", "lon": "23.5"},
    ),
    "registry:site_delete": action(OWNER_EDITORS, _with(by_org, site_id="site")),
    # ---- heat (docs/heat-web.md)
    "heat:list": Page(readers=SIGNED_IN, shows=("heat.project",)),
    "heat:project_create": form(
        SIGNED_IN,
        data=_heat_project_form,
        writers=OWNER_EDITORS,
        form_refusal=True,
        shows=("heat.project",),  # "start from another project" lists those one may see
    ),
    "heat:project": Page(by_heat_project, OWNER_SIDE, shows=HEAT),
    "heat:project_settings": form(
        OWNER_EDITORS,
        by_heat_project,
        _heat_settings_form,
        shows=("heat.project",),
    ),
    "heat:project_delete": action(OWNER_EDITORS, by_heat_project),
    "heat:customer_add": form(OWNER_EDITORS, by_heat_project, _customer_form),
    "heat:customer_upload": form(
        OWNER_EDITORS,
        by_heat_project,
        lambda mw: CUSTOMERS(mw) | {"replace": "on"},
    ),
    "heat:streets_upload": form(
        OWNER_EDITORS,
        by_heat_project,
        a_file("streets.csv", "from_lat,from_lon,to_lat,to_lon\n62.8,23.5,62.81,23.51\n"),
    ),
    "heat:customer_pick_site": form(
        OWNER_EDITORS,
        by_heat_project,
        lambda mw: {
            "site": mw.ids["site"],
            "annual_heat_mwh": "100",
            "peak_kw": "50",
            "current_heating": "oil",
        },
    ),
    "heat:customer_delete": action(
        OWNER_EDITORS, _with(by_heat_project, customer_id="heat_customer")
    ),
    "heat:fuel_source_add": form(
        OWNER_EDITORS,
        by_heat_project,
        lambda mw: {
            "name": "Chips",
            "fuel": "wood_chips",
            "origin": "local_supplier",
            "distance_km": "10",
            "price_eur_per_mwh": "25",
        },
    ),
    "heat:fuel_source_delete": action(
        OWNER_EDITORS, _with(by_heat_project, source_id="heat_fuel_source")
    ),
    "heat:run": action(OWNER_EDITORS, by_heat_project, lambda mw: {"label": "Stolen run"}),
    "heat:compare": Page(by_heat_project, OWNER_SIDE, shows=("heat.project",)),
    "heat:evaluation": Page(_pk("heat_evaluation"), OWNER_SIDE, shows=HEAT),
    "heat:evaluation_pdf": Page(_pk("heat_evaluation"), OWNER_SIDE, shows=HEAT),
    "heat:evaluation_delete": action(OWNER_EDITORS, _pk("heat_evaluation")),
    # ---- impact (docs/impact.md)
    "impact:index": Page(),
    # 2024: the owner reported alone, so every aggregate of that year must stay hidden.
    "impact:cluster": Page(by_cluster, variants=({}, {"?": "year=2024"})),
    "impact:factors": Page(
        by_cluster, EVERYONE, writes=(Write(COORDINATORS, lambda mw: dict(FACTOR_FORM)),)
    ),
    "impact:factor_delete": action(COORDINATORS, _with(by_cluster, pk="factor")),
    "impact:goal_create": form(
        COORDINATORS,
        by_cluster,
        lambda mw: {
            "title": "More",
            "metric": "co2_total_t",
            "base_year": "2024",
            "target_year": "2030",
            "target_kind": "percent",
            "target_value": "-50",
        },
    ),
    "impact:goal_delete": action(COORDINATORS, _with(by_cluster, pk="goal")),
    # Documents for funders and the ECCP: aggregates only, whoever downloads them.
    "impact:funder_report": Page(
        by_cluster,
        COORDINATORS,
        variants=tuple(
            f | y for f in (*CSV_FORMATS, {"fmt": "pdf"}) for y in ({}, {"?": "year=2024"})
        ),
        for_outsiders=True,
    ),
    "impact:eccp_profile": Page(by_cluster, COORDINATORS, for_outsiders=True),
    "impact:organisation": Page(by_org, OWNER_SIDE),
    "impact:report_new": form(OWNER_EDITORS, by_org, _kpi_form),
    "impact:report_upload": form(
        OWNER_EDITORS,
        by_org,
        KPI_UPLOAD,
    ),
    "impact:report": Page(_report, OWNER_SIDE, shows=KPI_FIGURES),
    "impact:report_edit": form(OWNER_EDITORS, _report, _kpi_form, shows=KPI_FIGURES),
    # ---- knowledge (docs/knowledge.md)
    "knowledge:home": Page(shows=("knowledge.practice", "knowledge.strategy")),
    "knowledge:practices": Page(shows=("knowledge.practice",), variants=({}, HTMX)),
    "knowledge:practice_create": form(
        ANY_COORDINATOR, data=_practice_form, writers=COORDINATORS, form_refusal=True
    ),
    "knowledge:practice": Page(
        lambda mw: {"slug": mw.ids["practice"]}, CLUSTER_MEMBERS, shows=("knowledge.practice",)
    ),
    "knowledge:practice_edit": form(
        COORDINATORS,
        lambda mw: {"slug": mw.ids["practice"]},
        _practice_form,
        shows=("knowledge.practice",),
    ),
    "knowledge:attachment_add": action(
        COORDINATORS,
        lambda mw: {"slug": mw.ids["practice"]},
        a_file("more.txt", "more notes\n"),
    ),
    "knowledge:attachment": Page(
        lambda mw: {"slug": mw.ids["practice"], "attachment_id": mw.ids["attachment"]},
        CLUSTER_MEMBERS,
        shows=("knowledge.practice",),
    ),
    "knowledge:attachment_delete": action(
        COORDINATORS,
        lambda mw: {"slug": mw.ids["practice"], "attachment_id": mw.ids["attachment"]},
    ),
    "knowledge:practice_import": form(
        COORDINATORS,
        lambda mw: {"cluster_slug": mw.w.cluster.slug},
        lambda mw: PRACTICES(mw) | {"language": "en"},
    ),
    "knowledge:practice_export": Page(
        lambda mw: {"cluster_slug": mw.w.cluster.slug},
        EVERYONE,
        shows=("knowledge.practice",),
        variants=ALL_FORMATS,
    ),
    "knowledge:packages": Page(),
    "knowledge:package_create": form(
        ANY_COORDINATOR,
        data=lambda mw: {
            "cluster": mw.w.cluster.slug,
            "text_language": "en",
            "title": "Stolen",
            "days": "1",
            "languages": ["en"],
            "price_eur": "100",
            "price_basis": "per-group",
            "min_participants": "1",
            "max_participants": "10",
        },
        writers=COORDINATORS,
        form_refusal=True,
    ),
    "knowledge:enquiry_status": action(
        COORDINATORS, _ids(enquiry_id="enquiry"), lambda mw: {"status": "declined"}
    ),
    "knowledge:package": Page(
        lambda mw: {"slug": mw.ids["package"]},
        EVERYONE,
        shows=("knowledge.enquiry",),
        writes=(
            Write(
                COORDINATORS,
                lambda mw: {
                    "m-code": "M9",
                    "m-title": "Added",
                    "m-duration_days": "1",
                    "m-languages": ["en"],
                },
                label="module",
            ),
        ),
    ),
    "knowledge:booking_create": form(
        COORDINATORS,
        lambda mw: {"slug": mw.ids["package"]},
        lambda mw: {
            "group_name": "Group",
            "country": "DE",
            "language": "en",
            "start_date": "2027-06-07",
            "group_size": "5",
            "modules": ["M1"],
        },
    ),
    "knowledge:booking": form(
        COORDINATORS,
        _ids(booking_id="booking"),
        lambda mw: {"p-name": "Added participant", "p-email": ""},
        shows=("knowledge.participant",),
    ),
    # The booking's feedback link is the participants' capability: whoever holds it may open
    # it and rate, without an account.
    "knowledge:feedback": form(
        EVERYONE, _ids(token="feedback_token"), lambda mw: {"rating": "4", "module": ""}
    ),
    "knowledge:projects": Page(shows=("knowledge.project",)),
    "knowledge:project_create": form(
        ANY_COORDINATOR,
        data=lambda mw: {"cluster": mw.w.cluster.slug, "title": "Stolen", "status": "planned"},
        writers=COORDINATORS,
        form_refusal=True,
    ),
    "knowledge:project": Page(
        lambda mw: {"slug": mw.ids["project"]},
        CLUSTER_MEMBERS,
        shows=("knowledge.project", "knowledge.publication"),
    ),
    "knowledge:project_edit": form(
        COORDINATORS,
        lambda mw: {"slug": mw.ids["project"]},
        lambda mw: {"cluster": mw.w.cluster.slug, "title": "Renamed", "status": "planned"},
        shows=("knowledge.project",),
    ),
    "knowledge:publications": Page(shows=("knowledge.publication",)),
    "knowledge:publication_create": form(
        ANY_COORDINATOR,
        data=lambda mw: {
            "cluster": mw.w.cluster.slug,
            "kind": "report",
            "title": "Stolen",
            "language": "en",
            "year": "2025",
        },
        writers=COORDINATORS,
        form_refusal=True,
    ),
    "knowledge:publication": Page(
        lambda mw: {"slug": mw.ids["publication"]},
        CLUSTER_MEMBERS,
        shows=("knowledge.publication", "knowledge.project"),
    ),
    "knowledge:publication_file": Page(
        lambda mw: {"slug": mw.ids["publication"]},
        CLUSTER_MEMBERS,
        shows=("knowledge.publication",),
    ),
    "knowledge:strategies": Page(shows=("knowledge.strategy",)),
    "knowledge:strategy_create": form(
        ANY_COORDINATOR,
        data=lambda mw: {
            "cluster": mw.w.cluster.slug,
            "title": "Stolen",
            "year_start": "2026",
            "year_end": "2030",
            "text_language": "en",
            "text": "Text",
            "focus_areas": "Heat",
        },
        writers=COORDINATORS,
        form_refusal=True,
    ),
    "knowledge:strategy": Page(
        _ids(strategy_id="strategy"), CLUSTER_MEMBERS, shows=("knowledge.strategy",)
    ),
    "knowledge:action_create": form(
        COORDINATORS,
        _ids(strategy_id="strategy"),
        lambda mw: {"title": "Stolen action", "status": "planned", "progress_pct": "0"},
    ),
    "knowledge:action_edit": form(
        COORDINATORS,
        _ids(strategy_id="strategy", action_id="action"),
        lambda mw: {"title": "Renamed action", "status": "planned", "progress_pct": "0"},
    ),
    "knowledge:digest": form(
        SIGNED_IN, data=lambda mw: {"active": "on", "frequency": "weekly", "language": "en"}
    ),
    # ---- network (docs/network.md)
    "network:index": Page(readers=SIGNED_IN),
    "network:cluster": Page(by_cluster, CLUSTER_MEMBERS),
    "network:recompute": action(COORDINATORS, by_cluster),
    "network:locomotives": Page(by_cluster, CLUSTER_MEMBERS),
    "network:locomotive_decide": action(
        COORDINATORS,
        lambda mw: {"slug": mw.w.cluster.slug, "organisation_id": mw.w.org.pk},
        lambda mw: {"status": "confirmed"},
    ),
    "network:value_network": Page(by_value_network, CLUSTER_MEMBERS, shows=("network.flow",)),
    "network:adopt": action(
        COORDINATORS, by_value_network, lambda mw: {"name": "Wood chips", "theme": "energy"}
    ),
    "network:gaps": Page(by_cluster, CLUSTER_MEMBERS),
    "network:graph_json": Page(by_cluster, CLUSTER_MEMBERS, shows=("network.flow",)),
    # ---- events (docs/events.md)
    "events:index": Page(shows=("events.event", "events.draft")),
    "events:create": form(
        ANY_COORDINATOR,
        data=lambda mw: _event_form(mw, "draft_event") | {"title": "Created"},
        writers=COORDINATORS,
        form_refusal=True,
    ),
    "events:figures": Page(readers=ANY_COORDINATOR, variants=({"?": FIGURES},)),
    "events:figures_export": Page(
        readers=COORDINATORS, variants=tuple(f | {"?": FIGURES} for f in CSV_FORMATS)
    ),
    # A guest's private link: whoever holds it is the guest.
    "events:guest": form(
        EVERYONE, _ids(token="guest_token"), shows=("events.guest",), capability=("events.guest",)
    ),
    "events:detail": Page(by_event, CLUSTER_MEMBERS, shows=("events.event",)),
    "events:edit": form(
        COORDINATORS,
        by_event,
        lambda mw: _event_form(mw, "event") | {"venue": "Alavus"},
        shows=("events.event",),
    ),
    "events:publish": action(COORDINATORS, lambda mw: {"slug": mw.ids["draft_event"]}),
    "events:cancel_event": action(COORDINATORS, by_event),
    # The members' users register; organisers may register themselves too.
    "events:register": action(MEMBER_USERS | COORDINATORS, by_event),
    "events:cancel": action(frozenset({"orgadmin", "neighbouradmin"}), by_event),
    "events:ics": Page(by_event, CLUSTER_MEMBERS, shows=("events.event",)),
    "events:manage": Page(
        by_event, COORDINATORS, variants=({}, {"slug": lambda mw: mw.ids["workshop"]})
    ),
    "events:attendance": action(
        COORDINATORS, _with(by_event, registration_id="registration"), _attended
    ),
    "events:fixed_table": action(
        COORDINATORS, _with(by_event, registration_id="registration"), _table
    ),
    "events:profile": form(
        PARTICIPANT_USERS,
        by_event,
        lambda mw: {"offers": "ash", "seeks": "chips", "cooperation": ["commercial"]},
        shows=(only("events.profile", "orgadmin"),),  # one's own profile
    ),
    # Everyone's profile but one's own.
    "events:partners": Page(
        by_event, PARTICIPANTS, shows=(only("events.profile", "neighbouradmin", *COORDINATORS),)
    ),
    "events:mark": action(
        PARTICIPANT_USERS,
        _with(by_event, registration_id="third_registration"),
        lambda mw: {"kind": "met-before"},
    ),
    "events:requests": form(
        PARTICIPANT_USERS,
        by_event,
        lambda mw: {"invitees": [mw.ids["third_registration"]], "priority": "1", "message": "Hi"},
        shows=(only("events.request", "neighbouradmin"),),  # the received request's message
    ),
    "events:answer": action(
        frozenset({"neighbouradmin"}),
        _with(by_event, invitation_id="invitation"),
        lambda mw: {"answer": "accept", "reply": "Yes"},
    ),
    "events:withdraw": action(
        frozenset({"orgadmin"}), _with(by_event, request_id="meeting_request")
    ),
    "events:agenda": Page(by_event, PARTICIPANT_USERS),
    "events:agenda_ics": Page(by_event, PARTICIPANT_USERS),
    "events:agenda_pdf": Page(by_event, PARTICIPANT_USERS),
    "events:meeting": form(
        MEETING_SEATS | COORDINATORS,
        _with(by_event, meeting_id="meeting"),
        lambda mw: {"form": "rating", "rating": "cooperation", "comment": ""},
        writers=MEETING_SEATS,
        form_refusal=True,
    ),
    "events:meeting_cancel": action(
        MEETING_SEATS | COORDINATORS, _with(by_event, meeting_id="meeting")
    ),
    "events:lock": action(COORDINATORS, _with(by_event, meeting_id="meeting"), _locked),
    "events:schedule": action(COORDINATORS, by_event),
    "events:tables": Page(by_event, COORDINATORS),
    # ---- marketplace (docs/marketplace.md)
    "marketplace:index": Page(),
    "marketplace:listing_list": Page(readers=SIGNED_IN),
    "marketplace:listing_create": form(
        SIGNED_IN,
        data=lambda mw: _listing_form(mw) | {"title": "Sahanpurua"},
        writers=OWNER_SIDE,
        form_refusal=True,
    ),
    "marketplace:classify": Page(readers=SIGNED_IN, variants=({"?": "text=koivuhake"},)),
    # Lämpö's chips, whose suggestions hold Naapuri's need; then Naapuri's need, whose
    # suggestions hold the chips (what every member may see for the other side, full figures
    # for coordinators).
    "marketplace:listing": Page(
        by_listing,
        CLUSTER_MEMBERS,
        shows=(*LISTING_FIGURES, only("marketplace.need_quantity", *COORDINATORS)),
        variants=({}, {"pk": lambda mw: mw.ids["need"]}),
    ),
    "marketplace:listing_edit": form(
        OWNER_SIDE,
        by_listing,
        lambda mw: _listing_form(mw) | {"title": "Koivuhake"},
        shows=LISTING_FIGURES,
    ),
    "marketplace:listing_status": action(OWNER_SIDE, by_listing, lambda mw: {"status": "paused"}),
    "marketplace:feedback": action(
        OWNER_SIDE, by_listing, lambda mw: {"partner": mw.ids["need"], "kind": "not_interested"}
    ),
    "marketplace:listing_file": Page(
        lambda mw: by_listing(mw) | {"kind": "datasheet"}, CLUSTER_MEMBERS
    ),
    "marketplace:contact": form(
        OWNER_SIDE,
        lambda mw: by_listing(mw) | {"partner_pk": mw.ids["need"]},
        lambda mw: {"message": "Hei, kiinnostaako?"},
    ),
    "marketplace:deal_list": Page(readers=SIGNED_IN),
    "marketplace:deal": Page(_pk("deal"), DEAL_PARTIES, shows=DEAL),
    "marketplace:deal_message": action(DEAL_PARTIES, _pk("deal"), lambda mw: {"body": "Hello"}),
    "marketplace:deal_move": action(
        DEAL_PARTIES, _pk("deal"), lambda mw: {"stage": "ended", "note": ""}
    ),
    "marketplace:deal_realised": action(
        DEAL_PARTIES,
        _pk("deal"),
        realised,
    ),
    "marketplace:cluster": Page(by_cluster, COORDINATORS, shows=("marketplace.realised",)),
    "marketplace:cluster_suggestions": Page(
        by_cluster, COORDINATORS, shows=("marketplace.quantity",)
    ),
    "marketplace:cluster_identify": action(
        COORDINATORS, by_cluster, lambda mw: {"offer": mw.ids["listing"], "need": mw.ids["need"]}
    ),
    "marketplace:cluster_settings": action(
        COORDINATORS,
        by_cluster,
        lambda mw: {"allow_cross_cluster": "on", "stalled_after_days": "10"},
    ),
    "marketplace:cluster_import": form(COORDINATORS, by_cluster, LISTINGS),
    "marketplace:cluster_export": Page(
        by_cluster, COORDINATORS, shows=("marketplace.realised",), variants=CSV_FORMATS
    ),
}


@dataclass(frozen=True)
class Crossed:
    """A URL naming an object the ``roles`` may use (their own, or a public one), alone or
    together with one of Lämpö's they may not: the permission must follow the second object
    too. A write is refused with nothing written; a read shows no secret (``refused``: and is
    refused)."""

    name: str
    kwargs: Values
    roles: frozenset[str]
    method: str = "POST"
    data: Values = no_values
    refused: bool = True


NEIGHBOUR_ADMIN = frozenset({"neighbouradmin"})
OTHER_COORDINATOR = frozenset({"othercoord"})


def _naapuri_heat(**names: str) -> Values:
    return lambda mw: {"pk": mw.ids["naapuri_heat_project"]} | _ids(**names)(mw)


def _other_cluster(**names: str) -> Values:
    """The other cluster's slug, ids of the world by ``{kwarg: name}``, a ``fmt``."""
    fmt = {"fmt": names.pop("fmt")} if "fmt" in names else {}
    return lambda mw: {"slug": mw.w.other_cluster.slug} | fmt | _ids(**names)(mw)


def _other_event(**names: str) -> Values:
    return lambda mw: {"slug": mw.ids["other_event"]} | _ids(**names)(mw)


CROSSED: tuple[Crossed, ...] = (
    Crossed(
        "knowledge:attachment",
        lambda mw: {"slug": mw.ids["public_practice"], "attachment_id": mw.ids["attachment"]},
        frozenset({ANONYMOUS, "othercoord"}),
        "GET",
    ),
    Crossed(
        "knowledge:attachment_delete",
        lambda mw: {"slug": mw.ids["other_practice"], "attachment_id": mw.ids["attachment"]},
        OTHER_COORDINATOR,
    ),
    Crossed(
        "knowledge:action_edit",
        lambda mw: {"strategy_id": mw.ids["other_strategy"], "action_id": mw.ids["action"]},
        OTHER_COORDINATOR,
        data=lambda mw: {"title": "Renamed action", "status": "planned", "progress_pct": "0"},
    ),
    Crossed(
        "knowledge:action_edit",
        lambda mw: {"strategy_id": mw.ids["other_strategy"], "action_id": mw.ids["action"]},
        OTHER_COORDINATOR,
        "GET",
    ),
    Crossed("heat:customer_delete", _naapuri_heat(customer_id="heat_customer"), NEIGHBOUR_ADMIN),
    Crossed(
        "heat:fuel_source_delete", _naapuri_heat(source_id="heat_fuel_source"), NEIGHBOUR_ADMIN
    ),
    Crossed(
        "heat:compare",
        lambda mw: {"pk": mw.ids["naapuri_heat_project"], "?": f"e={mw.ids['heat_evaluation']}"},
        frozenset({"neighbouradmin", "naapurimember"}),
        "GET",
        refused=False,
    ),
    Crossed(
        "registry:site_delete",
        lambda mw: {"slug": mw.w.neighbour.slug, "site_id": mw.ids["site"]},
        NEIGHBOUR_ADMIN,
    ),
    Crossed("impact:factor_delete", _other_cluster(pk="factor"), OTHER_COORDINATOR),
    Crossed("impact:goal_delete", _other_cluster(pk="goal"), OTHER_COORDINATOR),
    # The other cluster's partnering day with this cluster's registration or meeting.
    *(
        Crossed(name, _other_event(**kw), OTHER_COORDINATOR, method, data)
        for name, kw, method, data in (
            ("events:attendance", {"registration_id": "registration"}, "POST", _attended),
            ("events:fixed_table", {"registration_id": "registration"}, "POST", _table),
            ("events:lock", {"meeting_id": "meeting"}, "POST", _locked),
            ("events:meeting", {"meeting_id": "meeting"}, "GET", no_values),
            ("events:meeting_cancel", {"meeting_id": "meeting"}, "POST", no_values),
        )
    ),
    # The other cluster's coordinator on the pages and exports of its own cluster.
    *(
        Crossed(name, _other_cluster(**kw), OTHER_COORDINATOR, "GET", refused=False)
        for name, kw in (
            ("registry:cluster_audit", {}),
            ("registry:cluster_audit_export", {"fmt": "csv"}),
            ("registry:cluster_export", {"fmt": "json"}),
            ("impact:cluster", {}),
            ("impact:funder_report", {"fmt": "xlsx"}),
            ("impact:eccp_profile", {}),
            ("network:cluster", {}),
            ("marketplace:cluster", {}),
            ("marketplace:cluster_suggestions", {}),
            ("marketplace:cluster_export", {"fmt": "csv"}),
        )
    ),
    # The other cluster's coordinator identifying a deal between this cluster's members.
    Crossed(
        "marketplace:cluster_identify",
        _other_cluster(),
        OTHER_COORDINATOR,
        data=lambda mw: {"offer": mw.ids["listing"], "need": mw.ids["need"]},
    ),
)

# URL names the matrix does not open, with the reason.
EXEMPT: dict[str, str] = {
    "set_language": "i18n machinery: stores the chosen language in a cookie, shows no data",
    "javascript-catalog": "i18n machinery: the translation catalogue, the same for everyone",
}
# URL namespaces not walked: Django's admin (superusers only, its own permission system) and
# the JSON API (walked through its OpenAPI document in test_api.py).
SKIPPED_NAMESPACES = ("admin", "api")
