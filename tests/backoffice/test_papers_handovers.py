"""Rules of the handover page (issue 7 §5, ADR 0006): the officers of a point see the paper
originals waiting there with the 15:00 rule's due time, prepare a batch, send it; the people of
the receiving place receive it dossier by dossier; every refusal of the service is shown in
Vietnamese and changes nothing; a batch is visible only to the places concerned."""

import pytest
import time_machine

from backoffice.test_papers_world import at, paper_world, receive
from motcua.dossiers.models import BatchStatus, HandoverBatch, HandoverItem, PaperPlace
from motcua.dossiers.services import create_batch, send_batch

pytestmark = pytest.mark.django_db

URL = "/can-bo/ban-giao/"


@pytest.fixture
def world(settings, city):
    return paper_world(settings, city)


@pytest.fixture
def dossier(world):
    return receive(world)  # Monday 2/3 09:00 at point A: the papers must leave by 17:00


def as_user(client, user):
    client.force_login(user)
    return client


def page(response) -> str:
    return response.content.decode()


def batch_to_b(world, dossier, at_=None):
    return create_batch(
        actor=world["officer"],
        to_unit=world["commune_b"],
        dossiers=[dossier.code],
        at=at_ or at(2, 10),
    )


# --- Who sees what ------------------------------------------------------------------------------


@time_machine.travel(at(2, 10), tick=False)
def test_the_officer_of_the_point_sees_its_papers_with_the_15h_rule_due_time(
    client, world, dossier
):
    response = as_user(client, world["officer"]).get(URL)
    assert response.status_code == 200
    text = page(response)
    assert dossier.code in text
    assert "02/03/2026 17:00" in text and "Sắp đến hạn" in text
    assert "Lập đợt bàn giao" in text


@time_machine.travel(at(2, 15, 30), tick=False)
def test_papers_received_at_or_after_15h_are_due_the_next_working_morning(client, world):
    late = receive(world, when=at(2, 15, 30))
    text = page(as_user(client, world["officer"]).get(URL))
    assert late.code in text and "03/03/2026 10:00" in text


def test_an_officer_of_another_point_does_not_see_this_points_papers(client, world, dossier):
    response = as_user(client, world["officer_b"]).get(URL)
    assert response.status_code == 200
    assert dossier.code not in page(response)


def test_a_specialist_works_for_their_unit_and_sees_the_batch_coming_to_it(client, world, dossier):
    batch = batch_to_b(world, dossier)
    send_batch(actor=world["officer"], batch=batch, at=at(2, 11))
    text = page(as_user(client, world["specialist"]).get(URL))
    assert batch.number in text and "Chuyển đến nơi của tôi" in text


def test_a_leader_reads_the_batches_of_their_unit_without_carrying_papers(client, world, dossier):
    batch = send_batch(actor=world["officer"], batch=batch_to_b(world, dossier), at=at(2, 11))
    as_user(client, world["leader"])
    assert "Bạn không chuyển giấy tờ" in page(client.get(URL))
    response = client.get(f"{URL}lo/{batch.number}/")
    assert response.status_code == 200 and dossier.code in page(response)
    assert "Ghi nhận đã nhận" not in page(response)  # a specialist of the unit receives


def test_a_supervisor_reads_every_batch(client, world, dossier):
    batch = batch_to_b(world, dossier)
    response = as_user(client, world["supervisor"]).get(f"{URL}lo/{batch.number}/")
    assert response.status_code == 200
    assert "Gửi đợt bàn giao" not in page(response)  # reads, does not send


def test_a_citizen_is_refused_and_an_anonymous_visitor_sent_to_log_in(client, world):
    assert as_user(client, world["citizen"]).get(URL).status_code == 403
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_a_batch_of_another_point_is_not_found(client, world, dossier):
    batch = batch_to_b(world, dossier)
    assert as_user(client, world["officer_b"]).get(f"{URL}lo/{batch.number}/").status_code == 404
    assert client.get(f"{URL}lo/{batch.number}/phieu.pdf").status_code == 404


# --- Preparing, sending -------------------------------------------------------------------------


@time_machine.travel(at(2, 10), tick=False)
def test_the_officer_prepares_a_batch_for_the_competent_unit(client, world, dossier):
    response = as_user(client, world["officer"]).post(
        URL,
        {
            "noi": f"point:{world['point'].code}",
            "destination": f"unit:{world['commune_b'].code}",
            "dossiers": [dossier.code],
            "note": "Giao buổi chiều",
        },
    )
    batch = HandoverBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"lo/{batch.number}/")
    assert batch.to_unit == world["commune_b"] and batch.from_point == world["point"]
    assert list(batch.items.values_list("dossier__code", flat=True)) == [dossier.code]


def test_a_destination_must_be_chosen_and_nothing_is_prepared_without_it(client, world, dossier):
    response = as_user(client, world["officer"]).post(URL, {"dossiers": [dossier.code]})
    assert response.status_code == 400
    assert "Trường này là bắt buộc" in page(response)
    assert not HandoverBatch.objects.exists()


def test_adding_a_dossier_whose_papers_are_elsewhere_is_refused_with_the_reason(
    client, world, dossier
):
    batch = batch_to_b(world, dossier)
    other = receive(world, when=at(2, 9, 30))
    send_batch(actor=world["officer"], batch=batch, at=at(2, 11))
    fresh_batch = create_batch(actor=world["officer"], to_unit=world["commune_b"], at=at(2, 12))
    response = as_user(client, world["officer"]).post(
        f"{URL}lo/{fresh_batch.number}/them/", {"codes": f"{dossier.code}, {other.code}"}
    )
    assert response.status_code == 400
    assert f"Không có hồ sơ mã {dossier.code} nào có bản gốc giấy đang ở" in page(response)
    assert not fresh_batch.items.exists()  # all refused together: `other` was not added either


def test_sending_an_empty_batch_is_refused_and_it_stays_being_prepared(client, world):
    batch = create_batch(actor=world["officer"], to_unit=world["commune_b"], at=at(2, 10))
    response = as_user(client, world["officer"]).post(f"{URL}lo/{batch.number}/gui/")
    assert response.status_code == 400
    assert "Không thể gửi đợt bàn giao trống" in page(response)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CREATED


@time_machine.travel(at(2, 16), tick=False)
def test_sending_puts_the_papers_in_transit_and_records_they_left_on_time(client, world, dossier):
    batch = batch_to_b(world, dossier, at(2, 15))
    response = as_user(client, world["officer"]).post(
        f"{URL}lo/{batch.number}/gui/", {"note": "Xe chiều"}
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.SENT
    assert HandoverItem.objects.get(batch=batch).sent_on_time is True
    assert dossier.paper_movements.order_by("-at", "-id").first().place == PaperPlace.IN_TRANSIT


def test_a_dossier_is_taken_out_of_a_batch_being_prepared(client, world, dossier):
    batch = batch_to_b(world, dossier)
    response = as_user(client, world["officer"]).post(
        f"{URL}lo/{batch.number}/bot/", {"code": dossier.code}
    )
    assert response.status_code == 302
    assert not batch.items.filter(removed_at__isnull=True).exists()


def test_an_officer_of_another_point_cannot_send_it(client, world, dossier):
    batch = batch_to_b(world, dossier)
    response = as_user(client, world["officer_b"]).post(f"{URL}lo/{batch.number}/gui/")
    assert response.status_code == 404
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CREATED


# --- Receiving ----------------------------------------------------------------------------------


@pytest.fixture
def sent(world, dossier):
    batch = batch_to_b(world, dossier)
    return send_batch(actor=world["officer"], batch=batch, at=at(2, 11))


@time_machine.travel(at(2, 14), tick=False)
def test_a_discrepancy_without_saying_what_is_wrong_is_refused_and_nothing_received(
    client, world, dossier, sent
):
    response = as_user(client, world["specialist"]).post(
        f"{URL}lo/{sent.number}/nhan/",
        {f"outcome-{dossier.code}": "discrepancy", f"note-{dossier.code}": ""},
    )
    assert response.status_code == 400
    assert "hãy nêu giấy tờ có vấn đề gì" in page(response)
    sent.refresh_from_db()
    assert sent.status == BatchStatus.SENT


@time_machine.travel(at(2, 14), tick=False)
def test_the_receiving_unit_receives_each_dossier_with_its_outcome(client, world, dossier, sent):
    response = as_user(client, world["specialist"]).post(
        f"{URL}lo/{sent.number}/nhan/",
        {
            f"outcome-{dossier.code}": "discrepancy",
            f"note-{dossier.code}": "Thiếu 01 bản sao giấy chứng sinh",
            "receipt_note": "Nhận đủ số lượng túi",
        },
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == BatchStatus.RECEIVED and sent.received_by == world["specialist"]
    item = sent.items.get()
    assert item.outcome == "discrepancy" and "giấy chứng sinh" in item.receipt_note
    where = dossier.paper_movements.order_by("-at", "-id").first()
    assert where.place == PaperPlace.UNIT and where.unit == world["commune_b"]


def test_the_sending_point_cannot_receive_its_own_batch(client, world, dossier, sent):
    text = page(as_user(client, world["officer"]).get(f"{URL}lo/{sent.number}/"))
    assert "Ghi nhận đã nhận" not in text
    response = client.post(f"{URL}lo/{sent.number}/nhan/", {f"outcome-{dossier.code}": "accepted"})
    assert response.status_code == 403
    assert "Chỉ cán bộ của" in page(response)
    sent.refresh_from_db()
    assert sent.status == BatchStatus.SENT


def test_the_handover_slip_is_a_pdf(client, world, dossier, sent):
    response = as_user(client, world["officer"]).get(f"{URL}lo/{sent.number}/phieu.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- Where the papers are -----------------------------------------------------------------------


def test_the_paper_trail_shows_where_the_papers_are_now_and_where_they_were(
    client, world, dossier, sent
):
    response = as_user(client, world["officer"]).get(f"{URL}giay-to/", {"ma": dossier.code.lower()})
    assert response.status_code == 200
    text = page(response)
    assert "Đang chuyển" in text and sent.number in text
    assert world["point"].name in text  # where they were first


def test_the_paper_trail_of_a_dossier_one_may_not_see_is_not_found(client, world, dossier):
    response = as_user(client, world["officer_b"]).get(f"{URL}giay-to/", {"ma": dossier.code})
    assert response.status_code == 404
    assert "mà bạn được theo dõi giấy tờ" in page(response)
    assert world["point"].name not in page(response)


def test_a_malformed_code_is_not_found_not_an_error(client, world):
    response = as_user(client, world["officer"]).get(f"{URL}giay-to/", {"ma": "abc"})
    assert response.status_code == 404


def test_someone_who_carries_no_papers_cannot_prepare_a_batch(client, world, dossier):
    response = as_user(client, world["leader"]).post(
        URL, {"destination": f"unit:{world['commune_b'].code}", "dossiers": [dossier.code]}
    )
    assert response.status_code == 403
    assert "Bạn không chuyển giấy tờ tại điểm tiếp nhận hay đơn vị nào." in page(response)
    assert not HandoverBatch.objects.exists()


def test_the_sending_place_is_not_offered_as_a_destination(client, world, dossier):
    text = page(as_user(client, world["officer"]).get(URL))
    assert f'<option value="point:{world["point"].code}"' not in text
    assert f'<option value="point:{world["point_b"].code}"' in text
