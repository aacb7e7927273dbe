"""Publications (full-text search, files, visibility), strategies with action plans and the
progress view, and the opt-in digest."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.accounts.services import api_token_create
from greencluster.web.knowledge import services
from greencluster.web.knowledge.digest import send_digests
from greencluster.web.knowledge.models import Action, DigestSubscription, Publication
from tests.web.factories import PASSWORD


@pytest.fixture
def publications(world):
    viewer = viewer_for(world.coordinator)
    make = services.publication_create
    return [
        make(
            viewer=viewer,
            cluster=world.cluster,
            kind="market-study",
            language="en",
            year=2009,
            title="Market study: heat entrepreneurship in Estonia",
            abstract="Village heating plants and wood chips.",
            is_public=True,
        ),
        make(
            viewer=viewer,
            cluster=world.cluster,
            kind="trend-study",
            language="fi",
            year=2024,
            title="Trendikatsaus: sivuvirrat",
            abstract="Heat from side streams; heat pumps; heat networks.",
            is_public=True,
        ),
        make(
            viewer=viewer,
            cluster=world.cluster,
            kind="report",
            language="en",
            year=2025,
            title="Internal heat report",
            abstract="Members only.",
            is_public=False,
        ),
    ]


def test_full_text_search_ranks_title_hits_first_and_hides_members_only(client, publications):
    found = client.get("/api/knowledge/publications", {"q": "heat"}).json()
    assert [p["title"] for p in found] == [
        "Market study: heat entrepreneurship in Estonia",
        "Trendikatsaus: sivuvirrat",
    ]
    assert client.get("/api/knowledge/publications", {"q": "heat wood"}).json()[0]["year"] == 2009
    page = client.get("/knowledge/publications/", {"q": "sivuvirr"}).content.decode()
    assert "Trendikatsaus" in page and "entrepreneurship in Estonia" not in page
    assert client.get(f"/knowledge/publications/{publications[2].slug}/").status_code == 404
    client.login(username="orgmember", password=PASSWORD)
    assert len(client.get("/api/knowledge/publications", {"q": "heat"}).json()) == 3


def test_a_coordinator_adds_a_publication_with_a_checked_file(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.login(username="coord", password=PASSWORD)
    form = {
        "cluster": "heat",
        "kind": "booklet",
        "title": "Heat entrepreneur's handbook",
        "abstract": "Fuel, boilers and contracts.",
        "language": "en",
        "year": "2008",
        "is_public": "on",
    }
    bad = client.post(
        "/knowledge/publications/new/", {**form, "file": SimpleUploadedFile("h.pdf", b"MZ")}
    )
    assert bad.status_code == 200 and not Publication.objects.exists()
    good = client.post(
        "/knowledge/publications/new/", {**form, "file": SimpleUploadedFile("h.pdf", b"%PDF-1.5")}
    )
    publication = Publication.objects.get()
    assert good.status_code == 302 and publication.file_media_type == "application/pdf"
    client.logout()
    download = client.get(f"/knowledge/publications/{publication.slug}/file/")
    assert b"".join(download.streaming_content) == b"%PDF-1.5"
    client.login(username="orgadmin", password=PASSWORD)
    assert client.post("/knowledge/publications/new/", form).status_code == 403


def test_progress_view_counts_done_and_overdue_actions(client, strategy):
    page = client.get(f"/knowledge/strategies/{strategy.pk}/").content.decode()
    assert 'id="total-progress">70 %' in page  # (40 + 100) / 2
    assert "overdue" in page
    data = client.get("/api/knowledge/strategies").json()[0]
    assert data["progress_pct"] == 70 and data["overdue"] == 1
    assert data["focus_areas"] == ["Green circular industry", "Green logistics"]


def test_a_coordinator_updates_an_action_and_others_cannot(client, world, strategy):
    action = Action.objects.get(title="Shared fuel logistics study")
    url = f"/knowledge/strategies/{strategy.pk}/actions/{action.pk}/"
    client.login(username="orgadmin", password=PASSWORD)
    assert (
        client.post(url, {"title": "x", "status": "done", "progress_pct": "1"}).status_code == 403
    )
    client.login(username="coord", password=PASSWORD)
    response = client.post(
        url,
        {
            "title": action.title,
            "focus_area": str(action.focus_area_id),
            "owner": "Fuel working group",
            "due_date": "2027-06-30",
            "status": "done",
            "progress_pct": "80",
            "goal_ref": "Shared fuel logistics",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress_pct, action.owner) == ("done", 100, "Fuel working group")
    page = client.get(f"/knowledge/strategies/{strategy.pk}/").content.decode()
    assert 'id="total-progress">100 %' in page
    _t, key = api_token_create(user=world.coordinator, name="t")
    patched = client.patch(
        f"/api/knowledge/actions/{action.pk}",
        {"status": "delayed", "progress_pct": 120},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert patched.status_code == 400
    patched = client.patch(
        f"/api/knowledge/actions/{action.pk}",
        {"status": "delayed", "progress_pct": 90},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert patched.status_code == 200 and patched.json()["status"] == "delayed"


def test_digest_is_opt_in_and_shows_only_what_the_reader_may_see(client, world, publications):
    for username in ("orgmember", "neighbouradmin"):
        client.login(username=username, password=PASSWORD)
        client.post("/knowledge/digest/", {"active": "on", "frequency": "weekly", "language": "fi"})
    world.org_member.email = "member@example.org"
    world.org_member.save()
    world.neighbour_admin.email = "neighbour@example.org"
    world.neighbour_admin.save()
    world.other_coordinator.email = "other@example.org"  # never opted in
    world.other_coordinator.save()
    outsider = world.other_coordinator
    DigestSubscription.objects.create(user=outsider, is_active=False)
    sent = send_digests(base_url="https://gc.example")
    assert sent == 2 and {m.to[0] for m in mail.outbox} == {
        "member@example.org",
        "neighbour@example.org",
    }
    body = mail.outbox[0].body
    assert (
        "Trendikatsaus: sivuvirrat" in body and "https://gc.example/knowledge/publications/" in body
    )
    assert "Internal heat report" in body  # both are users of member organisations
    # nothing is due again within the week
    assert send_digests(base_url="https://gc.example") == 0
    later = timezone.now() + dt.timedelta(days=8)
    assert send_digests(base_url="https://gc.example", now=later) == 0  # nothing new since


def test_digest_to_an_outsider_leaves_out_members_only_items(world, publications):
    world.other_coordinator.email = "other@example.org"
    world.other_coordinator.save()
    services.digest_subscribe(user=world.other_coordinator, active=True)
    assert send_digests(base_url="https://gc.example") == 1
    body = mail.outbox[0].body
    assert "Market study" in body and "Internal heat report" not in body


def test_a_coordinator_writes_a_strategy_with_focus_areas(client, world):
    from greencluster.web.knowledge.models import Strategy

    form = {
        "cluster": "heat",
        "title": "Strategia 2027-2031",
        "year_start": "2027",
        "year_end": "2031",
        "text_language": "fi",
        "text": "Vihreä kiertotalous.",
        "focus_areas": "Green circular industry\nSustainable production\n\nGreen logistics\n",
        "is_public": "on",
    }
    client.login(username="orgmember", password=PASSWORD)
    assert client.post("/knowledge/strategies/new/", form).status_code == 403
    client.login(username="coord", password=PASSWORD)
    assert (
        client.post("/knowledge/strategies/new/", {**form, "year_end": "2020"}).status_code == 200
    )
    assert client.post("/knowledge/strategies/new/", form).status_code == 302
    strategy = Strategy.objects.get()
    assert [a.name for a in strategy.focus_areas.all()] == [
        "Green circular industry",
        "Sustainable production",
        "Green logistics",
    ]
    assert strategy.texts == {"fi": "Vihreä kiertotalous."}


def test_an_action_links_to_a_goal_of_its_own_cluster_only(client, world, strategy):
    from greencluster.web.impact.models import Goal

    own = Goal.objects.create(
        cluster=world.cluster,
        title="-20 % CO2 by 2030",
        metric="co2_total_t",
        base_year=2020,
        target_year=2030,
        target_kind="percent",
        target_value=-20,
    )
    foreign = Goal.objects.create(
        cluster=world.other_cluster,
        title="Other goal",
        metric="co2_total_t",
        base_year=2020,
        target_year=2030,
        target_kind="percent",
        target_value=-10,
    )
    action = Action.objects.get(title="Shared fuel logistics study")
    viewer = viewer_for(world.coordinator)
    with pytest.raises(services.KnowledgeError, match="another cluster"):
        services.action_update(viewer=viewer, action=action, changes={"goal": foreign})
    client.login(username="coord", password=PASSWORD)
    url = f"/knowledge/strategies/{strategy.pk}/actions/{action.pk}/"
    form = {"title": action.title, "status": "in-progress", "progress_pct": "50"}
    client.post(url, {**form, "goal": str(foreign.pk)})
    action.refresh_from_db()
    assert action.goal is None
    client.post(url, {**form, "goal": str(own.pk)})
    action.refresh_from_db()
    assert action.goal == own
    page = client.get(f"/knowledge/strategies/{strategy.pk}/").content.decode()
    assert "-20 % CO2 by 2030" in page
    assert client.get("/api/knowledge/strategies").json()[0]["actions"][0]["goal"] in (
        "-20 % CO2 by 2030",
        None,
    )
