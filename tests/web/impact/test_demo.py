"""The demo shows dashboards at once: two years of reports, goals, aggregates above the
minimum group size, all marked as demo data."""

import pytest
from django.core.management import call_command

from greencluster.web.impact.models import Goal, KpiReport
from greencluster.web.impact.selectors import cluster_years, goal_views


@pytest.mark.slow
def test_demo_has_reports_goals_and_visible_progress(db, client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo")
    reports = KpiReport.objects.filter(organisation__name="Demo Kuortaneen Lämpö Oy")
    assert sorted(reports.values_list("year", flat=True)) == [2024, 2025]
    assert not KpiReport.objects.filter(is_demo=False).exists()
    assert not KpiReport.objects.exclude(organisation__name__startswith="Demo ").exists()
    from greencluster.web.registry.models import Cluster

    cluster = Cluster.objects.get(slug="south-ostrobothnia-heat")
    years = cluster_years(cluster)
    assert set(years) == {2024, 2025}
    assert years[2025].metrics["co2_total_t"].value is not None
    views = goal_views(cluster, years)
    assert {v.goal.metric for v in views} == {"co2_total_t", "turnover_eur", "raw_material_t"}
    assert all(v.points and v.points[1].actual is not None for v in views)
    assert Goal.objects.filter(is_demo=False).count() == 0
    page = client.get("/impact/clusters/south-ostrobothnia-heat/").content.decode()
    assert "demo data" in page and "polyline" in page
