"""Rules of counter reception (issue 7 §1): a reception officer at a service point receives a
dossier through one form and issues exactly one outcome — the receipt (Form 01), a supplement
request (Form 02), a guidance note or a refusal (Form 03) — each printed; someone may submit
for the applicant with an authorisation; bad input gets a specific Vietnamese message and
nothing is stored; a scan the upload chain refuses is told at once and not stored."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from documents import samples
from documents.world import MONDAY_9, documents_world
from motcua.backoffice.counter.checklist import sign_scan
from motcua.documents.models import ComponentFile, StoredFile
from motcua.dossiers.models import (
    Decision,
    Dossier,
    HistoryEntry,
    SubmittedComponent,
    SupplementRequest,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("documents_in_a_temporary_folder")]


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


def tick(component, *, form="original", quantity=1, note="") -> dict:
    prefix = f"c-{component.pk}"
    return {
        f"{prefix}-given": "on",
        f"{prefix}-form": form,
        f"{prefix}-quantity": str(quantity),
        f"{prefix}-note": note,
    }


def counter_form(world, *, papers=None, **fields) -> dict:
    """A filled counter form: the applicant of commune B at commune A's point, the required
    paper ticked, the receipt chosen."""
    version = world["version"]
    required = version.components.get(order=1)
    data = {
        "point": world["point"].code,
        "procedure": version.procedure.code,
        "applicant_identity_kind": "cccd",
        "applicant_identity_number": "001090012345",
        "applicant_name": "Trần Văn Bình",
        "applicant_kind": "citizen",
        "applicant_area": str(world["area_b"].pk),
        "applicant_phone": "0912345678",
        "return_channel": "counter",
        "return_point": world["point"].code,
        "outcome": "receipt",
        **(tick(required) if papers is None else papers),
    }
    data.update(fields)
    return data


def page_text(response) -> str:
    return response.content.decode()


def assert_nothing_stored():
    assert not Dossier.objects.exists()
    assert not SubmittedComponent.objects.exists()


# --- The receipt ------------------------------------------------------------------------------


def test_the_receipt_records_the_dossier_with_its_code_due_date_and_competent_unit(
    officer_client, world
):
    response = officer_client.post("/can-bo/tiep-nhan/", counter_form(world))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/can-bo/tiep-nhan/xong/{dossier.code}/"
    assert dossier.status == "received"
    assert dossier.code.startswith("000.C0.01.H26-260302-")
    assert dossier.competent_unit == world["commune_b"]  # chosen by the rules from commune B
    assert dossier.received_by == world["officer"]
    assert dossier.return_point == world["point"]
    done = page_text(officer_client.get(response["Location"]))
    assert "Đã tiếp nhận hồ sơ" in done
    assert dossier.code in done
    assert "In giấy tiếp nhận (mẫu 01)" in done
    assert "Tiếp nhận hồ sơ tiếp theo" in done


def test_the_receipt_prints_as_a_pdf_shown_in_the_browser(officer_client, world):
    officer_client.post("/can-bo/tiep-nhan/", counter_form(world))
    code = Dossier.objects.get().code
    pdf = officer_client.get(f"/can-bo/tiep-nhan/xong/{code}/in/receipt/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline;")
    assert pdf.content.startswith(b"%PDF")


def test_an_authorised_representative_is_recorded_on_the_dossier(officer_client, world):
    officer_client.post(
        "/can-bo/tiep-nhan/",
        counter_form(
            world,
            representative_name="Lê Thị Hoa",
            representative_identity_number="001190054321",
            representative_authorisation="Giấy ủy quyền số 12/2026 ngày 01/03/2026",
        ),
    )
    dossier = Dossier.objects.get()
    assert dossier.applicant_name == "Trần Văn Bình"
    assert dossier.representative_name == "Lê Thị Hoa"
    assert dossier.representative_identity_number == "001190054321"
    assert dossier.representative_authorisation.startswith("Giấy ủy quyền số 12/2026")


def test_a_representative_without_id_and_authorisation_is_refused_and_nothing_stored(
    officer_client, world
):
    response = officer_client.post(
        "/can-bo/tiep-nhan/", counter_form(world, representative_name="Lê Thị Hoa")
    )
    text = page_text(response)
    assert response.status_code == 200
    assert "Nhập số CCCD của người được ủy quyền." in text
    assert "Ghi giấy ủy quyền." in text
    assert_nothing_stored()


# --- The other outcomes -----------------------------------------------------------------------


def test_a_supplement_request_lists_every_missing_paper_with_its_reason(officer_client, world):
    optional = world["version"].components.get(order=2)
    papers = tick(optional, note="Bản chụp bị mờ, cần bản rõ")  # handed in, but wrong
    response = officer_client.post(
        "/can-bo/tiep-nhan/", counter_form(world, papers=papers, outcome="supplement")
    )
    dossier = Dossier.objects.get()
    assert dossier.status == "awaiting_completion"
    assert dossier.code is None  # codes are for accepted dossiers
    items = {i.name: i.reason for i in SupplementRequest.objects.get().items.all()}
    assert items == {
        "Tờ khai theo mẫu": "Chưa nộp.",
        "Giấy tờ chứng minh nơi cư trú": "Bản chụp bị mờ, cần bản rõ",
    }
    done = page_text(officer_client.get(response["Location"]))
    assert "In phiếu yêu cầu bổ sung (mẫu 02)" in done
    pdf = officer_client.get(f"/can-bo/tiep-nhan/xong/{dossier.uuid}/in/supplement_request/")
    assert pdf["Content-Type"] == "application/pdf"


def test_a_supplement_request_with_nothing_missing_is_refused(officer_client, world):
    response = officer_client.post("/can-bo/tiep-nhan/", counter_form(world, outcome="supplement"))
    assert "Liệt kê ít nhất một giấy tờ cần bổ sung, hoàn thiện." in page_text(response)
    assert_nothing_stored()


def test_a_guidance_note_records_what_to_prepare(officer_client, world):
    response = officer_client.post(
        "/can-bo/tiep-nhan/",
        counter_form(world, outcome="guidance", outcome_text="Mang theo giấy chứng sinh."),
    )
    dossier = Dossier.objects.get()
    assert dossier.status == "guided"
    assert Decision.objects.get(dossier=dossier).text == "Mang theo giấy chứng sinh."
    assert "In phiếu hướng dẫn" in page_text(officer_client.get(response["Location"]))


def test_a_guidance_note_without_text_says_what_is_missing(officer_client, world):
    response = officer_client.post("/can-bo/tiep-nhan/", counter_form(world, outcome="guidance"))
    assert "Ghi rõ những gì người nộp cần chuẩn bị." in page_text(response)
    assert_nothing_stored()


def test_a_refusal_records_the_reason_and_prints_form_03(officer_client, world):
    response = officer_client.post(
        "/can-bo/tiep-nhan/",
        counter_form(
            world,
            outcome="refusal",
            reason_code="not_eligible",
            outcome_text="Người nộp không thuộc đối tượng.",
        ),
    )
    dossier = Dossier.objects.get()
    assert dossier.status == "refused"
    assert Decision.objects.get(dossier=dossier).reason_code == "not_eligible"
    assert "In phiếu từ chối (mẫu 03)" in page_text(officer_client.get(response["Location"]))
    pdf = officer_client.get(f"/can-bo/tiep-nhan/xong/{dossier.uuid}/in/refusal/")
    assert pdf.content.startswith(b"%PDF")


def test_a_refusal_without_a_reason_code_is_refused(officer_client, world):
    response = officer_client.post(
        "/can-bo/tiep-nhan/", counter_form(world, outcome="refusal", outcome_text="Không rõ.")
    )
    assert "Chọn lý do từ chối tiếp nhận." in page_text(response)
    assert_nothing_stored()


# --- Bad input: a message in Vietnamese, nothing stored -------------------------------------


def test_without_a_procedure_the_officer_is_told_to_choose_one(officer_client, world):
    response = officer_client.post("/can-bo/tiep-nhan/", counter_form(world, procedure=""))
    assert response.status_code == 200
    assert "Hãy chọn thủ tục trước: gõ một phần tên thủ tục." in page_text(response)
    assert_nothing_stored()


def test_an_unknown_procedure_code_is_named_in_the_message(officer_client, world):
    response = officer_client.post("/can-bo/tiep-nhan/", counter_form(world, procedure="9.999"))
    assert "Không có thủ tục đang có hiệu lực mang mã “9.999”." in page_text(response)
    assert_nothing_stored()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("12345", "Số căn cước công dân có 12 chữ số; số đã nhập có 5 chữ số."),
        ("00109001234A", "Số căn cước công dân chỉ gồm chữ số."),
    ],
)
def test_an_id_number_of_the_wrong_format_is_refused(officer_client, world, number, message):
    response = officer_client.post(
        "/can-bo/tiep-nhan/", counter_form(world, applicant_identity_number=number)
    )
    assert message in page_text(response)
    assert_nothing_stored()


def test_a_missing_required_paper_is_named_and_nothing_is_stored(officer_client, world):
    response = officer_client.post("/can-bo/tiep-nhan/", counter_form(world, papers={}))
    assert "Thiếu giấy tờ bắt buộc: Tờ khai theo mẫu" in page_text(response)
    assert_nothing_stored()


def test_a_scan_the_upload_chain_refuses_is_told_and_not_stored(officer_client, world):
    component = world["version"].components.get(order=1)
    response = officer_client.post(
        "/can-bo/tiep-nhan/ban-quet/",
        {
            "component": component.pk,
            "file": SimpleUploadedFile("to-khai.pdf", samples.elf_named_pdf()),
        },
    )
    assert response.status_code == 400
    assert "chương trình" in page_text(response)  # "a program, not a document"
    assert not StoredFile.objects.exists()


def test_an_accepted_scan_is_attached_to_its_paper_with_the_receipt(officer_client, world):
    component = world["version"].components.get(order=1)
    upload = officer_client.post(
        "/can-bo/tiep-nhan/ban-quet/",
        {"component": component.pk, "file": SimpleUploadedFile("to-khai.pdf", samples.pdf())},
    )
    assert upload.status_code == 200
    assert "Đã quét" in page_text(upload)
    token = upload.context["scan"].token
    officer_client.post(
        "/can-bo/tiep-nhan/", counter_form(world, **{f"c-{component.pk}-scan": token})
    )
    paper = SubmittedComponent.objects.get(component=component)
    assert paper.digitised
    assert ComponentFile.objects.get(submitted_component=paper).name == "to-khai.pdf"


def test_a_scan_token_of_another_officer_is_refused_and_nothing_stored(officer_client, world):
    component = world["version"].components.get(order=1)
    forged = sign_scan(
        user=world["officer_b"], component_id=component.pk, sha256="0" * 64, name="x.pdf", size=1
    )
    response = officer_client.post(
        "/can-bo/tiep-nhan/", counter_form(world, **{f"c-{component.pk}-scan": forged.token})
    )
    assert "Bản quét của giấy tờ này đã hết hạn: hãy quét lại." in page_text(response)
    assert_nothing_stored()


# --- Who may use the counter ----------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, world):
    response = client.get("/can-bo/tiep-nhan/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_a_citizen_cannot_enter_the_counter(client, world):
    client.force_login(world["citizen"])
    response = client.post("/can-bo/tiep-nhan/", counter_form(world))
    assert response.status_code == 403
    assert_nothing_stored()


def test_a_specialist_is_refused_with_the_reason(client, world):
    client.force_login(world["specialist"])
    response = client.get("/can-bo/tiep-nhan/")
    assert response.status_code == 403
    assert "dành cho cán bộ tiếp nhận" in page_text(response)
    assert client.post("/can-bo/tiep-nhan/", counter_form(world)).status_code == 403
    assert_nothing_stored()


def test_an_officer_cannot_receive_at_another_officers_point(officer_client, world):
    """A point that is not the officer's own is ignored: the dossier is received at theirs."""
    officer_client.post("/can-bo/tiep-nhan/", counter_form(world, point=world["point_b"].code))
    assert Dossier.objects.get().receiving_point == world["point"]


# --- Correction with reprint ----------------------------------------------------------------


def received(officer_client, world) -> Dossier:
    officer_client.post("/can-bo/tiep-nhan/", counter_form(world))
    return Dossier.objects.get()


def correction_form(dossier, **changes) -> dict:
    data = {
        "applicant_identity_kind": "cccd",
        "applicant_identity_number": dossier.applicant_identity_number,
        "applicant_name": dossier.applicant_name,
        "applicant_kind": dossier.applicant_kind,
        "applicant_area": str(dossier.applicant_area_id),
        "applicant_phone": dossier.applicant_phone,
        **tick(dossier.procedure_version.components.get(order=1)),
        "reason": "Gõ nhầm tên người nộp",
    }
    data.update(changes)
    return data


def test_a_correction_keeps_the_code_and_offers_the_reprint(officer_client, world):
    dossier = received(officer_client, world)
    url = f"/can-bo/ho-so/{dossier.code}/dinh-chinh/"
    assert "Trần Văn Bình" in page_text(officer_client.get(url))
    response = officer_client.post(url, correction_form(dossier, applicant_name="Trần Văn Bính"))
    assert response.status_code == 302
    assert response["Location"] == f"/can-bo/tiep-nhan/xong/{dossier.code}/?dinh-chinh=1"
    corrected = Dossier.objects.get()
    assert corrected.code == dossier.code
    assert corrected.applicant_name == "Trần Văn Bính"
    entry = HistoryEntry.objects.get(dossier=dossier, action="correct")
    assert entry.data["changes"]["applicant_name"] == ["Trần Văn Bình", "Trần Văn Bính"]
    assert entry.data["receipt"]["edition"] == 2
    done = page_text(officer_client.get(response["Location"]))
    assert "In lại giấy tiếp nhận (mẫu 01)" in done
    pdf = officer_client.get(f"/can-bo/tiep-nhan/xong/{dossier.code}/in/receipt/")
    assert pdf.content.startswith(b"%PDF")


def test_a_correction_without_a_reason_changes_nothing(officer_client, world):
    dossier = received(officer_client, world)
    response = officer_client.post(
        f"/can-bo/ho-so/{dossier.code}/dinh-chinh/",
        correction_form(dossier, applicant_name="Khác", reason=""),
    )
    assert "Nêu lý do sửa thông tin tiếp nhận." in page_text(response)
    assert Dossier.objects.get().applicant_name == "Trần Văn Bình"
    assert not HistoryEntry.objects.filter(action="correct").exists()


def test_a_correction_that_changes_nothing_is_told_so(officer_client, world):
    dossier = received(officer_client, world)
    response = officer_client.post(
        f"/can-bo/ho-so/{dossier.code}/dinh-chinh/", correction_form(dossier)
    )
    assert "Không có nội dung nào cần sửa." in page_text(response)


def test_an_officer_of_another_point_cannot_even_see_the_correction_page(client, world):
    client.force_login(world["officer"])
    dossier = received(client, world)
    client.force_login(world["officer_b"])
    assert client.get(f"/can-bo/ho-so/{dossier.code}/dinh-chinh/").status_code == 404
    response = client.post(
        f"/can-bo/ho-so/{dossier.code}/dinh-chinh/", correction_form(dossier, applicant_name="X")
    )
    assert response.status_code == 404
    assert Dossier.objects.get().applicant_name == "Trần Văn Bình"


def test_a_malformed_code_is_a_404_not_a_server_error(officer_client, world):
    assert officer_client.get("/can-bo/ho-so/khong-phai-ma/dinh-chinh/").status_code == 404
    assert officer_client.get("/can-bo/tiep-nhan/xong/khong-phai-ma/").status_code == 404


# --- The papers of a Form 02 brought back -----------------------------------------------------


def waiting_for_papers(officer_client, world) -> Dossier:
    officer_client.post("/can-bo/tiep-nhan/", counter_form(world, papers={}, outcome="supplement"))
    return Dossier.objects.get()


def test_the_papers_brought_back_are_received_with_a_receipt(officer_client, world):
    dossier = waiting_for_papers(officer_client, world)
    lookup = page_text(
        officer_client.get(
            "/can-bo/tiep-nhan/nguoi-nop/",
            {"applicant_identity_kind": "cccd", "applicant_identity_number": "001090012345"},
        )
    )
    url = f"/can-bo/tiep-nhan/bo-sung/{dossier.uuid}/"
    assert "Người nộp này có hồ sơ đang chờ bổ sung giấy tờ (mẫu 02)" in lookup
    assert url in lookup
    form = page_text(officer_client.get(url))
    assert "Tờ khai theo mẫu: Chưa nộp." in form  # the Form 02 line
    required = world["version"].components.get(order=1)
    response = officer_client.post(url, {**tick(required), "competent_unit": ""})
    dossier.refresh_from_db()
    assert dossier.status == "received" and dossier.code
    assert response["Location"] == f"/can-bo/tiep-nhan/xong/{dossier.code}/"
    assert dossier.supplement_requests.get().fulfilled_at is not None


def test_papers_still_missing_are_named_and_the_dossier_keeps_waiting(officer_client, world):
    dossier = waiting_for_papers(officer_client, world)
    response = officer_client.post(f"/can-bo/tiep-nhan/bo-sung/{dossier.uuid}/", {})
    assert "Thiếu giấy tờ bắt buộc: Tờ khai theo mẫu" in page_text(response)
    dossier.refresh_from_db()
    assert dossier.status == "awaiting_completion" and dossier.code is None


def test_another_point_cannot_receive_the_papers_brought_back(client, world):
    client.force_login(world["officer"])
    dossier = waiting_for_papers(client, world)
    client.force_login(world["officer_b"])
    assert client.get(f"/can-bo/tiep-nhan/bo-sung/{dossier.uuid}/").status_code == 404


def test_a_received_dossier_is_not_received_again(officer_client, world):
    dossier = received(officer_client, world)
    response = officer_client.get(f"/can-bo/tiep-nhan/bo-sung/{dossier.code}/")
    assert response.status_code == 409
    assert "không ở trạng thái chờ người nộp mang giấy tờ bổ sung" in page_text(response)


# --- An officer of several points -------------------------------------------------------------


def test_an_officer_of_two_points_chooses_where_they_receive(client, world):
    from factories.organizations import MembershipFactory

    officer = world["officer"]
    MembershipFactory(
        user=officer,
        unit=world["commune_b"],
        role="reception_officer",
        service_point=world["point_b"],
    )
    client.force_login(officer)
    page = page_text(client.get("/can-bo/tiep-nhan/"))
    assert 'id="counter-point"' in page and world["point_b"].name in page
    client.post("/can-bo/tiep-nhan/", counter_form(world, point=world["point_b"].code))
    dossier = Dossier.objects.get()
    assert dossier.receiving_point == world["point_b"]
    assert dossier.code.startswith("000.C0.02.H26-")


def test_a_reception_under_the_wrong_procedure_is_corrected_to_the_right_one(officer_client, world):
    dossier = received(officer_client, world)
    right = world["second_version"]
    url = f"/can-bo/ho-so/{dossier.code}/dinh-chinh/"
    choose = page_text(
        officer_client.get("/can-bo/tiep-nhan/thu-tuc/", {"q": "", "correcting": dossier.code})
    )
    assert choose.strip() == ""  # nothing typed yet, nothing listed
    page = page_text(officer_client.get(url, {"procedure": right.procedure.code}))
    assert "Đăng ký thường trú" in page and "Đã đổi" in page
    response = officer_client.post(
        url,
        correction_form(
            dossier,
            procedure=right.procedure.code,
            reason="Chọn nhầm thủ tục",
            **tick(right.components.get(order=1)),
        ),
    )
    assert response.status_code == 302
    corrected = Dossier.objects.get()
    assert corrected.procedure_version == right
    assert corrected.code == dossier.code
    assert "procedure_version" in HistoryEntry.objects.get(action="correct").data["changes"]


@pytest.mark.parametrize(
    "hostile",
    [
        {"applicant_name": "Trần\x00Bình"},
        {"procedure": "9.0\x0001"},
        {"applicant_area": "99999999999999999999"},
        {"competent_unit": "không-có"},
        {"outcome": "nuke"},
    ],
)
def test_hostile_input_gets_a_message_never_a_server_error(officer_client, world, hostile):
    response = officer_client.post("/can-bo/tiep-nhan/", counter_form(world, **hostile))
    assert response.status_code == 200
    assert "Hồ sơ chưa được ghi nhận:" in page_text(response)
    assert_nothing_stored()


def test_a_note_with_a_nul_character_is_cleaned_not_refused(officer_client, world):
    required = world["version"].components.get(order=1)
    papers = {
        **tick(required),
        f"c-{required.pk}-note": "Bản\x00 mờ",
        f"c-{required.pk}-quantity": "1000",
    }
    response = officer_client.post("/can-bo/tiep-nhan/", counter_form(world, papers=papers))
    assert "Số bộ phải là số nguyên từ 1 đến 999." in page_text(response)
    assert_nothing_stored()
