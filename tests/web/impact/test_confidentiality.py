"""A member never sees another member's figures; aggregates need enough members."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.factories import PASSWORD
from tests.web.impact.conftest import file_report

LAMPO_2025_SCOPE1 = "24.0"  # 90 MWh light fuel oil x 0.2666 t/MWh = 23.998 t


def _client(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.mark.django_db
def test_member_sees_own_reports_but_not_a_neighbours(impact_world):
    w = impact_world.w
    own = _client(w.org_member).get("/impact/organisations/lampo/2025/")
    assert own.status_code == 200
    assert b"How was this computed" in own.content
    for url in (
        "/impact/organisations/naapuri/",
        "/impact/organisations/naapuri/2025/",
        "/impact/organisations/naapuri/2025/edit/",
        "/impact/organisations/naapuri/upload/",
    ):
        assert _client(w.org_member).get(url).status_code == 403, url
    api = _client(w.org_member).get("/api/impact/organisations/naapuri/reports")
    assert api.status_code == 403


@pytest.mark.django_db
def test_coordinator_of_the_cluster_sees_members_reports_other_coordinators_do_not(impact_world):
    w = impact_world.w
    assert _client(w.coordinator).get("/impact/organisations/naapuri/2025/").status_code == 200
    assert _client(w.other_coordinator).get("/impact/organisations/naapuri/").status_code == 403
    assert Client().get("/impact/organisations/naapuri/").status_code == 302  # log in first


@pytest.mark.django_db
def test_cluster_dashboard_never_shows_member_figures_to_members(impact_world):
    w = impact_world.w
    page = _client(w.neighbour_admin).get("/impact/clusters/heat/").content.decode()
    assert "Lämpö Oy" not in page  # no member is named with a figure
    assert "contributions (coordinators only)" not in page
    coordinator = _client(w.coordinator).get("/impact/clusters/heat/").content.decode()
    assert "contributions (coordinators only)" in coordinator and "Lämpö Oy" in coordinator


@pytest.mark.django_db
def test_aggregates_below_the_minimum_group_size_are_hidden(impact_world, settings):
    w = impact_world.w
    settings.GREENCLUSTER = {**settings.GREENCLUSTER, "MIN_GROUP_SIZE": 6}
    data = _client(w.neighbour_admin).get("/api/impact/clusters/heat/aggregates?year=2025").json()
    total = next(m for m in data["metrics"] if m["metric"] == "co2_total_t")
    assert total["suppressed"] and total["value"] is None
    assert all(m["value"] is None for m in data["metrics"] if m["contributors"])
    settings.GREENCLUSTER = {**settings.GREENCLUSTER, "MIN_GROUP_SIZE": 5}
    data = Client().get("/api/impact/clusters/heat/aggregates?year=2025").json()
    total = next(m for m in data["metrics"] if m["metric"] == "co2_total_t")
    assert total["value"] is not None and total["contributors"] == 5


@pytest.mark.django_db
def test_no_part_can_be_subtracted_out_of_a_shown_total(impact_world, settings):
    """Only one member buys district heat: scope 2 is electricity (5 members) + heat (1).
    If scope 2 and electricity were both shown, heat = scope 2 - electricity would reveal
    that member; complementary suppression hides one more part."""
    from greencluster.web.impact.models import KpiActivity, KpiReport

    w = impact_world.w
    report = KpiReport.objects.get(organisation=w.org, year=2025)
    KpiActivity.objects.create(report=report, kind="heat", type="", quantity=50, unit="MWh")
    from greencluster.web.impact.models import FactorOverride

    FactorOverride.objects.create(
        cluster=w.cluster,
        key="district_heat.FI",
        gas="co2e",
        value=0.1,
        unit="kg CO2e/kWh",
        scope="2",
        category="heat_location",
        region="FI",
        source="test network 2025",
    )
    data = Client().get("/api/impact/clusters/heat/aggregates?year=2025").json()
    cats = {c["metric"]: c for c in data["categories"]}
    metrics = {m["metric"]: m for m in data["metrics"]}
    assert cats["heat_location"]["value"] is None
    shown_scope2 = metrics["co2_scope2_t"]["value"] is not None
    shown_elec = cats["electricity_location"]["value"] is not None
    assert not (shown_scope2 and shown_elec)


@pytest.mark.django_db
def test_funder_report_and_exports_carry_only_aggregates(impact_world):
    w = impact_world.w
    file_report(w.foreign_org, 2025, 5000.0)  # another cluster's member: never included
    c = _client(w.coordinator)
    csv_text = c.get("/impact/clusters/heat/report.csv?year=2025").content.decode()
    assert "Lämpö" not in csv_text and "Naapuri" not in csv_text
    # 5 members x 100 MWh electricity FI 2025 (72 g/kWh) = 36 t scope 2 in the aggregate
    assert "36.0" in csv_text
    assert c.get("/impact/clusters/heat/report.xlsx?year=2025").status_code == 200
    pdf = c.get("/impact/clusters/heat/report.pdf?year=2025")
    assert pdf.content.startswith(b"%PDF-1.4") and pdf.content.rstrip().endswith(b"%%EOF")
    for user in (w.org_admin, w.other_coordinator):
        assert _client(user).get("/impact/clusters/heat/report.csv?year=2025").status_code == 403


@pytest.mark.django_db
def test_aggregate_trace_names_factor_rows_of_enough_members_only(impact_world):
    from greencluster.core.impact import Activity, ReportData
    from greencluster.web.impact.services import kpi_report_save
    from greencluster.web.registry.demo import SYSTEM

    w = impact_world.w
    # Only Lämpö burns peat in 2025: the trace must not tell that anyone does.
    data = ReportData(2025, 2_000_000.0, None, 20, [Activity("fuel", "peat", 40, "t")])
    kpi_report_save(viewer=SYSTEM, organisation=w.org, data=data)
    page = Client().get("/impact/clusters/heat/?year=2025").content.decode()
    trace = page[page.index('id="aggregate-trace"') :]
    assert "fuel.light_fuel_oil" in trace and "Table 1.3 carbon content, gas_diesel_oil" in trace
    assert "fuel.peat" not in trace
    assert "more factor row" in trace


@pytest.mark.django_db
def test_one_members_scope_3_is_not_total_minus_scopes_1_and_2(world, settings):
    """Five members run their own lorries (scope 1); one also hires a carrier (scope 3.4).
    Showing the total and scopes 1+2 would give that member's scope 3 by subtraction."""
    from greencluster.core.impact import Activity, ReportData
    from greencluster.web.impact.services import kpi_report_save
    from greencluster.web.registry.demo import SYSTEM
    from tests.web.factories import make_organisation

    settings.GREENCLUSTER = {**settings.GREENCLUSTER, "MIN_GROUP_SIZE": 3}
    for i in range(5):
        lines = [
            Activity(
                "freight", "road_hgv", 10_000 * (i + 1), "t.km", direction="in", ownership="own"
            )
        ]
        if i == 0:
            lines.append(
                Activity("freight", "rail", 50_000, "t.km", direction="in", ownership="third_party")
            )
        org = make_organisation(cluster=world.cluster)
        kpi_report_save(viewer=SYSTEM, organisation=org, data=ReportData(2025, activities=lines))
    data = Client().get("/api/impact/clusters/heat/aggregates?year=2025").json()
    metrics = {m["metric"]: m for m in data["metrics"]}
    assert metrics["co2_scope3_t"]["contributors"] == 1 and metrics["co2_scope3_t"]["suppressed"]
    total, scope12 = metrics["co2_total_t"]["value"], metrics["co2_scope12_t"]["value"]
    assert total is None or scope12 is None
    assert total is not None  # the total of five members stays shown
    cats = {c["metric"]: c["value"] for c in data["categories"]}
    assert cats["3.4_upstream_transport"] is None
    page = Client().get("/impact/clusters/heat/?year=2025").content.decode()
    assert f"{total:.1f}" in page
