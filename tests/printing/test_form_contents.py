"""Rules of the printed forms' content (issue 6, DOMAIN §4): each form carries the national
header, the issuing unit's name and the fields DOMAIN §4 lists, in Vietnamese with every
diacritic, dates dd/mm/yyyy and times hh:mm in Vietnam time, on A5 (Forms 01–05 and the notes)
or A4 landscape (Form 06); Forms 01 and 04 carry a QR code of the public lookup address; Form
05's rows are the dossier's recorded hand-offs. The text is read back from the PDF with pypdf.
"""

import io

import pytest
import time_machine
from pypdf import PdfReader

from motcua.dossiers.models import Decision, DossierStep, RefusalReason
from motcua.dossiers.services import (
    give_guidance,
    refuse,
    request_completion,
    reschedule,
    route,
)
from motcua.dossiers.services.outcomes import ItemToSupplement
from motcua.dossiers.services.steps import assign, complete_step
from motcua.printing import contexts, services
from printing.printing_world import (
    MONDAY_9,
    at,
    build_world,
    page_size_mm,
    pdf_text,
    receive,
    reception_request,
)

pytestmark = pytest.mark.django_db

A5 = (148, 210)
A4_LANDSCAPE = (297, 210)
NATIONAL = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


@pytest.fixture
def world(settings, city, tmp_path):
    return build_world(settings, city, tmp_path)


@pytest.fixture
def clock():
    with time_machine.travel(at(2, 16), tick=False) as traveller:
        yield traveller


def printed(world, dossier, form):
    return services.print_dossier_form(actor=world["officer"], dossier=dossier, form=form)


def assert_has(text: str, *expected: str):
    missing = [part for part in expected if part not in text]
    assert not missing, f"missing {missing!r} in: {text}"


# --- Form 01 --------------------------------------------------------------------------------


def test_the_receipt_holds_every_field_of_form_01_in_vietnamese(world, clock):
    dossier = receive(world)
    form = printed(world, dossier, "receipt")
    text = pdf_text(form.data)
    assert_has(
        text,
        *NATIONAL,
        "UBND THÀNH PHỐ HÀ NỘI",
        "ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM",
        "Hà Nội, ngày 02 tháng 03 năm 2026",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm",
        "Ông/Bà: Trần Văn Bình",
        "001090012345",
        "Địa chỉ: Số 5 phố Hàng Bông, phường Cửa Nam",
        "0912345678",
        "binh@example.vn",
        "Đăng ký khai sinh",
        f"Mã hồ sơ: {dossier.code}",
        "Tờ khai theo mẫu",
        "Giấy tờ chứng minh nơi cư trú",
        "Bản chính",
        "Số lượng hồ sơ: 01 bộ",
        "3 ngày làm việc",
        "Thời gian nhận hồ sơ: 09:00 ngày 02/03/2026",
        "Thời gian trả kết quả giải quyết hồ sơ: 09:00 ngày 05/03/2026",
        "Lệ phí: 8.000 đồng",
        "Sổ theo dõi hồ sơ ngày 02/03/2026, số thứ tự: 1",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Nguyễn Thị Lan",
    )
    assert page_size_mm(form.data) == A5
    assert len(PdfReader(io.BytesIO(form.data)).pages) == 1


def test_the_receipt_prints_the_frozen_due_date_not_a_recomputed_one(world, clock):
    """The due instant printed is the one stored on the dossier at reception."""
    dossier = receive(world)
    type(dossier).objects.filter(pk=dossier.pk).update(due_at=at(6, 15, 30))
    dossier.refresh_from_db()
    assert "15:30 ngày 06/03/2026" in pdf_text(printed(world, dossier, "receipt").data)


def test_the_receipts_qr_code_carries_the_public_lookup_address(world, clock):
    dossier = receive(world)
    source = contexts.receipt(dossier)
    url = f"https://motcua.hanoi.gov.vn/tra-cuu/{dossier.code}/"
    assert source.context["lookup_url"] == url
    assert source.context["qr"] == contexts.qr_data_uri(url)
    assert source.context["qr"].startswith("data:image/svg+xml")


def test_the_fonts_embedded_in_the_pdf_carry_the_vietnamese_letters(world, clock):
    """System fonts (Liberation Serif) are embedded as subsets holding the letters used."""
    form = printed(world, receive(world), "receipt")
    reader = PdfReader(io.BytesIO(form.data))
    fonts = set()
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        fonts.add(str(font["/BaseFont"]).split("+")[-1])
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # embedded, not referenced
    assert "Liberation-Serif" in fonts and "Liberation-Serif-Bold" in fonts
    # No fallback font was needed: Liberation Serif itself drew every Vietnamese letter.
    assert fonts <= {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"}
    assert "ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM" in pdf_text(form.data)


# --- Form 05 --------------------------------------------------------------------------------


def test_the_control_sheet_rows_are_the_dossiers_recorded_hand_offs(world, clock):
    dossier = route(actor=world["officer"], dossier=receive(world), at=at(2, 10))
    dossier = assign(
        actor=world["leader"], dossier=dossier, handler=world["specialist"], at=at(2, 10, 30)
    )
    appraisal = DossierStep.objects.get(dossier=dossier, order=2)
    complete_step(actor=world["specialist"], dossier=dossier, step=appraisal, at=at(3, 14))
    form = printed(world, dossier, "control_sheet")
    text = pdf_text(form.data)
    assert_has(
        text,
        *NATIONAL,
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        dossier.code,
        "Trần Văn Bình",
        "Thời gian nhận hồ sơ: 09:00 ngày 02/03/2026",
        "Thời gian trả kết quả: 09:00 ngày 05/03/2026",
        "Cơ quan chủ trì giải quyết: Ủy ban nhân dân phường Cửa Nam",
    )
    steps = list(DossierStep.objects.filter(dossier=dossier).order_by("order"))
    positions = []
    for step in steps:
        row = f"{step.order}. {step.unit.name} {step.name}"
        assert row in text, row
        positions.append(text.index(row))
    assert positions == sorted(positions)  # in the order they happened
    # Each recorded time and outcome is on the sheet, as recorded.
    assert_has(text, "Giao: 10:00 02/03/2026", "Xong: 14:00 03/03/2026", "Trước hạn")
    assert text.count("Giao:") == len(steps)
    assert page_size_mm(form.data) == A5


# --- Form 06 --------------------------------------------------------------------------------


def test_the_tracking_book_lists_the_days_receptions_on_a4_landscape(world, clock):
    first = receive(world)
    second = receive(world, when=at(2, 14), applicant_name="Nguyễn Thị Ánh Tuyết")
    form = services.print_tracking_book(
        actor=world["officer"], point=world["point"], day=MONDAY_9.date()
    )
    text = pdf_text(form.data)
    assert_has(
        text,
        *NATIONAL,
        "SỔ THEO DÕI HỒ SƠ",
        "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm — ngày 02/03/2026",
        first.code,
        second.code,
        "Nguyễn Thị Ánh Tuyết",
        "Đăng ký khai sinh",
        "09:00 02/03/2026",
        "14:00 02/03/2026",
        "Tổng số hồ sơ tiếp nhận trong ngày: 2",
    )
    assert text.index(first.code) < text.index(second.code)
    assert page_size_mm(form.data) == A4_LANDSCAPE


def test_the_tracking_book_spreadsheet_has_the_same_rows(world, clock):
    from openpyxl import load_workbook

    first = receive(world)
    second = receive(world, when=at(2, 14), applicant_name="Nguyễn Thị Ánh Tuyết")
    book = services.print_tracking_book(
        actor=world["officer"], point=world["point"], day=MONDAY_9.date(), fmt="xlsx"
    )
    sheet = load_workbook(io.BytesIO(book.data)).active
    assert sheet["A4"].value == "SỔ THEO DÕI HỒ SƠ"
    assert sheet["F1"].value == NATIONAL[0]
    assert [c.value for c in sheet[8]][:3] == ["STT", "Mã hồ sơ", "Tên thủ tục hành chính"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=9)]
    assert [(r[0], r[1], r[4]) for r in rows] == [
        (1, first.code, "Trần Văn Bình"),
        (2, second.code, "Nguyễn Thị Ánh Tuyết"),
    ]
    assert rows[0][6] == "09:00 02/03/2026"
    assert book.filename == "tracking_book-HN-HK-01-2026-03-02.xlsx"


# --- Forms 02, 03, 04 and the guidance note -------------------------------------------------


def test_the_supplement_request_lists_every_item_with_its_reason(world, clock):
    component = world["version"].components.order_by("order").first()
    form_02 = request_completion(
        actor=world["officer"],
        point=world["point"],
        request=reception_request(world, all_papers=False),
        items=[
            ItemToSupplement(component_id=component.id, reason="Thiếu chữ ký của người khai"),
            ItemToSupplement(name="Giấy chứng sinh", reason="Chưa nộp bản chính"),
        ],
        at=at(2, 9, 15),
    )
    form = printed(world, form_02.dossier, "02")
    text = pdf_text(form.data)
    assert_has(
        text,
        *NATIONAL,
        "ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Số: 01/PYCBS",
        "Ông/Bà: Trần Văn Bình",
        "Đăng ký khai sinh",
        "0912345678, binh@example.vn",
        "Tờ khai theo mẫu",
        "Thiếu chữ ký của người khai",
        "Giấy chứng sinh",
        "Chưa nộp bản chính",
        "09:15 ngày 02/03/2026",
        "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm",
        "Nguyễn Thị Lan",
    )
    assert page_size_mm(form.data) == A5


def test_the_refusal_gives_its_reason(world, clock):
    decision = refuse(
        actor=world["officer"],
        point=world["point"],
        request=reception_request(world),
        reason_code=RefusalReason.NOT_ELIGIBLE,
        text="Người yêu cầu không phải cha, mẹ của trẻ",
        at=at(2, 9, 20),
    )
    form = printed(world, decision.dossier, "refusal")
    assert_has(
        pdf_text(form.data),
        *NATIONAL,
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "Ông/Bà: Trần Văn Bình",
        "Đăng ký khai sinh",
        "Người nộp không thuộc đối tượng thực hiện thủ tục",
        "Người yêu cầu không phải cha, mẹ của trẻ",
        "09:20 ngày 02/03/2026",
        "NGƯỜI NỘP HỒ SƠ",
        "Nguyễn Thị Lan",
    )
    assert page_size_mm(form.data) == A5


def test_the_apology_gives_the_old_and_new_dates_and_the_reason(world, clock):
    dossier = route(actor=world["officer"], dossier=receive(world), at=at(2, 10))
    dossier = assign(
        actor=world["leader"], dossier=dossier, handler=world["specialist"], at=at(2, 10, 30)
    )
    reschedule(
        actor=world["leader"],
        dossier=dossier,
        new_due_at=at(9, 9),
        reason="Chờ kết quả xác minh của Công an phường",
        at=at(3, 9),
    )
    dossier.refresh_from_db()
    form = printed(world, dossier, "04")
    assert_has(
        pdf_text(form.data),
        *NATIONAL,
        "ỦY BAN NHÂN DÂN PHƯỜNG CỬA NAM",
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "Kính gửi: Ông/Bà Trần Văn Bình",
        "Ngày 02/03/2026",
        f"Mã hồ sơ: {dossier.code}",
        "Thời gian hẹn trả kết quả: 09:00 ngày 05/03/2026",
        "Lý do: Chờ kết quả xác minh của Công an phường",
        "xin lỗi Ông/Bà",
        "09:00 ngày 09/03/2026",
        "Lê Văn Hùng",
    )
    source = contexts.apology(dossier)
    assert source.context["lookup_url"].endswith(f"/tra-cuu/{dossier.code}/")
    assert source.context["qr"] == contexts.qr_data_uri(source.context["lookup_url"])
    assert page_size_mm(form.data) == A5


def test_the_guidance_note_says_what_to_prepare(world, clock):
    decision = give_guidance(
        actor=world["officer"],
        point=world["point"],
        request=reception_request(world, all_papers=False),
        text="Mang theo bản chính Giấy chứng sinh do bệnh viện cấp",
        at=at(2, 9, 30),
    )
    assert decision.kind == Decision.Kind.GUIDANCE
    form = printed(world, decision.dossier, "guidance")
    assert_has(
        pdf_text(form.data),
        *NATIONAL,
        "PHIẾU HƯỚNG DẪN HOÀN THIỆN HỒ SƠ",
        "Ông/Bà: Trần Văn Bình",
        "Mang theo bản chính Giấy chứng sinh do bệnh viện cấp",
        "Tờ khai theo mẫu",
        "Giấy tờ chứng minh nơi cư trú",
        "09:30 ngày 02/03/2026",
    )
    assert page_size_mm(form.data) == A5


def test_a_dossier_without_an_apology_has_no_form_04(world, clock):
    dossier = receive(world)
    with pytest.raises(contexts.FormNotAvailable):
        printed(world, dossier, "apology")
    with pytest.raises(contexts.FormNotAvailable):
        printed(world, dossier, "refusal")
