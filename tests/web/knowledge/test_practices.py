"""Good practices: who sees and edits what, search by field label in any language,
attachments, and all-or-nothing import/export."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greencluster.web.accounts.services import api_token_create
from greencluster.web.knowledge import services
from greencluster.web.knowledge.models import Practice, PracticeAttachment
from tests.web.factories import PASSWORD
from tests.web.knowledge.conftest import record


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def titles(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("role", "sees_hidden"),
    [
        (None, False),
        ("other_coordinator", False),
        ("coordinator", True),
        ("org_member", True),  # a member organisation's user
        ("superuser", True),
    ],
)
def test_members_only_practices_stay_inside_the_cluster(
    client, world, practices, role, sees_hidden
):
    _public, hidden, _other = practices
    if role:
        login(client, getattr(world, role))
    listing = titles(client.get("/knowledge/practices/"))
    assert "Village heat from birch thinnings" in listing
    assert ("Members-only ash recycling" in listing) is sees_hidden
    assert client.get(f"/knowledge/practices/{hidden.slug}/").status_code == (
        200 if sees_hidden else 404
    )
    api = client.get("/api/knowledge/practices").json()
    assert (hidden.slug in {p["slug"] for p in api["items"]}) is sees_hidden
    assert client.get(f"/api/knowledge/practices/{hidden.slug}").status_code == (
        200 if sees_hidden else 404
    )
    export = client.get("/knowledge/clusters/heat/practices.csv").content.decode()
    assert "GP-1" in export and ("GP-2" in export) is sees_hidden


def test_search_by_field_label_and_term_in_other_languages(client, world, practices):
    for query in ("puulaji: koivu", "Holzart: Birke", "wood type:birch", "träslag: björk"):
        page = titles(client.get("/knowledge/practices/", {"q": query}))
        assert "Village heat from birch thinnings" in page, query
        assert "Grenland return transport" not in page, query
    page = titles(client.get("/knowledge/practices/", {"q": "puulaji: kuusi"}))
    assert "Grenland return transport" in page and "Village heat" not in page
    # free words match texts and the term names in every language
    assert "Village heat" in titles(client.get("/knowledge/practices/", {"q": "koivu kuortane"}))
    # a text field filtered by its Finnish label
    hit = client.get("/knowledge/practices/", {"q": "tiivistelmä: wood chips"})
    assert "Village heat" in titles(hit)
    miss = client.get("/knowledge/practices/", {"q": "otsikko: wood chips"})
    assert "Village heat" not in titles(miss)
    hint = titles(client.get("/knowledge/practices/", {"q": "puulaji: banaani"}))
    assert "banaani" in hint and "No practice matches" in hint
    api = client.get("/api/knowledge/practices", {"q": "Größenordnung: lokal"}).json()
    assert [p["ref"] for p in api["items"]] == ["GP-1"]


def test_the_public_page_shows_labels_and_terms_in_the_reader_language(client, practices):
    public = practices[0]
    page = client.get(f"/knowledge/practices/{public.slug}/", HTTP_ACCEPT_LANGUAGE="fi")
    text = titles(page)
    assert "Puulaji" in text and "Koivu" in text and "Paikallinen" in text


@pytest.mark.parametrize("role", ["org_admin", "org_member", "other_coordinator", None])
def test_only_the_clusters_coordinators_record_and_edit(client, world, practices, role):
    public = practices[0]
    if role:
        login(client, getattr(world, role))
    create = client.get("/knowledge/practices/new/")
    # another cluster's coordinator may record practices, but only in their own cluster
    assert create.status_code == (200 if role == "other_coordinator" else 302 if not role else 403)
    if role == "other_coordinator":
        assert "Heat cluster" not in titles(create)
    edit = client.post(f"/knowledge/practices/{public.slug}/edit/", {"title": "Hacked"})
    assert edit.status_code == (302 if not role else 403)
    public.refresh_from_db()
    assert public.title() == "Village heat from birch thinnings"


def test_a_coordinator_records_a_practice_in_finnish_and_keeps_the_english(
    client, world, practices
):
    public = practices[0]
    login(client, world.coordinator)
    form = {
        "cluster": "heat",
        "ref": "GP-1",
        "language": "fi",
        "title": "Kylälämpöä koivuharvennuspuusta",
        "wood_types": ["birch", "pine"],
        "scale": "local",
        "year_start": "2008",
        "year_end": "2012",
        "organisations": ["lampo"],
        "is_public": "on",
    }
    response = client.post(f"/knowledge/practices/{public.slug}/edit/", form)
    assert response.status_code == 302
    public.refresh_from_db()
    assert public.texts["title"] == {
        "en": "Village heat from birch thinnings",
        "fi": "Kylälämpöä koivuharvennuspuusta",
    }
    assert public.wood_types == ["birch", "pine"]
    found = client.get("/knowledge/practices/", {"q": "Holzart: Kiefer"}, HTTP_ACCEPT_LANGUAGE="fi")
    assert "Kylälämpöä" in titles(found)
    bad = client.post("/knowledge/practices/new/", {**form, "ref": "GP-3", "year_end": "2001"})
    assert bad.status_code == 200 and not Practice.objects.filter(ref="GP-3").exists()


def test_attachments_are_limited_by_type_and_size(client, world, practices, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    public = practices[0]
    login(client, world.coordinator)
    url = f"/knowledge/practices/{public.slug}/files/"
    client.post(url, {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 demo")})
    client.post(url, {"file": SimpleUploadedFile("virus.exe", b"MZ")})
    client.post(url, {"file": SimpleUploadedFile("fake.pdf", b"<html>")})
    assert list(public.attachments.values_list("name", flat=True)) == ["plan.pdf"]
    attachment = PracticeAttachment.objects.get()
    client.logout()
    download = client.get(f"/knowledge/practices/{public.slug}/files/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    hidden = practices[1]
    login(client, world.coordinator)
    client.post(
        f"/knowledge/practices/{hidden.slug}/files/",
        {"file": SimpleUploadedFile("secret.pdf", b"%PDF-1.4 secret")},
    )
    secret = PracticeAttachment.objects.get(name="secret.pdf")
    client.logout()
    assert client.get(f"/knowledge/practices/{hidden.slug}/files/{secret.pk}/").status_code == 404


IMPORT_HEADER = "Tunnus,Kieli,Otsikko,Puulaji,Mittakaava,Organisaatiot\n"


def test_import_is_all_or_nothing_with_row_errors(client, world, practices):
    login(client, world.coordinator)
    bad = (
        IMPORT_HEADER + "GP-5,fi,Uusi käytäntö,koivu,paikallinen,lampo\nGP-6,fi,Toinen,banaani,,\n"
    )
    response = client.post(
        "/knowledge/clusters/heat/import/",
        {"file": SimpleUploadedFile("gp.csv", bad.encode()), "language": "en"},
    )
    text = titles(response)
    assert "nothing was imported" in text and "banaani" in text
    assert not Practice.objects.filter(ref__in=["GP-5", "GP-6"]).exists()
    unknown_org = IMPORT_HEADER + "GP-5,fi,Uusi käytäntö,koivu,paikallinen,nobody-oy\n"
    response = client.post(
        "/knowledge/clusters/heat/import/",
        {"file": SimpleUploadedFile("gp.csv", unknown_org.encode()), "language": "en"},
    )
    assert "nobody-oy" in titles(response) and not Practice.objects.filter(ref="GP-5").exists()
    good = (
        IMPORT_HEADER + "GP-5,fi,Uusi käytäntö,koivu,paikallinen,Lämpö Oy\nGP-1,fi,Kylälämpö,,,\n"
    )
    response = client.post(
        "/knowledge/clusters/heat/import/",
        {"file": SimpleUploadedFile("gp.csv", good.encode()), "language": "en"},
    )
    assert response.status_code == 302
    new = Practice.objects.get(ref="GP-5")
    assert new.wood_types == ["birch"] and [o.slug for o in new.organisations.all()] == ["lampo"]
    assert not new.is_public  # not said: members only
    updated = Practice.objects.get(ref="GP-1")
    assert updated.texts["title"]["fi"] == "Kylälämpö" and updated.wood_types == ["birch"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_reads_back_unchanged(client, world, practices, fmt):
    login(client, world.coordinator)
    body = client.get(f"/knowledge/clusters/heat/practices.{fmt}").content
    before = {p.ref: (p.texts, p.wood_types, p.scale, p.is_public) for p in Practice.objects.all()}
    Practice.objects.filter(cluster=world.cluster).update(texts={}, wood_types=[], scale="")
    response = client.post(
        "/knowledge/clusters/heat/import/",
        {"file": SimpleUploadedFile(f"gp.{fmt}", body), "language": "en"},
    )
    assert response.status_code == 302, titles(response)[-2000:]
    after = {p.ref: (p.texts, p.wood_types, p.scale, p.is_public) for p in Practice.objects.all()}
    assert after == before


def test_import_and_write_api_need_a_coordinator_token(client, world, practices):
    payload = {"ref": "API-1", "title": "Via the API", "wood_types": ["birch"], "is_public": True}
    url = "/api/knowledge/clusters/heat/practices"
    login(client, world.coordinator)
    assert client.post(url, payload, content_type="application/json").status_code == 401
    _t, member_key = api_token_create(user=world.org_admin, name="t")
    denied = client.post(
        url, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {member_key}"
    )
    assert denied.status_code == 403
    _t, key = api_token_create(user=world.coordinator, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    made = client.post(url, payload, content_type="application/json", **auth)
    assert made.status_code == 201 and made.json()["wood_types"] == ["birch"]
    wrong = client.post(url, {**payload, "scale": "huge"}, content_type="application/json", **auth)
    assert wrong.status_code == 400
    assert wrong.json()["detail"].startswith("scale: expected codes from ")
    assert not Practice.objects.filter(ref="API-1", scale="huge").exists()
    upload = SimpleUploadedFile("gp.csv", (IMPORT_HEADER + "X,fi,T,banaani,,\n").encode())
    failed = client.post("/api/knowledge/clusters/heat/practices/import", {"file": upload}, **auth)
    assert failed.status_code == 400
    assert failed.json()["errors"][0] == {
        "row": 2,
        "column": "wood_types",
        "message": failed.json()["errors"][0]["message"],
    }
    vocabulary = client.get("/api/knowledge/vocabulary").json()
    wood = next(f for f in vocabulary if f["name"] == "wood_types")
    assert wood["labels"]["fi"] == "Puulaji" and wood["terms"][0]["labels"]["de"] == "Fichte"


def test_list_page_query_count_does_not_grow_with_practices(client, world, practices):
    login(client, world.coordinator)
    client.get("/knowledge/practices/")
    with CaptureQueriesContext(connection) as few:
        client.get("/knowledge/practices/")
    upload = "ref,title,organisations\n" + "".join(
        f"BULK-{n},Practice {n},lampo;naapuri\n" for n in range(30)
    )
    client.post(
        "/knowledge/clusters/heat/import/",
        {"file": SimpleUploadedFile("gp.csv", upload.encode()), "language": "en"},
    )
    with CaptureQueriesContext(connection) as many:
        client.get("/knowledge/practices/")
    assert len(many) == len(few)
    assert json.loads(client.get("/api/knowledge/practices").content)["count"] == 33


def test_a_code_outside_the_vocabulary_is_refused_by_the_service_with_its_field(
    world, coordinator_viewer
):
    """Not only the API: every caller of practice_save gets a KnowledgeError naming the field
    (not an error from the search index), and nothing is saved."""
    for field, bad in (("scale", "huge"), ("wood_types", ("birch", "banana"))):
        with pytest.raises(services.KnowledgeError, match="expected codes from") as exc:
            services.practice_save(
                viewer=coordinator_viewer,
                cluster=world.cluster,
                record=record("BAD-1", "Bad code", **{field: bad}),
            )
        assert exc.value.field == field
    assert not Practice.objects.filter(ref="BAD-1").exists()
