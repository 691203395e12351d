"""Rule (issue 7 §4): each action form of the dossier desk calls its ONE service; when the
service (or the form) refuses, the page shows the reason in Vietnamese next to the form, and
nothing has changed. One success and one refusal per action."""

import pytest

from backoffice.test_desk_world import (
    action_url,
    appraised_and_approved,
    at,
    build_world,
    fresh,
    in_progress,
    page_of,
    pinned,
    receive,
    routed,
    running_step,
)
from motcua.audit.models import AuditRecord
from motcua.dossiers.models import (
    Apology,
    Decision,
    DossierStep,
    HistoryEntry,
    PaperMovement,
    SupplementRequest,
)
from motcua.dossiers.services import request_payment, return_insufficient
from motcua.dossiers.services.processing import MissingItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city):
    return build_world(settings, city)


def post(client, user, dossier, action, data, *, when=None):
    client.force_login(user)
    with pinned(when or at(2, 11)):
        return client.post(action_url(dossier, action), data)


def snapshot(dossier) -> tuple:
    """What a refused action must leave untouched."""
    d = fresh(dossier)
    return (
        d.status,
        d.due_at,
        d.handler_id,
        HistoryEntry.objects.filter(dossier=d).count(),
        DossierStep.objects.filter(dossier=d).count(),
        list(DossierStep.objects.filter(dossier=d).values_list("status", flat=True)),
    )


def assert_refused(response, message, before, dossier, status=400):
    assert response.status_code == status
    assert message in page_of(response)
    assert 'role="alert"' in page_of(response)
    assert snapshot(dossier) == before


# --- route ----------------------------------------------------------------------------------


def test_route_sends_the_received_dossier_into_its_process(client, world):
    dossier = receive(world)
    response = post(client, world["officer"], dossier, "route", {"route-note": "Gửi xã B"})
    assert response.status_code == 302 and response["Location"].endswith("#timeline")
    assert fresh(dossier).steps.filter(status="in_progress").exists()
    assert HistoryEntry.objects.filter(dossier=dossier, action="route", note="Gửi xã B").exists()


def test_route_twice_is_refused_and_changes_nothing(client, world):
    dossier = routed(world)
    before = snapshot(dossier)
    response = post(client, world["officer"], dossier, "route", {})
    assert_refused(response, "Hồ sơ này đã được chuyển xử lý.", before, dossier)


# --- assign ---------------------------------------------------------------------------------


def test_assign_names_the_handler_and_puts_the_dossier_in_progress(client, world):
    dossier = routed(world)
    data = {"assign-handler": world["specialist"].pk}
    response = post(client, world["leader"], dossier, "assign", data)
    assert response.status_code == 302
    assert fresh(dossier).handler == world["specialist"]
    assert fresh(dossier).status == "in_progress"


def test_a_specialist_may_not_assign_and_is_told_so(client, world):
    dossier = routed(world)
    before = snapshot(dossier)
    data = {"assign-handler": world["specialist"].pk}
    response = post(client, world["specialist"], dossier, "assign", data)
    assert_refused(
        response,
        "Vai trò của bạn không được thực hiện thao tác này với hồ sơ.",
        before,
        dossier,
        status=403,
    )


# --- complete a step ------------------------------------------------------------------------


def test_complete_step_finishes_the_step_with_its_outcome_and_note(client, world):
    dossier = in_progress(world)
    step = running_step(dossier)
    data = {"complete_step-step": step.pk, "complete_step-note": "Đủ điều kiện"}
    response = post(client, world["specialist"], dossier, "complete_step", data)
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == "done" and step.outcome == "early" and "Đủ điều kiện" in step.note
    assert running_step(dossier).name == "Phê duyệt, ký kết quả"


def test_complete_step_before_the_handler_is_assigned_is_refused(client, world):
    dossier = routed(world)  # received, not yet in progress
    before = snapshot(dossier)
    data = {"complete_step-step": running_step(dossier).pk}
    response = post(client, world["specialist"], dossier, "complete_step", data)
    assert_refused(
        response,
        "Không thể thực hiện thao tác này khi hồ sơ đang ở trạng thái “Đã tiếp nhận”.",
        before,
        dossier,
    )


# --- consult --------------------------------------------------------------------------------


def test_consult_opens_a_parallel_step_at_each_agency(client, world):
    dossier = in_progress(world)
    data = {
        "consult-units": [world["tax"].pk, world["police"].pk],
        "consult-allotted_hours": "8",
        "consult-note": "Xin ý kiến về nghĩa vụ thuế",
    }
    response = post(client, world["specialist"], dossier, "consult", data)
    assert response.status_code == 302
    consulted = DossierStep.objects.filter(dossier=dossier, action="consult")
    assert {s.unit for s in consulted} == {world["tax"], world["police"]}


def test_consult_while_only_received_is_refused(client, world):
    dossier = routed(world)
    before = snapshot(dossier)
    data = {"consult-units": [world["tax"].pk], "consult-allotted_hours": "8"}
    response = post(client, world["leader"], dossier, "consult", data)
    assert_refused(response, "Không thể thực hiện thao tác này", before, dossier)


# --- return as insufficient (Form 02 after appraisal) --------------------------------------


def insufficiency(world):
    component = world["version"].components.order_by("order").first()
    return {
        "return_insufficient-paper_1": component.pk,
        "return_insufficient-reason_1": "Thiếu chữ ký",
        "return_insufficient-other_2": "Bản sao sổ hộ khẩu",
        "return_insufficient-reason_2": "Không rõ nét",
    }


def test_return_insufficient_lists_every_paper_and_stops_the_clock(client, world):
    dossier = in_progress(world)
    response = post(
        client, world["specialist"], dossier, "return_insufficient", insufficiency(world)
    )
    assert response.status_code == 302
    assert fresh(dossier).status == "returned_insufficient"
    request = SupplementRequest.objects.get(dossier=dossier)
    assert [(i.name, i.reason) for i in request.items.order_by("id")] == [
        ("Tờ khai theo mẫu", "Thiếu chữ ký"),
        ("Bản sao sổ hộ khẩu", "Không rõ nét"),
    ]


def test_return_insufficient_after_three_working_days_is_refused(client, world):
    dossier = in_progress(world)
    before = snapshot(dossier)
    response = post(
        client,
        world["specialist"],
        dossier,
        "return_insufficient",
        insufficiency(world),
        when=at(6, 10),  # Friday: more than 3 working days after Monday 09:00
    )
    assert_refused(response, "Đã quá 03 ngày làm việc kể từ ngày tiếp nhận", before, dossier)
    assert not SupplementRequest.objects.filter(dossier=dossier).exists()


# --- receive the supplement -----------------------------------------------------------------


def test_receive_supplement_restarts_the_clock(client, world):
    dossier = in_progress(world)
    line = MissingItem(name="Tờ khai", reason="Thiếu chữ ký")
    return_insufficient(actor=world["specialist"], dossier=dossier, items=[line], at=at(2, 11))
    response = post(client, world["officer"], dossier, "receive_supplement", {}, when=at(3, 9))
    assert response.status_code == 302
    assert fresh(dossier).status == "in_progress"
    assert SupplementRequest.objects.get(dossier=dossier).fulfilled_at is not None


def test_receive_supplement_without_a_request_is_refused(client, world):
    dossier = in_progress(world)
    before = snapshot(dossier)
    response = post(client, world["officer"], dossier, "receive_supplement", {})
    assert_refused(response, "Không thể thực hiện thao tác này", before, dossier)


# --- financial obligation -------------------------------------------------------------------


def test_request_payment_suspends_the_dossier(client, world):
    dossier = in_progress(world)
    data = {"request_payment-amount_vnd": "50000", "request_payment-note": "Lệ phí trước bạ"}
    response = post(client, world["specialist"], dossier, "request_payment", data)
    assert response.status_code == 302
    assert fresh(dossier).status == "awaiting_payment"


def test_request_payment_with_a_negative_amount_is_refused(client, world):
    dossier = in_progress(world)
    before = snapshot(dossier)
    data = {"request_payment-amount_vnd": "-5"}
    response = post(client, world["specialist"], dossier, "request_payment", data)
    assert_refused(response, "Số tiền phải là một số đồng dương.", before, dossier)


def test_confirm_payment_resumes_the_clock(client, world):
    dossier = in_progress(world)
    due_before = fresh(dossier).due_at
    request_payment(actor=world["specialist"], dossier=dossier, at=at(2, 11))
    response = post(client, world["officer"], dossier, "confirm_payment", {}, when=at(3, 9))
    assert response.status_code == 302
    assert fresh(dossier).status == "in_progress"
    assert fresh(dossier).due_at > due_before  # moved by the time the clock was stopped


def test_confirm_payment_when_none_was_requested_is_refused(client, world):
    dossier = in_progress(world)
    before = snapshot(dossier)
    response = post(client, world["specialist"], dossier, "confirm_payment", {})
    assert_refused(response, "Không thể thực hiện thao tác này", before, dossier)


# --- reschedule with apology (Form 04) ------------------------------------------------------


def test_reschedule_issues_form_04_and_moves_the_due_date(client, world):
    dossier = in_progress(world)
    data = {
        "reschedule-new_due_date": "10/03/2026",
        "reschedule-new_due_time": "16:00",
        "reschedule-reason": "Chờ kết quả xác minh của công an",
    }
    response = post(client, world["leader"], dossier, "reschedule", data)
    assert response.status_code == 302
    assert fresh(dossier).due_at == at(10, 16)
    assert Apology.objects.get(dossier=dossier).reason == "Chờ kết quả xác minh của công an"


def test_reschedule_to_an_earlier_date_is_refused(client, world):
    dossier = in_progress(world)
    before = snapshot(dossier)
    data = {
        "reschedule-new_due_date": "03/03/2026",
        "reschedule-new_due_time": "16:00",
        "reschedule-reason": "Chờ xác minh",
    }
    response = post(client, world["leader"], dossier, "reschedule", data)
    assert_refused(response, "Ngày hẹn mới phải sau ngày hẹn trả hiện tại.", before, dossier)
    assert not Apology.objects.filter(dossier=dossier).exists()


# --- record the result ----------------------------------------------------------------------


def test_record_result_refused_with_reasons(client, world):
    dossier = appraised_and_approved(world)
    data = {
        "record_result-granted": "no",
        "record_result-reason_code": "not_eligible",
        "record_result-text": "Không đủ điều kiện theo quy định",
    }
    response = post(client, world["leader"], dossier, "record_result", data, when=at(2, 15))
    assert response.status_code == 302
    assert fresh(dossier).status == "result_ready"
    decision = Decision.objects.get(dossier=dossier, kind="result_refused")
    assert decision.text == "Không đủ điều kiện theo quy định"


def test_record_result_before_the_steps_are_done_is_refused(client, world):
    dossier = in_progress(world)
    before = snapshot(dossier)
    response = post(
        client, world["leader"], dossier, "record_result", {"record_result-granted": "yes"}
    )
    assert_refused(response, "Cần hoàn thành trước các bước: Thẩm định hồ sơ", before, dossier)


# --- withdrawal -----------------------------------------------------------------------------


def test_request_withdrawal_by_the_applicant_who_is_staff(client, world):
    # An officer of another point who applied for their own procedure is its applicant here.
    dossier = in_progress(world, owner=world["officer_b"])
    data = {"request_withdrawal-reason": "Tôi không cần nữa"}
    response = post(client, world["officer_b"], dossier, "request_withdrawal", data)
    assert response.status_code == 302
    assert fresh(dossier).status == "withdrawal_requested"


def test_request_withdrawal_by_staff_is_refused(client, world):
    dossier = in_progress(world)
    before = snapshot(dossier)
    response = post(client, world["leader"], dossier, "request_withdrawal", {})
    assert_refused(
        response,
        "Vai trò của bạn không được thực hiện thao tác này với hồ sơ.",
        before,
        dossier,
        status=403,
    )


def test_withdraw_ends_the_dossier(client, world):
    dossier = in_progress(world)
    data = {"withdraw-reason": "Công dân đề nghị rút tại quầy"}
    response = post(client, world["leader"], dossier, "withdraw", data)
    assert response.status_code == 302
    assert fresh(dossier).status == "withdrawn"


def test_a_specialist_may_not_withdraw(client, world):
    dossier = in_progress(world)
    before = snapshot(dossier)
    response = post(client, world["specialist"], dossier, "withdraw", {"withdraw-reason": "x"})
    assert_refused(
        response,
        "Vai trò của bạn không được thực hiện thao tác này với hồ sơ.",
        before,
        dossier,
        status=403,
    )


# --- cancel ---------------------------------------------------------------------------------


def test_the_administrator_cancels_with_a_reason_and_it_is_audited(client, world):
    dossier = in_progress(world)
    data = {"cancel-reason": "Ghi nhận trùng hai lần"}
    response = post(client, world["admin"], dossier, "cancel", data)
    assert response.status_code == 302
    assert fresh(dossier).status == "cancelled"
    assert AuditRecord.objects.filter(action="dossiers.cancel").exists()


def test_cancel_without_a_reason_or_by_a_specialist_is_refused(client, world):
    dossier = in_progress(world)
    before = snapshot(dossier)
    response = post(client, world["admin"], dossier, "cancel", {"cancel-reason": "  "})
    assert_refused(response, "Nêu lý do.", before, dossier)
    response = post(client, world["specialist"], dossier, "cancel", {"cancel-reason": "Trùng"})
    assert_refused(
        response,
        "Vai trò của bạn không được thực hiện thao tác này với hồ sơ.",
        before,
        dossier,
        status=403,
    )


# --- where the paper originals are ----------------------------------------------------------


def test_locate_papers_records_a_new_movement(client, world):
    dossier = routed(world)
    data = {"locate_papers-place": "unit", "locate_papers-unit": world["commune_b"].pk}
    response = post(client, world["specialist"], dossier, "locate_papers", data)
    assert response.status_code == 302
    latest = PaperMovement.objects.filter(dossier=dossier).order_by("-at", "-id").first()
    assert latest.place == "unit" and latest.unit == world["commune_b"]


def test_locate_papers_at_a_unit_without_naming_it_is_refused(client, world):
    dossier = routed(world)
    movements = PaperMovement.objects.filter(dossier=dossier).count()
    before = snapshot(dossier)
    response = post(
        client, world["specialist"], dossier, "locate_papers", {"locate_papers-place": "unit"}
    )
    assert_refused(response, "Hãy nêu đơn vị đang giữ hồ sơ giấy.", before, dossier)
    assert PaperMovement.objects.filter(dossier=dossier).count() == movements


# --- the action URL itself ------------------------------------------------------------------


def test_an_action_the_desk_does_not_have_is_a_404_and_get_is_not_allowed(client, world):
    dossier = routed(world)
    assert post(client, world["officer"], dossier, "receive", {}).status_code == 404
    assert client.get(action_url(dossier, "route")).status_code == 405


def test_an_officer_of_another_point_cannot_act_and_learns_nothing(client, world):
    dossier = receive(world)
    before = snapshot(dossier)
    assert post(client, world["officer_b"], dossier, "route", {}).status_code == 404
    assert snapshot(dossier) == before


def test_a_due_date_not_written_dd_mm_yyyy_is_refused_by_the_form(client, world):
    dossier = in_progress(world)
    before = snapshot(dossier)
    data = {
        "reschedule-new_due_date": "2026-03-10",
        "reschedule-new_due_time": "4 PM",
        "reschedule-reason": "Chờ xác minh",
    }
    response = post(client, world["leader"], dossier, "reschedule", data)
    assert_refused(response, "Hãy viết ngày theo dạng dd/mm/yyyy.", before, dossier)
    assert "Hãy viết giờ theo dạng HH:MM (24 giờ)." in page_of(response)
