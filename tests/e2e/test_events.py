"""A partnering day from invitation to the funnel: the coordinator creates and publishes it; two
members register, one asks the other for a meeting, the other accepts; the organiser runs the
scheduler and sees the proven bound; both members see the meeting in their agendas and
download the calendar file, then rate the meeting; the organiser's funnel counts it.

The day's meeting slots lie in the past (the event runs from yesterday to tomorrow), so that
the meeting can be rated in the same test."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

HELSINKI = ZoneInfo("Europe/Helsinki")
TITLE = "Browser-test matchmaking day"
MEMBER_ORG = "Demo Alavuden Kattilatekniikka Oy"
HEAT_ORG = "Demo Kuortaneen Lämpö Oy"


def local(days: int, hour: int) -> str:
    day = dt.datetime.now(HELSINKI).date() + dt.timedelta(days=days)
    return f"{day:%Y-%m-%d}T{hour:02d}:00"


def open_as(browser, server, username):  # type: ignore[no-untyped-def]
    """A fresh browser context logged in as ``username`` (each user has their own cookies)."""
    context = browser.new_context(base_url=server.url, locale="en-GB", accept_downloads=True)
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(server.url) else route.abort()
        ),
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    log_in(page, server, username)
    return page


def register(page, slug: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/events/{slug}/")
    page.click("#register-form button[type=submit]")
    page.locator("#my-status").wait_for()
    assert "You are registered." in page.locator("#my-status").inner_text()


def download_agenda(page, slug: str, tmp_path, name: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"/events/{slug}/agenda/")
    with page.expect_download() as info:
        page.click("#agenda-ics")
    target = tmp_path / f"{name}.ics"
    info.value.save_as(target)
    return target.read_bytes().decode("utf-8")


def rate(page, slug: str, partner: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/events/{slug}/agenda/")
    row = page.locator("#agenda tbody tr", has_text=partner)
    row.get_by_role("link", name="Rate").click()
    page.get_by_label("Cooperation possible").check()
    page.click("#rating-form button[type=submit]")
    page.wait_for_url(f"**/events/{slug}/agenda/")
    row = page.locator("#agenda tbody tr", has_text=partner)
    assert "Cooperation possible" in row.inner_text()


def test_partnering_day_from_registration_to_the_funnel(page, browser, server, tmp_path):
    # The coordinator creates and publishes the partnering day.
    log_in(page, server, "coordinator")
    page.goto("/events/new/")
    page.select_option("#id_cluster", "south-ostrobothnia-heat")
    page.select_option("#id_kind", "partnering-day")
    page.fill("#id_title", TITLE)
    page.select_option("#id_time_zone", "Europe/Helsinki")
    page.fill("#id_starts_at", local(-1, 8))
    page.fill("#id_ends_at", local(1, 18))
    page.fill("#id_venue", "Kuortane")
    page.fill("#id_meetings_start_at", local(-1, 10))
    page.fill("#id_slot_minutes", "20")
    page.fill("#id_slot_count", "4")
    page.fill("#id_tables", "2")
    page.click("#event-form button[type=submit]")
    page.wait_for_url(re.compile(r"/events/browser-test-matchmaking-day-[\d-]+/$"))
    slug = page.url.rstrip("/").rsplit("/", 1)[1]
    page.click("#publish")
    page.locator(".messages", has_text="The event is published.").wait_for()

    # Two members register; the member fills in a profile and asks the heat entrepreneur.
    member = open_as(browser, server, "member")
    heat = open_as(browser, server, "heat")
    register(member, slug)
    register(heat, slug)
    member.click("text=My profile")
    member.fill("#id_offers", "boiler maintenance and automation")
    member.fill("#id_seeks", "heat entrepreneurs as customers")
    member.check("#profile-form input[name=cooperation][value=commercial]")
    member.click("#profile-form button[type=submit]")
    member.wait_for_url(f"**/events/{slug}/partners/")
    member.locator("#participants tr", has_text=HEAT_ORG).get_by_role(
        "link", name="Request a meeting"
    ).click()
    member.fill("#id_message", "Your boiler's automation is due for an update?")
    member.click("#request-form button[type=submit]")
    member.locator("#sent tbody tr", has_text=HEAT_ORG).wait_for()
    assert "Waiting for an answer" in member.locator("#sent").inner_text()

    # The heat entrepreneur sees only their own request and accepts it.
    heat.goto(f"/events/{slug}/requests/")
    received = heat.locator("#received tbody tr", has_text=MEMBER_ORG)
    assert "automation is due" in received.inner_text()
    received.get_by_role("button", name="Accept").click()
    heat.locator(".messages", has_text="Accepted.").wait_for()

    # The organiser runs the scheduler and sees the bound.
    page.goto(f"/events/{slug}/manage/")
    page.click("#run-scheduler")
    summary = page.locator("#run-summary")
    summary.wait_for()
    assert "1 of at most 1 possible meetings" in summary.inner_text()
    assert "(proven optimal;" in summary.inner_text()

    # Both see the meeting in their agendas and download the calendar file.
    for who, partner, name in ((member, HEAT_ORG, "member"), (heat, MEMBER_ORG, "heat")):
        who.goto(f"/events/{slug}/agenda/")
        row = who.locator("#agenda tbody tr", has_text=partner)
        assert re.search(r"\d\d:\d\d–\d\d:\d\d", row.inner_text())
        calendar = download_agenda(who, slug, tmp_path, name)
        assert calendar.startswith("BEGIN:VCALENDAR\r\n")
        unfolded = calendar.replace("\r\n ", "")
        assert unfolded.count("BEGIN:VEVENT") == 2  # the day and the meeting
        (title,) = [x for x in unfolded.split("\r\n") if x.startswith("SUMMARY:Meeting: ")]
        assert partner in title

    # After the meeting both rate it; the organiser's funnel counts it.
    rate(member, slug, HEAT_ORG)
    rate(heat, slug, MEMBER_ORG)
    page.goto(f"/events/{slug}/manage/")
    funnel = {
        cell.get_attribute("data-stage"): cell.inner_text()
        for cell in page.locator("#funnel td").all()
    }
    assert funnel == {
        "requested": "1",
        "accepted": "1",
        "scheduled": "1",
        "held": "1",
        "rated": "1",
        "agreements": "0",
    }
    member.context.close()
    heat.context.close()
