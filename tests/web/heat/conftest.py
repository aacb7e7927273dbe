from __future__ import annotations

import copy
from typing import Any

import pytest

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.heat import demo, services
from greencluster.web.heat.models import HeatProject

CSV_HEADER = "name,lat,lon,annual_heat_mwh,peak_kw,current_heating,must_connect\n"


def village() -> dict[str, Any]:
    """The demo village (Kuortane) in the core's schema; tests change copies of it."""
    return copy.deepcopy(demo.PROJECT)


@pytest.fixture
def project(world) -> HeatProject:
    """A complete project of ``world.org`` (the demo village's inputs)."""
    return services.heat_project_import(
        viewer=viewer_for(world.org_admin), organisation=world.org, data=village()
    )


@pytest.fixture
def evaluated(world, project):  # type: ignore[no-untyped-def]
    return services.heat_evaluation_run(
        viewer=viewer_for(world.org_admin), project=project, label="Base"
    )
