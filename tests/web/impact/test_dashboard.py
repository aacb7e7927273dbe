"""The cluster dashboard: aggregates, progress against goals, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.web.impact.conftest import file_report


@pytest.mark.django_db
def test_progress_shows_the_aggregate_against_the_straight_path(impact_world):
    api = Client().get("/api/impact/clusters/heat/aggregates?year=2024").json()
    base = next(m["value"] for m in api["metrics"] if m["metric"] == "co2_total_t")
    page = Client().get("/impact/clusters/heat/?year=2025").content.decode()
    assert "polyline" in page and "-20 % CO2 by 2029" in page
    table = page[page.index('class="list progress"') :]
    # The base year's actual is the aggregate; the path ends at 80 % of it in 2029.
    assert f"{base:.1f}" in table
    assert f"{0.8 * base:.1f}" in table
    assert "2029" in table


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_members(impact_world, world):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get("/impact/clusters/heat/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    from tests.web.factories import make_organisation

    for i in range(4):
        org = make_organisation(cluster=world.cluster, name=f"More {i} Oy")
        file_report(org, 2025, 50.0)
    assert count() == before


@pytest.mark.django_db
def test_report_list_query_count_does_not_grow_with_years(impact_world):
    from tests.web.impact.test_confidentiality import _client

    c = _client(impact_world.w.org_admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/impact/organisations/lampo/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for year in (2019, 2020, 2021):
        file_report(impact_world.w.org, year, 10.0)
    assert count() == before


@pytest.mark.django_db
def test_cluster_energy_counts_fuels_given_by_mass_as_the_report_page_does(impact_world):
    """50 t peat x NCV 9.76 GJ/t = 135.56 MWh in each member's energy, on the member's
    report page and in the cluster aggregate alike."""
    from greencluster.web.impact.models import KpiActivity, KpiReport
    from tests.web.impact.test_confidentiality import _client

    w = impact_world.w
    for report in KpiReport.objects.filter(year=2025):
        KpiActivity.objects.create(report=report, kind="fuel", type="peat", quantity=50, unit="t")
    peat_mwh = 50 * 9.76 / 3.6
    page = _client(w.org_admin).get("/impact/organisations/lampo/2025/").content.decode()
    own = 90 + 100 + peat_mwh  # Lämpö: 90 MWh light fuel oil, 100 MWh electricity, peat
    kpis = page[page.index('id="kpis"') :]
    assert f"{own:.3f}" in kpis[: kpis.index("</table>")]
    data = Client().get("/api/impact/clusters/heat/aggregates?year=2025").json()
    energy = next(m for m in data["metrics"] if m["metric"] == "energy_mwh")
    fuel = sum(90.0 + 10 * i for i in range(5))
    assert energy["value"] == pytest.approx(fuel + 5 * 100 + 5 * peat_mwh)


@pytest.mark.django_db
def test_funder_pdf_writes_winansi_text_and_the_goal_chart(impact_world):
    from tests.web.impact.test_confidentiality import _client

    w = impact_world.w
    w.cluster.name = "Šiauliai–Łódź heat"
    w.cluster.save()
    pdf = _client(w.coordinator).get("/impact/clusters/heat/report.pdf?year=2025").content
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    # cp1252: Š, the en dash and ó are there; Ł and ź are not and become '?'
    assert "Šiauliai–?ód? heat: funder report 2025".encode("cp1252") in pdf
    assert b"-20 % CO2 by 2029" in pdf and b"[4.000 3.000] 0.000 d" in pdf  # the dashed path
