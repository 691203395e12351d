"""The staff workspace end to end in a real browser (issue 7, tests that must exist): one
inter-agency dossier from the counter to the citizen's hands, each step done by the person
whose job it is, through the pages only — reception, routing, assignment, appraisal, the
parallel consultation of the tax office and the police, approval, the result, the return —
then the refusal and supplement paths, and an officer of another unit who cannot open it.

The server's clock is the real one (the browser's session cookie lives in real time); the
working-time arithmetic is pinned in the unit tests."""

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from dossiers.test_processing_world import build_world, inter_agency_version
from e2e.workspace import assert_accessible, sign_in
from motcua.catalog.services import refresh_search_text
from motcua.dossiers.models import Dossier

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A long journey on a shared CI machine: give each page a little longer than the default 5 s.
expect.set_options(timeout=15_000)


def vi(text: str) -> str:
    """What the Vietnamese page shows for this message id."""
    with translation.override("vi"):
        return translation.gettext(text)


@pytest.fixture
def world(settings, city):
    world = build_world(settings, city)
    version = inter_agency_version(world, days=10)
    refresh_search_text(version.procedure)
    world["version"] = version
    return world


def confirm(page) -> None:
    page.locator("#confirm-dialog").wait_for(state="visible")
    page.locator("#confirm-dialog-ok").click()


def receive_at_the_counter(page, world) -> Dossier:
    """The reception officer of commune A's point receives for an applicant of commune B."""
    page.goto(page.url.split("/can-bo/")[0] + "/can-bo/tiep-nhan/")
    page.keyboard.type("thuong tru")
    page.keyboard.press("Enter")
    expect(page.locator("#procedure-name")).to_contain_text("Đăng ký thường trú")
    page.get_by_label("Số định danh").fill("001090012345")
    page.get_by_label("Số định danh").press("Enter")
    expect(page.locator(".lookup.new")).to_be_visible()  # an applicant not seen before
    page.get_by_label("Họ và tên (hoặc tên tổ chức)").fill("Trần Văn Bình")
    page.get_by_label("Xã, phường nơi cư trú").select_option(label="Phường B")
    # The lookup refreshes the checklist (reuse offers of this applicant) and the competent
    # unit: tick the papers on the refreshed list, as an officer who looks at it does.
    page.wait_for_load_state("networkidle")
    rows = page.locator("#checklist tbody tr")
    expect(rows.first).to_be_visible()
    for index in range(rows.count()):
        box = rows.nth(index).locator("input[type=checkbox]").first
        if not box.is_checked():
            box.check()
    # The competent unit follows from the commune (checked on the dossier once received).
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Tiếp nhận và in giấy tiếp nhận (mẫu 01)").click()
    expect(page.get_by_role("heading", name="Đã tiếp nhận hồ sơ")).to_be_visible()
    return Dossier.objects.get(status="received")


def open_desk(page, live_server, dossier) -> None:
    """Through the menu's search box, as an officer with a code on paper would."""
    page.goto(live_server.url + "/can-bo/")
    page.get_by_label("Tìm hồ sơ theo mã").fill(dossier.code)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=dossier.code)).to_be_visible()


def act(page, action_label: str, button: str, *, confirmed: bool = False) -> None:
    """Open one action of the desk (if closed) and submit it."""
    action = page.locator("details.desk-action", has=page.get_by_text(action_label, exact=True))
    if action.get_attribute("open") is None:
        action.locator("summary").click()
    with page.expect_navigation():
        action.get_by_role("button", name=button).click()
        if confirmed:
            confirm(page)


def complete_step(page, step_name: str) -> None:
    action = page.locator("#action-complete_step")
    if action.get_attribute("open") is None:
        action.locator("summary").click()
    select = action.get_by_label(vi("Step"))
    option = select.locator("option", has_text=step_name)
    select.select_option(value=option.get_attribute("value"))
    with page.expect_navigation():
        action.get_by_role("button", name=vi("Complete the step")).click()


def test_an_inter_agency_dossier_from_the_counter_to_the_citizens_hands(
    live_server, page, screenshot, world
):
    # 1. Reception at commune A's point, for commune B (boundary-free), then sent on.
    sign_in(page, live_server, world["officer"].username)
    dossier = receive_at_the_counter(page, world)
    assert dossier.competent_unit == world["commune_b"]
    open_desk(page, live_server, dossier)
    act(page, vi("Send to the competent unit"), vi("Send on"))
    screenshot("journey-1-received-and-sent")

    # 2. Commune B's leader assigns it from the unit queue.
    sign_in(page, live_server, world["leader"].username)
    page.goto(live_server.url + "/can-bo/hang-doi/")
    page.get_by_label(f"Chọn {dossier.code}").check()
    specialist = world["specialist"]
    page.get_by_label("Phân công các hồ sơ đã chọn cho").select_option(
        label=f"{specialist.full_name} ({specialist.username})"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Phân công các hồ sơ đã đánh dấu").click()
        confirm(page)

    # 3. The specialist finds it in "my work" and completes the appraisal: the lead step and
    #    the two consultations open in parallel.
    sign_in(page, live_server, specialist.username)
    page.goto(live_server.url + "/can-bo/viec-cua-toi/")
    page.get_by_role("link", name=dossier.code).click()
    expect(page.get_by_role("heading", name=dossier.code)).to_be_visible()
    complete_step(page, "Thẩm định hồ sơ")
    screenshot("journey-2-appraised")
    assert_accessible(page)

    # 4. The consulted agencies, each from their own desk; then the lead step.
    #    The tax office finds the opinion asked of it below its unit queue.
    sign_in(page, live_server, world["tax_specialist"].username)
    page.goto(live_server.url + "/can-bo/hang-doi/")
    asked = page.get_by_role("region", name="Các cơ quan khác xin ý kiến đơn vị")
    expect(asked).to_contain_text("Xác định nghĩa vụ thuế")
    screenshot("journey-consultation-asked")
    assert_accessible(page)
    asked.get_by_role("link", name=dossier.code).click()
    complete_step(page, "Xác định nghĩa vụ thuế")
    sign_in(page, live_server, world["police_specialist"].username)
    open_desk(page, live_server, dossier)
    complete_step(page, "Xác minh cư trú")
    sign_in(page, live_server, specialist.username)
    open_desk(page, live_server, dossier)
    complete_step(page, "Tổng hợp ý kiến")

    # 5. The leader approves and records the result.
    sign_in(page, live_server, world["leader"].username)
    open_desk(page, live_server, dossier)
    complete_step(page, "Phê duyệt, ký kết quả")
    act(page, vi("Record the result"), vi("Record the result"), confirmed=True)
    dossier.refresh_from_db()
    assert dossier.status == "result_ready"
    screenshot("journey-3-result-recorded")

    # 6. The return at commune A's point.
    sign_in(page, live_server, world["officer"].username)
    page.goto(live_server.url + "/can-bo/tra-ket-qua/")
    page.get_by_role("link", name=f"{vi('Hand over')} {dossier.code}").click()
    page.get_by_label(vi("Name of the person collecting")).fill("Trần Văn Bình")
    page.get_by_label(vi("Identity number of the collector")).fill("001090012345")
    page.get_by_label(vi("The collector signed the tracking book")).check()
    screenshot("journey-4-return")
    with page.expect_navigation():
        page.locator("form[data-confirm] button[type=submit]").click()
        confirm(page)
    dossier.refresh_from_db()
    assert dossier.status == "returned"

    # The desk's timeline (Form 05) now shows every hand-off, each with its outcome.
    open_desk(page, live_server, dossier)
    timeline = page.locator("#timeline").inner_text()
    for step in ("Thẩm định hồ sơ", "Xác định nghĩa vụ thuế", "Xác minh cư trú", "Trả kết quả"):
        assert step in timeline
    assert dossier.steps.exclude(status="done").count() == 0
    screenshot("journey-5-returned")

    # 7. An officer of another unit cannot open it: the same answer as an unknown code.
    sign_in(page, live_server, world["outsider"].username)
    response = page.goto(f"{live_server.url}/can-bo/ho-so/{dossier.code}/")
    assert response.status == 404


def test_a_dossier_refused_at_the_counter_is_recorded_with_form_03(
    live_server, page, screenshot, world
):
    sign_in(page, live_server, world["officer"].username)
    page.goto(live_server.url + "/can-bo/tiep-nhan/")
    page.keyboard.type("thuong tru")
    page.keyboard.press("Enter")
    expect(page.locator("#procedure-name")).to_contain_text("Đăng ký thường trú")
    page.get_by_label("Số định danh").fill("001090012345")
    page.get_by_label("Số định danh").press("Enter")
    expect(page.locator(".lookup.new")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Họ và tên (hoặc tên tổ chức)").fill("Trần Văn Bình")
    page.locator("details.not-accepted summary").click()
    page.get_by_label(vi("What the applicant must prepare, or why the dossier is refused")).fill(
        "Thủ tục thuộc thẩm quyền của cơ quan Trung ương, không tiếp nhận tại địa phương."
    )
    reasons = page.get_by_label(vi("Reason for a refusal"), exact=True)
    reasons.select_option(index=1)
    screenshot("journey-refusal")
    with page.expect_navigation():
        page.get_by_role("button", name=vi("Refuse (Form 03)")).click()
        confirm(page)
    dossier = Dossier.objects.get()
    assert dossier.status == "refused"  # not accepted, and still recorded
    assert dossier.history.filter(action="refuse").exists()


def test_a_dossier_returned_as_insufficient_comes_back_with_its_supplement(
    live_server, page, screenshot, world
):
    """Form 02 after appraisal (within 3 working days), then the supplement received at the
    counter: the legal time starts again."""
    from dossiers.test_processing_world import receive
    from motcua.dossiers.services import assign, route

    dossier = receive(world, when=timezone.now(), version=world["version"])
    route(actor=world["officer"], dossier=dossier, at=timezone.now())
    assign(actor=world["leader"], dossier=dossier, handler=world["specialist"])

    sign_in(page, live_server, world["specialist"].username)
    open_desk(page, live_server, dossier)
    action = page.locator("#action-return_insufficient")
    action.locator("summary").click()
    action.get_by_label(vi("Paper %(n)s") % {"n": 1}).select_option(index=1)
    action.get_by_label(vi("Reason %(n)s") % {"n": 1}).fill("Bản sao chưa được chứng thực")
    screenshot("journey-supplement-request")
    with page.expect_navigation():
        action.get_by_role("button", name=vi("Return with Form 02")).click()
        confirm(page)
    dossier.refresh_from_db()
    assert dossier.status == "returned_insufficient"

    sign_in(page, live_server, world["officer"].username)
    open_desk(page, live_server, dossier)
    act(page, vi("Receive the supplement"), vi("Receive the supplement"))
    dossier.refresh_from_db()
    assert dossier.status not in ("returned_insufficient",)
    assert dossier.history.filter(action="receive_supplement").exists()
    screenshot("journey-supplement-received")
