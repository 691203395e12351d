"""Rules of the counter's htmx parts (issue 7 §1): the procedure is found by typing, accents or
not; a known applicant is found by ID number and their details filled in, an ID number of the
wrong shape is told at once; the checklist lists the version's papers with the data
warehouse's reuse offers, and a reused paper is recorded reused without a scan; the competent
unit is pre-selected by the rules from the applicant's commune."""

import pytest
import time_machine

from documents import samples
from documents.world import MONDAY_9, documents_world, paper, receive, upload
from motcua.catalog.services import refresh_search_text
from motcua.documents import services
from motcua.dossiers.models import Dossier, ReuseSource

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("documents_in_a_temporary_folder")]

IDENTITY = "001090012345"


@pytest.fixture(autouse=True)
def monday_morning():
    with time_machine.travel(MONDAY_9, tick=False):
        yield


@pytest.fixture
def world(settings, city):
    return documents_world(settings, city)


@pytest.fixture
def officer_client(client, world):
    client.force_login(world["officer"])
    return client


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_procedure_is_found_without_typing_accents(officer_client, world):
    for version in (world["version"], world["second_version"]):
        refresh_search_text(version.procedure)  # what publishing does
    found = text(officer_client.get("/can-bo/tiep-nhan/thu-tuc/", {"q": "dang ky khai sinh"}))
    assert "Đăng ký khai sinh" in found
    assert "Đăng ký thường trú" not in found


def test_a_search_that_finds_nothing_says_so(officer_client, world):
    found = text(officer_client.get("/can-bo/tiep-nhan/thu-tuc/", {"q": "xay dung"}))
    assert "Không có thủ tục đang có hiệu lực khớp với “xay dung”." in found


def test_choosing_a_procedure_shows_its_checklist_fees_and_the_competent_unit(
    officer_client, world
):
    part = text(
        officer_client.get(
            "/can-bo/tiep-nhan/thu-tuc/chon/",
            {"choose": world["version"].procedure.code, "applicant_area": world["area_b"].pk},
        )
    )
    assert "Tờ khai theo mẫu" in part and "Bắt buộc" in part
    assert "Giấy tờ chứng minh nơi cư trú" in part and "Tùy trường hợp" in part
    assert "Lệ phí: <strong>8.000 đ</strong>" in part
    assert f'<option value="{world["commune_b"].code}" selected>' in part
    assert "Xác định theo xã, phường nơi cư trú của người nộp" in part


def test_a_known_applicant_is_filled_in_from_their_last_dossier_at_this_point(
    officer_client, world
):
    receive(world, applicant_address="12 Hàng Bạc", applicant_phone="0912000111")
    part = text(
        officer_client.get(
            "/can-bo/tiep-nhan/nguoi-nop/",
            {"applicant_identity_kind": "cccd", "applicant_identity_number": IDENTITY},
        )
    )
    assert "Người nộp đã có trong hệ thống" in part
    assert 'value="Trần Văn Bình"' in part
    assert 'value="12 Hàng Bạc"' in part
    assert 'value="0912000111"' in part


def test_a_known_citizen_account_fills_in_the_name(officer_client, world):
    citizen = world["citizen"]
    citizen.full_name = "Phạm Thị Mai"
    citizen.save(update_fields=["full_name"])
    part = text(
        officer_client.get(
            "/can-bo/tiep-nhan/nguoi-nop/",
            {"applicant_identity_kind": "cccd", "applicant_identity_number": IDENTITY},
        )
    )
    assert 'value="Phạm Thị Mai"' in part


def test_an_unknown_applicant_is_asked_for_their_details(officer_client, world):
    part = text(
        officer_client.get(
            "/can-bo/tiep-nhan/nguoi-nop/",
            {"applicant_identity_kind": "cccd", "applicant_identity_number": "001190054321"},
        )
    )
    assert "Chưa có người nộp với số định danh 001190054321" in part


def test_a_lookup_with_an_id_of_the_wrong_shape_says_what_is_wrong(officer_client, world):
    part = text(
        officer_client.get(
            "/can-bo/tiep-nhan/nguoi-nop/",
            {"applicant_identity_kind": "cccd", "applicant_identity_number": "0010900"},
        )
    )
    assert "Số căn cước công dân có 12 chữ số; số đã nhập có 7 chữ số." in part


def test_another_points_dossiers_fill_in_nothing(client, world):
    """The lookup reads only dossiers the officer may see: point B's officer learns nothing
    of what point A recorded (the citizen has no account name here)."""
    receive(world, applicant_address="12 Hàng Bạc")
    world["citizen"].identity_number = None
    world["citizen"].save(update_fields=["identity_number"])
    client.force_login(world["officer_b"])
    part = text(
        client.get(
            "/can-bo/tiep-nhan/nguoi-nop/",
            {"applicant_identity_kind": "cccd", "applicant_identity_number": IDENTITY},
        )
    )
    assert "12 Hàng Bạc" not in part and "Trần Văn Bình" not in part


def test_a_paper_in_the_warehouse_is_offered_and_recorded_reused(officer_client, world):
    first = receive(world)
    services.attach_file(
        actor=world["officer"],
        dossier=first,
        submitted_component=paper(first),
        upload=upload(samples.pdf(), "giay-khai-sinh.pdf"),
    )
    second = world["second_version"]
    needed = second.components.get(order=1)
    part = text(
        officer_client.get(
            "/can-bo/tiep-nhan/thu-tuc/chon/",
            {
                "choose": second.procedure.code,
                "applicant_identity_kind": "cccd",
                "applicant_identity_number": IDENTITY,
            },
        )
    )
    assert "Dùng lại bản điện tử trong kho dữ liệu" in part
    document = first.warehouse_documents.get()
    assert f'name="c-{needed.pk}-reuse" value="{document.uuid}" checked' in part
    response = officer_client.post(
        "/can-bo/tiep-nhan/",
        {
            "procedure": second.procedure.code,
            "applicant_identity_kind": "cccd",
            "applicant_identity_number": IDENTITY,
            "applicant_name": "Trần Văn Bình",
            "applicant_kind": "citizen",
            "applicant_area": world["area_b"].pk,
            "return_channel": "counter",
            "return_point": world["point"].code,
            f"c-{needed.pk}-reuse": str(document.uuid),
            f"c-{needed.pk}-form": "original",
            f"c-{needed.pk}-quantity": "1",
            "outcome": "receipt",
        },
    )
    assert response.status_code == 302
    dossier = Dossier.objects.exclude(pk=first.pk).get()
    reused = paper(dossier)
    assert reused.reuse == ReuseSource.WAREHOUSE and reused.digitised


def test_the_counter_page_opens_on_the_procedure_search(officer_client, world):
    page = text(officer_client.get("/can-bo/tiep-nhan/"))
    assert "Tiếp nhận tại quầy" in page
    assert 'id="procedure-query"' in page and "autofocus" in page
    assert world["point"].name in page


def test_a_search_for_a_correction_with_a_bad_code_is_a_plain_search(officer_client, world):
    refresh_search_text(world["version"].procedure)
    found = text(
        officer_client.get("/can-bo/tiep-nhan/thu-tuc/", {"q": "khai sinh", "correcting": "a/b"})
    )
    assert "Đăng ký khai sinh" in found and "dinh-chinh" not in found
