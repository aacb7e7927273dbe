"""The events demo: past and upcoming activities for the demo clusters, two partnering days
with schedules, and agendas for the demo logins."""

import pytest
from django.urls import reverse

from greencluster.web.events import demo as events_demo
from greencluster.web.events.models import Event, Meeting, MeetingRating, Outcome, ScheduleRun
from greencluster.web.events.selectors import funnel
from greencluster.web.registry import demo as registry_demo

FIVE = {
    "south-ostrobothnia-heat",
    "southern-finland-environment",
    "tampere-cleantech",
    "grenland-green-industry",
    "ida-viru-circular",
}


@pytest.fixture
def demo(db):
    passwords = {u: f"{u}-pw-123456" for u, _ in registry_demo.DEMO_USERS}
    registry_demo.load(passwords)
    events_demo.load(passwords)


@pytest.mark.slow
def test_demo_events_cover_the_clusters_past_and_future(demo):
    assert set(Event.objects.values_list("cluster__slug", flat=True)) == FIVE
    assert not Event.objects.filter(is_demo=False).exists()
    days = Event.objects.filter(kind=Event.Kind.PARTNERING).order_by("starts_at")
    past, upcoming = days
    assert ScheduleRun.objects.filter(status="done").count() == 2
    for day in days:
        run = day.schedule_runs.get()
        assert run.scheduled_count == run.count_upper_bound > 5
    counts = funnel(Event.objects.filter(pk=past.pk))
    assert counts["requested"] == 12 and counts["accepted"] == 10
    assert counts["held"] == counts["scheduled"] and counts["rated"] > 0
    assert counts["agreements"] == Outcome.objects.count() == 2
    assert MeetingRating.objects.filter(meeting__event=upcoming).count() == 0
    assert Meeting.objects.filter(event=upcoming, slot__isnull=False).count() >= 8


@pytest.mark.slow
def test_demo_logins_see_their_agendas(demo, client):
    upcoming = Event.objects.filter(kind=Event.Kind.PARTNERING).order_by("starts_at").last()
    for username in ("member", "heat"):
        client.login(username=username, password=f"{username}-pw-123456")
        page = client.get(reverse("events:agenda", args=[upcoming.slug]))
        assert page.status_code == 200
        assert page.text.count("data-meeting=") >= 2
        client.logout()
    client.login(username="heat", password="heat-pw-123456")
    requests = client.get(reverse("events:requests", args=[upcoming.slug])).text
    assert "Waiting for an answer" in requests


@pytest.mark.slow
def test_every_page_of_the_demo_renders_for_each_role(demo, client):
    day = Event.objects.filter(kind=Event.Kind.PARTNERING).order_by("starts_at").first()
    meeting = Meeting.objects.filter(event=day, slot__isnull=False).first()
    workshop = Event.objects.filter(kind=Event.Kind.WORKSHOP).first()
    guest = workshop.registrations.first()
    public = [
        reverse("events:index"),
        reverse("events:index") + "?when=past",
        reverse("events:detail", args=[workshop.slug]),
        reverse("events:ics", args=[workshop.slug]),
        reverse("events:guest", args=[guest.token]),
    ]
    organiser = [
        reverse(name, args=[day.slug])
        for name in ("events:manage", "events:tables", "events:edit", "events:partners")
    ] + [
        reverse("events:meeting", args=[day.slug, meeting.pk]),
        reverse("events:figures"),
        reverse("events:figures")
        + "?cluster=south-ostrobothnia-heat&start=2000-01-01&end=2100-01-01",
        reverse("events:create"),
    ]
    participant = [
        reverse(name, args=[day.slug])
        for name in (
            "events:profile",
            "events:partners",
            "events:requests",
            "events:agenda",
            "events:agenda_ics",
            "events:agenda_pdf",
        )
    ]
    for path in public:
        assert client.get(path).status_code == 200, path
    client.login(username="coordinator", password="coordinator-pw-123456")
    for path in public + organiser:
        assert client.get(path).status_code == 200, path
    client.login(username="heat", password="heat-pw-123456")
    for path in participant:
        assert client.get(path).status_code == 200, path
    mine = Meeting.objects.filter(event=day, participants__user__username="heat").first()
    page = client.get(reverse("events:meeting", args=[day.slug, mine.pk]))
    assert page.status_code == 200 and "Cooperation possible" in page.text
