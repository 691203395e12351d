"""Rule (issue 7 §4): the dossier desk shows the dossier's header, its timeline (Form 05 and
the history), its papers and the actions the transition table gives THIS user now — and only
to those who may see the dossier: another unit's officer gets the same 404 as an unknown code,
a citizen does not enter the workspace at all."""

import pytest
from django.urls import NoReverseMatch, reverse

from backoffice.test_desk_world import (
    appraised_and_approved,
    at,
    build_world,
    desk_url,
    in_progress,
    page_of,
    pinned,
    receive,
    routed,
)
from motcua.dossiers.services import record_result, reschedule, withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, city):
    return build_world(settings, city)


def open_desk(client, user, dossier, when=None):
    client.force_login(user)
    with pinned(when or at(2, 11)):
        return client.get(desk_url(dossier))


def offered(response) -> set[str]:
    """The actions whose forms the page holds, by the action part of their URLs."""
    page = page_of(response)
    return {part.split("/", 1)[0] for part in page.split("/thao-tac/")[1:]}


def test_the_header_names_the_dossier_applicant_procedure_due_date_and_state(client, world):
    dossier = in_progress(world, applicant_phone="0912345678")
    response = open_desk(client, world["specialist"], dossier)
    assert response.status_code == 200
    page = page_of(response)
    assert dossier.code in page
    assert "Trần Văn Bình" in page and "0912345678" in page
    assert "Đăng ký khai sinh" in page
    assert "Đang giải quyết" in page  # the state, in words
    assert "05/03/2026 09:00" in page  # due: three working days after Monday 09:00
    assert 'class="timeliness on-time"' in page and "Đúng hạn" in page
    assert world["point"].name in page  # received at, and the result returned there


def test_the_timeline_shows_each_hand_off_with_its_outcome_and_the_history(client, world):
    dossier = in_progress(world)
    page = page_of(open_desk(client, world["specialist"], dossier))
    assert "Phiếu kiểm soát" in page
    assert "Tiếp nhận hồ sơ" in page and "Thẩm định hồ sơ" in page
    assert "Đúng hạn" in page  # the counter's reception step, handed over at 10:00
    assert "02/03/2026 10:00" in page
    assert "Lịch sử" in page


def test_the_papers_are_listed_with_their_form_and_digitisation(client, world):
    dossier = routed(world)
    page = page_of(open_desk(client, world["officer"], dossier))
    assert "Tờ khai theo mẫu" in page
    assert "Giấy tờ và tệp" in page


def test_a_specialist_at_work_is_offered_the_step_not_cancel_nor_assign(client, world):
    dossier = in_progress(world)
    actions = offered(open_desk(client, world["specialist"], dossier))
    assert "complete_step" in actions and "consult" in actions
    assert "return_insufficient" in actions and "request_payment" in actions
    assert not {"cancel", "assign", "record_result", "reschedule", "withdraw"} & actions


def test_the_obvious_next_action_is_open_first(client, world):
    dossier = in_progress(world)
    page = page_of(open_desk(client, world["specialist"], dossier))
    first = page.index("<details")
    assert 'id="action-complete_step" open' in page[first : first + 200]


def test_a_leader_is_offered_assignment_rescheduling_and_withdrawal(client, world):
    dossier = in_progress(world)
    actions = offered(open_desk(client, world["leader"], dossier))
    assert {"assign", "reschedule", "withdraw", "complete_step"} <= actions
    assert "cancel" not in actions


def test_the_system_administrator_is_offered_cancel(client, world):
    dossier = in_progress(world)
    assert "cancel" in offered(open_desk(client, world["admin"], dossier))


def test_the_reception_officer_routes_a_received_dossier(client, world):
    dossier = receive(world)
    actions = offered(open_desk(client, world["officer"], dossier))
    assert "route" in actions and "withdraw" in actions
    assert "complete_step" not in actions


def test_irreversible_actions_ask_for_confirmation(client, world):
    dossier = in_progress(world)
    page = page_of(open_desk(client, world["leader"], dossier))
    assert 'data-confirm="Ban hành phiếu xin lỗi với ngày hẹn mới này?' in page
    assert 'data-confirm="Rút hồ sơ này theo đề nghị của người nộp?' in page


def test_a_finished_dossier_offers_nothing_but_says_so(client, world):
    dossier = in_progress(world)
    withdraw(actor=world["leader"], dossier=dossier, reason="Công dân rút", at=at(2, 15))
    response = open_desk(client, world["leader"], dossier, when=at(2, 16))
    assert offered(response) == set()
    page = page_of(response)
    assert "Đã rút hồ sơ" in page and "Đã kết thúc" in page
    assert "bạn không có thao tác nào cần làm" in page


def installed(url_name: str, *args) -> str | None:
    """The URL of another desk's page, or None while that desk is not installed."""
    try:
        return reverse(url_name, args=args)
    except NoReverseMatch:
        return None


def test_a_result_ready_dossier_links_to_the_returns_desk_instead_of_a_form(client, world):
    dossier = appraised_and_approved(world)
    record_result(actor=world["leader"], dossier=dossier, granted=True, at=at(2, 15))
    response = open_desk(client, world["officer"], dossier, when=at(2, 16))
    assert "Đã có kết quả" in page_of(response)
    assert "return_result" not in offered(response)
    url = installed("backoffice:return_result", dossier.code) or installed("backoffice:returns")
    if url:
        assert f'href="{url}"' in page_of(response)
        assert "Trả kết quả tại bàn trả kết quả" in page_of(response)


def test_a_received_dossier_links_the_officer_to_the_correction(client, world):
    dossier = receive(world)
    url = installed("backoffice:correct", dossier.code)
    page = page_of(open_desk(client, world["officer"], dossier))
    if url:
        assert f'href="{url}"' in page and "Sửa thông tin tiếp nhận" in page
    specialist_page = page_of(open_desk(client, world["specialist"], dossier))
    assert "Sửa thông tin tiếp nhận" not in specialist_page


def test_print_links_name_the_forms_the_dossier_has(client, world):
    dossier = in_progress(world)
    reschedule(
        actor=world["leader"],
        dossier=dossier,
        new_due_at=at(10, 16),
        reason="Chờ xác minh",
        at=at(2, 11),
    )
    page = page_of(open_desk(client, world["leader"], dossier))
    assert f"/api/v1/dossiers/{dossier.code}/forms/01" in page
    assert f"/api/v1/dossiers/{dossier.code}/forms/04" in page
    assert f"/api/v1/dossiers/{dossier.code}/forms/05" in page
    assert "/forms/03" not in page


def test_an_officer_of_another_point_gets_a_404_like_an_unknown_code(client, world):
    dossier = in_progress(world)
    assert open_desk(client, world["officer_b"], dossier).status_code == 404
    client.force_login(world["officer_b"])
    assert client.get("/can-bo/ho-so/000.C0.01.H26-260302-9999/").status_code == 404
    assert client.get("/can-bo/ho-so/khong-phai-ma/").status_code == 404


def test_a_specialist_of_another_unit_gets_a_404(client, world):
    dossier = in_progress(world)
    assert open_desk(client, world["outsider"], dossier).status_code == 404


def test_a_citizen_cannot_enter_even_for_their_own_dossier(client, world):
    dossier = in_progress(world, owner=world["citizen"])
    response = open_desk(client, world["citizen"], dossier)
    assert response.status_code == 403
    assert "dành cho cán bộ" in page_of(response)


def test_an_anonymous_visitor_is_sent_to_log_in(client, world):
    dossier = in_progress(world)
    response = client.get(desk_url(dossier))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_print_link_of_form_05_gives_the_pdf_to_the_desk_user(client, world):
    dossier = in_progress(world)
    client.force_login(world["specialist"])
    response = client.get(
        f"/api/v1/dossiers/{dossier.code}/forms/05", HTTP_ACCEPT="text/html,*/*;q=0.8"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
