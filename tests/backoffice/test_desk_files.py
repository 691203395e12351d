"""Rule (issue 7 §4): the desk previews a dossier's files through an authorised view, never a
public media URL: whoever may not see the dossier gets a 404 for its files too, and a file is
served only under the code of its own dossier."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from backoffice.test_desk_world import at, build_world, desk_url, page_of, routed
from documents import samples
from motcua.documents import services


@pytest.fixture
def world(settings, city):
    return build_world(settings, city)


@pytest.fixture
def scanned(world):
    """A routed dossier whose application form was scanned as a PNG at the counter."""
    dossier = routed(world)
    paper = dossier.components.order_by("id").first()
    link = services.attach_file(
        actor=world["officer"],
        dossier=dossier,
        submitted_component=paper,
        upload=SimpleUploadedFile("to-khai.png", samples.png()),
        at=at(2, 10, 5),
    )
    return dossier, link


def file_url(dossier, link) -> str:
    return f"/can-bo/ho-so/{dossier.code}/tep/{link.uuid}/"


pytestmark = pytest.mark.django_db


def test_the_desk_shows_an_image_preview_through_the_authorised_view(client, world, scanned):
    dossier, link = scanned
    client.force_login(world["specialist"])
    page = page_of(client.get(desk_url(dossier)))
    assert f'<img src="{file_url(dossier, link)}?xem=1"' in page
    assert "/media/" not in page


def test_a_file_is_shown_inline_for_preview_and_downloaded_otherwise(client, world, scanned):
    dossier, link = scanned
    client.force_login(world["specialist"])
    preview = client.get(file_url(dossier, link), {"xem": "1"})
    assert preview.status_code == 200
    assert preview["Content-Type"] == "image/png"
    assert preview["Content-Disposition"].startswith("inline")
    assert preview["Cache-Control"] == "private, no-store"
    assert b"".join(preview.streaming_content) == samples.png()
    download = client.get(file_url(dossier, link))
    assert download["Content-Disposition"].startswith("attachment")


def test_another_units_officer_gets_a_404_for_the_file(client, world, scanned):
    dossier, link = scanned
    for outsider in (world["officer_b"], world["outsider"]):
        client.force_login(outsider)
        assert client.get(file_url(dossier, link), {"xem": "1"}).status_code == 404


def test_a_file_is_not_served_under_another_dossiers_code(client, world, scanned):
    dossier, link = scanned
    other = routed(world)
    client.force_login(world["officer"])
    assert client.get(file_url(other, link)).status_code == 404
    assert client.get(f"/can-bo/ho-so/{dossier.code}/tep/not-a-uuid/").status_code == 404
