"""Every importer of the web apps, fuzzed with hostile files: the import either succeeds, or it
raises InputError naming rows and columns and the database is exactly as it was before (all or
nothing, on SQLite and PostgreSQL)."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.ids import InvalidBusinessId, validate_business_id
from greencluster.core.knowledge.records import export_columns
from greencluster.core.knowledge.vocabulary import FIELDS as PRACTICE_FIELDS
from greencluster.core.knowledge.vocabulary import Kind
from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.audit.models import AuditEntry
from greencluster.web.heat import demo as heat_demo
from greencluster.web.heat import services as heat_services
from greencluster.web.impact.services import kpi_report_import
from greencluster.web.knowledge.models import Practice
from greencluster.web.knowledge.transfer import practices_import
from greencluster.web.registry.imports import FIELDS as REGISTRY_FIELDS
from greencluster.web.registry.imports import registry_import
from greencluster.web.registry.interchange import FORMAT_NAME, FORMAT_VERSION
from greencluster.web.registry.models import Membership, Organisation
from tests.core.fuzz import test_heat_io as core_heat
from tests.core.fuzz import test_impact_io as core_impact
from tests.core.fuzz.strategies import (
    FuzzFile,
    assert_reported,
    fuzz_settings,
    hostile_text,
    input_errors,
    numbers_as_text,
    raw_file,
    structured_file,
)
from tests.web.fuzz.snapshot import DatabaseStates, changed_tables

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl.*")


@pytest.fixture
def states():
    return DatabaseStates()


def imported_or_untouched(call, states, upload: FuzzFile, *, columns: set[str] | None):
    """Run an import: its result, or (when it refused the file) a check that every problem is
    named and that no table changed."""
    before = states.before()
    result, error = input_errors(call)
    after = states.after()
    if error is not None:
        assert_reported(error, upload, columns=columns)
        assert changed_tables(before, after) == []
    return result


# --- registry ---------------------------------------------------------------------------------


def _finnish_business_ids(count: int) -> list[str]:
    """Valid Finnish business ids (the check digit computed by the validator itself)."""
    found = []
    for number in range(1_000_000, 2_000_000):
        for check in range(10):
            try:
                found.append(validate_business_id("FI", f"{number}-{check}"))
            except InvalidBusinessId:
                continue
            break
        if len(found) == count:
            return found
    raise AssertionError("no valid ids")


NO_SITE = {"site_name": "", "address": "", "postcode": "", "place": "", "lat": "", "lon": ""}
SITES = st.one_of(
    st.just(NO_SITE),
    st.fixed_dictionaries(
        {
            **{k: st.just(v) for k, v in NO_SITE.items()},
            "site_name": st.sampled_from(["Mill", "Plant 2"]),
            "address": st.sampled_from(["", "Tehdastie 1"]),
            "postcode": st.sampled_from(["", "65100"]),
            "place": st.sampled_from(["Vaasa", "Turku", "Åbo", "Oulu"]),
        }
    ),
    st.fixed_dictionaries(
        {
            **{k: st.just(v) for k, v in NO_SITE.items()},
            "site_name": st.sampled_from(["", "Harbour"]),
            "place": st.sampled_from(["", "Kylä"]),
            "lat": numbers_as_text(55, 70),
            "lon": numbers_as_text(5, 30),
        }
    ),
)
ORGANISATION_CELLS = {
    "business_id": st.sampled_from(_finnish_business_ids(12)),
    "ref": st.sampled_from(["", "", "E-PRTR-1", "ref 2"]),
    "name": st.sampled_from(["Alfa Oy", "Beta Ab", "Lämpö Oy", "Ωmega"]),
    "country": st.sampled_from(["", "FI", "fi"]),
    "type": st.sampled_from(["", "company", "research", "Public"]),
    "nace_codes": st.sampled_from(["", "62.01", "C10;35.30", "16.1"]),
    "employees": st.one_of(st.just(""), numbers_as_text(0, 5000, integers=True)),
    "turnover_eur": st.one_of(st.just(""), numbers_as_text(0, 1e9)),
    "export_eur": st.one_of(st.just(""), numbers_as_text(0, 1e9)),
    "figures_year": st.sampled_from(["", "2024"]),
    "website": st.sampled_from(["", "alfa.fi", "https://beta.se/x"]),
    "description_en": st.sampled_from(["", "Saw mill", "Heat"]),
    "description_fi": st.sampled_from(["", "Saha"]),
    "role": st.sampled_from(["", "member", "locomotive"]),
    "mini_clusters": st.just(""),
}
REGISTRY_COLUMNS = [*ORGANISATION_CELLS, *NO_SITE]
REGISTRY_ROWS = st.tuples(st.fixed_dictionaries(ORGANISATION_CELLS), SITES).map(
    lambda parts: {**parts[0], **parts[1]}
)
REGISTRY_NAMES = {f.name for f in REGISTRY_FIELDS} | {"sites", "memberships", "descriptions"}

ORG = st.fixed_dictionaries(
    {
        "business_id": ORGANISATION_CELLS["business_id"],
        "name": ORGANISATION_CELLS["name"],
        "country": st.just("FI"),
    },
    optional={
        "ref": ORGANISATION_CELLS["ref"],
        "type": ORGANISATION_CELLS["type"],
        "nace_codes": st.lists(st.sampled_from(["62.01", "35.30", "C10"]), max_size=2),
        "employees": st.integers(0, 5000),
        "turnover_eur": st.floats(0, 1e9),
        "figures_year": st.integers(2000, 2030),
        "website": ORGANISATION_CELLS["website"],
        "descriptions": st.dictionaries(st.sampled_from(["en", "fi", "xx"]), hostile_text),
        "memberships": st.lists(
            st.fixed_dictionaries(
                {"cluster": st.sampled_from(["heat", "other"]), "role": st.just("member")}
            ),
            max_size=2,
        ),
        "sites": st.lists(
            st.fixed_dictionaries(
                {"name": st.sampled_from(["Mill", "Port"])},
                optional={
                    "place": st.just("Vaasa"),
                    "lat": st.floats(55, 70),
                    "lon": st.floats(5, 30),
                },
            ),
            max_size=2,
        ),
    },
)
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
ORG_KEYS = [
    "business_id",
    "ref",
    "name",
    "country",
    "employees",
    "turnover_eur",
    "descriptions",
    "memberships",
    "sites",
    "mini_clusters",
    "nace_codes",
    "website",
    "demo_fields",
]


@st.composite
def interchange_documents(draw) -> FuzzFile:
    """An interchange document (as exported) with values replaced by anything JSON holds."""
    organisations = draw(st.lists(ORG, max_size=4))
    for _ in range(draw(st.integers(0, 3))):
        if organisations:
            index = draw(st.integers(0, len(organisations) - 1))
            organisations[index] = {
                **organisations[index],
                draw(st.sampled_from(ORG_KEYS)): draw(ANY_JSON),
            }
    document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "organisations": organisations}
    if draw(st.integers(0, 5)) == 0:
        document["organisations"] = draw(ANY_JSON)
    if draw(st.integers(0, 5)) == 0 and organisations:
        organisations.append(draw(ANY_JSON))
    data = json.dumps(document, ensure_ascii=draw(st.booleans())).encode()
    items = document["organisations"]
    rows = tuple(items) if isinstance(items, list) else ()
    return FuzzFile(data, "registry.json", "json", (), rows)


REGISTRY_TABLES = structured_file(REGISTRY_COLUMNS, rows=REGISTRY_ROWS, unique_by="business_id")
REGISTRY_FILES = st.one_of(REGISTRY_TABLES, REGISTRY_TABLES, interchange_documents(), raw_file())


@fuzz_settings(60)
@given(upload=REGISTRY_FILES)
def test_registry_import_is_all_or_nothing(world, states, upload):
    viewer = viewer_for(world.coordinator)
    result = imported_or_untouched(
        lambda: registry_import(
            viewer=viewer, cluster=world.cluster, data=upload.data, filename=upload.name
        ),
        states,
        upload,
        columns=REGISTRY_NAMES,
    )
    if result is None:
        return
    assert result.rows >= 1
    assert result.organisations_created + result.organisations_updated >= 1
    members = Membership.objects.filter(cluster=world.cluster).count()
    assert members >= result.memberships_created
    assert AuditEntry.objects.filter(action="registry.import").exists()
    for org in Organisation.objects.all():
        assert org.name.strip() and org.slug
        assert len(org.name) <= Organisation._meta.get_field("name").max_length


# --- knowledge: good practices ----------------------------------------------------------------


def _practice_cell(spec):
    if spec.vocabulary is not None:
        codes = list(spec.vocabulary.codes())
        if spec.kind is Kind.TERMS:
            return st.lists(st.sampled_from(codes), max_size=2).map(";".join)
        return st.sampled_from(["", *codes])
    if spec.kind is Kind.YEAR:
        return st.one_of(st.just(""), numbers_as_text(1990, 2030, integers=True))
    return st.sampled_from(["", "Heat from birch", "Lämpöä koivusta", "Värme"])


PRACTICE_COLUMNS = {name: st.just("") for name in export_columns()}
PRACTICE_COLUMNS.update(
    {
        "ref": st.sampled_from(["GP-1", "GP-2", "GP-3", "GP 4", "x"]),
        "title_en": st.sampled_from(["Heat from birch", "Ash to roads"]),
        "title_fi": st.sampled_from(["", "Lämpöä koivusta"]),
        "country": st.sampled_from(["", "FI", "se"]),
        "organisations": st.sampled_from(["", "lampo", "naapuri;lampo", "Lämpö Oy"]),
        "public": st.sampled_from(["", "yes", "no"]),
        "is_demo": st.sampled_from(["", "no"]),
        **{
            spec.name: _practice_cell(spec)
            for spec in PRACTICE_FIELDS
            if spec.kind not in (Kind.TEXT,)
        },
    }
)


@fuzz_settings(40)
@given(upload=st.one_of(structured_file(PRACTICE_COLUMNS, unique_by="ref"), raw_file()))
def test_good_practice_import_is_all_or_nothing(world, states, upload):
    viewer = viewer_for(world.coordinator)
    result = imported_or_untouched(
        lambda: practices_import(
            viewer=viewer, cluster=world.cluster, data=upload.data, filename=upload.name
        ),
        states,
        upload,
        columns=set(PRACTICE_COLUMNS) | {"language", "title", "summary"},
    )
    if result is None:
        return
    assert result.created + result.updated >= 1
    for practice in Practice.objects.filter(cluster=world.cluster):
        assert practice.texts.get("title")
        assert (
            practice.year_end is None
            or practice.year_start is None
            or (practice.year_start <= practice.year_end)
        )


# --- impact: KPI reports ------------------------------------------------------------------------


@fuzz_settings(40)
@given(upload=st.one_of(core_impact.FILES, raw_file()))
def test_kpi_report_upload_is_all_or_nothing(world, states, upload):
    viewer = viewer_for(world.org_admin)
    reports = imported_or_untouched(
        lambda: kpi_report_import(
            viewer=viewer, organisation=world.org, data=upload.data, filename=upload.name
        ),
        states,
        upload,
        columns=set(core_impact.COLUMNS),
    )
    for report in reports or []:
        report.refresh_from_db()
        assert report.organisation_id == world.org.pk and 1990 <= report.year <= 2100
        assert report.employees is None or report.employees >= 0


# --- heat: customers, streets, whole projects ---------------------------------------------------


@pytest.fixture
def heat_project(world):
    return heat_services.heat_project_import(
        viewer=viewer_for(world.org_admin),
        organisation=world.org,
        data=copy.deepcopy(heat_demo.PROJECT),
    )


@fuzz_settings(40)
@given(
    upload=st.one_of(core_heat.CUSTOMERS, raw_file()),
    replace=st.booleans(),
)
def test_heat_customer_upload_is_all_or_nothing(world, states, heat_project, upload, replace):
    count = imported_or_untouched(
        lambda: heat_services.heat_customers_import(
            viewer=viewer_for(world.org_admin),
            project=heat_project,
            data=upload.data,
            filename=upload.name,
            replace=replace,
        ),
        states,
        upload,
        columns=set(core_heat.CUSTOMER_COLUMNS),
    )
    if count is not None:
        names = list(heat_project.customers.values_list("name", flat=True))
        assert len(names) == len(set(names)) >= count


@fuzz_settings(20)
@given(upload=st.one_of(structured_file(core_heat.STREET_COLUMNS), raw_file()))
def test_heat_street_upload_is_all_or_nothing(world, states, heat_project, upload):
    count = imported_or_untouched(
        lambda: heat_services.heat_streets_import(
            viewer=viewer_for(world.org_admin),
            project=heat_project,
            data=upload.data,
            filename=upload.name,
        ),
        states,
        upload,
        columns=set(core_heat.STREET_COLUMNS),
    )
    if count is not None:
        heat_project.refresh_from_db()
        assert len(heat_project.streets) == count


@fuzz_settings(40)
@given(document=core_heat.projects())
def test_heat_project_import_is_all_or_nothing(world, states, document):
    before = states.before()
    project, error = input_errors(
        lambda: heat_services.heat_project_import(
            viewer=viewer_for(world.org_admin), organisation=world.org, data=document
        )
    )
    after = states.after()
    if error is not None:
        assert error.errors and all(e.message.strip() for e in error.errors)
        assert changed_tables(before, after) == []
        return
    project.refresh_from_db()
    assert project.customers.count() == len(document["customers"])
