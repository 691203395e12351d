"""Rules of the returns desk (issue 7 §6, DOMAIN §3.6): a point's reception officers see the
results waiting there (and those to post from there), hand a result to the collector (name,
identity, originals kept, the tracking book signed) or post it with the waybill; a refusal is
shown in Vietnamese and changes nothing; other points and other roles get nothing."""

import pytest
import time_machine

from backoffice.test_papers_world import at, fresh, paper_world, result_ready
from motcua.dossiers import return_selectors
from motcua.dossiers.models import ResultReturn

pytestmark = pytest.mark.django_db

URL = "/can-bo/tra-ket-qua/"
NOW = at(3, 14)


@pytest.fixture
def world(settings, city):
    return paper_world(settings, city)


@pytest.fixture
def ready(world):
    return result_ready(world)


@pytest.fixture
def ready_by_post(world):
    return result_ready(
        world, return_channel="post", return_address="12 Hàng Bạc, phường Hoàn Kiếm, Hà Nội"
    )


def as_user(client, user):
    client.force_login(user)
    return client


def page(response) -> str:
    return response.content.decode()


COLLECTOR = {
    "collected_by_name": "Trần Văn Bình",
    "collected_by_identity": "001090012345",
    "originals_kept": "on",
    "signed_book": "on",
}


# --- The selectors ------------------------------------------------------------------------------


def test_only_the_results_of_my_point_are_listed(world, ready, ready_by_post):
    assert list(return_selectors.waiting_at_counter([world["point"]])) == [ready]
    assert list(return_selectors.to_post([world["point"]])) == [ready_by_post]
    assert not return_selectors.results_to_return([world["point_b"]]).exists()
    assert return_selectors.results_to_return([]).count() == 0


def test_a_result_collected_at_another_point_than_the_receiving_one_is_that_points(world):
    dossier = result_ready(world, return_point=world["point_b"])
    assert list(return_selectors.waiting_at_counter([world["point_b"]])) == [dossier]
    assert not return_selectors.waiting_at_counter([world["point"]]).exists()


# --- Who sees the desk --------------------------------------------------------------------------


def test_the_officer_of_the_point_sees_the_results_waiting_and_to_post(
    client, world, ready, ready_by_post
):
    response = as_user(client, world["officer"]).get(URL)
    assert response.status_code == 200
    text = page(response)
    assert ready.code in text and ready_by_post.code in text
    assert "12 Hàng Bạc" in text and "Kết quả chờ trả tại đây" in text


def test_an_officer_of_another_point_does_not_see_them(client, world, ready):
    response = as_user(client, world["officer_b"]).get(URL)
    assert response.status_code == 200
    assert ready.code not in page(response)
    assert client.get(f"{URL}{ready.code}/").status_code == 404


@pytest.mark.parametrize("who", ["specialist", "leader", "supervisor"])
def test_staff_without_a_counter_are_told_the_desk_is_for_reception_officers(client, world, who):
    response = as_user(client, world[who]).get(URL)
    assert response.status_code == 403
    assert "dành cho cán bộ tiếp nhận" in page(response)


def test_a_citizen_is_refused_and_an_anonymous_visitor_sent_to_log_in(client, world):
    assert as_user(client, world["citizen"]).get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


# --- Returning at the counter -------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_officer_hands_the_result_to_the_collector(client, world, ready):
    response = as_user(client, world["officer"]).post(f"{URL}{ready.code}/", COLLECTOR)
    assert response.status_code == 302 and response["Location"] == URL
    returned = ResultReturn.objects.get(dossier=ready)
    assert returned.collected_by_name == "Trần Văn Bình"
    assert returned.collected_by_identity == "001090012345" and returned.originals_kept
    assert returned.returned_at == NOW and returned.point == world["point"]
    assert fresh(ready).status == "returned"
    text = page(client.get(URL))
    assert "Đã trả kết quả hồ sơ" in text and "Người nhận: Trần Văn Bình" in text


def test_the_form_asks_for_confirmation_before_returning(client, world, ready):
    text = page(as_user(client, world["officer"]).get(f"{URL}{ready.code}/"))
    assert 'data-confirm="Trả kết quả hồ sơ' in text
    assert "Người nhận đã ký sổ theo dõi" in text


def test_without_the_signature_in_the_book_nothing_is_returned(client, world, ready):
    data = {**COLLECTOR, "signed_book": ""}
    response = as_user(client, world["officer"]).post(f"{URL}{ready.code}/", data)
    assert response.status_code == 400
    assert "Hãy để người nhận ký sổ theo dõi trước." in page(response)
    assert fresh(ready).status == "result_ready" and not ResultReturn.objects.exists()


def test_without_the_collectors_identity_nothing_is_returned(client, world, ready):
    data = {**COLLECTOR, "collected_by_identity": "   "}
    response = as_user(client, world["officer"]).post(f"{URL}{ready.code}/", data)
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in page(response)
    assert fresh(ready).status == "result_ready"


def test_an_officer_of_another_point_cannot_return_it(client, world, ready):
    response = as_user(client, world["officer_b"]).post(f"{URL}{ready.code}/", COLLECTOR)
    assert response.status_code == 404
    assert fresh(ready).status == "result_ready"


def test_a_result_already_returned_is_no_longer_at_the_desk(client, world, ready):
    as_user(client, world["officer"]).post(f"{URL}{ready.code}/", COLLECTOR)
    response = client.post(f"{URL}{ready.code}/", COLLECTOR)
    assert response.status_code == 404
    assert ResultReturn.objects.count() == 1


# --- Posting ------------------------------------------------------------------------------------


def test_posting_records_the_waybill(client, world, ready_by_post):
    text = page(as_user(client, world["officer"]).get(f"{URL}{ready_by_post.code}/"))
    assert "Số vận đơn bưu chính" in text and "Người nhận đã ký sổ" not in text
    response = client.post(f"{URL}{ready_by_post.code}/", {"waybill": "EB123456789VN"})
    assert response.status_code == 302
    assert ResultReturn.objects.get(dossier=ready_by_post).waybill == "EB123456789VN"
    assert fresh(ready_by_post).status == "returned"


def test_posting_without_a_waybill_is_refused(client, world, ready_by_post):
    response = as_user(client, world["officer"]).post(
        f"{URL}{ready_by_post.code}/", {"waybill": ""}
    )
    assert response.status_code == 400
    assert "Trường này là bắt buộc." in page(response)
    assert fresh(ready_by_post).status == "result_ready"
