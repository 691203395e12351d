"""Rules of the files API (issue 6 §1): an upload answers 201 or a 400 that says why; files
are listed and served only to those who may see the dossier (the owner, the officers of the
receiving point, the competent unit, supervisors) and are a 404 for everyone else; a file is
served with nosniff and as an attachment, inline only as a preview of an image or a PDF;
a retried upload with the same Idempotency-Key stores one file."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from api.writes_world import auth
from documents import samples
from documents.world import documents_world, paper, receive
from factories.accounts import CitizenFactory
from motcua.documents import services
from motcua.documents.models import ComponentFile, StoredFile
from motcua.organizations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city, staff_with_role):
    world = documents_world(settings, city)
    world["supervisor"] = staff_with_role(Role.SUPERVISOR, city)
    world["other_citizen"] = CitizenFactory()
    return world


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel("2026-03-02 09:00 +07:00", tick=False):
        yield


@pytest.fixture
def dossier(world):
    return receive(world, owner=world["citizen"])


def send(client, dossier, user, data, name="scan.pdf", component=None, **headers):
    component = component or paper(dossier).component_id
    return client.post(
        f"/api/v1/dossiers/{dossier.code}/components/{component}/files",
        data={"file": SimpleUploadedFile(name, data), "digitised": "true"},
        HTTP_ACCEPT_LANGUAGE="en",
        **auth(user, **headers),
    )


def get(client, path, user):
    return client.get(f"/api/v1/{path}", HTTP_ACCEPT_LANGUAGE="en", **auth(user))


def test_the_officer_uploads_a_scan_and_gets_201_with_its_links(client, world, dossier):
    response = send(client, dossier, world["officer"], samples.pdf(), name="../../to khai.pdf")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == "to khai.pdf"
    assert body["kind"] == "pdf" and body["content_type"] == "application/pdf"
    assert body["download"].endswith(f"/api/v1/files/{body['id']}")
    assert body["preview"].endswith("?preview=1")
    assert paper(dossier).digitised


def test_a_refused_upload_is_a_400_that_says_why(client, world, dossier):
    response = send(client, dossier, world["officer"], samples.elf_named_pdf(), name="hoso.pdf")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid"
    assert body["detail"] == (
        "The file is a Linux program, not a document: programs are never accepted."
    )
    assert not StoredFile.objects.exists()


def test_a_paper_not_on_file_is_a_400(client, world, dossier):
    other = world["version"].components.get(order=2)  # optional, not handed in
    response = send(client, dossier, world["officer"], samples.pdf(), component=other.id)
    assert response.status_code == 400
    assert "not on file" in response.json()["detail"]


@pytest.mark.parametrize("who", ["other_citizen", "officer_b", "tax_specialist"])
def test_whoever_may_not_see_the_dossier_gets_404_on_upload(client, world, dossier, who):
    response = send(client, dossier, world[who], samples.pdf())
    assert response.status_code == 404


def test_who_sees_the_dossier_but_may_not_add_files_gets_403(client, world, dossier):
    assert send(client, dossier, world["specialist"], samples.pdf()).status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("citizen", 200),  # the owner
        ("officer", 200),  # the receiving point
        ("specialist", 200),  # the competent unit
        ("supervisor", 200),
        ("other_citizen", 404),
        ("officer_b", 404),  # another point
        ("tax_specialist", 404),  # another unit
    ],
)
def test_files_are_listed_and_served_only_to_those_who_may_see_the_dossier(
    client, world, dossier, who, status
):
    link = _attached(world, dossier, samples.pdf())
    listing = get(client, f"dossiers/{dossier.code}/files", world[who])
    assert listing.status_code == status
    download = get(client, f"files/{link.uuid}", world[who])
    assert download.status_code == status
    if status == 200:
        assert [f["id"] for f in listing.json()["papers"]] == [str(link.uuid)]
        assert listing.json()["figures"]["components_digitised"] == 1
        assert b"".join(download.streaming_content) == samples.pdf()


def test_a_file_is_served_as_an_attachment_with_nosniff(client, world, dossier):
    link = _attached(world, dossier, samples.pdf(), name="Tờ khai.pdf")
    response = get(client, f"files/{link.uuid}", world["officer"])
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''T%E1%BB%9D%20khai.pdf" in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("make", "content_type", "inline"),
    [
        (samples.pdf, "application/pdf", True),
        (samples.jpeg, "image/jpeg", True),
        (samples.png, "image/png", True),
        (samples.tiff, "image/tiff", False),  # browsers do not show TIFF: always a download
    ],
)
def test_a_preview_shows_images_and_pdfs_inline(client, world, dossier, make, content_type, inline):
    link = _attached(world, dossier, make(), name="scan")
    response = get(client, f"files/{link.uuid}?preview=1", world["citizen"])
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;" if inline else "attachment;")


def test_an_unknown_or_malformed_file_id_is_a_404(client, world):
    assert get(client, "files/not-a-uuid", world["officer"]).status_code == 404
    missing = "files/6f1c1d7e-0000-4000-8000-000000000000"
    assert get(client, missing, world["officer"]).status_code == 404


def test_a_retried_upload_with_the_same_key_stores_one_file(client, world, dossier):
    first = send(client, dossier, world["officer"], samples.pdf(), HTTP_IDEMPOTENCY_KEY="k-1")
    again = send(client, dossier, world["officer"], samples.pdf(), HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert ComponentFile.objects.count() == 1
    other = send(client, dossier, world["officer"], samples.png(), HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 422


def _attached(world, dossier, data, name="scan.pdf"):
    return services.attach_file(
        actor=world["officer"],
        dossier=dossier,
        submitted_component=paper(dossier),
        upload=SimpleUploadedFile(name, data),
    )
