"""Uploads are limited in size and type: every file field of every form is a LimitedFileField,
and an upload over the limit is refused on the pages and through the API of every app, before
it is read."""

from __future__ import annotations

import copy
import importlib
import io
import pkgutil

import pytest
from django import forms

import greencluster.web
from greencluster.web.accounts.permissions import viewer_for
from greencluster.web.accounts.services import api_token_create
from greencluster.web.common.forms import LimitedFileField
from greencluster.web.heat import demo as heat_demo
from greencluster.web.heat import services as heat_services
from greencluster.web.heat.models import HeatCustomer
from greencluster.web.impact.models import KpiReport
from greencluster.web.knowledge.models import Practice
from greencluster.web.registry.models import Organisation
from tests.web.factories import PASSWORD

FILE = b"business_id,name,country,place\n0112038-9,Alfa Oy,FI,Vaasa\n"


def upload(data: bytes = FILE, name: str = "register.csv") -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = name
    return file


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


def _web_modules():
    for info in pkgutil.walk_packages(greencluster.web.__path__, "greencluster.web."):
        if ".migrations" in info.name or info.name.endswith(("manage", ".wsgi", ".asgi")):
            continue
        yield importlib.import_module(info.name)


def _file_fields():
    """(form class, field name, field) of every file field of every form in the web apps."""
    found = []
    for module in _web_modules():
        for form in vars(module).values():
            if (
                isinstance(form, type)
                and issubclass(form, forms.BaseForm)
                and form.__module__ == module.__name__
            ):
                for name, field in form.base_fields.items():
                    if isinstance(field, forms.FileField):
                        found.append((form, name, field))
    return found


def test_every_file_field_of_every_form_is_limited_in_size_and_type(settings):
    fields = _file_fields()
    assert len(fields) >= 7, "the walk must see the upload forms of the apps"
    for form, name, field in fields:
        where = f"{form.__module__}.{form.__name__}.{name}"
        assert isinstance(field, LimitedFileField), f"{where} is not a LimitedFileField"
        assert (
            0
            < field.limit_bytes
            <= max(settings.GREENCLUSTER_MAX_IMPORT_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        ), where
        assert field.extensions and all(e.isalnum() for e in field.extensions), where
        assert field.widget.attrs["accept"].startswith("."), where


def test_a_file_of_another_type_is_refused_by_name(client, world):
    client.login(username="coord", password=PASSWORD)
    page = client.post("/clusters/heat/import/", {"file": upload(name="register.exe")})
    text = page.content.decode()
    assert page.status_code == 200 and "“exe” is not allowed" in text and ".xlsx" in text
    assert not Organisation.objects.filter(name="Alfa Oy").exists()


REPORT = b"year,kind,type,quantity,unit\n2025,electricity,FI,100,MWh\n"
CUSTOMERS = b"name,lat,lon,annual_heat_mwh,peak_kw\nSchool,62.79,23.06,400,200\n"
PRACTICES = b"ref,title_en\nGP-7,Heat from birch\n"


@pytest.fixture
def heat_project(world):
    return heat_services.heat_project_import(
        viewer=viewer_for(world.org_admin),
        organisation=world.org,
        data=copy.deepcopy(heat_demo.PROJECT),
    )


def _cases(world, heat_project):
    """(user, page, api, form fields, file, file name, whether it was stored) per app."""
    return [
        (
            world.org_admin,
            "/impact/organisations/lampo/upload/",
            "/api/impact/organisations/lampo/reports",
            {},
            REPORT,
            "kpi.csv",
            lambda: KpiReport.objects.filter(organisation=world.org, year=2025).exists(),
        ),
        (
            world.org_admin,
            f"/heat/{heat_project.pk}/customers/upload/",
            f"/api/heat/projects/{heat_project.pk}/customers",
            {"replace": "on"},
            CUSTOMERS,
            "customers.csv",
            lambda: HeatCustomer.objects.filter(project=heat_project, name="School").exists(),
        ),
        (
            world.coordinator,
            "/knowledge/clusters/heat/import/",
            "/api/knowledge/clusters/heat/practices/import",
            {"language": "en"},
            PRACTICES,
            "practices.csv",
            lambda: Practice.objects.filter(ref="GP-7").exists(),
        ),
    ]


@pytest.mark.parametrize("app", ["impact", "heat", "knowledge"])
def test_each_app_refuses_an_upload_over_the_limit_on_its_page_and_api(
    client, world, heat_project, settings, app
):
    cases = dict(zip(["impact", "heat", "knowledge"], _cases(world, heat_project), strict=True))
    user, page, api, fields, data, name, stored = cases[app]
    settings.GREENCLUSTER_MAX_IMPORT_BYTES = len(data) - 1
    client.login(username=user.username, password=PASSWORD)
    response = client.post(page, {**fields, "file": upload(data, name)})
    assert response.status_code == 200 and "larger than" in response.content.decode()
    _token, key = api_token_create(user=user, name="t")
    response = client.post(api, {"file": upload(data, name)}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 400 and "larger than" in response.content.decode()
    assert not stored()
    settings.GREENCLUSTER_MAX_IMPORT_BYTES = len(data)
    response = client.post(page, {**fields, "file": upload(data, name)})
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert stored()
