"""Uploads over the size limit are refused on pages and through the API, before they are read."""

import io

from greencluster.web.accounts.services import api_token_create
from greencluster.web.registry.models import Organisation
from tests.web.factories import PASSWORD

FILE = b"business_id,name,country,place\n0112038-9,Alfa Oy,FI,Vaasa\n"


def upload():
    data = io.BytesIO(FILE)
    data.name = "register.csv"
    return data


def test_page_and_api_refuse_a_file_over_the_limit(client, world, settings):
    settings.GREENCLUSTER_MAX_IMPORT_BYTES = len(FILE) - 1
    client.login(username="coord", password=PASSWORD)
    page = client.post("/clusters/heat/import/", {"file": upload()})
    assert page.status_code == 200
    assert "larger than" in page.content.decode()
    _token, key = api_token_create(user=world.coordinator, name="t")
    api = client.post(
        "/api/clusters/heat/import", {"file": upload()}, HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert api.status_code == 400 and "larger than" in api.json()["errors"][0]["message"]
    assert not Organisation.objects.filter(name="Alfa Oy").exists()
    settings.GREENCLUSTER_MAX_IMPORT_BYTES = len(FILE)
    assert client.post("/clusters/heat/import/", {"file": upload()}).status_code == 302
    assert Organisation.objects.filter(name="Alfa Oy").exists()
