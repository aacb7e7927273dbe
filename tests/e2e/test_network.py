"""A coordinator opens the network view of a demo cluster, sees the locomotives and a
proposed value network, turns it into a mini-cluster and sees the gap list."""

import re

import pytest

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def test_coordinator_turns_a_proposed_value_network_into_a_mini_cluster(page, server):
    log_in(page, server, "coordinator")
    page.goto("/network/")
    page.get_by_role("link", name="Tampere cleantech business zone").click()
    page.wait_for_url(re.compile(r"/network/tampere-cleantech/$"))

    locomotives = page.locator("#locomotives tbody tr.suggested")
    assert locomotives.count() >= 1
    first_locomotive = locomotives.first.locator("td").nth(1).inner_text()
    assert first_locomotive
    assert "partners" in locomotives.first.locator("td.explanation").inner_text()

    page.wait_for_selector("#network-graph[data-nodes]")
    assert int(page.locator("#network-graph").get_attribute("data-nodes")) > 0
    assert page.locator("#network-graph svg circle").count() > 0
    page.wait_for_selector("#network-map[data-markers]")
    assert page.locator("#network-map path.gc-marker").count() > 0

    networks = page.locator("#value-networks tbody tr")
    assert networks.count() >= 1
    networks.first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/network/tampere-cleantech/value-networks/vn-[0-9a-f]+/$"))
    members = page.locator("#value-network-members li")
    n_members = members.count()
    assert n_members >= 3

    page.fill("#adopt-form input[name=name]", "Tampere value network")
    page.select_option("#adopt-form select[name=theme]", "bioeconomy")
    page.click("#adopt-form button[type=submit]")
    page.wait_for_selector("#adopted")
    assert "Mini-cluster Tampere value network created" in page.locator(".messages").inner_text()
    page.locator("#adopted a").click()
    page.wait_for_url(re.compile(r"/mini-clusters/tampere-value-network/$"))
    assert "Tampere value network" in page.content()

    page.goto("/network/tampere-cleantech/")
    assert "Tampere value network" in page.locator("#value-networks").inner_text()
    page.get_by_role("link", name="Gaps to recruit for").first.click()
    page.wait_for_url(re.compile(r"/network/tampere-cleantech/gaps/$"))
    gaps = page.locator("#gaps tbody tr")
    assert gaps.count() >= 1
    assert "NACE" in gaps.first.inner_text()
