"""List pages run a fixed number of queries however many records they show."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.knowledge import services
from tests.web.factories import PASSWORD
from tests.web.knowledge.conftest import record

PAGES = [
    "/knowledge/practices/",
    "/knowledge/projects/",
    "/knowledge/publications/",
    "/knowledge/training/",
    "/knowledge/",
]


def add_records(world, n: int, start: int) -> None:
    viewer = viewer_for(world.coordinator)
    parent = None
    for i in range(start, start + n):
        services.practice_save(
            viewer=viewer,
            cluster=world.cluster,
            record=record(f"GP-{i}", f"Practice {i}", wood_types=("birch",), scale="local"),
            organisations=[world.org, world.neighbour],
        )
        project = services.project_save(
            viewer=viewer,
            cluster=world.cluster,
            title=f"Project {i}",
            parent=parent,
            start_date=dt.date(2020, 1, 1),
            partners=[(world.org, "lead"), (world.neighbour, "partner")],
            funding=[("ERDF", "", Decimal(100))],
            is_public=True,
        )
        parent = project
        services.publication_create(
            viewer=viewer,
            cluster=world.cluster,
            kind="report",
            title=f"Report {i}",
            abstract="heat",
            language="en",
            year=2020,
            projects=[project],
            is_public=True,
        )
        package = services.package_create(
            viewer=viewer,
            cluster=world.cluster,
            titles={"en": f"Package {i}"},
            descriptions={},
            days=2,
            languages=["en"],
            target_groups=[],
            price_eur=Decimal(100),
        )
        services.module_add(
            viewer=viewer,
            package=package,
            code="A",
            titles={"en": "A"},
            duration_days=Decimal(1),
            languages=["en"],
            partner=world.org,
        )


def counts(client) -> list[int]:
    out = []
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        out.append(len(queries))
    return out


def test_list_pages_do_not_query_per_record(client, world, strategy):
    client.login(username="coord", password=PASSWORD)
    add_records(world, 2, 0)
    few = counts(client)
    add_records(world, 6, 2)
    assert counts(client) == few
    with CaptureQueriesContext(connection) as before:
        client.get(f"/knowledge/strategies/{strategy.pk}/")
    viewer = viewer_for(world.coordinator)
    for i in range(5):
        services.action_create(viewer=viewer, strategy=strategy, title=f"Action {i}")
    with CaptureQueriesContext(connection) as after:
        client.get(f"/knowledge/strategies/{strategy.pk}/")
    assert len(after) == len(before)
