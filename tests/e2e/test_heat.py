"""A heat entrepreneur creates a project, uploads customers, runs the optimisation, sees which
buildings are connected and the minimum heat price, and downloads the PDF summary."""

import re

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

CUSTOMERS = (
    "name,lat,lon,annual_heat_mwh,peak_kw,current_heating,must_connect\n"
    "Kirkonkylä school,62.8077,23.5027,520,240,oil,yes\n"
    "Health centre,62.8086,23.5050,300,140,oil,no\n"
    "Sports hall,62.8068,23.4993,210,110,oil,no\n"
    "Summer cottage,62.7600,23.6200,8,6,electric,no\n"
)


def test_entrepreneur_plans_a_plant_from_upload_to_pdf(page, server, tmp_path):
    log_in(page, server, "heat")
    page.goto("/heat/")
    page.get_by_role("link", name="New heat project").click()
    page.fill("input[name=name]", "Kirkonkylä heat plant")
    page.select_option("select[name=copy_from]", label="Kuortane school heat plant (demo)")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/heat/\d+/$"))
    assert "Before the project can be evaluated" in page.content()  # no customers yet

    upload = tmp_path / "customers.csv"
    bad = tmp_path / "customers-bad.csv"
    upload.write_text(CUSTOMERS, encoding="utf-8")
    bad.write_text(CUSTOMERS.replace("62.8086", "262.8086"), encoding="utf-8")
    page.get_by_role("link", name="Upload customers").click()
    page.set_input_files("input[type=file]", str(bad))
    page.click("form.stacked button[type=submit]")
    errors = page.locator("#import-errors")
    errors.wait_for()
    cells = errors.locator("tbody tr").first.locator("td")
    assert cells.nth(0).inner_text() == "3" and cells.nth(1).inner_text() == "lat"
    page.set_input_files("input[type=file]", str(upload))
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/heat/\d+/$"))
    assert "Imported 4 customers." in page.locator(".messages").inner_text()
    assert page.locator("#heat-customers tbody tr").count() == 4

    page.fill("#run-form input[name=label]", "First offer")
    page.click("#run-form button[type=submit]")
    page.wait_for_url(re.compile(r"/heat/evaluations/\d+/$"))
    connected = page.locator("#connected-buildings").inner_text()
    assert "Kirkonkylä school" in connected and "Health centre" in connected
    assert "Summer cottage" in page.locator("#unconnected-buildings").inner_text()
    assert re.search(r"\d+[.,]\d €/MWh", page.locator("#min-heat-price").inner_text())
    page.wait_for_selector("#map[data-connected]")
    n_connected = int(page.locator("#map").get_attribute("data-connected"))
    assert n_connected == page.locator("#connected-buildings li").count()
    assert page.locator("path.gc-heat-connected").count() == n_connected
    assert page.locator("path.gc-heat-pipe").count() >= 1
    assert page.locator("svg.chart").count() == 2

    with page.expect_download() as info:
        page.click("#pdf-link")
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    target = tmp_path / "summary.pdf"
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF") and target.stat().st_size > 3000
