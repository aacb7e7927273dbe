"""The cluster's member values are kept between requests and recomputed as soon as anything
they depend on changes: a report, a membership or a cluster factor."""

from __future__ import annotations

import pytest

from greencluster.web.impact import selectors
from greencluster.web.registry.models import Membership
from tests.web.impact.conftest import file_report

pytestmark = pytest.mark.django_db


def co2(cluster, year=2025):  # type: ignore[no-untyped-def]
    return selectors.cluster_years(cluster)[year].value("co2_total_t")


def test_kept_values_follow_every_change(impact_world):
    cluster = impact_world.w.cluster
    first = co2(cluster)
    assert selectors.cluster_member_years(cluster) is selectors.cluster_member_years(cluster)
    # A member files a bigger report: the total grows at once.
    file_report(impact_world.members[0], 2025, 5000.0)
    grown = co2(cluster)
    assert grown > first
    # A member leaves the cluster: its figures leave the total.
    Membership.objects.filter(cluster=cluster, organisation=impact_world.members[0]).delete()
    assert co2(cluster) < grown
    assert len(selectors.cluster_member_years(cluster)[2025]) == len(impact_world.members) - 1
