"""Page parameters that Python calls digits but that are not decimal (superscripts) are
ignored like any other bad value instead of failing to convert."""

import copy

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.heat import demo as heat_demo
from greencluster.web.heat import services as heat_services
from tests.web.factories import PASSWORD


def test_heat_comparison_ignores_evaluation_ids_that_are_not_decimal(client, world):
    viewer = viewer_for(world.org_admin)
    project = heat_services.heat_project_import(
        viewer=viewer, organisation=world.org, data=copy.deepcopy(heat_demo.PROJECT)
    )
    evaluation = heat_services.heat_evaluation_run(viewer=viewer, project=project, label="Base")
    client.login(username=world.org_admin.username, password=PASSWORD)
    response = client.get(f"/heat/{project.pk}/compare/?e=²&e={evaluation.pk}")
    assert response.status_code == 200
    assert "Base" in response.content.decode()


def test_impact_dashboard_ignores_a_year_that_is_not_decimal(client, world):
    assert client.get("/impact/clusters/heat/?year=²⁰²⁵").status_code == 200
