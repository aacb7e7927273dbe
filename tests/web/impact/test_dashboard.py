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
