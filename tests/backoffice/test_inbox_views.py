"""Rules of the online inbox (issue 7 §2): a reception officer sees the dossiers submitted
online to their own point, oldest first, with the working time left on the reception clock
(one working day from the submission, counted from the next working period); receives one,
or several of ONE applicant together — all or nothing — and prints one combined receipt.
Everyone else is refused; another point's dossiers are neither listed nor received."""

import io

import pytest
import time_machine
from pypdf import PdfReader

from backoffice.test_queues_world import MONDAY_9, at, fresh, queue_world, submit
from factories.accounts import CitizenFactory
from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.django_db

INBOX = "/can-bo/truc-tuyen/"


@pytest.fixture
def world(settings, city):
    return queue_world(settings, city)


def page_of(response) -> str:
    return response.content.decode()


@time_machine.travel(at(2, 15), tick=False)
def test_the_inbox_lists_the_points_online_dossiers_oldest_first_with_the_time_left(client, world):
    later = submit(world, when=at(2, 11))
    first = submit(world, when=MONDAY_9)
    client.force_login(world["officer"])
    response = client.get(INBOX)
    assert response.status_code == 200
    page = page_of(response)
    assert page.index(str(first.uuid)) < page.index(str(later.uuid))
    # Submitted Monday 09:00: to be received by Tuesday 09:00; at 15:00 three office hours
    # are left (15-17 on Monday, 8-9 on Tuesday), in colour and words.
    assert "03/03/2026 09:00" in page
    assert "Đúng hạn" in page and "còn 3 giờ" in page
    assert 'class="timeliness on-time"' in page


@time_machine.travel(at(3, 8), tick=False)
def test_the_last_two_office_hours_of_the_reception_clock_are_due_soon(client, world):
    submit(world, when=MONDAY_9)
    client.force_login(world["officer"])
    page = page_of(client.get(INBOX))
    assert "Sắp đến hạn" in page and "còn 1 giờ" in page
    assert 'class="timeliness due-soon"' in page


@time_machine.travel(at(4, 10), tick=False)
def test_a_dossier_not_received_within_a_working_day_is_shown_overdue(client, world):
    submit(world, when=MONDAY_9)
    client.force_login(world["officer"])
    page = page_of(client.get(INBOX))
    assert "Quá hạn" in page and "quá 1 ngày 1 giờ" in page


@time_machine.travel(at(2, 15), tick=False)
def test_a_submission_on_the_weekend_counts_from_monday_morning(client, world):
    submit(world, when=at(7, 21))  # Saturday 7 March, 21:00
    client.force_login(world["officer"])
    page = page_of(client.get(INBOX))
    assert "09/03/2026 17:00" in page  # Monday 08:00 + one working day


def test_another_points_dossiers_are_not_listed(client, world):
    dossier = submit(world)
    client.force_login(world["officer_b"])
    page = page_of(client.get(INBOX))
    assert str(dossier.uuid) not in page
    assert "Không có hồ sơ trực tuyến nào đang chờ tiếp nhận." in page


@time_machine.travel(at(2, 15), tick=False)
def test_the_officer_receives_one_dossier_directly(client, world):
    dossier = submit(world)
    client.force_login(world["officer"])
    response = client.post(INBOX, {"receive": str(dossier.uuid)})
    assert response.status_code == 200
    received = fresh(dossier)
    assert received.status == "received" and received.code
    assert received.code in page_of(response)
    assert "In giấy tiếp nhận (mẫu 01)" in page_of(response)


@time_machine.travel(at(2, 15), tick=False)
def test_another_points_officer_cannot_receive_it(client, world):
    dossier = submit(world)
    client.force_login(world["officer_b"])
    response = client.post(INBOX, {"receive": str(dossier.uuid)})
    assert response.status_code == 400
    assert "không còn chờ trong hộp này" in page_of(response)
    assert fresh(dossier).status == "submitted"


@time_machine.travel(at(2, 15), tick=False)
def test_several_dossiers_of_one_applicant_are_received_together_on_one_receipt(client, world):
    citizen = CitizenFactory(full_name="Lê Thị Hoa")
    first, second = submit(world, citizen=citizen), submit(world, citizen=citizen)
    client.force_login(world["officer"])
    response = client.post(
        INBOX,
        {"action": "receive_together", "selected": [str(first.uuid), str(second.uuid)]},
    )
    assert response.status_code == 200
    first, second = fresh(first), fresh(second)
    assert first.status == second.status == "received"
    page = page_of(response)
    assert "Đã tiếp nhận cùng lúc" in page
    assert "In một giấy tiếp nhận (mẫu 01) cho tất cả" in page
    receipt = client.get("/can-bo/truc-tuyen/giay-tiep-nhan/", {"ma": [first.code, second.code]})
    assert receipt.status_code == 200
    assert receipt["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(receipt.content))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert first.code in text and second.code in text


@time_machine.travel(at(2, 15), tick=False)
def test_mixed_applicants_are_refused_and_nothing_is_received(client, world):
    first, second = submit(world), submit(world)
    client.force_login(world["officer"])
    response = client.post(
        INBOX,
        {"action": "receive_together", "selected": [str(first.uuid), str(second.uuid)]},
    )
    assert response.status_code == 400
    assert "Một giấy tiếp nhận chỉ dùng cho hồ sơ của MỘT người nộp" in page_of(response)
    assert set(Dossier.objects.values_list("status", flat=True)) == {"submitted"}


def test_mixed_applicants_get_no_combined_receipt(client, world):
    first, second = submit(world), submit(world)
    client.force_login(world["officer"])
    for dossier in (first, second):
        client.post(INBOX, {"receive": str(dossier.uuid)})
    codes = [fresh(first).code, fresh(second).code]
    response = client.get("/can-bo/truc-tuyen/giay-tiep-nhan/", {"ma": codes})
    assert response.status_code == 400
    assert "MỘT người nộp" in page_of(response)


@time_machine.travel(at(2, 15), tick=False)
def test_receiving_together_is_all_or_nothing(client, world, monkeypatch):
    citizen = CitizenFactory()
    first, second = submit(world, citizen=citizen), submit(world, citizen=citizen)
    # The second one's version is no longer offered at this point: reception must refuse it,
    # and the first one, received a moment before in the same act, is rolled back.
    from motcua.dossiers.services import reception

    real = reception.check_version_at_point

    def refuse_the_second(version, point, when):
        if refuse_the_second.calls:
            raise reception.ValidationError({"procedure_version": "Không còn hiệu lực."})
        refuse_the_second.calls += 1
        return real(version, point, when)

    refuse_the_second.calls = 0
    monkeypatch.setattr(reception, "check_version_at_point", refuse_the_second)
    client.force_login(world["officer"])
    response = client.post(
        INBOX,
        {"action": "receive_together", "selected": [str(first.uuid), str(second.uuid)]},
    )
    assert response.status_code == 400
    assert "Chưa tiếp nhận hồ sơ nào" in page_of(response)
    assert fresh(first).status == fresh(second).status == "submitted"
    assert fresh(first).code is None


def test_an_empty_selection_is_refused_with_a_message(client, world):
    submit(world)
    client.force_login(world["officer"])
    response = client.post(INBOX, {"action": "receive_together"})
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một hồ sơ." in page_of(response)


def test_a_garbled_selection_changes_nothing(client, world):
    dossier = submit(world)
    client.force_login(world["officer"])
    response = client.post(INBOX, {"action": "receive_together", "selected": ["not-a-uuid"]})
    assert response.status_code == 400
    assert fresh(dossier).status == "submitted"


def test_a_malformed_code_for_the_receipt_is_a_clear_400(client, world):
    client.force_login(world["officer"])
    response = client.get("/can-bo/truc-tuyen/giay-tiep-nhan/", {"ma": "xyz"})
    assert response.status_code == 400


@pytest.mark.parametrize("who", ["specialist", "leader", "supervisor"])
def test_staff_without_a_service_point_are_told_the_inbox_is_not_theirs(client, world, who):
    client.force_login(world[who])
    response = client.get(INBOX)
    assert response.status_code == 403
    assert "dành cho cán bộ tiếp nhận" in page_of(response)


def test_a_citizen_is_refused_and_an_anonymous_visitor_sent_to_log_in(client, world):
    assert client.get(INBOX).status_code == 302
    client.force_login(world["citizen"])
    assert client.get(INBOX).status_code == 403
