"""Rules of the forms API (issue 6): a dossier's form downloads as a signed PDF attachment for
whoever may see the dossier (the same rule as GET /api/v1/dossiers/{code}) and is a 404 for
everyone else and for a form the dossier does not have; the tracking book downloads as PDF or
.xlsx for the point's officers, its agency's leaders and supervisors; the handover slip for
both ends of the batch."""

import io

import pytest
import time_machine
from openpyxl import load_workbook

from factories.accounts import StaffUserFactory
from factories.organizations import MembershipFactory
from motcua.dossiers.services.handover import create_batch, send_batch
from motcua.organizations.models import Role
from motcua.printing import signing
from printing.printing_world import at, build_world, page_size_mm, pdf_text, receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city, tmp_path):
    with time_machine.travel(at(2, 16), tick=False):
        yield build_world(settings, city, tmp_path)


def get(client, user, url, **headers):
    client.force_login(user)
    return client.get(url, **headers)


def test_the_owner_downloads_their_receipt_as_a_signed_pdf(client, world):
    dossier = receive(world)
    response = get(client, world["citizen"], f"/api/v1/dossiers/{dossier.code}/forms/receipt")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (f'attachment; filename="receipt-{dossier.code}.pdf"')
    assert response["Motcua-Signed"] == "yes"
    assert "Ho%C3%A0n%20Ki%E1%BA%BFm" in response["Motcua-Signer"]
    assert signing.verify_pdf(response.content).valid
    assert "Trần Văn Bình" in pdf_text(response.content)


@pytest.mark.parametrize("name", ["01", "receipt"])
def test_the_points_officer_downloads_the_receipt_by_name_or_number(client, world, name):
    dossier = receive(world)
    response = get(
        client,
        world["officer"],
        f"/api/v1/dossiers/{dossier.code}/forms/{name}",
        HTTP_ACCEPT="application/pdf",
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


@pytest.mark.parametrize("who", ["other_citizen", "outsider"])
def test_others_get_a_404(client, world, who):
    """Another citizen, and staff of a unit that has nothing to do with the dossier."""
    dossier = receive(world)
    response = get(client, world[who], f"/api/v1/dossiers/{dossier.code}/forms/receipt")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_a_form_the_dossier_does_not_have_is_a_404(client, world):
    dossier = receive(world)
    for form in ("apology", "04", "refusal", "guidance", "supplement_request"):
        response = get(client, world["officer"], f"/api/v1/dossiers/{dossier.code}/forms/{form}")
        assert response.status_code == 404, form
    response = get(client, world["officer"], f"/api/v1/dossiers/{dossier.code}/forms/06")
    assert response.status_code == 404  # the tracking book is not a dossier's form
    response = get(client, world["officer"], f"/api/v1/dossiers/{dossier.code}/forms/nope")
    assert response.status_code == 404


def test_a_404_asked_for_as_pdf_still_answers_json(client, world):
    dossier = receive(world)
    response = get(
        client,
        world["officer"],
        f"/api/v1/dossiers/{dossier.code}/forms/apology",
        HTTP_ACCEPT="application/pdf",
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "not_found"


def test_unsigned_forms_say_so_in_the_response(client, world, settings):
    settings.DEMO_MODE = False
    dossier = receive(world)
    response = get(client, world["officer"], f"/api/v1/dossiers/{dossier.code}/forms/receipt")
    assert response.status_code == 200 and response["Motcua-Signed"] == "no"
    assert "Motcua-Signer" not in response


def test_the_tracking_book_downloads_as_pdf_and_xlsx(client, world):
    dossier = receive(world)
    url = "/api/v1/service-points/HN-HK-01/tracking-book/2026-03-02"
    pdf = get(client, world["officer"], url + ".pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert page_size_mm(pdf.content) == (297, 210)
    assert dossier.code in pdf_text(pdf.content)
    xlsx = get(client, world["officer"], url + ".xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B9"].value == dossier.code
    assert 'filename="tracking_book-HN-HK-01-2026-03-02.xlsx"' in xlsx["Content-Disposition"]


def test_the_tracking_book_is_refused_to_staff_elsewhere(client, world, department):
    stranger = StaffUserFactory()
    MembershipFactory(user=stranger, unit=department, role=Role.SPECIALIST)
    url = "/api/v1/service-points/HN-HK-01/tracking-book/2026-03-02.pdf"
    assert get(client, stranger, url).status_code == 403
    assert get(client, world["citizen"], url).status_code == 403


def test_the_tracking_book_with_a_bad_day_or_point(client, world):
    bad = get(
        client, world["officer"], "/api/v1/service-points/HN-HK-01/tracking-book/2026-13-02.pdf"
    )
    assert bad.status_code == 400 and "day" in bad.json()["fields"]
    unknown = get(
        client, world["officer"], "/api/v1/service-points/NOPE/tracking-book/2026-03-02.pdf"
    )
    assert unknown.status_code == 404


def test_the_handover_slip_downloads_for_both_ends_only(client, world, department):
    dossier = receive(world)
    batch = create_batch(
        actor=world["officer"], to_point=world["point_b"], dossiers=[dossier.code], at=at(2, 10)
    )
    send_batch(actor=world["officer"], batch=batch, at=at(2, 11))
    url = f"/api/v1/handovers/{batch.number}/slip"
    for who in ("officer", "officer_b"):
        response = get(client, world[who], url)
        assert response.status_code == 200, who
        text = pdf_text(response.content)
        assert "PHIẾU BÀN GIAO HỒ SƠ" in text and dossier.code in text
        assert "Trung tâm Phục vụ hành chính công phường Cửa Nam" in text
        assert "11:00 ngày 02/03/2026" in text
    stranger = StaffUserFactory()
    MembershipFactory(user=stranger, unit=department, role=Role.SPECIALIST)
    assert get(client, stranger, url).status_code == 404
    assert get(client, world["citizen"], url).status_code == 404
    assert get(client, world["officer"], "/api/v1/handovers/NOPE/slip").status_code == 404
