"""A coordinator records a good practice and finds it by a field label in another language,
books the training week for a foreign group, adds a second-generation project and sees the
lineage tree, and updates an action of the action plan; a visitor sees only public records."""

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_coordinator_knowledge_flow(page, server):
    log_in(page, server, "coordinator")

    # 1. Record a good practice (English page, English text) ...
    page.goto("/knowledge/practices/new/?cluster=south-ostrobothnia-heat")
    page.select_option("#id_cluster", "south-ostrobothnia-heat")
    page.fill("input[name=ref]", "SOH-GP-77")
    page.select_option("#id_language", "en")
    page.fill("input[name=title]", "Birch-chip heat for the Kuortane village school")
    page.fill("textarea[name=summary]", "The school buys heat from a local entrepreneur.")
    page.check("input[name=wood_types][value=birch]")
    page.select_option("#id_scale", "local")
    page.check("input[name=is_public]")
    page.click("#practice-form button[type=submit]")
    page.wait_for_url("**/knowledge/practices/south-ostrobothnia-heat-birch-chip-heat*/")
    assert "Birch" in page.locator("#practice-facts").inner_text()

    # ... and find it with the Finnish field label and the German term.
    page.goto("/knowledge/practices/")
    page.fill("#id_q", "puulaji: Birke Kuortane")
    page.click("#practice-search button[type=submit]")
    results = page.locator("#practice-results")
    results.get_by_role("link", name="Birch-chip heat for the Kuortane village school").wait_for()
    assert "Wood type: birke" in page.locator("#understood").inner_text()
    assert "Grenland" not in results.inner_text()

    # 2. Book the training week for a German group (a module not taught in German is left out).
    page.goto("/knowledge/training/heat-entrepreneurship-week/")
    page.get_by_role("link", name="Book for a group").click()
    page.fill("input[name=group_name]", "Delegation from Bavaria")
    page.select_option("#id_country", "DE")
    page.select_option("#id_language", "de")
    page.fill("input[name=start_date]", "2027-05-10")
    page.fill("input[name=group_size]", "12")
    page.uncheck("input[name=modules][value=HE5]")
    page.click("#booking-form button[type=submit]")
    page.wait_for_url("**/knowledge/bookings/*/")
    programme = page.locator("#programme tbody tr")
    assert programme.count() == 5
    assert "HE1" in programme.first.inner_text() and "Kuortaneen" in programme.first.inner_text()
    assert "HE6" in programme.last.inner_text()

    # 3. Add a second-generation project and see the lineage tree.
    page.goto("/knowledge/projects/?cluster=south-ostrobothnia-heat")
    page.get_by_role("link", name="Heat entrepreneurship development programme").click()
    page.get_by_role("link", name="Add a follow-up project").click()
    page.fill("input[name=title]", "Heat entrepreneurs' quality system")
    page.select_option("#id_status", "running")
    page.check("input[name=is_public]")
    page.click("#project-form button[type=submit]")
    page.wait_for_url("**/knowledge/projects/heat-entrepreneurs-quality-system/")
    node = page.locator("#lineage li[aria-current]")
    assert node.get_attribute("data-generation") == "2"
    root = page.locator("#lineage > ul > li").first
    assert root.get_attribute("data-generation") == "1"
    assert "Heat entrepreneurship development programme" in root.inner_text()

    # 4. Update an action of the action plan.
    page.goto("/knowledge/strategies/")
    page.get_by_role("link", name="Heat entrepreneurship strategy").click()
    page.get_by_role("link", name="Feasibility checks for five villages").click()
    page.select_option("#id_status", "done")
    page.click("#action-form button[type=submit]")
    page.wait_for_url("**/knowledge/strategies/*/")
    row = page.locator("#actions tr", has_text="Feasibility checks for five villages")
    assert "Done (100 %)" in row.inner_text()

    # A visitor sees the public practice but not members-only records.
    page.context.clear_cookies()
    page.goto("/knowledge/practices/?q=Grenland")
    assert "Shared targets and annual KPI reporting" in page.content()
    assert "shared return transport" not in page.content().lower()
