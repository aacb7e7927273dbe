"""Filing reports: the yearly form, uploads (all or nothing), the API, the audit trail."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import Workbook

from greencluster.core.impact import COLUMNS
from greencluster.web.accounts.services import api_token_create
from greencluster.web.audit.models import AuditEntry
from greencluster.web.impact.models import FactorOverride, Goal, KpiActivity, KpiReport
from tests.web.factories import PASSWORD

HEADER = list(COLUMNS)


def _client(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def _xlsx(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "kpi.xlsx"
    return out


def _form(year: int, lines: list[dict[str, object]]) -> dict[str, object]:
    data: dict[str, object] = {
        "year": year,
        "turnover_eur": "1500000",
        "export_eur": "",
        "employees": "12",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "300",
    }
    for i, line in enumerate(lines):
        for key, value in line.items():
            data[f"lines-{i}-{key}"] = value
    return data


@pytest.mark.django_db
def test_org_admin_files_a_report_with_the_form_and_sees_the_trace(world):
    c = _client(world.org_admin)
    response = c.post(
        "/impact/organisations/lampo/new/",
        _form(
            2025,
            [
                {"kind": "fuel", "type": "light_fuel_oil", "quantity": "100", "unit": "MWh"},
                {
                    "kind": "freight",
                    "type": "road_hgv",
                    "quantity": "80000",
                    "unit": "t.km",
                    "direction": "in",
                    "ownership": "third_party",
                },
                {"kind": "", "type": "", "quantity": "", "unit": ""},
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    report = KpiReport.objects.get(organisation=world.org, year=2025)
    assert report.activities.count() == 2 and report.employees == 12
    page = c.get("/impact/organisations/lampo/2025/").content.decode()
    # 100 MWh light fuel oil = 26.664 t (IPCC carbon content 20.2 kg C/GJ x 44/12)
    assert "26.664" in page and "Table 1.3 carbon content, gas_diesel_oil" in page
    # 80 000 t.km x 0.10163 kg = 8.130 t, DEFRA 2025 row ID shown
    assert "8.130" in page and "27_304_3140_14_1" in page
    entry = AuditEntry.objects.get(action="impact.report_created")
    assert "26.664" not in str(entry.changes) and entry.changes["figures"] == "(changed)"


@pytest.mark.django_db
def test_form_shows_row_errors_and_saves_nothing(world):
    c = _client(world.org_admin)
    response = c.post(
        "/impact/organisations/lampo/new/",
        _form(
            2025,
            [
                {"kind": "fuel", "type": "kryptonite", "quantity": "1", "unit": "MWh"},
                {
                    "kind": "waste",
                    "type": "wood",
                    "quantity": "1",
                    "unit": "MWh",
                    "treatment": "burn",
                },
            ],
        ),
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "unknown fuel" in text and "needs a unit of mass" in text
    # Each problem is shown on its line, under its field.
    line0 = text[text.index('name="lines-0-type"') : text.index('name="lines-0-quantity"')]
    line1 = text[text.index('name="lines-1-unit"') : text.index('name="lines-1-region"')]
    assert "unknown fuel" in line0 and "needs a unit of mass" in line1
    assert not KpiReport.objects.exists()


@pytest.mark.django_db
def test_a_form_post_checks_each_line_once(world, monkeypatch):
    from greencluster.web.impact import selectors, services

    calls = {"lines": 0, "tables": 0}
    check, table = services.activity_problems, selectors.validation_table

    def counted_check(*args, **kwargs):
        calls["lines"] += 1
        return check(*args, **kwargs)

    def counted_table(*args, **kwargs):
        calls["tables"] += 1
        return table(*args, **kwargs)

    monkeypatch.setattr(services, "activity_problems", counted_check)
    monkeypatch.setattr(services, "validation_table", counted_table)
    monkeypatch.setattr(selectors, "validation_table", counted_table)
    lines = [
        {"kind": "electricity", "type": "FI", "quantity": str(i + 1), "unit": "MWh"}
        for i in range(3)
    ]
    response = _client(world.org_admin).post("/impact/organisations/lampo/new/", _form(2025, lines))
    assert response.status_code == 302
    assert calls == {"lines": 3, "tables": 1}


@pytest.mark.django_db
def test_plain_member_users_cannot_file(world):
    c = _client(world.org_member)
    assert c.get("/impact/organisations/lampo/new/").status_code == 403
    assert c.post("/impact/organisations/lampo/upload/", {}).status_code == 403


@pytest.mark.django_db
def test_xlsx_upload_imports_two_years(world):
    c = _client(world.org_admin)
    upload = _xlsx(
        [
            [2024, "turnover", "", 1_000_000, "EUR"],
            [2024, "fuel", "peat", 50, "t"],
            [2025, "electricity", "FI", 300, "MWh"],
            [2025, "waste", "wood", 3, "t", "", "", "", "", "03 01 05", "landfill"],
        ]
    )
    response = c.post("/impact/organisations/lampo/upload/", {"file": upload})
    assert response.status_code == 302
    assert sorted(KpiReport.objects.values_list("year", flat=True)) == [2024, 2025]
    # 50 t peat x 9.76 GJ/t = 488 GJ x 105.9667 kg/GJ = 51.7117 t
    page = c.get("/impact/organisations/lampo/2024/").content.decode()
    assert "51.712" in page


@pytest.mark.django_db
def test_bad_upload_lists_every_row_error_and_changes_nothing(world):
    c = _client(world.org_admin)
    c.post("/impact/organisations/lampo/upload/", {"file": _xlsx([[2025, "fuel", "peat", 1, "t"]])})
    before = list(KpiActivity.objects.values_list("id", "quantity"))
    upload = _xlsx(
        [
            [2025, "fuel", "peat", 99, "t"],
            [2025, "freight", "teleport", 10, "t.km", "", "", "up", "own"],
            [2025, "material", "wood", -4, "t"],
        ]
    )
    response = c.post("/impact/organisations/lampo/upload/", {"file": upload})
    assert response.status_code == 200
    text = response.content.decode()
    assert "nothing was saved" in text
    assert "unknown transport mode" in text and "expected in" in text
    assert "at least 0" in text
    assert list(KpiActivity.objects.values_list("id", "quantity")) == before


@pytest.mark.django_db
def test_api_upload_needs_a_token_and_the_right_to_file(world):
    body = b"year,kind,type,quantity,unit\n2025,electricity,FI,10,MWh\n"
    client = Client()
    assert (
        client.post(
            "/api/impact/organisations/lampo/reports", {"file": io.BytesIO(body)}
        ).status_code
        == 401
    )
    _t, member_key = api_token_create(user=world.neighbour_admin, name="t")
    f = io.BytesIO(body)
    f.name = "k.csv"
    denied = client.post(
        "/api/impact/organisations/lampo/reports",
        {"file": f},
        headers={"Authorization": f"Bearer {member_key}"},
    )
    assert denied.status_code == 403
    _t, key = api_token_create(user=world.org_admin, name="t")
    f = io.BytesIO(body)
    f.name = "k.csv"
    ok = client.post(
        "/api/impact/organisations/lampo/reports",
        {"file": f},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert ok.status_code == 201 and ok.json() == {"years": [2025]}
    reports = client.get(
        "/api/impact/organisations/lampo/reports", headers={"Authorization": f"Bearer {key}"}
    ).json()
    figure = next(f for f in reports[0]["figures"] if f["scope"] == "2")
    assert figure["t_co2e"] == pytest.approx(0.72)  # 10 MWh x 72 g/kWh
    assert figure["rows"][0]["source_ref"].startswith("codecarbon_nordic_zones")


@pytest.mark.django_db
def test_coordinator_override_applies_to_the_cluster_and_is_audited(world):
    c = _client(world.coordinator)
    response = c.post(
        "/impact/clusters/heat/factors/",
        {
            "key": "district_heat.FI",
            "gas": "co2e",
            "value": "0.15",
            "unit": "kg CO2e/kWh",
            "scope": "2",
            "category": "heat_location",
            "region": "FI",
            "year": "",
            "source": "Demo network, published factor 2024",
        },
    )
    assert response.status_code == 302
    assert FactorOverride.objects.filter(cluster=world.cluster).count() == 1
    assert AuditEntry.objects.filter(action="impact.factor_override_created").exists()
    upload = _xlsx([[2025, "heat", "district_heat", 100, "MWh"]])
    _client(world.org_admin).post("/impact/organisations/lampo/upload/", {"file": upload})
    page = c.get("/impact/organisations/lampo/2025/?cluster=heat").content.decode()
    assert "override:heat" in page and "15.000" in page  # 100 000 kWh x 0.15 kg = 15 t
    # Members and other coordinators may not add factors.
    assert _client(world.org_admin).post("/impact/clusters/heat/factors/", {}).status_code == 403
    bad = c.post(
        "/impact/clusters/heat/factors/",
        {
            "key": "x",
            "gas": "co2e",
            "value": "1",
            "unit": "kg CO2e/lightyear",
            "scope": "2",
            "source": "s",
        },
    )
    assert bad.status_code == 200 and "unknown unit" in bad.content.decode()


@pytest.mark.django_db
def test_coordinator_sets_a_goal(world):
    c = _client(world.coordinator)
    response = c.post(
        "/impact/clusters/heat/goals/new/",
        {
            "title": "-20 % CO2",
            "metric": "co2_total_t",
            "base_year": 2024,
            "target_year": 2029,
            "target_kind": "percent",
            "target_value": -20,
        },
    )
    assert response.status_code == 302
    assert Goal.objects.get().target_value == -20
    assert AuditEntry.objects.filter(action="impact.goal_created").exists()
    bad = c.post(
        "/impact/clusters/heat/goals/new/",
        {
            "title": "x",
            "metric": "co2_total_t",
            "base_year": 2029,
            "target_year": 2024,
            "target_kind": "percent",
            "target_value": -20,
        },
    )
    assert "target year must come after" in bad.content.decode()
    assert _client(world.org_admin).get("/impact/clusters/heat/goals/new/").status_code == 403


@pytest.mark.django_db
def test_api_goals_and_factor_table(impact_world):
    goals = Client().get("/api/impact/clusters/heat/goals").json()
    assert goals[0]["metric"] == "co2_total_t"
    progress = goals[0]["progress"]
    assert [p["year"] for p in progress] == list(range(2024, 2030))
    assert progress[-1]["path"] == pytest.approx(0.8 * progress[0]["actual"])
    rows = Client().get("/api/impact/factors?prefix=fuel.peat").json()
    assert {r["gas"] for r in rows} >= {"co2", "ncv"}
    assert all(r["source"] for r in rows)
    assert Client().get("/api/impact/factors?cluster=nope").status_code == 404


@pytest.mark.django_db
def test_values_too_large_for_their_columns_are_row_errors_on_upload_and_form(world):
    c = _client(world.org_admin)
    upload = _xlsx(
        [
            [2025, "electricity", "FI", 10, "MWh", "FI" * 6],  # region: 12 characters
            [2025, "material", "wood", 1, "t", "", "x" * 11],  # boiler_size unused, too long
        ]
    )
    response = c.post("/impact/organisations/lampo/upload/", {"file": upload})
    text = response.content.decode()
    assert "<td>2</td><td>region</td><td>expected at most 10 characters, got 12" in text
    assert "<td>3</td><td>boiler_size</td>" in text
    assert not KpiReport.objects.exists()
    form = _form(2025, [{"kind": "electricity", "type": "F" * 121, "quantity": "1", "unit": "MWh"}])
    form["turnover_eur"] = "1" + "0" * 16
    response = c.post("/impact/organisations/lampo/new/", form)
    text = response.content.decode()
    assert response.status_code == 200
    assert "below 1e16" in text and "at most 120 characters" in text
    assert not KpiReport.objects.exists()
