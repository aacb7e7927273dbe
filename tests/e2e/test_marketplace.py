"""A member lists a side stream in Finnish; a second member's need in Swedish appears among its
suggestions with distance and CO2; the first contacts the second, carries the deal to
"running" with a realised quantity, and the coordinator's funnel counts it."""

import datetime as dt
import re

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

FUNNEL = "/marketplace/clusters/south-ostrobothnia-heat/"
SWEDISH_NEED = "Vi köper torr träflis till vår panna"


def running_in_funnel(page) -> int:  # type: ignore[no-untyped-def]
    page.goto(FUNNEL)
    return int(page.locator("#funnel tr[data-stage=running] .count").inner_text())


def publish(page, kind: str, title: str, quantity: str, expected_class: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/marketplace/")
    page.click("#new-listing")
    page.select_option("select[name=kind]", kind)
    page.fill("input[name=title]", title)
    # the classifier proposes the class while the member types
    page.locator(f'#class-choice input[value="{expected_class}"]:checked').wait_for()
    page.fill("input[name=quantity]", quantity)
    page.select_option("select[name=amount_unit]", "t")
    page.click("#listing-form button[type=submit]")
    page.wait_for_url(re.compile(r"/marketplace/listings/\d+/$"))


def advance(page, stage: str) -> None:  # type: ignore[no-untyped-def]
    page.click("#advance")
    page.locator(f"#deal-stage[data-stage={stage}]").wait_for()


def test_side_stream_from_finnish_listing_to_running_exchange(page, server):
    log_in(page, server, "coordinator")
    running_before = running_in_funnel(page)
    page.context.clear_cookies()

    # The second member (a heat entrepreneur) needs wood chips and writes in Swedish.
    log_in(page, server, "heat")
    publish(page, "receive_material", SWEDISH_NEED, "800", "product.wood-chips")
    page.context.clear_cookies()

    # The first member lists dry birch chips in Finnish and sees that need suggested.
    log_in(page, server, "member")
    publish(page, "offer_material", "Kuivaa koivuhaketta sahalta", "300", "product.wood-chips")
    row = page.locator("#suggestions tr.suggestion", has_text=SWEDISH_NEED)
    row.wait_for()
    assert re.fullmatch(r"\d+ km", row.locator("td.distance").inner_text().strip())
    assert re.match(r"\d+[.,]\d", row.locator("td.co2-avoided").inner_text().strip())
    assert re.match(r"\d+[.,]\d\d", row.locator("td.co2-transport").inner_text().strip())
    page.locator("#map[data-markers]").wait_for(state="attached")

    # ... contacts the heat entrepreneur ...
    row.get_by_role("link", name="Contact").click()
    page.fill("textarea[name=message]", "Hei! Meillä olisi kuivaa koivuhaketta, 300 t vuodessa.")
    page.click("#contact-form button[type=submit]")
    page.locator("#deal-stage[data-stage=contacted]").wait_for()
    assert "koivuhaketta, 300 t" in page.locator("#thread").inner_text()

    # ... and carries the deal through the pipeline to a running exchange.
    advance(page, "negotiating")
    assert page.locator("select[name=report_unit]").input_value() == "MWh"
    assert page.locator("select[name=displaced_key]").input_value() == "fuel.peat"
    advance(page, "agreed")
    advance(page, "running")
    today = dt.date.today()
    page.fill("input[name=period_start]", today.replace(day=1).isoformat())
    page.fill("input[name=period_end]", today.isoformat())
    page.fill("input[name=quantity]", "120")
    page.click("#realised-form button[type=submit]")
    page.locator("#realised", has_text="120 MWh").wait_for()
    page.context.clear_cookies()

    # The coordinator's funnel counts one more running exchange.
    log_in(page, server, "coordinator")
    assert running_in_funnel(page) == running_before + 1
