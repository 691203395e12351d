"""Rules of late management (issue 7 §6, DOMAIN §3.5): a unit's leader sees its running
dossiers due within the due-soon window, counted in WORKING time, and those already overdue;
an apology with a new date (Form 04) is offered only while the service allows it (at least one
working day before the due date, once per dossier); its refusals are shown in Vietnamese and
change nothing; supervisors follow every unit read-only."""

import datetime

import pytest
import time_machine

from backoffice.test_papers_world import at, fresh, in_progress, paper_world
from motcua.backoffice.timeliness import due_soon_threshold
from motcua.dossiers import late_selectors
from motcua.dossiers.models import Apology
from motcua.dossiers.services import reschedule

pytestmark = pytest.mark.django_db

URL = "/can-bo/tre-han/"


@pytest.fixture
def world(settings, city):
    return paper_world(settings, city)


@pytest.fixture
def dossier(world):
    return in_progress(world)  # received Monday 2/3 09:00, due Thursday 5/3 09:00


def watch(world, now, units=None):
    units = [world["commune_b"]] if units is None else units
    return late_selectors.late_watch(units, window=due_soon_threshold(), now=now)


def codes(rows):
    return [row.dossier.code for row in rows]


# --- The selector: the window in working time ---------------------------------------------------


def test_a_dossier_with_more_than_two_working_days_left_is_not_at_risk(world, dossier):
    found = watch(world, at(2, 10))  # 23 working hours left
    assert found.at_risk == [] and found.overdue == []


def test_two_working_days_before_the_due_date_it_is_at_risk_and_may_be_rescheduled(world, dossier):
    (row,) = watch(world, at(3, 9)).at_risk
    assert row.dossier == dossier and row.left == datetime.timedelta(hours=16)
    assert row.may_apologise


def test_exactly_one_working_day_before_the_apology_is_still_allowed(world, dossier):
    (row,) = watch(world, at(4, 9)).at_risk
    assert row.may_apologise


def test_less_than_one_working_day_before_it_is_at_risk_but_too_late_for_an_apology(world, dossier):
    (row,) = watch(world, at(4, 10)).at_risk
    assert row.blocker == late_selectors.TOO_LATE and not row.may_apologise


def test_past_the_due_date_it_is_listed_as_overdue(world, dossier):
    found = watch(world, at(5, 10))
    assert found.at_risk == [] and codes(found.overdue) == [dossier.code]


def test_the_window_counts_working_time_not_calendar_time(world):
    """Received Friday 6/3 09:00, due Wednesday 11/3 09:00: on Friday at 16:00 it has 18
    office hours left (not at risk) although fewer than five calendar days remain; on Monday
    at 09:00 it has 16 (at risk), the weekend not counted."""
    from backoffice.test_papers_world import receive
    from motcua.dossiers.services.processing import assign, route

    friday = route(actor=world["officer"], dossier=receive(world, when=at(6, 9)), at=at(6, 10))
    assign(actor=world["leader"], dossier=friday, handler=world["specialist"], at=at(6, 10))
    assert fresh(friday).due_at == at(11, 9)
    assert watch(world, at(6, 16)).at_risk == []
    (row,) = watch(world, at(9, 9)).at_risk
    assert row.left == datetime.timedelta(hours=16)


def test_a_dossier_rescheduled_once_cannot_be_again(world, dossier):
    reschedule(
        actor=world["leader"],
        dossier=dossier,
        new_due_at=at(6, 9),
        reason="Chờ xác minh",
        at=at(3, 9),
    )
    (row,) = watch(world, at(5, 9)).at_risk
    assert row.blocker == late_selectors.ALREADY_RESCHEDULED


def test_only_the_dossiers_of_my_units_are_watched(world, dossier):
    assert watch(world, at(3, 9), units=[world["commune_a"]]).at_risk == []
    everything = late_selectors.late_watch(None, window=due_soon_threshold(), now=at(3, 9))
    assert codes(everything.at_risk) == [dossier.code]


# --- Who sees the page --------------------------------------------------------------------------


def as_user(client, user):
    client.force_login(user)
    return client


def page(response) -> str:
    return response.content.decode()


@time_machine.travel(at(3, 9), tick=False)
def test_the_leader_sees_the_dossier_at_risk_with_the_apology_offered(client, world, dossier):
    response = as_user(client, world["leader"]).get(URL)
    assert response.status_code == 200
    text = page(response)
    assert dossier.code in text and "Soạn phiếu xin lỗi" in text and "Sắp đến hạn" in text


@time_machine.travel(at(3, 9), tick=False)
def test_a_supervisor_follows_every_unit_read_only(client, world, dossier):
    text = page(as_user(client, world["supervisor"]).get(URL))
    assert dossier.code in text and "Soạn phiếu xin lỗi" not in text
    assert "Còn được: do lãnh đạo đơn vị lập" in text


@time_machine.travel(at(3, 9), tick=False)
def test_the_leader_of_another_unit_does_not_see_it(client, world, dossier):
    response = as_user(client, world["leader_a"]).get(URL)
    assert response.status_code == 200 and dossier.code not in page(response)


@time_machine.travel(at(5, 10), tick=False)
def test_an_overdue_dossier_is_shown_for_information(client, world, dossier):
    text = page(as_user(client, world["leader"]).get(URL))
    assert dossier.code in text and "Đã quá hạn" in text and "Quá hạn" in text


@pytest.mark.parametrize("who", ["officer", "specialist", "citizen"])
def test_others_are_refused_with_the_reason(client, world, who):
    response = as_user(client, world[who]).get(URL)
    assert response.status_code == 403
    if who != "citizen":
        assert "dành cho lãnh đạo đơn vị" in page(response)


def test_an_anonymous_visitor_is_sent_to_log_in(client, world):
    assert client.get(URL).status_code == 302


# --- Drafting the apology -----------------------------------------------------------------------

APOLOGY = {
    "reason": "Chờ kết quả xác minh của Công an phường",
    "new_date": "09/03/2026",
    "new_time": "09:00",
}


def apology_url(dossier) -> str:
    return f"{URL}{dossier.code}/xin-loi/"


@time_machine.travel(at(3, 9), tick=False)
def test_the_leader_records_the_apology_and_prints_form_04(client, world, dossier):
    response = as_user(client, world["leader"]).post(apology_url(dossier), APOLOGY)
    assert response.status_code == 302 and response["Location"] == apology_url(dossier)
    apology = Apology.objects.get(dossier=dossier)
    assert (apology.old_due_at, apology.new_due_at) == (at(5, 9), at(9, 9))
    assert fresh(dossier).due_at == at(9, 9) and fresh(dossier).rescheduled
    text = page(client.get(apology_url(dossier)))
    assert "Đã ghi nhận phiếu xin lỗi" in text and "09/03/2026 09:00" in text
    pdf = client.get(f"{URL}{dossier.code}/mau-04.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@time_machine.travel(at(3, 9), tick=False)
def test_the_form_asks_for_confirmation(client, world, dossier):
    text = page(as_user(client, world["leader"]).get(apology_url(dossier)))
    assert 'data-confirm="Ghi nhận phiếu xin lỗi và ngày hẹn mới' in text


@time_machine.travel(at(4, 10), tick=False)
def test_too_late_the_page_says_why_and_the_service_refuses(client, world, dossier):
    as_user(client, world["leader"])
    assert "đã quá muộn để gửi phiếu xin lỗi" in page(client.get(apology_url(dossier)))
    response = client.post(apology_url(dossier), APOLOGY)
    assert response.status_code == 400
    assert "Quá muộn: phiếu xin lỗi phải được gửi trước ngày hẹn trả" in page(response)
    assert not Apology.objects.exists() and fresh(dossier).due_at == at(5, 9)


@time_machine.travel(at(3, 9), tick=False)
def test_a_second_apology_is_refused(client, world, dossier):
    as_user(client, world["leader"]).post(apology_url(dossier), APOLOGY)
    response = client.post(apology_url(dossier), {**APOLOGY, "new_date": "12/03/2026"})
    assert response.status_code == 400
    assert "Hồ sơ này đã được hẹn lại một lần." in page(response)
    assert fresh(dossier).due_at == at(9, 9)


@time_machine.travel(at(3, 9), tick=False)
def test_a_new_date_not_later_than_the_due_date_is_refused(client, world, dossier):
    data = {**APOLOGY, "new_date": "04/03/2026"}
    response = as_user(client, world["leader"]).post(apology_url(dossier), data)
    assert response.status_code == 400
    assert "Ngày hẹn mới phải sau ngày hẹn trả hiện tại." in page(response)
    assert not Apology.objects.exists()


@time_machine.travel(at(3, 9), tick=False)
def test_a_date_not_written_dd_mm_yyyy_is_refused(client, world, dossier):
    data = {**APOLOGY, "new_date": "2026-03-09", "reason": ""}
    response = as_user(client, world["leader"]).post(apology_url(dossier), data)
    assert response.status_code == 400
    text = page(response)
    assert "Hãy viết ngày theo dạng dd/mm/yyyy" in text and "Trường này là bắt buộc." in text
    assert not Apology.objects.exists()


@time_machine.travel(at(3, 9), tick=False)
def test_a_supervisor_cannot_draft_an_apology(client, world, dossier):
    as_user(client, world["supervisor"])
    response = client.post(apology_url(dossier), APOLOGY)
    assert response.status_code == 403
    assert "Chỉ lãnh đạo đơn vị giải quyết hồ sơ này" in page(response)
    assert not Apology.objects.exists()


def test_a_dossier_one_may_not_see_is_not_found(client, world, dossier):
    as_user(client, world["leader_a"])
    assert client.get(apology_url(dossier)).status_code == 404
    assert client.get(f"{URL}{dossier.code}/mau-04.pdf").status_code == 404


def test_form_04_of_a_dossier_without_an_apology_is_not_found(client, world, dossier):
    assert (
        as_user(client, world["leader"]).get(f"{URL}{dossier.code}/mau-04.pdf").status_code == 404
    )
