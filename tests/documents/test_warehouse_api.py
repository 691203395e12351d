"""Rules of the data warehouse API (issue 6 §3): a citizen sees their own documents and the
offers for a procedure; a reception officer asks for an applicant's offers by identity number
and receives the dossier with the chosen document (recorded reused); a citizen may not read
another person's warehouse; a document is downloaded by its owner."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from api.writes_world import auth, post
from documents import samples
from documents.world import documents_world, paper, receive
from factories.accounts import CitizenFactory
from motcua.documents import services
from motcua.documents.models import WarehouseDocument
from motcua.dossiers.models import Dossier, ReuseSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city):
    return documents_world(settings, city)


@pytest.fixture(autouse=True)
def tuesday_morning():
    with time_machine.travel("2026-03-03 09:00 +07:00", tick=False):
        yield


@pytest.fixture
def document(world):
    """Yesterday's dossier: the birth certificate scanned at the counter."""
    from documents.world import at

    dossier = receive(world, when=at(2, 9))
    services.attach_file(
        actor=world["officer"],
        dossier=dossier,
        submitted_component=paper(dossier),
        upload=SimpleUploadedFile("khai-sinh.pdf", samples.pdf()),
    )
    return WarehouseDocument.objects.get()


def get(client, path, user):
    return client.get(f"/api/v1/{path}", HTTP_ACCEPT_LANGUAGE="en", **auth(user))


def test_a_citizen_sees_their_own_warehouse(client, world, document):
    response = get(client, "me/warehouse", world["citizen"])
    assert response.status_code == 200
    [item] = response.json()
    assert item["id"] == str(document.uuid)
    assert item["document_type"] == "GIAY_KHAI_SINH"
    assert item["source_dossier"] == document.source_dossier.code
    assert item["valid_from"] == "2026-03-02" and item["valid_until"] is None
    assert get(client, "me/warehouse", CitizenFactory()).json() == []


def test_the_owner_downloads_a_document_of_their_warehouse(client, world, document):
    response = get(client, f"files/{document.uuid}", world["citizen"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.pdf()
    assert get(client, f"files/{document.uuid}", CitizenFactory()).status_code == 404


def test_the_citizen_is_offered_the_document_for_a_procedure_that_needs_it(client, world, document):
    code = world["second_version"].procedure.code
    response = get(client, f"warehouse/offers?procedure={code}", world["citizen"])
    assert response.status_code == 200
    [offer] = response.json()
    assert offer["component"] == world["second_version"].components.get(order=1).id
    assert offer["document"]["id"] == str(document.uuid)


def test_a_citizen_may_not_read_another_persons_offers(client, world, document):
    code = world["second_version"].procedure.code
    response = get(
        client, f"warehouse/offers?procedure={code}&identity=001090012345", CitizenFactory()
    )
    assert response.status_code == 403


def test_the_officer_offers_and_receives_with_the_chosen_document(client, world, document):
    version = world["second_version"]
    code = version.procedure.code
    offers = get(
        client, f"warehouse/offers?procedure={code}&identity=001090012345", world["officer"]
    )
    [offer] = offers.json()
    body = {
        "point": world["point"].code,
        "procedure": code,
        "applicant_name": "Trần Văn Bình",
        "applicant_identity_kind": "cccd",
        "applicant_identity_number": "001090012345",
        "applicant_area": world["area_b"].code,
        "components": [
            {"component": offer["component"], "reused_document": offer["document"]["id"]}
        ],
    }
    response = post(client, "dossiers", body, world["officer"])
    assert response.status_code == 201, response.json()
    assert response.json()["components"][0]["reuse"] == ReuseSource.WAREHOUSE
    assert response.json()["components"][0]["digitised"] is True
    dossier = Dossier.objects.get(code=response.json()["code"])
    assert dossier.figures.components_reused == 1


def test_a_refused_reuse_through_the_api_is_a_400_naming_the_reason(client, world, document):
    code = world["second_version"].procedure.code
    body = {
        "point": world["point"].code,
        "procedure": code,
        "applicant_name": "Người khác",
        "applicant_identity_kind": "cccd",
        "applicant_identity_number": "001090099999",
        "applicant_area": world["area_b"].code,
        "components": [
            {
                "component": world["second_version"].components.get(order=1).id,
                "reused_document": str(document.uuid),
            }
        ],
    }
    response = post(client, "dossiers", body, world["officer"], HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "belongs to another person" in response.json()["fields"]["components"][0]
