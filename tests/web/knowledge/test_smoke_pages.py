import pytest

from tests.web.factories import PASSWORD


@pytest.mark.parametrize("username", [None, "coord"])
def test_every_list_page_renders(client, world, practices, package, strategy, username):
    if username:
        client.login(username=username, password=PASSWORD)
    for url in [
        "/knowledge/",
        "/knowledge/practices/",
        "/knowledge/practices/?q=puulaji%3A+koivu",
        "/knowledge/training/",
        f"/knowledge/training/{package.slug}/",
        "/knowledge/projects/",
        "/knowledge/publications/",
        "/knowledge/strategies/",
        f"/knowledge/strategies/{strategy.pk}/",
        f"/knowledge/practices/{practices[0].slug}/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
