"""Register import: all or nothing, every error by row and column, re-import updates."""

import io
import json

import pytest
from openpyxl import Workbook

from greencluster.core.errors import InputError
from greencluster.web.accounts.permissions import PermissionDenied, viewer_for
from greencluster.web.audit.models import AuditEntry
from greencluster.web.registry.exports import registry_export
from greencluster.web.registry.imports import registry_import
from greencluster.web.registry.models import Membership, MiniCluster, Organisation, Site
from tests.web.factories import PASSWORD

GOOD = (
    "business_id,name,country,type,nace_codes,employees,turnover_eur,place,role\n"
    "0112038-9,Alfa Oy,FI,company,35.30;02.20,12,1500000,Seinäjoki,member\n"
    "923609016,Beta AS,NO,company,20.15,300,,Porsgrunn,locomotive\n"
    "10421629,Gamma OÜ,EE,research,72.19,,,Narva,partner\n"
)


def run(world, data: str | bytes, name="register.csv", user=None):
    viewer = viewer_for(user or world.coordinator)
    payload = data.encode() if isinstance(data, str) else data
    return registry_import(viewer=viewer, cluster=world.cluster, data=payload, filename=name)


def test_good_file_creates_organisations_sites_and_memberships(world):
    result = run(world, GOOD)
    assert (result.organisations_created, result.sites_created) == (3, 3)
    alfa = Organisation.objects.get(business_id="0112038-9")
    # The first code of the file is the main activity.
    assert [a.code for a in alfa.activities.all()] == ["35.30", "02.20"]
    site = alfa.sites.get()
    assert site.coordinates_source == Site.CoordinateSource.GEOCODED
    assert 62.5 < site.lat < 63.0 and 22.5 < site.lon < 23.2  # Seinäjoki
    beta = Organisation.objects.get(country="NO", business_id="923609016")
    assert Membership.objects.get(organisation=beta, cluster=world.cluster).role == "locomotive"


def test_one_bad_row_aborts_everything_and_every_error_is_listed(world):
    before = (Organisation.objects.count(), Site.objects.count(), Membership.objects.count())
    bad = GOOD + (
        "0112038-8,Bad Check Oy,FI,company,35.30,5,,Vaasa,member\n"  # row 5: check digit
        "2345678-9,,FI,company,99.99,many,,Nowhere-in-particular,member\n"  # row 6
    )
    with pytest.raises(InputError) as info:
        run(world, bad)
    errors = {(e.row, e.column) for e in info.value.errors}
    assert (5, "business_id") in errors
    assert (6, "nace_codes") in errors and (6, "employees") in errors
    assert any("check digit should be 9" in e.message for e in info.value.errors)
    assert before == (
        Organisation.objects.count(),
        Site.objects.count(),
        Membership.objects.count(),
    )


def test_unknown_place_without_coordinates_is_an_error_naming_the_place(world):
    data = "business_id,name,country,place\n0112038-9,Alfa Oy,FI,Atlantis\n"
    with pytest.raises(InputError) as info:
        run(world, data)
    (error,) = info.value.errors
    assert (error.row, error.column) == (2, "place") and "Atlantis" in error.message
    assert not Organisation.objects.filter(business_id="0112038-9").exists()


def test_reimport_updates_by_business_id_instead_of_duplicating(world):
    run(world, GOOD)
    count = Organisation.objects.count()
    updated = (
        "business_id,name,country,employees,lat,lon,site_name\n"
        "0112038-9,Alfa Energia Oy,FI,15,62.0,23.0,New plant\n"
    )
    result = run(world, updated)
    assert (result.organisations_created, result.organisations_updated) == (0, 1)
    assert Organisation.objects.count() == count
    alfa = Organisation.objects.get(business_id="0112038-9")
    assert alfa.name == "Alfa Energia Oy" and alfa.employees == 15
    assert alfa.turnover_eur == 1500000  # an empty cell does not erase
    assert alfa.sites.count() == 2


def test_xlsx_and_json_interchange_round_trip(world):
    run(world, GOOD)
    MiniCluster.objects.create(slug="energy", name="Energy").clusters.add(world.cluster)
    exported = registry_export(viewer_for(world.coordinator), world.cluster, "json")
    document = json.loads(exported)
    assert document["format"] == "greencluster.registry" and document["version"] == 1
    # Import the exported document into the other cluster: same organisations, no duplicates.
    before = Organisation.objects.count()
    result = registry_import(
        viewer=viewer_for(world.other_coordinator),
        cluster=world.other_cluster,
        data=exported,
        filename="x.json",
    )
    assert result.organisations_created == 0
    assert Organisation.objects.count() == before
    assert Membership.objects.filter(cluster=world.other_cluster).count() >= 5
    xlsx = registry_export(viewer_for(world.coordinator), world.cluster, "xlsx")
    result = run(world, xlsx, name="export.xlsx")
    assert result.organisations_created == 0 and result.organisations_updated >= 5


def test_xlsx_errors_use_spreadsheet_rows(world):
    wb = Workbook()
    ws = wb.active
    ws.append(["business_id", "name", "country", "lat", "lon"])
    ws.append(["0112038-9", "Alfa Oy", "FI", 62.1, 22.1])
    ws.append(["923609016", "Beta AS", "NO", 95, 10])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(InputError) as info:
        run(world, out.getvalue(), name="r.xlsx")
    assert [(e.row, e.column) for e in info.value.errors] == [(3, "lat")]
    assert Organisation.objects.filter(name="Alfa Oy").count() == 0


def test_only_the_clusters_coordinators_may_import(world):
    for user in (world.org_admin, world.other_coordinator, world.neighbour_admin):
        with pytest.raises(PermissionDenied):
            run(world, GOOD, user=user)
    assert not Organisation.objects.filter(name="Alfa Oy").exists()


def test_import_page_shows_row_errors_and_imports_nothing(client, world):
    client.login(username="coord", password=PASSWORD)
    bad = GOOD + "0112038-8,Bad Oy,FI,company,,,,Vaasa,member\n"
    upload = io.BytesIO(bad.encode())
    upload.name = "register.csv"
    response = client.post("/clusters/heat/import/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "nothing was imported" in html and "business_id" in html and ">5<" in html
    assert not Organisation.objects.filter(name="Alfa Oy").exists()
    upload = io.BytesIO(GOOD.encode())
    upload.name = "register.csv"
    response = client.post("/clusters/heat/import/", {"file": upload})
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Alfa Oy").exists()
    assert AuditEntry.objects.filter(action="registry.import", actor=world.coordinator).exists()


def test_api_import_reports_errors_as_json(client, world):
    from greencluster.web.accounts.services import api_token_create

    _t, key = api_token_create(user=world.coordinator, name="t")
    upload = io.BytesIO((GOOD + "x,,FI,,,,,,\n").encode())
    upload.name = "r.csv"
    response = client.post(
        "/api/clusters/heat/import", {"file": upload}, HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] and body["errors"][0]["row"] == 5
    assert not Organisation.objects.filter(name="Alfa Oy").exists()


def test_interchange_document_with_a_non_object_names_its_position(world):
    document = {
        "format": "greencluster.registry",
        "version": 1,
        "organisations": [{"ref": "x", "name": "Alfa Oy", "country": "FI"}, "oops"],
    }
    with pytest.raises(InputError) as info:
        run(world, json.dumps(document), name="register.json")
    assert [(e.row, e.column) for e in info.value.errors] == [(3, None)]
    assert not Organisation.objects.filter(name="Alfa Oy").exists()


def test_interchange_parts_of_the_wrong_shape_are_named_not_crashed_on(world):
    org = {"ref": "x", "name": "Alfa Oy", "country": "FI"}
    document = {
        "format": "greencluster.registry",
        "version": 1,
        "organisations": [
            {**org, "sites": 5},
            {**org, "ref": "y", "memberships": "heat"},
            {**org, "ref": "z", "descriptions": ["Saw mill"]},
            {**org, "ref": "w", "sites": ["Mill"]},
        ],
    }
    with pytest.raises(InputError) as info:
        run(world, json.dumps(document), name="register.json")
    assert [(e.row, e.column) for e in info.value.errors] == [
        (2, "sites"),
        (3, "memberships"),
        (4, "descriptions"),
        (5, "sites"),
    ]
    assert not Organisation.objects.filter(name="Alfa Oy").exists()


def test_a_reference_of_another_organisation_is_a_row_error(world):
    run(world, "business_id,ref,name,country\n0112038-9,E-PRTR-7,Alfa Oy,FI\n")
    run(world, "business_id,name,country\n1000000-4,Beta Oy,FI\n")
    before = list(Organisation.objects.values_list("name", "business_id", "external_ref"))
    with pytest.raises(InputError) as info:
        run(
            world,
            "business_id,ref,name,country\n"
            "1000000-4,E-PRTR-7,Beta Oy,FI\n"  # Beta would take Alfa's reference
            "1000001-2,E-PRTR-7,Gamma Oy,FI\n",  # Alfa's reference, another business id
        )
    assert [(e.row, e.column) for e in info.value.errors] == [(2, "ref"), (3, "ref")]
    assert "already the register reference of Alfa Oy" in info.value.errors[0].message
    assert "whose business id is 0112038-9, not 1000001-2" in info.value.errors[1].message
    assert list(Organisation.objects.values_list("name", "business_id", "external_ref")) == before


def test_values_longer_than_their_columns_are_row_errors_and_nothing_is_written(world):
    before = Organisation.objects.count(), Site.objects.count()
    with pytest.raises(InputError) as info:
        run(
            world,
            "business_id,ref,name,country,site_name,address,postcode,place,lat,lon\n"
            f"0112038-9,,{'N' * 251},FI,,,,,,\n"
            f"1000000-4,{'r' * 121},Beta Oy,FI,Mill,,{'9' * 21},{'p' * 121},63.1,21.6\n",
        )
    assert [(e.row, e.column) for e in info.value.errors] == [
        (2, "name"),
        (3, "ref"),
        (3, "postcode"),
        (3, "place"),
    ]
    assert "expected at most 250 characters, got 251" in str(info.value)
    assert (Organisation.objects.count(), Site.objects.count()) == before
