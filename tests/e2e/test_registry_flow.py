"""A coordinator imports a register file, fixes its errors, finds the new organisation in the
directory and on the map, and reads the site in Finnish."""

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

HEADER = "business_id,name,country,type,nace_codes,place,description_en,description_fi\n"
GOOD_ROW = (
    "2345678-0,Kuortaneen Hakekuljetus Oy,FI,company,49.41,Kuortane,"
    "Wood-chip haulage,Hakkeen kuljetus\n"
)
BAD_ROW = "0112038-8,Virheellinen Oy,FI,company,35.30,Kuortane,,\n"


def test_import_with_errors_then_fixed_then_found_everywhere(page, server, tmp_path):
    log_in(page, server, "coordinator")
    bad = tmp_path / "register.csv"
    bad.write_text(HEADER + GOOD_ROW + BAD_ROW, encoding="utf-8")
    page.goto("/clusters/south-ostrobothnia-heat/import/")
    page.set_input_files("input[type=file]", str(bad))
    page.click("form.stacked button[type=submit]")
    errors = page.locator("#import-errors")
    errors.wait_for()
    assert "nothing was imported" in errors.inner_text()
    row = errors.locator("tbody tr").first
    assert row.locator("td").nth(0).inner_text() == "3"
    assert row.locator("td").nth(1).inner_text() == "business_id"
    assert "check digit" in row.locator("td").nth(2).inner_text()
    # Nothing was imported: the good row is not in the directory either.
    page.goto("/directory/?q=Hakekuljetus")
    assert "Kuortaneen Hakekuljetus Oy" not in page.content()

    fixed = tmp_path / "register-fixed.csv"
    fixed.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    page.goto("/clusters/south-ostrobothnia-heat/import/")
    page.set_input_files("input[type=file]", str(fixed))
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/clusters/south-ostrobothnia-heat/")
    assert "1 new" in page.locator(".messages").inner_text()

    page.goto("/directory/?q=Hakekuljetus")
    link = page.get_by_role("link", name="Kuortaneen Hakekuljetus Oy")
    link.wait_for()
    link.click()
    page.wait_for_url("**/organisations/kuortaneen-hakekuljetus-oy/")
    assert "Wood-chip haulage" in page.content()

    page.goto("/map/?q=Hakekuljetus")
    page.wait_for_selector("#map[data-markers='1']")
    marker = page.locator("path.gc-marker")
    assert marker.count() == 1
    marker.first.click(force=True)
    assert "Kuortaneen Hakekuljetus Oy" in page.locator(".leaflet-popup-content").inner_text()

    page.goto("/directory/")
    with page.expect_navigation():
        page.select_option("#language-select", "fi")
    assert page.locator("h1").inner_text() == "Jäsenhakemisto"
    assert page.locator("html").get_attribute("lang") == "fi"
    page.goto("/organisations/kuortaneen-hakekuljetus-oy/")
    assert "Hakkeen kuljetus" in page.content()


def test_member_map_renders_markers_without_any_tile_server(page, server):
    page.goto("/map/?cluster=tampere-cleantech")
    page.wait_for_selector("#map[data-markers]")
    count = int(page.get_attribute("#map", "data-markers"))
    assert count > 20
    assert page.locator("path.gc-marker").count() == count


def test_a_member_sees_own_figures_but_not_a_neighbours(page, server):
    log_in(page, server, "member")
    page.goto("/organisations/demo-alavuden-kattilatekniikka-oy/")
    assert page.locator("#turnover").is_visible()
    assert "demo value" in page.locator("#turnover").inner_text()
    page.goto("/organisations/demo-kuortaneen-lampo-oy/")
    assert page.locator("#turnover").count() == 0
    assert page.get_by_role("link", name="Edit").count() == 0
