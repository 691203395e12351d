"""Rule (issue 7 §4): the dossier desk is the page a specialist lives in — the dossier's
header, timeline and papers on one screen, the next action open, a refusal shown in Vietnamese
beside its form, and completing the step from the desk shows at once in the timeline. The
screen passes the accessibility check and fits a 10-inch tablet."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from backoffice.test_desk_world import build_world, receive
from documents import samples
from e2e.workspace import assert_accessible, sign_in
from motcua.documents.services import attach_file
from motcua.dossiers.services import assign, route

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(settings, city):
    return build_world(settings, city)


@pytest.fixture
def dossier(world):
    """Received at the counter a moment ago, its form scanned, routed and assigned to the
    specialist: the appraisal step is theirs. (The live server runs on the real clock.)"""
    now = timezone.now()
    dossier = receive(
        world,
        when=now - datetime.timedelta(minutes=30),
        applicant_phone="0912345678",
        applicant_address="Số 5 phố Hàng Bạc",
    )
    attach_file(
        actor=world["officer"],
        dossier=dossier,
        submitted_component=dossier.components.order_by("id").first(),
        upload=SimpleUploadedFile("to-khai.png", samples.png()),
        at=now - datetime.timedelta(minutes=25),
    )
    route(actor=world["officer"], dossier=dossier, at=now - datetime.timedelta(minutes=20))
    return assign(
        actor=world["leader"],
        dossier=dossier,
        handler=world["specialist"],
        at=now - datetime.timedelta(minutes=10),
    )


def test_a_specialist_completes_the_step_from_the_desk(
    live_server, page, screenshot, world, dossier
):
    sign_in(page, live_server, world["specialist"].username)
    page.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")
    assert page.get_by_role("heading", name=dossier.code).is_visible()
    assert page.get_by_text("Trần Văn Bình").is_visible()
    # The obvious next action is open: completing the running step.
    assert page.locator("#action-complete_step").get_attribute("open") is not None
    assert page.get_by_alt_text("Xem trước to-khai.png").is_visible()
    assert_accessible(page)
    screenshot("desk-specialist")

    # A refusal: returning as insufficient without naming any paper. The confirmation first.
    page.locator("#action-return_insufficient summary").click()
    page.get_by_role("button", name="Trả lại kèm Mẫu 02").click()
    dialog = page.locator("#confirm-dialog")
    assert dialog.is_visible()
    dialog.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()
    refusal = page.locator("#action-return_insufficient [role=alert]").first
    assert "Liệt kê đầy đủ các giấy tờ cần bổ sung" in refusal.inner_text()
    refusal.scroll_into_view_if_needed()
    assert_accessible(page)
    screenshot("desk-refusal")

    # Completing the step: the timeline shows it done, with its outcome, at once.
    page.locator("#action-complete_step summary").click()
    page.get_by_label("Kết quả xử lý và ghi chú (không bắt buộc)").fill("Hồ sơ hợp lệ")
    page.get_by_role("button", name="Hoàn thành bước").click()
    page.wait_for_load_state()
    assert "Đã thực hiện: Hoàn thành bước xử lý." in page.get_by_role("status").inner_text()
    appraisal = page.locator(".desk-timeline tr", has_text="Thẩm định hồ sơ")
    assert "Trước hạn" in appraisal.inner_text()
    assert "Hồ sơ hợp lệ" in appraisal.inner_text()
    running = page.locator(".desk-timeline tr.running")
    assert "Phê duyệt, ký kết quả" in running.inner_text()
    assert "Hoàn thành bước xử lý" in page.locator(".desk-history").inner_text()


def test_the_desk_fits_a_tablet(live_server, page, screenshot, world, dossier):
    page.set_viewport_size({"width": 800, "height": 1280})
    sign_in(page, live_server, world["specialist"].username)
    page.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot("desk-tablet")


def test_every_form_a_leader_is_offered_is_accessible(
    live_server, page, screenshot, world, dossier
):
    sign_in(page, live_server, world["leader"].username)
    page.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")
    for name in ("assign", "reschedule", "record_result", "withdraw", "consult"):
        page.locator(f"#action-{name} summary").click()
    assert page.get_by_label("Ngày hẹn trả mới").is_visible()
    assert page.get_by_label("Từ chối (có văn bản nêu lý do)").is_visible()
    assert_accessible(page)
    screenshot("desk-leader-forms")
