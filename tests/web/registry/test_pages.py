"""Directory, map, profile pages, language switching and the audit log."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greencluster.web.audit.models import AuditEntry
from greencluster.web.registry.models import MiniCluster, Organisation, OrganisationActivity
from tests.web.factories import PASSWORD, make_organisation


def test_home_lists_every_cluster(client, world):
    html = client.get("/").content.decode()
    assert "Heat cluster" in html and "Other cluster" in html


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("q=Lämpö", {"Lämpö Oy"}, {"Naapuri Oy", "Utenlandsk AS"}),
        ("cluster=other", {"Utenlandsk AS"}, {"Lämpö Oy"}),
        ("country=NO", {"Utenlandsk AS"}, {"Naapuri Oy"}),
        ("nace=35", {"Lämpö Oy"}, {"Naapuri Oy"}),
        ("nace=35.30", {"Lämpö Oy"}, {"Naapuri Oy"}),
        ("org_type=research", set(), {"Lämpö Oy", "Naapuri Oy"}),
        ("place=Seinäjoki", {"Lämpö Oy", "Naapuri Oy"}, set()),
        ("mini_cluster=energy", {"Naapuri Oy"}, {"Lämpö Oy"}),
    ],
)
def test_directory_filters(client, world, query, expected, absent):
    OrganisationActivity.objects.create(organisation=world.org, code="35.30", is_main=True)
    MiniCluster.objects.create(slug="energy", name="Energy").organisations.add(world.neighbour)
    html = client.get(f"/directory/?{query}").content.decode()
    for name in expected:
        assert name in html
    for name in absent:
        assert name not in html


def test_directory_htmx_request_returns_only_the_results(client, world):
    response = client.get("/directory/?q=Naapuri", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Naapuri Oy" in html and "<html" not in html


def test_directory_query_count_does_not_grow_with_organisations(client, world):
    client.get("/directory/")
    with CaptureQueriesContext(connection) as few:
        client.get("/directory/")
    for _ in range(20):
        make_organisation(cluster=world.cluster)
    with CaptureQueriesContext(connection) as many:
        client.get("/directory/")
    assert len(many) == len(few)


def test_map_points_are_public_site_markers(client, world):
    points = client.get("/map/points.json?cluster=heat").json()["points"]
    assert {p["name"] for p in points} == {"Lämpö Oy", "Naapuri Oy"}
    assert all(set(p) == {"lat", "lon", "name", "site", "place", "type", "slug"} for p in points)


def test_switching_language_to_finnish_translates_the_pages(client, world):
    call_command("compilemessages_gc", verbosity=0)
    response = client.post("/i18n/setlang/", {"language": "fi", "next": "/directory/"})
    assert response.status_code == 302
    html = client.get("/directory/").content.decode()
    assert 'lang="fi"' in html and "Jäsenhakemisto" in html


@pytest.mark.parametrize(
    ("lang", "word"),
    [
        ("sv", "Medlemskatalog"),
        ("nb", "Medlemskatalog"),
        ("et", "Liikmete kataloog"),
        ("de", "Mitgliederverzeichnis"),
    ],
)
def test_every_language_has_translations(client, world, lang, word):
    call_command("compilemessages_gc", verbosity=0)
    client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    assert word in client.get("/directory/").content.decode()


def test_description_is_shown_in_the_readers_language(client, world):
    world.org.descriptions = {"en": "We sell heat.", "fi": "Myymme lämpöä."}
    world.org.save()
    assert "We sell heat." in client.get("/organisations/lampo/").content.decode()
    client.post("/i18n/setlang/", {"language": "fi", "next": "/"})
    assert "Myymme lämpöä." in client.get("/organisations/lampo/").content.decode()


def test_adding_a_site_geocodes_the_place_and_is_audited(client, world):
    client.login(username="orgadmin", password=PASSWORD)
    response = client.post("/organisations/lampo/sites/new/", {"name": "Boiler", "place": "Vaasa"})
    assert response.status_code == 302
    site = world.org.sites.get(name="Boiler")
    assert abs(site.lat - 63.1) < 0.1 and abs(site.lon - 21.6) < 0.1
    unknown = client.post("/organisations/lampo/sites/new/", {"name": "X", "place": "Atlantis"})
    assert "not in the place list" in unknown.content.decode()
    manual = client.post(
        "/organisations/lampo/sites/new/", {"name": "Field", "lat": "62.1", "lon": "22.2"}
    )
    assert manual.status_code == 302
    assert AuditEntry.objects.filter(action="site.create", actor=world.org_admin).count() == 2


def test_edit_validates_business_id_and_nace(client, world):
    client.login(username="orgadmin", password=PASSWORD)
    response = client.post(
        "/organisations/lampo/edit/",
        {
            "name": "Lämpö Oy",
            "org_type": "company",
            "business_id": "0112038-8",
            "nace_codes": "35.30",
        },
    )
    assert "check digit should be 9" in response.content.decode()
    response = client.post(
        "/organisations/lampo/edit/",
        {
            "name": "Lämpö Oy",
            "org_type": "company",
            "business_id": "0112038-9",
            "nace_codes": "35.30; 99.99",
        },
    )
    assert "not a NACE Rev. 2" in response.content.decode()
    assert Organisation.objects.get(slug="lampo").business_id == ""


def test_audit_log_records_writes_and_hides_confidential_values(client, world):
    client.login(username="orgadmin", password=PASSWORD)
    client.post(
        "/organisations/lampo/edit/",
        {
            "name": "Lämpö Oy",
            "org_type": "company",
            "turnover_eur": "111222333",
        },
    )
    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.actor == world.org_admin
    assert entry.changes["turnover_eur"] == "(changed)"
    client.logout()
    client.login(username="coord", password=PASSWORD)
    html = client.get("/clusters/heat/audit/").content.decode()
    assert "organisation.update" in html and "orgadmin" in html
    assert "111222333" not in html
    client.logout()
    client.login(username="othercoord", password=PASSWORD)
    assert client.get("/clusters/other/audit/").content.decode().count("organisation.update") == 0


def test_api_docs_and_openapi_document(client, world):
    assert client.get("/api/docs").status_code == 200
    spec = client.get("/api/openapi.json").json()
    assert "/api/organisations" in spec["paths"] and "/api/clusters" in spec["paths"]


def test_coordinator_adds_an_organisation_and_manages_a_mini_cluster(client, world):
    client.login(username="coord", password=PASSWORD)
    response = client.post(
        "/clusters/heat/organisations/new/",
        {
            "name": "Uusi Lämpö Oy",
            "country": "FI",
            "org_type": "company",
            "business_id": "0112038-9",
            "role": "member",
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name="Uusi Lämpö Oy")
    assert org.business_id == "0112038-9"
    assert org.memberships.get().cluster == world.cluster
    duplicate = client.post(
        "/clusters/heat/organisations/new/",
        {
            "name": "Copy Oy",
            "country": "FI",
            "org_type": "company",
            "business_id": "0112038-9",
            "role": "member",
        },
    )
    assert "already has this business id" in duplicate.content.decode()
    mini = MiniCluster.objects.create(slug="water", name="Water")
    mini.clusters.add(world.cluster)
    client.post("/mini-clusters/water/", {"organisation": "uusi-lampo-oy", "action": "add"})
    assert list(mini.organisations.all()) == [org]
    client.post("/mini-clusters/water/", {"organisation": "uusi-lampo-oy", "action": "remove"})
    assert mini.organisations.count() == 0
    # An organisation of another cluster cannot be added.
    client.post("/mini-clusters/water/", {"organisation": "utenlandsk", "action": "add"})
    assert mini.organisations.count() == 0


def test_only_coordinators_add_organisations_or_change_mini_clusters(client, world):
    mini = MiniCluster.objects.create(slug="water", name="Water")
    mini.clusters.add(world.cluster)
    client.login(username="orgadmin", password=PASSWORD)
    assert client.get("/clusters/heat/organisations/new/").status_code == 403
    assert client.get("/clusters/heat/edit/").status_code == 403
    response = client.post("/mini-clusters/water/", {"organisation": "lampo", "action": "add"})
    assert response.status_code == 403 and mini.organisations.count() == 0
    client.logout()
    client.login(username="othercoord", password=PASSWORD)
    client.post("/mini-clusters/water/", {"organisation": "lampo", "action": "add"})
    assert mini.organisations.count() == 0


def test_coordinator_edits_the_cluster_description_in_the_current_language(client, world):
    client.login(username="coord", password=PASSWORD)
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    client.post(
        "/clusters/heat/edit/",
        {"description": "Värmekluster i Österbotten", "strategy": "Fler värmeföretagare"},
    )
    world.cluster.refresh_from_db()
    assert world.cluster.descriptions["sv"] == "Värmekluster i Österbotten"
    assert "Värmekluster i Österbotten" in client.get("/clusters/heat/").content.decode()
    assert AuditEntry.objects.filter(action="cluster.update").exists()
