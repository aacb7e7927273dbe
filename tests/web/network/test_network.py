"""Network pages and API: analysis, permissions and confidentiality, decisions, adoption."""

from __future__ import annotations

import json

import pytest

from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.accounts.services import api_token_create
from greencluster.web.audit.models import AuditEntry
from greencluster.web.network import services
from greencluster.web.network.models import NetworkRun, ValueNetworkAdoption
from greencluster.web.network.network import network_edges as own_edges
from greencluster.web.network.network import providers
from tests.web.network.conftest import SECRET_TONNES

pytestmark = pytest.mark.django_db


def compute(world):
    return services.network_run_request(viewer=viewer_for(world.coordinator), cluster=world.cluster)


def test_this_apps_edges_are_found_among_the_providers():
    assert own_edges in providers()


def test_a_coordinator_recomputes_and_sees_the_locomotive_with_its_explanation(
    client, world, flows
):
    client.force_login(world.coordinator)
    response = client.post(f"/network/{world.cluster.slug}/recompute/")
    assert response.status_code == 302
    run = NetworkRun.objects.get()
    assert run.status == "finished" and run.edge_count >= 5
    page = client.get(f"/network/{world.cluster.slug}/").content.decode()
    assert "Lämpö Oy" in page
    locomotives = client.get(f"/network/{world.cluster.slug}/locomotives/").content.decode()
    assert "partners" in locomotives  # the explanation
    document = client.get(f"/api/network/clusters/{world.cluster.slug}/analysis").json()
    first = document["locomotives"][0]
    assert first["organisation"]["name"] == "Lämpö Oy" and first["suggested"]
    assert first["tonnes_per_a"] == pytest.approx(SECRET_TONNES + 1001 + 1002 + 1003 + 1004)
    (network,) = document["value_networks"]
    assert network["locomotives"][0]["name"] == "Lämpö Oy"
    assert {m["name"] for m in network["members"]} >= {"Naapuri Oy", "Toimittaja 0 Oy"}


def test_members_see_value_networks_but_no_quantities_scores_or_flows(client, world, flows):
    compute(world)
    client.force_login(world.org_member)
    for path in ("", "locomotives/", "gaps/"):
        page = client.get(f"/network/{world.cluster.slug}/{path}")
        assert page.status_code == 200
        text = page.content.decode()
        assert "987" not in text.replace(" ", "").replace(",", "")  # no confidential tonnes
    document = client.get(f"/api/network/clusters/{world.cluster.slug}/analysis").json()
    assert document["coordinator"] is False
    assert document["locomotives"] == []  # none confirmed yet
    assert document["value_networks"][0]["members"]
    assert "core_flows" not in document["value_networks"][0]
    assert all("organisations" not in gap and "tonnes_per_a" not in gap for gap in document["gaps"])
    graph = client.get(f"/api/network/clusters/{world.cluster.slug}/graph").json()
    assert graph["nodes"]
    assert {e["kind"] for e in graph["edges"]} <= {"mini_cluster", "nace_io"}
    assert "987123" not in json.dumps(graph) and "987123" not in json.dumps(document)


def test_a_confirmed_locomotive_is_shown_to_members(client, world, flows):
    compute(world)
    client.force_login(world.coordinator)
    response = client.post(
        f"/network/{world.cluster.slug}/locomotives/{world.org.pk}/decide/",
        {"status": "confirmed"},
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="network.locomotive-confirmed").exists()
    client.force_login(world.neighbour_admin)
    document = client.get(f"/api/network/clusters/{world.cluster.slug}/analysis").json()
    assert [item["organisation"]["name"] for item in document["locomotives"]] == ["Lämpö Oy"]
    assert "score" not in document["locomotives"][0]


@pytest.mark.parametrize("role", ["other_coordinator", "neighbour_admin"])
def test_outsiders_are_refused_and_members_may_not_write(client, world, flows, role):
    compute(world)
    client.force_login(getattr(world, role))
    if role == "other_coordinator":
        assert client.get(f"/network/{world.cluster.slug}/").status_code == 403
        assert client.get(f"/api/network/clusters/{world.cluster.slug}/graph").status_code == 403
    assert client.post(f"/network/{world.cluster.slug}/recompute/").status_code == 403
    key = NetworkRun.objects.get().result["value_networks"][0]["key"]
    response = client.post(
        f"/network/{world.cluster.slug}/value-networks/{key}/adopt/",
        {"name": "X", "theme": "waste"},
    )
    assert response.status_code == 403
    assert not ValueNetworkAdoption.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(f"/network/{world.cluster.slug}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(f"/api/network/clusters/{world.cluster.slug}/analysis").status_code == 403


def test_the_api_recomputes_only_with_a_coordinators_token(client, world, flows):
    client.force_login(world.coordinator)
    url = f"/api/network/clusters/{world.cluster.slug}/runs"
    assert client.post(url).status_code == 401  # the session is not enough to write
    _token, key = api_token_create(user=world.coordinator, name="t")
    response = client.post(url, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 201 and response.json()["status"] == "finished"
    _token, member_key = api_token_create(user=world.org_member, name="m")
    assert client.post(url, HTTP_AUTHORIZATION=f"Bearer {member_key}").status_code == 403


def test_a_coordinator_turns_a_value_network_into_a_mini_cluster(client, world, flows):
    run = compute(world)
    network = run.result["value_networks"][0]
    client.force_login(world.coordinator)
    url = f"/network/{world.cluster.slug}/value-networks/{network['key']}/"
    page = client.get(url).content.decode()
    assert "Turn into a mini-cluster" in page
    response = client.post(url + "adopt/", {"name": "Wood chips chain", "theme": "bioeconomy"})
    assert response.status_code == 302
    adoption = ValueNetworkAdoption.objects.get()
    mini = adoption.mini_cluster
    assert mini.name == "Wood chips chain" and list(mini.clusters.all()) == [world.cluster]
    members = {str(o.pk) for o in mini.organisations.all()}
    assert members == {m for m in network["members"]}
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "mini-cluster.create",
        "mini-cluster.add-member",
        "network.value-network-adopt",
    } <= actions
    assert "Wood chips chain" in client.get(url).content.decode()
    again = client.post(url + "adopt/", {"name": "Again", "theme": "waste"}, follow=True)
    assert "already a mini-cluster" in again.content.decode()
    assert ValueNetworkAdoption.objects.count() == 1


def test_without_an_analysis_the_page_says_so(client, world):
    client.force_login(world.org_member)
    page = client.get(f"/network/{world.cluster.slug}/").content.decode()
    assert "The coordinators have not run the analysis yet." in page
    client.force_login(world.coordinator)
    page = client.get(f"/network/{world.cluster.slug}/").content.decode()
    assert "No analysis yet" in page


def test_without_flows_the_page_says_the_analysis_rests_on_typical_relations(client, world):
    from greencluster.web.registry.models import OrganisationActivity

    OrganisationActivity.objects.create(organisation=world.org, code="16.10")
    OrganisationActivity.objects.create(organisation=world.neighbour, code="35.30")
    compute(world)
    client.force_login(world.coordinator)
    page = client.get(f"/network/{world.cluster.slug}/").content.decode()
    assert "No flows between members are recorded yet" in page


def test_the_overview_query_count_does_not_grow_with_members(
    client, world, flows, django_assert_max_num_queries
):
    from tests.web.factories import make_organisation

    compute(world)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(20) as small:
        client.get(f"/network/{world.cluster.slug}/")
    for i in range(15):
        member = make_organisation(cluster=world.cluster, slug=f"extra-{i}")
        flows["provider"].edges.append(
            flows["provider"]
            .edges[1]
            .__class__(str(member.pk), str(world.org.pk), "realised_flow", tonnes=5.0)
        )
    compute(world)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/network/{world.cluster.slug}/")


def test_opposite_flows_show_as_shared_transport_to_coordinators_only(client, world, flows):
    from greencluster.core.network import Edge, EdgeKind
    from greencluster.web.registry.models import Site

    supplier = flows["members"][1]
    Site.objects.filter(organisation=supplier).update(lat=61.48, lon=21.80)  # Pori
    flows["provider"].edges.append(
        Edge(
            str(world.org.pk),
            str(supplier.pk),
            EdgeKind.REALISED_FLOW,
            tonnes=400.0,
            class_code="ewc.100101",
        )
    )
    compute(world)
    client.force_login(world.coordinator)
    page = client.get(f"/network/{world.cluster.slug}/").content.decode()
    assert 'id="backhaul-pairs"' in page and "Toimittaja 0 Oy" in page
    client.force_login(world.org_member)
    page = client.get(f"/network/{world.cluster.slug}/").content.decode()
    assert 'id="logistics"' not in page
