"""The entrepreneur's path through the pages: create, upload customers (with row errors),
settings with field errors, run, read the result, download the PDF, compare scenarios."""

from __future__ import annotations

import re
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greencluster.core.heat import evaluate, project_from_dict
from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.heat import services
from greencluster.web.heat.models import HeatProject
from tests.web.factories import PASSWORD
from tests.web.heat.conftest import CSV_HEADER, village


def _login(client, user) -> None:  # type: ignore[no-untyped-def]
    assert client.login(username=user.username, password=PASSWORD)


def _csv(text: str, name: str = "customers.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def pdf_text(data: bytes) -> str:
    """The text drawn on the pages of an fpdf2 document (its streams are zlib-compressed)."""
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(chunks)


def test_create_from_another_project_upload_run_and_read_the_result(client, world, project):
    _login(client, world.org_admin)
    response = client.post(
        "/heat/new/",
        {
            "organisation": world.org.pk,
            "name": "Second village",
            "plant_lat": 62.8075,
            "plant_lon": 23.5035,
            "start_year": 2028,
            "copy_from": project.pk,
        },
    )
    new = HeatProject.objects.get(name="Second village")
    assert response["Location"] == f"/heat/{new.pk}/"
    assert new.settings == project.settings
    assert new.fuel_sources.count() == project.fuel_sources.count()
    assert new.customers.count() == 0
    page = client.get(f"/heat/{new.pk}/").content.decode()
    assert "customers" in page and 'id="run-form"' not in page  # not ready without customers

    rows = (
        "School,62.8077,23.5027,520,240,oil,yes\n"
        "Sports hall,62.8068,23.4993,210,110,oil,no\n"
        "Far farm,62.7500,23.6500,30,15,oil,no\n"
    )
    response = client.post(
        f"/heat/{new.pk}/customers/upload/", {"file": _csv(CSV_HEADER + rows), "replace": "on"}
    )
    assert response.status_code == 302
    assert sorted(new.customers.values_list("name", flat=True)) == [
        "Far farm",
        "School",
        "Sports hall",
    ]
    response = client.post(f"/heat/{new.pk}/run/", {"label": "First try"})
    evaluation = new.evaluations.get()
    assert response["Location"] == f"/heat/evaluations/{evaluation.pk}/"

    # The page shows the core's answer for the same inputs.
    expected = evaluate(project_from_dict(evaluation.inputs))
    page = client.get(response["Location"]).content.decode()
    connected = re.search(r'id="connected-buildings">(.*?)</ul>', page, re.S).group(1)
    unconnected = re.search(r'id="unconnected-buildings">(.*?)</ul>', page, re.S).group(1)
    for customer in expected.customers:
        assert customer.name in (connected if customer.connected else unconnected)
    assert "School" in connected and "Far farm" in unconnected  # 6 km away, 30 MWh/a
    price = expected.economics.min_energy_charge_eur_per_mwh
    shown = re.search(r'id="min-heat-price">([^<]*)<', page).group(1)
    assert f"{price:,.1f}".replace(",", "\u00a0") in shown
    assert 'class="chart"' in page and 'id="tornado"' in page

    pdf = client.get(f"/heat/evaluations/{evaluation.pk}/summary.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content)
    assert "Second village" in text and "School" in text and "not connected" in text
    assert f"{price:,.1f}".replace(",", " ") in text


def _upload_errors(client, project, rows: str) -> dict[int, tuple[str, str]]:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/heat/{project.pk}/customers/upload/", {"file": _csv(CSV_HEADER + rows), "replace": "on"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "nothing was imported" in page
    errors = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", page)
    return {int(row): (column, message) for row, column, message in errors}


def test_upload_with_errors_imports_nothing_and_names_rows_and_columns(client, world, project):
    _login(client, world.org_admin)
    before = list(project.customers.values_list("name", flat=True))
    rows = (
        "Good,62.80,23.50,100,50,oil,no\n"
        "Bad latitude,162.80,23.50,100,50,oil,no\n"
        "Bad heating,62.80,23.50,100,50,coal,no\n"
    )
    by_row = _upload_errors(client, project, rows)
    assert by_row[3][0] == "lat"
    assert by_row[4][0] == "current_heating" and "heat_pump" in by_row[4][1]
    assert 2 not in by_row
    by_row = _upload_errors(
        client, project, "Good,62.80,23.50,100,50,oil,no\nNo demand,62,23,,,oil,no\n"
    )
    assert list(by_row) == [3] and by_row[3][0] == "annual_heat_mwh"
    assert list(project.customers.values_list("name", flat=True)) == before


def test_upload_without_replace_refuses_names_already_there(client, world, project):
    _login(client, world.org_admin)
    count = project.customers.count()
    rows = "Village school,62.80,23.50,100,50,oil,no\nNew house,62.80,23.50,20,9,oil,no\n"
    response = client.post(
        f"/heat/{project.pk}/customers/upload/", {"file": _csv(CSV_HEADER + rows)}
    )
    assert "already a customer" in response.content.decode()
    assert project.customers.count() == count
    rows = "New house,62.80,23.50,20,9,oil,no\n"
    client.post(f"/heat/{project.pk}/customers/upload/", {"file": _csv(CSV_HEADER + rows)})
    assert project.customers.count() == count + 1


def test_settings_errors_name_the_field_and_save_nothing(client, world, project):
    _login(client, world.org_admin)
    form = client.get(f"/heat/{project.pk}/settings/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["network__detour_factor"] = 5
    data["economics__investment_aid_pct"] = 120
    response = client.post(f"/heat/{project.pk}/settings/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "at most 3" in errors["network__detour_factor"][0]
    assert "at most 100" in errors["economics__investment_aid_pct"][0]
    project.refresh_from_db()
    assert project.settings["network"]["detour_factor"] == 1.3

    data["network__detour_factor"] = 1.5
    data["economics__investment_aid_pct"] = 30
    data["building_types"] = "row_house; 120; 2300\nbroken line"
    response = client.post(f"/heat/{project.pk}/settings/", data)
    assert "broken line" in response.context["form"].errors["building_types"][0]
    data["building_types"] = "row_house; 120; 2300"
    del data["plant__boiler_efficiency"]
    response = client.post(f"/heat/{project.pk}/settings/", data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.settings["network"]["detour_factor"] == 1.5
    assert project.settings["demand"]["building_types"] == {
        "row_house": {"specific_heat_kwh_per_m2_a": 120.0, "full_load_hours_h": 2300.0}
    }
    # A blank fact takes the sourced default, which the project page shows with its source.
    assert "boiler_efficiency" not in project.settings["plant"]
    page = client.get(f"/heat/{project.pk}/").content.decode()
    assert "2015/1189" in page


def test_empty_project_lists_what_is_missing(client, world):
    _login(client, world.org_admin)
    client.post(
        "/heat/new/",
        {
            "organisation": world.org.pk,
            "name": "Empty",
            "plant_lat": 62.8,
            "plant_lon": 23.5,
            "start_year": 2027,
        },
    )
    project = HeatProject.objects.get(name="Empty")
    page = client.get(f"/heat/{project.pk}/").content.decode()
    problems = re.search(r'id="heat-problems">(.*?)</div>', page, re.S).group(1)
    for field in ("economics.discount_rate_pct", "network.cost_eur_per_m", "fuel_sources"):
        assert field in problems
    response = client.post(f"/heat/{project.pk}/run/", {"label": "x"}, follow=True)
    assert "economics.energy_charge_eur_per_mwh" in response.content.decode()
    assert project.evaluations.count() == 0


def test_customer_form_estimates_the_peak_or_says_what_is_missing(client, world, project):
    _login(client, world.org_admin)
    client.post(
        f"/heat/{project.pk}/customers/new/",
        {"name": "Shop", "lat": 62.8, "lon": 23.5, "annual_heat_mwh": 44, "current_heating": "oil"},
    )
    shop = project.customers.get(name="Shop")
    hours = project.settings["demand"]["full_load_hours_h"]
    assert shop.peak_kw == 44 * 1000 / hours
    client.post(
        f"/heat/{project.pk}/customers/new/",
        {
            "name": "House",
            "lat": 62.8,
            "lon": 23.5,
            "building_type": "detached_house",
            "floor_area_m2": 200,
            "current_heating": "electric",
        },
    )
    house = project.customers.get(name="House")
    assert house.annual_heat_mwh == 200 * 150 / 1000
    response = client.post(
        f"/heat/{project.pk}/customers/new/",
        {"name": "Nothing", "lat": 62.8, "lon": 23.5, "current_heating": "oil"},
    )
    assert "annual_heat_mwh" in response.context["form"].errors["annual_heat_mwh"][0]
    assert not project.customers.filter(name="Nothing").exists()


def test_member_site_becomes_a_customer_at_its_coordinates(client, world, project):
    _login(client, world.org_admin)
    site = world.neighbour.sites.get()
    client.post(
        f"/heat/{project.pk}/customers/site/",
        {"site": site.pk, "annual_heat_mwh": 300, "peak_kw": 150, "current_heating": "oil"},
    )
    customer = project.customers.get(site=site)
    assert (customer.lat, customer.lon) == (site.lat, site.lon)
    assert world.neighbour.name in customer.name
    foreign_site = world.foreign_org.sites.get()
    response = client.post(
        f"/heat/{project.pk}/customers/site/",
        {"site": foreign_site.pk, "annual_heat_mwh": 300, "current_heating": "oil"},
    )
    assert "site" in response.context["form"].errors  # not a member of the project's cluster


def test_fuel_source_with_supplier_from_the_cluster(client, world, project):
    _login(client, world.org_admin)
    response = client.post(
        f"/heat/{project.pk}/fuel/new/",
        {
            "name": "Sawmill bark",
            "fuel": "bark",
            "origin": "member_side_stream",
            "supplier": world.neighbour.pk,
            "distance_km": 18,
            "price_eur_per_mwh": 17,
        },
    )
    assert response.status_code == 302
    source = project.fuel_sources.get(name="Sawmill bark")
    assert source.supplier == world.neighbour and source.moisture_pct is None
    page = client.get(f"/heat/{project.pk}/fuel/new/").content.decode()
    assert "Fuel properties used when not entered" in page


def test_comparison_shows_scenarios_side_by_side(client, world, project):
    viewer = viewer_for(world.org_admin)
    base = services.heat_evaluation_run(viewer=viewer, project=project, label="Base")
    project.settings["economics"]["investment_aid_pct"] = 0
    project.save()
    no_aid = services.heat_evaluation_run(viewer=viewer, project=project, label="No aid")
    _login(client, world.org_admin)
    response = client.get(f"/heat/{project.pk}/compare/?e={base.pk}&e={no_aid.pk}")
    rows = {r["key"]: r["cells"] for r in response.context["rows"]}
    assert [e.label for e in response.context["evaluations"]] == ["Base", "No aid"]
    aid_base = base.result["economics"]["aid_eur"]
    assert aid_base > 0 and no_aid.result["economics"]["aid_eur"] == 0
    npv = [base.result["economics"]["npv_eur"], no_aid.result["economics"]["npv_eur"]]
    assert npv[0] > npv[1]
    assert rows["npv_eur"] == [f"{v:,.0f}".replace(",", "\u00a0") for v in npv]


def test_project_list_query_count_does_not_grow_with_projects(client, world, project):
    _login(client, world.coordinator)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/heat/").status_code == 200
    viewer = viewer_for(world.org_admin)
    for n in range(5):
        data = village()
        data["project"]["name"] = f"Village {n}"
        services.heat_project_import(viewer=viewer, organisation=world.org, data=data)
    with CaptureQueriesContext(connection) as six:
        page = client.get("/heat/").content.decode()
    assert "Village 4" in page
    assert len(six) == len(one)


def test_saving_a_new_project_keeps_the_network_optimised(client, world):
    _login(client, world.org_admin)
    client.post(
        "/heat/new/",
        {
            "organisation": world.org.pk,
            "name": "Fresh",
            "plant_lat": 62.8,
            "plant_lon": 23.5,
            "start_year": 2027,
        },
    )
    project = HeatProject.objects.get(name="Fresh")
    form = client.get(f"/heat/{project.pk}/settings/").context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    data |= {
        "network__detour_factor": 1.2,
        "network__cost_eur_per_m": 300,
        "network__heat_loss_w_per_m": 20,
        "economics__contract_years": 12,
        "economics__discount_rate_pct": 5,
        "economics__energy_charge_eur_per_mwh": 90,
        "economics__boiler_cost_eur_per_kw": 500,
    }
    assert client.post(f"/heat/{project.pk}/settings/", data).status_code == 302
    project.refresh_from_db()
    assert project.settings["network"]["optimise"] is True
    assert project.settings["economics"]["contract_years"] == 12


def test_figures_use_the_readers_decimal_separator(client, world, evaluated):
    _login(client, world.org_admin)
    price = evaluated.result["economics"]["min_energy_charge_eur_per_mwh"]
    english = client.get(f"/heat/evaluations/{evaluated.pk}/").content.decode()
    assert f">{price:,.1f}".replace(",", "\u00a0") + " €/MWh<" in english
    client.cookies["django_language"] = "fi"
    finnish = client.get(f"/heat/evaluations/{evaluated.pk}/").content.decode()
    assert f">{price:,.1f}".replace(",", "\u00a0").replace(".", ",") + " €/MWh<" in finnish


def test_project_page_query_count_does_not_grow_with_customers(client, world, project):
    _login(client, world.org_admin)
    url = f"/heat/{project.pk}/"
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    rows = "".join(f"House {n},62.80{n},23.50,20,9,oil,no\n" for n in range(20))
    client.post(f"/heat/{project.pk}/customers/upload/", {"file": _csv(CSV_HEADER + rows)})
    project.fuel_sources.update(supplier=world.neighbour)
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert "House 19" in page
    assert len(after) == len(before)


def _reads(queries: CaptureQueriesContext, table: str) -> int:
    """How many of the captured queries select from ``table``."""
    return sum(
        1
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]
    )


def test_pages_read_each_table_once(client, world, evaluated):
    _login(client, world.org_admin)
    project = evaluated.project
    with CaptureQueriesContext(connection) as page:
        assert client.get(f"/heat/{project.pk}/").status_code == 200
    assert _reads(page, "heat_heatcustomer") == 1
    assert _reads(page, "heat_heatfuelsource") == 1
    with CaptureQueriesContext(connection) as result:
        assert client.get(f"/heat/evaluations/{evaluated.pk}/").status_code == 200
    assert _reads(result, "heat_heatproject") == 0  # joined to the evaluation
    with CaptureQueriesContext(connection) as compare:
        assert client.get(f"/heat/{project.pk}/compare/").status_code == 200
    assert _reads(compare, "heat_heatproject") == 1
